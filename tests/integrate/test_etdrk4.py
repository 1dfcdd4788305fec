"""The exponential integrator ETDRK4 and the spectral Kuramoto–Sivashinsky system."""

import mpmath
import numpy as np
import pytest
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench import Declaration, System
from chaosbench.analysis.lyapunov import lyapunov_spectrum
from chaosbench.integrate import solve
from chaosbench.integrate._etdrk4 import _step, etd_coefficients, phi_functions


@pytest.mark.parametrize("z", [0.0, 1e-9, -1e-5, 0.3, -0.99, 0.999, -1.0, 1.0001, -7.5, -3e3, 4.0])
def test_phi_functions_to_machine_precision(z):
    mpmath.mp.dps = 50
    x = mpmath.mpf(z)
    if z == 0.0:
        exact = [mpmath.mpf(1), mpmath.mpf(1) / 2, mpmath.mpf(1) / 6]
    else:
        p1 = mpmath.expm1(x) / x
        p2 = (p1 - 1) / x
        exact = [p1, p2, (p2 - mpmath.mpf(1) / 2) / x]
    np.testing.assert_allclose(phi_functions(z), [float(e) for e in exact], rtol=4e-15)


def _ks(n=8):
    return chaosbench.get("KuramotoSivashinsky", n=n)


def test_linear_flow_is_integrated_exactly_whatever_the_stiffness():
    rates = (-1e4, -1.0, 0.5)
    system = System(
        Declaration(
            name="Diagonal",
            kind="flow",
            variables=("x", "y", "z"),
            parameters={"a": rates[0], "b": rates[1], "c": rates[2]},
            equations=("a*x", "b*y", "c*z"),
            ic=(1.0, 2.0, -1.0),
            citation="Test (2026).",
            field="mathematics",
            semilinear=True,
        )
    )
    assert system.problem.default_method() == "etdrk4"  # rate 1e4: stiff
    assert _ks(8).problem.default_method() == "dop853"  # rate 100: not
    t, X = system.trajectory(5, dt=0.7, method="auto")
    expected = system.ic * np.exp(np.outer(t, rates))
    np.testing.assert_allclose(X, expected, rtol=1e-13, atol=1e-300)


def test_etdrk4_converges_with_fourth_order():
    # fixed steps over a fixed span: the global error falls by 2**4 per halving once
    # the step resolves the slow modes (Cox & Matthews 2002)
    ks = _ks(8)
    kernels, p, d = ks.kernels, ks.parameter_vector(), ks.dimension
    x0 = ks.trajectory(1, dt=1.0, transient=60)[1][0]
    rates = solve.linear_rates(kernels.jac, d, p)
    span = 0.8
    exact = solve_ivp(
        lambda t, x: ks.rhs(x), (0, span), x0, method="DOP853", rtol=1e-13, atol=1e-15
    ).y[:, -1]
    errors = []
    for h in (0.05, 0.025, 0.0125):
        co = np.empty((6, d))
        etd_coefficients(rates, h, *co)
        y, n0, out = x0.copy(), np.empty(d), np.empty(d)
        for i in range(round(span / h)):
            kernels.rhs(i * h, y, p, n0)
            n0 -= rates * y
            _step(kernels.rhs, i * h, y, p, rates, d, 0, h, co, n0, np.empty((6, d)), out)
            y = out.copy()
        errors.append(np.abs(y - exact).max())
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert ratios[1] > ratios[0] and 13 < ratios[1] < 19, ratios


def test_kuramoto_sivashinsky_agrees_with_scipy():
    ks = _ks(8)
    x0 = ks.trajectory(1, dt=1.0, transient=50)[1][0]
    t, X = ks.trajectory(41, dt=0.5, ic=x0, rtol=1e-11, atol=1e-13, method="etdrk4")
    assert ks.declaration.semilinear
    reference = solve_ivp(
        lambda _, x: ks.rhs(x), (0, 20), x0, method="DOP853", t_eval=t, rtol=1e-12, atol=1e-14
    ).y.T
    np.testing.assert_allclose(X, reference, atol=1e-8 * np.abs(reference).max())


def test_galerkin_equations_match_a_pseudospectral_evaluation():
    # an independent derivation: evaluate -u u_x - u_xx - u_xxxx on a grid fine enough
    # to hold u^2 without aliasing, and project back on the retained modes
    n, length = 7, 22.0
    ks = chaosbench.get("KuramotoSivashinsky", n=n)
    ks_params = {"L": length}
    rng = np.random.default_rng(3)
    state = rng.normal(size=2 * n)
    a, b = state[0::2], state[1::2]
    m = 64
    x = length * np.arange(m) / m
    k = np.arange(1, n + 1)
    q = 2 * np.pi / length
    phase = np.outer(x, k * q)
    u = np.cos(phase) @ a + np.sin(phase) @ b
    u_x = (-np.sin(phase) * (k * q)) @ a + (np.cos(phase) * (k * q)) @ b
    u_xx = (-np.cos(phase) * (k * q) ** 2) @ a + (-np.sin(phase) * (k * q) ** 2) @ b
    u_xxxx = (np.cos(phase) * (k * q) ** 4) @ a + (np.sin(phase) * (k * q) ** 4) @ b
    field = -u * u_x - u_xx - u_xxxx
    da = 2 * np.cos(phase).T @ field / m
    db = 2 * np.sin(phase).T @ field / m
    expected = np.column_stack([da, db]).ravel()
    np.testing.assert_allclose(ks.rhs(state, parameters=ks_params), expected, atol=1e-12)


def test_kuramoto_sivashinsky_linear_part_is_diagonal():
    ks = _ks(6)
    jacobian = ks.jacobian(np.zeros(ks.dimension))
    np.testing.assert_array_equal(jacobian, np.diag(np.diag(jacobian)))
    q = 2 * np.pi / ks.parameters["L"]
    k = np.repeat(np.arange(1, 7), 2)
    np.testing.assert_allclose(np.diag(jacobian), (k * q) ** 2 - (k * q) ** 4, rtol=1e-14)


def test_semilinear_spectrum_sums_to_the_divergence_and_has_two_zero_exponents():
    # Liouville (sum = trace J, a constant here) and the two symmetries of the periodic
    # KS equation (time and space translation), which each give a zero exponent
    ks = _ks(6)
    x0 = ks.trajectory(1, dt=1.0, transient=100)[1][0]
    exponents, divergence = lyapunov_spectrum(
        ks, ic=x0, interval=0.05, n_intervals=8000, transient_intervals=200,
        rtol=1e-8, atol=1e-10, return_divergence=True,
    )  # fmt: skip
    trace = np.trace(ks.jacobian(np.zeros(ks.dimension)))
    assert divergence == pytest.approx(trace, rel=1e-12)
    assert exponents.sum() == pytest.approx(trace, rel=1e-3)
    assert np.sort(np.abs(exponents))[1] < 0.02


def test_etdrk4_on_a_general_flow_matches_dop853():
    lorenz = chaosbench.get("Lorenz")
    _, A = lorenz.trajectory(200, dt=0.01, method="etdrk4", rtol=1e-10, atol=1e-12)
    _, B = lorenz.trajectory(200, dt=0.01, method="dop853", rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(A, B, atol=1e-6)


def test_ensemble_runs_etdrk4():
    ks = _ks(8)
    x0 = ks.trajectory(1, dt=1.0, transient=50)[1][0]
    ics = x0 + 1e-3 * np.random.default_rng(0).normal(size=(3, ks.dimension))
    _, X = ks.ensemble(ics, 20, dt=0.5, method="etdrk4")
    for i in range(3):
        _, Y = ks.trajectory(20, dt=0.5, ic=ics[i], method="etdrk4")
        np.testing.assert_allclose(X[i], Y, rtol=1e-12)
