"""Reading submitted equations: the formats of common tools, naming, and hostile input."""

import pytest
import sympy

import chaosbench
from chaosbench.errors import ChaosbenchError, InvalidParameterError
from chaosbench.symbolic.parse import (
    MAX_LENGTH,
    parse_expression,
    parse_submission,
    split_left_side,
)
from chaosbench.systems.expressions import ExpressionError

LORENZ = chaosbench.get("Lorenz")
X, Y, Z = (LORENZ.symbols[v] for v in LORENZ.variables)


def same(a, b) -> bool:
    """Equal as functions (difference expands to zero up to float noise)."""
    difference = sympy.expand(a - b)
    return all(abs(float(c)) < 1e-12 for c in sympy.Poly(difference, X, Y, Z).coeffs())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.5 x0 x1", 2.5 * X * Y),
        ("2.5x0", 2.5 * X),
        ("x0 x1^2", X * Y**2),
        ("-10.000 x0 + 10.000 x1", 10 * Y - 10 * X),
        ("27.985 x0 + -0.999 x1 + -1.000 x0 x2", 27.985 * X - 0.999 * Y - X * Z),
        ("0.500 1 + 2 x2", 0.5 + 2 * Z),  # pysindy's constant feature "1"
        ("3(x0 + 1)", 3 * X + 3),
        ("(x0 + 1)(x1 - 1)", (X + 1) * (Y - 1)),
        ("x0(x1 + 1)", X * Y + X),  # a variable before "(" multiplies
        ("1.5e-3 x0 - 2E2x1", 0.0015 * X - 200 * Y),
        ("x ** 2 * y", X**2 * Y),
        ("2 x^-1 x^2", 2 * X),
        ("x0 \u2212 x1", X - Y),  # unicode minus
    ],
)
def test_implicit_products_powers_and_numbers(text, expected):
    assert same(parse_expression(text, LORENZ), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("((x1 - x0) * 9.999)", 9.999 * (Y - X)),  # PySR's Julia string
        ("square(x0) + cube(x1)", X**2 + Y**3),
        ("pow2(x_0) - pow3(x_1)", X**2 - Y**3),  # ODEFormer names
        ("neg(x0) + inv(x1)", -X + 1 / Y),
        ("pow(x0, 2.0)", X**2),
        ("x0 ^ 2.0", X**2),
        ("id(x_2)", Z),
    ],
)
def test_aliases_of_pysr_and_odeformer(text, expected):
    assert sympy.simplify(parse_expression(text, LORENZ) - expected) == 0


def test_functions_and_constants():
    e = parse_expression("abs(x) + ln(y) + arctan(z) + sin(pi x) + e^y + E**(2 z)", LORENZ)
    expected = (
        sympy.Abs(X)
        + sympy.log(Y)
        + sympy.atan(Z)
        + sympy.sin(sympy.Float(float(sympy.pi)) * X)
        + sympy.exp(Y)
        + sympy.exp(2.0 * Z)
    )
    assert sympy.simplify(e - expected) == 0


def test_float_exponents_that_are_whole_become_integers():
    e = parse_expression("x^2.0 + y^(1/2)", LORENZ)
    powers = {p.exp for p in e.atoms(sympy.Pow)}
    assert sympy.Integer(2) in powers
    assert sympy.Float(0.5) in powers


@pytest.mark.parametrize(
    ("text", "name", "rhs"),
    [
        ("(x0)' = -10 x0", "x0", " -10 x0"),
        ("x' = y", "x", " y"),
        ("dx/dt = y", "x", " y"),
        ("d(x1) / dt = y", "x1", " y"),
        ("x_dot = y", "x", " y"),
        ("\\dot{z} = x", "z", " x"),
        ("z = x", "z", " x"),
        ("x y", None, "x y"),
    ],
)
def test_left_hand_sides(text, name, rhs):
    assert split_left_side(text) == (name, rhs)


def test_a_pysindy_print_block_is_read_whole():
    text = """(x0)' = -10.000 x0 + 10.000 x1
    (x1)' = 28.000 x0 + -1.000 x1 + -1.000 x0 x2
    (x2)' = -2.667 x2 + 1.000 x0 x1"""
    parsed = parse_submission(text, "Lorenz")
    assert parsed.ok and parsed.naming == "positional"
    assert same(parsed.entries[2].expression, X * Y - 2.667 * Z)


def test_odeformer_components_separated_by_bars():
    parsed = parse_submission("10 * (x_1 - x_0) | x_0 * (28 - x_2) - x_1 | x_0 * x_1", "Lorenz")
    assert parsed.ok
    assert same(parsed.entries[1].expression, 28 * X - X * Z - Y)


def test_left_hand_sides_place_a_reordered_list():
    parsed = parse_submission(["dz/dt = x y", "dx/dt = y - x", "dy/dt = x"], "Lorenz")
    assert [str(e.expression) for e in parsed.entries] == ["-x + y", "x", "x*y"]


def test_a_left_hand_side_must_match_its_position():
    parsed = parse_submission(["dy/dt = x", "y", "z"], "Lorenz")
    assert parsed.entries[1].ok and parsed.entries[2].ok
    assert "names 'y'" in parsed.reasons["x"]


def test_mappings_by_system_name_and_by_position():
    by_name = parse_submission({"z": "x y", "x": "y - x", "y": "x"}, "Lorenz")
    by_position = parse_submission({"x2": "x0 x1", "x0": "x1 - x0", "x1": "x0"}, "Lorenz")
    assert by_name.ok and by_position.ok
    for a, b in zip(by_name.entries, by_position.entries):
        assert a.expression == b.expression


def test_missing_and_unknown_keys_are_reported():
    parsed = parse_submission({"x": "y - x", "y": "x", "w": "x"}, "Lorenz")
    assert not parsed.ok
    assert parsed.reasons == {"z": "no expression was submitted for this variable"}
    assert any("'w' is not a variable" in p for p in parsed.problems)
    with pytest.raises(ChaosbenchError, match="not read"):
        _ = parsed.candidate


def test_wrong_number_of_expressions_fails_every_variable():
    parsed = parse_submission(["x", "y"], "Lorenz")
    assert len(parsed.reasons) == 3
    assert "2 expressions for the 3 variables" in parsed.reasons["x"]


def test_positional_names_that_clash_with_system_names():
    # LorenzCoupled's variables are x1, y1, z1, x2, y2, z2: x1 is variable 0 by name,
    # variable 1 (y1) by position
    system = chaosbench.get("LorenzCoupled")
    s = system.symbols
    positional = parse_submission(["x1", "x0", "x2", "x3", "x4", "x5"], system)
    assert positional.naming == "positional"
    assert positional.entries[0].expression == s["y1"]
    by_name = parse_submission(["x1", "y1", "z1", "x2", "y2", "z2"], system)
    assert by_name.naming == "system"
    assert by_name.entries[0].expression == s["x1"]
    forced = parse_submission(["x1"] * 6, system, naming="positional")
    assert forced.entries[0].expression == s["y1"]


def test_mixed_naming_is_rejected_with_a_reason():
    parsed = parse_submission(["x0 - y", "x", "z"], "Lorenz")
    assert parsed.naming == "system"
    assert "uses x0" in parsed.reasons["x"]


def test_parameter_names_take_the_values_scored():
    assert same(parse_expression("sigma (y - x)", LORENZ), 10 * (Y - X))
    e = parse_expression("rho x", LORENZ, parameters={"rho": 35.0})
    assert e == 35.0 * X


def test_time_is_allowed_only_in_forced_flows():
    forced = chaosbench.get("ForcedVanDerPol")
    assert not forced.autonomous
    e = parse_expression("x1 + 0.5 sin(0.3 t)", forced)
    assert forced.symbols["t"] in e.free_symbols
    with pytest.raises(ExpressionError, match="autonomous"):
        parse_expression("x t", LORENZ)


def test_sympy_objects_and_numbers_are_read_through_their_text():
    parsed = parse_submission([10 * (Y - X), 0, "x y"], "Lorenz")
    assert parsed.ok
    assert parsed.entries[1].expression.is_zero


def test_long_sums_do_not_recurse():
    # 3000 terms: a chain Python's own parser cannot build (it stops near 2500)
    text = " + ".join(f"{i + 1}.5 x0 x1^{i % 3}" for i in range(3000))
    e = parse_expression(text, LORENZ)
    assert len(e.args) == 3  # x, x*y and x*y**2 collected
    assert float(e.coeff(X * Y**2)) == sum(i + 1.5 for i in range(2, 3000, 3))


def test_maps_and_delay_systems_are_rejected_by_name_and_kind():
    with pytest.raises(ChaosbenchError, match=r"'Henon' is a map"):
        parse_submission(["x", "y"], "Henon")
    delay = chaosbench.systems(kind="delay")[0]
    with pytest.raises(ChaosbenchError, match=f"'{delay}' is a delay"):
        parse_submission(["x"], delay)


def test_an_unusable_container_is_an_error():
    with pytest.raises(InvalidParameterError, match="expressions"):
        parse_submission(42, "Lorenz")


HOSTILE = [
    ("__import__('os')", "strings are not allowed"),
    ("__import__(x)", "unknown function '__import__'"),
    ("lambda: 0", "lambda"),
    ("x.__class__", "attribute access"),
    ("(1).real", "attribute access"),
    ("os.system(1)", "attribute access"),
    ("[x]", "indexing"),
    ("x if y else z", "invalid syntax"),
    ("not x", "invalid syntax"),
    ("x == y", "left-hand side"),
    ("x; import os", "unexpected character ';'"),  # ";" separates lines of a block only
    ("True", "unsupported constant"),
    ("foo(x)", "unknown function 'foo'"),
    ("sin(x, y)", "sin takes 1"),
    ("sin", "without arguments"),
    ("x0x1", "undeclared symbol 'x0x1'"),
    ("w", "undeclared symbol 'w'"),
    ("(" * 60 + "x" + ")" * 60, "nested more than"),
    ("-" * 10 + "x", "operators in a row"),
    ("x ** y", "exponent of a power must be a number"),
    ("x ** 1000", "at most 100"),
    ("9 ** 9 ** 9 ** 9", "at most 100"),
    ("exp(exp(exp(1000)))", "cannot be evaluated"),
    ("(x + y + z + 1) ** 100", "would expand"),
    ("1e999 x", "too large"),
    ("x / 0", "not finite"),
    ("sqrt(-1)", "complex"),
    ("", "empty"),
    ("x +", "missing its operand"),
    ("x y )", "unbalanced"),
    ("(x y", "unbalanced"),
    ("x" * (MAX_LENGTH + 1), "more than the limit"),
    ("x + " * 2_500_000 + "x", "more than the limit"),  # 10 MB
]


@pytest.mark.parametrize(("text", "fragment"), HOSTILE, ids=[t[:24] for t, _ in HOSTILE])
def test_hostile_and_malformed_text_is_a_failure_with_its_reason(text, fragment):
    parsed = parse_submission([text, "x", "z"], "Lorenz")
    assert parsed.entries[1].ok and parsed.entries[2].ok  # the others are still read
    assert not parsed.entries[0].ok
    assert fragment in parsed.reasons["x"]
    assert len(parsed.reasons["x"]) <= 300


def test_non_text_entries_are_failures():
    parsed = parse_submission([None, {"a": 1}, True], "Lorenz")
    assert all("must be a string" in r for r in parsed.reasons.values())
