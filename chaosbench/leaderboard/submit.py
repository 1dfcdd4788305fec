"""``chaosbench submit``: run a forecaster on a task and write its submission folder.

The folder ``<root>/submissions/<slug>/`` gets ``forecasts.h5`` (every forecast,
``float32``) and ``submission.toml`` (the metadata given, the task's data
fingerprint, the checksum of the forecasts and the claimed summary scores, computed
from the stored forecasts exactly as validation will recompute them). It is
assembled in a hidden folder beside and renamed into place when complete.
"""

from __future__ import annotations

import datetime
import os
import platform
import shutil
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench._atomic import folder_written_atomically
from chaosbench.errors import ChaosbenchError
from chaosbench.leaderboard import safety, scoring, store
from chaosbench.leaderboard.schema import (
    CLAIMS,
    SLUG_PATTERN,
    Submission,
    check_submission,
    utc_today,
)

#: the package's baselines as submissions: name -> (method, model type)
BASELINE_METHODS = {
    "last_value": ("Last value (persistence)", "statistical"),
    "mean": ("Mean (climatology)", "statistical"),
    "parroting": ("Context parroting", "statistical"),
    "linear_ar": ("Linear autoregression (ridge)", "statistical"),
    "nvar": ("NVAR (next-generation reservoir computer)", "statistical"),
    "esn": ("Echo state network", "statistical"),
    "random_features": ("Random-feature ridge", "statistical"),
    "sindy": ("Polynomial SINDy (STLSQ)", "statistical"),
    "oracle": ("Oracle (true equations, start perturbed by 1e-8)", "reference"),
}


def default_hardware() -> str:
    """A short description of this machine."""
    return f"{os.cpu_count()} CPU cores, {platform.machine()}, {platform.system()}"


def slugify(text: str) -> str:
    """A folder name from a method name.

    Examples
    --------
    >>> slugify("My Model (v2)")
    'my-model-v2'
    """
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)[:64]


def submit(
    forecaster: Any,
    *,
    method: str,
    model_type: str,
    authors: list[str],
    contact: str,
    code_url: str,
    task: str = "leaderboard",
    root: str | Path = "leaderboard",
    slug: str | None = None,
    paper: str = "",
    description: str = "",
    hardware: str | None = None,
    trained_on: list[str] | str = (),
    replication_code: bool = True,
    workers: int | None = None,
    overwrite: bool = False,
    date: datetime.date | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Run ``forecaster`` on ``task`` and write a submission folder.

    Parameters
    ----------
    forecaster
        A ``"module:object"`` entry point (recorded in the submission) or any
        forecaster object of :mod:`chaosbench.evaluation.protocol`.
    method, model_type, authors, contact, code_url, paper, description, hardware,
    trained_on, replication_code, date
        Fields of ``submission.toml`` (see :mod:`chaosbench.leaderboard.schema`);
        ``hardware`` defaults to this machine, ``date`` to today.
    task
        A committed task (default ``leaderboard``).
    root
        The board's folder; the submission goes to ``<root>/submissions/<slug>``.
    slug
        Folder name (default: from ``method``).
    workers
        Local processes for the evaluation.
    overwrite
        Replace an existing submission folder of the same name.

    Returns
    -------
    folder, summary
        The submission folder and its summary numbers.
    """
    from chaosbench._version import __version__
    from chaosbench.evaluation.runner import evaluate
    from chaosbench.evaluation.tasks import get_task, task_fingerprint

    task_record = get_task(task)
    slug = slug or slugify(method)
    submission = Submission(
        track="forecasting", method=method, model_type=model_type, authors=tuple(authors),
        contact=contact, code_url=code_url, chaosbench_version=__version__,
        task=task_record.name, data_fingerprint=task_fingerprint(task_record),
        hardware=hardware or default_hardware(),
        trained_on="all" if trained_on == "all" else tuple(trained_on),
        replication_code=replication_code, date=date or utc_today(),
        claimed=dict.fromkeys(CLAIMS["forecasting"], 0.0), paper=paper, description=description,
        forecaster=forecaster if isinstance(forecaster, str) else "",
        forecasts_sha256="0" * 64,
    )  # fmt: skip

    def write(partial: Path) -> dict[str, Any]:
        h5 = partial / safety.FORECASTS_FILE
        evaluate(forecaster, task=task_record, workers=workers, forecasts_out=h5)
        mark_non_finite(h5)
        summary = score_file(h5, task_record, workers)
        sealed = replace(submission, claimed=scoring.claims(summary),
                         forecasts_sha256=store.file_sha256(h5))  # fmt: skip
        (partial / safety.SUBMISSION_FILE).write_text(sealed.to_toml(), encoding="utf-8")
        return summary

    return _assemble(submission, root, slug, overwrite, write)


def _assemble(submission: Submission, root, slug: str, overwrite: bool, write):
    """Check the metadata, then fill a hidden folder with ``write(folder)`` and rename it
    to ``<root>/submissions/<slug>``; returns the folder and what ``write`` returned."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise ChaosbenchError(f"submission name {slug!r}: use lower-case letters, digits, "
                              "'-' or '_' (at most 64)")  # fmt: skip
    _, problems = check_submission(tomllib.loads(submission.to_toml()))
    if problems:
        raise ChaosbenchError("; ".join(problems))
    folder = Path(root) / safety.SUBMISSIONS
    target = folder / slug
    if target.exists() and not overwrite:
        raise ChaosbenchError(f"submission folder {str(target)!r} exists (use --overwrite)")
    folder.mkdir(parents=True, exist_ok=True)
    with folder_written_atomically(target) as partial:
        summary = write(partial)
    return target, summary


def mark_non_finite(path: Path) -> int:
    """Record as failed every case of a forecasts file whose stored values are not
    all finite (e.g. finite ``float64`` forecasts beyond the ``float32`` range);
    returns how many. Scores are unchanged: such cases are failures either way."""
    from chaosbench.evaluation.forecasts import read_forecasts, write_forecasts

    attrs, forecasts = read_forecasts(path)
    changed = 0
    for item in forecasts.values():
        reasons = list(item.reasons)
        for i, reason in enumerate(reasons):
            if not reason and not np.all(np.isfinite(item.values[i])):
                reasons[i] = "NaN or infinite values"
                changed += 1
        item.reasons = tuple(reasons)
    if changed:
        import json

        write_forecasts(path, forecasts, task=attrs["task"],
                        task_fingerprint=attrs["task_fingerprint"],
                        forecaster=attrs["forecaster"],
                        task_systems=json.loads(attrs["task_systems"]))  # fmt: skip
    return changed


def score_file(path: Path, task, workers: int | None = None) -> dict[str, Any]:
    """Summary numbers of a forecasts file, computed as validation computes them."""
    from chaosbench.evaluation.forecasts import read_forecasts
    from chaosbench.leaderboard.validate import rescore

    _, forecasts = read_forecasts(path)
    return scoring.summarize_cases(rescore(forecasts, task, workers))


def submit_expressions(
    source: str | Path,
    *,
    method: str,
    model_type: str,
    authors: list[str],
    contact: str,
    code_url: str,
    task: str = "default",
    root: str | Path = "leaderboard",
    slug: str | None = None,
    overwrite: bool = False,
    **fields: Any,
) -> tuple[Path, dict[str, Any]]:
    """Write a symbolic-track submission from a folder of ``<System>.json`` files (one
    per flow of the symbolic ``task``; see :mod:`chaosbench.leaderboard.symbolic`).

    ``fields`` are the other fields of ``submission.toml`` (``paper``, ``description``,
    ``hardware``, ``trained_on``, ``replication_code``, ``date``), as in :func:`submit`.
    """
    from chaosbench._version import __version__
    from chaosbench.leaderboard import symbolic

    task_record = symbolic.get_task(task)
    source = Path(source)
    names = symbolic.expected_files(task_record)
    missing = [n for n in names if not (source / n).is_file()]
    if missing:
        raise ChaosbenchError(f"{str(source)!r} lacks {len(missing)} file(s) of symbolic task "
                              f"{task!r}: {', '.join(missing[:5])}")  # fmt: skip
    trained_on = fields.pop("trained_on", ())
    submission = Submission(
        track="symbolic", method=method, model_type=model_type, authors=tuple(authors),
        contact=contact, code_url=code_url, chaosbench_version=__version__,
        task=task_record.name, data_fingerprint=symbolic.fingerprint(task_record),
        hardware=fields.pop("hardware", None) or default_hardware(),
        trained_on="all" if trained_on == "all" else tuple(trained_on),
        replication_code=fields.pop("replication_code", True),
        date=fields.pop("date", None) or utc_today(),
        claimed=dict.fromkeys(CLAIMS["symbolic"], 0.0), **fields,
    )  # fmt: skip

    def write(partial: Path) -> dict[str, Any]:
        for name in names:
            shutil.copyfile(source / name, partial / name)
        cases, problems = symbolic.score_folder(partial, task_record)
        if problems:
            raise ChaosbenchError("; ".join(problems))
        summary = symbolic.summarize(cases)
        sealed = replace(submission, claimed=scoring.claims(summary, "symbolic"))
        (partial / safety.SUBMISSION_FILE).write_text(sealed.to_toml(), encoding="utf-8")
        return summary

    return _assemble(submission, root, slug or slugify(method), overwrite, write)


def submit_baseline(name: str, **options: Any) -> tuple[Path, dict[str, Any]]:
    """Submit one of the package's baselines (:data:`BASELINE_METHODS`), with the
    package as authors and its source file as code."""
    from chaosbench.evaluation.baselines import BASELINES

    if name not in BASELINE_METHODS:
        from chaosbench.errors import UnknownNameError

        raise UnknownNameError("baseline", name, list(BASELINE_METHODS))
    cls = BASELINES[name]
    method, model_type = BASELINE_METHODS[name]
    task = options.get("task", "leaderboard")
    slug = name.replace("_", "-")
    options.setdefault("slug", slug if task == "leaderboard" else f"{slug}-{task}")
    return submit(
        f"chaosbench.evaluation.baselines:{cls.__name__}", method=method,
        model_type=model_type, authors=["chaosbench developers"],
        contact="the chaosbench issue tracker",
        code_url=cls.__module__.replace(".", "/") + ".py",
        description=(cls.__doc__ or "").strip().splitlines()[0][:300],
        **options,
    )  # fmt: skip
