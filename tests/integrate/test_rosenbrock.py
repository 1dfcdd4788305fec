"""Tests of the RODAS4 Rosenbrock kernel against independent references.

References are scipy's Radau IIA integrator at tight tolerances or closed-form
solutions; none of them shares code or coefficients with the kernel under test.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy.integrate import solve_ivp

from chaosbench.integrate._rosenbrock import _lu_factor, _lu_solve, solve_rosenbrock
from chaosbench.integrate._types import (
    JAC_SIGNATURE,
    NON_FINITE,
    RHS_SIGNATURE,
    SINGULAR_MATRIX,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
)
from chaosbench.integrate.control import PREDICTIVE_CONTROLLER, as_controller
from chaosbench.integrate.rosenbrock_tableau import RODAS4

# ---------------------------------------------------------------------------
# test problems (numba first-class functions with the kernel's signatures)
# ---------------------------------------------------------------------------

RODAS_CONTROLLER = as_controller(PREDICTIVE_CONTROLLER)


@njit(RHS_SIGNATURE)
def zero_dfdt(t, x, p, out):
    for i in range(out.shape[0]):
        out[i] = 0.0


@njit(RHS_SIGNATURE)
def vdp_rhs(t, x, p, out):
    # x'' - mu (1 - x^2) x' + x = 0 with mu = p[0]
    out[0] = x[1]
    out[1] = p[0] * (1.0 - x[0] * x[0]) * x[1] - x[0]


@njit(JAC_SIGNATURE)
def vdp_jac(t, x, p, out):
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -2.0 * p[0] * x[0] * x[1] - 1.0
    out[1, 1] = p[0] * (1.0 - x[0] * x[0])


def vdp_py(mu):
    def f(t, x):
        return [x[1], mu * (1.0 - x[0] ** 2) * x[1] - x[0]]

    def jac(t, x):
        return [[0.0, 1.0], [-2.0 * mu * x[0] * x[1] - 1.0, mu * (1.0 - x[0] ** 2)]]

    return f, jac


@njit(RHS_SIGNATURE)
def robertson_rhs(t, x, p, out):
    r1 = 0.04 * x[0]
    r2 = 1.0e4 * x[1] * x[2]
    r3 = 3.0e7 * x[1] * x[1]
    out[0] = -r1 + r2
    out[1] = r1 - r2 - r3
    out[2] = r3


@njit(JAC_SIGNATURE)
def robertson_jac(t, x, p, out):
    out[0, 0] = -0.04
    out[0, 1] = 1.0e4 * x[2]
    out[0, 2] = 1.0e4 * x[1]
    out[2, 0] = 0.0
    out[2, 1] = 6.0e7 * x[1]
    out[2, 2] = 0.0
    for j in range(3):
        out[1, j] = -out[0, j] - out[2, j]


@njit(RHS_SIGNATURE)
def relax_rhs(t, x, p, out):
    # x' = -lam (x - cos t): a stiff, non-autonomous linear problem
    out[0] = -p[0] * (x[0] - np.cos(t))


@njit(JAC_SIGNATURE)
def relax_jac(t, x, p, out):
    out[0, 0] = -p[0]


@njit(RHS_SIGNATURE)
def relax_dfdt(t, x, p, out):
    out[0] = -p[0] * np.sin(t)


def relax_exact(t, lam):
    """Closed-form solution of x' = -lam (x - cos t) with x(0) = 0."""
    c = lam * lam / (lam * lam + 1.0)
    return c * np.cos(t) + lam / (lam * lam + 1.0) * np.sin(t) - c * np.exp(-lam * t)


@njit(RHS_SIGNATURE)
def square_rhs(t, x, p, out):
    out[0] = x[0] * x[0]


@njit(JAC_SIGNATURE)
def square_jac(t, x, p, out):
    out[0, 0] = 2.0 * x[0]


@njit(RHS_SIGNATURE)
def poisoned_rhs(t, x, p, out):
    # well-behaved decay that returns NaN from t = p[0] on
    if t >= p[0]:
        out[0] = np.nan
    else:
        out[0] = -x[0]


@njit(JAC_SIGNATURE)
def decay_jac(t, x, p, out):
    out[0, 0] = -1.0


@njit(RHS_SIGNATURE)
def growth_rhs(t, x, p, out):
    out[0] = 32.0 * x[0]


@njit(JAC_SIGNATURE)
def growth_jac(t, x, p, out):
    out[0, 0] = 32.0


def run(rhs, jac, dfdt, x0, p, t_out, rtol, atol, first_step=0.0, max_steps=100_000, t0=0.0):
    """Call the kernel with freshly allocated outputs."""
    x0 = np.ascontiguousarray(x0, dtype=np.float64)
    t_out = np.ascontiguousarray(t_out, dtype=np.float64)
    out = np.full((t_out.shape[0], x0.shape[0]), -12345.0)
    state = np.empty(x0.shape[0])
    res = solve_rosenbrock(
        rhs,
        jac,
        dfdt,
        RODAS4.coefficients,
        RODAS_CONTROLLER,
        t0,
        x0,
        np.asarray(p, dtype=np.float64),
        t_out,
        rtol,
        atol,
        first_step,
        max_steps,
        out,
        state,
    )
    return res, out, state


def zero_crossings(t, y):
    """Linearly interpolated times at which ``y`` changes sign."""
    i = np.nonzero(np.sign(y[:-1]) != np.sign(y[1:]))[0]
    return t[i] - y[i] * (t[i + 1] - t[i]) / (y[i + 1] - y[i])


# ---------------------------------------------------------------------------
# stiff Van der Pol, mu = 1000
# ---------------------------------------------------------------------------

MU = 1000.0
VDP_T_END = 3000.0


@pytest.fixture(scope="module")
def vdp_reference():
    f, jac = vdp_py(MU)
    sol = solve_ivp(
        f,
        (0.0, VDP_T_END),
        [2.0, 0.0],
        method="Radau",
        rtol=1e-12,
        atol=1e-12,
        jac=jac,
        dense_output=True,
    )
    assert sol.status == 0
    return sol.sol


def test_vdp_stiff_matches_radau(vdp_reference):
    # Two periods (period ~ (3 - 2 ln 2) mu ~ 1614) with three fast jumps in x1 of
    # width O(1/mu). Near a jump x1 changes by O(1) in O(1e-3) time, so any
    # phase error of the size of the tolerance times the elapsed time gives O(1)
    # pointwise differences there. We therefore (a) compare pointwise on the
    # slow manifold and (b) compare the jump times (zero crossings of x1).
    coarse = np.linspace(0.0, VDP_T_END, 1501)
    ref_coarse = vdp_reference(coarse).T
    # sign changes of the reference bracket the jumps; resolve them finely
    i_jump = np.nonzero(np.sign(ref_coarse[:-1, 0]) != np.sign(ref_coarse[1:, 0]))[0]
    assert len(i_jump) == 3
    windows = [np.linspace(coarse[i], coarse[i + 1], 20001) for i in i_jump]
    t_out = np.unique(np.concatenate([coarse, *windows]))
    ref = vdp_reference(t_out).T

    (status, t_reached, n_acc, n_rej), out, state = run(
        vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [MU], t_out, 1e-8, 1e-8
    )
    assert status == SUCCESS
    assert t_reached == VDP_T_END
    np.testing.assert_array_equal(state, out[-1])
    # a stiff solver needs a few thousand steps here (an explicit one ~ 1e6)
    assert n_acc < 6000
    assert n_rej < 0.1 * n_acc

    # (a) pointwise on the coarse grid, on the slow manifold (|x2| = |dx1/dt| is
    # O(1/mu) there and O(mu) inside a jump) and at least one time unit away
    # from a jump; right after a jump x2 passes through zero on a fast scale,
    # where its relative error is meaningless
    fine = np.concatenate(windows)
    t_ref = zero_crossings(fine, vdp_reference(fine)[0])
    on_coarse = np.isin(t_out, coarse)
    far = np.abs(t_out[:, None] - t_ref[None, :]).min(axis=1) > 1.0
    slow = on_coarse & far & (np.abs(ref[:, 1]) < 1e-2)
    slow[0] = False  # x2(0) = 0 exactly, relative error undefined
    assert slow.sum() > 1400
    rel = np.abs(out[slow] - ref[slow]) / np.abs(ref[slow])
    # measured: 5.5e-7 for x1 and 1.0e-5 for x2 (global error after two
    # periods at rtol = 1e-8, including the phase error picked up in the jumps)
    assert rel[:, 0].max() < 1e-5
    assert rel[:, 1].max() < 2e-4

    # (b) jump times agree to 1e-3 time units (measured < 1e-4) out of ~ 2400
    mine = np.interp(fine, t_out, out[:, 0])
    t_mine = zero_crossings(fine, mine)
    assert len(t_ref) == len(t_mine) == 3
    assert np.abs(t_mine - t_ref).max() < 1e-3


# ---------------------------------------------------------------------------
# Robertson chemical kinetics
# ---------------------------------------------------------------------------


def test_robertson_matches_radau_and_conserves_mass():
    t_out = np.concatenate([[0.0], np.logspace(-5, 5, 41)])
    x0 = np.array([1.0, 0.0, 0.0])
    p = np.zeros(1)

    def f(t, x):
        out = np.empty(3)
        robertson_rhs(t, x, p, out)
        return out

    def jac(t, x):
        out = np.empty((3, 3))
        robertson_jac(t, x, p, out)
        return out

    ref = solve_ivp(
        f, (0.0, 1e5), x0, method="Radau", rtol=1e-12, atol=1e-20, t_eval=t_out, jac=jac
    )
    assert ref.status == 0
    ref = ref.y.T

    rtol, atol = 1e-8, 1e-14
    (status, t_reached, n_acc, _), out, _ = run(
        robertson_rhs, robertson_jac, zero_dfdt, x0, p, t_out, rtol, atol
    )
    assert status == SUCCESS
    assert t_reached == 1e5
    assert n_acc < 2000
    np.testing.assert_array_equal(out[0], x0)

    # global error in units of the local tolerance (measured max ~ 9)
    scaled = np.abs(out - ref) / (atol + rtol * np.abs(ref))
    assert scaled.max() < 50.0
    # and plainly relative once every species is well above atol (t >= 1e-3)
    late = t_out >= 1e-3
    assert (np.abs(out[late] - ref[late]) / np.abs(ref[late])).max() < 1e-6

    # Rosenbrock methods with the exact Jacobian conserve linear invariants
    assert np.abs(out.sum(axis=1) - 1.0).max() < 1e-12


# ---------------------------------------------------------------------------
# non-autonomous problem: df/dt handling and convergence
# ---------------------------------------------------------------------------

LAM = 50.0


def test_nonautonomous_closed_form_convergence():
    t_out = np.linspace(0.0, 10.0, 201)
    exact = relax_exact(t_out, LAM)
    tols = 10.0 ** -np.arange(4.0, 11.0)
    errors = []
    steps = []
    for tol in tols:
        (status, _, n_acc, _), out, _ = run(
            relax_rhs, relax_jac, relax_dfdt, [0.0], [LAM], t_out, tol, tol
        )
        assert status == SUCCESS
        errors.append(np.abs(out[:, 0] - exact).max())
        steps.append(n_acc)
    errors = np.array(errors)
    # the global error stays close to the tolerance ...
    assert np.all(errors < 20.0 * tols)
    # ... and decreases with it (allowing for noise between neighbours)
    assert np.all(errors[2:] < errors[:-2])
    # With local extrapolation, err ~ h**4 per step is held at tol, so the
    # 4th-order global error scales like tol**1 (measured slope ~ 1.2).
    slope = np.polyfit(np.log(tols), np.log(errors), 1)[0]
    assert 0.8 < slope < 1.5
    # steps scale like tol**(-1/4) (measured exponent ~ 0.28)
    step_slope = np.polyfit(np.log(tols), np.log(steps), 1)[0]
    assert -0.4 < step_slope < -0.2


def test_dfdt_is_used():
    # Dropping df/dt reduces the method to first order on this problem; the
    # step-size control then needs vastly more steps for the same tolerance.
    t_out = np.array([10.0])
    tol = 1e-6
    (s_good, _, n_good, _), out_good, _ = run(
        relax_rhs, relax_jac, relax_dfdt, [0.0], [LAM], t_out, tol, tol
    )
    (s_bad, _, n_bad, _), _, _ = run(relax_rhs, relax_jac, zero_dfdt, [0.0], [LAM], t_out, tol, tol)
    assert s_good == SUCCESS and s_bad == SUCCESS
    assert n_bad > 20 * n_good
    assert abs(out_good[0, 0] - relax_exact(10.0, LAM)) < 1e-5


# ---------------------------------------------------------------------------
# dense output
# ---------------------------------------------------------------------------


def test_dense_output_matches_radau_between_steps():
    mu = 5.0
    t_out = np.linspace(0.0, 20.0, 4001)
    f, jac = vdp_py(mu)
    ref = solve_ivp(
        f, (0.0, 20.0), [2.0, 0.0], method="Radau", rtol=1e-12, atol=1e-12, t_eval=t_out, jac=jac
    )
    assert ref.status == 0
    ref = ref.y.T
    (status, _, n_acc, _), out, _ = run(
        vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [mu], t_out, 1e-8, 1e-8
    )
    assert status == SUCCESS
    # most output times lie strictly inside steps
    assert n_acc < len(t_out) / 2
    # error relative to each component's range: measured 1.4e-7 and 2.1e-7
    scaled = np.abs(out - ref).max(axis=0) / np.abs(ref).max(axis=0)
    assert np.all(scaled < 1e-6)


def test_output_grid_does_not_change_the_steps():
    mu = 5.0
    dense = np.linspace(0.0, 20.0, 997)
    (r_dense, out_dense, st_dense) = run(
        vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [mu], dense, 1e-7, 1e-7
    )
    (r_end, out_end, st_end) = run(
        vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [mu], dense[-1:], 1e-7, 1e-7
    )
    assert r_dense == r_end
    np.testing.assert_array_equal(st_dense, st_end)
    np.testing.assert_array_equal(out_dense[-1], out_end[0])


def test_continuous_extension_order():
    # One step of size h (huge tolerances: always accepted, and the step ends on
    # t_out[-1]). At interior points the continuous extension has local error
    # O(h**4) (3rd order), at the step end the method has O(h**5).
    mu = 1.0
    f, _ = vdp_py(mu)
    s = np.array([0.25, 0.5, 0.75, 1.0])
    interior = []
    end = []
    hs = [0.1, 0.05, 0.025]
    for h in hs:
        t_out = s * h
        ref = solve_ivp(
            f, (0.0, h), [2.0, 0.0], method="DOP853", rtol=1e-13, atol=1e-15, t_eval=t_out
        ).y.T
        (status, _, n_acc, n_rej), out, _ = run(
            vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [mu], t_out, 1.0, 1.0, first_step=h
        )
        assert (status, n_acc, n_rej) == (SUCCESS, 1, 0)
        err = np.abs(out - ref).max(axis=1)
        interior.append(err[:3].max())
        end.append(err[3])
    order_interior = np.log2(interior[-2] / interior[-1])
    order_end = np.log2(end[-2] / end[-1])
    assert order_interior > 3.3  # asymptotically 4, measured 3.7
    assert order_end > 4.5  # asymptotically 5, measured 5.0


def test_output_at_t0_is_exact_and_repeated_times():
    x0 = np.array([0.3, -0.7])
    t_out = np.array([1.5, 1.5, 1.5, 2.0, 2.0, 2.5])
    (status, t_reached, _, _), out, state = run(
        vdp_rhs, vdp_jac, zero_dfdt, x0, [2.0], t_out, 1e-9, 1e-9, t0=1.5
    )
    assert status == SUCCESS and t_reached == 2.5
    for i in range(3):
        np.testing.assert_array_equal(out[i], x0)
    np.testing.assert_array_equal(out[3], out[4])
    np.testing.assert_array_equal(out[5], state)


def test_explicit_first_step():
    t_out = np.linspace(0.0, 10.0, 11)
    for first in (1e-8, 1e-3, 5.0):
        (status, _, _, _), out, _ = run(
            relax_rhs, relax_jac, relax_dfdt, [0.0], [LAM], t_out, 1e-8, 1e-8, first_step=first
        )
        assert status == SUCCESS
        assert np.abs(out[:, 0] - relax_exact(t_out, LAM)).max() < 1e-6


# ---------------------------------------------------------------------------
# failures
# ---------------------------------------------------------------------------


def test_finite_time_blowup_is_not_success():
    # x' = x^2, x(0) = 1 has the solution 1 / (1 - t), which blows up at t = 1
    t_out = np.array([0.5, 0.9, 2.0])
    (status, t_reached, _, _), out, state = run(
        square_rhs, square_jac, zero_dfdt, [1.0], [0.0], t_out, 1e-8, 1e-8
    )
    assert status in (NON_FINITE, STEP_TOO_SMALL)
    assert 0.9 < t_reached <= 1.0 + 1e-6
    # output before the blow-up is valid, after it is marked NaN
    np.testing.assert_allclose(out[:2, 0], 1.0 / (1.0 - t_out[:2]), rtol=1e-6)
    assert np.isnan(out[2, 0])
    if status == STEP_TOO_SMALL:
        assert np.isfinite(state[0]) and state[0] > 1e6


def test_nan_from_rhs_is_reported():
    t_out = np.linspace(0.0, 2.0, 21)
    (status, t_reached, _, _), out, _ = run(
        poisoned_rhs, decay_jac, zero_dfdt, [1.0], [1.0], t_out, 1e-8, 1e-8
    )
    assert status == NON_FINITE
    assert 0.9 < t_reached <= 2.0
    ok = t_out < 0.9
    np.testing.assert_allclose(out[ok, 0], np.exp(-t_out[ok]), rtol=1e-6)
    assert np.isnan(out[t_out > t_reached, 0]).all()


def test_nonfinite_initial_state():
    (status, t_reached, n_acc, n_rej), out, state = run(
        vdp_rhs, vdp_jac, zero_dfdt, [np.nan, 0.0], [1.0], [0.0, 1.0], 1e-6, 1e-6
    )
    assert (status, t_reached, n_acc, n_rej) == (NON_FINITE, 0.0, 0, 0)
    assert np.isnan(out).all()
    assert np.isnan(state[0]) and state[1] == 0.0


def test_too_many_steps():
    t_out = np.array([1000.0, 3000.0])
    (status, t_reached, n_acc, n_rej), out, state = run(
        vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [MU], t_out, 1e-8, 1e-8, max_steps=50
    )
    assert status == TOO_MANY_STEPS
    assert n_acc + n_rej == 50
    assert 0.0 < t_reached < 1000.0
    assert np.isfinite(state).all()
    assert np.isnan(out).all()


def test_singular_stage_matrix():
    # with h = 0.125 and gamma = 1/4, W = 1 / (gamma h) - J = 32 - 32 = 0 exactly
    (status, t_reached, n_acc, _), _, state = run(
        growth_rhs, growth_jac, zero_dfdt, [1.0], [0.0], [1.0], 1e-6, 1e-6, first_step=0.125
    )
    assert (status, t_reached, n_acc) == (SINGULAR_MATRIX, 0.0, 0)
    np.testing.assert_array_equal(state, [1.0])


def test_invalid_arguments_raise():
    with pytest.raises(ValueError):
        run(vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [1.0], [1.0, 0.5], 1e-6, 1e-6)
    with pytest.raises(ValueError):
        run(vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [1.0], [1.0], 1e-6, 1e-6, t0=2.0)
    with pytest.raises(ValueError):
        run(vdp_rhs, vdp_jac, zero_dfdt, [2.0, 0.0], [1.0], [1.0], -1e-6, 1e-6)
    out = np.empty((2, 3))
    with pytest.raises(ValueError):
        solve_rosenbrock(
            vdp_rhs,
            vdp_jac,
            zero_dfdt,
            RODAS4.coefficients,
            RODAS_CONTROLLER,
            0.0,
            np.array([2.0, 0.0]),
            np.ones(1),
            np.array([0.5, 1.0]),
            1e-6,
            1e-6,
            0.0,
            100,
            out,
            np.empty(2),
        )


# ---------------------------------------------------------------------------
# the LU helpers
# ---------------------------------------------------------------------------


def test_lu_matches_numpy():
    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 12):
        a = rng.standard_normal((n, n))
        if n > 1:
            a[0, 0] = 0.0  # force a row interchange
        b = rng.standard_normal(n)
        lu = a.copy()
        piv = np.empty(n, dtype=np.int64)
        assert _lu_factor(lu, piv)
        x = b.copy()
        _lu_solve(lu, piv, x)
        np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-10, atol=1e-12)


def test_lu_reports_singular():
    a = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 0.0, 1.0]])
    piv = np.empty(3, dtype=np.int64)
    assert not _lu_factor(a.copy(), piv)
