"""What a hostile or careless submitter can no longer slip past validation (issue 13):
declaration bombs in forecasts.h5, future dates, a task the board cannot rank, a
missing board folder; and scores that never exceed the task's horizon."""

import datetime
import time
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

from chaosbench.cli import main
from chaosbench.evaluation.runner import horizon_steps
from chaosbench.evaluation.tasks import get_task
from chaosbench.leaderboard import safety
from chaosbench.leaderboard.board import DELAY, FORCED, OFFSET, shortfalls
from chaosbench.leaderboard.schema import CLOCK_SKEW, check_submission, utc_today
from chaosbench.leaderboard.store import read_scores, scores_path
from chaosbench.leaderboard.validate import validate
from tests.leaderboard.conftest import REFERENCE, SLUG, TASK, reseal
from tests.leaderboard.test_schema import example
from tests.leaderboard.test_validate import rejected

BOARD = Path(__file__).resolve().parents[2] / "leaderboard"


def _problems_quickly(board, folder) -> list[str]:
    start = time.perf_counter()
    report = validate(folder, board)
    seconds = time.perf_counter() - start
    assert not report.ok
    assert seconds < 1.0, f"refusal took {seconds:.2f} s"
    return report.problems


def _rewrite(folder, system, key, **options):
    """Replace ``system/key`` of the submission's forecasts by a dataset made with
    ``options`` (passed to ``create_dataset``), then reseal the checksum."""
    with h5py.File(folder / "forecasts.h5", "r+") as handle:
        del handle[system][key]
        handle[system].create_dataset(key, **options)
    reseal(folder)


# item 19: declaration and decompression bombs ------------------------------------------


def test_reasons_declared_as_huge_fixed_length_strings(board, capsys):
    folder = board / "submissions" / SLUG
    itemsize = 8 * 2**20  # 8 MB per reason, far above any one-line reason
    _rewrite(folder, "Lorenz", "reasons", data=np.zeros(3, dtype=f"S{itemsize}"),
             compression="gzip")  # fmt: skip
    assert (folder / "forecasts.h5").stat().st_size < safety.MAX_FILE_BYTES
    problems = _problems_quickly(board, folder)
    assert problems == [f"forecasts.h5: Lorenz/reasons declares strings of {itemsize} bytes "
                        f"each, above the limit of {safety.MAX_STRING_BYTES}"]  # fmt: skip
    lines = rejected(board, folder, capsys)
    assert lines[0] == f"{SLUG}: {problems[0]}"


def test_values_in_one_huge_chunk(board):
    folder = board / "submissions" / SLUG
    with h5py.File(folder / "forecasts.h5", "r") as handle:
        values = handle["Rossler"]["values"][()]
    chunks = (4, 4 * values.shape[1], 1024)  # float32: 4 * 1200 * 1024 * 4 bytes
    _rewrite(folder, "Rossler", "values", data=values, chunks=chunks,
             maxshape=(None, None, None), compression="gzip")  # fmt: skip
    chunk = int(np.prod(chunks)) * values.dtype.itemsize
    assert chunk > safety.MAX_CHUNK_BYTES
    problems = _problems_quickly(board, folder)
    assert problems == [f"forecasts.h5: Rossler/values declares chunks of {chunk} bytes, "
                        f"above the limit of {safety.MAX_CHUNK_BYTES}"]  # fmt: skip


@pytest.mark.parametrize("where", ["/", "/Henon", "/Henon/values"])
def test_many_attributes_are_refused_quickly(board, where):
    folder = board / "submissions" / SLUG
    with h5py.File(folder / "forecasts.h5", "r+", libver="latest") as handle:
        attrs = handle[where].attrs
        for i in range(20_000):
            attrs[f"a{i}"] = i
    reseal(folder)
    problems = _problems_quickly(board, folder)
    count = 20_000 + (7 if where == "/" else 0)  # a writer puts 7 on the file
    assert len(problems) == 1 and problems[0].startswith("forecasts.h5: ")
    assert problems[0].endswith(f"has {count} attributes, at most {safety.MAX_ATTRIBUTES} "
                                "are accepted")  # fmt: skip


def test_a_large_attribute_is_refused(board):
    folder = board / "submissions" / SLUG
    with h5py.File(folder / "forecasts.h5", "r+") as handle:
        handle["Henon"].attrs["blob"] = np.zeros(1_000)
    reseal(folder)
    problems = _problems_quickly(board, folder)
    assert problems == ["forecasts.h5: attribute 'blob' of group 'Henon' declares 1000 "
                        "value(s) of 8 bytes, above the limit of 4096 bytes"]  # fmt: skip


def test_more_groups_than_systems_are_refused_at_once(board):
    folder = board / "submissions" / SLUG
    with h5py.File(folder / "forecasts.h5", "r+") as handle:
        for i in range(5_000):
            handle.create_group(f"Extra{i}")
    reseal(folder)
    problems = _problems_quickly(board, folder)
    assert problems == ["forecasts.h5: holds 5004 entries, more than the task's 4 systems "
                        "(one group per system)"]  # fmt: skip


def test_the_clean_file_still_validates(board):
    assert validate(board / "submissions" / SLUG, board).ok


# item 20: dates -------------------------------------------------------------------------


def test_future_dates_are_refused_with_one_day_of_clock_skew():
    today = datetime.date(2026, 12, 5)
    assert CLOCK_SKEW == datetime.timedelta(days=1)
    for date, ok in ((today, True), (today + CLOCK_SKEW, True), (today + 2 * CLOCK_SKEW, False)):
        submission, problems = check_submission(example(date=date), today=today)
        assert (submission is not None) == ok, problems
    assert problems == ["submission.toml: 'date' 2026-12-07 is in the future (today is "
                        "2026-12-05 UTC; dates up to 1 day ahead are allowed for clock "
                        "skew)"]  # fmt: skip


def test_a_future_dated_submission_is_rejected(board, capsys):
    folder = board / "submissions" / SLUG
    path = folder / "submission.toml"
    future = utc_today() + datetime.timedelta(days=30)
    text = path.read_text()
    dated = [line for line in text.splitlines() if line.startswith("date = ")]
    path.write_text(text.replace(dated[0], f"date = {future.isoformat()}"))
    lines = rejected(board, folder, capsys)
    assert lines[0].startswith(f"{SLUG}: submission.toml: 'date' {future.isoformat()} is in "
                               "the future (today is")  # fmt: skip


# item 10: whatever validates must build --------------------------------------------------


def test_validation_refuses_a_task_without_the_baseline(board, capsys):
    import shutil

    shutil.rmtree(board / "submissions" / REFERENCE)
    folder = board / "submissions" / SLUG
    lines = rejected(board, folder, capsys)
    assert lines == [
        f"{SLUG}: submission.toml: task {TASK!r} has no submission of the baseline "
        f"'parroting' on this board (folder {REFERENCE!r}), so the board cannot rank it: "
        f"first run chaosbench submit --baseline parroting --task {TASK}",
        "1 of 1 submission(s) rejected; nothing was changed",
    ]
    assert not scores_path(board, SLUG).exists()


# item 9: a board folder that is not there ------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["build"], ["build", "--check"], ["validate", "--all"]],
    ids=" ".join,
)
def test_a_missing_board_folder_is_one_line(argv, tmp_path, capsys):
    missing = tmp_path / "no" / "board"
    assert main(["leaderboard", *argv, "--root", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"chaosbench: error: leaderboard {' '.join(a for a in argv if a != '--check')}"
                   f": board folder {str(missing)!r} does not exist (give --root, the folder "
                   "holding submissions/)"]  # fmt: skip
    assert not (tmp_path / "no").exists()


def test_a_folder_without_submissions_is_not_built(tmp_path, capsys):
    assert main(["leaderboard", "build", "--root", str(tmp_path)]) == 2
    assert "is not a board folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# item 6: no score above the horizon; the oracle says where it is not exact ---------------


def test_horizon_steps_never_exceed_the_task_horizon():
    task = get_task("leaderboard")
    # the Chebyshev map (1.79 per iterate): 10 Lyapunov times are 5.58 iterates
    lyapunov_time = 0.558098369674434
    steps = horizon_steps(task, 1.0, lyapunov_time)
    assert steps == 5  # rounding to the nearest iterate gave 6: 10.75 Lyapunov times
    assert steps / lyapunov_time <= task.horizon_lyapunov
    for pts in (7.0, 30.0, 33.3):  # a flow sampled at pts points per Lyapunov time
        dt = 1.7 / pts
        assert horizon_steps(task, dt, 1.7) * dt / 1.7 <= task.horizon_lyapunov * (1 + 1e-12)
    assert horizon_steps(task, 1.7 / 30, 1.7) == task.horizon


def test_recorded_cases_carry_their_horizon(board):
    report = validate(board / "submissions" / REFERENCE, board)
    cases = report.cases
    assert (cases.vpt_smape <= cases.horizon * (1 + 1e-12)).all()
    flows = cases[cases.kind != "map"]
    # at most the task's horizon; shorter only where the truth is reliable for less
    assert (flows.horizon <= get_task(TASK).horizon_lyapunov * (1 + 1e-12)).all()
    assert (flows.horizon == flows.horizon.max()).sum() >= len(flows) // 2
    henon = cases[cases.system == "Henon"]
    lyapunov_time = float(__import__("chaosbench").get("Henon").annotations["lyapunov_time"])
    assert np.allclose(henon.horizon, np.floor(10 * lyapunov_time) / lyapunov_time)


def test_the_committed_board_has_no_score_above_the_horizon():
    for path in sorted((BOARD / "scores").glob("*.csv")):
        meta, cases = read_scores(path)
        if "vpt_smape" not in cases:
            continue  # the symbolic track
        horizon = get_task(meta["task"]).horizon_lyapunov
        assert cases.vpt_smape.max() <= horizon * (1 + 1e-9), path.name
        assert (cases.vpt_smape.fillna(0) <= cases.horizon * (1 + 1e-9)).all(), path.name


def test_shortfalls_name_the_reason():
    systems = pd.DataFrame({
        "system": ["Duffing", "ENSODelay", "GilpinSpiralChaos", "Lorenz", "Chebyshev"],
        "vpt_smape": [0.03, 0.0, 4.2, 10.0, 8.958994],
        "horizon": [10.0, 10.0, 4.5, 10.0, 8.958994],
    })  # fmt: skip
    assert shortfalls(systems) == {"Duffing": FORCED, "ENSODelay": DELAY,
                                   "GilpinSpiralChaos": OFFSET}  # fmt: skip
    assert shortfalls(systems.drop(columns="horizon")) == {}


def test_the_oracle_says_where_it_is_not_exact():
    readme = (BOARD / "README.md").read_text()
    page = (BOARD / "index.html").read_text()
    for text in (readme, page):
        assert "is not exact on" in text
        assert "Duffing" in text and "ENSODelay" in text
        assert "forced flow: the oracle restarts the forcing at phase 0" in text
        assert "delay equation: the oracle restarts from a constant history" in text
        assert "No score exceeds what the task measures" in text
    assert '"not exact: forced flow' in page  # the per-system table's note
