"""Summaries of results tables, with failed cases counted as the worst score.

A failed case (no usable forecast: the forecaster raised, returned the wrong shape
or non-finite values) is a forecast that did not work, so it counts in every
metric the task measures, as that metric's worst value (:func:`worst_value`):

- valid prediction times (``vpt_smape``, ``vpt_nrmse``) count 0;
- bounded scores count their bound: sMAPE 200 (the top of its 0-200 scale),
  Pearson and Spearman correlations -1, the power-spectrum Hellinger distance
  ``d_h`` 1;
- scores with no bound count as infinitely bad: ``+inf`` for errors (MSE, MAE,
  RMSE, NRMSE, MASE, PE(n), error growth, ``d_stsp``) and ``-inf`` for R². A
  median that lands on such a case is shown as ``failed`` in the Markdown tables.

The leaderboard (:mod:`chaosbench.leaderboard.scoring`) counts its failed cases by
the same rule. A scored case whose metric is undefined for reasons of the truth
(e.g. R² on a constant truth) is neither a failure nor a score: it is left out of
that metric and counted in ``n_undefined``.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

#: worst value of each bounded metric (every other metric is unbounded: see
#: :func:`worst_value`)
BOUNDED_WORST: dict[str, float] = {
    "vpt_smape": 0.0,
    "vpt_nrmse": 0.0,
    "smape": 200.0,
    "pearson": -1.0,
    "spearman": -1.0,
    "d_h": 1.0,
}

#: metrics where a larger value is better (every other metric is an error)
HIGHER_IS_BETTER = frozenset({"vpt_smape", "vpt_nrmse", "r2", "pearson", "spearman"})

#: metrics every task measures, so a run whose cases all failed still has a summary
CORE_METRICS = ("vpt_smape", "vpt_nrmse", "smape")

#: statuses of the rows that are cases (``timing`` rows are not)
CASE_STATUSES = ("ok", "failed")

#: metrics that are reported beside a floor (the same metric between two truths)
FLOOR_METRICS = ("d_stsp", "d_h")

#: columns of :func:`summarize`'s table, in order (``floor`` only with geometry metrics)
SUMMARY_COLUMNS = (
    "forecaster",
    "metric",
    "median",
    "low",
    "high",
    "floor",
    "n_systems",
    "n_cases",
    "failed_share",
    "n_undefined",
)


def worst_value(metric: str) -> float:
    """The value a failed case counts as in ``metric``.

    Parameters
    ----------
    metric : str
        A metric name of the results table (e.g. ``"vpt_smape"``, ``"error_growth_3"``).

    Returns
    -------
    float
        The bound of a bounded metric (:data:`BOUNDED_WORST`), else ``-inf`` where
        larger is better (:data:`HIGHER_IS_BETTER`) and ``+inf`` for an error.

    Examples
    --------
    >>> worst_value("vpt_smape"), worst_value("smape"), worst_value("r2")
    (0.0, 200.0, -inf)
    >>> worst_value("error_growth_3")
    inf
    """
    if metric in BOUNDED_WORST:
        return BOUNDED_WORST[metric]
    return -math.inf if metric in HIGHER_IS_BETTER else math.inf


def natural_key(text: str) -> tuple:
    """Sort key that orders the numbers inside a name by value
    (``error_growth_2`` before ``error_growth_10``).

    Examples
    --------
    >>> sorted(["error_growth_10", "error_growth_2", "d_h"], key=natural_key)
    ['d_h', 'error_growth_2', 'error_growth_10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", str(text)) if part)  # fmt: skip


def case_scores(results):
    """Per-case scores with every failed case filled in as the worst value.

    Parameters
    ----------
    results : pandas.DataFrame
        A results table of :func:`chaosbench.evaluate` (several forecasters allowed).

    Returns
    -------
    pandas.DataFrame
        Columns ``task, forecaster, system, ic, metric, value, floor, failed``: one row
        per case and metric; a failed case gets one row for each metric measured on
        its system (those of the system's scored cases; if none, those of the task's,
        at least :data:`CORE_METRICS`), with
        ``value = worst_value(metric)`` and ``failed`` true.
    """
    import pandas as pd

    rows = results[results.status.isin(CASE_STATUSES)]
    key = ["task", "forecaster", "system", "ic"]
    ok = rows[rows.status == "ok"]
    scored = pd.DataFrame({
        **{c: ok[c].to_numpy() for c in key},
        "metric": ok.metric.to_numpy(),
        "value": ok.value.to_numpy(dtype=float),
        "floor": ok.floor.to_numpy(dtype=float),
        "failed": False,
    })  # fmt: skip
    failed = rows[rows.status == "failed"][key].drop_duplicates()
    filled = failed.merge(_measured_metrics(ok, failed), on=["task", "system"], how="inner")
    filled["value"] = [worst_value(m) for m in filled.metric]
    filled["floor"] = np.nan
    filled["failed"] = True
    return pd.concat([scored, filled], ignore_index=True)


def _measured_metrics(ok, failed):
    """``task, system, metric`` of every metric a failed case of that system counts in:
    those measured on the system's scored cases, or, where every case of the system
    failed, those measured on the task's (at least :data:`CORE_METRICS`)."""
    import pandas as pd

    measured = []
    for task in failed.task.unique():
        on_task = ok[ok.task == task]
        task_names = set(on_task.metric) | set(CORE_METRICS)
        for system in failed.system[failed.task == task].unique():
            names = set(on_task.metric[on_task.system == system]) or task_names
            measured += [(task, system, name) for name in sorted(names, key=natural_key)]
    return pd.DataFrame(measured, columns=["task", "system", "metric"])


def failure_reasons(results, top: int = 3):
    """The most common reasons of failed cases, per forecaster.

    Parameters
    ----------
    results : pandas.DataFrame
        A results table of :func:`chaosbench.evaluate`.
    top : int
        Reasons kept per forecaster, the most frequent first.

    Returns
    -------
    pandas.DataFrame
        Columns ``forecaster, reason, count, failed, cases``: ``count`` cases failed
        with this reason, of ``failed`` failed cases and ``cases`` cases in all.
        Reasons that differ only in their numbers (``failed at t = 47.26`` and ``at
        t = 48.05``) count as one, shown by its first instance.

    Examples
    --------
    >>> reason_kind("failed at t = 47.26: state 1e+300") == reason_kind("failed at t = 3: state 2")
    True
    """
    import pandas as pd

    rows = results[results.status.isin(CASE_STATUSES)]
    out = []
    for name, group in rows.groupby("forecaster", sort=False):
        cases = group[["system", "ic", "task"]].drop_duplicates()
        bad = group[group.status == "failed"].drop_duplicates(["system", "ic", "task"])
        reasons = bad.reason.fillna("").astype(str).replace("", "no reason given")
        kinds = reasons.map(reason_kind)
        first = dict(zip(kinds[::-1], reasons[::-1], strict=True))  # first instance wins
        for kind, count in kinds.value_counts(sort=True).head(top).items():
            out.append({"forecaster": name, "reason": first[kind], "count": int(count),
                        "failed": len(bad), "cases": len(cases)})  # fmt: skip
    return pd.DataFrame(out, columns=["forecaster", "reason", "count", "failed", "cases"])


_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|[-+]?\b(inf|nan)\b", re.I)


def reason_kind(reason: str) -> str:
    """A failure reason with its numbers (``inf`` and ``nan`` too) replaced by ``#``: the key that
    :func:`failure_reasons` counts reasons by."""
    return _NUMBER.sub("#", str(reason))


def _quantiles(values: np.ndarray, levels: tuple[float, float]) -> tuple[float, float]:
    """Percentiles of values that may hold +-inf (the worst value of an unbounded
    metric): inf stays inf instead of turning into NaN by interpolation."""
    big = np.finfo(float).max / 4
    clipped = np.clip(values, -big, big)
    out = []
    for level in levels:
        q = float(np.quantile(clipped, level))
        out.append(math.copysign(math.inf, q) if abs(q) >= big else q)
    return out[0], out[1]


def summarize(results, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95):
    """Per forecaster and metric: the median over systems of each system's median
    score, failed cases counting as the metric's worst value (module docstring), with
    a bootstrap confidence interval.

    Parameters
    ----------
    results : pandas.DataFrame
        A results table of :func:`chaosbench.evaluate` (several forecasters allowed:
        compare them on the same cases, e.g. with
        :func:`chaosbench.evaluation.report.common_cases`).
    n_boot, seed, level
        Percentile bootstrap: ``n_boot`` resamplings of the systems with replacement
        (every case of a drawn system moving with it) from ``numpy.random.
        default_rng(seed)``, afresh for each forecaster, and the central ``level``
        interval. For ``vpt_smape`` this is the leaderboard's interval of its median
        VPT on the same cases.

    Returns
    -------
    pandas.DataFrame
        One row per forecaster and metric (metrics in natural order:
        ``error_growth_2`` before ``error_growth_10``), columns
        :data:`SUMMARY_COLUMNS`: ``median``, ``low``, ``high``; ``floor`` (the
        median floor of the geometry metrics ``d_stsp`` and ``d_h``, present only when
        the table has them); ``n_systems`` and ``n_cases`` counted; ``failed_share``,
        the forecaster's share of failed cases; and ``n_undefined``, scored cases left
        out because the metric is undefined there (NaN, e.g. R² of a constant truth).
        ``attrs["failure_reasons"]`` holds :func:`failure_reasons` and
        ``attrs["tasks"]`` the names of the tasks summarised. A forecaster
        whose every case failed gets the worst value in every metric, never an error.
    """
    import pandas as pd

    scores = case_scores(results)
    with_floor = bool(scores.metric.isin(FLOOR_METRICS).any())
    tail = (1 - level) / 2
    out: list[dict[str, Any]] = []
    for name in dict.fromkeys(scores.forecaster):
        mine = scores[scores.forecaster == name]
        cases = mine[["task", "system", "ic"]].drop_duplicates()
        failed_cases = mine[mine.failed][["task", "system", "ic"]].drop_duplicates()
        failed_share = len(failed_cases) / max(len(cases), 1)
        systems = sorted(mine.system.unique())
        n = len(systems)
        shared_draws = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
        for metric in sorted(mine.metric.unique(), key=natural_key):
            group = mine[mine.metric == metric]
            defined = group[~group.value.isna()]
            per_system = defined.groupby("system")["value"].median()
            row: dict[str, Any] = {"forecaster": name, "metric": metric}
            if len(per_system) == 0:
                row.update(median=math.nan, low=math.nan, high=math.nan)
            else:
                values = per_system.to_numpy(dtype=float)
                if len(per_system) == n:
                    draws = shared_draws
                else:  # a metric some systems lack (e.g. a short truth): its own draws
                    draws = np.random.default_rng(seed).integers(
                        0, values.size, size=(n_boot, values.size)
                    )
                medians = np.median(values[draws], axis=1)
                low, high = _quantiles(medians, (tail, 1 - tail))
                row.update(median=float(np.median(values)), low=low, high=high)
            if with_floor:
                floors = group.groupby("system")["floor"].median().dropna()
                row["floor"] = float(np.median(floors)) if len(floors) else math.nan
            row.update(
                n_systems=len(per_system),
                n_cases=len(defined),
                failed_share=float(failed_share),
                n_undefined=len(group) - len(defined),
            )
            out.append(row)
    columns = [c for c in SUMMARY_COLUMNS if with_floor or c != "floor"]
    summary = pd.DataFrame(out, columns=columns)
    summary.attrs["failure_reasons"] = failure_reasons(results)
    summary.attrs["tasks"] = sorted(set(scores.task.dropna().astype(str)))
    return summary
