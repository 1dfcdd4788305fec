"""Every exception chaosbench raises.

Messages name the thing at fault (system, field, argument) and, where a name was
mistyped, suggest the closest valid names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class ChaosbenchError(Exception):
    """Base class of every error raised by chaosbench."""

    def __reduce__(self):
        # rebuilt from its message and attributes whatever its class's __init__ takes,
        # so that an error raised in a worker process (a pool, Dask) reaches the caller
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type, args: tuple, state: dict) -> ChaosbenchError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class DeclarationError(ChaosbenchError, ValueError):
    """A system declaration is invalid (raised when the registry loads it)."""

    def __init__(self, system: str, field: str, problem: str) -> None:
        self.system = system
        self.field = field
        super().__init__(f"System {system!r}, field {field!r}: {problem}")


class UnknownNameError(ChaosbenchError, KeyError):
    """A name (system, parameter, method, ...) is not one of the known ones."""

    def __init__(self, what: str, name: str, known: Iterable[str]) -> None:
        known = list(known)
        self.what = what
        self.name = name
        self.suggestions = close_matches(name, known)
        message = f"Unknown {what} {name!r}."
        if self.suggestions:
            message += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif len(known) <= 24:
            message += " Known: " + ", ".join(repr(k) for k in known) + "."
        else:
            message += f" None of the {len(known)} known names is close."
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would otherwise print the message quoted
        return self.args[0]


class InvalidParameterError(ChaosbenchError, ValueError):
    """An argument of a public function has an invalid value.

    The message always follows one wording:
    ``The 'n' parameter of trajectory must be a positive int. Got -3 instead.``
    """

    def __init__(self, parameter: str, function: str, requirement: str, got: object) -> None:
        self.parameter = parameter
        self.function = function
        super().__init__(
            f"The {parameter!r} parameter of {function} must be {requirement}. Got {got!r} instead."
        )


class NotFittedError(InvalidParameterError):
    """``forecast`` was called on a baseline that needs ``fit`` first."""

    def __init__(self, function: str, reason: str) -> None:
        super().__init__("self", function, f"fitted first ({reason})", "an unfitted forecaster")


class ConfigError(ChaosbenchError, ValueError):
    """A dataset configuration that cannot be generated; the message names the field."""

    def __init__(self, field_name: str, problem: str) -> None:
        self.field = field_name
        super().__init__(f"dataset config field {field_name!r}: {problem}")


class ExpressionError(ChaosbenchError, ValueError):
    """The equation text is not a valid expression (the message says why)."""


class IntegrationError(ChaosbenchError, RuntimeError):
    """An integration failed (diverged, became non-finite, or could not make progress)."""

    def __init__(self, system: str, reason: str, t: float, state: Iterable[float]) -> None:
        self.system = system
        self.reason = reason
        self.t = float(t)
        self.state = [float(v) for v in state]
        shown = ", ".join(f"{v:.6g}" for v in self.state[:8])
        if len(self.state) > 8:
            shown += f", ... ({len(self.state)} values)"
        super().__init__(
            f"Integration of {system!r} failed at t = {self.t:.10g}: {reason}. State: [{shown}]"
        )


class SystemFileError(ChaosbenchError, ValueError):
    """A file of systems (JSON lines) that cannot be read; the message names the line
    and the field at fault."""

    def __init__(self, path: str, line: int, field: str, problem: str) -> None:
        self.path, self.line, self.field = path, line, field
        where = f"{path}, line {line}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {' '.join(str(problem).split())}")


class SystemCheckError(ChaosbenchError):
    """A system failed one check of :func:`chaosbench.testing.check_system`.

    The message is one line naming the system, the check and the offending value:
    ``System 'Henon' failed the 'annotations' check: 'ic' has 1 values for 2 variables``.
    """

    def __init__(self, system: str, check: str, problem: str) -> None:
        self.system = system
        self.check = check
        self.problem = " ".join(str(problem).split())  # always a single line
        super().__init__(f"System {system!r} failed the {check!r} check: {self.problem}")


def close_matches(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` entries of ``known`` that look like ``name`` (case-insensitive)."""
    known = list(known)
    by_lower = {k.lower(): k for k in known}
    hits = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.6)
    return [by_lower[h] for h in hits]
