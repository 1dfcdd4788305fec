"""The explicit Runge–Kutta kernel against closed-form solutions."""

from itertools import pairwise

import numpy as np
import pytest
from numba import njit

from chaosbench.integrate import solve
from chaosbench.integrate._types import (
    NON_FINITE,
    RHS_SIGNATURE,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
)


@njit(RHS_SIGNATURE)
def oscillator(t, x, p, out):
    # damped, forced: x'' + 2 z w x' + w^2 x = cos(t)
    out[0] = x[1]
    out[1] = -2.0 * p[0] * p[1] * x[1] - p[1] ** 2 * x[0] + np.cos(t)


@njit(RHS_SIGNATURE)
def logistic_growth(t, x, p, out):
    out[0] = p[0] * x[0] * (1.0 - x[0])


@njit(RHS_SIGNATURE)
def blow_up(t, x, p, out):
    out[0] = x[0] * x[0]


@njit(RHS_SIGNATURE)
def nan_after_one(t, x, p, out):
    out[0] = 1.0 if t < 1.0 else np.nan


def logistic_exact(t, r=1.5, x0=0.1):
    return 1.0 / (1.0 + (1.0 / x0 - 1.0) * np.exp(-r * t))


@pytest.mark.parametrize("method", list(solve.EXPLICIT_METHODS))
def test_dense_output_matches_closed_form(method):
    t = np.linspace(0.0, 10.0, 997)  # output grid unrelated to the steps
    result = solve.solve_flow(
        logistic_growth,
        None,
        None,
        np.array([0.1]),
        np.array([1.5]),
        t,
        method=method,
        rtol=1e-10,
        atol=1e-12,
    )
    assert result.success and result.status == SUCCESS
    np.testing.assert_allclose(result.y[:, 0], logistic_exact(t), rtol=5e-9)
    assert result.y[0, 0] == 0.1  # the initial condition is returned exactly


@pytest.mark.parametrize("method", list(solve.EXPLICIT_METHODS))
def test_error_shrinks_with_tolerance(method):
    t = np.linspace(0.0, 10.0, 11)
    errors = []
    for rtol in (1e-5, 1e-7, 1e-9, 1e-11):
        result = solve.solve_flow(
            logistic_growth,
            None,
            None,
            np.array([0.1]),
            np.array([1.5]),
            t,
            method=method,
            rtol=rtol,
            atol=rtol * 1e-3,
        )
        errors.append(np.max(np.abs(result.y[:, 0] - logistic_exact(t))))
    assert all(later < earlier for earlier, later in pairwise(errors))
    assert errors[-1] < 1e-10


def test_steps_do_not_depend_on_output_grid():
    p = np.array([0.1, 2.0])
    coarse = solve.solve_flow(
        oscillator, None, None, np.array([1.0, 0.0]), p, np.array([0.0, 20.0]), rtol=1e-8
    )
    fine = solve.solve_flow(
        oscillator, None, None, np.array([1.0, 0.0]), p, np.linspace(0.0, 20.0, 5000), rtol=1e-8
    )
    assert coarse.n_accepted == fine.n_accepted
    np.testing.assert_array_equal(coarse.y[-1], fine.y[-1])


def test_dop853_needs_fewer_steps_than_dopri5_at_tight_tolerance():
    p = np.array([0.1, 2.0])
    counts = {
        m: solve.solve_flow(
            oscillator,
            None,
            None,
            np.array([1.0, 0.0]),
            p,
            np.array([0.0, 50.0]),
            method=m,
            rtol=1e-11,
        ).n_accepted
        for m in solve.EXPLICIT_METHODS
    }
    assert counts["dop853"] < counts["dopri5"] / 2


def test_failures_are_reported_as_status():
    one = np.array([1.0])
    result = solve.solve_flow(blow_up, None, None, one, np.zeros(1), np.array([0.0, 2.0]))
    assert result.status in (NON_FINITE, STEP_TOO_SMALL) and not result.success
    assert result.t_reached == pytest.approx(1.0, abs=1e-3)
    result = solve.solve_flow(nan_after_one, None, None, one, np.zeros(1), np.array([0.0, 2.0]))
    assert result.status == NON_FINITE
    assert result.t_reached <= 1.0 + 1e-9
    result = solve.solve_flow(
        logistic_growth,
        None,
        None,
        np.array([0.1]),
        np.array([1.5]),
        np.array([0.0, 100.0]),
        max_steps=5,
    )
    assert result.status == TOO_MANY_STEPS
    assert "maximum number of steps" in result.message


def test_steps_land_on_kinks_of_the_vector_field():
    from chaosbench import Declaration, System

    kinked = System(
        Declaration(
            name="KinkInTime",
            kind="flow",
            variables=("x",),
            parameters={"c": 1.0},
            equations=("Abs(t - c)",),
            ic=(0.0,),
            citation="x' = |t - 1|",
            field="mathematics",
        )
    )
    assert kinked.kernels.module.N_SWITCHES == 1
    t = np.linspace(0.0, 3.0, 31)
    exact = np.where(t < 1, t - t**2 / 2, 0.5 + (t - 1) ** 2 / 2)
    _, landed = kinked.trajectory(31, dt=0.1, rtol=1e-10, atol=1e-12)
    p = kinked.parameter_vector()
    across = solve.solve_flow(
        kinked.kernels.rhs, None, None, np.zeros(1), p, t, rtol=1e-10, atol=1e-12
    ).y
    assert np.max(np.abs(landed[:, 0] - exact)) < 1e-12
    assert np.max(np.abs(landed[:, 0] - exact)) < np.max(np.abs(across[:, 0] - exact))


def test_switching_surfaces_are_generated_from_the_equations():
    import chaosbench

    chua = chaosbench.get("Chua")
    assert chua.kernels.module.N_SWITCHES == 2  # |x + 1| and |x - 1|
    values = np.empty(2)
    chua.kernels.switches(0.0, np.array([0.25, 0.0, 0.0]), chua.parameter_vector(), values)
    np.testing.assert_allclose(sorted(values), [0.25 - 1, 0.25 + 1])
    assert chaosbench.get("Lorenz").kernels.module.N_SWITCHES == 0
