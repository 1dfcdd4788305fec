"""Summaries count a failed case as the worst value of every metric."""

import math

import numpy as np
import pandas as pd
import pytest

from chaosbench.evaluation.runner import COLUMNS, summarize
from chaosbench.evaluation.summary import (
    case_scores,
    failure_reasons,
    natural_key,
    worst_value,
)
from chaosbench.leaderboard import scoring


def ok_rows(system, ic, scores, forecaster="model", task="reduced"):
    """Rows of one scored case, as :func:`chaosbench.evaluation.runner.score_system`
    writes them."""
    return [{"system": system, "ic": ic, "metric": metric, "value": value, "floor": np.nan,
             "status": "ok", "reason": "", "scored_steps": 300, "horizon_steps": 300,
             "forecaster": forecaster, "task": task}
            for metric, value in scores.items()]  # fmt: skip


def failed_row(system, ic, reason="forecast raised RuntimeError: boom", forecaster="model",
               task="reduced"):  # fmt: skip
    return [{"system": system, "ic": ic, "metric": "status", "value": np.nan, "floor": np.nan,
             "status": "failed", "reason": reason, "scored_steps": np.nan,
             "horizon_steps": 300, "forecaster": forecaster, "task": task}]  # fmt: skip


def table(rows):
    return pd.DataFrame(rows)[list(COLUMNS)]


def scores(vpt, smape=100.0, **more):
    return {"vpt_smape": vpt, "vpt_nrmse": vpt, "smape": smape, "mse": 1.0 / (1 + vpt), **more}


# per system, the VPT of each of its 4 cases; a half-failing copy fails the 2 worst
VPTS = {"A": [0.5, 1.0, 3.0, 4.0], "B": [0.2, 0.4, 2.0, 6.0], "C": [1.0, 1.5, 5.0, 8.0]}


def full_run(forecaster="model"):
    rows = []
    for system, values in VPTS.items():
        for ic, vpt in enumerate(values):
            rows += ok_rows(system, ic, scores(vpt), forecaster)
    return table(rows)


def half_failed_run(forecaster="model"):
    rows = []
    for system, values in VPTS.items():
        for ic, vpt in enumerate(values):
            if ic < 2:  # the two shortest forecasts of each system fail instead
                rows += failed_row(system, ic, forecaster=forecaster)
            else:
                rows += ok_rows(system, ic, scores(vpt), forecaster)
    return table(rows)


def row(summary, metric, forecaster="model"):
    return summary[(summary.forecaster == forecaster) & (summary.metric == metric)].iloc[0]


def test_failing_half_never_scores_better_than_failing_none():
    whole = row(summarize(full_run()), "vpt_smape")
    half = row(summarize(half_failed_run()), "vpt_smape")
    # failed cases count 0: each system's median of (0, 0, v3, v4) is (v3) / 2
    expected = np.median([np.median([0, 0, *v[2:]]) for v in VPTS.values()])
    assert half["median"] == pytest.approx(expected)
    assert half["median"] < whole["median"]
    dropped = np.median([np.median(v[2:]) for v in VPTS.values()])  # the old, wrong answer
    assert half["median"] < dropped
    assert half.failed_share == 0.5 and whole.failed_share == 0.0


def test_unbounded_error_of_failed_cases_is_infinite():
    summary = summarize(half_failed_run())
    mse = row(summary, "mse")
    # per system (inf, inf, a, b): the median is the mean of inf and a, inf
    assert mse["median"] == math.inf and mse.high == math.inf
    assert row(summary, "smape")["median"] == pytest.approx(150.0)  # median(200,200,100,100)


def test_all_failed_forecaster_gets_the_worst_values_without_an_error():
    rows = []
    for system in VPTS:
        rows += failed_row(system, 0) + failed_row(system, 1, reason="fit raised ValueError: x")
    summary = summarize(table(rows))
    assert set(summary.metric) == {"vpt_smape", "vpt_nrmse", "smape"}
    vpt = row(summary, "vpt_smape")
    assert (vpt["median"], vpt.low, vpt.high) == (0.0, 0.0, 0.0)
    assert row(summary, "smape")["median"] == 200.0
    assert (summary.failed_share == 1.0).all()
    assert (summary.n_systems == 3).all() and (summary.n_cases == 6).all()
    reasons = summary.attrs["failure_reasons"]
    assert list(reasons["count"]) == [3, 3] and set(reasons.failed) == {6}


def test_counts_on_a_hand_built_table():
    rows = ok_rows("A", 0, scores(1.0)) + ok_rows("A", 1, scores(2.0)) + failed_row("A", 2)
    rows += ok_rows("B", 0, scores(3.0, r2=np.nan)) + ok_rows("B", 1, scores(1.0, r2=0.5))
    rows += ok_rows("C", 0, scores(4.0, r2=0.1)) + failed_row("C", 1)
    summary = summarize(table(rows))
    vpt = row(summary, "vpt_smape")
    assert (vpt.n_systems, vpt.n_cases, vpt.n_undefined) == (3, 7, 0)
    assert vpt.failed_share == pytest.approx(2 / 7)
    assert vpt["median"] == pytest.approx(np.median([1.0, 2.0, 2.0]))  # A, B, C: (0, 4) -> 2
    r2 = row(summary, "r2")  # measured on B and C only; B's first case undefined
    assert (r2.n_systems, r2.n_cases, r2.n_undefined) == (2, 3, 1)
    # B: 0.5; C: median(0.1, -inf) = -inf; the median of the two is -inf
    assert r2["median"] == -math.inf
    assert "floor" not in summary  # no geometry metric in the table


def test_a_failed_case_counts_in_its_own_systems_metrics():
    rows = ok_rows("A", 0, scores(1.0, error_growth_10=0.5)) + failed_row("A", 1)
    rows += ok_rows("B", 0, scores(1.0)) + failed_row("B", 1)
    filled = case_scores(table(rows))
    assert set(filled.metric[filled.system == "B"]) == set(scores(1.0))
    assert (filled.metric[filled.failed & (filled.system == "A")] == "error_growth_10").sum() == 1


def test_metrics_sort_naturally():
    names = ["error_growth_10", "error_growth_2", "error_growth_1", "d_h", "vpt_smape"]
    assert sorted(names, key=natural_key) == [
        "d_h", "error_growth_1", "error_growth_2", "error_growth_10", "vpt_smape"]  # fmt: skip
    growth = {f"error_growth_{k}": 0.1 * k for k in (10, 2, 1)}
    summary = summarize(table(ok_rows("A", 0, scores(1.0, **growth))))
    listed = [m for m in summary.metric if m.startswith("error_growth_")]
    assert listed == ["error_growth_1", "error_growth_2", "error_growth_10"]


def test_floor_only_with_geometry_metrics():
    rows = ok_rows("A", 0, scores(1.0, d_h=0.3))
    rows[-1]["floor"] = 0.05
    summary = summarize(table(rows + failed_row("A", 1)))
    d_h = row(summary, "d_h")
    assert d_h.floor == 0.05 and d_h["median"] == pytest.approx((0.3 + 1.0) / 2)
    assert np.isnan(row(summary, "vpt_smape").floor)


def test_worst_values():
    assert [worst_value(m) for m in ("vpt_smape", "vpt_nrmse", "smape", "pearson", "d_h")] == [
        0.0, 0.0, 200.0, -1.0, 1.0]  # fmt: skip
    assert worst_value("r2") == -math.inf
    assert worst_value("nrmse") == worst_value("pe_1") == worst_value("d_stsp") == math.inf


def test_failure_reasons_most_common_first():
    rows = ok_rows("A", 0, scores(1.0)) + failed_row("A", 1, "x") + failed_row("B", 0, "y")
    rows += failed_row("B", 1, "y") + failed_row("C", 0, "")
    reasons = failure_reasons(table(rows), top=2)
    assert list(reasons.reason) == ["y", "x"] and list(reasons["count"]) == [2, 1]
    assert set(reasons.failed) == {4} and set(reasons.cases) == {5}


def test_the_leaderboard_counts_failures_the_same_way():
    results = half_failed_run()
    # and one case of a fourth system fails while the other is scored
    results = table([*results.to_dict("records"), *ok_rows("D", 0, scores(2.5, smape=20.0)),
                     *failed_row("D", 1)])  # fmt: skip
    board = scoring.summarize_cases(scoring.case_table(results))
    summary = summarize(results)
    vpt = row(summary, "vpt_smape")
    assert vpt["median"] == pytest.approx(board["median_vpt"])
    assert (vpt.low, vpt.high) == pytest.approx((board["median_vpt_low"],
                                                 board["median_vpt_high"]))  # fmt: skip
    assert row(summary, "vpt_nrmse")["median"] == pytest.approx(board["median_vpt_nrmse"])
    assert row(summary, "smape")["median"] == pytest.approx(board["median_smape"])
    assert vpt.failed_share == pytest.approx(board["failed_share"])
    assert (vpt.n_systems, vpt.n_cases) == (board["n_systems"], board["n_cases"])


def test_forecasters_are_summarised_apart():
    both = pd.concat([full_run("whole"), half_failed_run("half")], ignore_index=True)
    summary = summarize(both)
    assert row(summary, "vpt_smape", "whole").failed_share == 0.0
    assert row(summary, "vpt_smape", "half").failed_share == 0.5
    alone = row(summarize(half_failed_run("half")), "vpt_smape", "half")
    assert row(summary, "vpt_smape", "half")["median"] == alone["median"]


def test_reasons_differing_only_in_numbers_count_as_one():
    rows = failed_row("A", 0, "non-finite at t = 47.26 [nan]") + failed_row(
        "A", 1, "non-finite at t = 3 [-inf]"
    )
    rows += failed_row("B", 0, "boom") + ok_rows("B", 1, scores(1.0))
    reasons = failure_reasons(table(rows))
    assert list(reasons.reason) == ["non-finite at t = 47.26 [nan]", "boom"]
    assert list(reasons["count"]) == [2, 1]
