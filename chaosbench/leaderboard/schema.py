"""``submission.toml``: the fields of a submission, their checks, and its writer.

A submission file is flat TOML plus one ``[claimed]`` table::

    format = "chaosbench-submission"
    format_version = 1
    track = "forecasting"                 # or "symbolic"
    method = "Context parroting"
    model_type = "statistical"            # see MODEL_TYPES
    authors = ["A. Author", "B. Author"]
    contact = "a.author@example.org"
    code_url = "https://example.org/code" # or a file of this package: "chaosbench/..."
    paper = ""                            # optional
    description = ""                      # optional
    chaosbench_version = "0.1.0"
    task = "leaderboard"
    data_fingerprint = "..."              # chaosbench.evaluation.tasks.task_fingerprint
    hardware = "2 CPU cores (x86_64)"
    trained_on = []                       # systems seen beyond the task's training split,
                                          # or "all"
    replication_code = true
    date = 2026-11-30
    forecaster = "module:object"          # optional, informational
    forecasts_sha256 = "..."              # forecasting track: checksum of forecasts.h5

    [claimed]                             # summary scores, recomputed on validation
    median_vpt = 0.43
    median_vpt_nrmse = 0.9
    median_smape = 97.1
    failed_share = 0.0

Checking is pure: :func:`check_submission` takes the parsed table and returns the
:class:`Submission` (or ``None``) and one line per problem.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Any

FORMAT = "chaosbench-submission"
FORMAT_VERSION = 1

#: tracks of the board
TRACKS = ("forecasting", "symbolic")

#: model types; "reference" marks a non-forecaster shown for scale (the oracle)
MODEL_TYPES = ("statistical", "deep", "pretrained", "zero-shot", "fine-tuned", "reference")

#: summary numbers a forecasting submission claims (recomputed on validation)
CLAIMS = {
    "forecasting": ("median_vpt", "median_vpt_nrmse", "median_smape", "failed_share"),
    "symbolic": ("symbolic_solution_rate", "exact_rate", "mean_f1", "failed_share"),
}

#: a submission folder's name
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

#: a system name inside a submission (registry names are identifiers)
SYSTEM_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")

_URL = re.compile(r"https?://[^\s<>\"'`]{1,300}")
_PACKAGE_FILE = re.compile(r"chaosbench/[a-z0-9_/]{1,200}\.py")
_FINGERPRINT = re.compile(r"[0-9a-f]{20}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_TEXT = 300

#: how far a submission's date may lie after today (UTC): time zones ahead of UTC
#: and clocks a little fast
CLOCK_SKEW = datetime.timedelta(days=1)
_MAX_DESCRIPTION = 2000

_REQUIRED_TEXT = (
    "method",
    "contact",
    "code_url",
    "chaosbench_version",
    "task",
    "data_fingerprint",
    "hardware",
)
_OPTIONAL_TEXT = ("paper", "description", "forecaster", "forecasts_sha256")
_KNOWN = {
    "format",
    "format_version",
    "track",
    "model_type",
    "authors",
    "trained_on",
    "replication_code",
    "date",
    "claimed",
    *_REQUIRED_TEXT,
    *_OPTIONAL_TEXT,
}


@dataclass(frozen=True)
class Submission:
    """The checked contents of ``submission.toml``."""

    track: str
    method: str
    model_type: str
    authors: tuple[str, ...]
    contact: str
    code_url: str
    chaosbench_version: str
    task: str
    data_fingerprint: str
    hardware: str
    trained_on: tuple[str, ...] | str
    replication_code: bool
    date: datetime.date
    claimed: dict[str, float] = field(default_factory=dict)
    paper: str = ""
    description: str = ""
    forecaster: str = ""
    forecasts_sha256: str = ""

    def leakage(self, task_systems: list[str]) -> bool:
        """Whether the model saw data of a system of the task beyond its training split."""
        if self.trained_on == "all":
            return True
        return bool(set(self.trained_on) & set(task_systems))

    def to_toml(self) -> str:
        """The submission as TOML text (read back by :func:`check_submission` unchanged)."""
        lines = [
            f"format = {_string(FORMAT)}",
            f"format_version = {FORMAT_VERSION}",
            f"track = {_string(self.track)}",
            f"method = {_string(self.method)}",
            f"model_type = {_string(self.model_type)}",
            f"authors = [{', '.join(_string(a) for a in self.authors)}]",
            f"contact = {_string(self.contact)}",
            f"code_url = {_string(self.code_url)}",
            f"paper = {_string(self.paper)}",
            f"description = {_string(self.description)}",
            f"chaosbench_version = {_string(self.chaosbench_version)}",
            f"task = {_string(self.task)}",
            f"data_fingerprint = {_string(self.data_fingerprint)}",
            f"hardware = {_string(self.hardware)}",
            "trained_on = "
            + (
                _string("all")
                if self.trained_on == "all"
                else f"[{', '.join(_string(s) for s in self.trained_on)}]"
            ),
            f"replication_code = {'true' if self.replication_code else 'false'}",
            f"date = {self.date.isoformat()}",
        ]
        if self.forecaster:
            lines.append(f"forecaster = {_string(self.forecaster)}")
        if self.forecasts_sha256:
            lines.append(f"forecasts_sha256 = {_string(self.forecasts_sha256)}")
        lines += ["", "[claimed]"]
        lines += [f"{key} = {_float(value)}" for key, value in self.claimed.items()]
        return "\n".join(lines) + "\n"


def check_submission(
    data: dict[str, Any], today: datetime.date | None = None
) -> tuple[Submission | None, list[str]]:
    """Check a parsed ``submission.toml``.

    Parameters
    ----------
    data
        The parsed file.
    today
        The date the submission's ``date`` is checked against (default:
        :func:`utc_today`); a date more than :data:`CLOCK_SKEW` after it is refused.

    Returns
    -------
    submission, problems
        The :class:`Submission` (``None`` when any field is wrong) and one line per
        problem, each naming the field.

    Examples
    --------
    >>> submission, problems = check_submission({"format": "chaosbench-submission"})
    >>> submission is None, problems[0]
    (True, "submission.toml: missing required key 'format_version'")
    """
    problems: list[str] = []

    def bad(key: str, text: str) -> None:
        problems.append(f"submission.toml: {key!r} {text}")

    for key in sorted(set(data) - _KNOWN):
        problems.append(f"submission.toml: unknown key {key!r}")
    required = ("format", "format_version", "track", "model_type", "authors", "trained_on",
                "replication_code", "date", *_REQUIRED_TEXT)  # fmt: skip
    for key in required:
        if key not in data:
            problems.append(f"submission.toml: missing required key {key!r}")
    if data.get("format", FORMAT) != FORMAT:
        bad("format", f"must be {FORMAT!r}, got {data['format']!r}")
    version = data.get("format_version", FORMAT_VERSION)
    if isinstance(version, bool) or version != FORMAT_VERSION:
        bad("format_version", f"must be {FORMAT_VERSION}, got {version!r}")
    track = data.get("track", TRACKS[0])
    if track not in TRACKS:
        bad("track", f"must be one of {', '.join(TRACKS)}; got {track!r}")
    model_type = data.get("model_type", MODEL_TYPES[0])
    if model_type not in MODEL_TYPES:
        bad("model_type", f"must be one of {', '.join(MODEL_TYPES)}; got {model_type!r}")
    text = {}
    for key in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT):
        if key not in data:
            text[key] = ""
            continue
        limit = _MAX_DESCRIPTION if key == "description" else _MAX_TEXT
        problem = _text_problem(data[key], limit, required=key in _REQUIRED_TEXT)
        if problem:
            bad(key, problem)
        text[key] = data[key] if isinstance(data[key], str) else ""
    _check_formats(text, bad)
    authors = data.get("authors", ["?"])
    if not isinstance(authors, list) or not authors:
        bad("authors", "must be a non-empty list of names")
    else:
        for author in authors:
            problem = _text_problem(author, _MAX_TEXT, required=True)
            if problem:
                bad("authors", f"entry {author!r}: {problem}")
    trained_on = data.get("trained_on", [])
    if trained_on != "all":
        if not isinstance(trained_on, list) or not all(
            isinstance(s, str) and SYSTEM_PATTERN.fullmatch(s) for s in trained_on
        ):
            bad("trained_on", 'must be "all" or a list of system names')
    if not isinstance(data.get("replication_code", True), bool):
        bad("replication_code", "must be true or false")
    date = _date(data.get("date", datetime.date(2000, 1, 1)))
    if date is None:
        bad("date", f"must be a date such as 2026-11-30, got {data.get('date')!r}")
    else:
        problem = _future_problem(date, utc_today() if today is None else today)
        if problem:
            bad("date", problem)
    claimed = _check_claims(data.get("claimed", {}), track, problems)
    if problems:
        return None, problems
    submission = Submission(
        track=track,
        model_type=model_type,
        authors=tuple(authors),
        trained_on="all" if trained_on == "all" else tuple(trained_on),
        replication_code=data["replication_code"],
        date=date,
        claimed=claimed,
        **text,
    )
    return submission, []


def _check_formats(text: dict[str, str], bad) -> None:
    url = text.get("code_url", "")
    if url and not (_URL.fullmatch(url) or _PACKAGE_FILE.fullmatch(url)):
        bad("code_url", f"must be an http(s) URL or a file of this package, got {url!r}")
    paper = text.get("paper", "")
    if paper and any(c in paper for c in "<>`"):
        bad("paper", "must not contain <, > or `")
    fingerprint = text.get("data_fingerprint", "")
    if fingerprint and not _FINGERPRINT.fullmatch(fingerprint):
        bad("data_fingerprint", f"must be 20 hexadecimal digits, got {fingerprint!r}")
    checksum = text.get("forecasts_sha256", "")
    if checksum and not _SHA256.fullmatch(checksum):
        bad("forecasts_sha256", "must be 64 hexadecimal digits")
    task = text.get("task", "")
    if task and not SLUG_PATTERN.fullmatch(task):
        bad("task", f"is not a task name: {task!r}")


def _check_claims(claimed: Any, track: str, problems: list[str]) -> dict[str, float]:
    if not isinstance(claimed, dict):
        problems.append("submission.toml: [claimed] must be a table of numbers")
        return {}
    expected = CLAIMS.get(track, ())
    out = {}
    for key in expected:
        value = claimed.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"submission.toml: [claimed] {key!r} must be a number, got {value!r}")
        else:
            out[key] = float(value)
    for key in sorted(set(claimed) - set(expected)):
        problems.append(f"submission.toml: [claimed] has unknown key {key!r}")
    return out


def _text_problem(value: Any, limit: int, required: bool) -> str:
    if not isinstance(value, str):
        return f"must be a string, got {type(value).__name__}"
    if required and not value.strip():
        return "must not be empty"
    if len(value) > limit:
        return f"is longer than {limit} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "must not contain control characters (line breaks included)"
    return ""


def utc_today() -> datetime.date:
    """Today's date in UTC (the calendar of submission dates)."""
    return datetime.datetime.now(datetime.UTC).date()


def _future_problem(date: datetime.date, today: datetime.date) -> str:
    """A text when ``date`` lies beyond ``today`` plus the allowed clock skew."""
    if date <= today + CLOCK_SKEW:
        return ""
    return (f"{date.isoformat()} is in the future (today is {today.isoformat()} UTC; "
            f"dates up to {CLOCK_SKEW.days} day ahead are allowed for clock "
            "skew)")  # fmt: skip


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _float(value: float) -> str:
    return repr(float(value))  # TOML reads nan, inf and -inf as written by repr
