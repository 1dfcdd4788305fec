"""System names as written on the command line and in configs; systems at new parameters."""

import numpy as np
import pytest

import chaosbench
from chaosbench.errors import ChaosbenchError, InvalidParameterError, UnknownNameError
from chaosbench.systems.registry import parse_spec, system_label


def test_a_sized_name_is_the_sized_system():
    by_name = chaosbench.get("Lorenz96(n=40)")
    by_argument = chaosbench.get("Lorenz96", n=40)
    assert by_name is by_argument
    assert by_name.dimension == 40
    assert chaosbench.get(" lorenz96 ( n = 6 ) ").dimension == 6


def test_the_default_size_is_the_registered_system():
    default = chaosbench.get("Lorenz96")
    assert chaosbench.get(f"Lorenz96(n={default.dimension})") is default
    assert system_label(f"lorenz96(n={default.dimension})") == "Lorenz96"
    assert system_label("lorenz96(n=40)") == "Lorenz96(n=40)"


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("Lorenz96(n=x)", InvalidParameterError, "NAME(n=COUNT)"),
        ("Lorenz96(n=4, n=5)", InvalidParameterError, "once"),
        ("Lorenz96(m=8)", UnknownNameError, "'n'"),
        ("Lorenz96(n=2)", InvalidParameterError, "at least 4"),
        ("Lorenz(n=8)", InvalidParameterError, "not scalable"),
        ("Lorenz96(n=8", InvalidParameterError, "Lorenz96(n=40)"),
        ("Lorenzz", UnknownNameError, "Did you mean 'Lorenz'"),
    ],
)
def test_bad_names_get_one_clear_line(text, error, fragment):
    with pytest.raises(error) as raised:
        chaosbench.get(text)
    message = str(raised.value)
    assert fragment in message and "\n" not in message


def test_size_given_twice_is_refused():
    with pytest.raises(InvalidParameterError, match="not both"):
        chaosbench.get("Lorenz96(n=8)", n=8)


def test_parse_spec_reads_names_and_sizes():
    assert parse_spec("KuramotoSivashinsky(n=24)") == ("KuramotoSivashinsky", {"n": 24})
    assert parse_spec("Henon") == ("Henon", {})
    with pytest.raises(ChaosbenchError):
        parse_spec(3)  # type: ignore[arg-type]


def test_get_with_parameters_sets_new_defaults():
    lorenz = chaosbench.get("Lorenz")
    slow = chaosbench.get("Lorenz", parameters={"rho": 20.0})
    assert slow.parameters["rho"] == 20.0 and slow.parameters["sigma"] == lorenz.parameters["sigma"]
    assert lorenz.parameters["rho"] == 28.0  # the registered system is untouched
    assert dict(slow.annotations) == {}  # stored invariants describe the published values
    _, X = slow.trajectory(200, dt=0.05)
    _, Y = lorenz.trajectory(200, dt=0.05, parameters={"rho": 20.0})
    np.testing.assert_array_equal(X, Y)
    assert chaosbench.get("Lorenz", parameters={"rho": 28}) is lorenz
    assert chaosbench.get("Lorenz", parameters={"rho": 20}) is slow


@pytest.mark.parametrize(
    ("parameters", "error"),
    [({"rhoo": 1.0}, UnknownNameError), ({"rho": "x"}, InvalidParameterError),
     ({"rho": float("nan")}, InvalidParameterError), ([1.0, 2.0, 3.0], InvalidParameterError)],
)  # fmt: skip
def test_get_with_bad_parameters(parameters, error):
    with pytest.raises(error):
        chaosbench.get("Lorenz", parameters=parameters)


def test_a_system_without_a_period_asks_for_dt():
    with pytest.raises(ChaosbenchError, match="pass the output step dt="):
        chaosbench.get("Lorenz96(n=6)").trajectory(10)
