"""Lyapunov exponents by tangent-space propagation with periodic QR (Benettin et al. 1980)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import IntegrationError
from chaosbench.integrate import solve
from chaosbench.integrate.methods import METHODS, Method, get_method, leading_arguments, names
from chaosbench.integrate.problem import as_problem

if TYPE_CHECKING:
    from chaosbench.systems.system import System


def lyapunov_spectrum(
    system: System,
    *,
    n_exponents: int | None = None,
    ic=None,
    parameters=None,
    interval: float | None = None,
    n_intervals: int = 2000,
    transient_intervals: int = 100,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    return_divergence: bool = False,
    method: str = "auto",
    max_steps: int = 10_000_000,
):
    """The leading Lyapunov exponents of a system, largest first.

    The state and ``k`` tangent vectors are advanced together with the analytic
    Jacobian (the generated ``tangent`` kernel). Every ``interval`` time units
    (every iteration for maps) the tangent vectors are re-orthonormalised by a
    QR decomposition; the exponents are the time averages of ``log |R_ii|``
    (Benettin, Galgani, Giorgilli & Strelcyn, Meccanica 15, 9-30, 1980).

    Parameters
    ----------
    system
        The system.
    n_exponents
        Number of exponents (default: the full spectrum; the leading two for delay
        equations, whose phase space is infinite-dimensional).
    ic, parameters
        Starting point and parameter overrides (defaults: the system's).
    interval
        Time between orthonormalisations for flows (default: a hundredth of the
        dominant period, or 0.01 when no period is known). Ignored for maps.
    n_intervals, transient_intervals
        Intervals averaged, and intervals discarded first.
    rtol, atol
        Tolerances of the integration.
    max_steps
        Steps allowed per interval of a flow; a run that needs more fails with an
        :class:`~chaosbench.errors.IntegrationError` instead of running on.
    method
        Integration method of flows and delay equations: one of
        :data:`chaosbench.integrate.methods.METHODS` with a tangent-space kernel
        (delay equations: a delay kernel); ``"auto"`` takes ETDRK4 for semilinear
        flows and DOP853 otherwise. Ignored for maps.
    return_divergence
        Flows and maps: also return the time average, along the very orbit used,
        of the divergence of the vector field (for maps, of ``log |det J|``),
        sampled ten times per interval (once for semilinear flows). Liouville's
        formula makes it equal to the sum of all exponents, which checks the whole
        computation.

    Returns
    -------
    numpy.ndarray
        Exponents per unit time (per iteration for maps), in decreasing order;
        with ``return_divergence``, a pair ``(exponents, mean divergence)``.
    """
    problem = as_problem(system)
    d = problem.dimension
    k = d if n_exponents is None else int(n_exponents)
    p = problem.parameter_vector(parameters, function="lyapunov_spectrum")
    x0 = problem.ic if ic is None else np.asarray(ic, dtype=float)
    if problem.kind == "delay":
        return _delay_spectrum(
            problem,
            2 if n_exponents is None else k,
            x0,
            p,
            interval,
            n_intervals,
            transient_intervals,
            rtol,
            atol,
            "dop853" if method == "auto" else method,
        )
    y = np.concatenate([x0, np.eye(d)[:, :k].ravel()])
    p = problem.kernel_parameters(p)
    totals, divergence = np.zeros(k), np.zeros(2)
    if problem.kind == "map":
        tau = 1.0
        from chaosbench.integrate._lyapunov import lyapunov_map

        status, reached = lyapunov_map(
            problem.tangent,
            problem.jac,
            y,
            p,
            d,
            k,
            transient_intervals,
            n_intervals,
            return_divergence,
            totals,
            divergence,
        )
    else:
        tau = float(interval) if interval is not None else (problem.period or 1.0) / 100.0
        # semilinear flows: ETDRK4, whose large steps see the divergence once per interval
        if method == "auto":
            method = "etdrk4" if problem.semilinear else "dop853"
        record = _tangent_method(method, "lyapunov_spectrum")
        switching = problem.switching()
        leading = leading_arguments(
            record,
            problem.tangent,
            problem.jac,
            problem.dfdt if record.needs_jacobian else None,
            p,
            d,
            switches=switching.get("switches"),
            n_switches=switching.get("n_switches", 0),
            n_tangent=k,
        )
        status, reached = record.load("tangent_kernel")(
            leading,
            problem.jac,
            y,
            p,
            d,
            k,
            tau,
            transient_intervals,
            n_intervals,
            (1 if record.family == "exponential" else 10) if return_divergence else 0,
            rtol,
            atol,
            max_steps,
            totals,
            divergence,
        )
    if status != 0:
        from chaosbench.integrate.status import STATUS_MESSAGES

        raise IntegrationError(
            problem.name, STATUS_MESSAGES.get(status, "failure"), reached, [float("nan")] * d
        )
    exponents = totals / (n_intervals * tau)
    if return_divergence:
        return exponents, divergence[0] / max(divergence[1], 1.0)
    return exponents


def _history_values(history: solve.DelayHistory, times: np.ndarray) -> np.ndarray:
    """The stored solution at ``times`` (all inside the stored steps), shape ``(len, D)``."""
    lo, hi = history.meta_i
    starts, steps = history.t[lo:hi], history.h[lo:hi]
    index = np.clip(np.searchsorted(starts, times, side="right") - 1, 0, hi - lo - 1)
    theta = (times - starts[index]) / steps[index]
    coefficients = history.poly[lo:hi][index]  # (len, D, q)
    powers = theta[:, None] ** np.arange(1, coefficients.shape[2] + 1)[None, :]
    increment = np.einsum("ndq,nq->nd", coefficients, powers)
    return history.x[lo:hi][index] + steps[index, None] * increment


def _tangent_method(name: str, function: str) -> Method:
    """The method ``name``, which must have a tangent-space kernel."""
    capable = [m for m in METHODS.values() if m.tangent_kernel is not None]
    check.one_of(name, [m.name for m in capable], "method", function)
    return METHODS[name]


def _independent_start(x0: np.ndarray, d: int, k: int, window: float, degree: int):
    """A history whose ``k`` tangent functions are linearly independent.

    The state is constant before ``t = 0``; tangent component ``(i, c)`` is the
    polynomial ``theta**c + [c == i]`` over the last ``window`` (``theta`` from 0
    to 1), stored as one synthetic step, so that even ``k > d`` functions start
    independent (constant ones could not).
    """
    if k > degree:
        raise ValueError(f"at most {degree} exponents of a delay system can be computed")
    start = np.concatenate([x0, np.zeros(d * k)])
    history = solve.DelayHistory.constant(start, -window, degree)
    history.meta_i[:] = (0, 1)
    history.t[0], history.h[0] = -window, window
    history.x[0] = start
    tangent = history.poly[0, d:, :].reshape(d, k, degree)
    for c in range(k):
        if c < d:
            history.x[0, d + c * k + c] = 1.0  # value at theta = 0
            history.x_before[d + c * k + c] = 1.0
        if c > 0:
            tangent[:, c, c - 1] = 1.0 / window  # adds theta**c over the window
    y = history.x[0].copy()
    y[d:] += window * tangent.sum(axis=-1).ravel()
    return history, y


def _delay_spectrum(
    problem,
    k,
    x0,
    p,
    interval,
    n_intervals,
    transient_intervals,
    rtol,
    atol,
    method,
    samples: int = 32,
) -> np.ndarray:
    """Leading exponents of a delay equation.

    The linearised equation is integrated with the state (the generated
    ``tangent`` kernel, itself a delay equation). Tangent vectors are functions on
    the last ``max lag`` of time, represented by the stored history; every
    ``interval`` they are orthonormalised in the inner product given by their
    values at ``samples`` equally spaced times of that window, and the same linear
    map is applied to the whole stored tangent history (exact, by linearity).
    """
    d = problem.dimension
    components, lags = problem.delay_components, problem.delay_lags(p)
    tangent_components = [d + c * k + j for c in components for j in range(k)]
    all_components = np.concatenate([components, tangent_components]).astype(np.int64)
    all_lags = np.concatenate([lags, np.repeat(lags, k)])
    window = float(np.max(lags))
    tau = float(interval) if interval is not None else (problem.dt or window / 10) * 10
    record = get_method(method, kind="delay")
    history, y = _independent_start(x0, d, k, window, record.dense_degree())
    totals = np.zeros(k)
    t = 0.0
    for step in range(transient_intervals + n_intervals):
        result = solve.solve_delay(
            problem.tangent,
            all_components,
            all_lags,
            y,
            p,
            np.array([t + tau]),
            t0=t,
            method=method,
            rtol=rtol,
            atol=atol,
            history=history,
        )
        if not result.success:
            raise IntegrationError(problem.name, result.message, result.t_reached, result.state[:d])
        y = result.y[-1].copy()
        t += tau
        times = t - window * np.arange(samples) / samples
        past = times[times > history.meta_f[0]]
        stacked = [y[d:].reshape(d, k)]
        if past.size:
            stacked += list(_history_values(history, past)[:, d:].reshape(-1, d, k))
        r = np.linalg.qr(np.concatenate(stacked, axis=0), mode="r")
        diagonal = np.diag(r).copy()
        tiny = np.abs(diagonal) < 1e-280  # collapsed or underflowed directions
        r[np.diag_indices_from(r)] = np.where(tiny, 1e-280, diagonal)
        transform = np.linalg.inv(r)
        y[d:] = (y[d:].reshape(d, k) @ transform).ravel()
        states, polys = history.tangent_columns(d, k)
        states[:] = np.einsum("sdk,kj->sdj", states, transform)
        polys[:] = np.einsum("sdkq,kj->sdjq", polys, transform)
        before = history.x_before[d:].reshape(d, k)
        if t - window <= history.meta_f[0]:  # the initial history is still read
            before[:] = before @ transform
        else:  # never read again: keep it from growing to overflow
            before[:] = 0.0
        if step >= transient_intervals:
            totals += np.log(np.abs(np.diag(r)))
    return totals / (n_intervals * tau)


def max_lyapunov_two_trajectories(
    system: System,
    *,
    ic=None,
    parameters=None,
    interval: float = 1.0,
    n_intervals: int = 2000,
    transient_intervals: int = 100,
    separation: float = 1e-8,
    rtol: float = 1e-10,
    atol: float = 1e-13,
    method: str = "dop853",
) -> float:
    """Largest Lyapunov exponent from a reference and a nearby trajectory (Benettin et al.).

    The distance between the two orbits is reset to ``separation`` (relative to
    the size of the state) every ``interval``, and the exponent is the mean log
    growth per unit time. Unlike the tangent method this needs no Jacobian, so it
    is right for vector fields with jumps (``sign``, ``Heaviside``, ``Mod``...),
    where the Jacobian misses the stretching that the jumps cause. ``method`` is
    the integration method of flows (any of
    :data:`chaosbench.integrate.methods.METHODS` for flows); ignored for maps.
    """
    problem = as_problem(system)
    if problem.kind == "delay":
        raise ValueError("use lyapunov_spectrum for delay systems")
    p = problem.parameter_vector(parameters, function="max_lyapunov_two_trajectories")
    if problem.kind == "flow":
        check.one_of(method, names("flow"), "method", "max_lyapunov_two_trajectories")
    x = np.array(problem.ic if ic is None else ic, dtype=float)
    scale = separation * max(1.0, float(np.linalg.norm(x)))
    direction = np.ones_like(x) / np.sqrt(x.size)
    y = x + scale * direction
    total, t = 0.0, 0.0
    for step in range(transient_intervals + n_intervals):
        pair = []
        for start in (x, y):
            grid = np.arange(int(interval) + 1.0) if problem.kind == "map" else None
            result = solve.solve_problem(
                problem,
                start,
                p,
                np.array([t + interval]) if grid is None else grid,
                method="iterate" if grid is not None else method,
                t0=t,
                rtol=rtol,
                atol=atol,
            )
            if not result.success:
                raise IntegrationError(problem.name, result.message, result.t_reached, result.state)
            pair.append(result.y[-1])
        x, moved = pair
        t += interval
        gap = np.linalg.norm(moved - x)
        if gap == 0.0:
            gap = scale * 1e-12
        if step >= transient_intervals:
            total += np.log(gap / scale)
        y = x + (moved - x) * (scale / gap)
    return total / (n_intervals * interval)
