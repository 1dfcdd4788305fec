"""The rendered board: ranking, escaping, offline page, --check."""

import argparse
import re
import shutil
import tomllib
from dataclasses import replace

import pytest

from chaosbench.cli.leaderboard import register
from chaosbench.leaderboard.board import boards, load_entries
from chaosbench.leaderboard.build import build, stale
from chaosbench.leaderboard.schema import check_submission
from chaosbench.leaderboard.validate import record, validate
from tests.leaderboard.conftest import REFERENCE, SLUG, snapshot

HOSTILE = 'Evil <img src=x onerror="alert(1)"> | [link](javascript:x) *bold*'


def add_copy(root, slug, method, model_type="statistical"):
    """A second submission: the same forecasts under another name, recorded."""
    source = root / "submissions" / SLUG
    folder = root / "submissions" / slug
    shutil.copytree(source, folder)
    path = folder / "submission.toml"
    submission, _ = check_submission(tomllib.loads(path.read_text()))
    path.write_text(replace(submission, method=method, model_type=model_type).to_toml())
    report = validate(folder, root)
    assert report.ok, report.problems
    record(report, root)


@pytest.fixture
def built(board):
    for slug in (SLUG, REFERENCE):
        record(validate(board / "submissions" / slug, board), board)
    add_copy(board, "hostile", HOSTILE)
    add_copy(board, "oracle-like", "Reference row", model_type="reference")
    build(board)
    return board


def test_readme_ranks_and_escapes(built):
    readme = (built / "README.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0].startswith("| rank | method | type | win rate | skill score")
    body = rows[1:]
    assert len(body) == 4
    # the baseline ties with itself (win rate 1/2) and beats last value; equal scores share
    # a rank (then by name); the reference row is unranked and in italics
    assert [row.split(" | ")[:2] for row in body] == [
        ["| 1", "Context parroting"], ["| 2", "Evil \\<img src=x onerror=\"alert(1)\"\\> \\| "
        "\\[link\\](javascript:x) \\*bold\\*"], ["| 2", "Last value"],
        ["| -", "*Reference row*"]]  # fmt: skip
    assert "| 0.500 [0.500, 0.500] | 0.000 [0.000, 0.000] |" in body[0]
    assert "*Reference row*" in readme
    assert "Evil \\<img src=x onerror=\"alert(1)\"\\> \\| \\[link\\](javascript:x) \\*bold\\*" in (
        readme)  # fmt: skip
    assert all(row.count(" | ") == body[0].count(" | ") for row in body)


def test_page_is_escaped_and_offline(built):
    page = (built / "index.html").read_text()
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert not re.search(r"<(link|iframe|object|embed|img)\b", page)
    assert not re.search(r"\bsrc=", page.replace("&lt;img src=x", ""))
    assert "@import" not in page and "url(" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src" not in attributes for attributes in scripts)
    assert 'href="javascript' not in page


def test_boards_group_by_track_and_task(built):
    entries, problems = load_entries(built)
    assert problems == []
    (board,) = boards(entries)
    assert (board.track, board.task) == ("forecasting", "reduced")
    assert board.n_systems == 4 and board.n_cases == 12


def test_check_reports_stale_files_and_writes_nothing(built, capsys):
    parser = argparse.ArgumentParser(prog="chaosbench")
    register(parser.add_subparsers(dest="command", required=True))
    assert stale(built) == []
    (built / "index.html").write_text("old\n")
    before = snapshot(built)
    args = parser.parse_args(["leaderboard", "build", "--check", "--root", str(built)])
    assert args.func(args) == 1
    assert "index.html is out of date" in capsys.readouterr().out
    assert snapshot(built) == before


def test_orphan_scores_block_the_build(built):
    shutil.rmtree(built / "submissions" / "hostile")
    before = snapshot(built)
    with pytest.raises(Exception, match=r"scores/hostile.csv: no submission 'hostile'"):
        build(built)
    assert snapshot(built) == before
