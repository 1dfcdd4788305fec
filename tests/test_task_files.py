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


def test_cached_file_is_built_once_and_appears_whole(tmp_path):
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from chaosbench._task_files import cached_file

    target = tmp_path / "data.h5"
    calls = []
    lock = threading.Lock()

    def build(partial):
        with lock:
            calls.append(partial)
        partial.write_text("half")
        time.sleep(0.2)  # readers arriving now must wait, not read half a file
        partial.write_text("whole")

    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(lambda _: cached_file(target, build), range(4)))
    assert paths == [target] * 4
    assert len(calls) == 1 and not calls[0].exists()
    assert target.read_text() == "whole"


def test_cached_file_hands_an_interrupted_build_to_the_next(tmp_path):
    from chaosbench._task_files import cached_file

    target = tmp_path / "data.h5"

    def interrupted(partial):
        partial.write_text("first part")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cached_file(target, interrupted)
    assert not target.exists()
    seen = []

    def resume(partial):
        seen.append(partial.read_text())
        partial.write_text(seen[-1] + ", rest")

    cached_file(target, resume)
    assert seen == ["first part"] and target.read_text() == "first part, rest"


def _text_cache(tmp_path):
    """A cached file whose sound content is 'good' (a stand-in for task data)."""
    from chaosbench._task_files import cached_file

    builds = []

    def build(partial):
        builds.append(partial)
        partial.write_text("good")

    def problem(path):
        return None if path.read_text() == "good" else "not good"

    path = tmp_path / "cache" / "entry.txt"
    return (lambda: cached_file(path, build, problem)), path, builds


def test_a_damaged_cache_entry_is_moved_aside_and_built_again(tmp_path, capsys):
    fetch, path, builds = _text_cache(tmp_path)
    assert fetch().read_text() == "good" and len(builds) == 1
    assert fetch() == path and len(builds) == 1  # sound: reused
    path.write_text("bad, and longer")  # damaged on disk
    assert fetch().read_text() == "good" and len(builds) == 2
    warning = capsys.readouterr().err.strip().splitlines()
    assert len(warning) == 1 and "damaged (not good)" in warning[0]
    assert (path.parent / "entry.txt.damaged").read_text() == "bad, and longer"


def test_a_truncated_task_data_file_is_found_damaged(tmp_path):
    from chaosbench._task_files import dataset_problem
    from chaosbench.datasets import generate

    path = tmp_path / "d.h5"
    generate(path, DatasetConfig.from_dict({"systems": ["Henon"], "n_points": 50}), progress=False)
    assert dataset_problem(path) is None
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(Exception, match="HDF5"):
        dataset_problem(path)
