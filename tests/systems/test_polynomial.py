"""Polynomial term tables and the table kernels generated from them."""

import importlib.util

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench import Declaration
from chaosbench.systems import codegen
from chaosbench.systems.polynomial import polynomial_table


def _evaluate(table, x, factor_values):
    """The table's right-hand side in plain numpy (an evaluation independent of numba)."""
    state = np.append(x, 1.0)
    out = np.zeros(table.dimension)
    for g, (i, f) in enumerate(zip(table.group_equation, table.group_factor)):
        terms = slice(table.group_start[g], table.group_start[g + 1])
        products = state[table.variable[terms]].prod(axis=1)
        out[i] += factor_values[f] * (table.constant[terms] * products).sum()
    return out


def _factor_values(table, parameters):
    names = {f"p_{j}": value for j, value in enumerate(parameters)}
    values = [1.0]
    for source in table.factor_sources:  # parameter-only numba source: plain arithmetic
        code = compile(source, "<factor>", "eval")
        values.append(eval(code, {"math": __import__("math"), "np": np}, dict(names)))
    return np.array(values)


POLYNOMIAL = [
    name for name in chaosbench.systems() if polynomial_table(chaosbench.get(name).declaration)
]


def test_the_registry_has_many_polynomial_systems_and_rejects_the_others():
    assert len(POLYNOMIAL) >= 80
    assert {"Lorenz", "Rossler", "Henon", "Lorenz96", "KuramotoSivashinsky"} <= set(POLYNOMIAL)
    for name in ("MackeyGlass", "Duffing", "Chua", "DoublePendulum", "Ikeda"):
        assert polynomial_table(chaosbench.get(name).declaration) is None, name


@pytest.mark.parametrize("name", POLYNOMIAL)
def test_table_agrees_with_the_sympy_equations(name):
    system = chaosbench.get(name)
    table = polynomial_table(system.declaration)
    symbols = [system.symbols[v] for v in system.variables]
    parameters = [system.symbols[p] for p in system.parameter_names]
    function = sympy.lambdify([symbols, parameters], list(system.equations), "numpy")
    p = system.parameter_vector()
    factors = _factor_values(table, p)
    rng = np.random.default_rng(7)
    for _ in range(3):
        x = system.ic + rng.normal(size=system.dimension) * (1 + np.abs(system.ic))
        expected = np.array(function(x, p), dtype=float)
        scale = np.abs(expected).max() + 1.0
        np.testing.assert_allclose(_evaluate(table, x, factors), expected, atol=1e-12 * scale)


def _load(source, tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return codegen.Kernels(module)


SYSTEMS = [
    ("Lorenz", {}),
    ("Aizawa", {}),  # degree 4 terms
    ("Henon", {}),  # a map
    ("Lorenz96", {"n": 7}),  # sparse tangent products
    ("KuramotoSivashinsky", {"n": 5}),  # dense tangent products
    ("CoupledLogisticLattice", {"n": 5}),
]


@pytest.mark.parametrize(("name", "size"), SYSTEMS, ids=[s for s, _ in SYSTEMS])
def test_table_kernels_match_the_unrolled_kernels(tmp_path, name, size):
    system = chaosbench.get(name, **size)
    unrolled = _load(
        codegen.generate_source(system.declaration, system.equations, table=False),
        tmp_path,
        f"unrolled_{name.lower()}",
    )
    table = _load(
        codegen.generate_source(system.declaration, system.equations, table=True),
        tmp_path,
        f"table_{name.lower()}",
    )
    d, p = system.dimension, system.parameter_vector()
    rng = np.random.default_rng(11)
    for k in (1, 4):
        x = system.ic + 0.3 * rng.normal(size=d)
        y = np.concatenate([x, rng.normal(size=d * k)])
        for kernels_name, shape, argument in (
            ("rhs", (d,), x),
            ("jac", (d, d), x),
            ("dfdt", (d,), x),
            ("tangent", y.shape, y),
        ):
            got, expected = np.empty(shape), np.empty(shape)
            getattr(table, kernels_name)(0.5, argument, p, got)
            getattr(unrolled, kernels_name)(0.5, argument, p, expected)
            scale = np.abs(expected).max() + 1.0
            np.testing.assert_allclose(got, expected, atol=1e-13 * scale, err_msg=kernels_name)
    assert table.module.N_SWITCHES == 0


def test_large_systems_get_table_kernels_and_small_ones_stay_unrolled():
    ks = chaosbench.get("KuramotoSivashinsky", n=40)
    assert polynomial_table(ks.declaration).n_terms >= codegen.TABLE_MIN_TERMS
    assert "N_GROUPS" in ks.kernels.module.__dict__
    assert "N_GROUPS" not in chaosbench.get("Lorenz").kernels.module.__dict__


def test_table_kernels_of_a_large_galerkin_system_match_a_pseudospectral_evaluation():
    # 40 modes (over 6,000 terms): -u u_x - u_xx - u_xxxx on a grid that holds u^2
    # without aliasing, projected back on the retained modes
    n, length = 40, 30.0
    ks = chaosbench.get("KuramotoSivashinsky", n=n)
    state = np.random.default_rng(5).normal(size=2 * n) / np.repeat(np.arange(1, n + 1), 2)
    a, b = state[0::2], state[1::2]
    m = 4 * n
    x = length * np.arange(m) / m
    k = np.arange(1, n + 1) * 2 * np.pi / length
    cos, sin = np.cos(np.outer(x, k)), np.sin(np.outer(x, k))
    u = cos @ a + sin @ b
    u_x = (-sin * k) @ a + (cos * k) @ b
    linear = (cos * (k**2 - k**4)) @ a + (sin * (k**2 - k**4)) @ b
    field = -u * u_x + linear
    expected = np.column_stack([2 * cos.T @ field / m, 2 * sin.T @ field / m]).ravel()
    got = ks.rhs(state, parameters={"L": length})
    np.testing.assert_allclose(got, expected, atol=1e-11 * np.abs(expected).max())


def test_non_polynomial_system_cannot_be_forced_into_a_table():
    duffing = chaosbench.get("Duffing")
    with pytest.raises(ValueError, match="not an autonomous polynomial"):
        codegen.generate_source(duffing.declaration, duffing.equations, table=True)


def _probe(*equations):
    return Declaration(
        name="Probe",
        kind="flow",
        variables=("x", "y"),
        parameters={"a": 2.0, "b": 3.0},
        equations=equations,
        ic=(1.0, 1.0),
        citation="Test (2026).",
        field="mathematics",
    )


@pytest.mark.parametrize(
    "equation",
    ["x/y", "sin(x)", "x**a", "x**-1", "sqrt(x)", "Abs(x)", "x*t", "exp(a*x)"],
)
def test_non_polynomial_equations_give_no_table(equation):
    assert polynomial_table(_probe(equation, "x")) is None


def test_parameter_only_subexpressions_become_factors():
    table = polynomial_table(_probe("(x + 2*y)**2/b - sin(a)*x", "3*(y - x)*(a + b)"))
    assert table.degree == 2
    assert table.n_terms == 6  # x^2, x y, y^2 (factor 1/b), x (factor sin(a)); y, x (a + b)
    x = np.array([0.7, -1.3])
    factors = _factor_values(table, [2.0, 3.0])
    expected = [(x[0] + 2 * x[1]) ** 2 / 3 - np.sin(2) * x[0], 3 * (x[1] - x[0]) * 5]
    np.testing.assert_allclose(_evaluate(table, x, factors), expected, rtol=1e-14)
