"""A fast first look at a candidate: fixed-step runs that reject most of them in a millisecond.

Random polynomial systems mostly escape to infinity or settle to a fixed point or
a cycle. These kernels find out cheaply, with the shared table kernels
(:mod:`chaosbench.systems.shared_table`) and a tangent vector carried along: a
classical Runge–Kutta step for flows (of the state and the tangent vector
together, so the tangent follows the linearisation of the step itself) and plain
iteration for maps. Only survivors go on to the accurate, adaptive verification;
nothing is accepted on the screen's word.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from chaosbench.systems.shared_table import tangent

#: screen outcomes
PASSED, UNBOUNDED, STATIONARY = 0, 1, 2

#: an orbit whose RMS size over the second half of the measurement exceeds this many
#: times its RMS size over the first half is drifting away (counted as unbounded)
DRIFT = 1.5


@njit(cache=True, nogil=True)
def screen_flow(p, x0, dt, n_transient, n_measure, escape, min_exponent):
    """RK4 run of a flow and its tangent vector from ``x0``.

    Returns ``(outcome, exponent, speed)``: :data:`UNBOUNDED` when the state leaves
    the ball of radius ``escape``, stops being finite or drifts (see :data:`DRIFT`),
    :data:`STATIONARY` when the speed falls below ``1e-6`` (relative to the state's
    size), else
    :data:`PASSED` with the estimated largest exponent and the RMS speed over the
    last ``n_measure`` steps. The exponent is the smaller of its estimates over the
    two halves of those steps: chaos gives the same rate in both, while the growth
    of shear (nearby regular orbits drifting apart linearly) slows down. So a run
    whose first half already falls below ``min_exponent`` stops there, returning
    :data:`PASSED` with that estimate (and a speed of 0): the verdict of the whole
    run could only be lower.
    """
    d = x0.size
    y = np.empty(2 * d)
    y[:d] = x0
    y[d:] = 1.0 / np.sqrt(d)
    k1, k2, k3, k4 = np.empty(2 * d), np.empty(2 * d), np.empty(2 * d), np.empty(2 * d)
    stage = np.empty(2 * d)
    growth, growth_late, speed = 0.0, 0.0, 0.0
    early, late = 0.0, 0.0  # sums of |x|^2 over the first and second half of the measurement
    half = n_transient + n_measure // 2
    for n in range(n_transient + n_measure):
        tangent(0.0, y, p, k1)
        for i in range(2 * d):
            stage[i] = y[i] + 0.5 * dt * k1[i]
        tangent(0.0, stage, p, k2)
        for i in range(2 * d):
            stage[i] = y[i] + 0.5 * dt * k2[i]
        tangent(0.0, stage, p, k3)
        for i in range(2 * d):
            stage[i] = y[i] + dt * k3[i]
        tangent(0.0, stage, p, k4)
        size = 0.0
        norm = 0.0
        for i in range(2 * d):
            y[i] += dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
        for i in range(d):
            size = max(size, abs(y[i]))
            norm += y[d + i] * y[d + i]
        if not (size < escape) or not np.isfinite(norm) or norm == 0.0:
            return UNBOUNDED, 0.0, 0.0
        if n % 250 == 249:  # settled on a fixed point already: no need to go on
            rate = 0.0
            for i in range(d):
                rate += k4[i] * k4[i]
            if np.sqrt(rate) < 1e-6 * max(1.0, size):
                return STATIONARY, 0.0, 0.0
        norm = np.sqrt(norm)
        for i in range(d, 2 * d):
            y[i] /= norm
        square = 0.0
        for i in range(d):
            square += y[i] * y[i]
        if n >= half:
            late += square
        elif n >= n_transient:
            early += square
        if n >= half:
            growth_late += np.log(norm)
        if n >= n_transient:
            growth += np.log(norm)
            rate = 0.0
            for i in range(d):
                rate += k1[i] * k1[i]
            speed += rate
        if n == half - 1 and growth / ((half - n_transient) * dt) < min_exponent:
            return PASSED, growth / ((half - n_transient) * dt), 0.0
    rate = 0.0
    for i in range(d):
        rate += k4[i] * k4[i]
    scale = 0.0
    for i in range(d):
        scale = max(scale, abs(y[i]))
    if np.sqrt(rate) < 1e-6 * max(1.0, scale):
        return STATIONARY, 0.0, 0.0
    late_steps = n_transient + n_measure - half
    if np.sqrt(late / late_steps) > DRIFT * np.sqrt(early / (n_measure - late_steps)):
        return UNBOUNDED, 0.0, 0.0
    late_rate = growth_late / (late_steps * dt)
    early_rate = (growth - growth_late) / ((n_measure - late_steps) * dt)
    return PASSED, min(late_rate, early_rate), np.sqrt(speed / n_measure)


@njit(cache=True, nogil=True)
def screen_map(p, x0, n_transient, n_measure, escape, min_exponent):
    """Iterates of a map and its tangent vector from ``x0``; as :func:`screen_flow`,
    with the exponent per iteration and the RMS step length for the speed."""
    d = x0.size
    y = np.empty(2 * d)
    y[:d] = x0
    y[d:] = 1.0 / np.sqrt(d)
    new = np.empty(2 * d)
    growth, growth_late, speed = 0.0, 0.0, 0.0
    half = n_transient + n_measure // 2
    for n in range(n_transient + n_measure):
        tangent(0.0, y, p, new)
        size, norm, step = 0.0, 0.0, 0.0
        for i in range(d):
            size = max(size, abs(new[i]))
            norm += new[d + i] * new[d + i]
            step += (new[i] - y[i]) ** 2
        if not (size < escape) or not np.isfinite(norm):
            return UNBOUNDED, 0.0, 0.0
        if norm == 0.0:
            return STATIONARY, 0.0, 0.0
        norm = np.sqrt(norm)
        for i in range(d):
            y[i] = new[i]
            y[d + i] = new[d + i] / norm
        if n >= n_transient:
            growth += np.log(norm)
            speed += step
        if n >= half:
            growth_late += np.log(norm)
        if n == half - 1 and growth / (half - n_transient) < min_exponent:
            return PASSED, growth / (half - n_transient), 0.0
    if np.sqrt(speed / n_measure) < 1e-9:
        return STATIONARY, 0.0, 0.0
    late_steps = n_transient + n_measure - half
    early_rate = (growth - growth_late) / (n_measure - late_steps)
    return PASSED, min(growth_late / late_steps, early_rate), np.sqrt(speed / n_measure)
