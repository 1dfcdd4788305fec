"""Forecasts kept as data: the file format, rescoring from forecasts, batching, executors."""

import threading
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np
import pandas as pd
import pytest

import chaosbench
from chaosbench.cli import main
from chaosbench.evaluation import evaluate, get_task
from chaosbench.evaluation.baselines import LastValue, Oracle
from chaosbench.evaluation.forecasts import SystemForecasts, read_forecasts, write_forecasts
from chaosbench.evaluation.metrics import horizon
from chaosbench.evaluation.report import error_growth_table, write_report
from chaosbench.evaluation.runner import (
    evaluate_system,
    forecast_system,
    score_forecasts,
    score_system,
)
from chaosbench.evaluation.tasks import task_data

TASK = "reduced"


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["system", "ic", "metric"]).reset_index(drop=True)


def test_scores_recomputed_from_forecasts_equal_the_run(tmp_path):
    task = get_task(TASK)
    path = str(task_data(task))
    rows, kept = evaluate_system(LastValue(), task, "Lorenz", path, keep_forecasts=True)
    again = score_system(task, "Lorenz", path, kept, "last_value")
    pd.testing.assert_frame_equal(_sorted(pd.DataFrame(rows)), _sorted(pd.DataFrame(again)))
    # through a float64 file: bit-identical scores
    file = write_forecasts(
        tmp_path / "f.h5", {"Lorenz": kept}, task=TASK, task_fingerprint="x",
        forecaster="last_value", dtype="float64",
    )  # fmt: skip
    attrs, loaded = read_forecasts(file)
    assert attrs["forecaster"] == "last_value" and attrs["task"] == TASK
    np.testing.assert_array_equal(loaded["Lorenz"].values, kept.values)
    rescored = score_forecasts(file, TASK, systems=["Lorenz"])
    direct = evaluate(LastValue(), TASK, systems=["Lorenz"])
    pd.testing.assert_frame_equal(_sorted(rescored), _sorted(direct))


def test_evaluate_keeps_forecasts_and_failures_in_a_file(tmp_path):
    def broken(context, horizon):
        if context[-1, 0] > 0:
            raise RuntimeError("boom")
        return np.repeat(context[-1:], horizon, axis=0)

    out = tmp_path / "kept.h5"
    frame = evaluate(broken, TASK, systems=["Lorenz", "Henon"], forecasts_out=out)
    _, forecasts = read_forecasts(out)
    assert set(forecasts) == {"Lorenz", "Henon"}
    task = get_task(TASK)
    for name, item in forecasts.items():
        assert item.values.shape[:2] == (task.n_test, task.horizon)
        assert item.values.dtype == np.float64  # read back as float64 from float32
        with h5py.File(out) as handle:
            assert handle[name]["values"].dtype == np.float32
        failed = [i for i in range(task.n_test) if not item.ok(i)]
        assert all("boom" in item.reasons[i] for i in failed)
        assert all(np.isnan(item.values[i]).all() for i in failed)
    n_failed = (frame.status == "failed").sum()
    assert n_failed == sum(r != "" for f in forecasts.values() for r in f.reasons)
    rescored = score_forecasts(out, TASK, systems=["Lorenz", "Henon"])
    assert (rescored.status == "failed").sum() == n_failed


def test_missing_system_and_wrong_shape_are_errors(tmp_path):
    task = get_task(TASK)
    good = forecast_system(LastValue(), task, "Lorenz", str(task_data(task)))
    with pytest.raises(chaosbench.ChaosbenchError, match="Henon"):
        score_forecasts({"Lorenz": good}, TASK, systems=["Lorenz", "Henon"])
    short = SystemForecasts("Lorenz", good.values[:, :10], good.reasons)
    with pytest.raises(chaosbench.ChaosbenchError, match="shape"):
        score_forecasts({"Lorenz": short}, TASK, systems=["Lorenz"])
    with pytest.raises(chaosbench.ChaosbenchError, match="reasons"):
        SystemForecasts("Lorenz", good.values, good.reasons[:1])
    (tmp_path / "x.h5").write_bytes(b"not hdf5")
    with pytest.raises(chaosbench.ChaosbenchError, match="not HDF5"):
        read_forecasts(tmp_path / "x.h5")


class _Batched:
    """A forecaster that takes all contexts at once and counts its calls."""

    name = "batched"

    def __init__(self) -> None:
        self.calls = 0

    def forecast_batch(self, contexts, horizon):
        self.calls += 1
        return np.repeat(contexts[:, -1:, :], horizon, axis=1)

    def forecast(self, context, horizon):  # pragma: no cover - must not be used
        raise AssertionError("the batched call should have been used")


def test_batched_forecasters_are_called_once_per_system():
    model = _Batched()
    frame = evaluate(model, TASK, systems=["Lorenz"])
    assert model.calls == 1
    plain = evaluate(LastValue(), TASK, systems=["Lorenz"])
    vpt = frame[frame.metric == "vpt_smape"].value.to_numpy()
    np.testing.assert_array_equal(vpt, plain[plain.metric == "vpt_smape"].value.to_numpy())


def test_a_failing_batch_is_retried_case_by_case():
    class Half:
        """Refuses batches; of the single cases, answers the first with NaN."""

        batched = True
        cases = 0

        def forecast(self, context, horizon):
            if context.ndim == 3:
                raise RuntimeError("no batches today")
            self.cases += 1
            if self.cases == 1:
                return np.full((horizon, context.shape[1]), np.nan)
            return np.repeat(context[-1:], horizon, axis=0)

    model = Half()
    frame = evaluate(model, TASK, systems=["Lorenz"])
    failed = frame[frame.status == "failed"]
    assert model.cases == get_task(TASK).n_test
    assert len(failed) >= 1 and failed.reason.str.contains("NaN").all()
    assert failed.ic.nunique() == 1  # the other cases are scored, not dropped with it
    assert frame.groupby("ic").ngroups == get_task(TASK).n_test


def test_error_growth_rows_match_the_metric():
    task = get_task(TASK)
    path = str(task_data(task))
    rows, kept = evaluate_system(LastValue(), task, "Rossler", path, keep_forecasts=True)
    frame = pd.DataFrame(rows)
    growth = frame[(frame.ic == 0) & frame.metric.str.startswith("error_growth_")]
    assert len(growth) == int(task.horizon_lyapunov)  # one per whole Lyapunov time
    from chaosbench.datasets import load

    with load(path) as data:
        test = data.read("Rossler", "test")
    truth_all = test.data
    scale = np.sqrt(np.mean(np.sum((truth_all - truth_all.mean(axis=(0, 1))) ** 2, axis=-1)))
    c = task.context_length
    truth = truth_all[0, c : c + task.horizon]
    times, errors = horizon.error_growth(
        truth, kept.values[0], float(test.attrs["dt"]), test.annotations["lyapunov_time"],
        scale=scale,
    )  # fmt: skip
    three = growth[growth.metric == "error_growth_3"].value.iloc[0]
    assert three == pytest.approx(errors[np.argmin(np.abs(times - 3))], rel=1e-12)


def test_executors_give_the_same_table():
    serial = evaluate(LastValue(), TASK, systems=["Lorenz", "Henon"])
    with ThreadPoolExecutor(2) as pool:
        threaded = evaluate(LastValue(), TASK, systems=["Lorenz", "Henon"], executor=pool)
    pd.testing.assert_frame_equal(serial, threaded)


def test_dask_cluster_gives_the_same_table():
    distributed = pytest.importorskip("distributed")
    serial = evaluate(LastValue(), TASK, systems=["Henon"])
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                 dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        spec = "chaosbench.evaluation.baselines:LastValue"
        frame = evaluate(spec, TASK, systems=["Henon"], executor=client.get_executor())
    pd.testing.assert_frame_equal(serial, frame)


def test_report_draws_growth_and_overlays(tmp_path):
    pytest.importorskip("matplotlib")
    files = [tmp_path / "last.h5", tmp_path / "oracle.h5"]
    frames = [
        evaluate(LastValue(), TASK, systems=["Lorenz", "Rossler"], forecasts_out=files[0]),
        evaluate("chaosbench.evaluation.baselines:Oracle", TASK, systems=["Lorenz", "Rossler"],
                 forecasts_out=files[1]),
    ]  # fmt: skip
    results = pd.concat(frames, ignore_index=True)
    growth = error_growth_table(results[results.status == "ok"])
    assert growth.loc["oracle", 1] < 1e-3 < growth.loc["last_value", 1]
    written = write_report(results, tmp_path / "report", forecasts=files)
    names = {p.name for p in written}
    assert {"error_growth.png", "overlays.png", "vpt_vs_lyapunov.png"} <= names
    assert all(p.stat().st_size > 1000 for p in written if p.suffix == ".png")


def test_cli_keeps_forecasts_beside_results_and_report_finds_them(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "results.csv"
    args = ["evaluate", "--forecaster", "chaosbench.evaluation.baselines:LastValue"]
    assert main([*args, "--task", TASK, "--systems", "Henon", "--out", str(out)]) == 0
    assert (tmp_path / "results.forecasts.h5").is_file()
    assert main(["report", str(out), "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "overlays.png").is_file()
    many = tmp_path / "many.csv"
    base = ["evaluate", "--baselines", "last_value,mean", "--task", TASK, "--systems", "Henon"]
    assert main([*base, "--out", str(many)]) == 0
    assert sorted(p.name for p in (tmp_path / "many.forecasts").iterdir()) == [
        "last_value.h5", "mean.h5"]  # fmt: skip
    assert main([*base, "--out", str(tmp_path / "x.txt")]) == 2
    capsys.readouterr()


def test_oracle_is_exact_through_a_file(tmp_path):
    out = tmp_path / "o.h5"
    frame = evaluate(Oracle("Lorenz"), TASK, systems=["Lorenz"], forecasts_out=out)
    rescored = score_forecasts(out, TASK, systems=["Lorenz"])
    vpt = rescored[rescored.metric == "vpt_smape"].value.to_numpy()
    np.testing.assert_array_equal(vpt, frame[frame.metric == "vpt_smape"].value.to_numpy())


#: both threads of the race below fit before either forecasts
_FITTED_TOGETHER = threading.Barrier(2, timeout=10)


class _RememberedDimension:
    """A forecaster that keeps what it learned (the dimension) and checks it later."""

    name = "remembered"

    def __init__(self, wait: bool = False):
        self.wait, self.dimension = wait, None

    def fit(self, trajectories, dt):
        self.dimension = trajectories[0].shape[1]
        if self.wait:
            _FITTED_TOGETHER.wait()

    def forecast(self, context, horizon):
        if context.shape[1] != self.dimension:
            raise ValueError(f"fitted on {self.dimension} columns, got {context.shape[1]}")
        return np.repeat(context[-1:], horizon, axis=0)


def test_systems_on_threads_do_not_share_fitted_state():
    serial = evaluate(_RememberedDimension(), TASK, systems=["Lorenz", "Henon"])
    given = _RememberedDimension(wait=True)
    with ThreadPoolExecutor(2) as pool:  # Lorenz (3-D) and Henon (2-D) fit at once
        threaded = evaluate(given, TASK, systems=["Lorenz", "Henon"], executor=pool)
    assert (serial.status == "ok").all()
    pd.testing.assert_frame_equal(serial, threaded)
    assert given.dimension is None  # the caller's object is left unfitted
