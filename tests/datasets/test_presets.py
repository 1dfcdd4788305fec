"""The committed dataset presets: their configs, and checking files against them."""

import pytest

import chaosbench
from chaosbench.datasets import system_source, verify
from chaosbench.datasets.config import sources_unresolved


def test_every_preset_is_committed_with_its_checksums():
    names = verify.preset_names()
    assert {"benchmark", "pretrain-small"} <= set(names)
    for name in names:
        with sources_unresolved():
            verify.preset_config(name)
        assert verify.preset_checksums(name), name


def test_the_pretraining_preset_pins_a_generated_set_of_a_few_hundred_systems():
    with sources_unresolved():
        config = verify.preset_config("pretrain-small")
    assert config.synthesize["family"] == "all" and 200 <= config.synthesize["n"] <= 1000
    assert len(config.systems_checksum) == 64
    assert len(verify.preset_checksums("pretrain-small")) == config.synthesize["n"]


def test_checking_a_file_never_generates_a_presets_systems(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("verify generated a preset's systems")

    monkeypatch.setattr(system_source, "synthesized", refuse)
    path = tmp_path / "small.h5"
    config = chaosbench.DatasetConfig(systems=("Henon",), n_points=20, splits={"test": 1})
    chaosbench.generate(path, config, workers=1, progress=False)
    report = verify.verify(path)
    assert report.ok and report.preset is None


@pytest.mark.slow
def test_the_pretraining_preset_regenerates_to_its_committed_checksums(tmp_path, monkeypatch):
    """From an empty cache: the generated systems match the pinned checksum and the
    data the committed ones (about three minutes on two cores)."""
    monkeypatch.setenv("CHAOSBENCH_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "pretrain-small.h5"
    chaosbench.generate(path, verify.preset_config("pretrain-small"), progress=False)
    report = verify.verify(path)
    assert report.preset == "pretrain-small" and report.ok, report.summary()
