"""Pearson and Spearman agree on constant series: a constant forecast scores 0, a
constant truth leaves both undefined (NaN)."""

import math
import warnings

import numpy as np
import pytest
from scipy.stats import pearsonr, spearmanr

from chaosbench.evaluation.metrics import pointwise as pw


@pytest.fixture
def truth():
    return np.random.default_rng(7).normal(size=(40, 3))


@pytest.mark.parametrize("value", [0.1, 1 / 3, -2.7e5, 0.0])
def test_constant_forecast_scores_zero_in_both(truth, value):
    forecast = np.full_like(truth, value)  # mean of repeated 0.1 is not exactly 0.1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pw.pearson(truth, forecast) == 0.0
        assert pw.spearman(truth, forecast) == 0.0


def test_a_constant_dimension_counts_zero_in_the_mean(truth):
    forecast = truth + np.random.default_rng(8).normal(size=truth.shape)
    forecast[:, 1] = 0.1
    pearson = np.mean([pearsonr(truth[:, j], forecast[:, j])[0] for j in (0, 2)] + [0.0])
    spearman = np.mean([spearmanr(truth[:, j], forecast[:, j])[0] for j in (0, 2)] + [0.0])
    assert pw.pearson(truth, forecast) == pytest.approx(pearson, rel=1e-12)
    assert pw.spearman(truth, forecast) == pytest.approx(spearman, rel=1e-12)


def test_constant_truth_is_undefined_in_both(truth):
    constant = truth.copy()
    constant[:, 2] = 0.1
    forecast = np.random.default_rng(9).normal(size=truth.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f in (forecast, np.full_like(truth, 0.1)):
            assert math.isnan(pw.pearson(constant, f))
            assert math.isnan(pw.spearman(constant, f))


def test_huge_finite_forecast_does_not_overflow(truth):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pw.pearson(truth, 1e300 * truth) == pytest.approx(1.0)
        assert pw.pearson(truth, -1e300 * truth) == pytest.approx(-1.0)
        assert pw.spearman(truth, 1e300 * truth) == pytest.approx(1.0)
