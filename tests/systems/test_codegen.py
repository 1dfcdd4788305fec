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


def delayed_values(system, x, rng):
    """Delay systems: delayed terms near the current values (other systems: None)."""
    if system.kind != "delay":
        return None
    base = x[system.delay_components]
    return base + 0.1 * np.maximum(np.abs(base), 0.1) * rng.standard_normal(base.shape)


# the analytic Jacobian against central differences of the rhs, for every system: see
# tests/test_testing.py, which runs chaosbench.testing.check_system over the registry


@pytest.mark.parametrize("name", ALL)
def test_compiled_rhs_matches_sympy_equations(name, rng):
    system = chaosbench.get(name)
    symbols = system.symbols
    delayed = [symbols[key] for key in (f"{v}(t - {lag})" for v, lag in system.delay_terms)]
    args = [symbols[v] for v in system.variables] + delayed
    args += [symbols[p] for p in system.parameters] + [symbols["t"]]
    evaluate = sympy.lambdify(args, list(system.equations), "math")
    for x in random_states(system, rng):
        xd = delayed_values(system, x, rng)
        extra = [] if xd is None else list(xd)
        expected = np.array(evaluate(*x, *extra, *system.parameters.values(), 1.25), dtype=float)
        got = system.rhs(x, 1.25, delayed=xd)
        # the same mathematics in two arrangements: equal up to rounding and cancellation
        np.testing.assert_allclose(got, expected, rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize(
    "name",
    [n for n in ALL if not chaosbench.get(n).autonomous and chaosbench.get(n).kind == "flow"],
)
def test_time_derivative_of_forced_flows(name, rng):
    system = chaosbench.get(name)
    p = system.parameter_vector()
    out = np.empty(system.dimension)
    for x in random_states(system, rng):
        t, h = float(rng.uniform(0, 10)), 1e-4
        system.kernels.dfdt(t, x, p, out)
        f = [system.rhs(x, t + k * h) for k in (-2, -1, 1, 2)]
        numeric = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h)  # fourth-order central
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
        xd = delayed_values(system, x, rng)
        if xd is None:
            system.kernels.tangent(0.5, y, p, out)
            expected = system.jacobian(x, 0.5) @ vectors
        else:  # delayed input: the delayed terms, then their tangent values
            delayed_vectors = rng.standard_normal((xd.size, k))
            system.kernels.tangent(0.5, y, np.concatenate([xd, delayed_vectors.ravel()]), p, out)
            expected = (
                system.jacobian(x, 0.5, delayed=xd) @ vectors
                + system.delayed_jacobian(x, 0.5, delayed=xd) @ delayed_vectors
            )
        np.testing.assert_allclose(out[:d], system.rhs(x, 0.5, delayed=xd), rtol=1e-14)
        np.testing.assert_allclose(out[d:].reshape(d, k), expected, rtol=1e-12, atol=1e-12)


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
