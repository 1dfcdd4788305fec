"""Generating, reading, resuming and scaling out datasets."""

import json
import os
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import pytest

import chaosbench
from chaosbench import DatasetConfig
from chaosbench.datasets import inspect
from chaosbench.datasets.api import parts_folder
from chaosbench.datasets.verify import verify
from chaosbench.errors import ChaosbenchError

SMALL = {
    "systems": ["Lorenz", "Henon", "MackeyGlass"],
    "splits": {"train": 3, "test": 2},
    "n_points": 150,
    "transient": 50,
    "block_size": 2,
    "seed": 7,
}


def checksums(path):
    with chaosbench.load(path) as dataset:
        return {
            (system, split): entry["sha256"]
            for system, splits in dataset.manifest["systems"].items()
            for split, entry in splits.items()
        }


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "small.h5"
    report = chaosbench.generate(path, SMALL)
    assert report.computed == report.units == 3 * 3  # 2 + 1 blocks per system
    return path


def test_round_trip_equals_the_integration(reference):
    part = chaosbench.load(reference, "Lorenz", "train")
    lorenz = chaosbench.get("Lorenz")
    assert part.data.shape == (3, 150, 3) and part.variables == ["x", "y", "z"]
    dt = part.attrs["dt"]
    assert dt == pytest.approx(lorenz.annotations["period"] / 100)
    np.testing.assert_allclose(part.time, dt * np.arange(150))
    for i in range(3):  # the stored series is the transient run, then the stored run
        _, settled = lorenz.trajectory(2, dt=part.attrs["transient_time"], ic=part.ics[i])
        _, X = lorenz.trajectory(150, dt=dt, ic=settled[1])
        np.testing.assert_allclose(part.data[i], X, rtol=1e-12, atol=1e-12)
    henon = chaosbench.load(reference, "Henon", "test")
    _, Y = chaosbench.get("Henon").trajectory(150, ic=henon.ics[0], transient=50)
    np.testing.assert_array_equal(henon.data[0], Y)


def test_attributes_carry_what_regenerates_the_data(reference, tmp_path):
    with h5py.File(reference) as handle:
        config = DatasetConfig.from_dict(json.loads(handle.attrs["config"]))
        group = handle["Lorenz"]
        assert json.loads(group.attrs["parameters"]) == {"sigma": 10.0, "rho": 28.0, "beta": 8 / 3}
        assert "Lorenz" in group.attrs["citation"]
        assert json.loads(group.attrs["annotations"])["max_lyapunov"] > 0
        assert len(json.loads(group.attrs["equations"])) == 3
        assert handle.attrs["chaosbench_version"] == chaosbench.__version__
    again = tmp_path / "again.h5"
    chaosbench.generate(again, config, workers=2)
    assert checksums(again) == checksums(reference)  # determinism, across process pools


def test_distinct_starting_points_across_splits(reference):
    train = chaosbench.load(reference, "Lorenz", "train").ics
    test = chaosbench.load(reference, "Lorenz", "test").ics
    starts = np.concatenate([train, test])
    distances = np.linalg.norm(starts[:, None] - starts[None], axis=-1)
    assert np.all(distances[np.triu_indices(len(starts), 1)] > 1e-3)


def test_reliable_horizon_is_stored_per_trajectory(reference, tmp_path):
    part = chaosbench.load(reference, "Lorenz", "train")
    assert part.reliable_horizon.shape == (3,)
    assert np.all(np.isinf(part.reliable_horizon))  # 1.5 periods: never departs
    path = tmp_path / "long.h5"
    chaosbench.generate(path, {"systems": ["Lorenz"], "splits": {"test": 2}, "n_points": 6000})
    long = chaosbench.load(path, "Lorenz", "test")
    lyapunov_times = long.reliable_horizon / chaosbench.get("Lorenz").annotations["lyapunov_time"]
    assert np.all((lyapunov_times > 8) & (lyapunov_times < 40)), lyapunov_times


def test_xarray_opens_a_system_as_labelled_data(reference):
    xr = pytest.importorskip("xarray")
    with xr.open_dataset(reference, group="Lorenz/train", engine="h5netcdf") as ds:
        assert ds["data"].dims == ("trajectory", "time", "variable")
        assert list(ds["variable"].values) == ["x", "y", "z"]
        part = chaosbench.load(reference, "Lorenz", "train")
        np.testing.assert_array_equal(ds["data"].values, part.data)
        np.testing.assert_array_equal(ds["time"].values, part.time)


def test_existing_output_needs_overwrite(reference):
    with pytest.raises(ChaosbenchError, match="overwrite"):
        chaosbench.generate(reference, SMALL)


def test_shards_of_a_job_array_then_sharded_layout(reference, tmp_path):
    path = tmp_path / "array.h5"
    first = chaosbench.generate(path, SMALL, shard_index=0, num_shards=2, layout="sharded")
    assert first.path is None and not path.exists()
    second = chaosbench.generate(path, SMALL, shard_index=1, num_shards=2, layout="sharded")
    assert second.path == path
    assert first.computed + second.computed == first.units
    assert checksums(path) == checksums(reference)
    assert verify(path).ok
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    cwd = os.getcwd()
    try:  # the virtual datasets find their shards relative to the master file
        os.chdir(elsewhere)
        data = chaosbench.load(path, "Henon", "train").data
    finally:
        os.chdir(cwd)
    np.testing.assert_array_equal(data, chaosbench.load(reference, "Henon", "train").data)


def test_resume_reuses_complete_shards(reference, tmp_path):
    path = tmp_path / "resumed.h5"
    chaosbench.generate(path, SMALL, shard_index=0, num_shards=3)
    done = len(list(parts_folder(path).iterdir()))
    with pytest.raises(ChaosbenchError, match="resume"):
        chaosbench.generate(path, SMALL)
    report = chaosbench.generate(path, SMALL, resume=True)
    assert report.reused == done and report.computed == report.units - done
    assert checksums(path) == checksums(reference)
    assert not parts_folder(path).exists()


def test_a_killed_run_leaves_no_complete_looking_file_and_resumes(reference, tmp_path):
    path = tmp_path / "killed.h5"
    script = (
        f"import chaosbench, json, sys; chaosbench.generate({str(path)!r}, json.loads(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    process = subprocess.Popen([sys.executable, "-c", script, json.dumps(SMALL)], env=env)
    parts = parts_folder(path)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if parts.exists() and any(p.suffix == ".h5" for p in parts.iterdir()):
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if path.exists():  # it finished before the kill: then it must be the complete file
        assert verify(path).ok
    else:
        report = chaosbench.generate(path, SMALL, resume=True)
        assert report.reused >= 1
    assert checksums(path) == checksums(reference)
    assert verify(path).ok


def test_a_corrupt_shard_is_recomputed_on_resume(reference, tmp_path):
    path = tmp_path / "corrupt.h5"
    chaosbench.generate(path, SMALL, shard_index=0, num_shards=9)
    shard = next(parts_folder(path).glob("*.h5"))
    with h5py.File(shard, "r+") as handle:
        handle["data"][0, 0, 0] += 1.0
    report = chaosbench.generate(path, SMALL, resume=True)
    assert report.reused == 0
    assert checksums(path) == checksums(reference)


def test_verify_reports_tampering(reference, tmp_path):
    copy = tmp_path / "tampered.h5"
    copy.write_bytes(reference.read_bytes())
    assert verify(copy).ok
    with h5py.File(copy, "r+") as handle:
        handle["Lorenz/test/data"][1, 3, 0] = 0.0
    report = verify(copy)
    assert not report.ok and "Lorenz/test/data: checksum mismatch" in report.problems[0]


def test_dask_local_cluster_gives_the_same_file(reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        path = tmp_path / "dask.h5"
        chaosbench.generate(path, SMALL, executor=client.get_executor())
    assert checksums(path) == checksums(reference)


def test_noise_standardisation_projection_and_float32(tmp_path):
    config = {
        "systems": ["Lorenz"],
        "splits": {"train": 2},
        "n_points": 400,
        "noise_additive": 0.1,
        "standardize": True,
        "projection": "x",
        "dtype": "float32",
        "reliable_horizon": False,
    }
    path = tmp_path / "noisy.h5"
    chaosbench.generate(path, config)
    part = chaosbench.load(path, "Lorenz", "train")
    assert part.data.dtype == np.float32 and part.data.shape == (2, 400, 1)
    assert part.clean.shape == (2, 400, 1) and part.reliable_horizon is None
    residual = (part.data - part.clean).ravel()
    assert residual.std() == pytest.approx(0.1, rel=0.15)  # 0.1 std, in standardised units
    raw = part.unstandardize(part.clean)
    lorenz = chaosbench.get("Lorenz")
    _, settled = lorenz.trajectory(2, dt=part.attrs["transient_time"], ic=part.ics[0])
    _, X = lorenz.trajectory(400, dt=part.attrs["dt"], ic=settled[1])
    np.testing.assert_allclose(raw[0, :, 0], X[:, 0], rtol=1e-5, atol=1e-4)


def test_parameter_perturbations_are_seeded_and_stay_chaotic(tmp_path):
    config = {
        "systems": ["Lorenz"],
        "splits": {"train": 2},
        "n_points": 50,
        "parameter_perturbation": 0.05,
        "reliable_horizon": False,
    }
    chaosbench.generate(tmp_path / "a.h5", config)
    part = chaosbench.load(tmp_path / "a.h5", "Lorenz", "train")
    base = np.array([10.0, 28.0, 8 / 3])
    assert not np.allclose(part.parameters[0], base)
    assert np.all(np.abs(part.parameters / base - 1) < 0.3)
    chaosbench.generate(tmp_path / "b.h5", config)
    assert checksums(tmp_path / "a.h5") == checksums(tmp_path / "b.h5")


def test_lazy_reader_and_long_format(reference):
    with chaosbench.load(reference) as dataset:
        assert set(dataset.systems) == {"Lorenz", "Henon", "MackeyGlass"}
        assert set(dataset["Henon"]) == {"train", "test"}
        frame = dataset.read("Henon", "train").to_pandas()
    assert len(frame) == 3 * 150 * 2
    assert list(frame.columns) == ["system", "split", "trajectory", "time", "variable", "value"]
    with pytest.raises(chaosbench.UnknownNameError, match="Lorenz"):
        chaosbench.load(reference, "Lorentz", "train")
    text = inspect(reference)
    assert "3 systems, 15 trajectories" in text and "train 3x150x3 float64" in text


def test_long_trajectories_get_smaller_blocks():
    from chaosbench.datasets.generation import MAX_UNIT_BYTES, plan

    config = DatasetConfig(systems=("Lorenz96",), splits={"train": 40}, n_points=200_000)
    units = plan(config)
    per_unit = max(u.count for u in units) * 200_000 * 20 * 8
    assert per_unit <= MAX_UNIT_BYTES and sum(u.count for u in units) == 40
    assert [u.start for u in units] == sorted(u.start for u in units)
