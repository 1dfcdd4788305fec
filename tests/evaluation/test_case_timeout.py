"""A forecaster that never returns, or kills its process, fails its cases, not the run
(issue 13, item 21)."""

import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from chaosbench.cli import main
from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation import evaluate, get_task
from chaosbench.evaluation.runner import evaluate_baselines

TASK = "reduced"


class StuckOnFlows:
    """Persistence on 2-D systems (Henon); never returns on 3-D ones (Lorenz)."""

    name = "stuck"

    def forecast(self, context, horizon):
        if context.shape[1] == 3:
            time.sleep(3600)
        return np.repeat(context[-1:], horizon, axis=0)


class DiesOnMaps:
    """Persistence on 3-D systems; ends its own process on 2-D ones."""

    name = "dies"

    def forecast(self, context, horizon):
        if context.shape[1] == 2:
            os._exit(7)
        return np.repeat(context[-1:], horizon, axis=0)


def cases(frame, system):
    return frame[(frame.system == system) & (frame.status != "timing")]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_system_past_the_limit_fails_and_the_run_goes_on(workers):
    start = time.perf_counter()
    frame = evaluate(StuckOnFlows(), task=TASK, systems=["Henon", "Lorenz"], workers=workers,
                     case_timeout=2, progress=False)  # fmt: skip
    assert time.perf_counter() - start < 15
    stuck = cases(frame, "Lorenz")
    assert list(stuck.ic) == list(range(get_task(TASK).n_test))  # every case, one row each
    assert set(stuck.status) == {"failed"} and set(stuck.reason) == {"timed out after 2 s"}
    assert set(cases(frame, "Henon").status) == {"ok"}
    assert set(frame.forecaster) == {"stuck"}
    assert multiprocessing.active_children() == []  # the stuck process was ended


def test_a_forecaster_that_ends_its_process_is_recorded_as_failed():
    frame = evaluate(DiesOnMaps(), task=TASK, systems=["Henon", "Lorenz"], case_timeout=60,
                     progress=False)  # fmt: skip
    died = cases(frame, "Henon")
    assert set(died.status) == {"failed"}
    assert died.reason.str.contains("exit code 7").all()
    assert set(cases(frame, "Lorenz").status) == {"ok"}


def test_results_within_the_limit_equal_those_without_it():
    spec = "chaosbench.evaluation.baselines:LastValue"
    limited = evaluate(spec, task=TASK, systems=["Henon"], case_timeout=60, progress=False)
    free = evaluate(spec, task=TASK, systems=["Henon"], progress=False)
    assert limited.equals(free)


@pytest.mark.parametrize("seconds", [0, -1, float("nan"), float("inf"), True, "2"])
def test_the_limit_must_be_a_positive_number(seconds):
    with pytest.raises(ChaosbenchError, match="case_timeout"):
        evaluate(StuckOnFlows(), task=TASK, systems=["Henon"], case_timeout=seconds)


def test_the_limit_cannot_be_combined_with_an_executor(tmp_path):
    with ThreadPoolExecutor(1) as pool, pytest.raises(ChaosbenchError, match="executor"):
        evaluate(StuckOnFlows(), task=TASK, systems=["Henon"], case_timeout=2, executor=pool)
    folder = tmp_path / "forecasts"
    with ThreadPoolExecutor(1) as pool, pytest.raises(ChaosbenchError, match="executor"):
        evaluate_baselines(TASK, ["Henon"], names=["mean"], executor=pool, case_timeout=2,
                           forecasts_folder=folder)  # fmt: skip
    assert not folder.exists()


@pytest.mark.parametrize("value", ["0", "-1", "nan"])
def test_cli_refuses_a_bad_limit_in_one_line(value, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for what in (["--baselines", "all"], ["--forecaster", "chaosbench.evaluation.baselines:Mean"]):
        argv = ["evaluate", *what, "--task", TASK, "--case-timeout", value, "--out", "r.csv"]
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "--case-timeout" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_a_limit_with_a_scheduler(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    argv = ["evaluate", "--baselines", "mean", "--task", TASK, "--case-timeout", "5",
            "--scheduler", "tcp://127.0.0.1:1", "--out", "r.csv"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--scheduler" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_case_timeout_records_the_stuck_system(tmp_path, monkeypatch, capsys):
    (tmp_path / "stuck.py").write_text(
        "import time\nimport numpy as np\n\n\n"
        "def forecast(context, horizon):\n"
        "    if context.shape[1] == 3:\n        time.sleep(3600)\n"
        "    return np.repeat(context[-1:], horizon, axis=0)\n"
    )
    monkeypatch.chdir(tmp_path)
    argv = ["evaluate", "--forecaster", "stuck.py:forecast", "--task", TASK, "--systems",
            "Henon,Lorenz", "--case-timeout", "1", "--out", "r.csv", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    import pandas as pd

    frame = pd.read_csv(tmp_path / "r.csv")
    assert set(cases(frame, "Lorenz").reason) == {"timed out after 1 s"}
    assert set(cases(frame, "Henon").status) == {"ok"}
