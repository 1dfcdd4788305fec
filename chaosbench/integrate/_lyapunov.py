"""Benettin's algorithm as one compiled loop: tangent integration plus re-orthonormalisation.

The state and ``k`` tangent vectors (the generated ``tangent`` kernel) are
advanced over ``n_transient + n_intervals`` intervals; after each, the tangent
vectors are re-orthonormalised by modified Gram–Schmidt and ``log`` of the norms
is accumulated (after the transient). Optionally the divergence of the vector
field (``trace J``; for maps ``log |det J|``) is averaged along the same orbit.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types

from chaosbench.integrate._etdrk4 import solve_etdrk4
from chaosbench.integrate._explicit import solve_explicit
from chaosbench.integrate._types import (
    SUCCESS,
    ControllerType,
    ExplicitTableau,
    JacFunction,
    RhsFunction,
    Vector,
)

_RESULT = types.Tuple((types.int64, types.float64))


@njit(cache=True, nogil=True)
def _orthonormalise(y, d, k, totals, accumulate):
    """Modified Gram–Schmidt on the ``(d, k)`` tangent block of ``y`` (row-major)."""
    for j in range(k):
        for i in range(j):
            dot = 0.0
            for r in range(d):
                dot += y[d + r * k + i] * y[d + r * k + j]
            for r in range(d):
                y[d + r * k + j] -= dot * y[d + r * k + i]
        norm = 0.0
        for r in range(d):
            norm += y[d + r * k + j] ** 2
        norm = math.sqrt(norm)
        if norm < 1e-300:
            norm = 1e-300
        for r in range(d):
            y[d + r * k + j] /= norm
        if accumulate:
            totals[j] += math.log(norm)


@njit(cache=True, nogil=True)
def _trace(jac, t, y, d, p, matrix, state):
    for r in range(d):
        state[r] = y[r]
    jac(t, state, p, matrix)
    total = 0.0
    for r in range(d):
        total += matrix[r, r]
    return total


@njit(
    _RESULT(
        RhsFunction,
        RhsFunction,
        types.int64,
        ExplicitTableau,
        ControllerType,
        JacFunction,
        Vector,
        Vector,
        types.int64,
        types.int64,
        types.float64,
        types.int64,
        types.int64,
        types.int64,
        types.float64,
        types.float64,
        types.int64,
        Vector,
        Vector,
    ),
    cache=True,
    nogil=True,
)
def lyapunov_flow(
    tangent,
    switches,
    n_switches,
    tableau,
    controller,
    jac,
    y0,
    p,
    d,
    k,
    tau,
    n_transient,
    n_intervals,
    samples,
    rtol,
    atol,
    max_steps,
    totals,
    divergence,
):
    """Exponent sums of a flow (the leading arguments are the explicit kernel family's).

    ``divergence`` receives ``(sum of trace J, count)`` over
    ``samples`` points per interval (none when ``samples == 0``). Returns
    ``(status, time reached)``."""
    size = y0.size
    y = y0.copy()
    grid = np.empty(max(samples, 1))
    out = np.empty((grid.size, size))
    state = np.empty(size)
    matrix = np.empty((d, d))
    point = np.empty(d)
    t = 0.0
    for step in range(n_transient + n_intervals):
        for i in range(grid.size):
            grid[i] = t + tau * (i + 1) / grid.size
        status, reached, _, _ = solve_explicit(
            tangent,
            switches,
            n_switches,
            tableau,
            controller,
            t,
            y,
            p,
            grid,
            rtol,
            atol,
            0.0,
            max_steps,
            out,
            state,
        )
        if status != SUCCESS:
            return status, reached
        counting = step >= n_transient
        if samples > 0 and counting:
            for i in range(grid.size):
                divergence[0] += _trace(jac, grid[i], out[i], d, p, matrix, point)
                divergence[1] += 1.0
        for r in range(size):
            y[r] = out[grid.size - 1, r]
        _orthonormalise(y, d, k, totals, counting)
        t += tau
    return SUCCESS, t


@njit(
    _RESULT(
        RhsFunction,
        JacFunction,
        Vector,
        Vector,
        types.int64,
        types.int64,
        types.int64,
        types.int64,
        types.boolean,
        Vector,
        Vector,
    ),
    cache=True,
    nogil=True,
)
def lyapunov_map(
    tangent, jac, y0, p, d, k, n_transient, n_intervals, with_divergence, totals, divergence
):
    """Exponent sums of a map (one iteration per interval); ``divergence`` receives
    ``(sum of log |det J|, count)`` when ``with_divergence``."""
    y = y0.copy()
    following = np.empty_like(y)
    matrix = np.empty((d, d))
    point = np.empty(d)
    for step in range(n_transient + n_intervals):
        counting = step >= n_transient
        if with_divergence and counting:
            for r in range(d):
                point[r] = y[r]
            jac(float(step), point, p, matrix)
            divergence[0] += math.log(abs(np.linalg.det(matrix)))
            divergence[1] += 1.0
        tangent(float(step), y, p, following)
        for v in following:
            if not math.isfinite(v):
                return 1, float(step)
        for r in range(y.size):
            y[r] = following[r]
        _orthonormalise(y, d, k, totals, counting)
    return SUCCESS, float(n_transient + n_intervals)


@njit(
    _RESULT(
        RhsFunction,
        Vector,
        types.int64,
        ControllerType,
        JacFunction,
        Vector,
        Vector,
        types.int64,
        types.int64,
        types.float64,
        types.int64,
        types.int64,
        types.int64,
        types.float64,
        types.float64,
        types.int64,
        Vector,
        Vector,
    ),
    cache=True,
    nogil=True,
)
def lyapunov_semilinear(
    tangent,
    rates,
    n_tangent,
    controller,
    jac,
    y0,
    p,
    d,
    k,
    tau,
    n_transient,
    n_intervals,
    samples,
    rtol,
    atol,
    max_steps,
    totals,
    divergence,
):
    """As :func:`lyapunov_flow` for a semilinear flow, integrated by ETDRK4 with the
    diagonal linear rates ``rates`` (shared by the ``n_tangent == k`` tangent vectors).

    The leading arguments are those of the exponential kernel family
    (:func:`chaosbench.integrate.methods.leading_arguments`)."""
    size = y0.size
    y = y0.copy()
    grid = np.empty(max(samples, 1))
    out = np.empty((grid.size, size))
    state = np.empty(size)
    matrix = np.empty((d, d))
    point = np.empty(d)
    t = 0.0
    h = 0.0
    for step in range(n_transient + n_intervals):
        for i in range(grid.size):
            grid[i] = t + tau * (i + 1) / grid.size
        status, reached, _, _ = solve_etdrk4(
            tangent, rates, k, controller, t, y, p, grid, rtol, atol, h, max_steps, out, state
        )
        if status != SUCCESS:
            return status, reached
        h = tau / grid.size
        counting = step >= n_transient
        if samples > 0 and counting:
            for i in range(grid.size):
                divergence[0] += _trace(jac, grid[i], out[i], d, p, matrix, point)
                divergence[1] += 1.0
        for r in range(size):
            y[r] = out[grid.size - 1, r]
        _orthonormalise(y, d, k, totals, counting)
        t += tau
    return SUCCESS, t
