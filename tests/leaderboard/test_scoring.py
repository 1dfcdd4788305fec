"""Win rate, skill score and their intervals on hand-made case tables."""

import math

import numpy as np
import pandas as pd
import pytest

from chaosbench.leaderboard.scoring import (
    CASE_METRICS,
    FAILED_SMAPE,
    case_table,
    claim_problems,
    summarize_cases,
    system_table,
)


def cases(vpt, base_vpt, smape, base_smape, status=None, systems=None):
    n = len(vpt)
    return pd.DataFrame({
        "system": systems or [f"S{i}" for i in range(n)],
        "ic": [0] * n if systems is None else list(range(n)),
        "status": status or ["ok"] * n,
        "vpt_smape": vpt,
        "vpt_nrmse": vpt,
        "smape": smape,
        "baseline_status": ["ok"] * n,
        "baseline_vpt_smape": base_vpt,
        "baseline_smape": base_smape,
    })  # fmt: skip


def test_win_rate_counts_ties_half_and_failures_as_losses():
    table = cases([2.0, 1.0, 0.5, np.nan], [1.0, 1.0, 1.0, 0.0], [50.0] * 4, [50.0] * 4,
                  status=["ok", "ok", "ok", "failed"])  # fmt: skip
    summary = summarize_cases(table)
    assert summary["win_rate"] == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    assert summary["failed_share"] == 0.25


def test_skill_score_is_one_minus_median_error_ratio():
    table = cases([1.0] * 3, [1.0] * 3, [10.0, 40.0, np.nan], [20.0, 20.0, 50.0],
                  status=["ok", "ok", "failed"])  # fmt: skip
    ratios = sorted([10 / 20, 40 / 20, FAILED_SMAPE / 50])
    assert summarize_cases(table)["skill_score"] == pytest.approx(1 - np.median(ratios))
    same = cases([1.0] * 3, [1.0] * 3, [20.0] * 3, [20.0] * 3)
    assert summarize_cases(same)["skill_score"] == 0.0
    perfect = cases([1.0] * 3, [1.0] * 3, [0.0] * 3, [20.0] * 3)
    assert summarize_cases(perfect)["skill_score"] == 1.0


def test_systems_without_a_baseline_error_are_left_out_of_the_skill_score():
    table = cases([1.0, 1.0], [1.0, 1.0], [10.0, 10.0], [20.0, 0.0])
    assert system_table(table).smape_ratio.isna().tolist() == [False, True]
    assert summarize_cases(table)["skill_score"] == pytest.approx(0.5)


def test_medians_are_per_system_first_and_count_failures_as_zero():
    table = cases([3.0, 5.0, np.nan, 1.0], [0.0] * 4, [1.0] * 4, [1.0] * 4,
                  status=["ok", "ok", "failed", "ok"],
                  systems=["A", "A", "B", "C"])  # fmt: skip
    per_system = system_table(table).set_index("system")
    assert per_system.vpt_smape.to_dict() == {"A": 4.0, "B": 0.0, "C": 1.0}
    assert summarize_cases(table)["median_vpt"] == 1.0


def test_geometry_medians_count_a_failed_case_as_the_worst_value():
    # system A: one case scored, one failed; B: both failed; C: one scored, one undefined
    table = cases([1.0] * 6, [0.0] * 6, [1.0] * 6, [1.0] * 6,
                  status=["ok", "failed", "failed", "failed", "ok", "ok"],
                  systems=["A", "A", "B", "B", "C", "C"])  # fmt: skip
    table["d_stsp"] = [2.0, np.nan, np.nan, np.nan, 3.0, np.nan]
    table["d_h"] = [0.25, np.nan, np.nan, np.nan, 0.5, np.nan]
    per_system = system_table(table).set_index("system")
    assert per_system.d_stsp.to_dict() == {"A": math.inf, "B": math.inf, "C": 3.0}
    assert per_system.d_h.to_dict() == {"A": 0.625, "B": 1.0, "C": 0.5}
    summary = summarize_cases(table)
    assert summary["median_d_stsp"] == math.inf  # two systems of three are infinite
    assert summary["median_d_h"] == 0.625


def test_an_infinite_geometry_median_reads_failed():
    from chaosbench.leaderboard.markdown import number

    assert number(math.inf) == "failed"
    assert number(math.nan) == "-"
    assert number(0.5, 2) == "0.50"


def test_intervals_are_deterministic_and_hold_the_estimate():
    rng = np.random.default_rng(3)
    n = 40
    table = cases(list(rng.uniform(0, 5, n)), list(rng.uniform(0, 5, n)),
                  list(rng.uniform(10, 100, n)), list(rng.uniform(10, 100, n)))  # fmt: skip
    first, second = summarize_cases(table), summarize_cases(table)
    assert first == second
    for key in ("win_rate", "skill_score", "median_vpt"):
        assert first[f"{key}_low"] <= first[key] <= first[f"{key}_high"]
        assert first[f"{key}_low"] < first[f"{key}_high"]


def test_claims_compare_with_a_relative_tolerance():
    summary = {"win_rate": 0.5, "skill_score": math.nan, "median_vpt": 0.0}
    assert claim_problems({"win_rate": 0.5 * (1 + 1e-7)}, summary) == []
    assert claim_problems({"skill_score": math.nan, "median_vpt": 0.0}, summary) == []
    assert len(claim_problems({"win_rate": 0.5 * (1 + 1e-5)}, summary)) == 1
    assert claim_problems({"median_vpt": 1e-6}, summary)[0].startswith(
        "submission.toml: claimed median_vpt = 1e-06, recomputed 0.0"
    )


def test_case_table_has_one_row_per_case_when_a_case_fails():
    # case (A, 1) failed while (B, 1) was scored: the failed case must not also
    # appear as an empty "ok" row
    rows = [
        {"system": s, "ic": i, "status": "ok", "metric": m, "value": 1.0}
        for s, i in (("A", 0), ("B", 0), ("B", 1))
        for m in CASE_METRICS
    ]
    rows.append({"system": "A", "ic": 1, "status": "failed", "metric": "status", "value": None})
    rows.append({"system": "A", "ic": -1, "status": "timing", "metric": "fit_seconds",
                 "value": 0.1})  # fmt: skip
    table = case_table(pd.DataFrame(rows))
    assert list(zip(table.system, table.ic, table.status)) == [
        ("A", 0, "ok"), ("A", 1, "failed"), ("B", 0, "ok"), ("B", 1, "ok"),
    ]  # fmt: skip
    assert table.loc[table.status == "failed", list(CASE_METRICS)].isna().all(axis=None)
