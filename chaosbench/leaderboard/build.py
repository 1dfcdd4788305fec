"""``chaosbench leaderboard build``: render the board, or check it is up to date.

Both files (``README.md`` and ``index.html`` in the board's folder) are rendered in
memory from the recorded scores of the submissions; only when every submission
has valid records and both renderings succeeded are they written, each to a
temporary file in the same folder and renamed over the old one.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from chaosbench._atomic import written_atomically
from chaosbench.errors import ChaosbenchError
from chaosbench.leaderboard.board import boards, load_entries
from chaosbench.leaderboard.markdown import render_readme
from chaosbench.leaderboard.page import render_page
from chaosbench.leaderboard.safety import SUBMISSIONS

OUTPUTS = ("README.md", "index.html")


def render(root: str | Path) -> dict[str, str]:
    """``{file name: text}`` of the rendered board.

    Raises
    ------
    ChaosbenchError
        When ``root`` is no board folder (one line); or listing, one per line, every
        submission without valid recorded scores.
    """
    check_root(root, "leaderboard build")
    entries, problems = load_entries(root)
    if problems:
        raise ChaosbenchError("the board cannot be built:\n" + "\n".join(problems))
    ranked = boards(entries)
    tasks = {board.key: _task_text(board.track, board.task) for board in ranked}
    descriptions = {key: value[0] for key, value in tasks.items()}
    return {"README.md": render_readme(ranked, descriptions),
            "index.html": render_page(ranked, tasks)}  # fmt: skip


def check_root(root: str | Path, command: str) -> Path:
    """``root`` as a path, if it is a board folder (one holding ``submissions/``).

    Raises
    ------
    ChaosbenchError
        One line naming the folder, when it is missing or holds no ``submissions/``.
    """
    root = Path(root)
    if not root.is_dir():
        raise ChaosbenchError(f"{command}: board folder {str(root)!r} does not exist "
                              "(give --root, the folder holding submissions/)")  # fmt: skip
    if not (root / SUBMISSIONS).is_dir():
        raise ChaosbenchError(f"{command}: {str(root)!r} is not a board folder (it holds no "
                              f"{SUBMISSIONS}/ folder; give --root)")  # fmt: skip
    return root


def _task_text(track: str, task: str) -> tuple[str, float]:
    """``(description, horizon in Lyapunov times)`` of a committed task of a track."""
    if track == "symbolic":
        from chaosbench.leaderboard import symbolic

        names, lookup = symbolic.task_names, symbolic.get_task
    else:
        from chaosbench.evaluation.tasks import get_task, task_names

        names, lookup = task_names, get_task
    if task not in names():
        raise ChaosbenchError(f"{track} task {task!r} of the board is not committed")
    record = lookup(task)
    return record.description, float(record.horizon_lyapunov)


def build(root: str | Path) -> list[Path]:
    """Render and write the board's files; returns them."""
    root = Path(root)
    texts = render(root)
    with ExitStack() as files:  # every file renamed into place only once all are written
        for name, text in texts.items():
            partial = files.enter_context(written_atomically(root / name))
            partial.write_text(text, encoding="utf-8", newline="\n")
    return [root / name for name in texts]


def stale(root: str | Path) -> list[str]:
    """Names of the board's files that differ from a fresh rendering (empty: up to date)."""
    root = Path(root)
    out = []
    for name, text in render(root).items():
        path = root / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out
