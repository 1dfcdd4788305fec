"""Valid prediction times and error growth."""

import math

import numpy as np
import pytest

import chaosbench
from chaosbench.evaluation.metrics import horizon as hz

DT = 0.01


@pytest.fixture(scope="module")
def segment(lorenz_pair):
    return lorenz_pair[0][:500]


@pytest.mark.parametrize(
    "function", [hz.valid_prediction_time_smape, hz.valid_prediction_time_nrmse]
)
def test_perfect_forecast_scores_the_full_horizon(function, segment, lorenz_lyapunov_time):
    vpt = function(segment, segment.copy(), DT, lorenz_lyapunov_time)
    assert vpt == pytest.approx(len(segment) * DT / lorenz_lyapunov_time, rel=1e-12)


@pytest.mark.parametrize("k", [0, 1, 37, 499])
def test_nrmse_vpt_counts_the_leading_good_points(k, segment, lorenz_lyapunov_time):
    forecast = segment.copy()
    forecast[k:] += 100.0  # error far above 0.5 attractor sizes from step k on
    vpt = hz.valid_prediction_time_nrmse(segment, forecast, DT, lorenz_lyapunov_time)
    assert vpt == pytest.approx(k * DT / lorenz_lyapunov_time, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("k", [0, 37, 499])
def test_smape_vpt_with_a_tiny_threshold_counts_the_leading_good_points(
    k, segment, lorenz_lyapunov_time
):
    forecast = segment.copy()
    forecast[k:] *= 1.5
    vpt = hz.valid_prediction_time_smape(
        segment, forecast, DT, lorenz_lyapunov_time, threshold=1e-9
    )
    assert vpt == pytest.approx(k * DT / lorenz_lyapunov_time, rel=1e-12, abs=1e-15)


def test_smape_vpt_is_cumulative():
    # 17 perfect points, then sign-flipped ones (each term 1): S(n) = 200 (n - 17) / n.
    # S(20) = 30 and S(21) = 800/21 = 38.1, so with threshold 35 the 21st point (index 20)
    # is the first failure and 20 points are valid.
    truth = np.linspace(1.0, 2.0, 40)
    forecast = truth.copy()
    forecast[17:] *= -1.0
    assert hz.valid_prediction_time_smape(truth, forecast, 0.1, 2.0, threshold=35.0) == (
        pytest.approx(20 * 0.1 / 2.0)
    )
    # threshold 50: 200 (n - 17) / n > 50 first at n = 23 (S = 52.2; S(22) = 45.5)
    assert hz.valid_prediction_time_smape(truth, forecast, 0.1, 2.0, threshold=50.0) == (
        pytest.approx(22 * 0.1 / 2.0)
    )


def test_nrmse_vpt_by_hand():
    # truth of RMS size s = sqrt(mean |y - mean|^2) = 1 (points +-1 around 0)
    truth = np.array([[1.0], [-1.0], [1.0], [-1.0]])
    forecast = truth + np.array([[0.1], [0.4], [0.6], [0.0]])  # e = 0.1, 0.4, 0.6, 0
    assert hz.valid_prediction_time_nrmse(truth, forecast, 1.0, 1.0) == 2.0
    assert hz.valid_prediction_time_nrmse(truth, forecast, 1.0, 1.0, threshold=0.7) == 4.0
    # a given scale of 2 halves the errors: 0.3 stays below 0.5 throughout
    assert hz.valid_prediction_time_nrmse(truth, forecast, 1.0, 1.0, scale=2.0) == 4.0


def test_error_growth_times_and_exponential_rate(lorenz_lyapunov_time):
    lorenz = chaosbench.get("Lorenz")
    _, truth = lorenz.trajectory(1500, dt=DT, transient=500)
    _, forecast = lorenz.trajectory(1500, dt=DT, ic=truth[0] + [1e-8, 0.0, 0.0])
    truth, forecast = truth[1:], forecast[1:]
    times, errors = hz.error_growth(truth, forecast, DT, lorenz_lyapunov_time, scale=10.0)
    assert times[0] == pytest.approx(DT / lorenz_lyapunov_time)
    assert np.allclose(np.diff(times), DT / lorenz_lyapunov_time)
    # between errors 1e-7 and 1e-2 (well before saturation) log e grows about 1 per
    # Lyapunov time; the local rate fluctuates on Lorenz, so allow 40%
    window = (errors > 1e-7) & (errors < 1e-2)
    slope = np.polyfit(times[window], np.log(errors[window]), 1)[0]
    assert slope == pytest.approx(1.0, rel=0.4)


def test_prediction_error_by_hand():
    truth = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    forecast = truth + np.array([[1.0, 0.0], [0.0, 2.0], [5.0, 5.0]])
    assert hz.prediction_error(truth, forecast, 1) == pytest.approx(math.sqrt(1 / 2))
    assert hz.prediction_error(truth, forecast, 2) == pytest.approx(math.sqrt(5 / 4))
    assert hz.prediction_error(truth, forecast, 3) == pytest.approx(math.sqrt(55 / 6))


def test_bad_inputs_name_the_argument(segment):
    f = segment.copy()
    for function in (
        hz.valid_prediction_time_smape,
        hz.valid_prediction_time_nrmse,
        hz.error_growth,
    ):
        with pytest.raises(ValueError, match="'forecast'"):
            function(segment, f[:-1], DT, 1.0)
        with pytest.raises(ValueError, match="'dt'"):
            function(segment, f, -DT, 1.0)
        with pytest.raises(ValueError, match="'lyapunov_time'"):
            function(segment, f, DT, 0.0)
        bad = segment.copy()
        bad[3, 1] = np.nan
        with pytest.raises(ValueError, match="'truth'"):
            function(bad, f, DT, 1.0)
    with pytest.raises(ValueError, match="'threshold'"):
        hz.valid_prediction_time_nrmse(segment, f, DT, 1.0, threshold=-1.0)
    with pytest.raises(ValueError, match="'scale'"):
        hz.valid_prediction_time_nrmse(segment, f, DT, 1.0, scale=0.0)
    with pytest.raises(ValueError, match="'n'"):
        hz.prediction_error(segment, f, len(segment) + 1)
    with pytest.raises(ValueError, match="'n'"):
        hz.prediction_error(segment, f, 0)
