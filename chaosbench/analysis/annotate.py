"""Compute the stored annotations of systems from their equations.

The results are written to ``data/annotations.json`` together with their
provenance (package version, settings, date). Nothing in that file is typed in
by hand: every number comes from :func:`annotate_system`.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench._atomic import written_atomically
from chaosbench.analysis.lyapunov import lyapunov_spectrum, max_lyapunov_two_trajectories
from chaosbench.analysis.period import dominant_period
from chaosbench.errors import ChaosbenchError
from chaosbench.progress import Progress

FORMAT_VERSION = 1

#: every field an annotation record may have (see :func:`annotate_from_equations`)
ANNOTATION_FIELDS = (
    "period",
    "timescale",
    "dt",
    "ic",
    "lyapunov_spectrum",
    "lyapunov_spectrum_error",
    "max_lyapunov",
    "max_lyapunov_error",
    "lyapunov_time",
    "points_per_lyapunov_time",
    "lyapunov_method",
    "lyapunov_spectrum_complete",
    "kaplan_yorke_dimension",
    "pesin_entropy",
    "correlation_dimension",
    "correlation_dimension_range",
    "mean_divergence",
    "dissipative",
    "conservative",
    "chaotic",
    "non_autonomous",
    "stiff",
    "unbounded_coordinates",
    "rtol",
    "atol",
    "computed",
    "chaosbench_version",
)


@dataclass(frozen=True)
class AnnotationSettings:
    """Settings of the annotation pipeline (stored with the results)."""

    pts_per_period: int = 100
    period_points: int = 2**14
    transient_periods: float = 50.0
    lyapunov_ics: int = 3
    lyapunov_periods: float = 300.0
    lyapunov_steps_per_interval: int = 10
    map_transient: int = 1000
    map_iterations: int = 20000
    dimension_points: int = 3000
    dimension_periods: float = 300.0
    theiler_periods: float = 1.0
    semilinear_exponents: int = 10
    semilinear_rtol: float = 1e-6
    semilinear_lyapunov_periods: float = 100.0
    rtol: float = 1e-9
    atol: float = 1e-12


def kaplan_yorke_dimension(exponents: Iterable[float]) -> float:
    """Kaplan–Yorke (Lyapunov) dimension ``j + sum_{i<=j} l_i / |l_{j+1}|``.

    ``j`` is the largest index whose partial sum of the ordered exponents is
    non-negative (Kaplan & Yorke 1979). Returns 0 when the largest exponent is
    negative and the phase-space dimension when no partial sum turns negative.

    Examples
    --------
    >>> round(kaplan_yorke_dimension([0.9056, 0.0, -14.5723]), 4)
    2.0621
    """
    values = np.sort(np.asarray(list(exponents), dtype=float))[::-1]
    partial = np.cumsum(values)
    if values.size == 0 or partial[0] < 0:
        return 0.0
    j = int(np.nonzero(partial >= 0)[0][-1])
    if j == values.size - 1:
        return float(values.size)
    return float(j + 1 + partial[j] / abs(values[j + 1]))


def _first_step(system, ic) -> float:
    """A first output step: a fiftieth of the fastest local rate of the flow at ``ic``."""
    rate = float(np.max(np.abs(np.linalg.eigvals(system.jacobian(ic)))))
    rate = max(rate, float(np.linalg.norm(system.rhs(ic)) / max(np.linalg.norm(ic), 1.0)))
    return 0.02 / rate if rate > 0 else 0.01


def speed_timescale(system, X: np.ndarray, dt: float, t0: float = 0.0) -> float:
    """``2 pi`` times the RMS speed of the orbit over its RMS acceleration: the period
    of a harmonic oscillation with the same speed and acceleration.

    It is robust where the power spectrum is broad or dominated by slow switching,
    and unaffected by coordinates that drift without bound (angles, tracers), since
    a drift adds no acceleration. For flows both come from the equations
    (``a = J f + df/dt``); for delay systems from finite differences of the samples.
    """
    if system.kind == "delay":
        velocity = np.gradient(X, dt, axis=0)
        acceleration = np.gradient(velocity, dt, axis=0)
    elif system.autonomous:  # every sample in one call
        velocity = system.rhs(X)
        acceleration = np.matmul(system.jacobian(X), velocity[:, :, None])[:, :, 0]
    else:
        times = t0 + dt * np.arange(len(X))
        velocity = np.stack([system.rhs(x, t) for x, t in zip(X, times, strict=True)])
        acceleration = np.stack(
            [system.jacobian(x, t) @ v for x, t, v in zip(X, times, velocity, strict=True)]
        )
        p = system.problem.kernel_parameters(system.parameter_vector())
        derivative = np.empty(system.dimension)
        for i, (x, t) in enumerate(zip(X, times, strict=True)):
            system.kernels.dfdt(float(t), np.ascontiguousarray(x), p, derivative)
            acceleration[i] += derivative
    speed = np.sqrt(np.mean(np.sum(velocity**2, axis=-1)))
    pull = np.sqrt(np.mean(np.sum(acceleration**2, axis=-1)))
    return float(2 * np.pi * speed / pull) if speed > 0 and pull > 0 else float("nan")


def flow_period(system, ic, s: AnnotationSettings) -> tuple[float, float, np.ndarray]:
    """Dominant period, characteristic timescale and a point on the attractor of a flow.

    The sampling step is set from :func:`speed_timescale` (iterated to a fixed
    point on the settled orbit), a transient of ``transient_periods`` timescales
    is discarded (ending at forcing phase zero for forced flows, where their time
    restarts), and the dominant period is the strongest spectral peak at
    frequencies above one per 16 timescales (slower power is switching or drift,
    not oscillation).
    """
    dt = _first_step(system, ic)
    timescale = np.nan
    for _ in range(8):
        _, X = system.trajectory(s.period_points // 4, dt=dt, ic=ic, rtol=s.rtol, atol=s.atol)
        ic = X[-1]
        new = speed_timescale(system, X, dt)
        if not np.isfinite(new):
            raise ValueError(f"{system.name}: the orbit is stationary; no timescale")
        converged = np.isfinite(timescale) and abs(new - timescale) < 0.1 * timescale
        timescale = new
        if converged and new > 20 * dt:
            break
        dt = timescale / s.pts_per_period
    transient = s.transient_periods * timescale
    forcing = system.forcing_period()
    if forcing is not None:
        transient = np.ceil(transient / forcing) * forcing
    _, X = system.trajectory(
        2, dt=transient, ic=ic, rtol=s.rtol, atol=s.atol, max_steps=100_000_000
    )
    ic = X[-1]
    dt = timescale / s.pts_per_period
    _, X = system.trajectory(s.period_points, dt=dt, ic=ic, rtol=s.rtol, atol=s.atol)
    period = dominant_period(X, dt, min_frequency=1.0 / (16 * timescale))
    return period, speed_timescale(system, X, dt), ic


def volume_flags(mean_divergence: float | None, exponents) -> dict[str, bool | None]:
    """``dissipative`` (phase-space volume shrinks on average) and ``conservative`` (the
    mean divergence vanishes, as for Hamiltonian and volume-preserving systems), judged
    against the size of the exponents; both ``None`` for delay equations."""
    if mean_divergence is None:
        return {"dissipative": None, "conservative": None}
    scale = max(float(np.sum(np.abs(exponents))), 1e-12)
    return {
        "dissipative": bool(mean_divergence < -1e-3 * scale),
        "conservative": bool(abs(mean_divergence) <= 1e-3 * scale),
    }


def is_chaotic(values: dict[str, Any]) -> bool:
    """The ``chaotic`` flag from stored values: the largest exponent is more than three
    standard errors above zero and amounts to at least 0.01 e-foldings per
    characteristic time (the ``timescale`` of a flow, one iteration of a map), so
    that numerically zero exponents of quasi-periodic orbits do not count."""
    largest, error = values["max_lyapunov"], values.get("max_lyapunov_error")
    if error is None or largest - 3.0 * error <= 0:
        return False
    unit = values.get("timescale") or 1.0
    return bool(largest * unit > 0.01)


def annotate_system(name: str, settings: AnnotationSettings | None = None) -> dict[str, Any]:
    """Compute every annotation of one system (see :func:`_annotate`); if the
    integration fails at the requested tolerances (kinks can stall the step
    control of the tangent system), retry twice with tolerances ten times looser.
    The tolerances used are stored as ``rtol`` and ``atol``."""
    from chaosbench.errors import IntegrationError

    s = settings or AnnotationSettings()
    for attempt in range(3):
        factor = 10.0**attempt
        try:
            result = _annotate(name, replace(s, rtol=s.rtol * factor, atol=s.atol * factor))
        except IntegrationError:
            if attempt == 2:
                raise
            continue
        result["rtol"], result["atol"] = s.rtol * factor, s.atol * factor
        return result
    raise AssertionError("unreachable")


def _annotate(name: str, settings: AnnotationSettings | None = None) -> dict[str, Any]:
    """Compute every annotation of one system from its declaration.

    For flows: the dominant period (power spectrum), the recommended sampling
    step ``dt = period / pts_per_period``, a point on the attractor, the full
    Lyapunov spectrum (Benettin with the analytic Jacobian, orthonormalising every
    ``lyapunov_steps_per_interval`` samples of ``dt``; for semilinear flows, the
    leading ``semilinear_exponents`` at tolerance ``semilinear_rtol``, since
    resolving the exponents of strongly damped modes would need an
    orthonormalisation far more often) averaged over
    ``lyapunov_ics`` points of the attractor with its standard error, the
    Kaplan–Yorke dimension, the Pesin entropy, the correlation dimension (on a
    trajectory sampled at ``dt``), the mean divergence of the vector field and
    flags. Maps use one iteration as the unit of time.
    """
    from chaosbench.systems.registry import declarations
    from chaosbench.systems.system import System

    # from the declaration alone, ignoring stored values
    return annotate_from_equations(System(declarations()[name]), settings)


#: the most e-foldings a tangent vector may grow by between two orthonormalisations
MAX_GROWTH_PER_INTERVAL = 30.0


def capped_interval(system, states: np.ndarray, interval: float) -> float:
    """``interval``, shortened where needed so that a tangent vector grows by at most
    :data:`MAX_GROWTH_PER_INTERVAL` e-foldings in it at the fastest local rate (the
    largest eigenvalue modulus of the Jacobian) over ``states``: far from overflow."""
    rate = np.max(np.abs(np.linalg.eigvals(system.jacobian(states))))
    return (
        float(MAX_GROWTH_PER_INTERVAL / rate)
        if interval * rate > MAX_GROWTH_PER_INTERVAL
        else interval
    )


def annotate_from_equations(
    system,
    settings: AnnotationSettings | None = None,
    *,
    timescales: tuple[float, float, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Every annotation of ``system`` (a flow or a map), computed from its equations
    and declared initial condition alone, ignoring any stored values: the work of
    :func:`annotate_system` for a system that need not be in the registry.

    ``timescales``, for a flow, is what :func:`flow_period` returned for it at the
    same settings, when the caller has it already (it is not computed again)."""
    from chaosbench.analysis.dimension import correlation_dimension

    s = settings or AnnotationSettings()
    result: dict[str, Any] = {}
    if system.kind == "map":
        _, X = system.trajectory(2, transient=s.map_transient)
        ic = X[0]
        dt, interval, n_intervals, theiler = 1.0, 1.0, s.map_iterations, 1
        _, X = system.trajectory(s.map_iterations, ic=ic)
    else:
        period, timescale, ic = timescales or flow_period(
            system, np.array(system.declaration.ic), s
        )
        dt = min(period, timescale) / s.pts_per_period
        interval = s.lyapunov_steps_per_interval * dt
        n_intervals = round(s.lyapunov_periods * period / interval)
        n_points = int(s.dimension_periods * s.pts_per_period)
        _, X = system.trajectory(n_points, dt=dt, ic=ic, rtol=s.rtol, atol=s.atol)
        theiler = int(s.theiler_periods * s.pts_per_period)
        if system.declaration.semilinear:  # leading exponents: strongly damped modes left out
            n_exponents = min(system.dimension, s.semilinear_exponents)
            n_intervals = round(s.semilinear_lyapunov_periods * period / interval)
        else:
            capped = capped_interval(system, X[:: max(1, len(X) // 200)], interval)
            if capped < interval:
                interval = capped
                n_intervals = round(s.lyapunov_periods * period / interval)
        result["period"] = period
        result["timescale"] = timescale
    result["dt"] = dt
    result["ic"] = [float(v) for v in ic]
    if system.kind != "flow" or not system.declaration.semilinear:
        n_exponents = None  # the default: the full spectrum (the leading two for delays)
    picks = np.linspace(0, len(X) - 1, s.lyapunov_ics).astype(int)
    runs = (
        []
        if system.kind == "flow" and system.declaration.discontinuous
        else [
            lyapunov_spectrum(
                system,
                n_exponents=n_exponents,
                ic=X[i],
                interval=interval,
                n_intervals=n_intervals,
                transient_intervals=n_intervals // 20,
                rtol=s.rtol if n_exponents is None else max(s.rtol, s.semilinear_rtol),
                atol=s.atol if n_exponents is None else max(s.atol, 1e-3 * s.semilinear_rtol),
                return_divergence=system.kind != "delay",
            )
            for i in picks
        ]
    )
    jumps = system.kind == "flow" and system.declaration.discontinuous
    if jumps:  # the Jacobian misses the stretching at the jumps: leading exponent only
        runs = [
            [
                max_lyapunov_two_trajectories(
                    system,
                    ic=X[i],
                    interval=interval,
                    n_intervals=n_intervals,
                    transient_intervals=n_intervals // 20,
                    separation=1e-6,  # far above the integration error
                    rtol=1e-11,
                    atol=1e-14,
                )
            ]
            for i in picks
        ]
        spectra = np.array(runs)
        mean_divergence = float(np.mean(np.trace(system.jacobian(X), axis1=-2, axis2=-1)))
    elif system.kind == "delay":  # a delay equation's phase space is infinite-dimensional
        spectra, mean_divergence = np.array(runs), None
    else:  # the divergence averaged along the orbits of the exponents (Liouville check)
        spectra = np.array([r[0] for r in runs])
        mean_divergence = float(np.mean([r[1] for r in runs]))
    spectra = -np.sort(-spectra, axis=1)
    exponents = spectra.mean(axis=0)
    error = spectra.std(axis=0, ddof=1) / np.sqrt(len(spectra)) if len(spectra) > 1 else None
    positive = exponents[0] > 0
    result["lyapunov_spectrum"] = [float(v) for v in exponents]
    result["lyapunov_spectrum_error"] = None if error is None else [float(v) for v in error]
    result["max_lyapunov"] = float(exponents[0])
    result["max_lyapunov_error"] = None if error is None else float(error[0])
    result["lyapunov_time"] = float(1.0 / exponents[0]) if positive else None
    result["points_per_lyapunov_time"] = float(1.0 / (exponents[0] * dt)) if positive else None
    result["lyapunov_method"] = "two trajectories" if jumps else "tangent space (Jacobian)"
    full = system.kind != "delay" and len(exponents) == system.dimension and not jumps
    result["lyapunov_spectrum_complete"] = full
    complete = full or (not jumps and np.cumsum(exponents)[-1] < 0)
    result["kaplan_yorke_dimension"] = kaplan_yorke_dimension(exponents) if complete else None
    result["pesin_entropy"] = float(np.sum(exponents[exponents > 0]))
    try:
        dimension = correlation_dimension(X, theiler=theiler, max_points=s.dimension_points)
        result["correlation_dimension"] = dimension.dimension
        result["correlation_dimension_range"] = [dimension.r_min, dimension.r_max]
    except ValueError:
        result["correlation_dimension"] = None
        result["correlation_dimension_range"] = None
    result["mean_divergence"] = mean_divergence
    result.update(volume_flags(mean_divergence, exponents))
    result["chaotic"] = is_chaotic(result)
    result["non_autonomous"] = not system.autonomous
    result["stiff"] = system.stiff
    span = X.max(axis=0) - X.min(axis=0)
    drift = np.abs(X[-1] - X[0])
    result["unbounded_coordinates"] = [
        v for v, a, b in zip(system.variables, drift, span, strict=True) if b > 0 and a > 0.9 * b
    ]
    return result


def annotate(
    names: Iterable[str],
    *,
    workers: int = 1,
    path: str | os.PathLike | None = None,
    settings: AnnotationSettings | None = None,
    progress: bool = False,
    into_package: bool = False,
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Annotate systems (in parallel processes) and merge the results into a JSON file.

    ``path`` names the file (created if missing, other systems' entries kept). The
    annotations shipped with the package (``data/annotations.json``, which the task
    data fingerprints depend on) are rewritten only with ``into_package=True``, the
    maintainers' way to refresh them from a source checkout; without either, nothing
    is computed and an error says so.

    Every system gets the date and package version of its own computation
    (``computed``, ``chaosbench_version``); existing entries of other systems are
    kept, and the file is replaced atomically after every finished system, so an
    interrupted run loses nothing it had finished. A system whose computation
    fails is reported and left as it was.

    Returns
    -------
    results, failures
        The new annotations by name, and an error message by name for failures.
    """
    names = list(names)
    settings = settings or AnnotationSettings()
    if path is None and not into_package:
        raise ChaosbenchError(
            "annotate: name the output file (path=..., --out FILE.json); the annotations "
            "shipped with the package are rewritten only with into_package=True "
            "(--into-package)"
        )
    target = Path(path) if path is not None else _default_path()
    if path is not None and not target.parent.is_dir():
        raise ChaosbenchError(
            f"annotate: the folder {str(target.parent)!r} of {str(target)!r} does not exist"
        )
    results: dict[str, dict[str, Any]] = {}
    failures: dict[str, str] = {}
    bar = _progress(len(names)) if progress else None

    def record(name: str, compute) -> None:
        try:
            results[name] = compute()
            _merge(target, {name: results[name]}, settings)
        except Exception as exc:  # reported, never silently dropped
            failures[name] = f"{type(exc).__name__}: {exc}"
        if bar:
            bar.update(1)

    if workers > 1 and len(names) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(annotate_system, name, settings): name for name in names}
            for future in as_completed(futures):
                record(futures[future], future.result)
    else:
        for name in names:
            record(name, lambda name=name: annotate_system(name, settings))
    if bar:
        bar.close()
    return results, failures


def _default_path() -> Path:
    from chaosbench.systems.registry import ANNOTATIONS_FILE, data_path

    return data_path(ANNOTATIONS_FILE)


def _merge(target: Path, new: dict[str, dict[str, Any]], settings: AnnotationSettings) -> None:
    from chaosbench._version import __version__

    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    existing: dict[str, Any] = {}
    if target.exists():
        with open(target) as handle:
            existing = json.load(handle).get("systems", {})
    for name, values in new.items():
        existing[name] = {**values, "computed": now, "chaosbench_version": __version__}
    document = {
        "format_version": FORMAT_VERSION,
        "provenance": {
            "generated_by": "chaosbench annotate",
            "chaosbench_version": __version__,
            "date": now,
            "settings": asdict(settings),
        },
        "systems": dict(sorted(existing.items())),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_atomically(target) as partial, open(partial, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")


def _progress(total: int) -> Progress:
    return Progress(total, "annotating", unit="system")
