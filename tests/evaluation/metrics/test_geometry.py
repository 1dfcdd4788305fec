"""Attractor-geometry metrics: exact cases, separation from the floor, Lyapunov estimate."""

import math

import numpy as np
import pytest

import chaosbench
from chaosbench.evaluation.metrics import geometry as geo

LORENZ_LAMBDA = 0.906


@pytest.fixture(scope="module")
def blob(lorenz_pair):
    """Gaussian points with the Lorenz attractor's mean and covariance."""
    truth, _ = lorenz_pair
    rng = np.random.default_rng(0)
    return rng.multivariate_normal(truth.mean(axis=0), np.cov(truth.T), size=len(truth))


@pytest.fixture(scope="module")
def lorenz96_six():
    """Lorenz96 with n = 6 (F = 8, largest exponent about 1.1: chaotic), two independent
    runs and a Gaussian blob of matching mean and covariance."""
    system = chaosbench.get("Lorenz96", n=6)
    _, truth = system.trajectory(6000, dt=0.05, transient=500)
    _, reference = system.trajectory(6000, dt=0.05, transient=500, ic=system.ic + np.arange(6))
    rng = np.random.default_rng(1)
    blob = rng.multivariate_normal(truth.mean(axis=0), np.cov(truth.T), size=len(truth))
    return truth, reference, blob


def test_perfect_forecast_scores_zero(lorenz_pair):
    truth, _ = lorenz_pair
    assert geo.state_space_divergence(truth, truth.copy()) == 0.0
    assert geo.state_space_divergence_gmm(truth, truth.copy(), n_samples=200) == 0.0
    assert geo.power_spectrum_distance(truth, truth.copy()) == 0.0


def test_binned_divergence_by_hand():
    # 1-D, two bins over [0, 2]; truth -> p = [1/2, 1/2]; the forecast point 5.0 lies
    # outside and is counted in the edge bin 1 -> q = [3/4, 1/4]. Smoothing 0.1 over
    # B = 2 bins: p~ = (p + 0.1) / 1.2 = [1/2, 1/2], q~ = [0.85, 0.35] / 1.2.
    truth = [0.5, 0.5, 1.5, 1.5]
    forecast = [0.5, 0.5, 0.5, 5.0]
    q = np.array([0.85, 0.35]) / 1.2
    expected = 0.5 * math.log(0.5 / q[0]) + 0.5 * math.log(0.5 / q[1])
    value = geo.state_space_divergence(truth, forecast, bins=2, smoothing=0.1, bounds=[[0, 2]])
    assert value == pytest.approx(expected, rel=1e-13)
    # default bounds: truth's [0.5, 1.5] extended by 10% of the span -> [0.4, 1.6];
    # bins=2 splits at 1.0, and -3.0 falls in the edge bin 0 -> q = [3/4, 1/4] again
    value = geo.state_space_divergence(truth, [0.5, -3.0, 0.9, 1.2], bins=2, smoothing=0.1)
    assert value == pytest.approx(expected, rel=1e-13)
    # without smoothing, a bin the truth visits but the forecast misses gives inf
    assert geo.state_space_divergence(truth, [0.5] * 4, bins=2, smoothing=0.0) == math.inf


def test_spectrum_distance_exact_cases():
    t = np.arange(256)
    sine = np.sin(2 * np.pi * 5 * t / 256)
    cosine = np.cos(2 * np.pi * 5 * t / 256)
    far = np.sin(2 * np.pi * 60 * t / 256)
    assert geo.power_spectrum_distance(sine, cosine, smoothing=0.0) == pytest.approx(0, abs=1e-7)
    assert geo.power_spectrum_distance(sine, far, smoothing=0.0) == pytest.approx(1.0)
    # smoothing blurs the two lines towards each other
    assert geo.power_spectrum_distance(sine, far, smoothing=20.0) < 1.0


def test_shuffled_forecast_spectrum_far_above_floor(lorenz_pair):
    truth, reference = lorenz_pair
    shuffled = truth[np.random.default_rng(5).permutation(len(truth))]
    result = geo.with_floor(geo.power_spectrum_distance, truth, shuffled, reference)
    assert result["floor"] < 0.1
    assert result["value"] > 0.5
    assert result["value"] > 10 * result["floor"]


def test_gaussian_blob_state_space_far_above_floor(lorenz_pair, blob):
    truth, reference = lorenz_pair
    result = geo.with_floor(geo.state_space_divergence, truth, blob, reference)
    assert result["floor"] < 0.5
    assert result["value"] > 4 * result["floor"]


def test_gmm_divergence_separates_blob_on_lorenz96(lorenz96_six):
    truth, reference, blob = lorenz96_six
    result = geo.with_floor(geo.state_space_divergence, truth, blob, reference)  # auto -> gmm
    assert result["value"] > 4 * result["floor"]
    assert result["value"] == geo.state_space_divergence_gmm(truth, blob)
    # deterministic under a seed; another seed changes only the Monte-Carlo noise
    assert geo.state_space_divergence_gmm(truth, blob, seed=3) == pytest.approx(
        result["value"], rel=0.3
    )


def test_lorenz_largest_exponent_from_series():
    _, X = chaosbench.get("Lorenz").trajectory(20000, dt=0.01)
    estimate = geo.max_lyapunov_from_series(X, 0.01)
    assert estimate == pytest.approx(LORENZ_LAMBDA, rel=0.25)


def test_lyapunov_and_dimension_errors_against_floor(lorenz_pair, blob):
    truth, reference = lorenz_pair
    lyap = geo.with_floor(geo.max_lyapunov_error, truth, blob, reference, dt=0.01)
    assert lyap["floor"] < 0.25
    assert lyap["value"] > 1.0  # the blob has no dynamics: no exponent near 0.9
    dim = geo.with_floor(geo.correlation_dimension_error, truth, blob, reference, max_points=2000)
    assert dim["floor"] < 0.1
    assert dim["value"] > 0.2  # a 3-D Gaussian fills space: D2 near 3, not 2.05


def test_bad_inputs_name_the_argument(lorenz_pair):
    truth, reference = lorenz_pair
    short = truth[:100]
    for function in (
        geo.state_space_divergence,
        geo.state_space_divergence_gmm,
        geo.power_spectrum_distance,
        geo.correlation_dimension_error,
    ):
        with pytest.raises(ValueError, match="'forecast'"):
            function(short, short[:, :2])
        bad = short.copy()
        bad[0, 0] = np.nan
        with pytest.raises(ValueError, match="'truth'"):
            function(bad, short)
    with pytest.raises(ValueError, match="'method'"):
        geo.state_space_divergence(short, short, method="kde")
    with pytest.raises(ValueError, match="'bounds'"):
        geo.state_space_divergence(short, short, bounds=[[0, 1]] * 2)
    with pytest.raises(ValueError, match="'bounds'"):
        geo.state_space_divergence(short, short, bounds=[[1, 0]] * 3)
    with pytest.raises(ValueError, match="'smoothing'"):
        geo.state_space_divergence(short, short, smoothing=-1.0)
    with pytest.raises(ValueError, match="'sigma'"):
        geo.state_space_divergence_gmm(short, short, sigma=0.0)
    with pytest.raises(ValueError, match="'forecast'"):
        geo.power_spectrum_distance(short, np.ones_like(short))
    with pytest.raises(ValueError, match="'dt'"):
        geo.max_lyapunov_from_series(short, 0.0)
    with pytest.raises(ValueError, match="'X'"):
        geo.max_lyapunov_from_series(short[:10], 0.01)
    with pytest.raises(ValueError, match="'reference'"):
        geo.with_floor(geo.power_spectrum_distance, short, short, reference[:50])
