"""Scoring submissions: the truth of every flow recovered, perturbations caught, files read."""

import json
import math

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench.errors import ChaosbenchError
from chaosbench.symbolic import load_equations, score, score_submission, true_equations
from chaosbench.symbolic.score import COLUMNS, METRICS, POOLED
from tests.conftest import FLOWS

LORENZ_POSITIONAL = ["10 (x1 - x0)", "x0 (28 - x2) - x1", "x0 x1 - 8/3 x2"]


def rewritten(system, truth) -> list[str]:
    """The truth as a user's tool might print it: expanded, terms in reverse order,
    variables named x0, x1, ... ."""
    names = {system.symbols[v]: sympy.Symbol(f"x{i}") for i, v in enumerate(system.variables)}
    texts = []
    for equation in truth:
        terms = sympy.Add.make_args(sympy.expand(equation).xreplace(names))
        texts.append(" + ".join(f"({t})" for t in reversed(terms)))
    return texts


@pytest.mark.parametrize("name", FLOWS)
def test_the_rewritten_truth_of_every_flow_is_an_exact_recovery(name):
    system = chaosbench.get(name)
    result = score(rewritten(system, true_equations(system)), system, numeric=False)
    assert result.status == "ok", result.reason
    assert result.exact, [(v.variable, v.match) for v in result.variables]
    assert result.terms.f1 == 1.0
    assert result.terms.coefficient_error < 1e-9


#: flows with polynomial, trigonometric, forced, absolute-value and sign terms
VARIED = ["Lorenz", "Thomas", "ForcedVanDerPol", "Chua", "SprottMore", "Rossler"]


def numbers(equation):
    return [n for n in equation.atoms(sympy.Float, sympy.Integer) if abs(n) not in (0, 1)]


def perturbed(equation, factor):
    """The equation with its largest-magnitude number multiplied by ``factor``."""
    target = max(numbers(equation), key=lambda n: abs(float(n)))
    return equation.xreplace({target: sympy.Float(float(target) * factor)})


@pytest.mark.parametrize("name", VARIED)
def test_perturbations_are_not_exact(name):
    system = chaosbench.get(name)
    truth = [sympy.expand(e) for e in true_equations(system)]
    k = next(i for i, e in enumerate(truth) if numbers(e) and len(e.args) > 1)
    x = system.symbols[system.variables[0]]

    def scored(equation):
        submitted = [*truth[:k], equation, *truth[k + 1 :]]
        result = score([str(e) for e in submitted], system, numeric=False)
        assert all(v.match.exact for i, v in enumerate(result.variables) if i != k)
        return result, result.variables[k]

    result, variable = scored(perturbed(truth[k], 1.01))
    assert not result.exact and not variable.match.exact

    terms = sympy.Add.make_args(truth[k])
    result, variable = scored(sympy.Add(*terms[1:]))
    assert not result.exact and variable.match.kind == "different"
    assert variable.terms.recall < 1.0 and variable.terms.precision == 1.0

    result, variable = scored(truth[k] + 0.75)
    assert (variable.match.exact, variable.match.kind, variable.match.value) == (
        False,
        "constant_offset",
        0.75,
    )
    assert result.symbolic_solution and result.kind == "constant_offset"

    _, variable = scored(-2 * truth[k])
    assert (variable.match.kind, variable.match.value) == ("constant_factor", -2.0)

    _, variable = scored(truth[k] + 0.5 * x**3)
    assert variable.terms.precision < 1.0 and variable.terms.recall == 1.0


def test_pysindy_output_scores_term_by_term():
    equations = [
        "-10.000 x0 + 10.000 x1",
        "27.985 x0 + -0.999 x1 + -1.000 x0 x2",
        "-2.667 x2 + 1.000 x0 x1",
    ]
    result = score(equations, "Lorenz", numeric=False)
    assert [v.match.exact for v in result.variables] == [True, False, True]
    assert result.terms.f1 == 1.0
    # hand-computed relative errors of the seven matched terms
    errors = [0, 0, 0.015 / 28, 0.001, 0, (8 / 3 - 2.667) / (8 / 3), 0]
    assert result.terms.coefficient_error == pytest.approx(np.mean(np.abs(errors)))
    assert [v.complexity for v in result.variables] == [7, 11, 7]
    assert result.metrics()["complexity_ratio"] == 1.0


def test_parameter_values_of_the_truth():
    candidate = ["10 (y - x)", "x (35 - z) - y", "x y - 8/3 z"]
    assert score(candidate, "Lorenz", parameters={"rho": 35.0}, numeric=False).exact
    assert not score(candidate, "Lorenz", numeric=False).exact
    by_name = ["sigma (y - x)", "x (rho - z) - y", "x y - beta z"]
    assert score(by_name, "Lorenz", parameters={"rho": 35.0}, numeric=False).exact


def test_a_failed_expression_is_scored_as_recovering_nothing():
    result = score(["10 (x1 - x0)", "x0 (28 - x2) - ", "foo(x0)"], "Lorenz", numeric=False)
    assert result.status == "failed"
    assert "y: an operator is missing its operand" in result.reason
    assert "z: unknown function 'foo'" in result.reason
    x, y, _ = result.variables
    assert x.status == "ok" and x.match.exact
    assert (y.status, y.match.kind, y.terms.f1, y.complexity) == ("failed", "different", 0, None)
    assert not result.exact
    assert result.terms.recall == pytest.approx(2 / 7)  # the two terms of x, of seven
    assert math.isnan(result.metrics()["complexity"])
    assert result.numeric_status == "skipped"


def test_maps_and_delay_systems_are_rejected():
    with pytest.raises(ChaosbenchError, match="'Henon' is a map system"):
        score(["x", "y"], "Henon", numeric=False)
    with pytest.raises(ChaosbenchError, match="Unknown system"):
        score(["x"], "NoSuchSystem", numeric=False)


def test_rows_and_to_dict():
    result = score(LORENZ_POSITIONAL, "Lorenz", numeric=False)
    rows = result.rows()
    assert all(set(row) == set(COLUMNS) for row in rows)
    pooled = {r["metric"]: r["value"] for r in rows if r["variable"] == POOLED}
    assert pooled["exact"] == 1.0 and pooled["f1"] == 1.0
    per_variable = [r for r in rows if r["variable"] == "y"]
    assert [r["metric"] for r in per_variable] == [m for m in METRICS if m != "constant"]
    assert rows[-1]["metric"] == "numeric" and rows[-1]["status"] == "skipped"
    flat = result.to_dict()
    assert flat["system"] == "Lorenz" and flat["exact"] is True and flat["kind"] == "identical"
    assert flat["numeric_status"] == "skipped" and flat["numeric_reason"] == "not requested"
    assert json.loads(json.dumps(flat)) == flat


def test_numeric_scores_are_added_on_request():
    from chaosbench.symbolic.data import SymbolicTask

    small = SymbolicTask("tiny", n_points=300, n_train=1, n_test=1)
    result = score(LORENZ_POSITIONAL, "Lorenz", task=small)
    assert result.numeric_status == "ok", result.numeric_reason
    assert result.numeric["derivative_r2"] == pytest.approx(1.0, abs=1e-6)
    assert result.to_dict()["derivative_r2"] == result.numeric["derivative_r2"]
    wrong = score(["x1", "x0", "x2"], "Lorenz", task=small)
    assert wrong.numeric_status == "ok" and wrong.numeric["derivative_r2"] < 0.9


def write(folder, name, content):
    (folder / name).write_text(content if isinstance(content, str) else json.dumps(content))


def test_score_submission_reads_a_folder(tmp_path):
    write(tmp_path, "Lorenz.json", LORENZ_POSITIONAL)
    write(tmp_path, "Rossler.json", {"z": "0.2 + x z - 5.7 z", "x": "-y - z", "y": "x + 0.2 y"})
    write(tmp_path, "Henon.json", ["1 - 1.4 x^2 + y", "0.3 x"])
    write(tmp_path, "Chen.json", "[not json")
    write(tmp_path, "Nope.json", ["x"])
    write(tmp_path, "notes.txt", "ignored")
    table = score_submission(tmp_path, numeric=False)
    assert list(table.columns) == list(COLUMNS)
    assert list(dict.fromkeys(table.system)) == ["Chen", "Henon", "Lorenz", "Nope", "Rossler"]
    exact = table[(table.metric == "exact") & (table.variable == POOLED)]
    assert dict(zip(exact.system, exact.value)) == {"Lorenz": 1.0, "Rossler": 1.0}
    failed = table[table.metric == "status"].set_index("system").reason
    assert "not valid JSON" in failed["Chen"]
    assert "map system" in failed["Henon"]
    assert "Unknown system" in failed["Nope"]


def test_score_submission_errors(tmp_path):
    with pytest.raises(ChaosbenchError, match="does not exist"):
        score_submission(tmp_path / "missing")
    with pytest.raises(ChaosbenchError, match="holds no"):
        score_submission(tmp_path)


def test_load_equations(tmp_path):
    write(tmp_path, "a.json", {"x": "y", "y": 1.5})
    assert load_equations(tmp_path / "a.json") == {"x": "y", "y": 1.5}
    write(tmp_path, "b.txt", "(x0)' = x1\n(x1)' = -x0\n")
    assert load_equations(tmp_path / "b.txt") == "(x0)' = x1\n(x1)' = -x0\n"
    write(tmp_path, "c.json", {"x": ["nested"]})
    with pytest.raises(ChaosbenchError, match="must hold a list of strings"):
        load_equations(tmp_path / "c.json")
    with pytest.raises(ChaosbenchError, match="does not exist"):
        load_equations(tmp_path / "none.json")


@pytest.mark.parametrize(
    "odd",
    [
        "Mod(pi, Min(log(Heaviside(E)), z - z + x))",  # a modulo by zero at every sample
        "exp(E 1e3 - z) - (tanh(atan2(z, y)))^-1",  # sympy's simplify raises on it
        "log(pi) exp(x / 1e-5) (atan2(z, cos(z)))^-1",  # samples beyond float range
    ],
)
def test_odd_candidates_are_scored_not_raised(odd):
    result = score([odd, "x", "z"], "Lorenz", numeric=False)
    assert result.variables[0].match.kind == "different"
    assert result.variables[2].status == "ok"
