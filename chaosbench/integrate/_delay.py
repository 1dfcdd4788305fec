"""Delay differential equations by the method of steps with dense history (pure numba).

An embedded explicit Runge–Kutta method advances ``x'(t) = f(t, x(t), xd, p)``,
where ``xd[m]`` is component ``components[m]`` of the solution at ``t - lags[m]``.
Every accepted step is stored with its continuous extension (the same
polynomial the explicit kernel uses for dense output), and delayed values are
read from that history, so the interpolation keeps the order of the method's
continuous extension. Steps never exceed the smallest lag, so every delayed time
lies in the stored history. Before the initial time the history is constant,
equal to the initial state.

The history lives in caller-owned arrays, so an integration can be resumed
exactly (the Lyapunov driver does so between orthonormalisations) and a full
buffer is reported (``HISTORY_FULL``) rather than overrun: the driver enlarges
it and resumes.

History layout, for stored step ``i`` (``meta[0] <= i < meta[1]``):
``hist_t[i]`` start time, ``hist_h[i]`` step size, ``hist_x[i]`` state at the
start, ``hist_poly[i]`` the ``(d, q)`` polynomial coefficients; ``meta[2]`` is
the initial time before which the history is ``x_before``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types

from chaosbench.integrate._control import accepted_factor, rejected_factor
from chaosbench.integrate._explicit import (
    GOING_ON,
    _all_finite,
    _copy,
    _rms_scaled,
    _spacing,
    begin,
    dense_coefficients,
    dense_value,
    error_norm,
    stage_state,
    step_workspace,
    two_error_estimates,
)
from chaosbench.integrate._types import (
    HISTORY_FULL,
    NON_FINITE,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
    ControllerType,
    DelayRhsFunction,
    ExplicitTableau,
    IndexVector,
    Matrix,
    SolveResult,
    Tensor3,
    Vector,
)


@njit(cache=True, nogil=True)
def history_value(s, j, x_before, hist_t, hist_h, hist_x, hist_poly, meta_i, meta_f):
    """Component ``j`` of the stored solution at time ``s`` (``s`` must not exceed the
    end of the last stored step)."""
    lo = meta_i[0]
    hi = meta_i[1]
    if hi == lo or s <= meta_f[0]:
        return x_before[j]
    if s < hist_t[lo]:  # pruned away: cannot happen while pruning keeps the largest lag
        return math.nan
    while hi - lo > 1:  # largest i with hist_t[i] <= s
        mid = (lo + hi) // 2
        if hist_t[mid] <= s:
            lo = mid
        else:
            hi = mid
    theta = (s - hist_t[lo]) / hist_h[lo]
    q = hist_poly.shape[2]
    acc = 0.0
    for col in range(q - 1, -1, -1):
        acc = (acc + hist_poly[lo, j, col]) * theta
    return hist_x[lo, j] + hist_h[lo] * acc


@njit(cache=True, nogil=True)
def _delayed(ts, components, lags, x_before, hist_t, hist_h, hist_x, hist_poly, meta_i, meta_f, xd):
    for m in range(components.size):
        xd[m] = history_value(
            ts - lags[m], components[m], x_before, hist_t, hist_h, hist_x, hist_poly, meta_i, meta_f
        )


@njit(cache=True, nogil=True)
def _prune(t, max_lag, hist_t, hist_h, hist_x, hist_poly, meta_i):
    """Drop stored steps that end before ``t - max_lag``; compact the rest to the front."""
    lo, hi = meta_i[0], meta_i[1]
    keep = lo
    while keep < hi and hist_t[keep] + hist_h[keep] < t - max_lag:
        keep += 1
    n = hi - keep
    for i in range(n):
        hist_t[i] = hist_t[keep + i]
        hist_h[i] = hist_h[keep + i]
        for j in range(hist_x.shape[1]):
            hist_x[i, j] = hist_x[keep + i, j]
            for col in range(hist_poly.shape[2]):
                hist_poly[i, j, col] = hist_poly[keep + i, j, col]
    meta_i[0] = 0
    meta_i[1] = n


_SIGNATURE = SolveResult(
    DelayRhsFunction,
    IndexVector,
    Vector,
    Vector,  # rhs, components, lags, breakpoints
    ExplicitTableau,
    ControllerType,
    types.float64,
    Vector,
    Vector,
    Vector,  # t0, x0, p, t_out
    types.float64,
    types.float64,
    types.float64,
    types.int64,  # rtol, atol, first_step, steps
    Vector,
    Vector,
    Vector,
    Matrix,
    Tensor3,
    IndexVector,
    Vector,  # x_before, history, meta
    Matrix,
    Vector,  # out, state
)


@njit(_SIGNATURE, cache=True, nogil=True)
def solve_delay(
    rhs,
    components,
    lags,
    breaks,
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
    x_before,
    hist_t,
    hist_h,
    hist_x,
    hist_poly,
    meta_i,
    meta_f,
    out,
    state,
):
    """Integrate a delay equation from ``(t0, x0)`` and sample it at ``t_out``.

    Steps end exactly on the ascending ``breaks`` (where the constant initial
    history makes low-order derivatives jump: ``t_initial + n * lag``), which
    keeps the method's order across them. ``meta_i = [first, end]`` indexes the
    stored steps and ``meta_f = [t_initial, last_step]`` holds the time before
    which the history is ``x_before`` and the last step size (used to resume).
    Returns ``(status, t_reached, n_accepted, n_rejected)`` like the explicit
    kernel, plus ``HISTORY_FULL`` when the buffer
    cannot take another step (nothing is lost: enlarge the buffer and resume from
    ``(t_reached, state)``).
    """
    a, b, c, e, e_low, a_extra, c_extra, dense, error_order = tableau
    d = x0.size
    s = b.size
    m = c_extra.size
    q = dense.shape[1]
    n_out = t_out.size
    capacity = hist_t.size
    max_lag = 0.0
    min_lag = math.inf
    for lag in lags:
        max_lag = max(max_lag, lag)
        min_lag = min(min_lag, lag)
    two_estimates = two_error_estimates(e_low)
    k, x, x_new, stage, poly = step_workspace(x0, tableau)
    xd = np.empty(components.size)
    t = t0
    status, i_out = begin(x, t0, t_out, out, state)
    if status != GOING_ON:
        return status, t, 0, 0
    t_end = t_out[n_out - 1]
    _delayed(t, components, lags, x_before, hist_t, hist_h, hist_x, hist_poly, meta_i, meta_f, xd)
    rhs(t, x, xd, p, k[0])
    if not _all_finite(k[0]):
        return NON_FINITE, t, 0, 0
    if first_step > 0.0:
        h = first_step
    elif meta_f[1] > 0.0:
        h = meta_f[1]
    else:
        scale = _rms_scaled(k[0], x, rtol, atol)
        h = 0.01 / scale if scale > 0 else 1e-3
    h = min(h, min_lag, t_end - t0)
    order_k = error_order + 1.0
    previous_error = -1.0
    previous_h = h
    i_break = 0
    while i_break < breaks.size and breaks[i_break] <= t + 1e3 * _spacing(t):
        i_break += 1  # breakpoints behind us, or too close ahead to step to
    n_accepted = 0
    n_rejected = 0
    just_rejected = False
    while True:
        if n_accepted + n_rejected >= max_steps:
            return TOO_MANY_STEPS, t, n_accepted, n_rejected
        if h < 10.0 * _spacing(t):
            return STEP_TOO_SMALL, t, n_accepted, n_rejected
        if meta_i[1] >= capacity:
            _prune(t, max_lag, hist_t, hist_h, hist_x, hist_poly, meta_i)
            if meta_i[1] >= capacity:
                meta_f[1] = h
                return HISTORY_FULL, t, n_accepted, n_rejected
        h = min(h, min_lag)
        h_free = h  # the controller's choice, before shortening to the end or a breakpoint
        last = t + h >= t_end
        if last:
            h = t_end - t
        # land on the next breakpoint rather than stopping a hair short of it; a
        # breakpoint within rounding of the end is reached by ending there
        at_break = False
        if i_break < breaks.size and t + h >= breaks[i_break] - 1e3 * _spacing(t + h):
            if not (last and breaks[i_break] >= t_end - 1e3 * _spacing(t_end)):
                at_break = True
                last = False
                h = breaks[i_break] - t
        for i in range(1, s):
            stage_state(x, h, k, a[i], i, stage)
            ts = t + c[i] * h
            _delayed(
                ts,
                components,
                lags,
                x_before,
                hist_t,
                hist_h,
                hist_x,
                hist_poly,
                meta_i,
                meta_f,
                xd,
            )
            rhs(ts, stage, xd, p, k[i])
        stage_state(x, h, k, b, s, x_new)
        t_new = t_end if last else (breaks[i_break] if at_break else t + h)
        _delayed(
            t_new, components, lags, x_before, hist_t, hist_h, hist_x, hist_poly, meta_i, meta_f, xd
        )
        rhs(t_new, x_new, xd, p, k[s])
        error = error_norm(x, x_new, k, e, e_low, two_estimates, h, rtol, atol)
        if not math.isfinite(error) and h < 1e3 * _spacing(t):
            _copy(x_new, state)
            return NON_FINITE, t, n_accepted, n_rejected
        if not error <= 1.0:
            h *= rejected_factor(controller, error, order_k)
            n_rejected += 1
            just_rejected = True
            continue
        # accepted: build the continuous extension, store it, emit outputs
        for rr in range(m):
            stage_state(x, h, k, a_extra[rr], s + 1 + rr, stage)
            ts = t + c_extra[rr] * h
            _delayed(
                ts,
                components,
                lags,
                x_before,
                hist_t,
                hist_h,
                hist_x,
                hist_poly,
                meta_i,
                meta_f,
                xd,
            )
            rhs(ts, stage, xd, p, k[s + 1 + rr])
        dense_coefficients(k, dense, s + 1 + m, poly)
        slot = meta_i[1]
        hist_t[slot] = t
        hist_h[slot] = h
        for r in range(d):
            hist_x[slot, r] = x[r]
            for col in range(q):
                hist_poly[slot, r, col] = poly[r, col]
        meta_i[1] = slot + 1
        while i_out < n_out and t_out[i_out] <= t_new:
            if t_out[i_out] == t_new:
                _copy(x_new, out[i_out])
            else:
                dense_value(x, h, poly, (t_out[i_out] - t) / h, out[i_out])
            i_out += 1
        t = t_new
        _copy(x_new, x)
        _copy(k[s], k[0])
        n_accepted += 1
        while i_break < breaks.size and breaks[i_break] <= t + 1e3 * _spacing(t):
            i_break += 1
        _copy(x, state)
        factor = accepted_factor(
            controller, error, previous_error, h / previous_h, order_k, just_rejected
        )
        previous_error = error
        previous_h = h
        just_rejected = False
        h = h_free if (last or at_break) else h * factor
        meta_f[1] = h
        if i_out == n_out:
            return SUCCESS, t, n_accepted, n_rejected
