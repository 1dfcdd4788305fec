"""The lockstep ensemble kernel against the single-trajectory kernel, member by member.

:func:`~chaosbench.integrate._explicit_block.solve_explicit_block` promises the
results of :func:`~chaosbench.integrate._explicit.solve_explicit` bit for bit
(wherever the stages are finite), for any block width, with members that fail,
finish at once or run out of steps alongside members that succeed.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from numpy.testing import assert_array_equal

import chaosbench
from chaosbench.errors import InvalidParameterError
from chaosbench.integrate._explicit import no_switches, solve_explicit
from chaosbench.integrate._explicit_block import solve_explicit_block
from chaosbench.integrate._types import (
    BLOCK_RHS_SIGNATURE,
    NON_FINITE,
    RHS_SIGNATURE,
    SUCCESS,
    TOO_MANY_STEPS,
)
from chaosbench.integrate.control import as_controller
from chaosbench.integrate.methods import get_method
from chaosbench.integrate.solve import solve_many


@njit(RHS_SIGNATURE)
def forced(t, x, p, out):
    """A forced Duffing oscillator: depends on the time, so stage times must be right."""
    out[0] = x[1]
    out[1] = -p[0] * x[1] - x[0] ** 3 + p[1] * np.cos(p[2] * t)


@njit(BLOCK_RHS_SIGNATURE)
def forced_block(ts, x, p, out):
    for lane in range(x.shape[1]):
        out[0, lane] = x[1, lane]
        out[1, lane] = (
            -p[0, lane] * x[1, lane] - x[0, lane] ** 3 + p[1, lane] * np.cos(p[2, lane] * ts[lane])
        )


@njit(BLOCK_RHS_SIGNATURE)
def wrong_block(ts, x, p, out):
    for lane in range(x.shape[1]):
        out[0, lane] = 0.0
        out[1, lane] = 0.0


def _members(m: int, seed: int = 3):
    rng = np.random.default_rng(seed)
    x0s = rng.normal(size=(m, 2))
    ps = np.column_stack([0.1 + 0.2 * rng.random(m), 0.5 + 10 * rng.random(m), 0.5 + rng.random(m)])
    return x0s, ps


def _single_runs(method, x0s, ps, t_out, max_steps=10**7):
    record = get_method(method)
    tableau, control = record.coefficients(), as_controller(record.controller)
    runs = []
    for x0, p in zip(x0s, ps, strict=True):
        out = np.full((t_out.size, 2), np.nan)
        state = np.empty(2)
        stats = solve_explicit(
            forced, no_switches, 0, tableau, control, 0.0, x0, p, t_out, 1e-9, 1e-12, 0.0,
            max_steps, out, state,
        )  # fmt: skip
        runs.append((stats, out, state))
    return runs


def _block_run(method, x0s, ps, t_out, width, max_steps=10**7, start=0, stop=None):
    record = get_method(method)
    m = x0s.shape[0]
    stop = m if stop is None else stop
    out = np.full((m, t_out.size, 2), np.nan)
    states = np.full((m, 2), np.nan)
    stats = np.full((m, 4), np.nan)
    solve_explicit_block(
        forced, forced_block, record.coefficients(), as_controller(record.controller), 0.0,
        x0s, ps, t_out, 1e-9, 1e-12, 0.0, max_steps, width, start, stop, out, states, stats,
    )  # fmt: skip
    return stats, out, states


@pytest.mark.parametrize("method", ["dop853", "dopri5"])
@pytest.mark.parametrize("width", [1, 3, 8, 64])
def test_members_equal_single_runs_bitwise(method, width):
    x0s, ps = _members(23)
    x0s[4] = [np.nan, 0.0]  # fails before the first step
    x0s[9] = [1e120, 0.0]  # its rate overflows at once
    x0s[15] = [1e10, 0.0]  # stiff from the start: runs out of steps
    t_out = np.concatenate([[0.0, 0.0], np.linspace(0.05, 6.0, 57)])  # two outputs at t0
    stats, out, states = _block_run(method, x0s, ps, t_out, width, max_steps=20_000)
    singles = _single_runs(method, x0s, ps, t_out, max_steps=20_000)
    for i, (single, single_out, single_state) in enumerate(singles):
        assert tuple(stats[i]) == tuple(float(v) for v in single), i
        assert_array_equal(states[i], single_state)
        if single[0] == SUCCESS:
            assert_array_equal(out[i], single_out)
    assert stats[4, 0] == NON_FINITE
    assert stats[9, 0] == NON_FINITE and stats[15, 0] == TOO_MANY_STEPS
    assert np.sum(stats[:, 0] == SUCCESS) == 20


def test_a_member_overflowing_on_the_way_fails_alone():
    problem = chaosbench.get("Lorenz").problem
    rng = np.random.default_rng(5)
    x0s = problem.ic + rng.normal(scale=0.5, size=(7, 3))
    ps = np.tile(problem.parameter_vector(), (7, 1))
    ps[3, 1] = 1e300
    t_out = np.linspace(0.0, 2.0, 21)
    kwargs = {"workers": 1, "t0": 0.0}
    blocked = solve_many(
        problem.rhs, None, None, x0s, ps, t_out, rhs_block=problem.rhs_block, **kwargs
    )
    plain = solve_many(problem.rhs, None, None, x0s, ps, t_out, **kwargs)
    assert blocked.failures() == [3] == plain.failures()
    assert blocked.message(3) == plain.message(3)
    assert_array_equal(blocked.t_reached, plain.t_reached)
    assert_array_equal(blocked.states, plain.states)
    assert_array_equal(np.delete(blocked.y, 3, axis=0), np.delete(plain.y, 3, axis=0))


def test_running_out_of_steps_matches_single_runs():
    x0s, ps = _members(9)
    t_out = np.linspace(0.0, 50.0, 11)
    stats, _, states = _block_run("dop853", x0s, ps, t_out, 4, max_steps=40)
    for i, (single, _, single_state) in enumerate(_single_runs("dop853", x0s, ps, t_out, 40)):
        assert tuple(stats[i]) == tuple(float(v) for v in single)
        assert_array_equal(states[i], single_state)
    assert np.all(stats[:, 0] == TOO_MANY_STEPS)


def test_outputs_all_at_the_start_take_no_step():
    x0s, ps = _members(5)
    stats, out, states = _block_run("dop853", x0s, ps, np.zeros(3), 4)
    assert np.all(stats[:, 0] == SUCCESS) and np.all(stats[:, 2:] == 0)
    assert_array_equal(out, np.repeat(x0s[:, None, :], 3, axis=1))
    assert_array_equal(states, x0s)


def test_only_the_given_range_is_touched():
    x0s, ps = _members(10)
    stats, out, _ = _block_run("dop853", x0s, ps, np.linspace(0, 1, 5), 4, start=3, stop=7)
    assert np.all(np.isnan(stats[:3])) and np.all(np.isnan(stats[7:]))
    assert np.all(stats[3:7, 0] == SUCCESS)
    assert np.all(np.isnan(out[:3])) and np.all(np.isnan(out[7:]))


def test_solve_many_takes_the_block_kernel_unless_there_are_switches():
    x0s, ps = _members(6)
    t_out = np.linspace(0.0, 2.0, 9)
    plain = solve_many(forced, None, None, x0s, ps, t_out, workers=2)
    blocked = solve_many(forced, None, None, x0s, ps, t_out, rhs_block=forced_block, workers=2)
    assert_array_equal(plain.y, blocked.y)
    # a deliberately wrong block rhs shows which kernel ran
    wrong = solve_many(forced, None, None, x0s, ps, t_out, rhs_block=wrong_block, workers=1)
    assert not np.array_equal(wrong.y, plain.y)
    switched = solve_many(
        forced, None, None, x0s, ps, t_out, rhs_block=wrong_block, workers=1,
        switches=no_switches, n_switches=1,
    )  # fmt: skip
    assert_array_equal(switched.y, plain.y)


@pytest.mark.parametrize("name", ["Lorenz", "Duffing", "KuramotoSivashinsky"])
def test_generated_block_rhs_equals_rhs_column_by_column(name):
    problem = chaosbench.get(name).problem
    rng = np.random.default_rng(1)
    width = 5
    d = problem.dimension
    x = np.ascontiguousarray(problem.ic[:, None] + rng.normal(size=(d, width)))
    base = problem.parameter_vector()
    p = np.ascontiguousarray(base[:, None] * (1 + 0.1 * rng.random((base.size, width))))
    ts = rng.random(width) * 10
    out = np.empty((d, width))
    problem.rhs_block(ts, x, p, out)
    for lane in range(width):
        expected = np.empty(d)
        problem.rhs(ts[lane], x[:, lane].copy(), p[:, lane].copy(), expected)
        assert_array_equal(out[:, lane], expected)


@pytest.mark.parametrize("width", [0, -3, 2.5, True])
def test_a_block_width_that_is_not_a_positive_integer_is_refused(width):
    x0s, ps = _members(3)
    with pytest.raises(InvalidParameterError, match="block_width"):
        solve_many(
            forced, None, None, x0s, ps, np.linspace(0, 1, 3), rhs_block=forced_block,
            block_width=width,
        )  # fmt: skip
