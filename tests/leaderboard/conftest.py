"""A small board for the leaderboard tests: on the reduced task (4 systems x 3 initial
conditions), a last-value submission and the baseline's (the board's reference),
made once per session and copied per test."""

import hashlib
import shutil
import tomllib
from pathlib import Path

import pytest

from chaosbench.leaderboard.schema import check_submission
from chaosbench.leaderboard.store import file_sha256
from chaosbench.leaderboard.submit import submit, submit_baseline

TASK = "reduced"
SLUG = "last-value"
REFERENCE = "parroting-reduced"


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "leaderboard"
    submit(
        "chaosbench.evaluation.baselines:LastValue",
        method="Last value",
        model_type="statistical",
        authors=["Test Author"],
        contact="test@example.org",
        code_url="https://example.org/code",
        task=TASK,
        root=root,
        slug=SLUG,
    )
    folder, _ = submit_baseline("parroting", task=TASK, root=root)
    assert folder.name == REFERENCE
    return root


@pytest.fixture
def board(pristine, tmp_path) -> Path:
    """A fresh copy of the pristine board (its root folder)."""
    root = tmp_path / "leaderboard"
    shutil.copytree(pristine, root)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def reseal(folder: Path) -> None:
    """Rewrite forecasts_sha256 in submission.toml for the current forecasts.h5, as a
    careful tamperer would (so that the deeper checks are what catches the change)."""
    path = folder / "submission.toml"
    submission, problems = check_submission(tomllib.loads(path.read_text()))
    assert not problems
    from dataclasses import replace

    sealed = replace(submission, forecasts_sha256=file_sha256(folder / "forecasts.h5"))
    path.write_text(sealed.to_toml())


def set_claim(folder: Path, key: str, value: float) -> None:
    path = folder / "submission.toml"
    submission, _ = check_submission(tomllib.loads(path.read_text()))
    from dataclasses import replace

    path.write_text(replace(submission, claimed={**submission.claimed, key: value}).to_toml())
