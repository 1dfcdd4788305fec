"""Lyapunov exponents run until they converge, with standard errors from independent runs.

:func:`estimate_lyapunov` (the engine of :meth:`chaosbench.System.lyapunov_spectrum`
and ``chaosbench lyapunov``) wraps the fixed-length estimators of
:mod:`chaosbench.analysis.lyapunov` in a convergence loop:

* ``n_runs`` starting points: the given initial condition and small random
  perturbations of it (a seeded :class:`numpy.random.Generator`), each integrated
  on its own, so the spread of the per-run estimates is a standard error over
  independent orbits, not over overlapping windows of one orbit;
* each run discards its first half as a transient and averages over the second
  half, so the discarded transient grows with the run length;
* the run length doubles until the standard error of every exponent is at most
  ``max(rel_error * |exponent|, abs_error)`` *and* the estimate agrees within twice
  that tolerance with the previous doubling, whose averaging window is the
  adjacent earlier stretch of the same orbits. A transient that is still decaying
  (transient chaos, a slow approach to an attractor) shows up as that drift;
* it stops there, or at the time cap per run or the wall-clock cap, and says which.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError
from chaosbench.integrate.methods import METHODS

if TYPE_CHECKING:
    from chaosbench.systems.system import System

FUNCTION = "lyapunov_spectrum"
#: first averaging window, in characteristic times (iterations for maps)
FIRST_WINDOW = 50
#: orthonormalisations per characteristic time of a flow
INTERVALS_PER_UNIT = 10
#: the default resolution floor of the exponents, per characteristic time
ABS_ERROR_PER_UNIT = 1e-3
#: the default time cap of one run, in characteristic times (flows, delay equations)
MAX_UNITS = 1e5
#: the default time cap of one run of a map, in iterations
MAX_ITERATIONS = 1_000_000
#: exponents of semilinear flows computed by default (strongly damped modes left out)
SEMILINEAR_EXPONENTS = 10


@dataclass(frozen=True)
class LyapunovResult:
    """Lyapunov exponents with their standard errors and how they were obtained.

    Exponents are per unit time of the system (per iteration for maps), largest
    first. Arrays are read-only.

    Attributes
    ----------
    system : str
        Name of the system.
    parameters : Mapping[str, float]
        The parameter values used.
    ic : numpy.ndarray
        The starting point the runs were perturbed around.
    exponents : numpy.ndarray, shape (k,)
        Mean over the runs of each run's estimate.
    stderr : numpy.ndarray, shape (k,)
        Standard error of ``exponents``: the sample standard deviation of the
        per-run estimates over ``sqrt(n_runs)``.
    drift : numpy.ndarray, shape (k,)
        Change of ``exponents`` since the previous doubling of the runs (NaN if
        there was none): a systematic error, such as an undiscarded transient,
        shows up here rather than in ``stderr``.
    tolerance : numpy.ndarray, shape (k,)
        The target of each exponent: ``max(rel_error * |exponent|, abs_error)``.
    runs : numpy.ndarray, shape (n_runs, k)
        The estimate of every run.
    n_runs : int
        Number of independent runs.
    averaging_time, transient_time : float
        Per run: the time averaged over, and the transient discarded before it
        (iterations for maps).
    converged : bool
        Whether every exponent met its tolerance, with a drift of at most twice it.
    sign : int
        Sign of the largest exponent: 1 or -1 where it is resolved, 0 where it is
        not (``|exponents[0]|`` at most three standard errors, twice the drift,
        or ``abs_error``).
    message : str
        Why the computation stopped, and what the sign of the largest exponent is.
    method : str
        ``"tangent space (Jacobian)"``, or ``"two trajectories"`` for flows with
        jumps (leading exponent only).
    complete : bool
        Whether these are all exponents of the system.
    mean_divergence : float or None
        Complete spectra of flows and maps: the mean divergence of the vector field
        (``log |det J|`` for maps) along the runs' orbits, to which the exponents
        must sum (Liouville's formula); None otherwise.
    time_unit : str
        ``"time"`` for flows, ``"iterations"`` for maps.
    characteristic_time : float
        The time unit of the defaults (a characteristic time of the flow, 1 for maps).
    wall_time : float
        Seconds taken.
    """

    system: str
    parameters: Mapping[str, float]
    ic: np.ndarray
    exponents: np.ndarray
    stderr: np.ndarray
    drift: np.ndarray
    tolerance: np.ndarray
    runs: np.ndarray
    n_runs: int
    averaging_time: float
    transient_time: float
    converged: bool
    sign: int
    message: str
    method: str
    complete: bool
    mean_divergence: float | None
    time_unit: str
    characteristic_time: float
    wall_time: float = field(compare=False)

    @property
    def max_exponent(self) -> float:
        """The largest exponent."""
        return float(self.exponents[0])

    @property
    def max_exponent_stderr(self) -> float:
        """Standard error of the largest exponent."""
        return float(self.stderr[0])

    @property
    def integrated_time(self) -> float:
        """Time integrated per run (transient included)."""
        return self.averaging_time + self.transient_time

    def summary(self) -> str:
        """A few lines of text: the exponents with their errors, and the verdict.

        Examples
        --------
        >>> import chaosbench
        >>> result = chaosbench.get("Henon").lyapunov_spectrum()
        >>> print(result.summary().splitlines()[0])
        Henon: 2 Lyapunov exponents per iteration (complete spectrum)
        """
        unit = "iteration" if self.time_unit == "iterations" else "unit time"
        what = "complete spectrum" if self.complete else "leading exponents"
        if self.method == "two trajectories":
            what = "leading exponent only, two-trajectory method"
        lines = [f"{self.system}: {len(self.exponents)} Lyapunov exponents per {unit} ({what})"]
        for i, (value, error) in enumerate(zip(self.exponents, self.stderr, strict=True)):
            lines.append(f"  lambda_{i + 1} = {value: .6g} +- {error:.2g}")
        if self.mean_divergence is not None:
            lines.append(
                f"  sum = {float(np.sum(self.exponents)):.6g}; "
                f"mean divergence = {self.mean_divergence:.6g}"
            )
        lines.append(self.message)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-serialisable data (NaN written as None)."""

        def plain(values) -> list[Any]:
            return [None if not math.isfinite(v) else float(v) for v in np.ravel(values)]

        return {
            "system": self.system,
            "parameters": dict(self.parameters),
            "ic": plain(self.ic),
            "exponents": plain(self.exponents),
            "stderr": plain(self.stderr),
            "drift": plain(self.drift),
            "tolerance": plain(self.tolerance),
            "runs": [plain(row) for row in self.runs],
            "n_runs": self.n_runs,
            "averaging_time": self.averaging_time,
            "transient_time": self.transient_time,
            "converged": self.converged,
            "sign": self.sign,
            "message": self.message,
            "method": self.method,
            "complete": self.complete,
            "mean_divergence": self.mean_divergence,
            "time_unit": self.time_unit,
            "characteristic_time": self.characteristic_time,
            "wall_time": self.wall_time,
        }


def estimate_lyapunov(
    system: System,
    *,
    parameters=None,
    ic=None,
    n_exponents: int | None = None,
    rel_error: float = 0.005,
    abs_error: float | None = None,
    n_runs: int = 10,
    spread: float = 1e-3,
    seed=0,
    max_time: float | None = None,
    max_seconds: float = 60.0,
    rtol: float | None = None,
    atol: float | None = None,
    method: str = "auto",
) -> LyapunovResult:
    """Lyapunov exponents, doubling independent runs until they converge.

    See :meth:`chaosbench.System.lyapunov_spectrum`, which documents the arguments.
    """
    started = time.perf_counter()
    plan = _plan(system, parameters, ic, n_exponents, rtol, atol, method)
    rel_error = check.positive_float(rel_error, "rel_error", FUNCTION)
    if rel_error >= 1:
        raise InvalidParameterError("rel_error", FUNCTION, "below 1", rel_error)
    floor = (
        ABS_ERROR_PER_UNIT / plan.unit
        if abs_error is None
        else check.positive_float(abs_error, "abs_error", FUNCTION)
    )
    n_runs = check.positive_int(n_runs, "n_runs", FUNCTION)
    if n_runs < 3:
        raise InvalidParameterError("n_runs", FUNCTION, "at least 3", n_runs)
    spread = check.positive_float(spread, "spread", FUNCTION)
    rng = check.random_generator(seed, FUNCTION)
    if max_time is None:
        max_time = MAX_ITERATIONS if system.kind == "map" else MAX_UNITS * plan.unit
    max_time = check.positive_float(max_time, "max_time", FUNCTION)
    max_seconds = check.positive_float(max_seconds, "max_seconds", FUNCTION)

    scale = float(np.sqrt(np.mean(plan.x0**2))) or 1.0
    starts = [plan.x0] + [
        plan.x0 + spread * scale * rng.standard_normal(plan.x0.size) for _ in range(n_runs - 1)
    ]
    # run lengths spread over a factor 2 (stratified), so that the ends of the averaging
    # windows fall at unrelated phases even where all runs settle on one periodic orbit
    first = FIRST_WINDOW * plan.unit / plan.tau
    factors = 1.0 + (np.arange(n_runs) + rng.uniform(size=n_runs)) / n_runs
    base = np.maximum(1, np.round(first * factors)).astype(int)
    plan.warm_up()
    levels: list[tuple[np.ndarray, np.ndarray, float | None]] = []
    last_cost = 0.0
    stop = ""
    converged = False
    doubling = 1
    while True:
        intervals = base * doubling
        length = 2 * int(intervals.max()) * plan.tau
        if length > max_time * (1 + 1e-12):
            stop = f"the next runs (up to {length:.6g} {plan.unit_name}) would pass max_time"
            stop += f" = {max_time:.6g}"
            break
        elapsed = time.perf_counter() - started
        if levels and elapsed + 2.2 * last_cost > max_seconds:
            stop = (
                f"the next doubling (about {2 * last_cost:.3g} s) would pass max_seconds"
                f" = {max_seconds:g}"
            )
            break
        level_start = time.perf_counter()
        estimates, divergences = [], []
        for x, count in zip(starts, intervals, strict=True):
            spectrum, divergence = plan.run(x, int(count))
            estimates.append(spectrum)
            divergences.append(divergence)
            if levels and time.perf_counter() - started > max_seconds:
                break
        if len(estimates) < n_runs:  # over the wall-clock cap: this level is incomplete
            stop = f"the wall-clock limit max_seconds = {max_seconds:g} was reached"
            break
        last_cost = time.perf_counter() - level_start
        mean_divergence = None if divergences[0] is None else float(np.mean(divergences))
        levels.append((intervals, np.array(estimates), mean_divergence))
        if len(levels) >= 2 and _verdict(levels, rel_error, floor)[0]:
            converged = True
            break
        doubling *= 2

    return _result(system, plan, levels, converged, stop, rel_error, floor, started)


def _verdict(levels, rel_error: float, floor: float):
    """``(converged, means, stderr, drift, tolerance)`` of the last level."""
    _, estimates, _ = levels[-1]
    means = estimates.mean(axis=0)
    stderr = estimates.std(axis=0, ddof=1) / np.sqrt(len(estimates))
    drift = means - levels[-2][1].mean(axis=0) if len(levels) >= 2 else np.full_like(means, np.nan)
    tolerance = np.maximum(rel_error * np.abs(means), floor)
    ok = bool(
        np.all(np.isfinite(means))
        and np.all(stderr <= tolerance)
        and np.all(np.abs(drift) <= 2 * tolerance)
    )
    return ok, means, stderr, drift, tolerance


def _result(system, plan, levels, converged, stop, rel_error, floor, started) -> LyapunovResult:
    if not levels:
        raise InvalidParameterError(
            "max_time" if "max_time" in stop else "max_seconds",
            FUNCTION,
            "long enough for a first set of runs",
            stop,
        )
    _, means, stderr, drift, tolerance = _verdict(levels, rel_error, floor)
    intervals, estimates, mean_divergence = levels[-1]
    order = np.argsort(-means, kind="stable")  # the runs keep Gram-Schmidt order: no bias
    means, stderr, drift, tolerance = means[order], stderr[order], drift[order], tolerance[order]
    estimates = estimates[:, order]
    windows = intervals * plan.tau
    margin = max(3 * stderr[0], 2 * abs(drift[0]) if np.isfinite(drift[0]) else np.inf, floor)
    sign = int(np.sign(means[0])) if abs(means[0]) > margin else 0
    n = len(estimates)
    what = (
        f"{n} independent runs of {2 * windows.min():.4g} to {2 * windows.max():.4g} "
        f"{plan.unit_name}, the first half of each discarded"
    )
    if converged:
        head = (
            f"converged: the standard error of every exponent is within max({100 * rel_error:g} "
            f"% of |lambda|, {floor:.3g}) and its drift since the last doubling within twice "
            f"that; {what}"
        )
    else:
        head = f"NOT converged: {stop}; {_worst(stderr, drift, tolerance)}; {what}"
    if sign > 0:
        verdict = "lambda_1 > 0 (positive by more than 3 standard errors)"
    elif sign < 0:
        verdict = "lambda_1 < 0 (negative by more than 3 standard errors)"
    elif not np.isfinite(drift[0]):
        verdict = (
            "the sign of lambda_1 is undetermined: only one set of runs was made, so a "
            "transient that has not died out cannot be ruled out"
        )
    else:
        verdict = (
            f"the sign of lambda_1 is undetermined: |lambda_1| = {abs(means[0]):.3g} is within "
            f"max(3 standard errors, twice the drift, {floor:.3g})"
        )
    message = f"{head}. {verdict}"
    if plan.note:
        message += f". {plan.note}"
    arrays = [np.array(a, dtype=float) for a in (means, stderr, drift, tolerance, estimates)]
    for array in [*arrays, plan.x0]:
        array.setflags(write=False)
    return LyapunovResult(
        system=system.name,
        parameters=dict(zip(system.parameter_names, map(float, plan.p), strict=True)),
        ic=plan.x0,
        exponents=arrays[0],
        stderr=arrays[1],
        drift=arrays[2],
        tolerance=arrays[3],
        runs=arrays[4],
        n_runs=n,
        averaging_time=float(np.mean(windows)),
        transient_time=float(np.mean(windows)),
        converged=converged,
        sign=sign,
        message=message,
        method=plan.method,
        complete=plan.complete,
        mean_divergence=mean_divergence,
        time_unit="iterations" if system.kind == "map" else "time",
        characteristic_time=float(plan.unit),
        wall_time=time.perf_counter() - started,
    )


def _worst(stderr, drift, tolerance) -> str:
    """The exponent furthest from its target, in words."""
    ratio = np.maximum(stderr / tolerance, np.nan_to_num(np.abs(drift), nan=0.0) / (2 * tolerance))
    j = int(np.argmax(ratio))
    text = f"lambda_{j + 1}: standard error {stderr[j]:.2g}"
    if np.isfinite(drift[j]):
        text += f", drift {drift[j]:.2g}"
    return text + f", target {tolerance[j]:.2g}"


@dataclass
class _Plan:
    """How one run is computed: the low-level estimator and its settings."""

    system: Any
    p: np.ndarray
    x0: np.ndarray
    k: int
    tau: float
    unit: float
    rtol: float
    atol: float
    method: str
    complete: bool
    note: str
    integrator: str = "auto"

    @property
    def unit_name(self) -> str:
        return "iterations" if self.system.kind == "map" else "time units"

    def run(self, x: np.ndarray, intervals: int) -> tuple[np.ndarray, float | None]:
        """Exponents of one run of ``2 * intervals`` intervals (the first half discarded),
        and the mean divergence along it for complete spectra."""
        from chaosbench.analysis.lyapunov import lyapunov_spectrum, max_lyapunov_two_trajectories

        if self.method == "two trajectories":
            value = max_lyapunov_two_trajectories(
                self.system,
                ic=x,
                parameters=self.p,
                interval=self.tau,
                n_intervals=intervals,
                transient_intervals=intervals,
                separation=1e-6,  # far above the integration error
                rtol=self.rtol,
                atol=self.atol,
                method="dop853" if self.integrator == "auto" else self.integrator,
            )
            return np.array([value]), None
        output = lyapunov_spectrum(
            self.system,
            n_exponents=self.k,
            ic=x,
            parameters=self.p,
            interval=None if self.system.kind == "map" else self.tau,
            n_intervals=intervals,
            transient_intervals=intervals,
            rtol=self.rtol,
            atol=self.atol,
            return_divergence=self.complete,
            method=self.integrator,
        )
        if self.complete:
            return np.asarray(output[0], dtype=float), float(output[1])
        return np.asarray(output, dtype=float), None

    def warm_up(self) -> None:
        """Compile (or load) the kernels, so that no compile time enters the timing."""
        self.run(self.x0, 1)


def _plan(system, parameters, ic, n_exponents, rtol, atol, integrator="auto") -> _Plan:
    """Validate the arguments and choose the method, interval and time unit."""
    p = system.parameter_vector(parameters, function=FUNCTION)
    d = system.dimension
    x0 = (
        np.array(system.ic, dtype=float)
        if ic is None
        else check.finite_array(
            ic, "ic", FUNCTION, (d,), f"{d} finite values ({', '.join(system.variables)})"
        )
    )
    jumps = system.kind == "flow" and system.declaration.discontinuous
    semilinear = system.kind == "flow" and system.declaration.semilinear
    if system.kind == "delay":
        from chaosbench.integrate.tableaux import DOP853

        most, default = DOP853.dense.shape[1], 2
    elif jumps:
        most, default = 1, 1
    elif semilinear:
        most, default = d, min(d, SEMILINEAR_EXPONENTS)
    else:
        most, default = d, d
    if n_exponents is None:
        k = default
    else:
        k = check.positive_int(n_exponents, "n_exponents", FUNCTION)
        if k > most:
            if jumps:
                need = "1 (systems with jumps: the leading exponent only, by two trajectories)"
            elif system.kind == "delay":
                need = f"at most {most} for a delay equation"
            else:
                need = f"at most the dimension {d}"
            raise InvalidParameterError("n_exponents", FUNCTION, need, n_exponents)
    if jumps:
        default_rtol, default_atol = 1e-11, 1e-14
    elif semilinear:
        default_rtol, default_atol = 1e-6, 1e-9
    else:
        default_rtol, default_atol = 1e-9, 1e-12
    rtol = default_rtol if rtol is None else check.positive_float(rtol, "rtol", FUNCTION)
    atol = default_atol if atol is None else check.positive_float(atol, "atol", FUNCTION)
    note = ""
    if jumps:
        note = (
            "Leading exponent only: the vector field has jumps, which the Jacobian misses, so "
            "it is measured from the separation of two nearby trajectories"
        )
    elif system.kind == "delay":
        note = "A delay equation has infinitely many exponents: these are the leading ones"
    if system.kind != "map" and integrator != "auto":
        capable = [
            m.name
            for m in METHODS.values()
            if (system.kind == "delay" and m.delay_kernel is not None)
            or (system.kind == "flow" and jumps and "flow" in m.kinds)
            or (system.kind == "flow" and not jumps and m.tangent_kernel is not None)
        ]
        check.one_of(integrator, capable, "method", FUNCTION)
    if system.kind == "map":
        unit, tau = 1.0, 1.0
    else:
        unit, rate = characteristic_time(system, p, x0, rtol, atol)
        tau = unit / INTERVALS_PER_UNIT
        if not (jumps or semilinear or system.kind == "delay"):
            # the exponents do not depend on the interval, only the cost does: as long as
            # possible while tangent vectors grow apart by at most exp(16) in one interval
            tau = unit / 2
            if rate is not None:
                tau = min(tau, 8.0 / rate)
    return _Plan(
        system=system,
        p=p,
        x0=x0,
        k=k,
        tau=tau,
        unit=unit,
        rtol=rtol,
        atol=atol,
        method="two trajectories" if jumps else "tangent space (Jacobian)",
        complete=k == d and system.kind != "delay" and not jumps,
        note=note,
        integrator=integrator,
    )


def characteristic_time(
    system: System, p: np.ndarray, x0: np.ndarray, rtol: float = 1e-9, atol: float = 1e-12
) -> tuple[float, float | None]:
    """A characteristic time of a flow at parameters ``p`` near ``x0``, and its fastest rate.

    The time is ``2 pi`` times the RMS speed over the RMS acceleration along a
    short orbit from ``x0`` (finite differences of a finely sampled trajectory;
    the measure of :func:`chaosbench.analysis.annotate.speed_timescale`), so it
    follows the parameters. The rate is the largest ``|eigenvalue|`` of the
    Jacobian's largest singular value along that orbit (None for delay equations),
    which bounds how fast tangent vectors grow.
    """
    dt = system.annotations.get("dt")
    rate = _fastest_rate(system, p, x0[None, :])
    if dt is None:
        dt = 0.02 / rate if rate else 0.01
    timescale = float("nan")
    for _ in range(3):
        _, X = system.trajectory(2000, dt=dt, ic=x0, parameters=p, rtol=rtol, atol=atol)
        velocity = np.gradient(X, dt, axis=0)
        acceleration = np.gradient(velocity, dt, axis=0)
        speed = np.sqrt(np.mean(np.sum(velocity[2:-2] ** 2, axis=-1)))
        pull = np.sqrt(np.mean(np.sum(acceleration[2:-2] ** 2, axis=-1)))
        rate = max(rate or 0.0, _fastest_rate(system, p, X[::20]) or 0.0) or None
        if not (speed > 0 and pull > 0 and np.isfinite(speed / pull)):
            break  # at rest: no timescale of its own
        timescale = float(2 * np.pi * speed / pull)
        if 20 * dt <= timescale <= 400 * dt:
            break
        dt = timescale / 100
    if not np.isfinite(timescale):
        timescale = 1.0 / rate if rate else 1.0
    return timescale, rate


def _fastest_rate(system, p, X) -> float | None:
    if system.kind == "delay":
        return None
    matrices = system.jacobian(X, 0.0, parameters=p)
    finite = matrices[np.all(np.isfinite(matrices), axis=(-2, -1))]
    values = np.linalg.norm(finite, ord=2, axis=(-2, -1))  # bounds the growth rate of vectors
    return float(np.max(values)) if values.size and np.max(values) > 0 else None
