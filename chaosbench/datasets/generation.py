"""The numerical side of dataset generation: plan the work, and compute one unit of it.

Nothing here touches a file. A :class:`WorkUnit` is one system, one split and one
block of initial conditions; :func:`compute_unit` turns it into arrays. Every
random choice comes from a :class:`numpy.random.SeedSequence` keyed by the
config's seed and the unit's identity (system name, split, block), so a unit
computes the same arrays wherever and in whatever order it runs.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from chaosbench.errors import ChaosbenchError, IntegrationError

if TYPE_CHECKING:
    from chaosbench.datasets.config import DatasetConfig
    from chaosbench.systems.system import System

#: points of the reference orbit per dominant period (flows, delay equations)
_REFERENCE_POINTS_PER_PERIOD = 10
#: spacing of initial conditions along the reference orbit: between one and two times this
_GAP_PERIODS = 10
_GAP_ITERATIONS = 50
_MAX_REDRAWS = 20
#: delay equations: a start is kept if its constant history stays finite this many delays
#: (beyond the transient); constant histories far out on an attractor can escape it
_SETTLE_DELAYS = 40


@dataclass(frozen=True)
class WorkUnit:
    """One system, one split, one block of consecutive initial conditions."""

    system: str
    split: str
    block: int
    start: int
    count: int

    @property
    def key(self) -> str:
        """A name unique within a dataset, safe as a file name."""
        return f"{self.system}__{self.split}__{self.block:05d}"


#: memory budget of the arrays of one unit of work: blocks of long trajectories shrink
MAX_UNIT_BYTES = 32 * 2**20


def block_size(config: DatasetConfig, dimension: int) -> int:
    """Trajectories per unit: ``config.block_size``, fewer when their arrays would
    exceed :data:`MAX_UNIT_BYTES` (so memory stays bounded whatever the length)."""
    copies = 2 if config.noise_additive > 0 or config.noise_multiplicative > 0 else 1
    one = config.n_points * dimension * 8 * copies
    return max(1, min(config.block_size, MAX_UNIT_BYTES // one))


def plan(config: DatasetConfig) -> list[WorkUnit]:
    """Every unit of work of a config, in a fixed order (system, split, block)."""
    from chaosbench.systems.registry import get

    units = []
    for name in config.system_names():
        size = block_size(config, get(name).dimension)
        for split, count in config.splits.items():
            for block, start in enumerate(range(0, count, size)):
                units.append(WorkUnit(name, split, block, start, min(size, count - start)))
    return units


def _seed(config: DatasetConfig, *key: str | int) -> np.random.SeedSequence:
    words = [zlib.crc32(k.encode()) if isinstance(k, str) else int(k) for k in key]
    return np.random.SeedSequence(config.seed, spawn_key=tuple(words))


@dataclass(frozen=True)
class SystemPlan:
    """What every unit of one system shares: sampling, starting points and statistics."""

    dt: float
    transient_time: float
    starts: dict[str, np.ndarray]
    mean: np.ndarray
    std: np.ndarray


def sampling_step(system: System, config: DatasetConfig) -> float:
    """The output step of a system under the config's sampling rule (1 for maps)."""
    if system.kind == "map":
        return 1.0
    rule, value = config.sampling
    if rule == "dt":
        return value
    values = system.annotations
    if rule == "pts_per_lyapunov":
        return float(values["lyapunov_time"]) / value
    if "period" not in values:
        raise ChaosbenchError(
            f"{system.name} has no stored dominant period; run `chaosbench annotate "
            f"{system.name}` or give a fixed dt"
        )
    return float(values["period"]) / value


def transient_time(system: System, config: DatasetConfig, dt: float) -> float:
    """Time integrated before the first stored point; for forced flows rounded up to
    whole forcing periods, so that the stored time can start at forcing phase zero."""
    span = config.transient * dt
    forcing = system.forcing_period() if system.kind == "flow" else None
    if forcing and span > 0:
        span = float(np.ceil(span / forcing - 1e-9) * forcing)
    return span


@cache
def _system_plan(name: str, config_json: str) -> SystemPlan:
    from chaosbench.datasets.config import DatasetConfig
    from chaosbench.systems.registry import get

    config = DatasetConfig.from_dict(__import__("json").loads(config_json))
    system = get(name)
    dt = sampling_step(system, config)
    total = sum(config.splits.values())
    rng = np.random.default_rng(_seed(config, name, "starts"))
    if system.kind == "map":
        step, gap = 1.0, _GAP_ITERATIONS
    else:
        period = float(system.annotations.get("period", 100 * dt))
        step = period / _REFERENCE_POINTS_PER_PERIOD
        gap = _GAP_PERIODS * _REFERENCE_POINTS_PER_PERIOD
        forcing = system.forcing_period()
        if forcing and system.kind == "flow":  # starting points at forcing phase zero
            step = forcing * max(1, round(step / forcing))
            gap = max(1, round(_GAP_PERIODS * period / step))
    offsets = np.cumsum(gap + rng.integers(0, gap, size=total))
    length = int(offsets[-1]) + 1
    options = {"rtol": config.rtol, "atol": config.atol}
    if system.kind == "map":
        _, orbit = system.trajectory(length)
    else:
        _, orbit = system.trajectory(length, dt=step, max_steps=10**9, **options)
    if not np.all(np.isfinite(orbit)):
        raise ChaosbenchError(f"{name}: the reference orbit left the finite range")
    if system.kind == "delay":
        window = transient_time(system, config, dt) + _SETTLE_DELAYS * max(system.delay_lags())
        offsets = _settling_offsets(system, orbit, offsets, window, options)
    starts, used = {}, 0
    for split, count in config.splits.items():
        starts[split] = orbit[offsets[used : used + count]]
        used += count
    std = orbit.std(axis=0)
    return SystemPlan(
        dt=dt,
        transient_time=transient_time(system, config, dt),
        starts=starts,
        mean=orbit.mean(axis=0),
        std=np.where(std > 0, std, 1.0),
    )


def _settles(system: System, state: np.ndarray, window: float, options) -> bool:
    """Whether a delay equation started from the constant history ``state`` stays finite
    for ``window`` time units."""
    try:
        _, X = system.trajectory(2, dt=window, ic=state, max_steps=10**9, **options)
    except IntegrationError:
        return False
    return bool(np.all(np.isfinite(X)))


def _settling_offsets(system: System, orbit, offsets, window: float, options) -> np.ndarray:
    """Delay equations: the chosen orbit samples, each replaced where its constant history
    escapes (see :func:`_settles`) by the nearest earlier sample whose history does not.

    A delay equation starts from a constant history, which is not a state of the
    attractor: held at a value far out on the attractor for a whole delay, it can
    throw the orbit out of the basin (``PiecewiseCircuit`` near ``|x| = 2.9``). Every
    start that settles is kept as drawn, so only those that would fail change.
    """
    chosen = np.array(offsets)
    for i, offset in enumerate(chosen):
        lowest = chosen[i - 1] + 1 if i > 0 else 0
        for candidate in range(int(offset), int(lowest) - 1, -1):
            if _settles(system, orbit[candidate], window, options):
                chosen[i] = candidate
                break
        else:
            raise ChaosbenchError(
                f"{system.name}: no starting point found whose constant history stays "
                f"finite for {window:.6g} time units"
            )
    return chosen


def system_plan(name: str, config: DatasetConfig) -> SystemPlan:
    """The shared plan of one system (cached per process)."""
    return _system_plan(name, config.to_json())


def _perturbed_parameters(system, config, rng, count: int) -> np.ndarray:
    """``count`` parameter vectors; perturbed ones of a chaotic system are redrawn until
    their largest exponent is clearly positive."""
    from chaosbench.analysis.lyapunov import lyapunov_spectrum

    base = system.parameter_vector()
    if config.parameter_perturbation == 0.0 or base.size == 0:
        return np.tile(base, (count, 1))
    chaotic = bool(system.annotations.get("chaotic"))
    reference = system.annotations.get("max_lyapunov") or 0.0
    rows = []
    for _ in range(count):
        for _attempt in range(_MAX_REDRAWS):
            candidate = base * (1.0 + config.parameter_perturbation * rng.normal(size=base.size))
            if not chaotic:
                break
            try:
                largest = _largest_exponent(system, candidate, lyapunov_spectrum)
            except ChaosbenchError:
                continue
            if largest > 0.25 * reference:
                break
        else:
            raise ChaosbenchError(
                f"{system.name}: no chaotic parameter set found in {_MAX_REDRAWS} draws "
                f"at parameter_perturbation={config.parameter_perturbation}"
            )
        rows.append(candidate)
    return np.array(rows)


def _largest_exponent(system, parameters, lyapunov_spectrum) -> float:
    values = system.annotations
    if system.kind == "map":
        return float(lyapunov_spectrum(system, n_exponents=1, parameters=parameters,
                                       n_intervals=2000, transient_intervals=200)[0])  # fmt: skip
    interval = float(values.get("dt", 0.01)) * 10
    count = int(min(4000, max(200, 50 * values.get("period", 1.0) / interval)))
    return float(
        lyapunov_spectrum(
            system, n_exponents=1, parameters=parameters, interval=interval,
            n_intervals=count, transient_intervals=count // 5,
        )[0]
    )  # fmt: skip


@dataclass(frozen=True)
class UnitResult:
    """The arrays of one unit of work (``clean`` is None without observation noise)."""

    unit: WorkUnit
    time: np.ndarray
    data: np.ndarray
    clean: np.ndarray | None
    ics: np.ndarray
    parameters: np.ndarray
    reliable_horizon: np.ndarray | None


def compute_unit(config: DatasetConfig, unit: WorkUnit) -> UnitResult:
    """Integrate one unit of work and apply noise, standardisation and projection."""
    from chaosbench.systems.registry import get

    system = get(unit.system)
    shared = system_plan(unit.system, config)
    rng = np.random.default_rng(_seed(config, unit.system, unit.split, unit.block))
    ics = shared.starts[unit.split][unit.start : unit.start + unit.count]
    parameters = _perturbed_parameters(system, config, rng, unit.count)
    try:
        X, time, horizon = _integrate(system, config, shared, ics, parameters)
    except IntegrationError as exc:  # name the trajectories of the dataset, not only the member
        last = unit.start + unit.count - 1
        raise ChaosbenchError(
            f"{unit.system}, split {unit.split!r}, trajectories {unit.start}-{last}: {exc}"
        ) from None
    clean = None
    if config.noise_additive > 0 or config.noise_multiplicative > 0:
        clean = X
        X = X * (1.0 + config.noise_multiplicative * rng.normal(size=X.shape))
        X = X + config.noise_additive * shared.std * rng.normal(size=X.shape)
    arrays = [X] if clean is None else [X, clean]
    if config.standardize:
        arrays = [(a - shared.mean) / shared.std for a in arrays]
    if config.projection is not None:
        index = system.variables.index(config.projection)
        arrays = [a[..., index : index + 1] for a in arrays]
    dtype = np.dtype(config.dtype)
    arrays = [np.ascontiguousarray(a, dtype=dtype) for a in arrays]
    return UnitResult(
        unit=unit,
        time=time,
        data=arrays[0],
        clean=arrays[1] if clean is not None else None,
        ics=ics,
        parameters=parameters,
        reliable_horizon=horizon,
    )


def _integrate(system, config, shared: SystemPlan, ics, parameters):
    """Stored trajectories ``(count, n_points, d)``, their times and reliable horizons.

    Flows and maps first run the transient, then the stored part from the settled
    states (time restarting at zero, at forcing phase zero for forced flows), so
    the reliable horizon is measured from the first stored point. Delay equations,
    whose future depends on their past, run in one piece from the starting point;
    their horizon is measured from it, minus the transient.
    """
    options = {"rtol": config.rtol, "atol": config.atol, "workers": 1}
    n, dt = config.n_points, shared.dt
    if system.kind == "delay":
        _, full = system.ensemble(
            ics, config.transient + n, dt=dt, parameters=parameters, **options
        )
        X = full[:, config.transient :]
        time = dt * np.arange(config.transient, config.transient + n)
        horizon = None
        if config.reliable_horizon:
            horizon = _horizon(system, full, dt * np.arange(full.shape[1]), ics, parameters, config)
            horizon = np.maximum(horizon - dt * config.transient, 0.0)
        return X, time, horizon
    settled = ics
    if system.kind == "map" and config.transient > 0:
        _, out = system.ensemble(ics, 1, transient=config.transient, parameters=parameters)
        settled = out[:, 0]
    elif system.kind == "flow" and shared.transient_time > 0:
        _, out = system.ensemble(
            ics, 2, dt=shared.transient_time, parameters=parameters, max_steps=10**9, **options
        )
        settled = out[:, 1]
    if system.kind == "map":
        _, X = system.ensemble(settled, n, parameters=parameters)
    else:
        _, X = system.ensemble(settled, n, dt=dt, parameters=parameters, **options)
    time = dt * np.arange(n)
    horizon = None
    if config.reliable_horizon:
        horizon = _horizon(system, X, time, settled, parameters, config)
    return X, time, horizon


def _horizon(system, X, time, ics, parameters, config) -> np.ndarray:
    from chaosbench.analysis.horizon import reliable_horizon

    return np.asarray(
        reliable_horizon(
            system, X, time, ics=ics, parameters=parameters, rtol=config.rtol, atol=config.atol
        ),
        dtype=float,
    )
