"""Shared fixtures: the registry's systems, grouped by kind."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import chaosbench

# test processes run side by side (pytest-xdist): one BLAS thread each, or the small
# matrices of the baselines spend their time in thread contention
threadpool_limits(1)

FLOWS = chaosbench.systems(kind="flow")
MAPS = chaosbench.systems(kind="map")
ALL = chaosbench.systems()


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)


def lyapunov_horizon(system) -> float:
    """One Lyapunov time of a flow (stored annotation); for flows that are not chaotic at
    their parameters, ten characteristic timescales instead."""
    values = system.annotations
    if values.get("chaotic") and values.get("lyapunov_time"):
        return float(values["lyapunov_time"])
    return 10.0 * float(values["timescale"])
