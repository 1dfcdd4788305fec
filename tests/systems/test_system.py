import json

import numpy as np
import pytest
import sympy

import chaosbench
from chaosbench import InvalidParameterError, UnknownNameError


def test_record_exposes_the_declared_facts():
    lorenz = chaosbench.get("Lorenz")
    assert (lorenz.name, lorenz.kind, lorenz.dimension) == ("Lorenz", "flow", 3)
    assert lorenz.variables == ("x", "y", "z")
    assert list(lorenz.parameters) == ["sigma", "rho", "beta"]
    assert lorenz.field == "climatology" and "Lorenz" in lorenz.citation
    x, y = lorenz.symbols["x"], lorenz.symbols["y"]
    sigma = lorenz.symbols["sigma"]
    assert sympy.simplify(lorenz.equations[0] - sigma * (y - x)) == 0
    assert lorenz.autonomous and not chaosbench.get("Ueda").autonomous
    with pytest.raises(ValueError):
        lorenz.ic[0] = 1.0  # read-only


def test_rhs_and_jacobian_accept_stacks_of_states():
    lorenz = chaosbench.get("Lorenz")
    states = np.random.default_rng(0).normal(size=(4, 5, 3))
    assert lorenz.rhs(states).shape == (4, 5, 3)
    assert lorenz.jacobian(states).shape == (4, 5, 3, 3)
    np.testing.assert_array_equal(lorenz.rhs(states)[2, 3], lorenz.rhs(states[2, 3]))
    sigma, rho, beta = 10.0, 28.0, 8.0 / 3.0
    x, y, z = states[1, 2]
    np.testing.assert_allclose(
        lorenz.rhs(states[1, 2]), [sigma * (y - x), x * (rho - z) - y, x * y - beta * z]
    )
    np.testing.assert_allclose(
        lorenz.jacobian(states[1, 2]), [[-sigma, sigma, 0], [rho - z, -1, -x], [y, x, -beta]]
    )


def test_rhs_uses_time_for_forced_systems():
    ueda = chaosbench.get("Ueda")
    a = ueda.rhs([1.0, 0.0], t=0.0)
    b = ueda.rhs([1.0, 0.0], t=np.pi)
    assert a[1] - b[1] == pytest.approx(2 * 7.5)


def test_parameter_overrides_and_errors():
    lorenz = chaosbench.get("Lorenz")
    assert lorenz.rhs([1, 0, 0], parameters={"sigma": 2.0})[0] == -2.0
    with pytest.raises(UnknownNameError, match="Did you mean 'rho'"):
        lorenz.rhs([1, 0, 0], parameters={"rh": 2.0})
    with pytest.raises(InvalidParameterError, match="finite"):
        lorenz.jacobian([1, 0, 0], parameters={"rho": float("nan")})
    with pytest.raises(InvalidParameterError, match="last axis has length 3"):
        lorenz.rhs([1, 0])
    with pytest.raises(InvalidParameterError, match="'t' parameter of rhs"):
        lorenz.rhs([1, 0, 0], t=float("inf"))


@pytest.mark.parametrize("name", chaosbench.systems())
def test_to_dict_is_json_and_latex_renders(name):
    system = chaosbench.get(name)
    record = json.loads(json.dumps(system.to_dict()))
    assert record["name"] == name and len(record["equations"]) == system.dimension
    latex = system.latex()
    assert latex.startswith("\\begin{aligned}") and latex.count("&=") == system.dimension


def test_forcing_period_follows_parameters():
    ueda = chaosbench.get("Ueda")
    assert ueda.forcing_period() == pytest.approx(2 * np.pi)
    assert ueda.forcing_period({"omega": 2.0}) == pytest.approx(np.pi)
    assert chaosbench.get("Lorenz").forcing_period() is None
