"""Leading exponents of delay equations against characteristic roots."""

import numpy as np
import pytest

from chaosbench import Declaration, System
from chaosbench.analysis.lyapunov import lyapunov_spectrum


def linear_delay(b: float) -> System:
    return System(
        Declaration(
            name="LinearDelay",
            kind="delay",
            variables=("x",),
            parameters={"b": b, "tau": 1.0},
            equations=("b*x(t - tau)",),
            ic=(1.0,),
            citation="x' = b x(t - 1)",
            field="mathematics",
        )
    )


def test_growth_rates_are_the_real_parts_of_the_characteristic_roots():
    # x' = x(t - 1): roots of l = exp(-l) are W_k(1); W_0(1) = 0.567143 (the omega constant)
    # and the next pair W_{-1,1}(1) = -1.533913 +- 4.375185 i
    spectrum = lyapunov_spectrum(
        linear_delay(1.0), n_exponents=3, interval=0.5, n_intervals=400, transient_intervals=40
    )
    np.testing.assert_allclose(spectrum, [0.567143, -1.533913, -1.533913], atol=5e-3)


def test_oscillatory_linear_delay_equation():
    # x' = -x(t - 1): leading pair of roots -0.318132 +- 1.337236 i
    spectrum = lyapunov_spectrum(
        linear_delay(-1.0), n_exponents=2, interval=0.5, n_intervals=400, transient_intervals=40
    )
    np.testing.assert_allclose(spectrum, [-0.318132, -0.318132], atol=5e-3)


def test_delay_declarations_validate_their_lags():
    base = dict(
        name="D",
        kind="delay",
        variables=("x",),
        parameters={"tau": 1.0},
        equations=("-x(t - tau)",),
        ic=(1.0,),
        citation="c",
        field="mathematics",
    )
    with pytest.raises(ValueError, match="positive"):
        Declaration(**{**base, "parameters": {"tau": -1.0}})
    with pytest.raises(ValueError, match="at least one delayed term"):
        Declaration(**{**base, "equations": ("-x",)})
    with pytest.raises(ValueError, match="unknown function 'x'"):
        Declaration(**{**base, "kind": "flow"})


def test_delay_system_api():
    system = linear_delay(-2.0)
    assert system.delay_terms == (("x", "tau"),)
    np.testing.assert_array_equal(system.delay_lags({"tau": 3.0}), [3.0])
    assert system.rhs([1.0], delayed=[[0.5]])[0] == -1.0
    assert system.rhs([0.7])[0] == pytest.approx(-1.4)  # default: a constant history
    assert system.jacobian([1.0])[0, 0] == 0.0
    assert system.delayed_jacobian([1.0])[0, 0] == -2.0
    t, X = system.trajectory(11, dt=0.1)
    np.testing.assert_allclose(X[:, 0], 1.0 - 2.0 * t, atol=1e-13)  # exact before t = tau
