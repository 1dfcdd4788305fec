"""Lyapunov exponents against published values and exact identities."""

import numpy as np
import pytest

import chaosbench
from chaosbench.analysis.annotate import kaplan_yorke_dimension
from chaosbench.analysis.lyapunov import lyapunov_spectrum


def test_lorenz_spectrum_matches_literature():
    # Sprott (2003), Chaos and Time-Series Analysis: 0.9056, 0, -14.5723; D_KY = 2.0621
    lorenz = chaosbench.get("Lorenz")
    spectrum = lyapunov_spectrum(lorenz, interval=0.1, n_intervals=30000)  # 3000 time units
    assert spectrum[0] == pytest.approx(0.9056, rel=0.01)
    assert abs(spectrum[1]) < 0.01
    assert spectrum[2] == pytest.approx(-14.5723, rel=0.01)
    assert kaplan_yorke_dimension(spectrum) == pytest.approx(2.062, abs=0.01)
    assert spectrum.sum() == pytest.approx(-(10 + 1 + 8 / 3), rel=1e-6)  # constant divergence


def test_henon_spectrum_matches_literature():
    # Sprott (2003): 0.41922, -1.62319; the sum is log|det J| = log(b) exactly
    henon = chaosbench.get("Henon")
    spectrum = lyapunov_spectrum(henon, n_intervals=50000)
    assert spectrum[0] == pytest.approx(0.41922, abs=0.005)
    assert spectrum[1] == pytest.approx(-1.62319, abs=0.005)
    assert spectrum.sum() == pytest.approx(np.log(0.3), rel=1e-9)


def test_logistic_map_at_r4_has_exponent_ln2():
    logistic = chaosbench.get("Logistic")
    spectrum = lyapunov_spectrum(logistic, parameters={"r": 4.0}, ic=[0.2345], n_intervals=50000)
    assert spectrum[0] == pytest.approx(np.log(2.0), abs=0.01)


@pytest.mark.parametrize("name", ["Rossler", "Chua", "Halvorsen", "Thomas", "Ueda"])
def test_exponent_sum_equals_mean_divergence(name):
    # Liouville: along one orbit, the sum of the finite-time exponents is the time average of
    # tr J. The horizon is kept to a few Lyapunov times so that both integrations below
    # follow the same orbit, and the divergence is sampled finely (Chua's jumps at |x| = 1).
    system = chaosbench.get(name)
    horizon = 3 * system.annotations["lyapunov_time"]
    n_intervals = 50
    spectrum = lyapunov_spectrum(
        system,
        interval=horizon / n_intervals,
        n_intervals=n_intervals,
        transient_intervals=0,
        rtol=1e-11,
    )
    t, X = system.trajectory(200_001, dt=horizon / 200_000, rtol=1e-11)
    divergence = np.trace(system.jacobian(X, 0.0), axis1=-2, axis2=-1)
    if not system.autonomous:  # the divergence of Ueda does not depend on t
        np.testing.assert_allclose(divergence, -system.parameters["k"])
    mean = np.trapezoid(divergence, t) / (t[-1] - t[0])
    assert spectrum.sum() == pytest.approx(mean, rel=1e-2)


@pytest.mark.parametrize(
    ("exponents", "expected"),
    [([0.5, -1.0], 1.5), ([-0.1, -0.2], 0.0), ([0.1, 0.05], 2.0), ([1.0, 0.0, -2.0], 2.5)],
)
def test_kaplan_yorke_dimension(exponents, expected):
    assert kaplan_yorke_dimension(exponents) == pytest.approx(expected)
