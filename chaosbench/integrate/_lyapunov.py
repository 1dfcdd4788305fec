"""Benettin's algorithm as one compiled loop: tangent integration plus re-orthonormalisation.

The state and ``k`` tangent vectors (the generated ``tangent`` kernel) are
advanced over ``n_transient + n_intervals`` intervals; after each, the tangent
vectors are re-orthonormalised by modified Gram–Schmidt and ``log`` of the norms
is accumulated (after the transient). Optionally the divergence of the vector
field (``trace J``; for maps ``log |det J|``) is averaged along the same orbit.
"""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import numpy as np
from numba import njit, types
from numba.core.errors import NumbaExperimentalFeatureWarning
from numba.extending import overload

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


@contextmanager
def _first_class_functions():
    """Silence numba's notice that tuples of compiled functions are experimental.

    The tuples typed here have fixed, declared member types, so the notice tells a
    user nothing; it is raised while such a tuple type is built or matched.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumbaExperimentalFeatureWarning)
        yield


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


#: the leading arguments of the kernel families that can carry tangent vectors
#: (see :func:`chaosbench.integrate.methods.leading_arguments`)
with _first_class_functions():
    ExplicitLeading = types.Tuple(
        (RhsFunction, RhsFunction, types.int64, ExplicitTableau, ControllerType)
    )
    ExponentialLeading = types.Tuple((RhsFunction, Vector, types.int64, ControllerType))

#: the stepping kernel of each family, by the type of its leading arguments, and
#: whether an interval starts from the previous interval's output spacing as its
#: first step (ETDRK4, whose step-doubling start is costly) or chooses one afresh
_STEPPERS = {
    ExplicitLeading: (solve_explicit, False),
    ExponentialLeading: (solve_etdrk4, True),
}


def advance(leading, t, y, p, grid, rtol, atol, first_step, max_steps, out, state):
    """Integrate from ``(t, y)`` over ``grid`` with the kernel family of ``leading``
    (compiled code only: resolved by type, see :data:`_STEPPERS`)."""
    raise NotImplementedError("advance is only callable from compiled code")


@overload(advance, jit_options={"cache": True, "nogil": True})
def _advance(leading, t, y, p, grid, rtol, atol, first_step, max_steps, out, state):
    entry = _STEPPERS.get(leading)
    if entry is None:
        return None
    kernel = entry[0]

    def run(leading, t, y, p, grid, rtol, atol, first_step, max_steps, out, state):
        return kernel(*leading, t, y, p, grid, rtol, atol, first_step, max_steps, out, state)

    return run


def _carries_step(leading):
    """Whether the family of ``leading`` starts each interval from the last spacing."""
    raise NotImplementedError("_carries_step is only callable from compiled code")


@overload(_carries_step, jit_options={"cache": True, "nogil": True})
def _carries_step_type(leading):
    entry = _STEPPERS.get(leading)
    if entry is None:
        return None
    value = entry[1]
    return lambda leading: value


def _signature(leading):
    return _RESULT(
        leading,
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
    )


def _tangent_driver(
    leading,
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
    """Exponent sums of a flow, for any stepping kernel with tangent support.

    ``leading`` holds the leading arguments of the method's kernel family (one
    of the types of :data:`_STEPPERS`), with the generated ``tangent`` kernel as
    the right-hand side; the same compiled loop then serves every such method.
    ``y0`` is the state followed by ``k`` tangent vectors (row-major ``(d, k)``).
    Every ``tau`` the tangent vectors are re-orthonormalised; ``totals``
    accumulates ``log`` of their norms after ``n_transient`` intervals.
    ``divergence`` receives ``(sum of trace J, count)`` over ``samples`` points
    per interval (none when ``samples == 0``). Returns ``(status, time reached)``.
    """
    carries_step = _carries_step(leading)
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
        status, reached, _, _ = advance(
            leading, t, y, p, grid, rtol, atol, h, max_steps, out, state
        )
        if status != SUCCESS:
            return status, reached
        if carries_step:
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


with _first_class_functions():
    _compiled_driver = njit([_signature(leading) for leading in _STEPPERS], cache=True, nogil=True)(
        _tangent_driver
    )


def lyapunov_tangent(leading, *arguments):
    """Run the compiled tangent driver (see ``_tangent_driver`` for the arguments)."""
    with _first_class_functions():
        return _compiled_driver(leading, *arguments)


lyapunov_tangent.__doc__ = _tangent_driver.__doc__


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
