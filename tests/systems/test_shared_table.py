"""The shared table kernels: one compiled set of kernels for every polynomial system."""

import ast
import gc
from dataclasses import replace

import numpy as np
import pytest
from numba.core.registry import CPUDispatcher

import chaosbench
from chaosbench import Declaration, DeclarationError, System
from chaosbench.systems import shared_table
from chaosbench.systems.polynomial import polynomial_table
from chaosbench.testing import check_system

# polynomial registry systems of moderate size (the largest Galerkin truncations are
# covered by the table-kernel tests of test_polynomial.py)
POLYNOMIAL = [
    name
    for name in chaosbench.systems()
    if (table := polynomial_table(chaosbench.get(name).declaration)) is not None
    and table.n_terms <= 300
]


def literal(system) -> Declaration:
    """The declaration with every parameter replaced by its value, written exactly."""
    values = dict(system.parameters)

    class Substitute(ast.NodeTransformer):
        def visit_Name(self, node):
            if node.id in values:
                return ast.Constant(float(values[node.id]))
            return node

    equations = tuple(
        ast.unparse(Substitute().visit(ast.parse(text, mode="eval")))
        for text in system.declaration.equations
    )
    return replace(
        system.declaration, name=system.name + "Literal", parameters={}, equations=equations
    )


def test_most_polynomial_registry_systems_are_covered():
    assert len(POLYNOMIAL) >= 70 and {"Lorenz", "Henon", "Rossler"} <= set(POLYNOMIAL)


@pytest.mark.parametrize("name", POLYNOMIAL)
def test_shared_kernels_agree_with_the_generated_ones(name, rng):
    system = chaosbench.get(name)
    shared = System(literal(system), shared_kernels=True)
    d = system.dimension
    for _ in range(3):
        x = system.ic + rng.normal(size=d) * (1 + np.abs(system.ic))
        expected, got = system.rhs(x), shared.rhs(x)
        assert np.allclose(got, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())
        jac, shared_jac = system.jacobian(x), shared.jacobian(x)
        assert np.allclose(shared_jac, jac, rtol=1e-12, atol=1e-12 * (np.abs(jac).max() + 1))
        # the tangent kernel: the state's rate followed by J @ V for two tangent vectors
        V = rng.normal(size=(d, 2))
        y = np.concatenate([x, V.ravel()])
        out = np.empty_like(y)
        p = shared.problem.kernel_parameters(shared.parameter_vector())
        shared.kernels.tangent(0.0, y, p, out)
        assert np.allclose(out[:d], expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())
        JV = (jac @ V).ravel()
        assert np.allclose(out[d:], JV, rtol=1e-10, atol=1e-10 * (np.abs(JV).max() + 1))


@pytest.mark.parametrize("name", ["Lorenz", "Henon", "Rossler", "Thomas"])
def test_systems_on_shared_kernels_pass_the_conformance_check(name):
    if name not in POLYNOMIAL:  # Thomas has sines: refused below instead
        with pytest.raises(DeclarationError, match="shared kernels"):
            System(literal(chaosbench.get(name)), shared_kernels=True)
        return
    system = chaosbench.get(name)
    shared = System(literal(system), system.annotations, shared_kernels=True)
    check_system(shared)
    # trajectories agree with the generated kernels' to the integration tolerance
    step = {} if system.kind == "map" else {"dt": system.dt}
    _, X = system.trajectory(200, **step)
    _, Y = shared.trajectory(200, **step)
    assert np.allclose(X[:20], Y[:20], rtol=1e-6, atol=1e-6 * np.abs(X).max())


def test_lorenz_on_shared_kernels_has_the_known_exponents():
    from chaosbench.analysis.lyapunov import lyapunov_spectrum

    lorenz = chaosbench.get("Lorenz")
    shared = System(literal(lorenz), shared_kernels=True)
    exponents, divergence = lyapunov_spectrum(
        shared, interval=0.1, n_intervals=3000, transient_intervals=100, return_divergence=True
    )
    assert abs(exponents[0] - 0.9056) < 0.05  # Sprott's value for the classic parameters
    assert abs(exponents.sum() - divergence) < 1e-6 * abs(divergence)
    assert abs(divergence + 41 / 3) < 1e-9  # the divergence is -(sigma + 1 + beta)


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"parameters": {"a": 1.0}, "equations": ("a*y", "-x", "-z")}, "parameters"),
        ({"equations": ("sin(y)", "-x", "-z")}, "polynomial"),
        ({"equations": ("t*y", "-x", "-z")}, "autonomous"),
    ],
)
def test_shared_kernels_refuse_what_they_cannot_run(change, problem):
    base = Declaration(
        name="Oscillator",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={},
        equations=("y", "-x", "-z"),
        ic=(1.0, 0.0, 0.5),
        citation="test",
        field="mathematics",
    )
    System(base, shared_kernels=True)  # a polynomial flow without parameters: accepted
    with pytest.raises(DeclarationError, match="shared kernels take autonomous polynomial"):
        System(replace(base, **change), shared_kernels=True)


def _compiled_signatures() -> int:
    return sum(len(o.overloads) for o in gc.get_objects() if isinstance(o, CPUDispatcher))


def test_new_systems_on_shared_kernels_compile_nothing(rng):
    def random_flow(k):
        a, b, c = np.round(rng.uniform(0.5, 2.0, 3), 1)
        return Declaration(
            name=f"Random{k}",
            kind="flow",
            variables=("x", "y", "z"),
            parameters={},
            equations=(f"{a}*(y - x)", f"x*({b * 10} - z) - y", f"x*y - {c}*z"),
            ic=(1.0, 1.0, 1.0),
            citation="test",
            field="mathematics",
        )

    System(random_flow(0), shared_kernels=True).trajectory(100, dt=0.01)
    before = _compiled_signatures()
    for k in range(1, 6):
        System(random_flow(k), shared_kernels=True).trajectory(100, dt=0.01)
    assert _compiled_signatures() == before


def test_packed_layout():
    table = polynomial_table(literal(chaosbench.get("Henon")))
    packed = shared_table.pack(table)
    d, n_terms, width = packed[:3].astype(int)
    assert (d, n_terms, width) == (2, table.n_terms, 2)
    rows = packed[3:].reshape(n_terms, width + 2)
    assert sorted(rows[:, 1].tolist()) == sorted(table.constant.tolist())
    assert set(rows[:, 2:].ravel().astype(int)) <= {0, 1, 2}  # 2 = the factor 1
