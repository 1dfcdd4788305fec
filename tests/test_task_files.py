"""Task files and the data fingerprint that names cached task data."""

import copy

import pytest

from chaosbench._task_files import data_fingerprint
from chaosbench.datasets.config import DatasetConfig
from chaosbench.systems import registry

CONFIG = DatasetConfig.from_dict({"systems": ["Lorenz", "Henon"], "n_points": 100})


@pytest.fixture
def stored(monkeypatch):
    """A private copy of the stored annotations that a test may change."""
    entries = copy.deepcopy(dict(registry.annotations()))
    monkeypatch.setattr(registry, "annotations", lambda: entries)
    return entries


def test_fingerprint_is_stable_and_follows_the_config():
    assert data_fingerprint(CONFIG) == data_fingerprint(CONFIG)
    assert data_fingerprint(CONFIG) != data_fingerprint(CONFIG.with_changes(n_points=101))


def test_fingerprint_changes_with_the_annotations_of_its_systems(stored):
    before = data_fingerprint(CONFIG)
    stored["Lorenz"]["dt"] = stored["Lorenz"]["dt"] * (1 + 1e-12)
    assert data_fingerprint(CONFIG) != before


def test_fingerprint_ignores_dates_and_other_systems(stored):
    before = data_fingerprint(CONFIG)
    stored["Lorenz"]["computed"] = "1999-01-01T00:00:00+00:00"
    stored["Rossler"]["dt"] = 1.0
    assert data_fingerprint(CONFIG) == before
