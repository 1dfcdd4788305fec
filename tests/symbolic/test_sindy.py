"""The SINDy baseline of the symbolic track."""

import importlib.util
from math import comb

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench.symbolic.data import SymbolicTask, symbolic_data
from chaosbench.symbolic.sindy import fit_sindy, library_degree, run_baseline
from chaosbench.systems.expressions import parse, to_sympy

SMALL = SymbolicTask("small", n_points=1000, n_train=1, n_test=1, seed=7)


def read_positional(texts, system):
    """Positional text -> sympy in the system's symbols, with the declaration parser."""
    names = {f"x{i}": system.symbols[v] for i, v in enumerate(system.variables)}
    names["t"] = system.symbols["t"]
    return [to_sympy(parse(text, set(names)), names) for text in texts]


def srbench_rounded(expression):
    """SRBench's rule: floats below 1e-4 in size become 0, the others 3 decimals."""
    expression = sympy.expand(expression)
    return expression.xreplace(
        {
            f: sympy.Integer(0) if abs(f) < 1e-4 else sympy.Float(round(float(f), 3))
            for f in expression.atoms(sympy.Float)
        }
    )


def exactly_recovered(texts, system) -> bool:
    values = {system.symbols[k]: sympy.Float(v) for k, v in system.parameters.items()}
    truth = [e.xreplace(values) for e in system.equations]
    return all(
        sympy.simplify(srbench_rounded(a) - srbench_rounded(b)) == 0
        for a, b in zip(read_positional(texts, system), truth)
    )


def test_library_degree_counts_monomials():
    # C(d + k, k) monomials of degree <= k in d variables
    assert library_degree(3, 3, comb(6, 3)) == 3
    assert library_degree(3, 3, comb(6, 3) - 1) == 2
    assert library_degree(32, 3, 600) == 2 and comb(34, 2) <= 600
    assert library_degree(50, 2, 10) == 1


@pytest.mark.parametrize("name", ["Lorenz", "Rossler", "Chen"])
def test_exact_recovery_from_noiseless_data(name):
    system = chaosbench.get(name)
    texts = fit_sindy(system, symbolic_data(system, SMALL))
    assert len(texts) == 3 and all("x0" in t or "x1" in t or "x2" in t for t in texts)
    assert exactly_recovered(texts, system), texts


def test_the_exactness_check_is_not_vacuous():
    lorenz = chaosbench.get("Lorenz")
    texts = fit_sindy(lorenz, symbolic_data(lorenz, SMALL))
    assert not exactly_recovered([texts[0], texts[1], texts[2] + " + 0.01*x2"], lorenz)
    assert exactly_recovered([texts[0], texts[1], texts[2] + " + 0.00001*x2"], lorenz)


def test_forced_flows_get_the_forcing_harmonics():
    ueda = chaosbench.get("Ueda")
    texts = fit_sindy(ueda, symbolic_data(ueda, SMALL))
    assert "cos(1.0*t)" in texts[1]
    assert exactly_recovered(texts, ueda), texts
    assert "t" not in fit_sindy(ueda, symbolic_data(ueda, SMALL), forcing=False)[1]


def test_threshold_controls_sparsity():
    lorenz = chaosbench.get("Lorenz")
    estimated = SymbolicTask(
        "small_fd", n_points=1000, n_train=1, n_test=1, seed=7, derivatives="finite_difference"
    )
    data = symbolic_data(lorenz, estimated)

    def terms(texts):
        return [len(sympy.Add.make_args(e)) for e in read_positional(texts, lorenz)]

    assert terms(fit_sindy(lorenz, data, threshold=0.0)) == [20, 20, 20]  # the whole library
    assert terms(fit_sindy(lorenz, data, threshold=0.01)) == [2, 3, 2]  # Lorenz's own terms


@pytest.mark.skipif(
    importlib.util.find_spec("chaosbench.symbolic.score") is None,
    reason="the scorer (chaosbench.symbolic.score) is not there yet",
)
def test_run_baseline_fits_scores_and_writes_a_table(tmp_path):
    out = tmp_path / "baseline.csv"
    table = run_baseline(["Rossler", "Lorenz"], out=out, task=SMALL)
    assert list(table["system"]) == ["Lorenz", "Rossler"]  # registry order
    assert (table["status"] == "ok").all(), table["reason"].tolist()
    assert table["equations"].str.contains("x0").all()
    assert np.all(table["derivative_r2"] > 0.999999)
    assert out.exists() and len(out.read_text().splitlines()) == 3


def test_run_baseline_records_failures_instead_of_raising(monkeypatch):
    import chaosbench.symbolic.sindy as sindy

    def broken(*args, **kwargs):
        raise RuntimeError("no fit today")

    monkeypatch.setattr(sindy, "fit_sindy", broken)
    table = run_baseline(["Lorenz"], task=SMALL)
    assert table.loc[0, "status"] == "failed"
    assert "no fit today" in table.loc[0, "reason"]
