"""Ensemble version of the explicit Runge–Kutta kernel (compiled only when first used)."""

from __future__ import annotations

from numba import njit, types

from chaosbench.integrate._explicit import solve_explicit
from chaosbench.integrate._types import (
    ENSEMBLE_INPUTS,
    ENSEMBLE_OUTPUTS,
    ControllerType,
    ExplicitTableau,
    RhsFunction,
)


@njit(
    types.void(
        RhsFunction,
        RhsFunction,
        types.int64,
        ExplicitTableau,
        ControllerType,
        *ENSEMBLE_INPUTS,
        *ENSEMBLE_OUTPUTS,
    ),
    cache=True,
    nogil=True,
)
def solve_explicit_many(
    rhs,
    switches,
    n_switches,
    tableau,
    controller,
    t0,
    x0s,
    ps,
    t_out,
    rtol,
    atol,
    first_step,
    max_steps,
    start,
    stop,
    out,
    states,
    stats,
):
    """:func:`solve_explicit` for members ``start <= i < stop`` of an ensemble.

    Member ``i`` starts from ``x0s[i]`` with parameters ``ps[i]`` and writes to
    ``out[i]`` and ``states[i]``; ``stats[i]`` receives the four values that
    :func:`solve_explicit` returns, as floats.
    """
    for i in range(start, stop):
        status, reached, n_accepted, n_rejected = solve_explicit(
            rhs,
            switches,
            n_switches,
            tableau,
            controller,
            t0,
            x0s[i],
            ps[i],
            t_out,
            rtol,
            atol,
            first_step,
            max_steps,
            out[i],
            states[i],
        )
        stats[i, 0] = status
        stats[i, 1] = reached
        stats[i, 2] = n_accepted
        stats[i, 3] = n_rejected
