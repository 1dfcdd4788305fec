"""The symbolic track: recovered equations, one ``<System>.json`` per flow of a
symbolic task, scored by :func:`chaosbench.symbolic.score`.

Each file holds a list of expression strings in variable order or an object
``{variable: string}`` (read with :mod:`json`; the expressions are parsed by
:mod:`chaosbench.symbolic.parse` against a whitelist, never evaluated). The board
scores them symbolically (``numeric=False``: exact recovery, SRBench symbolic
solutions, term support and complexity against the declared equations); a file
that cannot be scored counts as a failure.

Definitions, over the flows of the task (one case per system):

symbolic solution rate, exact rate
    The share of systems whose every variable is a symbolic solution (the
    difference with the truth is 0 or a constant, or their ratio a constant: La
    Cava et al., SRBench, 2021) or an exact recovery (after SRBench's rounding).
mean F1
    The mean over systems of the F1 score of the recovered terms (0 for a failure).
median complexity ratio
    The median over scored systems of the candidate's size over the truth's.

Intervals are percentile bootstrap intervals over systems (95 %, 1,000 draws, seed 0).
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

#: per-system columns of a symbolic scores record
COLUMNS = ("system", "status", "kind", "exact", "symbolic_solution", "precision", "recall",
           "f1", "complexity_ratio")  # fmt: skip


def task_names() -> list[str]:
    """The committed symbolic tasks."""
    from chaosbench.symbolic.data import task_names as names

    return names()


def get_task(name: str):
    """A committed symbolic task."""
    from chaosbench.symbolic.data import get_task as task

    return task(name)


def fingerprint(task) -> str:
    """Checksum of a symbolic task's data: of every system's data fingerprint."""
    from chaosbench.symbolic.data import task_fingerprint

    parts = {name: task_fingerprint(task, name) for name in task.system_names()}
    text = json.dumps(parts, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def expected_files(task) -> list[str]:
    """The file names a submission on ``task`` must hold, one per flow."""
    return [f"{name}.json" for name in task.system_names()]


def read_expressions(path: Path) -> tuple[Any, str]:
    """``(expressions, problem)`` of one file: a list of strings or an object of
    strings read as JSON, or ``None`` and a line naming what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path.name}: not valid UTF-8 JSON: {exc}"
    values = data.values() if isinstance(data, dict) else data
    if not isinstance(data, list | dict) or not all(isinstance(v, str) for v in values):
        return None, (f"{path.name}: must hold a list of expression strings (one per "
                      "variable) or an object {variable: string}")  # fmt: skip
    return data, ""


def score_folder(folder: Path, task) -> tuple[Any, list[str]]:
    """Per-system table (:data:`COLUMNS`) of a submission's expressions, and one line
    per file that could not be read."""
    import pandas as pd

    from chaosbench.errors import ChaosbenchError
    from chaosbench.symbolic import score

    rows, problems = [], []
    for name in task.system_names():
        expressions, problem = read_expressions(folder / f"{name}.json")
        if problem:
            problems.append(problem)
            continue
        try:
            result = score(expressions, name, numeric=False, task=task).to_dict()
        except ChaosbenchError as exc:  # not scorable: a failure of the submission
            result = {"status": "failed", "kind": "different", "exact": False,
                      "symbolic_solution": False, "reason": str(exc)}  # fmt: skip
        rows.append({column: result.get(column, math.nan) for column in COLUMNS[1:]})
        rows[-1] = {"system": name, **rows[-1]}
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("exact", "symbolic_solution"):
        table[column] = table[column].astype(bool)
    return table, problems


def summarize(cases, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> dict:
    """Summary numbers of a per-system symbolic table (see the module docstring).

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"system": ["A", "B"], "status": ["ok", "failed"],
    ...     "exact": [True, False], "symbolic_solution": [True, False],
    ...     "f1": [1.0, float("nan")], "complexity_ratio": [1.0, float("nan")]})
    >>> s = summarize(cases)
    >>> s["symbolic_solution_rate"], s["mean_f1"], s["failed_share"]
    (0.5, 0.5, 0.5)
    """
    solved = cases.symbolic_solution.to_numpy(float)
    exact = cases.exact.to_numpy(float)
    f1 = np.nan_to_num(cases.f1.to_numpy(float), nan=0.0)
    ratio = cases.complexity_ratio.to_numpy(float)
    ratio = ratio[np.isfinite(ratio)]
    n = len(cases)
    draws = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    tail = (1 - level) / 2
    out: dict[str, Any] = {}
    for key, values in (("symbolic_solution_rate", solved), ("exact_rate", exact),
                        ("mean_f1", f1)):  # fmt: skip
        means = values[draws].mean(axis=1)
        out[key] = float(values.mean())
        out[f"{key}_low"] = float(np.quantile(means, tail))
        out[f"{key}_high"] = float(np.quantile(means, 1 - tail))
    out["median_complexity_ratio"] = float(np.median(ratio)) if ratio.size else math.nan
    out["failed_share"] = float((cases.status != "ok").mean())
    out["n_systems"] = out["n_cases"] = n
    return out


def rank_key(summary: dict) -> tuple[float, float, float]:
    """Ordering of the symbolic board: symbolic solutions, then exact, then F1."""
    return (-summary["symbolic_solution_rate"], -summary["exact_rate"], -summary["mean_f1"])
