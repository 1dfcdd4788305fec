"""Adaptive explicit Runge–Kutta kernel with dense output (pure numba, no Python objects).

One kernel serves every embedded explicit method: the tableau arrives as plain
arrays (see :class:`chaosbench.integrate.tableaux.ButcherTableau`), the vector
field as a first-class function. Output is produced on a caller-given time grid
by the method's continuous extension, so the step size is chosen by the error
controller alone and never shrunk to hit output times.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types

from chaosbench.integrate._control import accepted_factor, rejected_factor
from chaosbench.integrate._types import (
    NON_FINITE,
    RHS_SIGNATURE,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
    ControllerType,
    ExplicitTableau,
    Matrix,
    RhsFunction,
    SolveResult,
    Vector,
)

_SIGNATURE = SolveResult(
    RhsFunction,  # rhs
    RhsFunction,  # switches: the switching-surface functions (kinks and jumps)
    types.int64,  # n_switches
    ExplicitTableau,
    ControllerType,
    types.float64,  # t0
    Vector,  # x0
    Vector,  # p
    Vector,  # t_out
    types.float64,  # rtol
    types.float64,  # atol
    types.float64,  # first_step
    types.int64,  # max_steps
    Matrix,  # out
    Vector,  # state
)


@njit(RHS_SIGNATURE, cache=True, nogil=True)
def no_switches(t, x, p, out):
    """The switching-surface function of a smooth vector field: there are none."""
    return None


@njit(cache=True, nogil=True)
def _all_finite(x):
    for v in x:
        if not math.isfinite(v):
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _copy(source, target):
    for i in range(source.size):
        target[i] = source[i]


@njit(cache=True, nogil=True, inline="always")
def outputs_at_start(x, t0, t_out, out):
    """Write ``x`` to every output time at or before ``t0``; return how many there are."""
    i_out = 0
    while i_out < t_out.size and t_out[i_out] <= t0:
        _copy(x, out[i_out])
        i_out += 1
    return i_out


#: what :func:`begin` returns as status when the integration is to go on
GOING_ON = -1


@njit(cache=True, nogil=True, inline="always")
def step_workspace(x0, tableau):
    """The arrays of the explicit step loop, for the size of ``x0`` and ``tableau``.

    Returns ``(k, x, x_new, stage, poly)``: the stage derivatives (the
    continuous extension's stages included), the state (a copy of ``x0``), the
    end of a step, the argument of a stage and the dense-output coefficients.
    """
    b, c_extra, dense = tableau[1], tableau[6], tableau[7]
    d = x0.size
    k = np.zeros((b.size + 1 + c_extra.size, d))
    x = np.empty(d)
    _copy(x0, x)
    return k, x, np.empty(d), np.empty(d), np.empty((d, dense.shape[1]))


@njit(cache=True, nogil=True, inline="always")
def begin(x, t0, t_out, out, state):
    """The start every explicit kernel makes: ``state`` gets ``x``, and the outputs at
    or before ``t0`` are written.

    Returns ``(status, i_out)``: :data:`GOING_ON` and the first output still to
    come, or the final status (``NON_FINITE`` for a state that is not finite,
    ``SUCCESS`` when every output time is at or before ``t0``).
    """
    _copy(x, state)
    if not _all_finite(x):
        return NON_FINITE, 0
    i_out = outputs_at_start(x, t0, t_out, out)
    if i_out == t_out.size:
        return SUCCESS, i_out
    return GOING_ON, i_out


@njit(cache=True, nogil=True)
def _spacing(t):
    """An upper bound of the gap between ``t`` and the next float (steps below ~10x stall)."""
    return max(abs(t), 1e-300) * 2.220446049250313e-16


@njit(cache=True, nogil=True)
def _rms_scaled(v, x, rtol, atol):
    total = 0.0
    for i in range(v.size):
        scaled = v[i] / (atol + rtol * abs(x[i]))
        total += scaled * scaled
    return math.sqrt(total / v.size)


@njit(cache=True, nogil=True, inline="always")
def error_norm(x, x_new, k, e, e_low, two_estimates, h, rtol, atol):
    """Scaled error of a step: the RMS norm of ``h * sum_j e_j k_j``, or for DOP853 the
    blend of its 5th- and 3rd-order estimates (Hairer, Norsett & Wanner, II.10).

    Component ``r`` is weighted by ``atol + rtol * max(|x_r|, |x_new_r|)``.
    """
    d = x.size
    err_hi = 0.0
    err_lo = 0.0
    for r in range(d):
        scale = atol + rtol * max(abs(x[r]), abs(x_new[r]))
        acc_hi = 0.0
        acc_lo = 0.0
        for j in range(e.size):
            acc_hi += e[j] * k[j, r]
            acc_lo += e_low[j] * k[j, r]
        err_hi += (acc_hi / scale) ** 2
        err_lo += (acc_lo / scale) ** 2
    if not two_estimates:
        return h * math.sqrt(err_hi / d)
    if err_hi == 0.0 and err_lo == 0.0:
        return 0.0
    return h * err_hi / math.sqrt((err_hi + 0.01 * err_lo) * d)


@njit(cache=True, nogil=True, inline="always")
def stage_state(x, h, k, row, count, stage):
    """``stage = x + h * sum_{j < count} row[j] * k[j]``: the argument of a stage (or,
    with the weights ``b``, the end of the step).

    Inlined, as every helper of the step loop: numba links a called kernel as a
    separate library that LLVM does not inline, and a call per stage cost Lorenz a
    quarter of its run time.
    """
    for r in range(x.size):
        acc = 0.0
        for j in range(count):
            acc += row[j] * k[j, r]
        stage[r] = x[r] + h * acc


@njit(cache=True, nogil=True)
def dense_coefficients(k, dense, count, poly):
    """Monomial coefficients of the continuous extension from the first ``count`` stages."""
    for r in range(poly.shape[0]):
        for col in range(poly.shape[1]):
            acc = 0.0
            for j in range(count):
                acc += k[j, r] * dense[j, col]
            poly[r, col] = acc


@njit(cache=True, nogil=True, inline="always")
def dense_value(x, h, poly, theta, out):
    """The continuous extension at fraction ``theta`` of the step, written to ``out``."""
    q = poly.shape[1]
    for r in range(x.size):
        acc = 0.0
        for col in range(q - 1, -1, -1):
            acc = (acc + poly[r, col]) * theta
        out[r] = x[r] + h * acc


@njit(cache=True, nogil=True)
def two_error_estimates(e_low):
    """Whether the tableau carries a second (lower-order) error estimate."""
    for value in e_low:
        if value != 0.0:
            return True
    return False


@njit(cache=True, nogil=True)
def _extend(rhs, t, x, h, p, k, a_extra, c_extra, dense, s, stage, poly):
    """The step's continuous extension: extra stages (if any), then ``poly``."""
    m = c_extra.size
    for rr in range(m):
        stage_state(x, h, k, a_extra[rr], s + 1 + rr, stage)
        rhs(t + c_extra[rr] * h, stage, p, k[s + 1 + rr])
    dense_coefficients(k, dense, s + 1 + m, poly)


@njit(cache=True, nogil=True)
def _first_crossing(switches, t, x, h, p, poly, g_old, g_new, point, g_probe):
    """Smallest fraction of the step past which a switching function has changed sign
    (bisection on the continuous extension, to about 1e-12 of the step)."""
    first = 1.0
    for i in range(g_old.size):
        if g_old[i] * g_new[i] >= 0.0:
            continue
        lo, hi = 0.0, 1.0
        for _ in range(42):
            mid = 0.5 * (lo + hi)
            dense_value(x, h, poly, mid, point)
            switches(t + mid * h, point, p, g_probe)
            if g_probe[i] * g_old[i] <= 0.0:
                hi = mid
            else:
                lo = mid
        first = min(first, hi)
    return first


@njit(cache=True, nogil=True)
def _initial_step(rhs, t0, x0, f0, p, rtol, atol, order, span, scratch_x, scratch_f):
    """Starting step size from the local scale of the solution (Hairer, Nørsett & Wanner, II.4)."""
    d0 = _rms_scaled(x0, x0, rtol, atol)
    d1 = _rms_scaled(f0, x0, rtol, atol)
    if d0 < 1e-5 or d1 < 1e-5:
        h0 = 1e-6
    else:
        h0 = 0.01 * d0 / d1
    if not (h0 > 0.0 and math.isfinite(h0)):  # a norm that overflowed (huge state or rate)
        h0 = 1e-6
    h0 = min(h0, span)
    for i in range(x0.size):
        scratch_x[i] = x0[i] + h0 * f0[i]
    rhs(t0 + h0, scratch_x, p, scratch_f)
    for i in range(x0.size):
        scratch_f[i] -= f0[i]
    d2 = _rms_scaled(scratch_f, x0, rtol, atol) / h0
    if not math.isfinite(d2):
        return h0 * 1e-3
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1.0 / (order + 1))
    return min(100.0 * h0, h1, span)


@njit(_SIGNATURE, cache=True, nogil=True)
def solve_explicit(
    rhs,
    switches,
    n_switches,
    tableau,
    controller,
    t0,
    x0,
    p,
    t_out,
    rtol,
    atol,
    first_step,
    max_steps,
    out,
    state,
):
    """Integrate ``x' = rhs(t, x, p)`` from ``(t0, x0)``, writing ``x(t_out[i])`` to ``out[i]``.

    ``tableau`` is :attr:`ButcherTableau.coefficients
    <chaosbench.integrate.tableaux.ButcherTableau.coefficients>` and ``controller``
    a :class:`~chaosbench.integrate.control.Controller` as floats. ``t_out`` must
    be ascending with ``t_out[0] >= t0``. Returns ``(status, t_reached,
    n_accepted, n_rejected)``; ``state`` receives the last state reached (on
    failure: the state at which integration stopped).
    """
    a, b, c, e, e_low, a_extra, c_extra, dense, error_order = tableau
    s = b.size
    n_out = t_out.size
    two_estimates = two_error_estimates(e_low)
    k, x, x_new, stage, poly = step_workspace(x0, tableau)
    t = t0
    status, i_out = begin(x, t0, t_out, out, state)
    if status != GOING_ON:
        return status, t, 0, 0
    t_end = t_out[n_out - 1]
    rhs(t, x, p, k[0])
    if not _all_finite(k[0]):
        return NON_FINITE, t, 0, 0
    if first_step > 0.0:
        h = min(first_step, t_end - t0)
    else:
        h = _initial_step(rhs, t, x, k[0], p, rtol, atol, error_order + 1, t_end - t0, stage, k[1])
    order_k = error_order + 1.0
    n_accepted = 0
    n_rejected = 0
    just_rejected = False
    landing = False
    previous_error = -1.0
    previous_h = h
    g_old = np.zeros(n_switches)
    g_new = np.zeros(n_switches)
    g_probe = np.zeros(n_switches)
    if n_switches > 0:
        switches(t, x, p, g_old)
    while True:
        if n_accepted + n_rejected >= max_steps:
            return TOO_MANY_STEPS, t, n_accepted, n_rejected
        if h < 10.0 * _spacing(t):
            return STEP_TOO_SMALL, t, n_accepted, n_rejected
        last = t + h >= t_end
        if last:
            h = t_end - t
        for i in range(1, s):
            stage_state(x, h, k, a[i], i, stage)
            rhs(t + c[i] * h, stage, p, k[i])
        stage_state(x, h, k, b, s, x_new)
        t_new = t_end if last else t + h
        rhs(t_new, x_new, p, k[s])
        # error estimate, weighted by the larger of the old and new state
        error = error_norm(x, x_new, k, e, e_low, two_estimates, h, rtol, atol)
        if not math.isfinite(error) and h < 1e3 * _spacing(t):
            # a stage left the domain of finite numbers even with a tiny step
            _copy(x_new, state)
            return NON_FINITE, t, n_accepted, n_rejected
        if not error <= 1.0:
            h *= rejected_factor(controller, error, order_k)
            n_rejected += 1
            just_rejected = True
            landing = False
            continue
        # accepted; first, a step across a switching surface (a kink or jump of the
        # vector field) is redone to end just past the surface
        extended = False
        if n_switches > 0:
            switches(t_new, x_new, p, g_new)
            crossed = False
            for i in range(n_switches):
                if g_old[i] * g_new[i] < 0.0:
                    crossed = True
            if crossed and not landing:
                _extend(rhs, t, x, h, p, k, a_extra, c_extra, dense, s, stage, poly)
                extended = True
                theta = _first_crossing(switches, t, x, h, p, poly, g_old, g_new, stage, g_probe)
                if theta < 1.0 and theta * h > 100.0 * _spacing(t):
                    h *= theta
                    landing = True
                    n_rejected += 1
                    continue
        landing = False
        # emit every output time in (t, t_new]
        if i_out < n_out and t_out[i_out] <= t_new:
            if not extended:
                _extend(rhs, t, x, h, p, k, a_extra, c_extra, dense, s, stage, poly)
            while i_out < n_out and t_out[i_out] <= t_new:
                if t_out[i_out] == t_new:
                    _copy(x_new, out[i_out])
                else:
                    dense_value(x, h, poly, (t_out[i_out] - t) / h, out[i_out])
                i_out += 1
        t = t_new
        _copy(x_new, x)
        _copy(k[s], k[0])
        _copy(g_new, g_old)
        n_accepted += 1
        _copy(x, state)
        if i_out == n_out:
            return SUCCESS, t, n_accepted, n_rejected
        factor = accepted_factor(
            controller, error, previous_error, h / previous_h, order_k, just_rejected
        )
        previous_error = error
        previous_h = h
        just_rejected = False
        h *= factor
