"""Explicit Runge–Kutta kernel for a block of ensemble members in lockstep.

The members of a block are stored one per column (``(d, width)`` arrays, the
layout a GPU kernel takes too) and advance together, stage by stage: every stage
is one call of the system's block right-hand side (``rhs_block`` of
:mod:`chaosbench.systems.codegen`) for all columns, and the loops over columns
are innermost, so that the compiler evaluates several members per vector
instruction. Each member keeps its own time, step size, error control and output
position, and a column whose member has finished takes the next member of the
range, so that the columns stay busy until the range runs out.

Every member's arithmetic is, operation for operation, that of
:func:`chaosbench.integrate._explicit.solve_explicit` without switching
functions, except that the zero coefficients of the tableau are skipped rather
than multiplied: a term ``0 * k`` adds nothing to a finite sum, so the results
are bitwise those of the single-trajectory kernel wherever the stages are finite
(the test suite checks it), only faster. Vector fields with switching surfaces go
member by member through ``solve_explicit_many`` instead.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types

from chaosbench.integrate._control import accepted_factor, rejected_factor
from chaosbench.integrate._explicit import (
    _all_finite,
    _initial_step,
    _spacing,
    outputs_at_start,
    two_error_estimates,
)
from chaosbench.integrate._types import (
    ENSEMBLE_INPUTS,
    ENSEMBLE_OUTPUTS,
    NON_FINITE,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
    BlockRhsFunction,
    ControllerType,
    ExplicitTableau,
    RhsFunction,
)


@njit(cache=True, nogil=True, inline="always")
def _accumulate(weights, count, k, acc, nonzero):
    """``acc = sum_{j < count} weights[j] * k[j]`` over the flat block, term by term in
    the order of ``j`` (as the single kernel sums), zero weights skipped.

    Four terms are added per pass over ``acc``, written ``(((acc + t0) + t1) + t2) + t3``
    so that the rounding is that of adding them one at a time.
    """
    n = acc.size
    used = 0
    for j in range(count):
        if weights[j] != 0.0:  # zeros of the tableau: see the module docstring
            nonzero[used] = j
            used += 1
    for i in range(n):
        acc[i] = 0.0
    g = 0
    while g + 4 <= used:
        j0, j1, j2, j3 = nonzero[g], nonzero[g + 1], nonzero[g + 2], nonzero[g + 3]
        w0, w1, w2, w3 = weights[j0], weights[j1], weights[j2], weights[j3]
        for i in range(n):
            acc[i] = (((acc[i] + w0 * k[j0, i]) + w1 * k[j1, i]) + w2 * k[j2, i]) + w3 * k[j3, i]
        g += 4
    while g < used:
        j0 = nonzero[g]
        w0 = weights[j0]
        for i in range(n):
            acc[i] += w0 * k[j0, i]
        g += 1


@njit(cache=True, nogil=True, inline="always")
def _combine(x, h, k, row, count, acc, nonzero, target):
    """``target = x + h * sum_{j < count} row[j] * k[j]`` for every entry of the block
    (the stage sums of :func:`~chaosbench.integrate._explicit.stage_state`, in the
    same order). The block is flat here: entry ``r * width + lane``, with ``h``
    repeated for every variable, so that one loop runs over all of it."""
    _accumulate(row, count, k, acc, nonzero)
    for i in range(x.size):
        target[i] = x[i] + h[i] * acc[i]


@njit(cache=True, nogil=True, inline="always")
def _stage_times(t, h, c, times):
    for lane in range(t.size):
        times[lane] = t[lane] + c * h[lane]


@njit(cache=True, nogil=True, inline="always")
def _error_sums(x, x_new, k, e, e_low, acc_hi, acc_lo, nonzero, sum_hi, sum_lo, rtol, atol):
    """Per column, the sums of squares of the two scaled error estimates
    (:func:`~chaosbench.integrate._explicit.error_norm` before its last line);
    ``x``, ``x_new`` and ``k`` flat as in :func:`_combine`."""
    n = x.size
    width = sum_hi.size
    _accumulate(e, e.size, k, acc_hi, nonzero)
    _accumulate(e_low, e_low.size, k, acc_lo, nonzero)
    for lane in range(width):
        sum_hi[lane] = 0.0
        sum_lo[lane] = 0.0
    for r in range(n // width):
        for lane in range(width):
            i = r * width + lane
            scale = atol + rtol * max(abs(x[i]), abs(x_new[i]))
            sum_hi[lane] += (acc_hi[i] / scale) ** 2
            sum_lo[lane] += (acc_lo[i] / scale) ** 2


@njit(cache=True, nogil=True, inline="always")
def _repeat(values, target):
    """``values`` (one per column) repeated for every variable of the flat block."""
    width = values.size
    for r in range(target.size // width):
        for lane in range(width):
            target[r * width + lane] = values[lane]


@njit(cache=True, nogil=True, inline="always")
def _finish(stats, member, status, t, n_accepted, n_rejected):
    stats[member, 0] = status
    stats[member, 1] = t
    stats[member, 2] = n_accepted
    stats[member, 3] = n_rejected


@njit(
    types.void(
        RhsFunction,
        BlockRhsFunction,
        ExplicitTableau,
        ControllerType,
        *ENSEMBLE_INPUTS,
        types.int64,  # width
        *ENSEMBLE_OUTPUTS,
    ),
    cache=True,
    nogil=True,
    error_model="numpy",
)
def solve_explicit_block(
    rhs,
    rhs_block,
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
    width,
    start,
    stop,
    out,
    states,
    stats,
):
    """:func:`~chaosbench.integrate._explicit.solve_explicit` for members
    ``start <= i < stop`` of an ensemble, ``width`` of them at a time in lockstep.

    ``rhs`` is the system's right-hand side (used where one member starts) and
    ``rhs_block`` the same for a block of columns. Member ``i`` starts from
    ``x0s[i]`` with parameters ``ps[i]``, writes its outputs to ``out[i]`` and
    its last state to ``states[i]``; ``stats[i]`` receives the status, the time
    reached and the accepted and rejected steps.
    """
    a, b, c, e, e_low, a_extra, c_extra, dense, error_order = tableau
    d = x0s.shape[1]
    n_p = ps.shape[1]
    s = b.size
    m = c_extra.size
    q = dense.shape[1]
    n_out = t_out.size
    two_estimates = two_error_estimates(e_low)
    order_k = error_order + 1.0
    t_end = t_out[n_out - 1]
    w = min(width, stop - start)
    if w <= 0:
        return
    # the block: one member per column
    n_flat = d * w
    nonzero = np.zeros(s + 1 + m, dtype=np.int64)
    dense_columns = np.ascontiguousarray(dense.T)
    k_flat = np.zeros(
        (s + 1 + m, n_flat)
    )  # stage j of member `lane`, variable r: [j, r * w + lane]
    k = k_flat.reshape((s + 1 + m, d, w))
    x = np.zeros((d, w))
    x_new = np.zeros((d, w))
    stage = np.zeros((d, w))
    x_flat = x.reshape(n_flat)
    x_new_flat = x_new.reshape(n_flat)
    stage_flat = stage.reshape(n_flat)
    p = np.zeros((n_p, w))
    poly = np.zeros((q, n_flat))
    t = np.zeros(w)
    h = np.zeros(w)
    h_flat = np.zeros(n_flat)
    theta_flat = np.zeros(n_flat)
    t_new = np.zeros(w)
    times = np.zeros(w)
    acc = np.zeros(n_flat)
    acc_lo = np.zeros(n_flat)
    sum_hi = np.zeros(w)
    sum_lo = np.zeros(w)
    member = np.full(w, -1, dtype=np.int64)
    i_out = np.zeros(w, dtype=np.int64)
    n_accepted = np.zeros(w, dtype=np.int64)
    n_rejected = np.zeros(w, dtype=np.int64)
    just_rejected = np.zeros(w, dtype=np.bool_)
    last = np.zeros(w, dtype=np.bool_)
    accepted = np.zeros(w, dtype=np.bool_)
    wants = np.zeros(w, dtype=np.bool_)
    theta = np.zeros(w)
    previous_error = np.zeros(w)
    previous_h = np.zeros(w)
    step_error = np.zeros(w)
    # one member's vectors, for its start
    x0 = np.empty(d)
    f0 = np.empty(d)
    p0 = np.empty(n_p)
    scratch_x = np.empty(d)
    scratch_f = np.empty(d)
    next_member = start
    while True:
        # every column: a member that can take its next attempt, or none is left
        n_active = 0
        for lane in range(w):
            while True:
                if member[lane] < 0:
                    if next_member >= stop:
                        break
                    i = next_member
                    next_member += 1
                    # the start of solve_explicit, for member i
                    for r in range(d):
                        x0[r] = x0s[i, r]
                        states[i, r] = x0s[i, r]
                    for r in range(n_p):
                        p0[r] = ps[i, r]
                    if not _all_finite(x0):
                        _finish(stats, i, NON_FINITE, t0, 0, 0)
                        continue
                    first_out = outputs_at_start(x0, t0, t_out, out[i])
                    if first_out == n_out:
                        _finish(stats, i, SUCCESS, t0, 0, 0)
                        continue
                    rhs(t0, x0, p0, f0)
                    if not _all_finite(f0):
                        _finish(stats, i, NON_FINITE, t0, 0, 0)
                        continue
                    if first_step > 0.0:
                        h0 = min(first_step, t_end - t0)
                    else:
                        h0 = _initial_step(
                            rhs, t0, x0, f0, p0, rtol, atol, error_order + 1, t_end - t0,
                            scratch_x, scratch_f,
                        )  # fmt: skip
                    for r in range(d):
                        x[r, lane] = x0[r]
                        k[0, r, lane] = f0[r]
                    for r in range(n_p):
                        p[r, lane] = p0[r]
                    member[lane] = i
                    t[lane] = t0
                    h[lane] = h0
                    i_out[lane] = first_out
                    n_accepted[lane] = 0
                    n_rejected[lane] = 0
                    just_rejected[lane] = False
                    previous_error[lane] = -1.0
                    previous_h[lane] = h0
                i = member[lane]
                status = SUCCESS
                if n_accepted[lane] + n_rejected[lane] >= max_steps:
                    status = TOO_MANY_STEPS
                elif h[lane] < 10.0 * _spacing(t[lane]):
                    status = STEP_TOO_SMALL
                if status != SUCCESS:
                    for r in range(d):
                        states[i, r] = x[r, lane]
                    _finish(stats, i, status, t[lane], n_accepted[lane], n_rejected[lane])
                    member[lane] = -1
                    continue
                last[lane] = t[lane] + h[lane] >= t_end
                if last[lane]:
                    h[lane] = t_end - t[lane]
                n_active += 1
                break
            if member[lane] < 0 and h[lane] != 0.0:  # nothing left: a harmless idle column
                h[lane] = 0.0
                for r in range(d):
                    x[r, lane] = 0.0
                    for j in range(s + 1 + m):
                        k[j, r, lane] = 0.0
        if n_active == 0:
            return
        # the stages and the new state, for every column at once
        _repeat(h, h_flat)
        for i in range(1, s):
            _combine(x_flat, h_flat, k_flat, a[i], i, acc, nonzero, stage_flat)
            _stage_times(t, h, c[i], times)
            rhs_block(times, stage, p, k[i])
        _combine(x_flat, h_flat, k_flat, b, s, acc, nonzero, x_new_flat)
        for lane in range(w):
            t_new[lane] = t_end if last[lane] else t[lane] + h[lane]
        rhs_block(t_new, x_new, p, k[s])
        _error_sums(
            x_flat, x_new_flat, k_flat, e, e_low, acc, acc_lo, nonzero, sum_hi, sum_lo, rtol, atol
        )
        # each member's verdict on its step
        any_output = False
        for lane in range(w):
            accepted[lane] = False
            i = member[lane]
            if i < 0:
                continue
            if not two_estimates:
                error = h[lane] * math.sqrt(sum_hi[lane] / d)
            elif sum_hi[lane] == 0.0 and sum_lo[lane] == 0.0:
                error = 0.0
            else:
                error = h[lane] * sum_hi[lane] / math.sqrt((sum_hi[lane] + 0.01 * sum_lo[lane]) * d)
            if not math.isfinite(error) and h[lane] < 1e3 * _spacing(t[lane]):
                for r in range(d):
                    states[i, r] = x_new[r, lane]
                _finish(stats, i, NON_FINITE, t[lane], n_accepted[lane], n_rejected[lane])
                member[lane] = -1
                continue
            if not error <= 1.0:
                h[lane] *= rejected_factor(controller, error, order_k)
                n_rejected[lane] += 1
                just_rejected[lane] = True
                continue
            accepted[lane] = True
            step_error[lane] = error
            if i_out[lane] < n_out and t_out[i_out[lane]] <= t_new[lane]:
                any_output = True
        if any_output:  # the continuous extension, for every column
            for rr in range(m):
                _combine(x_flat, h_flat, k_flat, a_extra[rr], s + 1 + rr, acc, nonzero, stage_flat)
                _stage_times(t, h, c_extra[rr], times)
                rhs_block(times, stage, p, k[s + 1 + rr])
            for col in range(q):  # dense_coefficients of the single kernel
                _accumulate(dense_columns[col], s + 1 + m, k_flat, poly[col], nonzero)
        # the outputs in the accepted steps, in rounds: each round writes the next output
        # of every column that has one, the continuous extension evaluated for all at once
        while any_output:
            any_output = False
            for lane in range(w):
                wants[lane] = (
                    accepted[lane] and i_out[lane] < n_out and t_out[i_out[lane]] <= t_new[lane]
                )
                theta[lane] = 0.0
                if wants[lane]:
                    any_output = True
                    theta[lane] = (t_out[i_out[lane]] - t[lane]) / h[lane]
            if not any_output:
                break
            _repeat(theta, theta_flat)
            for i in range(n_flat):
                acc[i] = 0.0
            for col in range(q - 1, -1, -1):
                for i in range(n_flat):
                    acc[i] = (acc[i] + poly[col, i]) * theta_flat[i]
            for lane in range(w):
                if wants[lane]:
                    n = i_out[lane]
                    exact = t_out[n] == t_new[lane]
                    for r in range(d):
                        if exact:
                            out[member[lane], n, r] = x_new[r, lane]
                        else:
                            out[member[lane], n, r] = x[r, lane] + h[lane] * acc[r * w + lane]
            for lane in range(w):
                if wants[lane]:
                    i_out[lane] += 1
        # accepted steps: the new state, the next step size
        for lane in range(w):
            if not accepted[lane]:
                continue
            i = member[lane]
            t[lane] = t_new[lane]
            for r in range(d):
                x[r, lane] = x_new[r, lane]
                k[0, r, lane] = k[s, r, lane]
            n_accepted[lane] += 1
            if i_out[lane] == n_out:
                for r in range(d):
                    states[i, r] = x[r, lane]
                _finish(stats, i, SUCCESS, t[lane], n_accepted[lane], n_rejected[lane])
                member[lane] = -1
                continue
            factor = accepted_factor(
                controller,
                step_error[lane],
                previous_error[lane],
                h[lane] / previous_h[lane],
                order_k,
                just_rejected[lane],
            )
            previous_error[lane] = step_error[lane]
            previous_h[lane] = h[lane]
            just_rejected[lane] = False
            h[lane] *= factor
