"""The runner on the reduced task: oracle, last value, failures, summaries, CLI."""

import numpy as np
import pytest

import chaosbench
from chaosbench.cli import main
from chaosbench.evaluation import evaluate, get_task, summarize, task_names
from chaosbench.evaluation.baselines import LastValue, Oracle
from chaosbench.evaluation.report import write_report

TASK = "reduced"


@pytest.fixture(scope="module")
def results():
    frames = [evaluate(LastValue(), task=TASK)]
    frames.append(evaluate(Oracle("Lorenz"), task="default", systems=["Lorenz"]))
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def test_tasks_are_data():
    assert {"default", "reduced", "free_run", "noisy", "data_limited"} <= set(task_names())
    default = get_task("default")
    assert (default.pts_per_lyapunov, default.context_length) == (30, 512)
    assert default.horizon == 300 and default.n_test == 20
    with pytest.raises(chaosbench.UnknownNameError, match="default"):
        get_task("defualt")


def test_oracle_vpt_is_the_full_horizon_and_last_value_below_one(results):
    task = get_task("default")
    oracle = results[(results.forecaster == "oracle") & (results.metric == "vpt_smape")]
    assert len(oracle) == task.n_test
    full = oracle.scored_steps.to_numpy() / task.pts_per_lyapunov
    np.testing.assert_allclose(oracle.value.to_numpy(), full)
    assert np.all(full == task.horizon_lyapunov)  # the truth is reliable that far
    last = results[(results.forecaster == "last_value") & (results.metric == "vpt_smape")]
    lorenz = last[last.system == "Lorenz"].value
    assert np.all(lorenz < 1.0)


def test_every_case_is_scored_or_recorded(results):
    last = results[results.forecaster == "last_value"]
    task = get_task(TASK)
    systems = task.dataset_config().system_names()
    assert last.groupby(["system", "ic"]).ngroups == len(systems) * task.n_test
    assert set(last.status) == {"ok"}


def test_failures_are_rows_not_crashes():
    def broken(context, horizon):
        if context[-1, 0] > 0:
            raise RuntimeError("boom")
        return np.repeat(context[-1:], horizon, axis=0)

    frame = evaluate(broken, task=TASK, systems=["Lorenz"])
    failed = frame[frame.status == "failed"]
    assert len(failed) >= 1 and failed.reason.str.contains("boom").all()
    assert frame.groupby("ic").ngroups == get_task(TASK).n_test


def test_summary_and_report(results, tmp_path):
    summary = summarize(results)
    row = summary[(summary.forecaster == "last_value") & (summary.metric == "vpt_smape")].iloc[0]
    assert row.low <= row["median"] <= row.high
    files = write_report(results, tmp_path)
    assert (tmp_path / "summary.md").read_text().count("|") > 10
    assert all(f.exists() for f in files)


def test_cli_evaluate_and_report(tmp_path, capsys):
    out = tmp_path / "results.csv"
    args = ["evaluate", "--forecaster", "chaosbench.evaluation.baselines:LastValue"]
    assert main([*args, "--task", TASK, "--systems", "Henon", "--out", str(out)]) == 0
    assert "last_value" in capsys.readouterr().out
    assert main(["report", str(out), "--out", str(tmp_path / "report")]) == 0
    assert (tmp_path / "report" / "summary.md").exists()
    bad = ["evaluate", "--forecaster", "nope:nothing", "--out", str(tmp_path / "x.csv")]
    assert main(bad) == 2


def test_per_system_forecasters_from_entry_points_and_all_baselines(tmp_path, capsys):
    frame = evaluate("chaosbench.evaluation.baselines:Oracle", task=TASK, systems=["Henon"])
    vpt = frame[frame.metric == "vpt_smape"]
    assert set(vpt.forecaster) == {"oracle"} and (vpt.value > 2).all()  # far past 1 LT
    out = tmp_path / "b.csv"
    args = ["evaluate", "--baselines", "last_value,mean", "--task", TASK, "--systems", "Henon"]
    assert main([*args, "--out", str(out)]) == 0
    table = capsys.readouterr().out
    assert "last_value" in table and "mean" in table
    assert main(["evaluate", "--baselines", "nope", "--task", TASK, "--out", str(out)]) == 2
