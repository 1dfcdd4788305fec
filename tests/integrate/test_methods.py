"""Tests that every registered integration method must pass.

Each test is parametrised over :data:`chaosbench.integrate.methods.METHODS`, so
a method added to the table is held to the same standard without new tests:

- its observed convergence order on a problem with a known solution matches
  the order its record declares (fixed steps, as Diffrax's order tests do);
- failures come back as a status, with the output before the failure correct;
- the output does not depend on the grid it is sampled on;
- it agrees with scipy's DOP853 run at a far tighter tolerance;
- an ensemble gives, member for member, exactly the single-trajectory result;
- its tangent kernel (where it has one) satisfies Liouville's identity;
- its delay kernel (where it has one) reproduces the method of steps.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numba import njit
from numpy.testing import assert_allclose, assert_array_equal
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench.analysis.lyapunov import lyapunov_spectrum
from chaosbench.integrate._types import DELAY_RHS_SIGNATURE, JAC_SIGNATURE, RHS_SIGNATURE
from chaosbench.integrate.control import Controller
from chaosbench.integrate.methods import METHODS
from chaosbench.integrate.solve import solve_delay, solve_flow, solve_many
from chaosbench.integrate.status import TOO_MANY_STEPS

ALL = sorted(METHODS)
FLOW = sorted(name for name, m in METHODS.items() if "flow" in m.kinds)
DELAY = sorted(name for name, m in METHODS.items() if "delay" in m.kinds)
TANGENT = sorted(name for name, m in METHODS.items() if m.tangent_kernel is not None)

#: every step accepted and none resized: the step stays at ``first_step``
FIXED_STEPS = Controller(1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1e-4)
NO_ERROR_CONTROL = {"rtol": 1e300, "atol": 1e300}


# --------------------------------------------------------------------------------------
# Problems.
# --------------------------------------------------------------------------------------


@njit(RHS_SIGNATURE)
def semilinear(t, x, p, out):
    # x0 = (1 + t) e^{-2t}, x1 = e^{-t}, x2 = 1/2 + sin t: nonlinear, stiff-ish linear
    # part on the diagonal (what ETDRK4 integrates exactly) and non-autonomous
    out[0] = -2.0 * x[0] + x[1] * x[1]
    out[1] = -x[1]
    out[2] = math.cos(t)


@njit(JAC_SIGNATURE)
def semilinear_jac(t, x, p, out):
    out[:] = 0.0
    out[0, 0] = -2.0
    out[0, 1] = 2.0 * x[1]
    out[1, 1] = -1.0


@njit(RHS_SIGNATURE)
def semilinear_dfdt(t, x, p, out):
    out[0] = 0.0
    out[1] = 0.0
    out[2] = -math.sin(t)


def semilinear_exact(t: float) -> np.ndarray:
    return np.array([(1.0 + t) * math.exp(-2.0 * t), math.exp(-t), 0.5 + math.sin(t)])


@njit(RHS_SIGNATURE)
def lorenz(t, x, p, out):
    out[0] = p[0] * (x[1] - x[0])
    out[1] = x[0] * (p[1] - x[2]) - x[1]
    out[2] = x[0] * x[1] - p[2] * x[2]


@njit(JAC_SIGNATURE)
def lorenz_jac(t, x, p, out):
    out[0, 0] = -p[0]
    out[0, 1] = p[0]
    out[0, 2] = 0.0
    out[1, 0] = p[1] - x[2]
    out[1, 1] = -1.0
    out[1, 2] = -x[0]
    out[2, 0] = x[1]
    out[2, 1] = x[0]
    out[2, 2] = -p[2]


@njit(RHS_SIGNATURE)
def autonomous_dfdt(t, x, p, out):
    out[:] = 0.0


def lorenz_numpy(t, x, p):
    return np.array([p[0] * (x[1] - x[0]), x[0] * (p[1] - x[2]) - x[1], x[0] * x[1] - p[2] * x[2]])


LORENZ_P = np.array([10.0, 28.0, 8.0 / 3.0])
LORENZ_X0 = np.array([-8.0, 7.0, 27.0])


@njit(RHS_SIGNATURE)
def riccati(t, x, p, out):
    # x = 1 / (1 - t): blows up at t = 1
    out[0] = x[0] * x[0]


@njit(RHS_SIGNATURE)
def poisoned(t, x, p, out):
    # well behaved until t = 1/2, then not a number
    out[0] = -x[0] if t <= 0.5 else math.nan


def flow(name, rhs, jac, dfdt, x0, p, t_out, **options):
    return solve_flow(rhs, jac, dfdt, x0, p, np.asarray(t_out, dtype=float), method=name, **options)


# --------------------------------------------------------------------------------------
# The table itself.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_record_is_consistent(name):
    method = METHODS[name]
    assert method.name == name == name.lower()
    assert method.kinds and method.kinds <= {"flow", "delay"}
    for role in ("kernel", "ensemble_kernel", "tangent_kernel", "delay_kernel"):
        if getattr(method, role) is not None:
            assert callable(method.load(role))
    assert ("delay" in method.kinds) == (method.delay_kernel is not None)
    if method.family == "explicit":
        error_order = method.coefficients()[8]
        assert 0 < error_order < method.order


# --------------------------------------------------------------------------------------
# Convergence order.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FLOW)
def test_observed_order_matches_the_declared_order(name):
    method = METHODS[name]
    t_end = 2.0
    # step counts that keep the error between ~1e-4 and well above rounding
    counts = (4, 8, 16) if method.order >= 7 else (8, 16, 32, 64)
    errors = []
    for n in counts:
        solution = flow(
            name,
            semilinear,
            semilinear_jac,
            semilinear_dfdt,
            semilinear_exact(0.0),
            np.zeros(1),
            [t_end],
            first_step=t_end / n,
            controller=FIXED_STEPS,
            **NO_ERROR_CONTROL,
        )
        assert solution.success
        assert solution.n_accepted == n and solution.n_rejected == 0
        errors.append(np.max(np.abs(solution.y[-1] - semilinear_exact(t_end))))
    slopes = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(slopes > method.order - 0.3), slopes
    assert np.all(slopes < method.order + 1.5), slopes  # not a higher order by accident


@pytest.mark.parametrize("name", FLOW)
def test_adaptive_error_falls_with_the_tolerance(name):
    errors = []
    for rtol in (1e-5, 1e-8):
        solution = flow(
            name,
            semilinear,
            semilinear_jac,
            semilinear_dfdt,
            semilinear_exact(0.0),
            np.zeros(1),
            [3.0],
            rtol=rtol,
            atol=rtol * 1e-3,
        )
        assert solution.success
        errors.append(np.max(np.abs(solution.y[-1] - semilinear_exact(3.0))))
    assert errors[0] < 1e-4
    assert errors[1] < errors[0] / 30


# --------------------------------------------------------------------------------------
# Failures are a status.
# --------------------------------------------------------------------------------------


@njit(JAC_SIGNATURE)
def riccati_jac(t, x, p, out):
    out[0, 0] = 2.0 * x[0]


@pytest.mark.parametrize("name", FLOW)
def test_blow_up_is_reported_with_the_jacobian(name):
    t_out = np.linspace(0.0, 2.0, 41)
    solution = flow(name, riccati, riccati_jac, autonomous_dfdt, [1.0], np.zeros(1), t_out)
    assert not solution.success and solution.message
    # the last steps before the pole are ~1e-8 long: a method may end just across it
    assert solution.t_reached <= 1.0 + 1e-6
    before = t_out < solution.t_reached - 0.05
    assert before.sum() >= 15
    assert_allclose(solution.y[before, 0], 1.0 / (1.0 - t_out[before]), rtol=1e-5)


@njit(JAC_SIGNATURE)
def poisoned_jac(t, x, p, out):
    out[0, 0] = -1.0


@pytest.mark.parametrize("name", FLOW)
def test_not_a_number_in_the_vector_field_is_reported(name):
    t_out = np.linspace(0.0, 1.0, 11)
    solution = flow(name, poisoned, poisoned_jac, autonomous_dfdt, [1.0], np.zeros(1), t_out)
    assert not solution.success and solution.message
    assert solution.t_reached <= 0.5 + 1e-9
    before = t_out < 0.45
    assert_allclose(solution.y[before, 0], np.exp(-t_out[before]), rtol=1e-6)


@pytest.mark.parametrize("name", FLOW)
def test_step_budget_is_reported(name):
    solution = flow(
        name, lorenz, lorenz_jac, autonomous_dfdt, LORENZ_X0, LORENZ_P, [10.0], max_steps=5
    )
    assert solution.status == TOO_MANY_STEPS
    assert 0.0 < solution.t_reached < 10.0
    assert np.all(np.isfinite(solution.state))


# --------------------------------------------------------------------------------------
# Output grid, scipy, ensembles.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FLOW)
def test_output_does_not_depend_on_the_grid(name):
    coarse = np.linspace(0.0, 4.0, 9)
    fine = np.linspace(0.0, 4.0, 401)  # contains every coarse time exactly
    assert np.all(np.isin(coarse, fine))
    run = {"rtol": 1e-10, "atol": 1e-12}
    a = flow(name, lorenz, lorenz_jac, autonomous_dfdt, LORENZ_X0, LORENZ_P, coarse, **run)
    b = flow(name, lorenz, lorenz_jac, autonomous_dfdt, LORENZ_X0, LORENZ_P, fine, **run)
    assert a.success and b.success
    on_coarse = b.y[np.isin(fine, coarse)]
    if METHODS[name].dense_output:
        # the steps never depend on the output times, only the interpolated values
        # are computed differently: the two agree to rounding
        assert (a.n_accepted, a.n_rejected) == (b.n_accepted, b.n_rejected)
        assert_allclose(on_coarse, a.y, rtol=1e-12, atol=1e-11)
    else:
        # steps land on every output time: the two runs differ by the global error,
        # which may be as large as what the scipy test below allows
        assert b.n_accepted > a.n_accepted
        assert_allclose(on_coarse, a.y, rtol=0, atol=5e-7 * np.abs(a.y).max())


@pytest.mark.parametrize("name", FLOW)
def test_agrees_with_scipy_at_tight_tolerance(name):
    t_out = np.linspace(0.0, 3.0, 31)
    reference = solve_ivp(
        lorenz_numpy,
        (0.0, 3.0),
        LORENZ_X0,
        method="DOP853",
        t_eval=t_out,
        args=(LORENZ_P,),
        rtol=1e-13,
        atol=1e-13,
    )
    ours = flow(
        name,
        lorenz,
        lorenz_jac,
        autonomous_dfdt,
        LORENZ_X0,
        LORENZ_P,
        t_out,
        rtol=1e-10,
        atol=1e-12,
    )
    assert ours.success
    # Lorenz separates nearby orbits by ~e^{0.9 t}: 1e-10 per unit time grows ~15-fold
    assert_allclose(ours.y, reference.y.T, rtol=0, atol=5e-7 * np.abs(reference.y).max())


@pytest.mark.parametrize("name", FLOW)
@pytest.mark.parametrize("workers", [1, 2])
def test_ensemble_members_equal_single_runs(name, workers):
    rng = np.random.default_rng(7)
    m = 5
    x0s = LORENZ_X0 + rng.normal(scale=0.5, size=(m, 3))
    ps = LORENZ_P * (1.0 + rng.uniform(-0.05, 0.05, size=(m, 3)))
    ps[3, 1] = 1e300  # one member overflows: it must fail alone
    t_out = np.linspace(0.0, 2.0, 21)
    ensemble = solve_many(
        lorenz, lorenz_jac, autonomous_dfdt, x0s, ps, t_out, method=name, workers=workers
    )
    for i in range(m):
        single = flow(name, lorenz, lorenz_jac, autonomous_dfdt, x0s[i], ps[i], t_out)
        assert ensemble.status[i] == single.status
        assert ensemble.t_reached[i] == single.t_reached
        if single.success:
            assert_array_equal(ensemble.y[i], single.y)
    assert ensemble.failures() == [3]


# --------------------------------------------------------------------------------------
# Tangent space and delay equations.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TANGENT)
def test_tangent_kernel_satisfies_liouville(name):
    system = chaosbench.get("Lorenz")
    sigma, beta = system.parameters["sigma"], system.parameters["beta"]
    exponents, divergence = lyapunov_spectrum(
        system,
        method=name,
        interval=0.01,
        n_intervals=300,
        transient_intervals=50,
        return_divergence=True,
    )
    # Lorenz has constant divergence -(sigma + 1 + beta): the exponents must add up to it
    assert divergence == pytest.approx(-(sigma + 1.0 + beta), rel=1e-9)
    assert exponents.sum() == pytest.approx(divergence, rel=1e-6)
    assert exponents[0] > exponents[1] > exponents[2]


@njit(DELAY_RHS_SIGNATURE)
def pure_delay(t, x, xd, p, out):
    out[0] = -xd[0]


def pure_delay_exact(t: float) -> float:
    """x' = -x(t - 1) with x = 1 for t <= 0, by the method of steps up to t = 3."""
    if t <= 1.0:
        return 1.0 - t
    if t <= 2.0:
        return t * t / 2.0 - 2.0 * t + 1.5
    s = t - 1.0  # x'(t) = -(s^2/2 - 2 s + 3/2), integrated from t = 2 (x = -1/2)
    return -0.5 - ((s**3 / 6 - s * s + 1.5 * s) - (1 / 6 - 1 + 1.5))


@pytest.mark.parametrize("name", DELAY)
def test_delay_kernel_follows_the_method_of_steps(name):
    t_out = np.linspace(0.0, 3.0, 31)
    solution = solve_delay(
        pure_delay,
        np.array([0]),
        np.array([1.0]),
        np.array([1.0]),
        np.zeros(1),
        t_out,
        method=name,
        rtol=1e-10,
        atol=1e-12,
    )
    assert solution.success
    exact = np.array([pure_delay_exact(t) for t in t_out])
    assert_allclose(solution.y[:, 0], exact, atol=1e-9)
