import math

import pytest

from chaosbench import Declaration, DeclarationError
from chaosbench.systems.registry import build_table

BASE = dict(
    name="Toy",
    kind="flow",
    variables=("x", "y"),
    parameters={"a": 1.0, "b": 2.0},
    equations=("a*y", "-b*x"),
    ic=(1.0, 0.0),
    citation="Nobody (2026). A toy.",
    field="mathematics",
)


def declare(**changes):
    return Declaration(**{**BASE, **changes})


def test_valid_declaration_keeps_order_and_types():
    d = declare(parameters={"b": 2, "a": 1})
    assert list(d.parameters) == ["b", "a"]
    assert all(isinstance(v, float) for v in d.parameters.values())
    with pytest.raises(TypeError):
        d.parameters["a"] = 3.0  # read-only


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"equations": ("a*y + c", "-b*x")}, "equations", "undeclared symbol 'c'"),
        ({"equations": ("a*y + bb", "-b*x")}, "equations", "did you mean 'b'"),
        ({"equations": ("a*y",)}, "equations", "1 equations for 2 variables"),
        ({"parameters": {"a": math.nan, "b": 2.0}}, "parameters", "must be finite"),
        ({"parameters": {"a": math.inf, "b": 2.0}}, "parameters", "must be finite"),
        ({"parameters": {"a": "1", "b": 2.0}}, "parameters", "must be a number"),
        ({"ic": (1.0,)}, "ic", "1 values for 2 variables"),
        ({"ic": (1.0, math.nan)}, "ic", "finite"),
        ({"kind": "ode"}, "kind", "must be one of"),
        ({"field": "climatolgy"}, "field", "did you mean 'climatology'"),
        ({"citation": " "}, "citation", "non-empty"),
        ({"variables": ("x", "x")}, "variables", "unique"),
        ({"variables": ("x", "sin")}, "variables", "reserved"),
        (
            {"parameters": {"x": 1.0, "b": 2.0}, "equations": ("x*y", "-b*x")},
            "parameters",
            "also state variables",
        ),
        ({"name": "bad name"}, "name", "letters"),
        ({"equations": ("a*y + t", "-b*x"), "kind": "map"}, "equations", "undeclared symbol 't'"),
        ({"equations": ("foo(y)", "-b*x")}, "equations", "unknown function 'foo'"),
        ({"forcing_period": "2*pi/a"}, "forcing_period", "do not depend on t"),
        ({"multistable": "  "}, "multistable", "non-empty note"),
    ],
)
def test_invalid_declarations_name_system_and_field(changes, field, fragment):
    with pytest.raises(DeclarationError) as info:
        declare(**changes)
    message = str(info.value)
    assert info.value.system == changes.get("name", "Toy")
    assert info.value.field == field
    assert f"field {field!r}" in message
    assert fragment in message


def test_duplicate_names_are_rejected():
    with pytest.raises(DeclarationError, match="declared twice"):
        build_table([declare(), declare()], source="test")


def test_forced_flow_detected():
    assert declare(equations=("a*y", "-b*x + cos(t)")).forced
    assert not declare().forced
