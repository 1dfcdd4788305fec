"""The delay-equation kernel against closed-form solutions."""

import math

import numpy as np
import pytest
from numba import njit

from chaosbench.integrate import solve
from chaosbench.integrate._types import DELAY_RHS_SIGNATURE


@njit(DELAY_RHS_SIGNATURE)
def negative_feedback(t, x, xd, p, out):
    out[0] = -xd[0]


@njit(DELAY_RHS_SIGNATURE)
def two_lags(t, x, xd, p, out):
    out[0] = -0.5 * xd[0] + 0.25 * xd[1] - 0.1 * x[0]


def method_of_steps(t: float) -> float:
    """x' = -x(t - 1) with x = 1 for t <= 0: x(t) = sum_k (-1)^k (t - k + 1)^k / k! on [n-1, n]."""
    n = math.floor(t) + 1
    return sum((-1) ** k * (t - (k - 1)) ** k / math.factorial(k) for k in range(n + 1))


T = np.linspace(0.0, 8.0, 801)
EXACT = np.array([method_of_steps(t) for t in T])


@pytest.mark.parametrize(
    ("method", "rtol", "bound"),
    [
        ("dop853", 1e-9, 1e-10),
        ("dop853", 1e-12, 1e-12),
        ("dopri5", 1e-9, 1e-8),
        ("dopri5", 1e-12, 1e-11),
    ],
)
def test_matches_the_method_of_steps_solution(method, rtol, bound):
    result = solve.solve_delay(
        negative_feedback,
        np.array([0]),
        np.array([1.0]),
        np.ones(1),
        np.zeros(0),
        T,
        method=method,
        rtol=rtol,
        atol=rtol * 1e-2,
    )
    assert result.success
    assert np.max(np.abs(result.y[:, 0] - EXACT)) < bound


def test_a_tiny_history_buffer_is_enlarged_without_changing_the_answer():
    args = (negative_feedback, np.array([0]), np.array([1.0]), np.ones(1), np.zeros(0), T)
    roomy = solve.solve_delay(*args, rtol=1e-10, atol=1e-12)
    history = solve.DelayHistory.constant(np.ones(1), 0.0, 7, capacity=4)
    cramped = solve.solve_delay(*args, rtol=1e-10, atol=1e-12, history=history)
    assert history.t.size > 4
    np.testing.assert_allclose(cramped.y, roomy.y, rtol=0, atol=1e-11)


def test_resuming_with_the_history_continues_the_same_solution():
    args = (negative_feedback, np.array([0]), np.array([1.0]))
    whole = solve.solve_delay(*args, np.ones(1), np.zeros(0), T, rtol=1e-11, atol=1e-13)
    history = solve.DelayHistory.constant(np.ones(1), 0.0, 7)
    first = solve.solve_delay(
        *args, np.ones(1), np.zeros(0), T[T <= 4.0], rtol=1e-11, atol=1e-13, history=history
    )
    second = solve.solve_delay(
        *args,
        first.y[-1],
        np.zeros(0),
        T[T >= 4.0],
        t0=4.0,
        rtol=1e-11,
        atol=1e-13,
        history=history,
    )
    joined = np.concatenate([first.y[:, 0], second.y[1:, 0]])
    np.testing.assert_allclose(joined, whole.y[:, 0], atol=1e-10)
    np.testing.assert_allclose(joined, EXACT, atol=1e-10)


def test_several_lags_converge_under_refinement():
    t = np.linspace(0.0, 30.0, 301)
    args = (two_lags, np.array([0, 0]), np.array([1.0, 2.7]), np.ones(1), np.zeros(0), t)
    reference = solve.solve_delay(*args, rtol=1e-13, atol=1e-15).y
    errors = [
        np.max(np.abs(solve.solve_delay(*args, rtol=r, atol=r * 1e-2).y - reference))
        for r in (1e-5, 1e-7, 1e-9)
    ]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-8
    other = solve.solve_delay(*args, method="dopri5", rtol=1e-12, atol=1e-14).y
    np.testing.assert_allclose(other, reference, atol=1e-10)


@njit(DELAY_RHS_SIGNATURE)
def coinciding_lags(t, x, xd, p, out):
    out[0] = -xd[0] + 0.5 * np.sin(xd[1])


@pytest.mark.parametrize("lags", [(0.1, 0.5), (1.15 / 12, 5 * 1.15 / 12)])
def test_breakpoints_that_nearly_coincide_do_not_stall_the_integration(lags):
    t = np.linspace(0.0, 20.0, 201)
    result = solve.solve_delay(
        coinciding_lags,
        np.array([0, 0]),
        np.array(lags),
        np.ones(1),
        np.zeros(0),
        t,
        rtol=1e-9,
        atol=1e-12,
    )
    assert result.success, result.message


def test_restarting_next_to_a_breakpoint_does_not_stall():
    history = solve.DelayHistory.constant(np.ones(1), 0.0, 7)
    x, t = np.ones(1), 0.0
    for _ in range(30):  # sums of 0.1 land a rounding error away from the breakpoints n * 1.0
        result = solve.solve_delay(
            negative_feedback,
            np.array([0]),
            np.array([1.0]),
            x,
            np.zeros(0),
            np.array([t + 0.1]),
            t0=t,
            rtol=1e-10,
            atol=1e-12,
            history=history,
        )
        assert result.success, result.message
        x, t = result.y[-1], t + 0.1
    assert x[0] == pytest.approx(method_of_steps(t), abs=1e-9)
