"""SRBench rounding, symbolic solutions, term support and complexity on hand-made cases."""

import math

import numpy as np
import pytest
import sympy
from sklearn.metrics import f1_score, precision_score, recall_score

from chaosbench.symbolic import recovery
from chaosbench.symbolic.recovery import (
    SymbolicMatch,
    TermSupport,
    as_floats,
    canonical,
    complexity,
    expansion_bound,
    lattice_function,
    opaque_lattice,
    real_lattice,
    round_number,
    srbench_round,
    symbolic_match,
    term_coefficients,
    term_support,
)

x, y, z = sympy.symbols("x y z", real=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.6666666666666665, sympy.Float("2.667")),
        (-2.6666666666666665, sympy.Float("-2.667")),
        (0.0125, sympy.Float("0.013")),  # half away from zero, although 0.0125 < 1/80 in binary
        (-0.0125, sympy.Float("-0.013")),
        (9.99e-5, sympy.Integer(0)),  # below the threshold
        (1e-4, sympy.Integer(0)),  # rounds to 0.000
        (0.0006, sympy.Float("0.001")),
        (12.0004, sympy.Integer(12)),  # whole numbers become integers
        (-3.0, sympy.Integer(-3)),
        (1.234567e13, sympy.Integer(12345670000000)),
    ],
)
def test_round_number_follows_the_srbench_rule(value, expected):
    result = round_number(value)
    assert result == expected and type(result) is type(expected)


def test_rounding_is_immune_to_noise_in_the_last_bits():
    a = 0.1 * 0.125  # 0.0125 computed two ways
    b = 0.0125 + 1e-17
    assert round_number(a) == round_number(b) == round_number(0.0125)


def test_srbench_round_on_an_expression():
    e = 2.6666666666666665 * x + 1e-5 * y**2 + 1.0000001 + x ** sympy.Float(2.0)
    assert srbench_round(e) == sympy.Float("2.667") * x + 1 + x**2


def test_canonical_expands_and_turns_every_number_into_a_float():
    e = canonical(x * (28 - y) / 3 + sympy.sin(sympy.pi * z) + sympy.sqrt(2))
    assert not e.atoms(sympy.Rational) - {sympy.Integer(1), sympy.Integer(-1)}
    assert not e.atoms(sympy.NumberSymbol)
    reference = {x: 0.7, y: -1.3, z: 0.4}
    exact = x * (28 - y) / 3 + sympy.sin(sympy.pi * z) + sympy.sqrt(2)
    assert float(e.subs(reference)) == pytest.approx(float(exact.subs(reference)), rel=1e-14)


def test_as_floats_reaches_inside_functions():
    e = as_floats(sympy.cos(x / 3) * sympy.exp(sympy.Integer(2)) + x ** sympy.Rational(5, 4))
    assert e == sympy.Float(math.exp(2)) * sympy.cos(sympy.Float(1 / 3) * x) + x**1.25


def test_whole_float_exponents_expand_like_integers():
    assert canonical((x + 1) ** sympy.Float(2.0)) == canonical((x + 1) ** 2)


@pytest.mark.parametrize(
    ("candidate", "truth", "expected"),
    [
        (10.0001 * y - 10 * x, 10 * (y - x), SymbolicMatch(True, "identical")),
        (x * (28 - z) - y, 28 * x - x * z - y, SymbolicMatch(True, "identical")),
        (10 * y - 10 * x + 3, 10 * (y - x), SymbolicMatch(False, "constant_offset", 3.0)),
        (10 * y - 10 * x - 0.25, 10 * (y - x), SymbolicMatch(False, "constant_offset", -0.25)),
        (-20 * (y - x), 10 * (y - x), SymbolicMatch(False, "constant_factor", -2.0)),
        (x * y / 2 + x / 2, x * y + x, SymbolicMatch(False, "constant_factor", 0.5)),
        (10 * y - 9 * x, 10 * (y - x), SymbolicMatch(False, "different")),
        (10 * y, 10 * (y - x), SymbolicMatch(False, "different")),
        (sympy.Integer(0), 10 * (y - x), SymbolicMatch(False, "different")),
        (sympy.sin(y) - 0.18 * x, sympy.sin(y) - 0.18 * x, SymbolicMatch(True, "identical")),
    ],
)
def test_symbolic_match(candidate, truth, expected):
    result = symbolic_match(candidate, truth)
    assert (result.exact, result.kind) == (expected.exact, expected.kind)
    if expected.kind in ("constant_offset", "constant_factor"):
        assert result.value == pytest.approx(expected.value)
    else:
        assert math.isnan(result.value)
    assert result.symbolic_solution == (expected.kind != "different")


def test_an_identity_that_expansion_misses_is_found_by_simplification():
    result = symbolic_match(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 + y, y + 1)
    assert result == SymbolicMatch(False, "identical")
    offset = symbolic_match(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 + y + 2, y + 1)
    assert (offset.kind, offset.value) == ("constant_offset", 2.0)


def test_coefficients_below_the_threshold_are_dropped_and_do_not_break_exactness():
    assert symbolic_match(10 * (y - x) + 3e-5 * z, 10 * (y - x)).exact
    assert not symbolic_match(10 * (y - x) + 3e-3 * z, 10 * (y - x)).exact


def test_term_coefficients():
    terms = term_coefficients(x * (28 - y) - 1e-6 * y + 3 + 2.5 * sympy.exp(-0.10001 * z))
    assert terms == {
        1: 3.0,
        x: 28.0,
        x * y: -1.0,
        sympy.exp(sympy.Float("-0.1") * z): 2.5,
    }


def test_term_support_against_sklearn():
    true_terms = term_coefficients(10 * (y - x) + x * z)
    candidate_terms = term_coefficients(-9 * x + 10 * y + x * y + 2 * z)
    support = term_support(candidate_terms, true_terms)
    shapes = sorted(set(true_terms) | set(candidate_terms), key=str)
    truth_labels = [s in true_terms for s in shapes]
    candidate_labels = [s in candidate_terms for s in shapes]
    assert support.precision == pytest.approx(precision_score(truth_labels, candidate_labels))
    assert support.recall == pytest.approx(recall_score(truth_labels, candidate_labels))
    assert support.f1 == pytest.approx(f1_score(truth_labels, candidate_labels))
    # matched shapes x and y: |-9 - (-10)| / 10 and |10 - 10| / 10
    assert support.coefficient_error == pytest.approx(np.mean([0.1, 0.0]))


def test_term_support_edge_cases():
    empty = term_support({}, {})
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)
    assert math.isnan(empty.coefficient_error)
    nothing = term_support({}, {x: 1.0})
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)


def test_pooled_term_support_sums_counts():
    a = TermSupport(2, 3, 2, (0.1, 0.3))
    b = TermSupport(4, 1, 1, (0.2,))
    pooled = TermSupport.pooled([a, b])
    assert (pooled.n_true, pooled.n_candidate, pooled.n_matched) == (6, 4, 3)
    assert pooled.precision == 3 / 4 and pooled.recall == 3 / 6
    assert pooled.coefficient_error == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("expression", "count"),
    [
        (10 * (y - x), 7),  # Add(Mul(-10, x), Mul(10, y))
        (x * y + 1, 5),  # Add(1, Mul(x, y))
        (sympy.sin(x), 2),
        (x / y, 5),  # Mul(x, Pow(y, -1))
    ],
)
def test_complexity_counts_nodes(expression, count):
    assert complexity(expression) == count


@pytest.mark.parametrize(
    "expression",
    [
        (x + y + 1) ** 3 * (z - 2),
        (x + y) ** 2 + (x - z) ** 4 * y,
        sympy.sin((x + 1) ** 2) * (y + z),
        (x * y + z) ** 3 / (x + 1) ** 2,
    ],
)
def test_expansion_bound_is_an_upper_bound(expression):
    expanded = sympy.expand(expression)
    largest = max(len(sympy.Add.make_args(e)) for e in sympy.preorder_traversal(expanded))
    assert expansion_bound(expression) >= largest


def test_expansion_bound_of_a_multinomial_power():
    # (x + y + z + 1)**4 has C(4 + 3, 3) = 35 monomials
    assert expansion_bound((x + y + z + 1) ** 4) == 35
    assert len(sympy.expand((x + y + z + 1) ** 4).args) == 35


def test_min_and_max_stand_ins():
    Min, Max = lattice_function("Min"), lattice_function("Max")
    assert Min(y, x) == Min(x, y)  # sorted
    assert Min(Min(x, y), z) == Min(x, y, z)  # flattened
    assert Min(x, x) == x
    assert Min(sympy.Float(2.0), sympy.Float(3.0), x) == Min(sympy.Float(2.0), x)
    assert Max(sympy.Float(2.0), sympy.Float(3.0)) == sympy.Float(3.0)
    real = sympy.Max(x, y + 1) * 2
    assert str(opaque_lattice(real)) == str(real)
    assert real_lattice(opaque_lattice(real)) == real


def test_min_does_not_break_exact_recovery():
    truth = 0.5 * sympy.Min(x / (x + 0.39), y / (y + 0.22)) - 0.25
    candidate = sympy.Min(y / (y + 0.22), x / (x + 0.39)) / 2 - 0.25
    assert symbolic_match(opaque_lattice(candidate), opaque_lattice(truth)).exact


def test_symbolic_match_uses_the_rounded_forms():
    # 8/3 and 2.667 agree after rounding; 2.66 does not
    assert recovery.symbolic_match(2.667 * z, sympy.Rational(8, 3) * z).exact
    assert not recovery.symbolic_match(2.66 * z, sympy.Rational(8, 3) * z).exact
