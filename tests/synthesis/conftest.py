"""A small generated set, made once per test process and shared by the tests."""

import pytest

from chaosbench.synthesis import synthesize


@pytest.fixture(scope="session")
def maps():
    """Three generated maps (quick to find) with their run's header."""
    return synthesize(3, family="map", seed=0, workers=1, progress=False)


@pytest.fixture(scope="session")
def flows():
    """Two generated polynomial flows."""
    return synthesize(2, family="polynomial", seed=0, workers=1, progress=False)
