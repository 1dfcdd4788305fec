"""The board's numbers: per-case tables and summaries against the fixed baseline.

All functions here are pure (tables in, tables or numbers out).

Definitions, for a method ``m`` and the fixed baseline ``b`` (context parroting,
:data:`BASELINE`) on the same task, over its cases ``(s, i)`` (system, test initial
condition). The baseline's cases are those of its submission on the board
(:mod:`chaosbench.leaderboard.reference`): data, so rankings move only when that
submission is deliberately replaced, and a submission's claims (absolute numbers,
:data:`chaosbench.leaderboard.schema.CLAIMS`) never depend on the baseline.

win rate
    The share of cases where ``m`` forecasts longer than ``b``: case ``(s, i)`` counts
    1 when ``VPT_m(s, i) > VPT_b(s, i)``, 1/2 when they are equal and 0 otherwise,
    ``VPT`` being the valid prediction time by cumulative sMAPE (metric
    ``vpt_smape``, in Lyapunov times). A failed case (no finite forecast) ranks below
    every forecast, so it loses against a forecast and ties with a failure.
skill score
    ``1 - median_s (E_m(s) / E_b(s))``, where ``E(s)`` is the median over the initial
    conditions of system ``s`` of the sMAPE over the scored horizon (metric
    ``smape``, 0–200 scale), a failed case counting as 200, the scale's maximum.
    This is the forecast skill-score convention ``S = 1 - E / E_ref`` (A. H. Murphy,
    "Skill scores based on the mean square error and their relationships to the
    correlation coefficient", Monthly Weather Review 116, 2417–2424, 1988), taken per
    system and summarised by the median over systems so that no single system's
    scale dominates: 0 is the baseline's skill, 1 a perfect forecast, and negative
    values are worse than the baseline. Systems where ``E_b(s)`` is 0 or undefined
    are left out.
median VPT
    The median over systems of each system's median ``vpt_smape`` over its initial
    conditions, failed cases counting as 0 (likewise ``median_vpt_nrmse``; and
    ``median_smape``, failed cases counting 200).
geometry (free-run tasks)
    Median over systems of each system's median state-space divergence ``d_stsp``
    and power-spectrum distance ``d_h`` over its cases, a failed case counting as the
    worst value (``d_h`` 1, ``d_stsp`` infinite, as in
    :func:`chaosbench.evaluation.summary.worst_value`); a median that lands on an
    infinite value is infinite and shown as ``failed``. Cases whose metric is
    undefined (NaN) are left out, as are systems with no defined case.

Confidence intervals are percentile bootstrap intervals (95 %, 1,000 draws, seed 0)
from resampling systems with replacement, every case of a drawn system moving with
it; they are deterministic, so the rendered board never changes unless scores do.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from chaosbench.evaluation.summary import worst_value

#: the fixed baseline of win rates and skill scores (a name of ``BASELINES``)
BASELINE = "parroting"

#: metrics kept per case
CASE_METRICS = ("vpt_smape", "vpt_nrmse", "smape")
GEOMETRY_METRICS = ("d_stsp", "d_h")

#: sMAPE given to a failed case (the maximum of its 0–200 scale)
FAILED_SMAPE = 200.0

#: relative tolerance between claimed and recomputed summary numbers
CLAIM_RTOL = 1e-6
CLAIM_ATOL = 1e-9


def case_table(
    results,
    systems_info: dict[str, tuple[str, float]] | None = None,
    time_units: dict[str, float] | None = None,
):
    """One row per case from a results table of :mod:`chaosbench.evaluation.runner`.

    Parameters
    ----------
    results
        Rows of one forecaster on one task (``system, ic, metric, value, status, ...``).
    systems_info
        ``{system: (kind, max_lyapunov)}``, added as columns ``kind, max_lyapunov``.
    time_units
        ``{system: dt / lyapunov_time}``, the Lyapunov times of one sampling step: adds
        the column ``horizon``, the span each case is scored over in Lyapunov times
        (its ``scored_steps``, for a failed case its ``horizon_steps``, times the
        unit), which is the largest VPT a forecast of the case can reach.

    Returns
    -------
    pandas.DataFrame
        Columns ``system, ic, status`` (``ok`` or ``failed``), the case metrics
        (NaN for failed cases), the geometry metrics when present, ``horizon`` when
        ``time_units`` is given, sorted by system and initial condition.
    """
    import pandas as pd

    rows = results[results.status.isin(["ok", "failed"])]
    failed = rows[rows.status == "failed"][["system", "ic"]].drop_duplicates()
    metrics = list(CASE_METRICS) + [m for m in GEOMETRY_METRICS if (rows.metric == m).any()]
    ok = rows[(rows.status == "ok") & rows.metric.isin(metrics)]
    wide = ok.pivot_table(index=["system", "ic"], columns="metric", values="value",
                          aggfunc="first", dropna=False)  # fmt: skip
    wide = wide.reindex(columns=metrics).reset_index()
    # dropna=False keeps all-NaN metric columns, but also fills in every (system, ic)
    # pair of the index levels: keep only the cases that were scored
    scored = ok[["system", "ic"]].drop_duplicates()
    wide = wide.merge(scored, on=["system", "ic"], how="inner")
    wide["status"] = "ok"
    failed = failed.assign(status="failed")
    table = pd.concat([wide, failed], ignore_index=True)
    table["ic"] = table["ic"].astype(int)
    table = table.sort_values(["system", "ic"], ignore_index=True)
    columns = ["system", "ic", "status", *metrics]
    if time_units is not None:
        table["horizon"] = _case_horizons(rows, table, time_units)
        columns.append("horizon")
    if systems_info is not None:
        table["kind"] = [systems_info[s][0] for s in table.system]
        table["max_lyapunov"] = [float(systems_info[s][1]) for s in table.system]
        columns[1:1] = ["kind", "max_lyapunov"]
    return table[columns]


def _case_horizons(rows, table, time_units: dict[str, float]) -> np.ndarray:
    """The pointwise scored span of every case of ``table``, in Lyapunov times."""
    pointwise = rows[(rows.metric == "vpt_smape") | (rows.status == "failed")]
    steps = pointwise.scored_steps.where(pointwise.status == "ok", pointwise.horizon_steps)
    per_case = steps.groupby([pointwise.system, pointwise.ic]).first()
    keys = list(zip(table.system, table.ic))
    return np.array([float(per_case[key]) * time_units[key[0]] for key in keys])


def with_baseline(cases, baseline_cases):
    """``cases`` with the baseline's ``vpt_smape``, ``smape`` and ``status`` per case
    added as ``baseline_*`` columns (both tables must hold the same cases)."""
    keep = baseline_cases[["system", "ic", "status", "vpt_smape", "smape"]].rename(
        columns={c: f"baseline_{c}" for c in ("status", "vpt_smape", "smape")}
    )
    merged = cases.merge(keep, on=["system", "ic"], how="left", validate="one_to_one")
    missing = merged.baseline_status.isna()
    if missing.any():
        first = merged[missing].iloc[0]
        raise ValueError(f"baseline has no case ({first.system}, {first.ic})")
    return merged


def summarize_cases(
    cases, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, Any]:
    """Summary numbers of a case table (see the module docstring).

    Returns
    -------
    dict
        ``median_vpt`` with ``_low`` and ``_high``; ``median_vpt_nrmse``,
        ``median_smape``, ``failed_share``, ``n_systems``, ``n_cases``;
        ``median_d_stsp`` and ``median_d_h`` when the table has geometry metrics; and,
        when it has the baseline's columns (:func:`with_baseline`), ``win_rate`` and
        ``skill_score`` with their intervals.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"system": ["A", "A", "B"], "ic": [0, 1, 0],
    ...     "status": ["ok", "failed", "ok"], "vpt_smape": [2.0, None, 1.0],
    ...     "vpt_nrmse": [2.0, None, 1.0], "smape": [50.0, None, 100.0],
    ...     "baseline_status": "ok", "baseline_vpt_smape": [1.0, 1.0, 1.0],
    ...     "baseline_smape": [100.0, 100.0, 100.0]})
    >>> s = summarize_cases(cases)
    >>> s["win_rate"], s["median_vpt"], s["skill_score"]  # A: (1 + 0) of 2, B: 1/2 of 1
    (0.5, 1.0, -0.125)
    """
    per_system = system_table(cases)
    n = len(per_system)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(n_boot, n))
    tail = (1 - level) / 2

    def interval(values: np.ndarray) -> tuple[float, float]:
        if values.size == 0 or not np.all(np.isfinite(values)):
            return math.nan, math.nan
        return float(np.quantile(values, tail)), float(np.quantile(values, 1 - tail))

    out: dict[str, Any] = {}
    vpt = per_system.vpt_smape.to_numpy(float)
    out["median_vpt"] = float(np.median(vpt))
    out["median_vpt_low"], out["median_vpt_high"] = interval(np.median(vpt[draws], axis=1))
    out["median_vpt_nrmse"] = float(np.median(per_system.vpt_nrmse.to_numpy(float)))
    smape = per_system.smape.to_numpy(float)
    smape = smape[np.isfinite(smape)]
    out["median_smape"] = float(np.median(smape)) if smape.size else math.nan
    out["failed_share"] = float((cases.status == "failed").mean())
    out["n_systems"] = n
    out["n_cases"] = len(cases)
    for metric in GEOMETRY_METRICS:
        if metric in per_system:
            values = per_system[metric].to_numpy(float)
            values = values[~np.isnan(values)]
            out[f"median_{metric}"] = float(np.median(values)) if values.size else math.nan
    if "wins" not in per_system:
        return out
    wins = per_system.wins.to_numpy(float)
    counts = per_system.cases.to_numpy(float)
    out["win_rate"] = float(wins.sum() / counts.sum())
    out["win_rate_low"], out["win_rate_high"] = interval(
        wins[draws].sum(axis=1) / counts[draws].sum(axis=1)
    )
    ratio = per_system.smape_ratio.to_numpy(float)
    ratio = ratio[np.isfinite(ratio)]
    if ratio.size:
        ratio_draws = rng.integers(0, ratio.size, size=(n_boot, ratio.size))
        out["skill_score"] = float(1 - np.median(ratio))
        out["skill_score_low"], out["skill_score_high"] = interval(
            1 - np.median(ratio[ratio_draws], axis=1)
        )
    else:
        out["skill_score"] = out["skill_score_low"] = out["skill_score_high"] = math.nan
    return out


def system_table(cases):
    """Per system: the medians over its cases of ``vpt_smape`` and ``vpt_nrmse``
    (failures as 0) and of ``smape`` (failures as :data:`FAILED_SMAPE`), the geometry
    medians (failures as their worst value) and the median scored span ``horizon``
    when present, ``kind`` and ``max_lyapunov`` when the table has them; and with the
    baseline's columns, ``wins`` and ``cases`` against it, its median VPT
    ``baseline_vpt`` and the sMAPE ratio ``smape_ratio`` (NaN where undefined)."""
    import pandas as pd

    failed = (cases.status != "ok").to_numpy()
    frame = pd.DataFrame({
        "system": cases.system.to_numpy(),
        "vpt_smape": np.where(failed, 0.0, cases.vpt_smape.to_numpy(float)),
        "vpt_nrmse": np.where(failed, 0.0, cases.vpt_nrmse.to_numpy(float)),
        "smape": np.where(failed, FAILED_SMAPE, cases.smape.to_numpy(float)),
    })  # fmt: skip
    for metric in GEOMETRY_METRICS:
        if metric in cases:
            frame[metric] = np.where(failed, worst_value(metric), cases[metric].to_numpy(float))
    if "horizon" in cases:
        frame["horizon"] = cases.horizon.to_numpy(float)
    relative = "baseline_status" in cases
    if relative:
        vpt = np.where(failed, -np.inf, cases.vpt_smape.to_numpy(float))
        base_failed = (cases.baseline_status != "ok").to_numpy()
        base = cases.baseline_vpt_smape.to_numpy(float)
        rival = np.where(base_failed, -np.inf, base)
        frame["win"] = np.where(vpt > rival, 1.0, np.where(vpt == rival, 0.5, 0.0))
        frame["baseline_vpt"] = np.where(base_failed, 0.0, base)
        frame["baseline_smape"] = np.where(base_failed, FAILED_SMAPE,
                                           cases.baseline_smape.to_numpy(float))  # fmt: skip
    grouped = frame.groupby("system", sort=True)
    out = pd.DataFrame({
        "vpt_smape": grouped.vpt_smape.median(),
        "vpt_nrmse": grouped.vpt_nrmse.median(),
        "smape": grouped.smape.median(),
    })  # fmt: skip
    for metric in (*GEOMETRY_METRICS, "horizon"):
        if metric in frame:
            out[metric] = grouped[metric].median(skipna=True)
    if relative:
        out["wins"] = grouped.win.sum()
        out["cases"] = grouped.win.size()
        out["baseline_vpt"] = grouped.baseline_vpt.median()
        reference = grouped.baseline_smape.median()
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = out.smape / reference
        out["smape_ratio"] = ratio.where((reference > 0) & np.isfinite(ratio))
    for column in ("kind", "max_lyapunov"):
        if column in cases:
            out[column] = cases.groupby("system", sort=True)[column].first()
    return out.reset_index()


def claims(summary: dict[str, Any], track: str = "forecasting") -> dict[str, float]:
    """The summary numbers a submission claims (those of :data:`schema.CLAIMS`)."""
    from chaosbench.leaderboard.schema import CLAIMS

    return {key: float(summary[key]) for key in CLAIMS[track]}


def claim_problems(
    claimed: dict[str, float], summary: dict[str, Any], rtol: float = CLAIM_RTOL
) -> list[str]:
    """One line per claimed number that disagrees with the recomputed one beyond
    ``rtol`` (relative, with an absolute floor of :data:`CLAIM_ATOL`).

    Examples
    --------
    >>> claim_problems({"win_rate": 0.6}, {"win_rate": 0.5})
    ['submission.toml: claimed win_rate = 0.6, recomputed 0.5 (tolerance 1e-06 relative)']
    """
    problems = []
    for key, value in claimed.items():
        actual = float(summary[key])
        same = (math.isnan(value) and math.isnan(actual)) or math.isclose(
            value, actual, rel_tol=rtol, abs_tol=CLAIM_ATOL
        )
        if not same:
            problems.append(f"submission.toml: claimed {key} = {value!r}, recomputed "
                            f"{actual!r} (tolerance {rtol:g} relative)")  # fmt: skip
    return problems
