"""``chaosbench.evaluate``: run a forecaster on a task and score every case.

For each system of the task the forecaster is fitted once on the training
trajectories (if it has ``fit``), then asked, for every test initial condition,
for ``horizon`` steps after a ``context_length``-point context. Every case gives
one row per metric; a forecaster that raises, returns the wrong shape or
non-finite values gives one ``failed`` row carrying the reason, never a crash and
never a dropped case. Scores stop at the stored reliable horizon of the truth:
a forecast is never judged against data that are not themselves accurate.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation.protocol import Forecaster, load_entry_point
from chaosbench.evaluation.tasks import Task, get_task, task_data

#: columns of the results table, in order
COLUMNS = (
    "system",
    "ic",
    "metric",
    "value",
    "floor",
    "status",
    "reason",
    "scored_steps",
    "horizon_steps",
    "forecaster",
    "task",
)


def _pointwise_scores(truth, forecast, context, dt, lyapunov_time, scale) -> dict[str, float]:
    from chaosbench.evaluation.metrics import horizon, pointwise

    metrics = {name: (lambda f=f: f(truth, forecast)) for name, f in pointwise.POINTWISE.items()}
    metrics["mase"] = lambda: pointwise.mase(truth, forecast, context)
    metrics["vpt_smape"] = lambda: horizon.valid_prediction_time_smape(
        truth, forecast, dt, lyapunov_time
    )
    metrics["vpt_nrmse"] = lambda: horizon.valid_prediction_time_nrmse(
        truth, forecast, dt, lyapunov_time, scale=scale
    )
    metrics["pe_1"] = lambda: horizon.prediction_error(truth, forecast, 1)
    scores = {}
    for name, compute in metrics.items():
        try:  # a finite but huge (diverging) forecast overflows to an honest inf score
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                scores[name] = float(compute())
        except ValueError:  # undefined here (e.g. a constant truth over one step): NaN
            scores[name] = float("nan")
    return scores


def _geometry_scores(truth, forecast, reference, dt) -> dict[str, tuple[float, float]]:
    from chaosbench.evaluation.metrics import geometry

    out = {}
    for name, function in (
        ("d_stsp", geometry.state_space_divergence),
        ("d_h", geometry.power_spectrum_distance),
    ):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            pair = geometry.with_floor(function, truth, forecast, reference)
        out[name] = (float(pair["value"]), float(pair["floor"]))
    return out


def evaluate_system(
    forecaster: Any, task: Task, system: str, path: str, with_timing: bool = False
) -> list[dict[str, Any]]:
    """Rows of results for one system (see :data:`COLUMNS`)."""
    from chaosbench.datasets import load

    if isinstance(forecaster, str):
        forecaster = load_entry_point(forecaster)
    if isinstance(forecaster, type) and hasattr(forecaster, "for_system"):
        forecaster = forecaster.for_system(system)  # e.g. the oracle: one per system
    forecaster = Forecaster(forecaster)
    with load(path) as dataset:
        train = dataset.read(system, "train")
        test = dataset.read(system, "test")
        reference = dataset.read(system, "reference") if task.free_run else None
    dt = float(test.attrs["dt"])
    lyapunov_time = float(test.annotations["lyapunov_time"])
    truth_series = test.clean if test.clean is not None else test.data
    rows: list[dict[str, Any]] = []
    base = {"system": system, "forecaster": forecaster.name, "task": task.name}
    seconds = {"fit": 0.0, "forecast": 0.0, "metrics": 0.0}
    start = time.perf_counter()
    try:
        forecaster.fit([x for x in train.data], dt)
    except Exception as exc:  # recorded for every case of the system
        reason = f"fit raised {type(exc).__name__}: {exc}"[:300]
        for i in range(test.data.shape[0]):
            rows.append({**base, "ic": i, "metric": "status", "status": "failed",
                         "reason": reason})  # fmt: skip
        return rows
    seconds["fit"] = time.perf_counter() - start
    c = task.context_length
    steps = max(task.horizon, task.free_run)
    scale = float(np.sqrt(np.mean(np.sum((truth_series - truth_series.mean(axis=(0, 1))) ** 2,
                                         axis=-1))))  # fmt: skip
    for i in range(test.data.shape[0]):
        context = test.data[i, :c]
        truth = truth_series[i, c : c + steps]
        start = time.perf_counter()
        outcome = forecaster.forecast(context, steps)
        seconds["forecast"] += time.perf_counter() - start
        if not outcome.ok:
            rows.append({**base, "ic": i, "metric": "status", "status": "failed",
                         "reason": outcome.reason, "horizon_steps": steps})  # fmt: skip
            continue
        start = time.perf_counter()
        reliable = test.reliable_horizon[i] if test.reliable_horizon is not None else np.inf
        scored = (
            int(min(task.horizon, np.floor(reliable / dt)))
            if np.isfinite(reliable)
            else (task.horizon)
        )
        scored = max(scored, 1)
        common = {**base, "ic": i, "status": "ok", "reason": "", "scored_steps": scored,
                  "horizon_steps": task.horizon}  # fmt: skip
        scores = _pointwise_scores(
            truth[:scored], outcome.values[:scored], context, dt, lyapunov_time, scale
        )
        for metric, value in scores.items():
            rows.append({**common, "metric": metric, "value": value})
        if task.free_run:
            other = reference.data[i, c : c + task.free_run]
            geometry = _geometry_scores(
                truth[: task.free_run], outcome.values[: task.free_run], other, dt
            )
            for metric, (value, floor) in geometry.items():
                rows.append({**common, "metric": metric, "value": value, "floor": floor,
                             "scored_steps": task.free_run,
                             "horizon_steps": task.free_run})  # fmt: skip
        seconds["metrics"] += time.perf_counter() - start
    if with_timing:
        for key, value in seconds.items():
            rows.append({**base, "ic": -1, "metric": f"seconds_{key}", "value": value,
                         "status": "timing"})  # fmt: skip
    return rows


def evaluate(
    forecaster: Any,
    task: str | Task = "default",
    systems: list[str] | None = None,
    workers: int | None = None,
    *,
    timing: bool = False,
):
    """Score a forecaster on a task.

    Parameters
    ----------
    forecaster
        Any object of the forecaster protocol (see :mod:`chaosbench.evaluation.protocol`)
        or a ``"module:object"`` entry point (needed for ``workers > 1`` when the
        object cannot be pickled).
    task
        Name of a committed task (``data/tasks/``) or a :class:`Task`.
    systems
        Restrict to these systems (default: every chaotic system the task selects).
    workers
        Processes, one system at a time each (default 1: in this process).
    timing
        Add rows with the seconds spent fitting, forecasting and scoring per system.

    Returns
    -------
    pandas.DataFrame
        One row per system, initial condition and metric (:data:`COLUMNS`).
    """
    import pandas as pd

    task = get_task(task)
    config = task.dataset_config(systems)
    names = config.system_names()
    if not names:
        raise ChaosbenchError(f"task {task.name!r} selects no chaotic system")
    path = str(task_data(task, systems, workers=workers))
    rows: list[dict[str, Any]] = []
    if workers is None or workers <= 1:
        for name in names:
            rows += evaluate_system(forecaster, task, name, path, timing)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(evaluate_system, forecaster, task, n, path, timing)
                       for n in names]  # fmt: skip
            for future in futures:
                rows += future.result()
    frame = pd.DataFrame(rows)
    for column in COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    return frame[list(COLUMNS)]


def evaluate_baselines(
    task: str | Task = "default",
    systems: list[str] | None = None,
    workers: int | None = None,
    names: list[str] | None = None,
):
    """:func:`evaluate` every built-in baseline (or those named) and stack the results."""
    import pandas as pd

    from chaosbench.evaluation.baselines import BASELINES

    chosen = names or list(BASELINES)
    frames = []
    for name in chosen:
        if name not in BASELINES:
            from chaosbench.errors import UnknownNameError

            raise UnknownNameError("baseline", name, list(BASELINES))
        spec = f"chaosbench.evaluation.baselines:{BASELINES[name].__name__}"
        frames.append(evaluate(spec, task=task, systems=systems, workers=workers))
    return pd.concat(frames, ignore_index=True)


def summarize(results, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95):
    """Per forecaster and metric: the median over systems of each system's median score,
    with a bootstrap confidence interval (systems resampled with replacement), and the
    share of failed cases.

    Returns
    -------
    pandas.DataFrame
        Columns ``forecaster, metric, median, low, high, n_systems, failed_share``.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    ok = results[results.status == "ok"]
    out = []
    for (name, metric), group in ok.groupby(["forecaster", "metric"]):
        per_system = group.groupby("system")["value"].median().to_numpy(dtype=float)
        per_system = per_system[np.isfinite(per_system)]
        if per_system.size == 0:
            continue
        draws = rng.choice(per_system, size=(n_boot, per_system.size), replace=True)
        medians = np.median(draws, axis=1)
        tail = (1 - level) / 2
        cases = results[results.forecaster == name]
        failed = cases[cases.status == "failed"].shape[0]
        total = cases[cases.status != "timing"].groupby(["system", "ic"]).ngroups
        out.append({
            "forecaster": name,
            "metric": metric,
            "median": float(np.median(per_system)),
            "low": float(np.quantile(medians, tail)),
            "high": float(np.quantile(medians, 1 - tail)),
            "n_systems": int(per_system.size),
            "failed_share": failed / max(total, 1),
        })  # fmt: skip
    return pd.DataFrame(out)
