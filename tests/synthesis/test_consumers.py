"""Generated systems in the rest of the package: symbolic scoring and datasets."""

import functools
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import h5py
import numpy as np
import pytest

import chaosbench
from chaosbench.datasets import system_source
from chaosbench.errors import ConfigError
from chaosbench.symbolic import score
from chaosbench.systems import registry


def test_the_true_equations_of_a_generated_flow_score_exact(flows, perturbed, skews):
    for system in [*flows, *perturbed, *skews]:
        result = score(list(system.declaration.equations), system, numeric=False)
        assert result.status == "ok"
        assert all(v.match.exact for v in result.variables), system.name


def test_a_dataset_of_generated_systems_round_trips(maps, tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    chaosbench.register(maps)
    config = chaosbench.DatasetConfig(
        systems=tuple(maps.names[:2]), n_points=50, splits={"train": 2, "test": 1}
    )
    path = tmp_path / "generated.h5"
    chaosbench.generate(path, config, workers=1, progress=False)
    data = chaosbench.load(path)
    for system in maps[:2]:
        train = data[system.name]["train"]
        X = train.data
        assert json.loads(train.attrs["equations"]) == list(system.declaration.equations)
        assert X.shape == (2, 50, system.dimension) and np.all(np.isfinite(X))
    with h5py.File(path) as handle:
        attrs = handle[maps[0].name].attrs
        assert json.loads(attrs["equations"]) == list(maps[0].declaration.equations)
        assert json.loads(attrs["provenance"]) == dict(maps[0].provenance)
        assert json.loads(attrs["annotations"])["chaotic"] is True


def test_a_config_reads_its_systems_from_a_file_in_worker_processes_too(
    maps, tmp_path, monkeypatch
):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setattr(
        system_source, "_registered", functools.lru_cache(system_source._registered.__wrapped__)
    )
    maps.save(tmp_path / "systems.jsonl")
    (tmp_path / "config.toml").write_text(
        'systems_file = "systems.jsonl"\nn_points = 40\nsplits = {train = 2, test = 1}\n'
    )
    config = chaosbench.DatasetConfig.from_toml(tmp_path / "config.toml")
    assert config.system_names() == list(maps.names)  # "all": every system of the file
    assert config.systems_checksum == system_source.checksum(tmp_path / "systems.jsonl")
    path = tmp_path / "from-file.h5"
    # fresh worker processes (spawned, so they inherit nothing) rebuild the config
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        chaosbench.generate(path, config, executor=pool, progress=False)
    data = chaosbench.load(path)
    assert sorted(data.systems) == sorted(maps.names)
    for system in maps:
        assert data[system.name]["test"].data.shape == (1, 40, system.dimension)
    # the file is pinned: an edited file is refused by name, before any work
    (tmp_path / "systems.jsonl").write_text(maps.to_lines()[0] + "\n" + maps.to_lines()[1] + "\n")
    with pytest.raises(ConfigError, match=r"systems_file.*has changed"):
        chaosbench.DatasetConfig.from_dict(config.to_dict())


def test_a_config_names_a_generated_set_made_once_and_cached(maps, tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setenv("CHAOSBENCH_CACHE_DIR", str(tmp_path / "cache"))
    config = chaosbench.DatasetConfig(
        synthesize={"n": 3, "family": "map"}, n_points=30, splits={"train": 1}
    )
    assert config.system_names() == list(maps.names)  # the same systems as synthesize()
    kept = list((tmp_path / "cache" / "synthesized").iterdir())
    assert [p.suffix for p in kept] == [".jsonl"]  # the journal is gone once it is done
    again = chaosbench.DatasetConfig.from_dict(config.to_dict())
    assert again == config and list((tmp_path / "cache" / "synthesized").iterdir()) == kept


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"systems_file": "missing.jsonl"}, "systems_file"),
        ({"synthesize": {"n": 0}}, "synthesize.n"),
        ({"synthesize": {"n": 2, "family": "polynomal"}}, "synthesize.family"),
        ({"synthesize": {"n": 2, "seeds": 1}}, "synthesize.seeds"),
        ({"synthesize": {"family": "map"}}, "synthesize.n"),
        ({"synthesize": [3]}, "synthesize"),
        ({"synthesize": {"n": 2, "dimension": 9}}, "synthesize.dimension"),
        ({"systems_file": "a.jsonl", "synthesize": {"n": 2}}, "synthesize"),
        ({"systems_checksum": "abc"}, "systems_checksum"),
    ],
)
def test_bad_system_sources_name_the_field(changes, field, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        chaosbench.DatasetConfig(**changes)
    assert caught.value.field == field, str(caught.value)


def test_a_hostile_systems_file_is_refused_by_the_config(tmp_path):
    (tmp_path / "bad.jsonl").write_text(
        '{"name": "Evil", "kind": "map", "variables": ["x"], '
        '"equations": ["__import__(\'os\').system(\'touch pwned\')"], "ic": [0.1]}\n'
    )
    with pytest.raises(ConfigError, match="systems_file"):
        chaosbench.DatasetConfig(systems_file=str(tmp_path / "bad.jsonl"))
    assert not (tmp_path / "pwned").exists()


def test_a_symbolic_task_over_a_generated_set(flows, tmp_path, monkeypatch):
    from chaosbench.symbolic.data import SymbolicTask
    from chaosbench.symbolic.sindy import run_baseline

    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setenv("CHAOSBENCH_CACHE_DIR", str(tmp_path / "cache"))
    spec = {"n": 1, "family": "polynomial", "seed": 3}  # the same system as `flows`
    task = SymbolicTask("mine", synthesize=spec, n_points=400, n_train=1, n_test=1)
    assert task.system_names() == list(flows.names)
    truth = list(flows[0].declaration.equations)
    result = score(truth, flows.names[0], task=task)
    assert all(v.match.exact for v in result.variables)
    assert result.to_dict()["derivative_r2"] == pytest.approx(1.0, abs=1e-12)
    table = run_baseline(task=task)
    assert list(table["system"]) == list(flows.names) and table["status"].eq("ok").all()
    digest = system_source.checksum(next((tmp_path / "cache" / "synthesized").glob("*.jsonl")))
    with pytest.raises(ConfigError, match="not the one pinned"):
        SymbolicTask("pinned", synthesize=spec, systems_checksum="0" * 64).system_names()
    pinned = SymbolicTask("pinned", synthesize=spec, systems_checksum=digest)
    assert pinned.system_names() == list(flows.names)


def test_bad_synthesize_tables_of_a_symbolic_task_name_the_key():
    from chaosbench.symbolic.data import SymbolicTask

    with pytest.raises(ConfigError) as caught:
        SymbolicTask("bad", synthesize={"n": 2, "family": "polynomal"})
    assert caught.value.field == "synthesize.family"


def test_the_committed_generated_tasks_do_not_share_a_seed():
    """The symbolic task's systems are not in the pretraining preset's corpus."""
    import tomllib

    from chaosbench._paths import data_path

    with open(data_path("symbolic") / "generated.toml", "rb") as handle:
        symbolic = tomllib.load(handle)["synthesize"]
    with open(data_path("presets") / "pretrain-small.toml", "rb") as handle:
        corpus = tomllib.load(handle)["synthesize"]
    assert symbolic["seed"] != corpus["seed"]
