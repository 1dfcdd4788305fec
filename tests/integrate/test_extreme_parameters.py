"""Absurd parameter values end in a clear error or a finite answer, never a crash.

A user sweeping a parameter over many decades (``--param rho=1e308``) must get an
:class:`~chaosbench.errors.IntegrationError` naming the system, or a finite trajectory:
not a ``ZeroDivisionError`` from inside a compiled kernel (an overflowing norm once
made the first step size 0).
"""

import numpy as np
import pytest

import chaosbench
from chaosbench.errors import ChaosbenchError

NAMES = chaosbench.systems()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", [1e300, -1e300])
def test_huge_parameter_gives_an_error_or_a_finite_trajectory(name, value):
    system = chaosbench.get(name)
    if not system.parameter_names:
        pytest.skip("no parameters")
    parameters = {system.parameter_names[0]: value}
    dt = None if system.kind == "map" else (system.dt or 0.01)
    try:
        _, X = system.trajectory(20, dt=dt, parameters=parameters, max_steps=20_000)
    except ChaosbenchError as error:
        assert name in str(error) or system.parameter_names[0] in str(error)
    else:
        assert np.all(np.isfinite(X))
