"""Pointwise metrics: hand-computed values, library cross-checks, properties, bad input."""

import math

import numpy as np
import pytest
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from chaosbench.evaluation.metrics import pointwise as pw

# truth y and forecast f, 3 steps x 2 dimensions; f - y = [[1, 0], [-2, 2], [0, -3]]
Y = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 4.0]])
F = np.array([[2.0, 2.0], [1.0, 1.0], [0.0, 1.0]])
H = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 1.0], [2.0, 5.0]])


def test_mse_mae_rmse_by_hand():
    # squares 1, 0, 4, 4, 0, 9 sum to 18 over 6 entries; absolutes 1, 0, 2, 2, 0, 3 sum to 8
    assert pw.mse(Y, F) == pytest.approx(3.0, rel=1e-15)
    assert pw.mae(Y, F) == pytest.approx(8 / 6, rel=1e-15)
    assert pw.rmse(Y, F) == pytest.approx(math.sqrt(3.0), rel=1e-15)


def test_nrmse_by_hand():
    # dim 0: truth 1, 3, 0 has variance 14/9 and RMSE sqrt(5/3) -> ratio 3 sqrt(5/42)
    # dim 1: truth 2, -1, 4 has variance 38/9 and RMSE sqrt(13/3) -> ratio 3 sqrt(13/114)
    expected = (3 * math.sqrt(5 / 42) + 3 * math.sqrt(13 / 114)) / 2
    assert pw.nrmse(Y, F) == pytest.approx(expected, rel=1e-14)
    # with an explicit scale: (sqrt(5/3) / 2 + sqrt(13/3) / 4) / 2
    explicit = (math.sqrt(5 / 3) / 2 + math.sqrt(13 / 3) / 4) / 2
    assert pw.nrmse(Y, F, scale=[2.0, 4.0]) == pytest.approx(explicit, rel=1e-14)
    assert pw.nrmse(Y, F, scale=2.0) == pytest.approx(
        (math.sqrt(5 / 3) + math.sqrt(13 / 3)) / 4, rel=1e-14
    )


def test_nrmse_of_the_mean_forecast_is_one():
    y = np.random.default_rng(0).normal(size=(50, 3))
    assert pw.nrmse(y, np.broadcast_to(y.mean(axis=0), y.shape)) == pytest.approx(1.0)


def test_smape_by_hand():
    # dim 0 terms 1/3, 2/4, 0 (0/0 counts 0): 200/3 * 5/6 = 500/9
    # dim 1 terms 0/4, 2/2, 3/5: 200/3 * 8/5 = 960/9; mean (500/9 + 960/9) / 2 = 730/9
    assert pw.smape(Y, F) == pytest.approx(730 / 9, rel=1e-14)
    assert pw.smape([0.0, 1.0], [0.0, -1.0]) == pytest.approx(100.0)  # 200/2 * (0 + 1)
    assert pw.smape([1.0, 1.0], [0.0, 0.0]) == pytest.approx(200.0)


def test_mase_by_hand():
    # naive in-sample errors: diffs [1, 2], [2, -1], [-1, 4] -> Q = [4/3, 7/3]
    # forecast MAE = [1, 5/3] -> (3/4 + 5/7) / 2 = 41/56
    assert pw.mase(Y, F, H) == pytest.approx(41 / 56, rel=1e-14)
    # season 2: h[2] - h[0] = [3, 1], h[3] - h[1] = [1, 3] -> Q = [2, 2] -> (1/2 + 5/6) / 2
    assert pw.mase(Y, F, H, season=2) == pytest.approx(2 / 3, rel=1e-14)


def test_r2_by_hand_and_against_sklearn():
    # residual sum 18; total sum of squares 42/9 + 114/9 = 52/3 -> 1 - 54/52 = -1/26
    assert pw.r2(Y, F) == pytest.approx(-1 / 26, rel=1e-13)
    rng = np.random.default_rng(1)
    y = rng.normal(size=(40, 3)) * [1.0, 5.0, 0.2]
    f = y + rng.normal(size=y.shape)
    expected = r2_score(y, f, multioutput="variance_weighted")
    assert pw.r2(y, f) == pytest.approx(expected, rel=1e-12)
    assert pw.r2(y[:, 0], f[:, 0]) == pytest.approx(r2_score(y[:, 0], f[:, 0]), rel=1e-12)


def test_mse_mae_against_sklearn():
    rng = np.random.default_rng(2)
    y, f = rng.normal(size=(30, 4)), rng.normal(size=(30, 4))
    assert pw.mse(y, f) == pytest.approx(mean_squared_error(y, f), rel=1e-12)
    assert pw.mae(y, f) == pytest.approx(mean_absolute_error(y, f), rel=1e-12)


def test_correlations_by_hand():
    # dim 0: centred truth [-1/3, 5/3, -4/3], forecast [1, 0, -1]: 1 / sqrt(42/9 * 2)
    # dim 1: centred truth [1/3, -8/3, 7/3], forecast [2/3, -1/3, -1/3]: (1/3) / sqrt(114/9 * 2/3)
    expected = (3 / math.sqrt(84) + 1 / math.sqrt(76)) / 2
    assert pw.pearson(Y, F) == pytest.approx(expected, rel=1e-13)
    # ranks dim 0: [2, 3, 1] vs [3, 2, 1] -> 1/2; dim 1: [2, 1, 3] vs [3, 1.5, 1.5] -> 0
    assert pw.spearman(Y, F) == pytest.approx(0.25, rel=1e-13)


def test_correlations_against_scipy():
    rng = np.random.default_rng(3)
    y = rng.normal(size=(25, 3))
    f = y + rng.normal(size=y.shape)
    f[:5, 1] = f[0, 1]  # ties
    expected_p = np.mean([pearsonr(y[:, j], f[:, j])[0] for j in range(3)])
    expected_s = np.mean([spearmanr(y[:, j], f[:, j])[0] for j in range(3)])
    assert pw.pearson(y, f) == pytest.approx(expected_p, rel=1e-12)
    assert pw.spearman(y, f) == pytest.approx(expected_s, rel=1e-12)


def test_constant_series_give_nan_without_warning():
    y = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]])
    assert math.isnan(pw.pearson(y, y))
    assert math.isnan(pw.spearman(y, y))
    assert math.isnan(pw.r2(np.ones((4, 2)), np.zeros((4, 2))))


def test_perfect_forecast_scores_zero_distance():
    y = np.random.default_rng(4).normal(size=(20, 3))
    for name in ("mse", "mae", "rmse", "nrmse", "smape"):
        assert pw.POINTWISE[name](y, y) == 0.0
    assert pw.r2(y, y) == 1.0
    assert pw.pearson(y, y) == pytest.approx(1.0)
    assert pw.spearman(y, y) == pytest.approx(1.0)


def test_registry_holds_the_two_argument_metrics():
    assert set(pw.POINTWISE) == {
        "mse", "mae", "rmse", "nrmse", "smape", "r2", "pearson", "spearman"
    }  # fmt: skip
    for function in pw.POINTWISE.values():
        assert isinstance(function(Y, F), float)


@pytest.mark.parametrize("name", sorted(pw.POINTWISE))
def test_bad_inputs_name_the_argument(name):
    function = pw.POINTWISE[name]
    with pytest.raises(ValueError, match="'forecast'"):
        function(Y, F[:2])
    with pytest.raises(ValueError, match="'truth'"):
        function(np.where(Y == 0, np.nan, Y), F)
    with pytest.raises(ValueError, match="'forecast'"):
        function(Y, np.where(F == 1, np.inf, F))
    with pytest.raises(ValueError, match="'truth'"):
        function(np.zeros((3, 2, 1)), np.zeros((3, 2, 1)))


def test_mase_and_nrmse_bad_inputs():
    with pytest.raises(ValueError, match="'history'"):
        pw.mase(Y, F, np.ones((4, 2)))  # the naive forecast is perfect in sample
    with pytest.raises(ValueError, match="'history'"):
        pw.mase(Y, F, H[:, :1])
    with pytest.raises(ValueError, match="'history'"):
        pw.mase(Y, F, [[np.nan, 1.0], [1.0, 2.0]])
    with pytest.raises(ValueError, match="'season'"):
        pw.mase(Y, F, H, season=0)
    with pytest.raises(ValueError, match="'scale'"):
        pw.nrmse(Y, F, scale=[1.0, -1.0])
    with pytest.raises(ValueError, match="'scale'"):
        pw.nrmse(Y, F, scale=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="'truth'"):
        pw.nrmse(np.ones((3, 2)), F)
