"""Forecasters named on the command line: ``"module:object"`` or ``"path/to/file.py:object"``.

A module is imported the way ``python -m`` finds one: the current folder first, then
the Python path. A file path is read relative to the current folder. Either way the
resolved :class:`EntryPoint` is a small picklable record, so worker processes load
the same object whatever their own current folder. Every way this can fail (no such
module, no such attribute, the module raising while it is imported) is one
:class:`~chaosbench.errors.ChaosbenchError` line naming the entry point.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from chaosbench.errors import ChaosbenchError, close_matches

__all__ = ["EntryPoint", "load_entry_point"]


@dataclass(frozen=True)
class EntryPoint:
    """A ``"module:object"`` or ``"path/to/file.py:object"`` forecaster, resolved once.

    A module is imported the way ``python -m`` finds it: the folders of :attr:`search`
    (the current folder when the entry point was resolved) come first on the search
    path while it is imported, and the search path is restored afterwards. A file is
    loaded from its absolute path, its own folder first on the search path (as
    ``python path/to/file.py`` does). The record is small and picklable: worker
    processes, whatever their current folder, load the same object from it.

    Parameters
    ----------
    spec
        The entry point as given.
    module
        A dotted module name, or the absolute path of a ``.py`` file.
    attribute
        The (dotted) name of the object inside the module.
    search
        Folders put first on the search path while importing.

    Examples
    --------
    >>> entry = EntryPoint.parse("numpy:zeros")
    >>> entry.module, entry.attribute, entry.load().__name__
    ('numpy', 'zeros', 'zeros')
    """

    spec: str
    module: str
    attribute: str
    search: tuple[str, ...] = ()

    @property
    def is_file(self) -> bool:
        """Whether :attr:`module` is the path of a Python file."""
        return self.module.endswith(".py")

    @classmethod
    def parse(cls, spec: str | EntryPoint, folder: str | os.PathLike | None = None) -> EntryPoint:
        """Resolve ``spec`` against ``folder`` (default: the current folder).

        Parameters
        ----------
        spec
            ``"module:object"`` or ``"path/to/file.py:object"`` (an :class:`EntryPoint`
            is returned as it is).
        folder
            Where a module is looked for first and a relative file path starts.

        Raises
        ------
        ChaosbenchError
            If ``spec`` is not of the form ``module:object`` or ``file.py:object``, or
            the file does not exist.
        """
        if isinstance(spec, EntryPoint):
            return spec
        if not isinstance(spec, str):
            raise ChaosbenchError(f"forecaster entry point must be a string, got {spec!r}")
        module, sep, attribute = spec.rpartition(":")
        if not sep or not module or not _dotted(attribute):
            raise ChaosbenchError(
                f"forecaster {spec!r} must look like 'module:object' or 'path/to/file.py:object'"
            )
        base = Path(folder if folder is not None else os.getcwd()).absolute()
        if module.endswith(".py") or "/" in module or os.sep in module:
            return cls._parse_file(spec, module, attribute, base)
        if not _dotted(module):
            raise ChaosbenchError(
                f"forecaster {spec!r}: {module!r} is neither a module name nor a .py file"
            )
        return cls(spec, module, attribute, (str(base),))

    @classmethod
    def _parse_file(cls, spec: str, module: str, attribute: str, base: Path) -> EntryPoint:
        path = Path(module).expanduser()
        path = path if path.is_absolute() else base / path
        if path.suffix != ".py":
            raise ChaosbenchError(f"forecaster {spec!r}: {module!r} is not a .py file")
        if not path.is_file():
            raise ChaosbenchError(f"forecaster {spec!r}: no file {str(path)!r}")
        path = path.resolve()
        return cls(spec, str(path), attribute, (str(path.parent),))

    def module_object(self) -> ModuleType:
        """The imported module (imported once per process, then reused)."""
        if self.is_file:
            return _import_file(self)
        return _import_module(self)

    def target(self) -> Any:
        """The named object itself (a class is not instantiated).

        Raises
        ------
        ChaosbenchError
            If the module cannot be imported or lacks the attribute (naming close
            matches).
        """
        target: Any = self.module_object()
        found: list[str] = []
        for part in self.attribute.split("."):
            if not hasattr(target, part):
                raise ChaosbenchError(self._no_attribute(target, part, found))
            target = getattr(target, part)
            found.append(part)
        return target

    def _no_attribute(self, owner: Any, part: str, found: list[str]) -> str:
        where = f"module {self.module!r}"
        if found:
            where = f"{'.'.join(found)!r} of {where}"
        known = [name for name in dir(owner) if not name.startswith("_")]
        hint = close_matches(part, known)
        message = f"forecaster {self.spec!r}: {where} has no attribute {part!r}"
        if hint:
            message += "; did you mean " + " or ".join(repr(h) for h in hint) + "?"
        return message

    def load(self) -> Any:
        """The forecaster: the named object, a class instantiated with no arguments
        unless it builds one forecaster per system (a ``for_system(name)`` class method,
        like the oracle's).

        Raises
        ------
        ChaosbenchError
            As :meth:`target`, or if instantiating the class raises.
        """
        target = self.target()
        if isinstance(target, type) and not hasattr(target, "for_system"):
            try:
                return target()
            except Exception as exc:
                raise ChaosbenchError(
                    f"forecaster {self.spec!r}: {target.__name__}() raised {_one_line(exc)}"
                ) from None
        return target


def _dotted(name: str) -> bool:
    """Whether ``name`` is a dotted Python name (``a.b.c``)."""
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def _one_line(exc: BaseException) -> str:
    """An exception as ``Type: message`` on one line, at most 300 characters."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def _raised_while_importing(entry: EntryPoint, exc: BaseException) -> ChaosbenchError:
    return ChaosbenchError(
        f"forecaster {entry.spec!r}: importing {entry.module!r} raised {_one_line(exc)}"
    )


@contextmanager
def _first_on_path(folders: tuple[str, ...]) -> Iterator[None]:
    """Put ``folders`` first on ``sys.path`` for the block, then take them out again
    (what the imported code itself added to the path stays)."""
    added = [folder for folder in folders if folder]
    sys.path[:0] = added
    try:
        yield
    finally:
        for folder in added:
            if folder in sys.path:
                sys.path.remove(folder)  # the first occurrence: the one put there


def _not_found(entry: EntryPoint, missing: str) -> ChaosbenchError:
    """The error for a module that is nowhere: what was searched, and what to do."""
    first = ", ".join(entry.search)
    rest = [folder for folder in sys.path if folder and folder not in entry.search]
    return ChaosbenchError(
        f"forecaster {entry.spec!r}: no module named {missing!r} in the current folder "
        f"({first}) nor on the Python path ({', '.join(rest) or 'empty'}); set PYTHONPATH "
        f"to the folder that holds it, or give the file, as path/to/"
        f"{missing.split('.')[0]}.py:{entry.attribute}"
    )


def _import_module(entry: EntryPoint) -> ModuleType:
    name = entry.module
    with _first_on_path(entry.search):
        try:
            importlib.invalidate_caches()
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            missing = exc.name or ""
            if missing and (name == missing or name.startswith(missing + ".")):
                raise _not_found(entry, missing) from None
            raise _raised_while_importing(entry, exc) from None  # the module imports a missing one
        except (Exception, SystemExit) as exc:  # the user's module failed while being imported
            raise _raised_while_importing(entry, exc) from None


def _import_file(entry: EntryPoint) -> ModuleType:
    path = Path(entry.module)
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    name = f"_chaosbench_forecaster_{path.stem if path.stem.isidentifier() else 'file'}_{digest}"
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise ChaosbenchError(f"forecaster {entry.spec!r}: cannot load {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before running it, as an import does (dataclasses need it)
    with _first_on_path(entry.search):
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as exc:  # the user's file failed while being run
            del sys.modules[name]
            raise _raised_while_importing(entry, exc) from None
    return module


def load_entry_point(spec: str | EntryPoint) -> Any:
    """The forecaster named by ``"package.module:attribute"`` or ``"path/to/file.py:attribute"``.

    The module is looked for in the current folder first, then on the search path
    (as ``python -m`` does); a file path is relative to the current folder. A class
    is instantiated with no arguments, unless it builds one forecaster per system (a
    ``for_system(name)`` class method, like the oracle's). The CLI's ``--forecaster``
    takes this form; see :class:`EntryPoint`.

    Raises
    ------
    ChaosbenchError
        In one line: what was searched when the module is not found, the module and
        the missing attribute (with close matches), or the error the module raised
        while it was imported.

    Examples
    --------
    >>> load_entry_point("numpy:zeros")(2)
    array([0., 0.])
    """
    return EntryPoint.parse(spec).load()
