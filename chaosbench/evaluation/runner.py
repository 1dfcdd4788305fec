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

import copy
import math
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation.entry_points import EntryPoint, load_entry_point
from chaosbench.evaluation.forecasts import SystemForecasts, read_forecasts, write_forecasts
from chaosbench.evaluation.protocol import Forecaster
from chaosbench.evaluation.tasks import Task, get_task, task_data
from chaosbench.progress import Progress

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
    """The forecaster a system is evaluated with: its own instance.

    An instance that learns (has ``fit``) is copied for every system, so systems
    evaluated at once on threads never share fitted state (one system's fit would
    overwrite another's), serial and parallel runs see the same forecaster, and the
    caller's object is left as it was given.
    """
    if isinstance(forecaster, (str, EntryPoint)):
        forecaster = load_entry_point(forecaster)
    if isinstance(forecaster, type) and hasattr(forecaster, "for_system"):
        forecaster = forecaster.for_system(system)  # e.g. the oracle: one per system
    elif not isinstance(forecaster, type) and callable(getattr(forecaster, "fit", None)):
        forecaster = _own_copy(forecaster)
    return Forecaster(forecaster)


def _own_copy(forecaster: Any) -> Any:
    """A deep copy of ``forecaster``, or the object itself if it cannot be copied (it
    then must not be run on several threads at once)."""
    try:
        return copy.deepcopy(forecaster)
    except Exception:  # e.g. it holds a lock or an open handle
        return forecaster


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
    """Steps scored pointwise: the whole steps of this system's sampling step that fit
    in the task's horizon in Lyapunov times, at most the stored :attr:`Task.horizon`.

    For a flow sampled at the task's points per Lyapunov time this is ``Task.horizon``;
    a map, sampled every iterate, gets fewer (Henon: 10 Lyapunov times are 23.8
    iterates, so 23 are scored). The count is rounded down, never to the nearest step,
    so a perfect forecast's valid prediction time never exceeds the task's horizon
    (rounding to nearest scored 6 iterates of the Chebyshev map, 10.75 Lyapunov times,
    on a horizon of 10). At least one step is scored.
    """
    exact = task.horizon_lyapunov * lyapunov_time / dt
    steps = math.floor(exact * (1 + 1e-9))  # a flow's exact count survives rounding error
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
    case_timeout: float | None = None,
    progress: bool | None = None,
):
    """Score a forecaster on a task.

    Parameters
    ----------
    forecaster
        Any object of the forecaster protocol (see :mod:`chaosbench.evaluation.protocol`)
        or an entry point, ``"module:object"`` (looked for in the current folder first,
        as ``python -m`` does) or ``"path/to/file.py:object"``; an entry point is needed
        for ``workers > 1`` or an ``executor`` when the object cannot be pickled.
        Every system is fitted on its own deep copy of an instance that has ``fit``:
        the object passed in is never fitted, and threads never share fitted state.
    task
        Name of a committed task (``data/tasks/``) or a :class:`Task`.
    systems
        Restrict to these systems of the task (default: every chaotic system the task
        selects); a system outside the task is refused, naming it.
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
    case_timeout
        Seconds one system (fitting, forecasting and scoring all its cases) may take.
        Each system then runs in a process of its own (``workers`` at a time), which
        is ended when it runs past the limit: its cases are failed rows with the
        reason ``"timed out after N s"`` and the run goes on. Default: no limit.
        Cannot be combined with ``executor``.
    progress
        Show progress on standard error (default; on a terminal, one line rewritten
        in place, else a line per stage); ``False`` shows nothing.

    Returns
    -------
    pandas.DataFrame
        One row per system, initial condition and metric (:data:`COLUMNS`).
    """
    task, names, case_timeout = _checked_run(task, systems, case_timeout, executor)
    if isinstance(forecaster, (str, EntryPoint)):
        forecaster = EntryPoint.parse(forecaster)  # resolved here, loadable in any worker
        forecaster.target()  # fails now, naming the entry point, before any data are made
    path = str(task_data(task, systems, workers=workers, progress=progress))
    keep = forecasts_out is not None
    jobs = [(evaluate_system, (forecaster, task, n, path, timing, keep)) for n in names]
    label = f"evaluating {_label(forecaster)} on {task.name}"
    with _progress_bar(len(jobs), label, progress) as bar:

        def done(index: int, output: Any) -> None:
            rows = output.rows() if isinstance(output, Unfinished) else (
                output[0] if keep else output)  # fmt: skip
            cases = [row for row in rows if row["status"] != "timing"]
            failed = bool(cases) and all(row["status"] == "failed" for row in cases)
            bar.update(failed=int(failed), detail=names[index])

        outputs = _run_jobs(jobs, workers, executor, done=done, case_timeout=case_timeout)
    outputs = _finish_unfinished(outputs, forecaster, task, names, path, keep)
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


def _checked_run(
    task: str | Task, systems: list[str] | None, case_timeout: float | None, executor
) -> tuple[Task, list[str], float | None]:
    """The task, its chosen systems and the time limit of a run, all checked before
    anything is computed or written (a bad one raises, naming it)."""
    task = get_task(task)
    if case_timeout is not None:
        case_timeout = check.positive_float(case_timeout, "case_timeout", "evaluate")
        if executor is not None:
            raise ChaosbenchError(
                "evaluate: case_timeout needs local worker processes, which can be ended; "
                "it cannot be combined with an executor"
            )
    return task, _task_systems(task, systems), case_timeout


def _label(forecaster: Any) -> str:
    """A short name of a forecaster for progress messages."""
    if isinstance(forecaster, EntryPoint):
        return forecaster.attribute
    return str(getattr(forecaster, "name", None) or getattr(forecaster, "__name__", None)
               or type(forecaster).__name__)  # fmt: skip


def _progress_bar(total: int, label: str, progress: bool | None) -> Progress:
    return Progress(total, label, unit="system",
                    enabled=None if progress is None else bool(progress))  # fmt: skip


@dataclass(frozen=True)
class Unfinished:
    """A job that gave no result: it ran past ``case_timeout`` or its process died.

    ``rows()`` is a stand-in for progress counting only; :func:`evaluate` turns it into
    the system's failed rows (every case failed with :attr:`reason`).
    """

    reason: str

    def rows(self) -> list[dict[str, Any]]:
        return [{"status": "failed", "reason": self.reason}]


def _finish_unfinished(outputs: list, forecaster: Any, task: Task, names: list[str],
                       path: str, keep: bool) -> list:  # fmt: skip
    """Outputs with every :class:`Unfinished` system replaced by its failed rows (and
    forecasts), named after the forecaster as the finished systems name it."""
    if not any(isinstance(output, Unfinished) for output in outputs):
        return outputs
    from chaosbench.datasets import load

    named = [(output[1].forecaster if keep else output[0]["forecaster"])
             for output in outputs if not isinstance(output, Unfinished) and (
                 keep or output)]  # fmt: skip
    finished = []
    for system, output in zip(names, outputs, strict=True):
        if not isinstance(output, Unfinished):
            finished.append(output)
            continue
        with load(path) as dataset:
            n_ic, _, dimension = dataset.read(system, "test").data.shape
        values = np.full((n_ic, max(task.horizon, task.free_run), dimension), np.nan)
        name = named[0] if named else _forecaster_name(forecaster, system)
        forecasts = SystemForecasts(system, values, (output.reason,) * n_ic, {}, name)
        rows = score_system(task, system, path, forecasts, name)
        finished.append((rows, forecasts) if keep else rows)
    return finished


def _forecaster_name(forecaster: Any, system: str) -> str:
    """The name :class:`Forecaster` gives ``forecaster`` on ``system`` (an entry point's
    attribute if building it fails)."""
    try:
        return _prepare(forecaster, system).name
    except Exception:  # named as well as can be: the cases fail either way
        return _label(forecaster)


def score_forecasts(
    forecasts: str | Path | dict[str, SystemForecasts],
    task: str | Task = "default",
    systems: list[str] | None = None,
    workers: int | None = None,
    *,
    forecaster: str | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
):
    """Recompute the results table from stored forecasts, against regenerated truth.

    Parameters
    ----------
    forecasts
        A forecasts file (see :mod:`chaosbench.evaluation.forecasts`) or a mapping of
        system name to :class:`SystemForecasts`.
    task, systems, workers, executor, progress
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
    path = str(task_data(task, systems, workers=workers, progress=progress))
    jobs = [(score_system, (task, n, path, forecasts[n], forecaster or forecasts[n].forecaster))
            for n in names]  # fmt: skip
    rows: list[dict[str, Any]] = []
    with _progress_bar(len(jobs), f"scoring forecasts on {task.name}", progress) as bar:
        outputs = _run_jobs(jobs, workers, executor,
                            done=lambda index, _: bar.update(detail=names[index]))  # fmt: skip
    for output in outputs:
        rows += output
    return _frame(rows)


def _task_systems(task: Task, systems: list[str] | None) -> list[str]:
    names = task.select_systems(systems)  # refuses systems outside the task, naming them
    if not names:
        raise ChaosbenchError(f"task {task.name!r} selects no chaotic system")
    return names


def _run_jobs(
    jobs,
    workers: int | None,
    executor: Executor | None,
    *,
    done: Callable[[int, Any], None] | None = None,
    case_timeout: float | None = None,
) -> list:
    """Results of ``function(*args)`` for every job, in order: here, on a local process
    pool, on a given executor, or (with ``case_timeout``) each in a process of its own,
    ended when it runs past ``case_timeout`` seconds (its result is then an
    :class:`Unfinished`). ``done(index, result)`` is called as each job finishes."""
    done = done or (lambda index, output: None)
    if case_timeout is not None:
        return _run_with_timeout(jobs, max(workers or 1, 1), case_timeout, done)
    if executor is None and (workers is None or workers <= 1):
        outputs = []
        for index, (function, args) in enumerate(jobs):
            outputs.append(function(*args))
            done(index, outputs[-1])
        return outputs
    owned = executor is None
    pool = executor if executor is not None else ProcessPoolExecutor(
        max_workers=workers, initializer=_one_blas_thread)  # fmt: skip
    try:
        futures = [pool.submit(function, *args) for function, args in jobs]
        order = {future: index for index, future in enumerate(futures)}
        outputs: list = [None] * len(futures)
        for future in as_completed(futures):
            index = order[future]
            outputs[index] = future.result()
            done(index, outputs[index])
        return outputs
    finally:
        if owned:
            pool.shutdown(cancel_futures=True)


def _run_with_timeout(jobs, slots: int, seconds: float, done) -> list:
    """:func:`_run_jobs` with a time limit: at most ``slots`` processes at a time, one
    per job, each killed once it has run ``seconds`` (a thread could not be ended)."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context()
    outputs: list = [None] * len(jobs)
    waiting = deque(range(len(jobs)))
    running: dict[int, tuple[Any, Any, float]] = {}  # index -> (process, receiver, deadline)
    try:
        while waiting or running:
            while waiting and len(running) < slots:
                index = waiting.popleft()
                function, args = jobs[index]
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_case_process, name=f"chaosbench-case-{index}",
                                          args=(sender, function, args, slots > 1))  # fmt: skip
                try:
                    process.start()
                except Exception as exc:  # e.g. an object that cannot be pickled (spawn)
                    raise ChaosbenchError(
                        f"case_timeout runs each system in a process of its own, which could "
                        f"not be started ({type(exc).__name__}: {exc}); give the forecaster "
                        "as a 'module:object' entry point"
                    ) from None
                finally:
                    sender.close()
                running[index] = (process, receiver, time.monotonic() + seconds)
            first = min(deadline for _, _, deadline in running.values())
            wait([receiver for _, receiver, _ in running.values()]
                 + [process.sentinel for process, _, _ in running.values()],
                 timeout=max(0.0, first - time.monotonic()))  # fmt: skip
            for index in sorted(running):
                process, receiver, deadline = running[index]
                ended = process.exitcode is not None  # before poll: a result sent is seen
                if receiver.poll():
                    try:
                        status, payload = receiver.recv()
                    except EOFError:  # ended without a word (killed, crashed)
                        status, payload = "died", None
                elif ended:
                    status, payload = "died", None
                elif time.monotonic() >= deadline:
                    status, payload = "unfinished", Unfinished(f"timed out after {seconds:g} s")
                else:
                    continue
                del running[index]
                exitcode = process.exitcode
                _end(process, receiver, kill=status == "unfinished")
                if status == "error":
                    raise payload
                if status == "died":
                    payload = Unfinished(f"its worker process ended (exit code "
                                         f"{exitcode}) before returning")  # fmt: skip
                outputs[index] = payload
                done(index, payload)
    finally:
        for process, receiver, _ in running.values():
            _end(process, receiver, kill=True)
    return outputs


def _end(process, receiver, kill: bool = False) -> None:
    """Close a job's pipe and wait for its process (killed first with ``kill``, else
    only if it does not end by itself)."""
    receiver.close()
    if kill:
        process.kill()
    process.join(timeout=2.0)
    if process.exitcode is None:
        process.kill()
        process.join()
    process.close()


def _case_process(sender, function, args, one_thread: bool) -> None:
    """Body of a job's process: send ``("ok", result)`` or ``("error", exception)``."""
    try:
        if one_thread:
            _one_blas_thread()
        message: tuple[str, Any] = ("ok", function(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        message = ("error", exc)
    try:
        sender.send(message)
    except Exception as exc:  # a result or exception that cannot be pickled
        sender.send(("error", ChaosbenchError(f"a job's result could not be sent back: "
                                              f"{type(exc).__name__}: {exc}")))  # fmt: skip
    finally:
        sender.close()


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
    case_timeout: float | None = None,
    progress: bool | None = None,
):
    """:func:`evaluate` every built-in baseline (or those named) and stack the results;
    with ``forecasts_folder``, each baseline's forecasts go to ``<folder>/<name>.h5``
    (``case_timeout`` and ``progress`` as in :func:`evaluate`)."""
    import pandas as pd

    from chaosbench.evaluation.baselines import BASELINES

    chosen = names or list(BASELINES)
    for name in chosen:
        if name not in BASELINES:
            from chaosbench.errors import UnknownNameError

            raise UnknownNameError("baseline", name, list(BASELINES))
    task = _checked_run(task, systems, case_timeout, executor)[0]  # before any folder is made
    frames = []
    for name in chosen:
        spec = f"chaosbench.evaluation.baselines:{BASELINES[name].__name__}"
        out = None
        if forecasts_folder is not None:
            Path(forecasts_folder).mkdir(parents=True, exist_ok=True)
            out = Path(forecasts_folder) / f"{name}.h5"
        frames.append(evaluate(spec, task=task, systems=systems, workers=workers,
                               executor=executor, forecasts_out=out, case_timeout=case_timeout,
                               progress=progress))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def summarize(results, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95):
    """Per forecaster and metric: the median over systems of each system's median score,
    failed cases counting as the worst value of each metric (VPT 0, sMAPE 200, ...),
    with a bootstrap confidence interval, the systems and cases covered and the share
    failed. See :func:`chaosbench.evaluation.summary.summarize`, which this is.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`chaosbench.evaluation.summary.SUMMARY_COLUMNS`.
    """
    from chaosbench.evaluation import summary

    return summary.summarize(results, n_boot=n_boot, seed=seed, level=level)
