"""The registry: every declared system, validated once, looked up by name."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from types import MappingProxyType
from typing import Any

from chaosbench import _validation as check
from chaosbench._paths import data_path as data_path  # re-exported
from chaosbench.errors import DeclarationError, InvalidParameterError, UnknownNameError
from chaosbench.systems.declaration import FIELDS, KINDS, Declaration
from chaosbench.systems.declarations import MODULES
from chaosbench.systems.declarations.scalable import FAMILIES as SCALABLE
from chaosbench.systems.system import System

ANNOTATIONS_FILE = "annotations.json"


def build_table(
    items: Iterable[Declaration], source: str, found: dict[str, Declaration] | None = None
) -> dict[str, Declaration]:
    """Add declarations to a name -> declaration table; reject duplicates and non-declarations."""
    found = {} if found is None else found
    for declaration in items:
        if not isinstance(declaration, Declaration):
            raise DeclarationError(
                repr(declaration)[:40],
                "module",
                f"{source} lists something that is not a Declaration",
            )
        if declaration.name in found:
            raise DeclarationError(declaration.name, "name", f"declared twice (again in {source})")
        found[declaration.name] = declaration
    return found


@cache
def declarations() -> Mapping[str, Declaration]:
    """Every declaration, by name, in registration order (validated on first call)."""
    found: dict[str, Declaration] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        build_table(module.DECLARATIONS, module_name, found)
    return MappingProxyType(found)


@cache
def annotations() -> Mapping[str, Mapping[str, Any]]:
    """Computed annotations by system name (empty if none are stored)."""
    path = data_path(ANNOTATIONS_FILE)
    if not path.exists():
        return {}
    with open(path) as handle:
        return json.load(handle).get("systems", {})


def get(name: str, *, parameters: Mapping[str, float] | None = None, **size: int) -> System:
    """Return the registered system called ``name``.

    Parameters
    ----------
    name
        Registry name (case-insensitive). A scalable system can carry its size in
        the name, as the command line and configuration files write it:
        ``"Lorenz96(n=40)"`` is ``get("Lorenz96", n=40)``.
    parameters
        New default parameter values by name (the rest keep their published
        values). The stored annotations describe the published parameters, so a
        system built with other values carries none.
    **size
        For scalable systems only (see :data:`SCALABLE`): the size arguments of
        the family's factory, e.g. ``get("Lorenz96", n=40)``. Systems built at a
        non-default size carry no stored annotations.

    Raises
    ------
    UnknownNameError
        If no system has that name (the message suggests close matches), or a
        size argument or parameter is not one the system takes.
    InvalidParameterError
        If a size or parameter value is invalid.

    Examples
    --------
    >>> import chaosbench
    >>> chaosbench.get("Lorenz").dimension
    3
    >>> chaosbench.get("Lorenz96", n=8).dimension
    8
    >>> chaosbench.get("Lorenz96(n=8)").dimension
    8
    >>> chaosbench.get("Lorenz", parameters={"rho": 20.0}).parameters["rho"]
    20.0
    """
    base, spec_size = parse_spec(name)
    overlap = set(spec_size) & set(size)
    if overlap:
        raise InvalidParameterError(
            "size", "get", "given once, not both in the name and as an argument", sorted(overlap)
        )
    system = _get(_canonical(base), tuple(sorted({**spec_size, **size}.items())))
    if parameters is None:
        return system
    if not isinstance(parameters, Mapping):
        raise InvalidParameterError("parameters", "get", "a mapping of name to value", parameters)
    vector = system.parameter_vector(parameters, function="get")
    values = dict(zip(system.parameter_names, (float(v) for v in vector), strict=True))
    return _with_parameters(system, tuple(values.items()))


@cache
def _with_parameters(system: System, values: tuple[tuple[str, float], ...]) -> System:
    if dict(values) == dict(system.parameters):
        return system
    # the same starting point as the registered system, so that get(name, parameters=p)
    # integrates exactly as get(name).trajectory(parameters=p) does
    start = tuple(float(v) for v in system.ic)
    return System(replace(system.declaration, parameters=dict(values), ic=start))


_SPEC = re.compile(r"\s*([A-Za-z_][\w-]*)\s*(?:\((.*)\))?\s*")


def parse_spec(text: str) -> tuple[str, dict[str, int]]:
    """Split a system name such as ``"Lorenz96(n=40)"`` into its name and size arguments.

    Examples
    --------
    >>> parse_spec("Lorenz96(n=40)")
    ('Lorenz96', {'n': 40})
    >>> parse_spec("Lorenz")
    ('Lorenz', {})
    """
    if not isinstance(text, str):
        raise InvalidParameterError("name", "get", "a system name (a string)", text)
    match = _SPEC.fullmatch(text)
    if match is None:
        raise InvalidParameterError(
            "name", "get", "a system name, optionally sized as in 'Lorenz96(n=40)'", text
        )
    name, inside = match.group(1), match.group(2)
    size: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in (inside or "").split(","))):
        key, sep, value = item.partition("=")
        key = key.strip()
        try:
            number = int(value.strip()) if sep else None
        except ValueError:
            number = None
        if not key or number is None:
            raise InvalidParameterError(
                "name", "get", "sized as NAME(n=COUNT), e.g. 'Lorenz96(n=40)'", text
            )
        if key in size:
            raise InvalidParameterError("name", "get", f"a name that gives {key!r} once", text)
        size[key] = number
    return name, size


#: systems added in this process by :func:`register`, by name
_REGISTERED: dict[str, System] = {}


def register(systems: Iterable[System]) -> list[str]:
    """Add systems (e.g. a :class:`~chaosbench.synthesis.SystemSet`) to the registry
    of this process, so that :func:`get`, :func:`systems`, dataset configs and tasks
    find them by name. Nothing is written anywhere: a new process starts with the
    built-in registry only.

    Returns the names added. Registering the same system again (or one with the
    same declaration, e.g. read again from the same file) does nothing.

    Raises
    ------
    DeclarationError
        If a name is already taken by another system (built-in or registered).

    Examples
    --------
    >>> import chaosbench
    >>> from chaosbench.synthesis import SystemSet
    >>> chaosbench.register(SystemSet([]))
    []
    """
    items = list(systems)
    taken = {k.lower(): k for k in (*declarations(), *_REGISTERED)}
    for system in items:
        if not isinstance(system, System):
            raise InvalidParameterError("systems", "register", "System records", system)
        known = taken.get(system.name.lower())
        twin = _REGISTERED.get(known) if known is not None else None
        if known is not None and not (
            twin is system or (twin is not None and twin.declaration == system.declaration)
        ):
            raise DeclarationError(system.name, "name", f"already taken by {known!r}")
    added = []
    for system in items:
        if system.name not in _REGISTERED:
            _REGISTERED[system.name] = system
            added.append(system.name)
    return added


def _canonical(name: str) -> str:
    table = declarations()
    if isinstance(name, str) and (name in table or name in _REGISTERED):
        return name
    lowered = {k.lower(): k for k in (*table, *_REGISTERED)}
    if isinstance(name, str) and name.lower() in lowered:
        return lowered[name.lower()]
    raise UnknownNameError("system", str(name), [*table, *_REGISTERED])


def _get(name: str, size: tuple[tuple[str, int], ...]) -> System:
    if name in _REGISTERED:
        if size:
            raise InvalidParameterError(
                "size", "get", f"empty: {name!r} is not scalable", dict(size)
            )
        return _REGISTERED[name]
    return _get_declared(name, size)


@cache
def _get_declared(name: str, size: tuple[tuple[str, int], ...]) -> System:
    if not size:
        return System(declarations()[name], annotations().get(name, {}))
    if name not in SCALABLE:
        raise InvalidParameterError(
            "size",
            "get",
            f"empty: {name!r} is not scalable (scalable: {', '.join(SCALABLE)})",
            dict(size),
        )
    factory, smallest = SCALABLE[name]
    for key, value in size:
        if key != "n":
            raise UnknownNameError(f"size argument of {name}", key, ["n"])
        if check.positive_int(value, key, "get") < smallest:
            raise InvalidParameterError("n", "get", f"at least {smallest} for {name}", value)
    declaration = factory(**dict(size))
    if declaration == declarations()[name]:
        return _get_declared(name, ())
    return System(declaration)


def system_label(name: str) -> str:
    """The canonical spelling of a system name, sized ones included.

    Raises the same errors as :func:`get` for an unknown name or an invalid size.

    Examples
    --------
    >>> system_label("lorenz96( n = 40 )")
    'Lorenz96(n=40)'
    >>> system_label("lorenz96(n=20)")  # the registered default size
    'Lorenz96'
    """
    base, size = parse_spec(name)
    canonical = _canonical(base)
    system = _get(canonical, tuple(sorted(size.items())))
    if system is _get(canonical, ()):
        return canonical
    inside = ", ".join(f"{key}={value}" for key, value in sorted(size.items()))
    return f"{canonical}({inside})"


def systems(
    kind: str | None = None,
    *,
    field: str | None = None,
    min_dimension: int | None = None,
    max_dimension: int | None = None,
    forced: bool | None = None,
    chaotic: bool | None = None,
) -> list[str]:
    """Names of the registered systems, optionally filtered.

    Parameters
    ----------
    kind
        ``"flow"``, ``"map"`` or ``"delay"``.
    field
        Field of science (see :data:`chaosbench.systems.declaration.FIELDS`).
    min_dimension, max_dimension
        Bounds on the number of state variables (inclusive).
    forced
        Keep only forced (non-autonomous) systems if True, only autonomous if False.
    chaotic
        Keep only systems whose stored annotation says chaotic (a positive largest
        Lyapunov exponent whose uncertainty interval excludes zero) if True, only
        the others if False.

    Examples
    --------
    >>> import chaosbench
    >>> "Henon" in chaosbench.systems(kind="map")
    True
    """
    function = "systems"
    if kind is not None:
        check.one_of(kind, KINDS, "kind", function)
    if field is not None:
        check.one_of(field, FIELDS, "field", function)
    lo = (
        0 if min_dimension is None else check.positive_int(min_dimension, "min_dimension", function)
    )
    hi = (
        None
        if max_dimension is None
        else check.positive_int(max_dimension, "max_dimension", function)
    )
    stored = annotations()
    entries = [(name, decl, stored.get(name, {})) for name, decl in declarations().items()]
    entries += [(n, s.declaration, s.annotations) for n, s in _REGISTERED.items()]
    names = []
    for name, decl, values in entries:
        dim = len(decl.variables)
        if kind is not None and decl.kind != kind:
            continue
        if field is not None and decl.field != field:
            continue
        if dim < lo or (hi is not None and dim > hi):
            continue
        if forced is not None and decl.forced != bool(forced):
            continue
        if chaotic is not None and bool(values.get("chaotic")) != bool(chaotic):
            continue
        names.append(name)
    return names


def catalog():
    """Every registered system as one row of a :class:`pandas.DataFrame`.

    Columns: the declared facts (kind, dimension, field, citation, forced, stiff,
    ...) and every stored annotation (period, dt, Lyapunov spectrum and its
    error, Kaplan–Yorke and correlation dimensions, flags...). Systems without
    annotations have missing values there.

    Examples
    --------
    >>> import chaosbench
    >>> table = chaosbench.catalog()
    >>> int(table.loc["Lorenz", "dimension"])
    3
    """
    import pandas as pd

    rows = []
    stored = annotations()
    for name, decl in declarations().items():
        row = {
            "name": name,
            "kind": decl.kind,
            "dimension": len(decl.variables),
            "field": decl.field,
            "forced": decl.forced,
            "stiff": decl.stiff,
            "multistable": decl.multistable is not None,
            "multistable_note": decl.multistable,
            "n_parameters": len(decl.parameters),
            "delays": [lag for _, lag in decl.delay_terms] or None,
            "citation": decl.citation,
            "description": decl.description,
        }
        row.update({k: v for k, v in stored.get(name, {}).items() if k != "ic"})
        rows.append(row)
    return pd.DataFrame(rows).set_index("name")
