"""The symbolic track: expressions submitted, validated, recorded and rendered."""

import dataclasses
import json

import pytest

from chaosbench.leaderboard import symbolic
from chaosbench.leaderboard.build import build
from chaosbench.leaderboard.submit import submit_expressions
from chaosbench.leaderboard.validate import record, validate
from chaosbench.symbolic import true_equations
from tests.leaderboard.conftest import snapshot

TASK = "tiny"
SYSTEMS = ("Lorenz", "Rossler", "Aizawa", "Chua", "Thomas")
WRONG = ("Lorenz", "Rossler")


@pytest.fixture(autouse=True)
def tiny_task(monkeypatch):
    """A symbolic task of five flows (the committed ones cover all 142, and the symbolic
    scorer takes about a minute for them), committed for the duration of a test."""
    task = dataclasses.replace(symbolic.get_task("default"), name=TASK, systems=SYSTEMS)
    monkeypatch.setattr(symbolic, "task_names", lambda: [TASK])
    monkeypatch.setattr(symbolic, "get_task", lambda name: task)
    return task


@pytest.fixture
def expressions(tmp_path, tiny_task):
    """True equations for every flow of the task but two: one wrong, one unreadable."""
    folder = tmp_path / "expressions"
    folder.mkdir()
    for name in tiny_task.system_names():
        equations = [str(e) for e in true_equations(name)]
        if name == WRONG[0]:
            equations[0] = "x + y"
        if name == WRONG[1]:
            equations = ["((("] * len(equations)
        (folder / f"{name}.json").write_text(json.dumps(equations))
    return folder


@pytest.fixture
def symbolic_board(expressions, tmp_path):
    root = tmp_path / "leaderboard"
    folder, summary = submit_expressions(
        expressions, method="True equations, two spoiled", model_type="statistical",
        authors=["Test Author"], contact="t@example.org", code_url="https://example.org",
        task=TASK, root=root, slug="spoiled",
    )  # fmt: skip
    return root, folder, summary


def test_symbolic_submission_round_trips(symbolic_board):
    root, folder, summary = symbolic_board
    n = len(SYSTEMS)
    assert summary["symbolic_solution_rate"] == pytest.approx((n - 2) / n)
    assert summary["failed_share"] == pytest.approx(1 / n)  # the unreadable one
    report = validate(folder, root)
    assert report.ok, report.problems
    record(report, root)
    build(root)
    readme = (root / "README.md").read_text()
    assert "## Symbolic: task `tiny`" in readme
    assert f"| 1 | True equations, two spoiled | statistical | {(n - 2) / n:.3f} [" in readme
    page = (root / "index.html").read_text()
    assert "Symbolic solutions" in page and "<figure>" not in page


def test_symbolic_files_are_checked(symbolic_board):
    root, folder, _ = symbolic_board
    (folder / "Henon.json").write_text("[]")  # a map: not a flow of the task
    (folder / "Lorenz.json").unlink()
    before = snapshot(root)
    problems = validate(folder, root).problems
    assert "Henon.json: 'Henon' is not a flow of symbolic task 'tiny'" in problems
    assert "Lorenz.json: missing (every flow of the task needs a file)" in problems
    (folder / "Henon.json").unlink()
    (folder / "Lorenz.json").write_text('{"x": 1}')
    problems = validate(folder, root).problems
    assert problems == ["Lorenz.json: must hold a list of expression strings (one per "
                        "variable) or an object {variable: string}"]  # fmt: skip
    (folder / "Lorenz.json").write_text(json.dumps([str(e) for e in true_equations("Lorenz")]))
    problems = validate(folder, root).problems  # now solved: better than claimed
    assert problems[0] == ("submission.toml: claimed symbolic_solution_rate = 0.6, "
                           "recomputed 0.8 (tolerance 1e-06 relative)")  # fmt: skip
    (folder / "forecasts.h5").write_bytes(b"\x89HDF\r\n\x1a\n")
    problems = validate(folder, root).problems
    assert problems[0].startswith("forecasts.h5: unexpected file")
    assert snapshot(root) != before  # the test edited the folder; nothing else changed
    assert not (root / "scores").exists()
