"""The fixed baseline on the board: which submission it is, and that it is genuine.

Win rates and skill scores compare every submission with the fixed baseline
(:data:`~chaosbench.leaderboard.scoring.BASELINE`) case by case. The baseline's
cases are taken from its own submission on the same task, committed like any other
(folder :func:`reference_slug`), so rankings are pinned to data rather than to
whatever the baseline's code produces today. Validating that submission also
reruns the package's baseline on the task and requires the same forecasts: if the
baseline's code changes its output, validation says so, and the fix is to submit
the baseline again (``chaosbench submit --baseline parroting --task TASK
--overwrite``), which re-ranks the board but invalidates no one's claims.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from chaosbench.leaderboard.scoring import BASELINE

#: largest relative difference tolerated between committed and rerun baseline forecasts
RTOL = 1e-6


def reference_slug(task: str) -> str:
    """Folder name of the baseline's submission on ``task``.

    Examples
    --------
    >>> reference_slug("leaderboard"), reference_slug("noisy")
    ('parroting', 'parroting-noisy')
    """
    name = BASELINE.replace("_", "-")
    return name if task == "leaderboard" else f"{name}-{task}"


def baseline_forecasts(task, workers: int | None = None) -> dict:
    """The package's baseline forecasts on ``task``, stored as a submission's are
    (``float32``) and read back."""
    from chaosbench.evaluation.baselines import BASELINES
    from chaosbench.evaluation.forecasts import read_forecasts, write_forecasts
    from chaosbench.evaluation.runner import forecast_system
    from chaosbench.evaluation.tasks import get_task, task_data, task_fingerprint

    task = get_task(task)
    path = str(task_data(task, workers=workers))
    forecaster = BASELINES[BASELINE]()
    kept = {name: forecast_system(forecaster, task, name, path)
            for name in task.dataset_config().system_names()}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        stored = Path(folder) / "baseline.h5"
        write_forecasts(stored, kept, task=task.name, task_fingerprint=task_fingerprint(task),
                        forecaster=forecaster.name)  # fmt: skip
        _, forecasts = read_forecasts(stored)
    return forecasts


def reference_problems(forecasts: dict, task, workers: int | None = None) -> list[str]:
    """One line per system whose submitted forecasts are not what the package's
    baseline produces on ``task`` now (values within :data:`RTOL`, same failures)."""
    expected = baseline_forecasts(task, workers)
    problems = []
    for name in sorted(expected):
        mine, theirs = forecasts[name], expected[name]
        same_failures = [bool(r) for r in mine.reasons] == [bool(r) for r in theirs.reasons]
        scale = float(np.max(np.abs(np.nan_to_num(theirs.values)), initial=0.0))
        close = mine.values.shape == theirs.values.shape and np.allclose(
            mine.values, theirs.values, rtol=RTOL, atol=RTOL * scale, equal_nan=True
        )
        if not (same_failures and close):
            problems.append(f"forecasts.h5: {name}: not the forecasts the package's {BASELINE} "
                            "baseline makes on this task (this submission is the board's "
                            "reference; resubmit it with chaosbench submit --baseline "
                            f"{BASELINE} --overwrite)")  # fmt: skip
    return problems
