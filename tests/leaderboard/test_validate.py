"""Validation: a valid submission round-trips; every kind of bad submission is
rejected with its own line and leaves the board untouched."""

import argparse
import pickle

import h5py
import numpy as np
import pytest

from chaosbench.cli.leaderboard import register
from chaosbench.datasets import load
from chaosbench.evaluation.tasks import get_task, task_data
from chaosbench.leaderboard.build import build
from chaosbench.leaderboard.store import read_scores, same_cases, scores_path
from chaosbench.leaderboard.validate import record, recorded_problem, validate
from tests.leaderboard.conftest import REFERENCE, SLUG, TASK, reseal, set_claim, snapshot


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="chaosbench")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.func(args)


def rejected(board, path, capsys) -> list[str]:
    """Validate through the command line with --record; assert it fails and changes
    nothing; return the printed problem lines."""
    before = snapshot(board)
    assert run("leaderboard", "validate", str(path), "--root", str(board), "--record") == 1
    assert snapshot(board) == before
    return capsys.readouterr().out.splitlines()


def test_valid_submission_round_trips(board, capsys):
    folder = board / "submissions" / SLUG
    assert run("leaderboard", "validate", str(board / "submissions" / REFERENCE), "--root",
               str(board), "--record") == 0  # fmt: skip
    report = validate(folder, board)
    assert report.ok, report.problems
    assert report.summary["n_cases"] == len(get_task(TASK).dataset_config().system_names()) * 3
    for key, value in report.submission.claimed.items():
        assert value == pytest.approx(report.summary[key], rel=1e-12)
    assert run("leaderboard", "validate", str(folder), "--root", str(board), "--record") == 0
    meta, cases = read_scores(scores_path(board, SLUG))
    assert meta["task"] == TASK and same_cases(cases, report.cases) == ""
    assert recorded_problem(validate(folder, board), board) == ""
    assert run("leaderboard", "validate", "--all", "--root", str(board)) == 0
    assert run("leaderboard", "build", "--root", str(board)) == 0
    readme = (board / "README.md").read_text()
    assert "| Last value |" in readme and "(submissions/last-value/)" in readme
    assert run("leaderboard", "build", "--check", "--root", str(board)) == 0
    capsys.readouterr()


def _edit_values(folder, system, edit):
    with h5py.File(folder / "forecasts.h5", "r+") as handle:
        values = handle[system]["values"][()]
        values = edit(values)
        del handle[system]["values"]
        handle[system].create_dataset("values", data=values)


def test_tampered_forecast_is_caught_by_its_checksum(board, capsys):
    folder = board / "submissions" / SLUG
    _edit_values(folder, "Lorenz", lambda v: v + 1e-3)
    lines = rejected(board, folder, capsys)
    assert any("forecasts.h5: SHA-256" in line and "changed after submission" in line
               for line in lines)  # fmt: skip


def test_tampered_forecast_with_its_checksum_redone_disagrees_with_claims(board, capsys):
    folder = board / "submissions" / SLUG
    task = get_task(TASK)
    with load(task_data(task)) as data:
        truth = data.read("Lorenz", "test").data[:, task.context_length :]
    _edit_values(folder, "Lorenz", lambda v: truth.astype(v.dtype))  # the answers pasted in
    reseal(folder)
    lines = rejected(board, folder, capsys)
    assert any(f"{SLUG}: submission.toml: claimed median_vpt" in line for line in lines)


def test_wrong_claimed_score(board, capsys):
    folder = board / "submissions" / SLUG
    report = validate(folder, board)
    set_claim(folder, "median_vpt", report.summary["median_vpt"] + 0.5)
    lines = rejected(board, folder, capsys)
    assert [line for line in lines if "claimed" in line] == [
        f"{SLUG}: submission.toml: claimed median_vpt = "
        f"{report.summary['median_vpt'] + 0.5!r}, recomputed "
        f"{report.summary['median_vpt']!r} (tolerance 1e-06 relative)"
    ]


def test_claims_within_the_tolerance_pass(board):
    folder = board / "submissions" / SLUG
    report = validate(folder, board)
    set_claim(folder, "median_smape", report.summary["median_smape"] * (1 + 1e-8))
    assert validate(folder, board).ok


def test_missing_system(board, capsys):
    folder = board / "submissions" / SLUG
    with h5py.File(folder / "forecasts.h5", "r+") as handle:
        del handle["Henon"]
    reseal(folder)
    lines = rejected(board, folder, capsys)
    assert f"{SLUG}: forecasts.h5: system 'Henon' of the task is missing" in lines


def test_nan_values(board, capsys):
    folder = board / "submissions" / SLUG

    def poke(values):
        values[1, 7, 0] = np.nan
        return values

    _edit_values(folder, "Rossler", poke)
    reseal(folder)
    lines = rejected(board, folder, capsys)
    assert any("forecasts.h5: Rossler, initial condition 1: 1 NaN or infinite values" in line
               for line in lines)  # fmt: skip


def test_wrong_shape(board, capsys):
    folder = board / "submissions" / SLUG
    _edit_values(folder, "Lorenz", lambda v: v[:, :-1])
    reseal(folder)
    lines = rejected(board, folder, capsys)
    assert f"{SLUG}: forecasts.h5: Lorenz/values has shape (3, 299, 3), expected (3, 300, 3)" in (
        lines)  # fmt: skip


def test_pickle_file(board, capsys):
    folder = board / "submissions" / SLUG
    (folder / "model.pkl").write_bytes(pickle.dumps({"weights": [1, 2, 3]}))
    lines = rejected(board, folder, capsys)
    assert any(line.startswith(f"{SLUG}: model.pkl: .pkl files are not accepted")
               for line in lines)  # fmt: skip


def test_pickle_disguised_as_hdf5(board, capsys):
    folder = board / "submissions" / SLUG
    (folder / "forecasts.h5").write_bytes(pickle.dumps(np.zeros(3)))
    reseal_lines = rejected(board, folder, capsys)
    assert f"{SLUG}: forecasts.h5: is a pickle, not HDF5 (never unpickled)" in reseal_lines


def test_code_and_other_files(board, capsys):
    folder = board / "submissions" / SLUG
    (folder / "model.py").write_text("raise SystemExit('never run')\n")
    (folder / "notes.txt").write_text("hello\n")
    (folder / "sub").mkdir()
    lines = rejected(board, folder, capsys)
    assert any("model.py: code is not accepted" in line for line in lines)
    assert any("notes.txt: unexpected file" in line for line in lines)
    assert any("sub: subfolders are not allowed" in line for line in lines)


def test_oversized_file_is_rejected_before_opening(board, capsys):
    folder = board / "submissions" / SLUG
    with open(folder / "forecasts.h5", "r+b") as handle:
        handle.truncate(51 * 2**20)  # sparse: no 51 MB written
    lines = rejected(board, folder, capsys)
    assert f"{SLUG}: forecasts.h5: {51 * 2**20} bytes, above the limit of {50 * 2**20} bytes " \
        "(not opened)" in lines  # fmt: skip


def test_parent_path_components(board, capsys):
    sneaky = board / "submissions" / ".." / "submissions" / SLUG
    lines = rejected(board, sneaky, capsys)
    assert lines[0] == f"{SLUG}: path {str(sneaky)!r}: '..' components are not allowed"


def test_folder_outside_the_board(board, tmp_path, capsys):
    outside = tmp_path / "elsewhere" / SLUG
    outside.parent.mkdir()
    (board / "submissions" / SLUG).rename(outside)
    lines = rejected(board, outside, capsys)
    assert "is not a folder directly inside" in lines[0]
    link = board / "submissions" / "linked"
    link.symlink_to(outside, target_is_directory=True)
    lines = rejected(board, link, capsys)
    assert "is not a folder directly inside" in lines[0]


def test_external_link_in_hdf5(board, tmp_path, capsys):
    folder = board / "submissions" / SLUG
    with h5py.File(tmp_path / "secret.h5", "w") as handle:
        handle["x"] = np.zeros(3)
    with h5py.File(folder / "forecasts.h5", "r+") as handle:
        del handle["Henon"]
        handle["Henon"] = h5py.ExternalLink(str(tmp_path / "secret.h5"), "/")
    reseal(folder)
    lines = rejected(board, folder, capsys)
    assert f"{SLUG}: forecasts.h5: entry 'Henon' is a ExternalLink, not data stored in " \
        "the file" in lines  # fmt: skip


def test_version_and_fingerprint(board, capsys):
    folder = board / "submissions" / SLUG
    path = folder / "submission.toml"
    text = path.read_text()
    path.write_text(text.replace('chaosbench_version = "', 'chaosbench_version = "9'))
    lines = rejected(board, folder, capsys)
    assert any("chaosbench_version '90.1.0' differs" in line for line in lines)
    fingerprint = text.split('data_fingerprint = "')[1][:20]
    path.write_text(text.replace(fingerprint, "0" * 20))
    lines = rejected(board, folder, capsys)
    assert any("data_fingerprint '00000000000000000000' is not the fingerprint" in line
               for line in lines)  # fmt: skip


def test_record_refuses_an_invalid_report(board):
    folder = board / "submissions" / SLUG
    (folder / "x.pkl").write_bytes(b"\x80\x04")
    report = validate(folder, board)
    with pytest.raises(ValueError, match="not valid"):
        record(report, board)
    assert not scores_path(board, SLUG).exists()


def test_build_refuses_unrecorded_and_stale_submissions(board):
    folder = board / "submissions" / SLUG
    before = snapshot(board)
    with pytest.raises(Exception, match="no recorded scores"):
        build(board)
    assert snapshot(board) == before
    record(validate(folder, board), board)
    with pytest.raises(Exception, match="no recorded scores"):  # the reference's
        build(board)
    record(validate(board / "submissions" / REFERENCE, board), board)
    build(board)
    set_claim(folder, "failed_share", 0.5)  # the submission changed after recording
    before = snapshot(board)
    with pytest.raises(Exception, match="recorded for other submission files"):
        build(board)
    assert snapshot(board) == before


def test_the_reference_must_be_the_package_baseline(board, capsys):
    folder = board / "submissions" / REFERENCE
    assert validate(folder, board).ok
    _edit_values(folder, "Henon", lambda v: v * (1 + 1e-3))
    reseal(folder)
    lines = rejected(board, folder, capsys)
    assert any(line.startswith(f"{REFERENCE}: forecasts.h5: Henon: not the forecasts the "
                               "package's parroting baseline makes") for line in lines)  # fmt: skip


def test_build_needs_the_reference(board):
    record(validate(board / "submissions" / SLUG, board), board)
    import shutil

    shutil.rmtree(board / "submissions" / REFERENCE)
    with pytest.raises(Exception, match="has no submission of the baseline 'parroting'"):
        build(board)
