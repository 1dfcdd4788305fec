"""Direct iteration of maps (pure numba)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types

from chaosbench.integrate._types import (
    ENSEMBLE_OUTPUTS,
    NON_FINITE,
    SUCCESS,
    Matrix,
    RhsFunction,
    SolveResult,
    Vector,
)


@njit(SolveResult(RhsFunction, Vector, Vector, types.int64, Matrix, Vector), cache=True, nogil=True)
def iterate_map(step, x0, p, n_skip, out, state):
    """Iterate ``x_{k+1} = step(x_k)``: skip ``n_skip`` iterates, then fill ``out`` row by row.

    ``out[0]`` is the state after ``n_skip`` iterations (``x0`` itself when
    ``n_skip == 0``). Returns ``(status, iterations done, 0, 0)``; on a non-finite
    iterate, ``state`` holds it and the status is ``NON_FINITE``.
    """
    d = x0.size
    current = np.empty(d)
    following = np.empty(d)
    for j in range(d):
        current[j] = x0[j]
    for it in range(n_skip):
        step(float(it), current, p, following)
        for j in range(d):
            state[j] = following[j]
        for v in following:
            if not math.isfinite(v):
                return NON_FINITE, float(it + 1), 0, 0
        current, following = following, current
    for j in range(d):
        out[0, j] = current[j]
        state[j] = current[j]
    for i in range(1, out.shape[0]):
        step(float(n_skip + i - 1), out[i - 1], p, out[i])
        for j in range(d):
            state[j] = out[i, j]
        for v in out[i]:
            if not math.isfinite(v):
                return NON_FINITE, float(n_skip + i), 0, 0
    return SUCCESS, float(n_skip + out.shape[0] - 1), 0, 0


@njit(
    types.void(RhsFunction, Matrix, Matrix, types.int64, *ENSEMBLE_OUTPUTS),
    cache=True,
    nogil=True,
)
def iterate_map_many(step, x0s, ps, n_skip, start, stop, out, states, stats):
    """:func:`iterate_map` for members ``start <= i < stop`` of an ensemble.

    ``stats[i]`` receives the four values that :func:`iterate_map` returns, as floats.
    """
    for i in range(start, stop):
        status, done, _, _ = iterate_map(step, x0s[i], ps[i], n_skip, out[i], states[i])
        stats[i, 0] = status
        stats[i, 1] = done
        stats[i, 2] = 0.0
        stats[i, 3] = 0.0
