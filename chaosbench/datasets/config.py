"""The configuration of a dataset: a small, validated record that fully determines it.

Everything about a generated file follows from a :class:`DatasetConfig` and the
package version: the same config and seed give identical arrays. A config is
checked completely (systems exist, sizes are positive, exactly one sampling rule)
before any work starts, and every problem names the field at fault.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields, replace
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from chaosbench import _validation as check
from chaosbench.errors import ChaosbenchError, InvalidParameterError, UnknownNameError
from chaosbench.errors import ConfigError as ConfigError  # its home is errors.py

#: what a dataset file can store its arrays as
DTYPES = ("float64", "float32")
#: the rules for the sampling step, of which a config sets exactly one
SAMPLING_RULES = ("pts_per_period", "pts_per_lyapunov", "dt")
_FUNCTION = "DatasetConfig"
#: trajectories per split when a config does not say
DEFAULT_SPLITS = {"train": 4, "val": 1, "test": 1}


@dataclass(frozen=True)
class DatasetConfig:
    """What to generate.

    Parameters
    ----------
    systems
        Registry names, or ``"all"``; then narrowed by the filters ``kind``,
        ``field``, ``min_dimension``, ``max_dimension`` and ``chaotic`` (as in
        :func:`chaosbench.systems`). A scalable system can be sized as in
        ``"Lorenz96(n=40)"``; names are stored in their canonical spelling (see
        :func:`chaosbench.systems.registry.system_label`). A sized system carries
        no stored annotations, so it needs a fixed step ``dt`` (flows, delays).
    splits
        Number of initial conditions per split, e.g. ``{"train": 8, "test": 2}``.
        Every trajectory of every split starts from a different point of the
        attractor.
    n_points
        Output points per trajectory (after the transient).
    pts_per_period, pts_per_lyapunov, dt
        The sampling step of flows and delay equations: a number of points per
        dominant period, per Lyapunov time, or a fixed step. Set at most one; the
        default is 100 points per period. Maps are sampled every iteration.
    transient
        Output steps integrated and discarded before the first stored point.
    noise_additive, noise_multiplicative
        Observation noise: ``x + a s e1`` with ``s`` the coordinate's standard
        deviation on the attractor, and ``x (1 + m e2)``, with ``e1, e2`` standard
        normal. The noiseless trajectories are kept alongside (``clean``).
    parameter_perturbation
        Relative standard deviation of a Gaussian perturbation of every parameter,
        drawn per trajectory; draws whose largest Lyapunov exponent is not clearly
        positive are redrawn (chaotic systems only). ``0`` keeps the defaults.
    projection
        ``None``, or the name of one variable to keep (a univariate dataset).
    standardize
        Subtract each coordinate's mean and divide by its standard deviation,
        both measured on a long reference orbit of the system (stored, so the
        transformation can be undone).
    seed
        Seed of every random choice (initial conditions, perturbations, noise).
    dtype
        ``"float64"`` or ``"float32"``.
    rtol, atol
        Integration tolerances.
    reliable_horizon
        Store, per trajectory, the time until it separates from an integration at
        a 1000x tighter tolerance (see :func:`chaosbench.analysis.horizon.reliable_horizon`).
    block_size
        Initial conditions per unit of work (and per shard file).
    systems_file
        A file of systems not built in (see :func:`chaosbench.load_systems`), e.g.
        the output of ``chaosbench synthesize``; a relative path in a TOML config is
        read from the TOML file's folder. ``systems = "all"`` then means every
        system of the file (built-in ones may still be listed by name).
    synthesize
        Instead of a file, a generated set: a table with ``n`` and optionally
        ``family``, ``seed`` and ``dimension``, as for :func:`chaosbench.synthesize`.
        It is generated on first use and kept in the cache folder.
    systems_checksum
        SHA-256 of the systems file (or of the generated set), filled in when the
        config is made and checked whenever it is rebuilt, so a dataset always
        refers to the systems it was made from.
    """

    systems: tuple[str, ...] | str = "all"
    kind: str | None = None
    field: str | None = None
    min_dimension: int | None = None
    max_dimension: int | None = None
    chaotic: bool | None = None
    splits: Mapping[str, int] = dataclass_field(default_factory=lambda: dict(DEFAULT_SPLITS))
    n_points: int = 1000
    pts_per_period: float | None = None
    pts_per_lyapunov: float | None = None
    dt: float | None = None
    transient: int = 100
    noise_additive: float = 0.0
    noise_multiplicative: float = 0.0
    parameter_perturbation: float = 0.0
    projection: str | None = None
    standardize: bool = False
    seed: int = 0
    dtype: str = "float64"
    rtol: float = 1e-9
    atol: float = 1e-12
    reliable_horizon: bool = True
    block_size: int = 16
    systems_file: str | None = None
    synthesize: Mapping[str, Any] | None = None
    systems_checksum: str | None = None

    def __post_init__(self) -> None:
        _validate(self)

    def __reduce__(self):
        # rebuilt from plain data, so that a worker process validates the config
        # and registers its systems file before it uses any of the systems
        return (_from_json, (self.to_json(),))

    @property
    def source_systems(self) -> tuple[str, ...]:
        """The systems of ``systems_file`` or ``synthesize``, in their order (empty
        for a config of built-in systems only)."""
        return self.__dict__.get("_source", ())

    # --- derived -------------------------------------------------------------------------
    @property
    def sampling(self) -> tuple[str, float]:
        """The sampling rule in force, as ``(name, value)``."""
        for name in SAMPLING_RULES:
            value = getattr(self, name)
            if value is not None:
                return name, float(value)
        return "pts_per_period", 100.0

    def system_names(self) -> list[str]:
        """The selected names (sized ones as written in ``systems``), in registry order."""
        from chaosbench.systems.registry import parse_spec, systems

        selected = systems(
            self.kind,
            field=self.field,
            min_dimension=self.min_dimension,
            max_dimension=self.max_dimension,
            chaotic=self.chaotic,
        )
        if self.systems == "all":
            if self.source_systems:
                return [name for name in self.source_systems if self._passes_filters(name)]
            return selected
        order = {name: i for i, name in enumerate(systems())}  # registered ones included
        chosen = [name for name in self.systems if self._passes_filters(name)]
        return sorted(chosen, key=lambda name: (order[parse_spec(name)[0]], name))

    def _passes_filters(self, name: str) -> bool:
        """Whether the system ``name`` (sized or not) passes the config's filters."""
        from chaosbench.systems.registry import get

        system = get(name)
        if self.chaotic is not None and "chaotic" not in system.annotations:
            raise ConfigError(
                "chaotic",
                f"{name} has no stored annotations (a sized system carries none), so "
                "whether it is chaotic is not known; list it without the chaotic filter",
            )
        return (
            (self.kind is None or system.kind == self.kind)
            and (self.field is None or system.field == self.field)
            and (self.min_dimension is None or system.dimension >= self.min_dimension)
            and (self.max_dimension is None or system.dimension <= self.max_dimension)
            and (self.chaotic is None or bool(system.annotations.get("chaotic")) == self.chaotic)
        )

    # --- conversion ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON and TOML friendly), the inverse of :meth:`from_dict`."""
        data = asdict(self)
        data["systems"] = self.systems if isinstance(self.systems, str) else list(self.systems)
        data["splits"] = dict(self.splits)
        for key in ("systems_file", "synthesize", "systems_checksum"):
            if data[key] is None:  # absent, so that configs of built-in systems read as before
                del data[key]
        return data

    def to_json(self) -> str:
        """Canonical JSON (sorted keys), as stored in every generated file."""
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DatasetConfig:
        """Build a config from plain data; unknown keys are an error naming the key."""
        if not isinstance(data, Mapping):
            raise ConfigError("<config>", f"must be a table of settings, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise UnknownNameError("dataset config field", str(key), sorted(known))
        return cls(**dict(data))

    @classmethod
    def from_toml(cls, path: str | Path) -> DatasetConfig:
        """Read a config from a TOML file whose top-level keys are the fields."""
        path = Path(path)
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ChaosbenchError(f"config file {str(path)!r} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ChaosbenchError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
        named = data.get("systems_file") if isinstance(data, dict) else None
        if isinstance(named, str) and not Path(named).expanduser().is_absolute():
            data["systems_file"] = str(path.parent / named)
        return cls.from_dict(data)

    def with_changes(self, **changes: Any) -> DatasetConfig:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


def _from_json(text: str) -> DatasetConfig:
    return DatasetConfig.from_dict(json.loads(text))


#: whether building a config reads (or generates) the systems it names; see
#: :func:`sources_unresolved`
_RESOLVE_SOURCES: ContextVar[bool] = ContextVar("resolve_sources", default=True)


@contextmanager
def sources_unresolved() -> Iterator[None]:
    """Build configs without reading or generating their ``systems_file`` or
    ``synthesize`` systems: for comparing a config's canonical form (as
    :func:`~chaosbench.datasets.verify.verify` does with the presets) without the
    minutes a generated set takes. Such a config pins only the checksum it was
    written with, and is not for generating data."""
    token = _RESOLVE_SOURCES.set(False)
    try:
        yield
    finally:
        _RESOLVE_SOURCES.reset(token)


def _source(config: DatasetConfig) -> None:
    """Register the systems of ``systems_file`` or ``synthesize`` and pin their checksum."""
    from chaosbench.datasets import system_source

    if config.systems_file is not None and config.synthesize is not None:
        raise ConfigError("synthesize", "give either systems_file or synthesize, not both")
    pinned = config.systems_checksum
    if pinned is not None and not (isinstance(pinned, str) and len(pinned) == 64):
        raise ConfigError("systems_checksum", f"must be a SHA-256 in hex, got {pinned!r}")
    if not _RESOLVE_SOURCES.get():
        if isinstance(config.synthesize, Mapping):
            object.__setattr__(config, "synthesize", dict(config.synthesize))
        return
    if config.systems_file is not None:
        if not isinstance(config.systems_file, str) or not config.systems_file:
            raise ConfigError("systems_file", f"must be a path, got {config.systems_file!r}")
        names, digest = system_source.from_file(config.systems_file, pinned)
    elif config.synthesize is not None:
        names, digest = system_source.synthesized(config.synthesize, pinned)
        object.__setattr__(config, "synthesize", dict(config.synthesize))
    else:
        if pinned is not None:
            raise ConfigError("systems_checksum", "pins nothing: no systems_file or synthesize")
        return
    object.__setattr__(config, "systems_checksum", digest)
    object.__setattr__(config, "_source", names)


def _label(name: Any) -> str:
    """The canonical spelling of one entry of ``systems``, or a :class:`ConfigError`."""
    from chaosbench.systems.registry import system_label

    if not isinstance(name, str):
        raise ConfigError("systems", f"entries must be system names, got {name!r}")
    try:
        return system_label(name)
    except (UnknownNameError, InvalidParameterError) as exc:
        raise ConfigError("systems", f"entry {name!r}: {exc}") from None


def _validate(config: DatasetConfig) -> None:
    """Check every field; raise :class:`ConfigError` naming the first one at fault."""
    from chaosbench.systems.declaration import FIELDS, KINDS

    def positive_int(name: str, allow_zero: bool = False) -> int:
        value = getattr(config, name)
        try:
            return check.positive_int(value, name, _FUNCTION, allow_zero=allow_zero)
        except InvalidParameterError as exc:
            raise ConfigError(name, str(exc)) from None

    def non_negative(name: str) -> float:
        value = getattr(config, name)
        try:
            return check.positive_float(value, name, _FUNCTION, allow_zero=True)
        except InvalidParameterError as exc:
            raise ConfigError(name, str(exc)) from None

    _source(config)
    systems = config.systems
    if isinstance(systems, str):
        if systems != "all":
            systems = (systems,)
    elif isinstance(systems, (list, tuple)) and systems:
        systems = tuple(systems)
    else:
        raise ConfigError("systems", f"must be 'all' or a non-empty list of names, got {systems!r}")
    if systems != "all":
        names = tuple(_label(name) for name in systems)
        if len(set(names)) != len(names):
            raise ConfigError("systems", "lists a system twice")
        systems = names
    object.__setattr__(config, "systems", systems)
    if config.kind is not None and config.kind not in KINDS:
        raise ConfigError("kind", f"must be one of {', '.join(KINDS)}, got {config.kind!r}")
    if config.field is not None and config.field not in FIELDS:
        raise ConfigError("field", f"{config.field!r} is not a known field of science")
    for name in ("min_dimension", "max_dimension"):
        if getattr(config, name) is not None:
            positive_int(name)
    if config.chaotic is not None and not isinstance(config.chaotic, bool):
        raise ConfigError("chaotic", f"must be true, false or absent, got {config.chaotic!r}")
    splits = config.splits
    if not isinstance(splits, Mapping) or not splits:
        raise ConfigError("splits", f"must be a non-empty table name -> count, got {splits!r}")
    clean = {}
    for split, count in splits.items():
        if not isinstance(split, str) or not split.isidentifier():
            raise ConfigError("splits", f"split names must be identifiers, got {split!r}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ConfigError(
                "splits", f"split {split!r} needs a positive number of trajectories, got {count!r}"
            )
        clean[split] = count
    object.__setattr__(config, "splits", clean)
    positive_int("n_points")
    positive_int("transient", allow_zero=True)
    positive_int("block_size")
    if isinstance(config.seed, bool) or not isinstance(config.seed, int) or config.seed < 0:
        raise ConfigError("seed", f"must be a non-negative int, got {config.seed!r}")
    chosen = [name for name in SAMPLING_RULES if getattr(config, name) is not None]
    if len(chosen) > 1:
        raise ConfigError(chosen[1], f"set only one of {', '.join(SAMPLING_RULES)}")
    for name in chosen:
        try:
            check.positive_float(getattr(config, name), name, _FUNCTION)
        except InvalidParameterError as exc:
            raise ConfigError(name, str(exc)) from None
    for name in ("noise_additive", "noise_multiplicative", "parameter_perturbation"):
        non_negative(name)
    if config.parameter_perturbation >= 1.0:
        raise ConfigError("parameter_perturbation", "must be below 1 (a relative size)")
    if config.dtype not in DTYPES:
        raise ConfigError("dtype", f"must be one of {', '.join(DTYPES)}, got {config.dtype!r}")
    for name in ("rtol", "atol"):
        value = getattr(config, name)
        try:
            check.positive_float(value, name, _FUNCTION)
        except InvalidParameterError as exc:
            raise ConfigError(name, str(exc)) from None
    if config.rtol < 1e-14:
        raise ConfigError("rtol", f"must be at least 1e-14, got {config.rtol!r}")
    if config.projection is not None and not isinstance(config.projection, str):
        raise ConfigError("projection", f"must be a variable name, got {config.projection!r}")
    for name in ("standardize", "reliable_horizon"):
        if not isinstance(getattr(config, name), bool):
            raise ConfigError(name, f"must be true or false, got {getattr(config, name)!r}")
    names = config.system_names()
    if not names:
        raise ConfigError("systems", "the selection (names and filters) matches no system")
    if config.projection is not None:
        from chaosbench.systems.registry import get

        for name in names:
            if config.projection not in get(name).variables:
                raise ConfigError(
                    "projection",
                    f"{config.projection!r} is not a variable of {name} "
                    f"({', '.join(get(name).variables)})",
                )
    _check_sampling(config, names)


def _check_sampling(config: DatasetConfig, names: list[str]) -> None:
    """Every selected flow and delay equation has what the sampling rule needs."""
    from chaosbench.systems.registry import get

    rule, _ = config.sampling
    if rule == "dt":
        return
    needed = {"pts_per_lyapunov": "lyapunov_time", "pts_per_period": "period"}[rule]
    default = "" if getattr(config, rule) is not None else " (the default sampling)"
    for name in names:
        system = get(name)
        if system.kind == "map" or system.annotations.get(needed):
            continue
        if not system.annotations:
            raise ConfigError(
                rule,
                f"{name} has no stored annotations{default}, so neither a period nor a "
                "Lyapunov time; give a fixed step dt instead",
            )
        if rule == "pts_per_lyapunov":
            raise ConfigError(
                rule, f"{name} has no positive Lyapunov exponent, so it has no Lyapunov time"
            )
        raise ConfigError(rule, f"{name} has no stored dominant period; give a fixed step dt")
