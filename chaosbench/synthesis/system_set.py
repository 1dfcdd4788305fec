"""Sets of systems that are not declared in the package, stored as JSON lines.

A :class:`SystemSet` is an ordered collection of :class:`~chaosbench.systems.system.
System` records, typically the accepted systems of :func:`chaosbench.synthesize`.
It is saved as text, one JSON object per line (:meth:`SystemSet.save`), and read
back by :func:`load_systems`, which validates the whole file before it builds
anything: every field is checked by name and type, the equations go through the
package's whitelisting expression parser (:func:`chaosbench.systems.expressions.
parse`), numbers must be finite, and nothing in a file is ever executed or
unpickled.

The first line may be a header (an object with ``"format": "chaosbench.systems"``)
carrying how the set was made; every other line is one system::

    {"name": "poly3-s0-000019", "kind": "flow", "variables": ["x", "y", "z"],
     "equations": ["-0.8*x + 2.9*x*z", ...], "ic": [0.1, -0.3, 1.2],
     "annotations": {...}, "provenance": {"family": "polynomial", ...}}

Loaded polynomial systems without parameters run on the shared table kernels
(:mod:`chaosbench.systems.shared_table`), so a file of ten thousand systems costs
no compilation; any other system gets kernels generated from its equations.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench._atomic import written_atomically
from chaosbench.errors import (
    ChaosbenchError,
    InvalidParameterError,
    SystemFileError,
    UnknownNameError,
)
from chaosbench.systems import shared_table
from chaosbench.systems.declaration import FIELDS, Declaration
from chaosbench.systems.system import System

#: the header's ``format`` value and the version of the line layout
FORMAT = "chaosbench.systems"
FORMAT_VERSION = 1

#: fields of a system line: required, then optional
REQUIRED_FIELDS = ("name", "kind", "variables", "equations", "ic")
OPTIONAL_FIELDS = ("parameters", "annotations", "provenance", "description", "citation", "field")
#: fields of the header line
HEADER_FIELDS = ("format", "version", "generator", "request", "report")
#: fields a system's provenance may have
PROVENANCE_FIELDS = ("family", "parents", "seed", "index", "mutant", "parameters", "generator")
#: kinds a file may hold (delay equations need history functions, not stored here)
FILE_KINDS = ("flow", "map")

#: longest line read, in characters; most variables and equation length
MAX_LINE = 1_000_000
MAX_VARIABLES = 64
MAX_EQUATION = 20_000

_CITATION = "not given (read from a systems file)"


class SystemSet(Sequence[System]):
    """An ordered, immutable collection of systems with the header that describes it.

    Parameters
    ----------
    systems
        The systems, in order; names must be distinct.
    header
        How the set was made (``generator``, ``request``, ``report``), saved as the
        file's first line.

    Examples
    --------
    >>> from chaosbench.synthesis import SystemSet
    >>> len(SystemSet([]))
    0
    """

    def __init__(self, systems: Iterable[System], header: Mapping[str, Any] | None = None):
        self._systems = tuple(systems)
        self._by_name: dict[str, System] = {}
        for system in self._systems:
            if not isinstance(system, System):
                raise InvalidParameterError("systems", "SystemSet", "System records", system)
            if system.name in self._by_name:
                raise InvalidParameterError(
                    "systems", "SystemSet", "systems with distinct names", system.name
                )
            self._by_name[system.name] = system
        self.header: dict[str, Any] = dict(header or {})

    # --- sequence ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._systems)

    def __iter__(self) -> Iterator[System]:
        return iter(self._systems)

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self._by_name:
                raise UnknownNameError("system of this set", key, self._by_name)
            return self._by_name[key]
        if isinstance(key, slice):
            return SystemSet(self._systems[key], self.header)
        return self._systems[key]

    def __repr__(self) -> str:
        return f"SystemSet({len(self)} systems)"

    @property
    def names(self) -> list[str]:
        """The systems' names, in order."""
        return [s.name for s in self._systems]

    @property
    def report(self) -> dict[str, Any]:
        """How the generating run went (candidates tried, accepted, rejected per test)."""
        return dict(self.header.get("report", {}))

    # --- storage ---------------------------------------------------------------------
    def to_lines(self) -> list[str]:
        """The file's lines: the header, then one line per system."""
        header = {"format": FORMAT, "version": FORMAT_VERSION, **self.header}
        return [_dumps(header)] + [_dumps(system_record(s)) for s in self._systems]

    def save(self, path: str | Path) -> Path:
        """Write the set as JSON lines (atomically: a reader never sees half a file)."""
        target = Path(path)
        with written_atomically(target) as partial:
            partial.write_text("\n".join(self.to_lines()) + "\n")
        return target

    # --- splits ------------------------------------------------------------------------
    def split(self, test: float = 0.3, *, seed: int = 0) -> tuple[SystemSet, SystemSet]:
        """Split into ``(train, test)`` so that no system shares a parent across the sides.

        Systems that share a parent, or of which one is the other's parent (by the
        ``parents`` of their provenance, linked transitively), form one group, and
        whole groups go to one side: a model trained on ``train`` has seen neither a
        test system nor a parent or sibling of one (the leakage
        rule of Panda's skew-product corpus). Groups are drawn in random order (from
        ``seed``) into the test side until it holds at least ``test`` of the systems.

        Parameters
        ----------
        test
            Fraction of the systems for the test side, strictly between 0 and 1.
        seed
            Seeds the order of the groups: equal seeds give equal splits.
        """
        if isinstance(test, bool) or not isinstance(test, (int, float)) or not 0 < test < 1:
            raise InvalidParameterError(
                "test", "split", "a fraction strictly between 0 and 1", test
            )
        groups = _ancestry_groups(self._systems)
        order = np.random.default_rng(seed).permutation(len(groups))
        chosen: set[int] = set()
        wanted = test * len(self._systems)
        count = 0
        for g in order:
            if count >= wanted:
                break
            chosen.update(groups[g])
            count += len(groups[g])
        train = [s for i, s in enumerate(self._systems) if i not in chosen]
        tests = [s for i, s in enumerate(self._systems) if i in chosen]
        return SystemSet(train, self.header), SystemSet(tests, self.header)


def _ancestry_groups(systems: Sequence[System]) -> list[list[int]]:
    """Indices of the systems grouped by shared parents (connected components)."""
    root = list(range(len(systems)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    first_with: dict[str, int] = {}
    for i, system in enumerate(systems):  # a system is linked to its parents and siblings
        for key in (system.name, *system.provenance.get("parents", ())):
            j = first_with.setdefault(key, i)
            root[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(systems)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def system_record(system: System) -> dict[str, Any]:
    """One system as the plain data of a file line."""
    declaration = system.declaration
    record: dict[str, Any] = {
        "name": system.name,
        "kind": system.kind,
        "variables": list(system.variables),
        "equations": list(declaration.equations),
        "ic": [float(v) for v in declaration.ic],
    }
    if declaration.parameters:
        record["parameters"] = {k: float(v) for k, v in declaration.parameters.items()}
    record["annotations"] = dict(system.annotations)
    record["provenance"] = dict(system.provenance)
    record["description"] = declaration.description
    record["citation"] = declaration.citation
    record["field"] = declaration.field
    return record


def _dumps(value: Any) -> str:
    return json.dumps(value, allow_nan=False, separators=(", ", ": "))


# --- reading ---------------------------------------------------------------------------
def load_systems(path: str | Path) -> SystemSet:
    """Read a file of systems written by :meth:`SystemSet.save` (or by hand).

    The whole file is validated first; nothing is compiled or integrated until a
    system is used.

    Raises
    ------
    SystemFileError
        For a file that cannot be read, a line that is not a JSON object, an
        unknown or missing field, a value of the wrong type, a non-finite number,
        an equation outside the expression whitelist or a repeated name; the
        message names the line and the field.

    Examples
    --------
    >>> import chaosbench, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "one.jsonl").write_text(
    ...     '{"name": "Quadratic", "kind": "map", "variables": ["x"], '
    ...     '"equations": ["3.7*x - 3.7*x**2"], "ic": [0.3]}\\n')
    >>> chaosbench.load_systems(folder / "one.jsonl")[0].trajectory(3)[1].ravel().round(4)
    array([0.3   , 0.777 , 0.6411])
    """
    shown = str(path)
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read(MAX_LINE * 1000 + 1).split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemFileError(shown, 0, "", f"cannot be read: {exc}") from None
    header: dict[str, Any] = {}
    systems: list[System] = []
    names: set[str] = set()
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        record = _parse_line(shown, number, text)
        if "format" in record:
            if systems or header:
                raise SystemFileError(
                    shown, number, "format", "a header is allowed on the first line only"
                )
            header = _header(shown, number, record)
            continue
        system = _system(shown, number, record)
        if system.name.lower() in names:
            raise SystemFileError(shown, number, "name", f"{system.name!r} appears twice")
        names.add(system.name.lower())
        systems.append(system)
    return SystemSet(systems, {k: v for k, v in header.items() if k not in ("format", "version")})


def _parse_line(path: str, number: int, text: str) -> dict[str, Any]:
    if len(text) > MAX_LINE:
        raise SystemFileError(path, number, "", f"longer than {MAX_LINE} characters")

    def refuse(constant: str):
        raise SystemFileError(path, number, "", f"{constant} is not a finite number")

    try:
        record = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as exc:
        raise SystemFileError(path, number, "", f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise SystemFileError(path, number, "", "nested too deeply") from None
    if not isinstance(record, dict):
        raise SystemFileError(path, number, "", "must be a JSON object")
    return record


def _header(path: str, number: int, record: dict[str, Any]) -> dict[str, Any]:
    for key in record:
        if key not in HEADER_FIELDS:
            raise SystemFileError(path, number, key, _unknown(key, HEADER_FIELDS))
    if record["format"] != FORMAT:
        raise SystemFileError(path, number, "format", f"must be {FORMAT!r}")
    if record.get("version") != FORMAT_VERSION:
        raise SystemFileError(
            path, number, "version", f"this chaosbench reads version {FORMAT_VERSION}"
        )
    for key in ("generator", "request", "report"):
        if key in record and not isinstance(record[key], dict):
            raise SystemFileError(path, number, key, "must be an object")
        _plain(path, number, key, record.get(key), depth=5)
    return record


def _unknown(key: str, known: Sequence[str]) -> str:
    from chaosbench.errors import close_matches

    hint = close_matches(str(key), known)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return f"unknown field{suggestion}; known: {', '.join(known)}"


def _system(path: str, number: int, record: dict[str, Any]) -> System:
    def fail(field: str, problem: str):
        raise SystemFileError(path, number, field, problem)

    for key in record:
        if key not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            fail(key, _unknown(key, REQUIRED_FIELDS + OPTIONAL_FIELDS))
    for key in REQUIRED_FIELDS:
        if key not in record:
            fail(key, "is missing")
    name, kind = record["name"], record["kind"]
    if not isinstance(name, str) or not 0 < len(name) <= 100:
        fail("name", "must be a name of at most 100 characters")
    if kind not in FILE_KINDS:
        fail("kind", f"must be one of {', '.join(map(repr, FILE_KINDS))}")
    variables = _strings(record["variables"], "variables", fail, MAX_VARIABLES, 64)
    equations = _strings(record["equations"], "equations", fail, MAX_VARIABLES, MAX_EQUATION)
    ic = _numbers(record["ic"], "ic", fail)
    parameters = record.get("parameters", {})
    if not isinstance(parameters, dict) or not all(isinstance(k, str) for k in parameters):
        fail("parameters", "must be an object of name: number")
    for key, value in parameters.items():
        _number(value, f"parameters[{key!r}]", fail)
    text = {}
    for key, default in (("description", ""), ("citation", _CITATION), ("field", "mathematics")):
        value = record.get(key, default)
        if not isinstance(value, str) or len(value) > 10_000:
            fail(key, "must be a text of at most 10000 characters")
        text[key] = value
    if text["field"] not in FIELDS:
        fail("field", _unknown(text["field"], FIELDS).replace("unknown field", "unknown value"))
    annotations = _annotations(record.get("annotations", {}), len(variables), fail)
    provenance = _provenance(record.get("provenance", {}), fail)
    try:
        declaration = Declaration(
            name=name,
            kind=kind,
            variables=tuple(variables),
            parameters={k: float(v) for k, v in parameters.items()},
            equations=tuple(equations),
            ic=tuple(ic),
            **text,
        )
    except ChaosbenchError as exc:
        field = getattr(exc, "field", "") or ""
        message = str(exc).split(": ", 1)[-1] if field else str(exc)
        fail(field, message)
    return System(
        declaration,
        annotations,
        shared_kernels=shared_table.accepts(declaration),
        provenance=provenance,
    )


def _strings(value, field: str, fail, most: int, longest: int) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > most:
        fail(field, f"must be a list of 1 to {most} texts")
    for i, item in enumerate(value):
        if not isinstance(item, str) or len(item) > longest:
            fail(f"{field}[{i}]", f"must be a text of at most {longest} characters")
    return value


def _number(value, field: str, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        fail(field, "must be a finite number")
    return float(value)


def _numbers(value, field: str, fail) -> list[float]:
    if not isinstance(value, list) or len(value) > MAX_VARIABLES:
        fail(field, f"must be a list of at most {MAX_VARIABLES} numbers")
    return [_number(v, f"{field}[{i}]", fail) for i, v in enumerate(value)]


def _annotations(value, dimension: int, fail) -> dict[str, Any]:
    from chaosbench.analysis.annotate import ANNOTATION_FIELDS

    if not isinstance(value, dict):
        fail("annotations", "must be an object")
    for key, item in value.items():
        if key not in ANNOTATION_FIELDS:
            fail(f"annotations.{key}", _unknown(key, ANNOTATION_FIELDS))
        if item is None or (isinstance(item, (bool, str)) and len(str(item)) <= 200):
            continue
        if isinstance(item, (int, float)):
            _number(item, f"annotations.{key}", fail)
        elif isinstance(item, list) and len(item) <= 4 * MAX_VARIABLES:
            for i, entry in enumerate(item):
                if not isinstance(entry, str):
                    _number(entry, f"annotations.{key}[{i}]", fail)
        else:
            fail(f"annotations.{key}", "must be a number, a flag, a text or a list of numbers")
    if "ic" in value and (not isinstance(value["ic"], list) or len(value["ic"]) != dimension):
        fail("annotations.ic", f"must hold {dimension} numbers, one per variable")
    return dict(value)


def _provenance(value, fail) -> dict[str, Any]:
    if not isinstance(value, dict):
        fail("provenance", "must be an object")
    for key in value:
        if key not in PROVENANCE_FIELDS:
            fail(f"provenance.{key}", _unknown(key, PROVENANCE_FIELDS))
    if "parents" in value and not (
        isinstance(value["parents"], list) and all(isinstance(p, str) for p in value["parents"])
    ):
        fail("provenance.parents", "must be a list of system names")
    for key in ("seed", "index"):
        if key in value and not _natural(value[key]):
            fail(f"provenance.{key}", "must be a non-negative integer")
    if "mutant" in value and not (
        isinstance(value["mutant"], list)
        and value["mutant"]
        and all(map(_natural, value["mutant"]))
    ):
        fail("provenance.mutant", "must be a non-empty list of mutant numbers")
    if "parameters" in value and not (
        isinstance(value["parameters"], dict)
        and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in value["parameters"].values()
        )
    ):
        fail("provenance.parameters", "must map parameter names to finite numbers")
    for key in ("family", "generator"):
        if key in value and not isinstance(value[key], str):
            fail(f"provenance.{key}", "must be a text")
    return dict(value)


def _natural(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _plain(path: str, number: int, field: str, value, depth: int) -> None:
    """Header values: plain JSON of bounded depth."""
    if isinstance(value, dict):
        if depth == 0:
            raise SystemFileError(path, number, field, "nested too deeply")
        for key, item in value.items():
            _plain(path, number, f"{field}.{key}", item, depth - 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _plain(path, number, f"{field}[{i}]", item, depth - 1)
