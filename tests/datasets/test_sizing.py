"""Configs too large for this machine are refused before any work, naming the field."""

import pytest

from chaosbench.datasets import api, sizing
from chaosbench.datasets.config import ConfigError, DatasetConfig
from chaosbench.errors import ChaosbenchError


def _refuse(tmp_path, monkeypatch, **fields):
    """Generate ``fields`` for Lorenz, failing the test if any integration starts."""
    monkeypatch.setattr(api, "system_plan", lambda *a: pytest.fail("work started"))
    config = DatasetConfig(systems=("Lorenz",), **fields)
    api.generate(tmp_path / "t.h5", config)


def test_one_trajectory_larger_than_memory_names_n_points(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match=r"'n_points'.*one trajectory would take"):
        _refuse(tmp_path, monkeypatch, n_points=10**11)
    assert list(tmp_path.iterdir()) == []


def test_too_many_starting_points_names_splits(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match=r"'splits'.*reference orbit"):
        _refuse(tmp_path, monkeypatch, splits={"train": 2, "test": 10**8})


def test_an_output_larger_than_the_free_disk_is_refused(tmp_path, monkeypatch):
    class Full:
        free = 10**6

    monkeypatch.setattr(sizing.shutil, "disk_usage", lambda folder: Full)
    with pytest.raises(ChaosbenchError, match=r"on disk.*free"):
        _refuse(tmp_path, monkeypatch, n_points=10**5)


def test_sizes_count_every_stored_value():
    config = DatasetConfig(systems=("Lorenz",), splits={"train": 3, "test": 1}, n_points=500,
                           dtype="float32", noise_additive=0.1)  # fmt: skip
    size = sizing.dataset_size(config, {"Lorenz": 3, "Henon": 2})
    assert size.output == 4 * 500 * (3 + 2) * 4 * 2  # noisy and clean copies
    assert size.trajectory == (500 + config.transient) * (8 * 3 * 2 + 8)
