"""Shared fixtures: the registry's systems, grouped by kind."""

import numpy as np
import pytest

import chaosbench

FLOWS = chaosbench.systems(kind="flow")
MAPS = chaosbench.systems(kind="map")
ALL = chaosbench.systems()


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)


def lyapunov_horizon(system) -> float:
    """One Lyapunov time of a flow (its stored annotation)."""
    return float(system.annotations["lyapunov_time"])
