import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench.systems import codegen
from tests.conftest import ALL


def random_states(system, rng, count=8):
    """States near the attractor: points of a short trajectory, slightly perturbed."""
    if system.kind == "map":
        X = system.trajectory(50)[1]
    elif "dt" in system.annotations:
        X = system.trajectory(50, dt=5 * system.annotations["dt"])[1]
    else:
        X = system.ic[None, :]
    picks = X[rng.integers(0, len(X), count)]
    scale = np.maximum(np.abs(picks), 0.1)
    return picks + 1e-2 * scale * rng.standard_normal(picks.shape)


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
        scale = np.linalg.norm(analytic)
        error = np.linalg.norm(analytic - numeric) / max(scale, 1e-300)
        assert error < 1e-6 or np.linalg.norm(analytic - numeric) < 1e-9, (name, x, analytic)


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


def _declaration(**changes):
    lorenz = chaosbench.get("Lorenz").declaration
    fields = ("name", "kind", "variables", "parameters", "equations", "ic", "citation", "field")
    return chaosbench.Declaration(**{**{f: getattr(lorenz, f) for f in fields}, **changes})


def test_kernel_key_follows_the_code_and_nothing_else():
    base = _declaration()
    key = codegen.kernel_key(base)
    assert codegen.kernel_key(_declaration()) == key
    assert codegen.kernel_key(_declaration(parameters={"sigma": 1, "rho": 2, "beta": 3})) == key
    assert codegen.kernel_key(_declaration(ic=(1.0, 2.0, 3.0), citation="other")) == key
    changed = ("sigma*(y - x)", "x*(rho - z) - 2*y", "x*y - beta*z")
    assert codegen.kernel_key(_declaration(equations=changed)) != key
    reordered = {"rho": 28.0, "sigma": 10.0, "beta": 8 / 3}
    assert codegen.kernel_key(_declaration(parameters=reordered)) != key


def test_changed_equations_get_new_kernels():
    changed = chaosbench.System(
        _declaration(equations=("sigma*(y - x)", "x*(rho - z) - 2*y", "x*y - beta*z"))
    )
    np.testing.assert_allclose(changed.rhs([1.0, 2.0, 3.0]), [10.0, 21.0, 2 - 8.0])
    np.testing.assert_allclose(chaosbench.get("Lorenz").rhs([1.0, 2.0, 3.0]), [10.0, 23.0, -6.0])


def test_cached_module_is_exactly_what_the_generator_produces():
    for name in chaosbench.systems():
        system = chaosbench.get(name)
        cached = Path(system.kernels.module.__file__).read_text()
        assert cached == codegen.generate_source(system.declaration, list(system.equations))


def test_damaged_cache_file_is_regenerated(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAOSBENCH_CACHE_DIR", str(tmp_path))
    declaration = _declaration(name="LorenzCacheProbe")
    path = tmp_path / "kernels" / f"{codegen.module_name(declaration)}.py"
    path.parent.mkdir(parents=True)
    path.write_text(f"# key: {codegen.kernel_key(declaration)}\nraise SystemExit  # truncated")
    system = chaosbench.System(declaration)
    np.testing.assert_allclose(system.rhs([1.0, 2.0, 3.0]), [10.0, 23.0, -6.0])
    assert path.read_text().rstrip().endswith("# end of generated kernels")


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
