"""Exponential time differencing (ETDRK4) for semilinear flows ``x' = L x + N(t, x)``.

``L`` is diagonal and carries the stiffness (for a spectral discretisation of a
PDE, the dissipation of the high wavenumbers); it is integrated exactly, and the
remainder ``N = rhs - L x`` by the fourth-order scheme of Cox & Matthews (J.
Comput. Phys. 176, 430-455, 2002), with the coefficient functions written with
the ``phi`` functions and summed as a series near ``z = 0``, where the closed
forms cancel (the difficulty Kassam & Trefethen, SIAM J. Sci. Comput. 26,
1214-1233, 2005, solve with a contour average; for real rates the series is
cheaper and as accurate).

The step size is controlled by step doubling: every attempt takes one step of
``h`` and two of ``h / 2``; their difference over ``2^4 - 1`` estimates the local
error of the two half steps, which are kept when the scaled error is below one.
Steps land exactly on the requested output times.

The state may be augmented with ``k`` tangent vectors (row-major ``(d, k)``
after the ``d`` state variables, as produced by the generated ``tangent``
kernel): component ``d + r k + j`` then shares the linear rate ``L_r``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types

from chaosbench.integrate._control import accepted_factor, rejected_factor
from chaosbench.integrate._types import (
    NON_FINITE,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
    ControllerType,
    RhsFunction,
    SolveResult,
    Vector,
)

#: order of the step-doubling error estimate plus one (the controller's k)
_ERROR_K = 5.0


@njit(types.UniTuple(types.float64, 3)(types.float64), cache=True, nogil=True)
def phi_functions(z):
    """``(phi_1(z), phi_2(z), phi_3(z))`` with ``phi_j(z) = sum_m z^m / (m + j)!``.

    The series is summed for ``|z| < 1``; elsewhere the recurrence
    ``phi_{j+1}(z) = (phi_j(z) - 1/j!) / z`` from ``phi_0 = exp`` loses at most a
    few bits, so no contour integral is needed for real rates."""
    if abs(z) < 1.0:
        # Horner: j! phi_j(z) = 1 + z/(j+1) (1 + z/(j+2) (1 + ...)), 25 terms
        a1 = 1.0
        a2 = 1.0
        a3 = 1.0
        for m in range(25, 0, -1):
            a1 = 1.0 + a1 * z / (m + 1)
            a2 = 1.0 + a2 * z / (m + 2)
            a3 = 1.0 + a3 * z / (m + 3)
        return a1, a2 / 2.0, a3 / 6.0
    p1 = math.expm1(z) / z
    p2 = (p1 - 1.0) / z
    p3 = (p2 - 0.5) / z
    return p1, p2, p3


@njit(
    types.void(Vector, types.float64, Vector, Vector, Vector, Vector, Vector, Vector),
    cache=True,
    nogil=True,
)
def etd_coefficients(rates, h, E, E2, Q, f1, f2, f3):
    """ETDRK4 coefficients for step ``h`` and each linear rate ``L_i`` (in ``rates``):
    ``E = exp(hL)``, ``E2 = exp(hL/2)``, ``Q = (h/2) phi_1(hL/2)`` and the weights
    ``f1 = h (phi_1 - 3 phi_2 + 4 phi_3)``, ``f2 = h (phi_2 - 2 phi_3)``,
    ``f3 = h (4 phi_3 - phi_2)`` at ``z = hL`` (Cox & Matthews 2002, eq. 26)."""
    for i in range(rates.size):
        z = h * rates[i]
        E[i] = math.exp(z)
        E2[i] = math.exp(0.5 * z)
        Q[i] = 0.5 * h * phi_functions(0.5 * z)[0]
        p1, p2, p3 = phi_functions(z)
        f1[i] = h * (p1 - 3.0 * p2 + 4.0 * p3)
        f2[i] = h * (p2 - 2.0 * p3)
        f3[i] = h * (4.0 * p3 - p2)


@njit(cache=True, nogil=True)
def _nonlinear(rhs, t, y, p, rates, d, k, out):
    """``out = rhs(t, y) - L y`` (with ``L`` expanded over the tangent components)."""
    rhs(t, y, p, out)
    for r in range(d):
        out[r] -= rates[r] * y[r]
    for r in range(d):
        for j in range(k):
            i = d + r * k + j
            out[i] -= rates[r] * y[i]


@njit(cache=True, nogil=True)
def _step(rhs, t, y, p, rates, d, k, h, co, n0, work, out):
    """One ETDRK4 step of size ``h`` from ``(t, y)`` given ``n0 = N(t, y)``; result in
    ``out``. ``co`` holds the coefficients (rows E, E2, Q, f1, f2, f3) per base rate."""
    size = y.size
    a = work[0]
    b = work[1]
    c = work[2]
    na = work[3]
    nb = work[4]
    nc = work[5]
    for i in range(size):
        r = i if i < d else (i - d) // k
        a[i] = co[1, r] * y[i] + co[2, r] * n0[i]
    _nonlinear(rhs, t + 0.5 * h, a, p, rates, d, k, na)
    for i in range(size):
        r = i if i < d else (i - d) // k
        b[i] = co[1, r] * y[i] + co[2, r] * na[i]
    _nonlinear(rhs, t + 0.5 * h, b, p, rates, d, k, nb)
    for i in range(size):
        r = i if i < d else (i - d) // k
        c[i] = co[1, r] * a[i] + co[2, r] * (2.0 * nb[i] - n0[i])
    _nonlinear(rhs, t + h, c, p, rates, d, k, nc)
    for i in range(size):
        r = i if i < d else (i - d) // k
        out[i] = (
            co[0, r] * y[i] + co[3, r] * n0[i] + 2.0 * co[4, r] * (na[i] + nb[i]) + co[5, r] * nc[i]
        )


@njit(cache=True, nogil=True)
def _coefficients(rates, h, co):
    etd_coefficients(rates, h, co[0], co[1], co[2], co[3], co[4], co[5])


@njit(
    SolveResult(
        RhsFunction,
        Vector,
        types.int64,
        ControllerType,
        types.float64,
        Vector,
        Vector,
        Vector,
        types.float64,
        types.float64,
        types.float64,
        types.int64,
        types.float64[:, ::1],
        Vector,
    ),
    cache=True,
    nogil=True,
)
def solve_etdrk4(
    rhs, rates, k, controller, t0, x0, p, t_out, rtol, atol, first_step, max_steps, out, state
):
    """Integrate ``y' = L y + N(t, y)`` from ``(t0, x0)``; write ``y(t_out[i])`` to ``out[i]``.

    ``rates`` holds the ``d`` diagonal entries of ``L``; ``x0`` has ``d (1 + k)``
    components (``k`` tangent vectors, possibly none). On return ``state`` holds
    the last state reached. Returns ``(status, t_reached, n_accepted, n_rejected)``.
    """
    d = rates.size
    size = x0.size
    y = x0.copy()
    n0 = np.empty(size)
    full = np.empty(size)
    half = np.empty(size)
    nhalf = np.empty(size)
    twice = np.empty(size)
    work = np.empty((6, size))
    co_full = np.empty((6, d))
    co_half = np.empty((6, d))
    t = t0
    accepted = 0
    rejected = 0
    h = first_step
    if h <= 0.0:
        h = 0.1
    h_coefficients = -1.0
    blew_up = False
    first = 0
    while first < t_out.size and t_out[first] <= t0:
        for i in range(size):
            out[first, i] = y[i]
        first += 1
    for nxt in range(first, t_out.size):
        target = t_out[nxt]
        while t < target:
            if accepted + rejected >= max_steps:
                state[:] = y
                return TOO_MANY_STEPS, t, accepted, rejected
            landing = t + h >= target
            step = target - t if landing else h
            if step < 1e-14 * max(1.0, abs(t)):
                state[:] = y
                return (NON_FINITE if blew_up else STEP_TOO_SMALL), t, accepted, rejected
            if step != h_coefficients:
                _coefficients(rates, step, co_full)
                _coefficients(rates, 0.5 * step, co_half)
                h_coefficients = step
            _nonlinear(rhs, t, y, p, rates, d, k, n0)
            _step(rhs, t, y, p, rates, d, k, step, co_full, n0, work, full)
            _step(rhs, t, y, p, rates, d, k, 0.5 * step, co_half, n0, work, half)
            _nonlinear(rhs, t + 0.5 * step, half, p, rates, d, k, nhalf)
            _step(
                rhs, t + 0.5 * step, half, p, rates, d, k, 0.5 * step, co_half, nhalf, work, twice
            )
            error = 0.0
            finite = True
            for i in range(size):
                if not math.isfinite(twice[i]):
                    finite = False
                    break
                scale = atol + rtol * max(abs(y[i]), abs(twice[i]))
                error = max(error, abs(twice[i] - full[i]) / (15.0 * scale))
            blew_up = not finite
            if blew_up:
                rejected += 1
                h = rejected_factor(controller, math.inf, _ERROR_K) * step
                continue
            if error <= 1.0:
                t = target if landing else t + step
                for i in range(size):
                    y[i] = twice[i]
                accepted += 1
                # never shrink after an accepted step
                factor = accepted_factor(controller, error, -1.0, 1.0, _ERROR_K, False)
                grown = step * max(1.0, factor)
                # a step shortened to land on an output time does not shrink the next one
                h = max(h, grown) if landing else grown
            else:
                rejected += 1
                h = step * rejected_factor(controller, error, _ERROR_K)
        for i in range(size):
            out[nxt, i] = y[i]
    state[:] = y
    return SUCCESS, t, accepted, rejected
