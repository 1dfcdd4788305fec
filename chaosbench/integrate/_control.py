"""Compiled step-size control: the factors of :mod:`chaosbench.integrate.control`."""

from __future__ import annotations

import math

from numba import njit


@njit(cache=True, nogil=True)
def rejected_factor(controller, error, k):
    """Factor for the retry of a step whose scaled error ``error`` exceeded one
    (or was not finite: then the step shrinks by ``min_factor``)."""
    safety, min_factor = controller[0], controller[1]
    if not math.isfinite(error):
        return min_factor
    return max(min_factor, safety * error ** (-1.0 / k))


@njit(cache=True, nogil=True)
def accepted_factor(controller, error, previous_error, step_ratio, k, after_rejection):
    """Factor for the step after an accepted one.

    Parameters
    ----------
    controller : tuple
        A :class:`Controller` as floats.
    error : float
        Scaled error of the accepted step (at most one).
    previous_error : float
        Scaled error of the accepted step before it, or a negative number when
        there was none (the PI and predictive terms are then left out).
    step_ratio : float
        ``h_n / h_{n-1}`` of the two accepted steps (predictive control only).
    k : float
        Order of the error estimate plus one.
    after_rejection : bool
        Whether the step was accepted right after a rejection.
    """
    safety, min_factor, max_factor = controller[0], controller[1], controller[2]
    alpha, beta, predictive, floor = controller[3], controller[4], controller[5], controller[6]
    if error == 0.0:
        factor = max_factor
    else:
        factor = safety * error ** (-alpha / k)
        if previous_error >= 0.0:
            previous = max(previous_error, floor)
            if beta != 0.0:
                factor *= previous ** (beta / k)
            if predictive != 0.0:
                predicted = safety * step_ratio * (previous / (error * error)) ** (1.0 / k)
                factor = min(factor, min(max_factor, max(min_factor, predicted)))
    factor = min(max_factor, max(min_factor, factor))
    if after_rejection:
        factor = min(1.0, factor)
    return factor
