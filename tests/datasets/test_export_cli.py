"""Export to Arrow/Parquet, and the dataset commands of the CLI."""

import numpy as np
import pytest

import chaosbench
from chaosbench.cli import main
from chaosbench.datasets.export import export

CONFIG = {
    "systems": ["Henon", "Rossler"],
    "splits": {"train": 2, "test": 1},
    "n_points": 40,
    "reliable_horizon": False,
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "small.h5"
    chaosbench.generate(path, CONFIG)
    return path


@pytest.mark.parametrize("format", ["parquet", "arrow"])
def test_export_round_trips_every_trajectory(small, tmp_path, format):
    pa = pytest.importorskip("pyarrow")
    out = export(small, tmp_path / f"out.{format}", format=format)
    if format == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
    else:
        table = pa.ipc.open_file(pa.OSFile(str(out))).read_all()
    assert table.num_rows == 2 * 3
    rows = {row["id"]: row for row in table.to_pylist()}
    part = chaosbench.load(small, "Rossler", "train")
    row = rows["Rossler/train/1"]
    assert row["variables"] == ["x", "y", "z"]
    np.testing.assert_array_equal(np.array(row["target"]).T, part.data[1])
    assert row["dt"] == pytest.approx(part.time[1] - part.time[0])


def test_export_rejects_unknown_format(small, tmp_path):
    with pytest.raises(chaosbench.UnknownNameError, match="parquet"):
        export(small, tmp_path / "x", format="csv")


def test_cli_generate_inspect_verify_export(tmp_path, capsys):
    toml = tmp_path / "c.toml"
    toml.write_text('systems = ["Henon"]\nsplits = { train = 2 }\nn_points = 30\n')
    out = tmp_path / "cli.h5"
    assert main(["generate", "--config", str(toml), "--out", str(out), "--quiet"]) == 0
    assert "1 systems, 2 trajectories" in capsys.readouterr().out
    # options override the config; an existing output needs --overwrite
    assert main(["generate", "--config", str(toml), "--n-points", "20", "--out", str(out)]) == 2
    assert "overwrite" in capsys.readouterr().err
    args = ["generate", "--config", str(toml), "--n-points", "20", "--out", str(out)]
    assert main([*args, "--overwrite", "--quiet"]) == 0
    assert chaosbench.load(out, "Henon", "train").data.shape == (2, 20, 2)
    assert main(["inspect", str(out)]) == 0
    assert "Henon: train 2x20x2 float64" in capsys.readouterr().out
    assert main(["verify", str(out)]) == 0
    assert "OK" in capsys.readouterr().out
    target = tmp_path / "cli.parquet"
    pytest.importorskip("pyarrow")
    assert main(["export", str(out), "--format", "parquet", "--out", str(target)]) == 0
    assert target.exists()


def test_cli_bad_config_fails_before_work(tmp_path, capsys):
    out = tmp_path / "bad.h5"
    assert main(["generate", "--systems", "Lorenz,Nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "'systems'" in err and "Nope" in err and not out.exists()
    assert main(["generate", "--systems", "Lorenz", "--n-points", "-4", "--out", str(out)]) == 2
    assert "'n_points'" in capsys.readouterr().err
    assert main(["generate", "--systems", "Lorenz", "--splits", "train=0", "--out", str(out)]) == 2
    assert "'splits'" in capsys.readouterr().err
    assert not out.exists()


def test_preset_config_is_committed():
    from chaosbench.datasets.verify import preset_config, preset_names

    assert "benchmark" in preset_names()
    config = preset_config("benchmark")
    assert config.chaotic is True and config.reliable_horizon


def test_cli_runs_on_a_dask_scheduler(small, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "dask.h5"
    systems = ",".join(CONFIG["systems"])
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        args = ["generate", "--systems", systems, "--splits", "train=2,test=1"]
        args += ["--n-points", "40", "--no-reliable-horizon", "--quiet", "--out", str(out)]
        assert main([*args, "--scheduler", cluster.scheduler_address]) == 0
    with chaosbench.load(out) as a, chaosbench.load(small) as b:
        assert a.manifest["systems"] == b.manifest["systems"]
