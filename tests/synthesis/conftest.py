"""A small generated set, made once per test process and shared by the tests."""

import pytest

from chaosbench.synthesis import synthesize


@pytest.fixture(scope="session")
def maps():
    """Three generated maps (quick to find) with their run's header."""
    return synthesize(3, family="map", seed=0, workers=1, progress=False)


@pytest.fixture(scope="session")
def flows():
    """A generated polynomial flow (seed 3 finds one among its first 64 candidates)."""
    return synthesize(1, family="polynomial", seed=3, workers=1, progress=False)


@pytest.fixture(scope="session")
def perturbed():
    """Three registry systems with moved parameters that stayed chaotic."""
    return synthesize(3, family="perturbed", seed=0, workers=1, progress=False)


@pytest.fixture(scope="session")
def skews():
    """Two skew products of registry flows."""
    return synthesize(2, family="skew", seed=0, workers=1, progress=False)
