"""Numeric scores of candidate models, and candidates as compiled systems."""

import math

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench.errors import ChaosbenchError, InvalidParameterError
from chaosbench.symbolic.candidate import candidate_declaration, candidate_system, lift_numbers
from chaosbench.symbolic.data import SymbolicTask, symbolic_data
from chaosbench.symbolic.numeric import (
    SCORE_KEYS,
    derivative_scores,
    free_runs,
    numeric_scores,
    trajectory_r2,
)
from chaosbench.systems.codegen import kernel_key

SMALL = SymbolicTask("small", n_points=600, n_train=2, n_test=2, seed=7)
LORENZ = chaosbench.get("Lorenz")
X, Y, Z = (LORENZ.symbols[v] for v in LORENZ.variables)


def lorenz(beta=8 / 3):
    return (10 * (Y - X), X * (28 - Z) - Y, X * Y - sympy.Float(beta) * Z)


# --- pure scores --------------------------------------------------------------------------


def test_derivative_scores_match_hand_values_and_sklearn_weighting():
    truth = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 4.0]])
    guess = np.array([[1.0, 1.0], [3.0, 2.0], [4.0, 4.0]])
    scores = derivative_scores(truth, guess)
    # residual sum 1 + 1 = 2; total variance sum 8 + 8 = 16
    assert scores["derivative_r2"] == pytest.approx(1 - 2 / 16)
    # column 0: 200/3 * (1/9); column 1: 200/3 * (1/1)
    assert scores["derivative_smape"] == pytest.approx((200 / 27 + 200 / 3) / 2)


def test_undefined_candidates_score_the_worst_values():
    scores = derivative_scores([[1.0], [2.0]], [[1.0], [np.nan]])
    assert scores == {"derivative_r2": -math.inf, "derivative_smape": 200.0}


def test_trajectory_r2_leaves_out_the_shared_start_and_punishes_failures():
    truth = np.array([[0.0], [1.0], [2.0], [3.0]])
    forecast = np.array([[5.0], [1.0], [2.0], [4.0]])  # row 0 is ignored
    # rows 1..3: residual 1, total variance (1 + 0 + 1) = 2
    assert trajectory_r2(truth, forecast, valid=4) == pytest.approx(0.5)
    assert trajectory_r2(truth, forecast, valid=3) == -math.inf


# --- candidates as systems -----------------------------------------------------------------


def test_lift_numbers_keeps_integers_and_exponents():
    x = sympy.Symbol("x")
    lifted, values = lift_numbers([sympy.Float(0.5) * x**3 + 2 * x])
    assert values == {"k_0": 0.5}
    assert lifted[0] == sympy.Symbol("k_0", real=True) * x**3 + 2 * x


def test_candidate_system_evaluates_the_candidate():
    model = candidate_system(lorenz(2.5), LORENZ)
    x = np.array([[1.0, 2.0, 3.0], [-4.0, 0.5, 20.0]])
    u, v, w = x.T
    expected = np.column_stack([10 * (v - u), u * (28 - w) - v, u * v - 2.5 * w])
    np.testing.assert_allclose(model.rhs(x), expected, rtol=1e-14)


def test_candidates_differing_in_coefficients_share_one_kernel():
    a = candidate_declaration(lorenz(2.5), LORENZ)
    b = candidate_declaration(lorenz(2.6), LORENZ)
    assert kernel_key(a) == kernel_key(b)
    assert dict(a.parameters) != dict(b.parameters)


def test_forced_candidates_keep_time():
    ueda = chaosbench.get("Ueda")
    x, y, t = ueda.symbols["x"], ueda.symbols["y"], ueda.symbols["t"]
    model = candidate_system((y, sympy.Float(7.5) * sympy.cos(t) - x**3), ueda)
    assert not model.autonomous
    np.testing.assert_allclose(model.rhs([1.0, 0.0], t=np.pi), [0.0, -7.5 - 1.0])


@pytest.mark.parametrize(
    ("candidate", "match"),
    [
        ((X, Y), "one expression per variable"),
        ((X, Y, sympy.Symbol("rho") * Z), "rho"),
        ((X, Y, sympy.I * Z), "real and finite"),
        ((X, Y, sympy.asinh(Z)), "equation language"),
        ("x, y, z", "sequence"),
    ],
)
def test_bad_candidates_are_refused_by_name(candidate, match):
    with pytest.raises(InvalidParameterError, match=match):
        candidate_system(candidate, LORENZ)


# --- numeric scores --------------------------------------------------------------------------


def test_the_true_equations_score_perfectly():
    scores = numeric_scores(lorenz(), LORENZ, task=SMALL)
    assert tuple(scores) == SCORE_KEYS
    assert scores["derivative_r2"] == pytest.approx(1.0, abs=1e-12)
    assert scores["derivative_smape"] == pytest.approx(0.0, abs=1e-9)
    for split in ("train", "test"):
        assert scores[f"trajectory_r2_{split}"] == pytest.approx(1.0, abs=1e-9)
        assert scores[f"trajectory_acc999_{split}"] == 1.0
    assert scores["diverged"] == 0.0
    span = 599 * symbolic_data(LORENZ, SMALL).dt / LORENZ.annotations["lyapunov_time"]
    assert scores["vpt_smape"] == pytest.approx(span)  # valid over the whole stored run
    assert scores["d_stsp"] == pytest.approx(scores["d_stsp_floor"], abs=1e-12)  # the floor
    assert scores["d_stsp_floor"] > 0.0
    window = SMALL.horizon_lyapunov * LORENZ.annotations["lyapunov_time"]
    assert scores["trajectory_window"] == pytest.approx(window, abs=symbolic_data(LORENZ, SMALL).dt)


def test_a_wrong_coefficient_is_scored_against_an_independent_computation():
    scores = numeric_scores(lorenz(2.0), LORENZ, task=SMALL)
    data = symbolic_data(LORENZ, SMALL)
    x = data.test.clean.reshape(-1, 3)
    truth = data.test.derivatives.reshape(-1, 3)
    guess = truth.copy()
    guess[:, 2] += (8 / 3 - 2.0) * x[:, 2]
    total = np.sum((truth - truth.mean(axis=0)) ** 2)
    assert scores["derivative_r2"] == pytest.approx(1 - np.sum((truth - guess) ** 2) / total)
    assert scores["derivative_r2"] < 1.0
    assert scores["trajectory_r2_test"] < 0.999
    assert scores["d_stsp"] > scores["d_stsp_floor"]  # a different attractor
    assert scores["vpt_smape"] < numeric_scores(lorenz(), LORENZ, task=SMALL)["vpt_smape"]


def test_a_diverging_candidate_is_a_score_not_a_crash():
    scores = numeric_scores((10 * (Y - X), X * (28 - Z) - Y, X * Y + Z**2), LORENZ, task=SMALL)
    assert scores["diverged"] == 1.0
    assert scores["trajectory_r2_train"] == -math.inf
    assert scores["trajectory_acc90_test"] == 0.0
    assert scores["d_stsp"] == math.inf
    assert 0.0 <= scores["vpt_smape"] < 1.0


def test_free_runs_report_where_each_run_stopped():
    model = candidate_system((X * X, Y, Z), LORENZ)  # x' = x**2 blows up at t = 1 / x0
    time = np.linspace(0.0, 2.0, 201)
    runs, valid = free_runs(
        model, np.array([[1.0, 1, 1], [-1.0, 1, 1]]), time, rtol=1e-9, atol=1e-12
    )
    assert valid[1] == 201 and np.all(np.isfinite(runs[1]))
    np.testing.assert_allclose(runs[1, :, 0], -1 / (1 + time), rtol=1e-7)
    assert 90 <= valid[0] <= 101 and np.all(np.isnan(runs[0, valid[0] :]))


def test_oversized_candidates_are_refused_before_compiling(monkeypatch):
    import chaosbench.symbolic.numeric as numeric

    monkeypatch.setattr(numeric, "MAX_OPERATIONS", 5)
    with pytest.raises(ChaosbenchError, match="too large"):
        numeric_scores(lorenz(), LORENZ, task=SMALL)  # 8 operations in all


def test_large_polynomial_candidates_are_compiled_as_tables(monkeypatch):
    # 120 monomials of degree <= 7 per equation, each with a negligible coefficient:
    # past any operation limit, but polynomial, so it gets table kernels and is scored
    import chaosbench.symbolic.numeric as numeric

    monkeypatch.setattr(numeric, "MAX_OPERATIONS", 5)
    monomials = [
        X**i * Y**j * Z**k for i in range(8) for j in range(8 - i) for k in range(8 - i - j)
    ]
    clutter = sum(sympy.Float(1e-30) * m for m in monomials)
    candidate = tuple(e + clutter for e in lorenz())
    model = candidate_system(candidate, LORENZ)
    assert "N_GROUPS" in model.kernels.module.__dict__  # table kernels
    scores = numeric_scores(candidate, LORENZ, task=SMALL)
    assert scores["derivative_r2"] > 1 - 1e-9
    assert scores["trajectory_r2_train"] > 0.9


def test_long_sums_are_written_as_shallow_nested_halves():
    from chaosbench.symbolic.candidate import equation_text

    terms = [sympy.Float(0.5 + i) * X**i * Y ** (i % 3) for i in range(300)]
    text = equation_text(sum(terms))
    depth = np.max(np.cumsum([{"(": 1, ")": -1}.get(c, 0) for c in text]))
    assert depth <= 8  # nested halves: log2(300 / 8) levels, not one per term
    x, y = 1.1, -0.7
    value = eval(text, {"x": x, "y": y})  # plain arithmetic text, our own
    assert value == pytest.approx(sum((0.5 + i) * x**i * y ** (i % 3) for i in range(300)))


def test_a_grouped_sum_compiles_to_the_same_vector_field():
    terms = [sympy.Float(0.5 + i) * X ** (i % 4) * Y ** (i % 3) for i in range(30)]
    model = candidate_system((sum(terms), Y, Z), LORENZ)
    value = model.rhs([1.1, -0.7, 1.0])[0]
    assert value == pytest.approx(
        sum((0.5 + i) * 1.1 ** (i % 4) * (-0.7) ** (i % 3) for i in range(30))
    )


@pytest.mark.slow
def test_a_sum_of_hundreds_of_terms_compiles():
    terms = [sympy.Float(0.5 + i) * X**i * Y ** (i % 3) for i in range(250)]
    model = candidate_system((sum(terms) * 1e-30, Y, Z), LORENZ)
    value = model.rhs([1.0, 1.0, 1.0])[0]
    assert value == pytest.approx(1e-30 * sum(0.5 + i for i in range(250)), rel=1e-12)
