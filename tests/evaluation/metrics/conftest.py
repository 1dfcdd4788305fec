"""Trajectories shared by the metric tests, computed once per session."""

import numpy as np
import pytest

import chaosbench


@pytest.fixture(scope="session")
def lorenz_pair():
    """Two independent Lorenz trajectories on the attractor, 10000 points at dt = 0.01."""
    lorenz = chaosbench.get("Lorenz")
    _, truth = lorenz.trajectory(10000, dt=0.01, transient=1000)
    other = lorenz.ic + np.array([3.0, -2.0, 5.0])
    _, reference = lorenz.trajectory(10000, dt=0.01, transient=1000, ic=other)
    return truth, reference


@pytest.fixture(scope="session")
def lorenz_lyapunov_time():
    return float(chaosbench.get("Lorenz").annotations["lyapunov_time"])
