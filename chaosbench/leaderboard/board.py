"""The board's data: validated submissions with their recorded scores, grouped into
one ranked table per (track, task).

Only submissions whose scores were recorded by a successful validation, for
exactly their current files, enter the board; anything else is a problem line and
the board is not rendered.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chaosbench.leaderboard import safety, scoring, store
from chaosbench.leaderboard.schema import TRACKS, Submission, check_submission


@dataclass(frozen=True)
class Entry:
    """One validated submission on the board."""

    slug: str
    submission: Submission
    cases: Any  # per-case table with baseline columns
    summary: dict[str, Any]
    systems: Any  # per-system table (scoring.system_table)

    @property
    def leakage(self) -> bool:
        return self.submission.leakage(sorted(set(self.cases.system)))

    @property
    def reference(self) -> bool:
        """Shown for scale, not ranked (e.g. the oracle)."""
        return self.submission.model_type == "reference"

    def notes(self) -> dict[str, str]:
        """``{system: why}`` for every system where a reference entry falls short of
        the largest score the task allows (:func:`shortfalls`); empty for others."""
        return shortfalls(self.systems) if self.reference else {}


#: why the oracle (the true equations, started 1e-8 off) is not exact on a system
FORCED = ("forced flow: the oracle restarts the forcing at phase 0, because the forcing "
          "phase at the end of the context is not part of the observed state")  # fmt: skip
DELAY = ("delay equation: the oracle restarts from a constant history equal to the last "
         "point, because the delayed past is not part of the observed state")  # fmt: skip
OFFSET = ("its start offset (1e-8 of the state's size, added to every coordinate) is not "
          "small for a coordinate near 0, and sMAPE is relative per coordinate")  # fmt: skip


def shortfalls(systems) -> dict[str, str]:
    """``{system: reason}`` where a reference's median VPT is below the median scored
    span (column ``horizon`` of :func:`~chaosbench.leaderboard.scoring.system_table`,
    the most any forecast can score): an exact forecast reaches it.

    The reason follows from the system: a forced flow (:data:`FORCED`), a delay
    equation (:data:`DELAY`), otherwise the start offset (:data:`OFFSET`). A table
    without ``horizon`` (scores recorded before it existed) gives no notes.
    """
    from chaosbench.systems.registry import get

    if "horizon" not in systems:
        return {}
    out = {}
    for row in systems.itertuples():
        if not row.vpt_smape < row.horizon * (1 - 1e-9):
            continue
        system = get(row.system)
        if system.kind == "delay":
            out[row.system] = DELAY
        elif system.kind == "flow" and system.forcing_period():
            out[row.system] = FORCED
        else:
            out[row.system] = OFFSET
    return out


@dataclass(frozen=True)
class Board:
    """One ranked table: every entry of a track on a task, best first."""

    track: str
    task: str
    entries: tuple[Entry, ...]

    @property
    def key(self) -> str:
        return f"{self.track}-{self.task}"

    @property
    def n_systems(self) -> int:
        return int(self.entries[0].summary["n_systems"]) if self.entries else 0

    @property
    def n_cases(self) -> int:
        return int(self.entries[0].summary["n_cases"]) if self.entries else 0

    @property
    def fingerprint(self) -> str:
        return self.entries[0].submission.data_fingerprint if self.entries else ""

    def ranks(self) -> list[int | None]:
        """Rank of each entry (``None`` for references), ties sharing a rank."""
        out: list[int | None] = []
        last, rank, seen = None, 0, 0
        for entry in self.entries:
            if entry.reference:
                out.append(None)
                continue
            seen += 1
            key = _rank_key(entry)[:-2]
            if key != last:
                rank, last = seen, key
            out.append(rank)
        return out


def _rank_key(entry: Entry) -> tuple:
    """Best first; the last two items (name, folder) only order ties."""
    s = entry.summary
    names = (entry.submission.method.lower(), entry.slug)
    if entry.submission.track == "symbolic":
        from chaosbench.leaderboard.symbolic import rank_key

        return (*rank_key(s), *names)
    skill = s["skill_score"] if s["skill_score"] == s["skill_score"] else -float("inf")
    return (-s["win_rate"], -skill, *names)


def load_entries(root: str | Path) -> tuple[list[Entry], list[str]]:
    """Every submission of ``<root>/submissions`` with its recorded scores beside
    those of the baseline's submission on the same task, and one line per problem
    (a submission without valid recorded scores, a task without the baseline's
    submission, a record without a submission)."""
    from chaosbench.leaderboard.reference import reference_slug

    root = Path(root)
    folder = root / safety.SUBMISSIONS
    loaded, problems = {}, []
    slugs = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if (
        folder.is_dir()) else []  # fmt: skip
    for slug in slugs:
        item, problem = _load(root, slug)
        if item is None:
            problems.append(f"{slug}: {problem}")
        else:
            loaded[slug] = item
    scores = root / store.SCORES
    for path in sorted(scores.glob("*.csv")) if scores.is_dir() else []:
        if path.stem not in slugs:
            problems.append(f"{store.SCORES}/{path.name}: no submission {path.stem!r}")
    entries = []
    for slug, (submission, cases) in loaded.items():
        if submission.track == "symbolic":
            from chaosbench.leaderboard.symbolic import summarize

            entries.append(Entry(slug, submission, cases, summarize(cases), cases))
            continue
        reference = reference_slug(submission.task)
        if reference not in loaded:
            problems.append(f"{slug}: task {submission.task!r} has no submission of the "
                            f"baseline {scoring.BASELINE!r} (folder {reference!r}) to compare "
                            f"with: chaosbench submit --baseline {scoring.BASELINE} --task "
                            f"{submission.task}")  # fmt: skip
            continue
        cases = scoring.with_baseline(cases, loaded[reference][1])
        summary = scoring.summarize_cases(cases)
        entries.append(Entry(slug, submission, cases, summary, scoring.system_table(cases)))
    return entries, problems


def _load(root: Path, slug: str) -> tuple[tuple[Submission, Any] | None, str]:
    folder, problems = safety.locate(root / safety.SUBMISSIONS / slug, root)
    if folder is None:
        return None, problems[0]
    problems = safety.check_entries(folder, None)
    if problems:
        return None, problems[0]
    with open(folder / safety.SUBMISSION_FILE, "rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            return None, f"submission.toml: not valid TOML: {exc}"
    submission, problems = check_submission(data)
    if submission is None:
        return None, problems[0]
    path = store.scores_path(root, slug)
    if not path.is_file():
        return None, (f"no recorded scores ({store.SCORES}/{slug}.csv): run chaosbench "
                      "leaderboard validate --record")  # fmt: skip
    meta, cases = store.read_scores(path)
    if meta.get("digest") != store.folder_digest(folder):
        return None, (f"{store.SCORES}/{slug}.csv was recorded for other submission files: "
                      "rerun chaosbench leaderboard validate --record")  # fmt: skip
    if meta.get("task") != submission.task:
        return None, f"{store.SCORES}/{slug}.csv is for task {meta.get('task')!r}"
    return (submission, cases), ""


def boards(entries: list[Entry]) -> list[Board]:
    """Entries grouped by (track, task) and ranked (win rate, then skill score).

    Tracks follow :data:`~chaosbench.leaderboard.schema.TRACKS`; within a track the
    ``leaderboard`` task comes first, then the others by name.
    """
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        groups.setdefault((entry.submission.track, entry.submission.task), []).append(entry)
    order = sorted(groups, key=lambda k: (TRACKS.index(k[0]), k[1] != "leaderboard", k[1]))
    return [Board(track, task, tuple(sorted(groups[(track, task)], key=_rank_key)))
            for track, task in order]  # fmt: skip
