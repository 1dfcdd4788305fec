"""Acceptance test: a new explicit Runge–Kutta pair needs only two records.

The method table of :mod:`chaosbench.integrate.methods` promises that a new
explicit embedded pair is a :class:`~chaosbench.integrate.tableaux.ButcherTableau`
plus one :class:`~chaosbench.integrate.methods.Method` record, and is then usable
for trajectories, ensembles, Lyapunov spectra and delay equations. This module
adds Tsitouras' 5(4) pair ("Tsit5") that way, in this file only, and checks it
everywhere:

    Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the first
    column simplifying assumption", Computers & Mathematics with Applications
    62 (2011) 770–775.

The method is registered by a module-scoped fixture and removed afterwards, so
the other test modules see the default table.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from numba import njit
from numpy.testing import assert_allclose, assert_array_equal
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench.analysis.lyapunov import lyapunov_spectrum
from chaosbench.errors import ChaosbenchError, UnknownNameError
from chaosbench.integrate import methods
from chaosbench.integrate._types import RHS_SIGNATURE, SUCCESS
from chaosbench.integrate.solve import solve_flow
from chaosbench.integrate.tableaux import ButcherTableau

# --------------------------------------------------------------------------------------
# Record 1: the coefficients.
#
# Nodes, stage matrix and weights: Tsitouras (2011), as printed to 85 digits in
# OrdinaryDiffEq.jl (Tsit5ConstantCache for generic number types, tsit_tableaus.jl)
# and, identically, in diffrax (diffrax/_solver/tsit5.py, _tsit5_tableau); rounded
# here to 20 significant digits, which float64 then rounds once more.
# --------------------------------------------------------------------------------------

_TSIT5_C = np.array([0.0, 0.161, 0.327, 0.9, 0.98002554090450968573, 1.0])
_TSIT5_A = np.zeros((6, 6))
_TSIT5_A[1, :1] = [0.161]
_TSIT5_A[2, :2] = [-0.84806554923569885444e-2, 0.33548065549235698854]
_TSIT5_A[3, :3] = [2.8971530571054934321, -6.3594484899750748431, 4.3622954328695814110]
_TSIT5_A[4, :4] = [
    5.3258648284392566044,
    -11.748883564062827878,
    7.4955393428898362083,
    -0.92495066361755249257e-1,
]
_TSIT5_A[5, :5] = [
    5.8614554429464200287,
    -12.920969317847109292,
    8.1593678985761586432,
    -0.71584973281400997225e-1,
    -0.28269050394068382909e-1,
]
_TSIT5_B = np.array(
    [
        0.96460766818065229518e-1,
        0.01,
        0.47988965041449957478,
        1.3790085741037418932,
        -3.2900695154360806799,
        2.3247105240997739824,
    ]
)
# Error weights e = b_hat - b over the six stages and the FSAL stage: the "btilde"
# constants of OrdinaryDiffEq.jl (Tsit5ConstantCache for generic number types), whose
# embedded weights b_hat agree with diffrax's b_sol - b_error. The last one is
# b_hat_7 = +1/66 (implementations note that the paper prints it with the other sign).
_TSIT5_E = np.array(
    [
        -1.7800110522257714434e-3,
        -8.1643445965674690322e-4,
        7.8808780102619960103e-3,
        -1.4471100717326290754e-1,
        5.8235716545255522502e-1,
        -4.5808210592918694666e-1,
        1 / 66,
    ]
)
# The free fourth-order continuous extension of the paper, b_i(theta) = sum_k
# r_ik theta**k, in the monomial basis theta .. theta**4 (rows: the six stages, then
# the FSAL stage). Values: OrdinaryDiffEq.jl, Tsit5Interp for machine floats
# (tsit_tableaus.jl), "the expanded form of the polynomials" of the paper; r_11 is
# exactly 1 (b_i(theta) sum to theta). Checked below against diffrax's factored form.
_TSIT5_DENSE = np.array(
    [
        [1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216],
        [0.0, 0.13169999999999998, -0.2234, 0.1017],
        [0.0, 3.9302962368947516, -5.941033872131505, 2.490627285651253],
        [0.0, -12.411077166933676, 30.33818863028232, -16.548102889244902],
        [0.0, 37.50931341651104, -88.1789048947664, 47.37952196281928],
        [0.0, -27.896526289197286, 65.09189467479366, -34.87065786149661],
        [0.0, 1.5, -4.0, 2.5],
    ]
)

TSIT5 = ButcherTableau(
    name="TSIT5",
    order=5,
    error_order=4,
    a=_TSIT5_A,
    b=_TSIT5_B,
    c=_TSIT5_C,
    e=_TSIT5_E,
    e_low=np.zeros(7),
    a_extra=np.zeros((0, 7)),
    c_extra=np.zeros(0),
    dense=_TSIT5_DENSE,
)


def _factored_interpolant(theta: float) -> np.ndarray:
    """b_i(theta) in the factored form of diffrax (_Tsit5Interpolation.evaluate), an
    independent transcription of the same polynomials."""
    t = theta
    return np.array(
        [
            -1.0530884977290216
            * t
            * (t - 1.3299890189751412)
            * (t**2 - 1.4364028541716351 * t + 0.7139816917074209),
            0.1017 * t**2 * (t**2 - 2.1966568338249754 * t + 1.2949852507374631),
            2.490627285651252793 * t**2 * (t**2 - 2.38535645472061657 * t + 1.57803468208092486),
            -16.54810288924490272 * (t - 1.21712927295533244) * (t - 0.61620406037800089) * t**2,
            47.37952196281928122 * (t - 1.203071208372362603) * (t - 0.658047292653547382) * t**2,
            -34.87065786149660974 * (t - 1.2) * (t - 0.666666666666666667) * t**2,
            2.5 * (t - 1) * (t - 0.6) * t**2,
        ]
    )


# --------------------------------------------------------------------------------------
# Record 2: the method, with the kernels of the other explicit pairs.
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tsit5():
    record = dataclasses.replace(
        methods.METHODS["dopri5"],
        name="tsit5",
        description="Tsitouras 5(4) with its free 4th-order dense output",
        tableau=TSIT5,
    )
    methods.register(record)
    yield record
    methods.unregister("tsit5")


# --------------------------------------------------------------------------------------
# Helpers.
# --------------------------------------------------------------------------------------


@njit(RHS_SIGNATURE)
def arctan_pair(t, x, p, out):
    # x0 = 1 / (1 + t^2), x1 = atan(t): smooth, nonlinear and non-autonomous
    out[0] = -2.0 * t * x[0] * x[0]
    out[1] = x[0]


def arctan_exact(t):
    t = np.asarray(t, dtype=float)
    return np.stack([1.0 / (1.0 + t * t), np.arctan(t)], axis=-1)


def arctan_rhs(t, x):
    return np.array([-2.0 * t * x[0] ** 2, x[0]])


def fsal_matrix(tableau: ButcherTableau) -> np.ndarray:
    """Stage matrix over the ordinary stages and the FSAL stage (whose row is b)."""
    s = tableau.stages
    full = np.zeros((s + 1, s + 1))
    full[:s, :s] = tableau.a
    full[s, :s] = tableau.b
    return full


def continuous_residuals(tableau: ButcherTableau, theta: float, order: int) -> np.ndarray:
    """|b(theta) . Phi(t) - theta**|t| / gamma(t)| for the trees with exactly ``order``
    vertices (written out for orders 1 to 5), over the FSAL-extended tableau."""
    a = fsal_matrix(tableau)
    c = a.sum(axis=1)
    w = tableau.dense @ theta ** np.arange(1, tableau.dense.shape[1] + 1)
    ac, ac2 = a @ c, a @ c**2
    conditions = {
        1: [(w.sum(), 1)],
        2: [(w @ c, 2)],
        3: [(w @ c**2, 3), (w @ ac, 6)],
        4: [(w @ c**3, 4), (w @ (c * ac), 8), (w @ ac2, 12), (w @ (a @ ac), 24)],
        5: [
            (w @ c**4, 5),
            (w @ (c**2 * ac), 10),
            (w @ ac**2, 20),
            (w @ (c * ac2), 15),
            (w @ (c * (a @ ac)), 30),
            (w @ (a @ c**3), 20),
            (w @ (a @ (c * ac)), 40),
            (w @ (a @ ac2), 60),
            (w @ (a @ (a @ ac)), 120),
        ],
    }[order]
    return np.array([abs(value - theta**order / gamma) for value, gamma in conditions])


def reference_step(tableau: ButcherTableau, fun, t0: float, y0: np.ndarray, h: float):
    """One step in plain numpy: (new state, error estimate, dense output in theta)."""
    s = tableau.stages
    k = np.zeros((s + 1, y0.size))
    for i in range(s):
        k[i] = fun(t0 + tableau.c[i] * h, y0 + h * (tableau.a[i, :i] @ k[:i]))
    y1 = y0 + h * (tableau.b @ k[:s])
    k[s] = fun(t0 + h, y1)
    coefficients = tableau.dense.T @ k

    def dense(theta: float) -> np.ndarray:
        return y0 + h * (theta ** np.arange(1, coefficients.shape[0] + 1) @ coefficients)

    return y1, h * (tableau.e @ k), dense


# --------------------------------------------------------------------------------------
# 1. The coefficients.
# --------------------------------------------------------------------------------------


def test_tableau_has_the_stated_orders():
    # ButcherTableau checked consistency on construction; the orders are checked here
    assert (TSIT5.stages, TSIT5.dense.shape) == (6, (7, 4))
    assert TSIT5.c[-1] == 1.0 and not TSIT5.uses_two_error_estimates
    assert TSIT5.order_conditions_residual(5) < 1e-12
    assert TSIT5.order_conditions_residual(6) > 1e-6  # order 5, not 6

    # the embedded weights b_hat = b + e (over the FSAL-extended tableau) have order 4
    b_hat = np.append(TSIT5.b, 0.0) + TSIT5.e
    embedded = ButcherTableau(
        name="TSIT5 embedded",
        order=4,
        error_order=4,
        a=fsal_matrix(TSIT5),
        b=b_hat,
        c=np.append(TSIT5.c, 1.0),
        e=np.zeros(8),
        e_low=np.zeros(8),
        a_extra=np.zeros((0, 8)),
        c_extra=np.zeros(0),
        dense=np.append(b_hat, 0.0)[:, None],
    )
    assert embedded.order_conditions_residual(4) < 1e-12
    assert embedded.order_conditions_residual(5) > 1e-6
    assert_allclose(b_hat[-1], 1 / 66, rtol=1e-15)


@pytest.mark.parametrize("theta", [0.1, 0.35, 0.5, 0.8, 1.0])
def test_dense_output_is_a_fourth_order_continuous_extension(theta):
    for order in range(1, 5):
        assert continuous_residuals(TSIT5, theta, order).max() < 1e-13
    if theta < 1.0:  # order 4 only: at theta = 1 it is the fifth-order solution
        assert continuous_residuals(TSIT5, theta, 5).max() > 1e-6
    # the monomial rows are the paper's polynomials, as diffrax writes them
    powers = theta ** np.arange(1, 5)
    assert_allclose(TSIT5.dense @ powers, _factored_interpolant(theta), rtol=0, atol=1e-14)
    # the first derivative at theta = 0 is K[0]
    assert_array_equal(TSIT5.dense[:, 0], np.eye(7)[0])


def test_local_errors_shrink_with_the_stated_orders():
    # from t0 = 0 these steps are in the asymptotic range (from other starting points
    # on this problem the measured step rates at these sizes still wander, 5 to 7)
    t0, y0, theta = 0.0, arctan_exact(0.0), 0.6
    step, estimate, interpolated = [], [], []
    for h in (0.1, 0.05):
        y1, error, dense = reference_step(TSIT5, arctan_rhs, t0, y0, h)
        step.append(np.abs(y1 - arctan_exact(t0 + h)).max())
        estimate.append(np.abs(error).max())
        interpolated.append(np.abs(dense(theta) - arctan_exact(t0 + theta * h)).max())
    # local error h^6 (order 5), estimate and dense output h^5 (order 4)
    assert 5.6 < math.log2(step[0] / step[1]) < 6.5
    assert 4.6 < math.log2(estimate[0] / estimate[1]) < 5.5
    assert 4.6 < math.log2(interpolated[0] / interpolated[1]) < 5.5


# --------------------------------------------------------------------------------------
# 2. The method table.
# --------------------------------------------------------------------------------------


def test_registered_method_is_listed_for_flows_and_delays(tsit5):
    assert methods.get_method("tsit5") is tsit5
    assert "tsit5" in methods.names("flow") and "tsit5" in methods.names("delay")
    assert tsit5.dense_degree() == 4 and tsit5.order == 5
    assert tsit5.coefficients()[0] is TSIT5.a
    assert tsit5.kernel == methods.METHODS["dopri5"].kernel


def test_unknown_method_suggests_tsit5(tsit5):
    with pytest.raises(UnknownNameError, match="'tsit5'"):
        methods.get_method("tsit55")
    lorenz = chaosbench.get("Lorenz")
    with pytest.raises(ChaosbenchError, match="Did you mean 'tsit5'"):
        lorenz.trajectory(10, method="tsit55")
    with pytest.raises(ChaosbenchError, match="'tsit5'"):
        lyapunov_spectrum(lorenz, method="tsit55", n_intervals=2, transient_intervals=0)


def test_unregister_removes_a_method(tsit5):
    temporary = dataclasses.replace(tsit5, name="tsit5_temporary")
    methods.register(temporary)
    with pytest.raises(ValueError, match="already registered"):
        methods.register(temporary)
    methods.unregister("tsit5_temporary")
    assert "tsit5_temporary" not in methods.METHODS
    with pytest.raises(UnknownNameError):
        methods.get_method("tsit5_temporary")


# --------------------------------------------------------------------------------------
# 3. Flows: trajectories, convergence and dense output.
# --------------------------------------------------------------------------------------


def test_lorenz_trajectory_agrees_with_dopri5_and_scipy(tsit5):
    lorenz = chaosbench.get("Lorenz")
    t, x = lorenz.trajectory(2000, method="tsit5", rtol=1e-9)
    t_dopri, x_dopri = lorenz.trajectory(2000, method="dopri5", rtol=1e-9)
    assert x.shape == (2000, 3) and np.all(np.isfinite(x))
    assert_array_equal(t, t_dopri)
    window = t <= lorenz.annotations["lyapunov_time"]
    assert window.sum() > 100
    reference = solve_ivp(
        lambda time, y: lorenz.rhs(y, time),
        (0.0, t[window][-1]),
        lorenz.ic,
        method="DOP853",
        t_eval=t[window],
        rtol=1e-12,
        atol=1e-14,
    )
    assert reference.success
    scale = np.abs(reference.y).max()
    assert np.abs(x[window] - reference.y.T).max() < 1e-6 * scale
    assert np.abs(x[window] - x_dopri[window]).max() < 1e-6 * scale
    # ... and it is a different method, not DOPRI5 under another name
    assert np.abs(x[window] - x_dopri[window]).max() > 1e-12
    # over the whole run it stays on the attractor
    assert np.abs(x).max() < 100.0


def test_error_follows_the_tolerance_and_dense_output_is_accurate(tsit5):
    t_out = np.linspace(0.0, 10.0, 4001)  # far more outputs than steps
    exact = arctan_exact(t_out)
    errors, steps = {}, {}
    for method in ("tsit5", "dopri5"):
        for rtol in (1e-5, 1e-8):
            result = solve_flow(
                arctan_pair,
                None,
                None,
                np.array([1.0, 0.0]),
                np.zeros(1),
                t_out,
                method=method,
                rtol=rtol,
                atol=1e-3 * rtol,
            )
            assert result.success and result.status == SUCCESS and result.method == method
            errors[method, rtol] = np.abs(result.y - exact).max()
            steps[method, rtol] = result.n_accepted
    # error shrinks with the tolerance: 1000x tighter, at least 100x smaller
    assert errors["tsit5", 1e-8] < errors["tsit5", 1e-5] / 100
    assert steps["tsit5", 1e-8] > steps["tsit5", 1e-5]
    # the outputs between steps (all but at most 1 in 10) are accurate to the tolerance
    assert steps["tsit5", 1e-8] < t_out.size / 10
    for rtol in (1e-5, 1e-8):
        assert errors["tsit5", rtol] < 10 * rtol
    # a fifth-order pair with a fifth-order controller: step counts like DOPRI5's
    for rtol in (1e-5, 1e-8):
        assert 0.5 < steps["tsit5", rtol] / steps["dopri5", rtol] < 2.0


def test_ensemble_members_equal_single_trajectories(tsit5):
    lorenz = chaosbench.get("Lorenz")
    ics = lorenz.ic + np.random.default_rng(5).normal(scale=0.5, size=(4, 3))
    t, X = lorenz.ensemble(ics, 300, method="tsit5", rtol=1e-9, workers=2)
    _, X_dopri = lorenz.ensemble(ics, 300, method="dopri5", rtol=1e-9, workers=2)
    assert X.shape == (4, 300, 3)
    for i, ic in enumerate(ics):
        t_single, x_single = lorenz.trajectory(300, ic=ic, method="tsit5", rtol=1e-9)
        assert_array_equal(t_single, t)
        assert_array_equal(X[i], x_single)  # the same kernel on the same inputs
    assert 1e-12 < np.abs(X - X_dopri).max() < 1e-3


# --------------------------------------------------------------------------------------
# 4. Lyapunov spectra (tangent kernel).
# --------------------------------------------------------------------------------------


def test_lyapunov_spectrum_matches_dop853(tsit5):
    lorenz = chaosbench.get("Lorenz")
    options = {"n_intervals": 2000, "transient_intervals": 100}
    ours, divergence = lyapunov_spectrum(lorenz, method="tsit5", return_divergence=True, **options)
    reference = lyapunov_spectrum(lorenz, method="dop853", **options)
    assert ours.shape == (3,) and np.all(np.isfinite(ours))
    assert abs(ours.sum() - reference.sum()) < 0.05
    assert abs(ours[0] - reference[0]) < 0.05
    assert_allclose(ours, reference, rtol=0, atol=5e-3)
    # Liouville: the sum is the divergence, -(sigma + 1 + beta) = -41/3 for Lorenz
    assert_allclose(ours.sum(), divergence, rtol=1e-6)
    assert_allclose(ours.sum(), -41 / 3, rtol=1e-6)
    assert 0.7 < ours[0] < 1.1


# --------------------------------------------------------------------------------------
# 5. Delay equations (delay kernel).
# --------------------------------------------------------------------------------------


def test_delay_system_agrees_with_dopri5(tsit5):
    ikeda = chaosbench.get("IkedaDelay")
    assert ikeda.kind == "delay"
    n = 100  # about two and a half Lyapunov times
    t, x = ikeda.trajectory(n, method="tsit5", rtol=1e-9)
    _, x_dopri = ikeda.trajectory(n, method="dopri5", rtol=1e-9)
    _, x_dop853 = ikeda.trajectory(n, method="dop853", rtol=1e-9)
    assert t[-1] > 2 * ikeda.delay_lags().max()  # well past the initial history
    assert x.shape == (n, 1) and np.all(np.isfinite(x))
    assert np.abs(x - x_dopri).max() < 1e-6
    assert np.abs(x - x_dop853).max() < 1e-6
    assert np.abs(x - x_dopri).max() > 1e-13  # a different method did run


def test_delay_lyapunov_spectrum_runs(tsit5):
    ikeda = chaosbench.get("IkedaDelay")
    options = {"n_intervals": 100, "transient_intervals": 10}
    ours = lyapunov_spectrum(ikeda, method="tsit5", **options)
    reference = lyapunov_spectrum(ikeda, method="dopri5", **options)
    assert ours.shape == (2,) and np.all(np.isfinite(ours))
    assert ours[0] >= ours[1]
    assert_allclose(ours, reference, rtol=0, atol=1e-6)
