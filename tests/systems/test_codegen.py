import json
import os
import subprocess
import sys

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench.systems import codegen
from tests.conftest import ALL


def random_states(system, rng, count=8):
    scale = np.maximum(np.abs(system.ic), 0.5)
    return system.ic + 0.3 * scale * rng.standard_normal((count, system.dimension))


@pytest.mark.parametrize("name", ALL)
def test_jacobian_matches_central_difference_of_rhs(name, rng):
    system = chaosbench.get(name)
    for x in random_states(system, rng):
        t = float(rng.uniform(0, 10)) if not system.autonomous else 0.0
        analytic = system.jacobian(x, t)
        numeric = np.empty_like(analytic)
        for j in range(system.dimension):
            h = 1e-6 * max(1.0, abs(x[j]))
            up, down = x.copy(), x.copy()
            up[j] += h
            down[j] -= h
            numeric[:, j] = (system.rhs(up, t) - system.rhs(down, t)) / (2 * h)
        error = np.linalg.norm(analytic - numeric) / np.linalg.norm(analytic)
        assert error < 1e-6, (name, x, analytic, numeric)


@pytest.mark.parametrize("name", ALL)
def test_compiled_rhs_matches_sympy_equations(name, rng):
    system = chaosbench.get(name)
    symbols = system.symbols
    args = [symbols[v] for v in system.variables] + [symbols[p] for p in system.parameters]
    args.append(symbols["t"])
    evaluate = sympy.lambdify(args, list(system.equations), "math")
    for x in random_states(system, rng):
        expected = np.array(evaluate(*x, *system.parameters.values(), 1.25), dtype=float)
        np.testing.assert_allclose(system.rhs(x, 1.25), expected, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("name", [n for n in ALL if not chaosbench.get(n).autonomous])
def test_time_derivative_of_forced_flows(name, rng):
    system = chaosbench.get(name)
    p = system.parameter_vector()
    out = np.empty(system.dimension)
    for x in random_states(system, rng):
        t, h = float(rng.uniform(0, 10)), 1e-5
        system.kernels.dfdt(t, x, p, out)
        numeric = (system.rhs(x, t + h) - system.rhs(x, t - h)) / (2 * h)
        np.testing.assert_allclose(out, numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("name", ALL)
def test_tangent_kernel_combines_rhs_and_jacobian(name, rng):
    system = chaosbench.get(name)
    d = system.dimension
    p = system.parameter_vector()
    for k in (1, d):
        x = random_states(system, rng, 1)[0]
        vectors = rng.standard_normal((d, k))
        y = np.concatenate([x, vectors.ravel()])
        out = np.empty_like(y)
        system.kernels.tangent(0.5, y, p, out)
        np.testing.assert_allclose(out[:d], system.rhs(x, 0.5), rtol=1e-14)
        np.testing.assert_allclose(
            out[d:].reshape(d, k), system.jacobian(x, 0.5) @ vectors, rtol=1e-12, atol=1e-12
        )


def test_generated_source_is_deterministic_and_keyed_by_declaration():
    lorenz = chaosbench.get("Lorenz")
    first = codegen.generate_source(lorenz.declaration, list(lorenz.equations))
    second = codegen.generate_source(lorenz.declaration, list(lorenz.equations))
    assert first == second
    changed = chaosbench.Declaration(
        **{
            **{
                f: getattr(lorenz.declaration, f)
                for f in ("name", "kind", "variables", "parameters", "ic", "citation", "field")
            },
            "equations": ("sigma*(y - x)", "x*(rho - z) - 2*y", "x*y - beta*z"),
        }
    )
    changed_system = chaosbench.System(changed)
    other = codegen.generate_source(changed, list(changed_system.equations))
    assert codegen.module_name(lorenz.declaration, first) != codegen.module_name(changed, other)
    np.testing.assert_allclose(changed_system.rhs([1.0, 2.0, 3.0]), [10.0, 21.0, 2 - 8.0])


_PROBE = """
import json, sys
import chaosbench
system = chaosbench.get(sys.argv[1])
system.rhs([0.5] * system.dimension)
kernels = system.kernels
stats = {name: [sum(getattr(kernels, name).stats.cache_hits.values()),
                sum(getattr(kernels, name).stats.cache_misses.values())]
         for name in ("rhs", "jac", "dfdt", "tangent")}
print(json.dumps(stats))
"""


def test_second_process_loads_compiled_kernels_from_disk(tmp_path):
    env = {**os.environ, "CHAOSBENCH_CACHE_DIR": str(tmp_path)}

    def run():
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, "Rossler"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout)

    first = run()
    assert all(misses >= 1 for _, misses in first.values()), first
    second = run()
    assert all(hits >= 1 and misses == 0 for hits, misses in second.values()), second
    generated = list(tmp_path.glob("kernels/chaosbench_kernels_rossler_*.py"))
    assert len(generated) == 1
