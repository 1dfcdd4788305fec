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
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation.forecasts import SystemForecasts, read_forecasts, write_forecasts
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


def _read_task_system(task: Task, system: str, path: str):
    from chaosbench.datasets import load

    with load(path) as dataset:
        train = dataset.read(system, "train")
        test = dataset.read(system, "test")
        reference = dataset.read(system, "reference") if task.free_run else None
    return train, test, reference


def _prepare(forecaster: Any, system: str) -> Forecaster:
    if isinstance(forecaster, str):
        forecaster = load_entry_point(forecaster)
    if isinstance(forecaster, type) and hasattr(forecaster, "for_system"):
        forecaster = forecaster.for_system(system)  # e.g. the oracle: one per system
    return Forecaster(forecaster)


def forecast_system(forecaster: Any, task: Task, system: str, path: str) -> SystemForecasts:
    """Fit the forecaster on one system's training data and forecast every test case.

    Every case gets ``max(horizon, free_run)`` steps after its context; a failed case
    keeps NaN values and the reason (a failed fit fails every case of the system).
    """
    forecaster = _prepare(forecaster, system)
    train, test, _ = _read_task_system(task, system, path)
    dt = float(test.attrs["dt"])
    n_ic, dimension = test.data.shape[0], test.data.shape[2]
    steps = max(task.horizon, task.free_run)
    values = np.full((n_ic, steps, dimension), np.nan)
    seconds = {"fit": 0.0, "forecast": 0.0}
    start = time.perf_counter()
    try:
        forecaster.fit([x for x in train.data], dt)
    except Exception as exc:  # recorded for every case of the system
        reason = f"fit raised {type(exc).__name__}: {exc}"[:300]
        return SystemForecasts(system, values, (reason,) * n_ic, seconds, forecaster.name)
    seconds["fit"] = time.perf_counter() - start
    contexts = test.data[:, : task.context_length]
    start = time.perf_counter()
    outcomes = forecaster.forecast_batch(contexts, steps)
    seconds["forecast"] = time.perf_counter() - start
    reasons = []
    for i, outcome in enumerate(outcomes):
        if outcome.ok:
            values[i] = outcome.values
        reasons.append(outcome.reason if not outcome.ok else "")
    return SystemForecasts(system, values, tuple(reasons), seconds, forecaster.name)


def score_system(
    task: Task, system: str, path: str, forecasts: SystemForecasts, forecaster: str
) -> list[dict[str, Any]]:
    """Rows of results (see :data:`COLUMNS`) for one system's forecasts.

    Each case is scored up to the stored reliable horizon of its truth (never
    against data that are not themselves accurate); free-run tasks add the geometry
    metrics beside their floors (the same metric between two independent truths).
    """
    _, test, reference = _read_task_system(task, system, path)
    expected = (test.data.shape[0], max(task.horizon, task.free_run), test.data.shape[2])
    if forecasts.values.shape != expected:
        raise ChaosbenchError(
            f"forecasts of {system}: shape {forecasts.values.shape}, expected {expected}"
        )
    dt = float(test.attrs["dt"])
    lyapunov_time = float(test.annotations["lyapunov_time"])
    truth_series = test.clean if test.clean is not None else test.data
    base = {"system": system, "forecaster": forecaster, "task": task.name}
    c = task.context_length
    steps = expected[1]
    horizon = horizon_steps(task, dt, lyapunov_time)
    scale = float(np.sqrt(np.mean(np.sum((truth_series - truth_series.mean(axis=(0, 1))) ** 2,
                                         axis=-1))))  # fmt: skip
    rows: list[dict[str, Any]] = []
    for i in range(expected[0]):
        if not forecasts.ok(i):
            rows.append({**base, "ic": i, "metric": "status", "status": "failed",
                         "reason": forecasts.reasons[i], "horizon_steps": horizon})  # fmt: skip
            continue
        values = forecasts.values[i]
        if not np.all(np.isfinite(values)):
            rows.append({**base, "ic": i, "metric": "status", "status": "failed",
                         "reason": "NaN or infinite values", "horizon_steps": horizon})  # fmt: skip
            continue
        context = test.data[i, :c]
        truth = truth_series[i, c : c + steps]
        reliable = test.reliable_horizon[i] if test.reliable_horizon is not None else np.inf
        scored = int(min(horizon, np.floor(reliable / dt))) if np.isfinite(reliable) else horizon
        scored = max(scored, 1)
        common = {**base, "ic": i, "status": "ok", "reason": "", "scored_steps": scored,
                  "horizon_steps": horizon}  # fmt: skip
        scores = _pointwise_scores(
            truth[:scored], values[:scored], context, dt, lyapunov_time, scale
        )
        for metric, value in scores.items():
            rows.append({**common, "metric": metric, "value": value})
        growth = _error_growth(truth[:scored], values[:scored], dt, lyapunov_time, scale,
                               int(task.horizon_lyapunov))  # fmt: skip
        for metric, value in growth.items():
            rows.append({**common, "metric": metric, "value": value})
        if task.free_run:
            other = reference.data[i, c : c + task.free_run]
            geometry = _geometry_scores(truth[: task.free_run], values[: task.free_run], other, dt)
            for metric, (value, floor) in geometry.items():
                rows.append({**common, "metric": metric, "value": value, "floor": floor,
                             "scored_steps": task.free_run,
                             "horizon_steps": task.free_run})  # fmt: skip
    return rows


def horizon_steps(task: Task, dt: float, lyapunov_time: float) -> int:
    """Steps scored pointwise: the task's horizon in Lyapunov times at this system's
    sampling step, at most the stored :attr:`Task.horizon`. For a flow sampled at the
    task's points per Lyapunov time this is ``Task.horizon``; a map, sampled every
    iterate, gets fewer (Henon: 10 Lyapunov times are 24 iterates)."""
    steps = round(task.horizon_lyapunov * lyapunov_time / dt)
    return int(min(task.horizon, max(steps, 1)))


def _error_growth(truth, forecast, dt, lyapunov_time, scale, last: int) -> dict[str, float]:
    """The normalised error at every whole Lyapunov time ``k <= last`` the scored span
    reaches (metric ``error_growth_<k>``: the error after ``k`` Lyapunov times)."""
    from chaosbench.evaluation.metrics import horizon

    with np.errstate(over="ignore", invalid="ignore"):
        times, errors = horizon.error_growth(truth, forecast, dt, lyapunov_time, scale=scale)
    out = {}
    for k in range(1, min(int(np.floor(times[-1] + 1e-9)), last) + 1):
        index = int(np.argmin(np.abs(times - k)))
        out[f"error_growth_{k}"] = float(errors[index])
    return out


def evaluate_system(
    forecaster: Any,
    task: Task,
    system: str,
    path: str,
    with_timing: bool = False,
    keep_forecasts: bool = False,
):
    """Rows of results for one system (see :data:`COLUMNS`); with ``keep_forecasts``,
    the pair ``(rows, forecasts)``."""
    forecasts = forecast_system(forecaster, task, system, path)
    name = forecasts.forecaster
    start = time.perf_counter()
    rows = score_system(task, system, path, forecasts, name)
    seconds = {**forecasts.seconds, "metrics": time.perf_counter() - start}
    if with_timing:
        for key, value in seconds.items():
            rows.append({"system": system, "forecaster": name, "task": task.name, "ic": -1,
                         "metric": f"seconds_{key}", "value": value,
                         "status": "timing"})  # fmt: skip
    return (rows, forecasts) if keep_forecasts else rows


def evaluate(
    forecaster: Any,
    task: str | Task = "default",
    systems: list[str] | None = None,
    workers: int | None = None,
    *,
    timing: bool = False,
    executor: Executor | None = None,
    forecasts_out: str | Path | None = None,
):
    """Score a forecaster on a task.

    Parameters
    ----------
    forecaster
        Any object of the forecaster protocol (see :mod:`chaosbench.evaluation.protocol`)
        or a ``"module:object"`` entry point (needed for ``workers > 1`` or an
        ``executor`` when the object cannot be pickled).
    task
        Name of a committed task (``data/tasks/``) or a :class:`Task`.
    systems
        Restrict to these systems (default: every chaotic system the task selects).
    workers
        Local processes, one system at a time each (default 1: in this process).
    timing
        Add rows with the seconds spent fitting, forecasting and scoring per system.
    executor
        Any :class:`concurrent.futures.Executor` to run the systems on instead of a
        local pool, e.g. ``distributed.Client(address).get_executor()`` for Dask.
    forecasts_out
        Also write every forecast to this HDF5 file
        (:mod:`chaosbench.evaluation.forecasts`), e.g. for a leaderboard submission
        or the report's attractor overlays.

    Returns
    -------
    pandas.DataFrame
        One row per system, initial condition and metric (:data:`COLUMNS`).
    """
    task = get_task(task)
    names = _task_systems(task, systems)
    path = str(task_data(task, systems, workers=workers))
    keep = forecasts_out is not None
    jobs = [(evaluate_system, (forecaster, task, n, path, timing, keep)) for n in names]
    outputs = _run_jobs(jobs, workers, executor)
    rows: list[dict[str, Any]] = []
    kept = {}
    for output in outputs:
        if keep:
            output, forecasts = output
            kept[forecasts.system] = forecasts
        rows += output
    if keep:
        from chaosbench.evaluation.tasks import task_fingerprint

        name = next(iter(kept.values())).forecaster
        write_forecasts(forecasts_out, kept, task=task.name,
                        task_fingerprint=task_fingerprint(task, systems), forecaster=name,
                        task_systems=systems)  # fmt: skip
    return _frame(rows)


def score_forecasts(
    forecasts: str | Path | dict[str, SystemForecasts],
    task: str | Task = "default",
    systems: list[str] | None = None,
    workers: int | None = None,
    *,
    forecaster: str | None = None,
    executor: Executor | None = None,
):
    """Recompute the results table from stored forecasts, against regenerated truth.

    Parameters
    ----------
    forecasts
        A forecasts file (see :mod:`chaosbench.evaluation.forecasts`) or a mapping of
        system name to :class:`SystemForecasts`.
    task, systems, workers, executor
        As in :func:`evaluate`; every system of the task must have forecasts.
    forecaster
        Name for the ``forecaster`` column (default: the one stored with them).

    Returns
    -------
    pandas.DataFrame
        The same table :func:`evaluate` returns for these forecasts.
    """
    task = get_task(task)
    if not isinstance(forecasts, dict):
        _, forecasts = read_forecasts(forecasts)
    names = _task_systems(task, systems)
    missing = [n for n in names if n not in forecasts]
    if missing:
        raise ChaosbenchError(
            f"forecasts lack {len(missing)} system(s) of task {task.name!r}: "
            + ", ".join(missing[:10])
        )
    path = str(task_data(task, systems, workers=workers))
    jobs = [(score_system, (task, n, path, forecasts[n], forecaster or forecasts[n].forecaster))
            for n in names]  # fmt: skip
    rows: list[dict[str, Any]] = []
    for output in _run_jobs(jobs, workers, executor):
        rows += output
    return _frame(rows)


def _task_systems(task: Task, systems: list[str] | None) -> list[str]:
    names = task.dataset_config(systems).system_names()
    if not names:
        raise ChaosbenchError(f"task {task.name!r} selects no chaotic system")
    return names


def _run_jobs(jobs, workers: int | None, executor: Executor | None) -> list:
    """Results of ``function(*args)`` for every job, in order: here, on a local process
    pool, or on a given executor."""
    if executor is None and (workers is None or workers <= 1):
        return [function(*args) for function, args in jobs]
    owned = executor is None
    pool = executor if executor is not None else ProcessPoolExecutor(
        max_workers=workers, initializer=_one_blas_thread)  # fmt: skip
    try:
        futures = [pool.submit(function, *args) for function, args in jobs]
        return [future.result() for future in futures]
    finally:
        if owned:
            pool.shutdown(cancel_futures=True)


def _one_blas_thread() -> None:
    """Worker initialiser: processes run side by side, so each keeps one BLAS thread
    (small matrix products otherwise spend their time in thread contention)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _frame(rows: list[dict[str, Any]]):
    import pandas as pd

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
    *,
    executor: Executor | None = None,
    forecasts_folder: str | Path | None = None,
):
    """:func:`evaluate` every built-in baseline (or those named) and stack the results;
    with ``forecasts_folder``, each baseline's forecasts go to ``<folder>/<name>.h5``."""
    import pandas as pd

    from chaosbench.evaluation.baselines import BASELINES

    chosen = names or list(BASELINES)
    frames = []
    for name in chosen:
        if name not in BASELINES:
            from chaosbench.errors import UnknownNameError

            raise UnknownNameError("baseline", name, list(BASELINES))
        spec = f"chaosbench.evaluation.baselines:{BASELINES[name].__name__}"
        out = None
        if forecasts_folder is not None:
            Path(forecasts_folder).mkdir(parents=True, exist_ok=True)
            out = Path(forecasts_folder) / f"{name}.h5"
        frames.append(evaluate(spec, task=task, systems=systems, workers=workers,
                               executor=executor, forecasts_out=out))  # fmt: skip
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
