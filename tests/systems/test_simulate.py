import ast
import functools
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench import (
    Declaration,
    IntegrationError,
    InvalidParameterError,
    System,
    UnknownNameError,
)
from chaosbench.systems.expressions import integer_exponent
from tests.conftest import ALL, FLOWS, MAPS, lyapunov_horizon


def scipy_reference(system, ic, times, rtol=1e-12, method="DOP853"):
    """scipy's DOP853 at tight tolerance (the right-hand side is checked against sympy
    in test_codegen, so only the integrator differs)."""
    p = system.parameter_vector()
    out = np.empty(system.dimension)

    def fun(t, x):
        system.kernels.rhs(t, np.array(x, dtype=float), p, out)
        return out.copy()

    result = solve_ivp(
        fun, (times[0], times[-1]), ic, method=method, t_eval=times, rtol=rtol, atol=rtol
    )
    assert result.success
    return result.y.T


def relative_error(X, reference):
    return np.max(np.abs(X - reference)) / np.max(np.abs(reference))


#: accuracy over one Lyapunov time is meaningful for chaotic flows
CHAOTIC_FLOWS = [n for n in FLOWS if chaosbench.get(n).annotations.get("chaotic")]

#: the systems named by the core issue, held to fixed accuracy targets
FIRST_SET = ["Lorenz", "Rossler", "Chen", "Chua", "Thomas", "Halvorsen", "SprottJerk", "Ueda"]


@functools.cache
def reference(name: str, rtol: float = 1e-12, method: str = "DOP853"):
    """200 points over one Lyapunov time from the system's point on the attractor, by
    scipy's ``method`` at ``rtol`` (and ``atol = rtol``)."""
    system = chaosbench.get(name)
    t = np.linspace(0.0, lyapunov_horizon(system), 200)
    return t, scipy_reference(system, system.ic, t, rtol, method)


@pytest.mark.parametrize("name", FIRST_SET)
def test_default_settings_match_scipy_over_one_lyapunov_time(name):
    t, expected = reference(name)
    _, X = chaosbench.get(name).trajectory(len(t), dt=t[1])
    assert relative_error(X, expected) < 1e-6


@pytest.mark.parametrize("name", FIRST_SET)
def test_tight_tolerance_matches_scipy_to_1e8(name):
    t, expected = reference(name)
    _, X = chaosbench.get(name).trajectory(len(t), dt=t[1], rtol=1e-10)
    assert relative_error(X, expected) < 1e-8


KINKS = ("Abs", "sign", "Heaviside", "Piecewise", "Min", "Max", "Mod", "floor")


def smooth(system) -> bool:
    """Whether the vector field is smooth (no kinks or jumps in its equations)."""
    return not any(f + "(" in text for text in system.declaration.equations for f in KINKS)


@pytest.mark.parametrize("name", CHAOTIC_FLOWS)
@pytest.mark.parametrize(("method", "scipy_method"), [("dop853", "DOP853"), ("dopri5", "RK45")])
@pytest.mark.parametrize("rtol", [1e-9, 1e-10])
def test_every_flow_is_as_accurate_as_scipy_at_the_same_tolerance(name, method, scipy_method, rtol):
    # Over one Lyapunov time the global error at a given tolerance depends on the system,
    # so the bar is scipy's own solver of the same order at that tolerance, both measured
    # against scipy's DOP853 at rtol = atol = 1e-12. Chaos amplifies local errors of
    # either sign, so the comparison allows a factor 10; at kinks and jumps of the vector
    # field the error depends on where steps happen to fall, so there it allows 100.
    system = chaosbench.get(name)
    t, expected = reference(name)
    _, ours = system.trajectory(len(t), dt=t[1], rtol=rtol, atol=rtol, method=method)
    _, theirs = reference(name, rtol, scipy_method)
    bar = max(relative_error(theirs, expected), 100 * rtol)
    assert relative_error(ours, expected) < (10 if smooth(system) else 100) * bar


@pytest.mark.parametrize("name", CHAOTIC_FLOWS)
def test_stiff_method_agrees_with_scipy(name):
    t, expected = reference(name)
    _, X = chaosbench.get(name).trajectory(
        len(t), dt=t[1], method="rosenbrock", rtol=1e-8, atol=1e-10
    )
    # scipy has no Rosenbrock method: the bar is the less accurate of its two stiff solvers
    bar = max(
        relative_error(reference(name, 1e-8, method)[1], expected) for method in ("Radau", "BDF")
    )
    limit = (10 if smooth(chaosbench.get(name)) else 100) * bar
    assert relative_error(X, expected) < max(1e-5, limit)


@pytest.mark.parametrize("name", FLOWS)
def test_default_sampling_uses_the_dominant_period(name):
    system = chaosbench.get(name)
    t, X = system.trajectory(11, pts_per_period=10)
    assert t[-1] == pytest.approx(system.annotations["period"])
    assert X.shape == (11, system.dimension)


def python_loop(name, x, p, n):
    """The defining recurrences of the first maps, written out by hand."""
    rows = [tuple(x)]
    for _ in range(n - 1):
        if name == "Henon":
            a, b = p
            x = (1 - a * (x[0] * x[0]) + x[1], b * x[0])
        elif name == "Logistic":
            (r,) = p
            x = (r * x[0] * (1 - x[0]),)
        elif name == "Lozi":
            a, b = p
            x = (1 - a * abs(x[0]) + x[1], b * x[0])
        elif name == "Ikeda":
            u, a, b = p
            phase = a - b / (1 + x[0] * x[0] + x[1] * x[1])
            x = (
                1 + u * (x[0] * math.cos(phase) - x[1] * math.sin(phase)),
                u * (x[0] * math.sin(phase) + x[1] * math.cos(phase)),
            )
        rows.append(tuple(x))
    return np.array(rows)


def _piecewise(*pairs):
    return next(value for value, condition in pairs if condition)


PLAIN_PYTHON = {
    **{
        f: getattr(math, f)
        for f in (
            "sin",
            "cos",
            "tan",
            "exp",
            "log",
            "sqrt",
            "sinh",
            "cosh",
            "tanh",
            "asin",
            "acos",
            "atan",
            "atan2",
            "floor",
        )
    },
    "Abs": abs,
    "Min": min,
    "Max": max,
    "Mod": lambda a, b: a % b,
    "Piecewise": _piecewise,
    "sign": lambda v: (v > 0) - (v < 0),
    "Heaviside": lambda v: 1.0 if v > 0 else (0.5 * (v == 0)),
    "pi": math.pi,
    "E": math.e,
}


class _ExpandPowers(ast.NodeTransformer):
    """``x**n`` with a small integer ``n`` as the product ``x*x*...*x``: the package's
    documented semantics, independent of the platform's ``pow`` (which is not
    always correctly rounded)."""

    def visit_BinOp(self, node):
        node = self.generic_visit(node)
        n = integer_exponent(node.right) if isinstance(node.op, ast.Pow) else None
        if n is None or n <= 0:
            return node
        product = node.left
        for _ in range(n - 1):
            product = ast.BinOp(left=product, op=ast.Mult(), right=node.left)
        return product


def evaluated_loop(system, n):
    """The declared recurrence evaluated by plain Python on floats, one iterate at a time."""
    trees = [
        ast.fix_missing_locations(_ExpandPowers().visit(ast.parse(text, mode="eval")))
        for text in system.declaration.equations
    ]
    code = [compile(tree, system.name, "eval") for tree in trees]
    x = [float(v) for v in system.ic]
    rows = [tuple(x)]
    for _ in range(n - 1):
        scope = {**PLAIN_PYTHON, **dict(zip(system.variables, x)), **system.parameters}
        x = [float(eval(c, {"__builtins__": {}}, scope)) for c in code]  # trusted declarations
        rows.append(tuple(x))
    return np.array(rows)


@pytest.mark.parametrize("name", ["Henon", "Logistic", "Lozi", "Ikeda"])
def test_maps_reproduce_their_hand_written_recurrence_bit_for_bit(name):
    system = chaosbench.get(name)
    t, X = system.trajectory(2000)
    expected = python_loop(name, tuple(system.ic), tuple(system.parameters.values()), 2000)
    assert np.array_equal(X, expected)
    assert np.array_equal(t, np.arange(2000))


@pytest.mark.parametrize("name", MAPS)
def test_maps_reproduce_their_declared_recurrence_bit_for_bit(name):
    system = chaosbench.get(name)
    _, X = system.trajectory(500)
    assert np.array_equal(X, evaluated_loop(system, 500))


@pytest.mark.parametrize("name", MAPS)
def test_map_transient_skips_iterates(name):
    system = chaosbench.get(name)
    _, full = system.trajectory(60)
    _, tail = system.trajectory(10, transient=50)
    assert np.array_equal(full[50:], tail)


@pytest.mark.parametrize("name", FLOWS)
def test_flow_transient_discards_leading_points(name):
    system = chaosbench.get(name)
    t_full, full = system.trajectory(80)
    t_tail, tail = system.trajectory(30, transient=50)
    np.testing.assert_allclose(t_tail, t_full[50:], rtol=1e-14)
    np.testing.assert_allclose(tail, full[50:], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", ALL)
def test_same_seed_same_arrays(name):
    system = chaosbench.get(name)
    t1, first = system.trajectory(300, noise=0.1, seed=7)
    t2, second = system.trajectory(300, noise=0.1, seed=7)
    _, other = system.trajectory(300, noise=0.1, seed=8)
    assert np.array_equal(t1, t2) and np.array_equal(first, second)
    assert not np.array_equal(first, other)


def test_noise_is_relative_to_each_coordinate():
    lorenz = chaosbench.get("Lorenz")
    _, clean = lorenz.trajectory(5000)
    _, noisy = lorenz.trajectory(5000, noise=0.05, seed=1)
    ratio = (noisy - clean).std(axis=0) / clean.std(axis=0)
    np.testing.assert_allclose(ratio, 0.05, rtol=0.05)


def test_parameters_change_the_dynamics():
    rossler = chaosbench.get("Rossler")
    _, base = rossler.trajectory(100)
    _, changed = rossler.trajectory(100, parameters={"c": 4.0})
    _, same = rossler.trajectory(100, parameters=[0.2, 0.2, 5.7])
    assert np.array_equal(base, same)
    assert not np.allclose(base, changed)


# --- bad input -------------------------------------------------------------------------------
BAD_CALLS = [
    ({"n": 0}, InvalidParameterError, "'n' parameter of trajectory must be a positive int"),
    ({"n": -5}, InvalidParameterError, "Got -5 instead"),
    ({"n": 2.5}, InvalidParameterError, "positive int"),
    ({"ic": [1.0, 2.0]}, InvalidParameterError, "'ic' parameter of trajectory must be 3"),
    ({"ic": [1.0, 2.0, math.nan]}, InvalidParameterError, "finite"),
    ({"parameters": {"sigmaa": 1.0}}, UnknownNameError, "Did you mean 'sigma'"),
    ({"parameters": {"rho": math.inf}}, InvalidParameterError, "finite number"),
    ({"parameters": [1.0, 2.0]}, InvalidParameterError, "3 values"),
    ({"dt": -0.1}, InvalidParameterError, "'dt' parameter"),
    ({"dt": 0.0}, InvalidParameterError, "'dt' parameter"),
    ({"method": "rk45"}, UnknownNameError, "method of trajectory"),
    ({"rtol": 0.0}, InvalidParameterError, "'rtol'"),
    ({"rtol": 1e-17}, InvalidParameterError, "at least"),
    ({"noise": -1.0}, InvalidParameterError, "'noise'"),
    ({"transient": -1}, InvalidParameterError, "'transient'"),
    ({"seed": "abc"}, InvalidParameterError, "'seed'"),
    ({"pts_per_period": 0}, InvalidParameterError, "'pts_per_period'"),
]


@pytest.mark.parametrize(("kwargs", "error", "fragment"), BAD_CALLS)
def test_bad_input_gets_a_clear_error(kwargs, error, fragment):
    lorenz = chaosbench.get("Lorenz")
    kwargs = {"n": 10, **kwargs}
    with pytest.raises(error) as info:
        lorenz.trajectory(kwargs.pop("n"), **kwargs)
    assert fragment in str(info.value)


def test_maps_refuse_dt():
    with pytest.raises(InvalidParameterError, match="None for the map 'Henon'"):
        chaosbench.get("Henon").trajectory(10, dt=0.1)


def test_divergent_map_raises_with_system_time_and_state():
    henon = chaosbench.get("Henon")
    with pytest.raises(IntegrationError) as info:
        henon.trajectory(1000, ic=[5.0, 5.0])
    error = info.value
    assert error.system == "Henon"
    assert "non-finite" in str(error) and "t = " in str(error)
    assert not all(np.isfinite(error.state))


def test_finite_time_blow_up_raises():
    blow_up = System(
        Declaration(
            name="BlowUp",
            kind="flow",
            variables=("x",),
            parameters={},
            equations=("x**2",),
            ic=(1.0,),
            citation="x' = x^2 reaches infinity at t = 1.",
            field="mathematics",
        )
    )
    with pytest.raises(IntegrationError) as info:
        blow_up.trajectory(30, dt=0.1)
    assert info.value.system == "BlowUp"
    assert info.value.t == pytest.approx(1.0, abs=1e-3)  # exact blow-up time: t = 1
    assert "BlowUp" in str(info.value) and "State:" in str(info.value)


def test_missing_period_explains_how_to_proceed():
    plain = System(chaosbench.get("Lorenz").declaration)  # no annotations
    with pytest.raises(chaosbench.ChaosbenchError, match="output step dt="):
        plain.trajectory(10)
    assert plain.trajectory(10, dt=0.01)[1].shape == (10, 3)


# --- ensembles -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_ensemble_equals_individual_trajectories(name, rng):
    system = chaosbench.get(name)
    ics = system.ic + 1e-6 * rng.standard_normal((5, system.dimension))
    t, X = system.ensemble(ics, 50, workers=2)
    assert X.shape == (5, 50, system.dimension)
    for i, ic in enumerate(ics):
        t_single, single = system.trajectory(50, ic=ic)
        assert np.array_equal(t, t_single)
        assert np.array_equal(X[i], single)


def test_ensemble_over_parameter_sets_broadcasts_the_initial_condition():
    lorenz = chaosbench.get("Lorenz")
    rhos = [24.0, 28.0, 35.0]
    _, X = lorenz.ensemble(None, 40, parameters=[{"rho": r} for r in rhos])
    assert X.shape == (3, 40, 3)
    for i, rho in enumerate(rhos):
        assert np.array_equal(X[i], lorenz.trajectory(40, parameters={"rho": rho})[1])
    _, Y = lorenz.ensemble(
        lorenz.ic[None, :], 40, parameters=np.array([[10, r, 8 / 3] for r in rhos])
    )
    np.testing.assert_array_equal(X[[0, 2]], Y[[0, 2]])


def test_ensemble_rejects_mismatched_counts_and_shapes():
    lorenz = chaosbench.get("Lorenz")
    with pytest.raises(InvalidParameterError, match="'ics' parameter of ensemble"):
        lorenz.ensemble(np.zeros((3, 2)), 10)
    with pytest.raises(InvalidParameterError, match="one entry or 3 entries"):
        lorenz.ensemble(np.ones((3, 3)), 10, parameters=[{"rho": 20.0}, {"rho": 21.0}])
    with pytest.raises(InvalidParameterError, match="'workers'"):
        lorenz.ensemble(np.ones((3, 3)), 10, workers=0)


def test_ensemble_failure_names_the_member():
    henon = chaosbench.get("Henon")
    ics = np.array([henon.ic, [5.0, 5.0]])
    with pytest.raises(IntegrationError, match="ensemble member 1"):
        henon.ensemble(ics, 100)


def test_ensemble_seed_is_deterministic():
    lorenz = chaosbench.get("Lorenz")
    ics = lorenz.ic + np.eye(3)
    a = lorenz.ensemble(ics, 30, noise=0.1, seed=3)[1]
    b = lorenz.ensemble(ics, 30, noise=0.1, seed=3)[1]
    assert np.array_equal(a, b)


def test_auto_method_uses_the_stiff_integrator_for_stiff_systems():
    mu = 1000.0
    van_der_pol = System(
        Declaration(
            name="StiffVanDerPol",
            kind="flow",
            variables=("x", "y"),
            parameters={"mu": mu},
            equations=("y", "mu*(1 - x**2)*y - x"),
            ic=(2.0, 0.0),
            stiff=True,
            citation="van der Pol, B. (1926). On relaxation-oscillations. Phil. Mag. 2, 978-992.",
            field="electronics",
        )
    )
    t, auto = van_der_pol.trajectory(301, dt=1.0, rtol=1e-8, atol=1e-10)
    _, rosenbrock = van_der_pol.trajectory(301, dt=1.0, rtol=1e-8, atol=1e-10, method="rosenbrock")
    assert np.array_equal(auto, rosenbrock)
    reference = solve_ivp(
        lambda _, s: [s[1], mu * (1 - s[0] ** 2) * s[1] - s[0]],
        (0, 300),
        [2.0, 0.0],
        method="Radau",
        t_eval=t,
        rtol=1e-12,
        atol=1e-12,
    ).y.T
    # compare x away from the fast jumps, where |y| is small and the solution is smooth
    smooth = np.abs(reference[:, 1]) < 0.1
    assert smooth.sum() > 250
    np.testing.assert_allclose(auto[smooth, 0], reference[smooth, 0], rtol=1e-5)


@pytest.mark.parametrize("name", ALL)
def test_every_system_runs_100_dominant_periods_from_its_default_state(name):
    system = chaosbench.get(name)
    n = 10_000 if system.kind != "map" else 1_000
    _, X = system.trajectory(n)  # 100 points per period: 100 periods (maps: iterates)
    assert X.shape == (n, system.dimension) and np.all(np.isfinite(X))
