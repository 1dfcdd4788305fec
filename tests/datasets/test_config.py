"""Dataset configs: every bad field is rejected before any work, naming the field."""

import pytest

from chaosbench import DatasetConfig
from chaosbench.datasets import ConfigError
from chaosbench.errors import UnknownNameError


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"systems": ["Lorenz", "NoSuchSystem"]}, "systems", "NoSuchSystem"),
        ({"systems": ["Lorenz", "lorenz"]}, "systems", "twice"),
        ({"systems": []}, "systems", "non-empty"),
        ({"n_points": -5}, "n_points", "positive int"),
        ({"n_points": 10.5}, "n_points", "positive int"),
        ({"transient": -1}, "transient", "non-negative"),
        ({"splits": {"train": 0}}, "splits", "positive number"),
        ({"splits": {}}, "splits", "non-empty"),
        ({"splits": {"bad name": 2}}, "splits", "identifiers"),
        ({"pts_per_period": 100, "dt": 0.01}, "dt", "only one"),
        ({"dt": -0.1}, "dt", "positive"),
        ({"noise_additive": -0.1}, "noise_additive", "non-negative"),
        ({"parameter_perturbation": 1.5}, "parameter_perturbation", "below 1"),
        ({"dtype": "float16"}, "dtype", "float64"),
        ({"rtol": 1e-16}, "rtol", "at least"),
        ({"projection": "w"}, "projection", "not a variable of Lorenz"),
        ({"kind": "pde"}, "kind", "must be one of"),
        ({"seed": -3}, "seed", "non-negative"),
        ({"systems": "all", "min_dimension": 1000}, "systems", "matches no system"),
    ],
)
def test_bad_fields_are_named(changes, field, fragment):
    data = {"systems": ["Lorenz"], **changes}
    with pytest.raises(ConfigError) as info:
        DatasetConfig.from_dict(data)
    assert info.value.field == field
    assert f"field {field!r}" in str(info.value)
    assert fragment in str(info.value)


def test_unknown_key_suggests_the_field():
    with pytest.raises(UnknownNameError, match="n_points"):
        DatasetConfig.from_dict({"n_pointz": 10})


def test_names_are_canonical_and_config_round_trips(tmp_path):
    config = DatasetConfig(systems=("lorenz", "HENON"), splits={"train": 2}, dt=0.05)
    assert config.systems == ("Lorenz", "Henon")
    assert config.sampling == ("dt", 0.05)
    assert DatasetConfig.from_dict(config.to_dict()) == config
    toml = tmp_path / "c.toml"
    toml.write_text('systems = ["Lorenz"]\nsplits = { train = 3 }\nn_points = 20\n')
    loaded = DatasetConfig.from_toml(toml)
    assert loaded.n_points == 20 and loaded.splits == {"train": 3}
    assert loaded.system_names() == ["Lorenz"]


def test_filters_select_systems():
    config = DatasetConfig(systems="all", kind="map", max_dimension=1)
    names = config.system_names()
    assert "Logistic" in names and all(n != "Henon" for n in names)


def test_bad_toml_is_reported(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("systems = [")
    with pytest.raises(Exception, match="not valid TOML"):
        DatasetConfig.from_toml(path)
