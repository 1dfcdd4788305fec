"""Generated systems in the rest of the package: symbolic scoring and datasets."""

import json

import h5py
import numpy as np

import chaosbench
from chaosbench.symbolic import score
from chaosbench.systems import registry


def test_the_true_equations_of_a_generated_flow_score_exact(flows):
    for system in flows:
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
