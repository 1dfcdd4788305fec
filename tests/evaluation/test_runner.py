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
    calls = []

    def broken(context, horizon):
        calls.append(1)
        if len(calls) == 2:  # the second case raises
            raise RuntimeError("boom")
        return np.repeat(context[-1:], horizon, axis=0)

    frame = evaluate(broken, task=TASK, systems=["Lorenz"])
    failed = frame[frame.status == "failed"]
    assert len(calls) == get_task(TASK).n_test
    assert len(failed) >= 1 and failed.reason.str.contains("boom").all()
    assert failed.ic.nunique() == 1
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


def test_systems_outside_the_task_are_refused_by_name(tmp_path):
    assert "Chen" in chaosbench.systems() and "Chen" not in get_task(TASK).select_systems()
    with pytest.raises(chaosbench.ChaosbenchError, match="Chen") as error:
        evaluate(LastValue(), task=TASK, systems=["Henon", "Chen"], progress=False)
    assert "not in task 'reduced'" in str(error.value) and "Lorenz" in str(error.value)
    with pytest.raises(chaosbench.UnknownNameError, match="Lorenz"):
        evaluate(LastValue(), task=TASK, systems=["Lorentz"], progress=False)
    folder = tmp_path / "forecasts"
    from chaosbench.evaluation.runner import evaluate_baselines

    for task, systems in (("reduced", ["Chen"]), ("nonsense", None)):
        with pytest.raises(chaosbench.ChaosbenchError):
            evaluate_baselines(task, systems, names=["mean"], forecasts_folder=folder)
        assert not folder.exists()  # refused before anything was made
    frame = evaluate(LastValue(), task=TASK, systems=["henon"], progress=False)
    assert set(frame.system) == {"Henon"}  # names are matched in any case


def test_cli_refuses_systems_outside_the_task(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for what in (["--forecaster", "chaosbench.evaluation.baselines:Mean"], ["--baselines", "all"]):
        argv = ["evaluate", *what, "--systems", "Chen", "--task", TASK, "--out", "r.csv"]
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "Chen" in err and "reduced" in err
    assert list(tmp_path.iterdir()) == []  # no results, no forecasts


@pytest.mark.parametrize(
    "argv",
    [
        ["--forecaster", "chaosbench.evaluation.baselines:Mean", "--baselines", "mean"],
        ["--baselines", "mean", "--workers", "0"],
        ["--baselines", "mean", "--systems", ","],
        ["--baselines", "mean", "--out", "no/such/folder/r.csv"],
        ["--baselines", "mean", "--forecasts", "no/such/folder"],
    ],
)
def test_cli_evaluate_refuses_bad_arguments_before_running(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    out = [] if "--out" in argv else ["--out", "r.csv"]
    assert main(["evaluate", "--task", TASK, *argv, *out]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("chaosbench: error:") and "\n" not in err
    assert list(tmp_path.iterdir()) == []


def test_progress_is_one_line_per_stage_off_a_terminal(capfd):
    evaluate(LastValue(), task=TASK, systems=["Henon", "Lorenz"], progress=True)
    err = capfd.readouterr().err
    assert "\r" not in err
    lines = [line for line in err.splitlines() if line.startswith("evaluating last_value")]
    assert len(lines) == 2, err  # the stage starts, and ends with its count and time
    assert "2 systems" in lines[0] and "2/2" in lines[1]
    evaluate(LastValue(), task=TASK, systems=["Henon", "Lorenz"], progress=False)
    assert capfd.readouterr() == ("", "")


def test_evaluate_help_lists_the_tasks_and_baselines(capsys):
    from chaosbench.evaluation.baselines import BASELINES

    with pytest.raises(SystemExit) as exit:
        main(["evaluate", "--help"])
    assert exit.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert all(name in text for name in task_names())
    assert ", ".join(BASELINES) in text


def test_the_command_help_does_not_import_the_baselines():
    import subprocess
    import sys

    code = ("import sys; from chaosbench.cli import build_parser; build_parser(); "
            "print('chaosbench.evaluation.baselines' in sys.modules)")  # fmt: skip
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)  # fmt: skip
    assert answer.stdout.strip() == "False"
