"""The reliable horizon of integrated trajectories."""

import numpy as np
import pytest

import chaosbench
from chaosbench import Declaration, InvalidParameterError, System
from chaosbench.analysis.horizon import reliable_horizon

DT = 0.01


@pytest.fixture(scope="module")
def lorenz():
    return chaosbench.get("Lorenz")


@pytest.fixture(scope="module")
def lorenz_ics(lorenz):
    # eight points on the attractor, three time units apart
    return lorenz.trajectory(8, dt=3.0, transient=10)[1]


def _lorenz_horizons(lorenz, ics, rtol, n=7000, transient=0):
    t, X = lorenz.ensemble(ics, n, dt=DT, transient=transient, rtol=rtol)
    return t, reliable_horizon(lorenz, X, t, ics=ics, rtol=rtol)


def test_lorenz_horizon_matches_error_growth_and_grows_with_accuracy(lorenz, lorenz_ics):
    # an error of ~1e-9 relative grows like exp(0.906 t) up to 1e-3 of the attractor:
    # ln(1e6) / 0.906 ~ 15 time units ~ 14 Lyapunov times; each factor 1000 in
    # tolerance buys ln(1000) / 0.906 ~ 7.6 time units more
    lyapunov_time = lorenz.annotations["lyapunov_time"]
    t, loose = _lorenz_horizons(lorenz, lorenz_ics, 1e-9)
    _, tight = _lorenz_horizons(lorenz, lorenz_ics, 1e-12)
    span = t[-1] - t[0]
    assert np.all(np.isfinite(loose)) and np.all(np.isfinite(tight))
    assert np.all(tight <= span)
    loose, tight = loose / lyapunov_time, tight / lyapunov_time
    assert np.all((loose > 5) & (loose < 40))
    assert np.all((tight > 5) & (tight < 40))
    assert np.median(tight) - np.median(loose) > 3
    assert np.mean(tight > loose) >= 0.75


def test_horizon_counts_from_the_first_output(lorenz, lorenz_ics):
    # discarding 500 steps replays the same integration (the output grid does not
    # change the steps), so the horizon is exactly 500 steps shorter
    _, whole = _lorenz_horizons(lorenz, lorenz_ics, 1e-9)
    t, later = _lorenz_horizons(lorenz, lorenz_ics, 1e-9, n=6500, transient=500)
    assert t[0] == pytest.approx(500 * DT)
    np.testing.assert_allclose(later, whole - 500 * DT, atol=1e-9)


def test_tolerance_at_the_floor_still_gets_a_distinct_reference(lorenz, lorenz_ics):
    # at rtol=1e-14 the reference cannot be tighter, and with a negligible atol the
    # same tolerances would repeat X bit for bit (an infinite horizon); the reference
    # starts one ulp away instead, so the horizon is finite and limited by rounding:
    # ln(1e-3 / 1e-16) / 0.906 ~ 30 time units
    ics = lorenz_ics[:4]
    t, X = lorenz.ensemble(ics, 5000, dt=DT, rtol=1e-14, atol=1e-300)
    horizon = reliable_horizon(lorenz, X, t, ics=ics, rtol=1e-14, atol=1e-300)
    assert np.all((horizon > 15) & (horizon < 45))


@pytest.fixture(scope="module")
def oscillator():
    return System(
        Declaration(
            name="HarmonicOscillator",
            kind="flow",
            variables=("x", "v"),
            parameters={"omega": 1.0},
            equations=("v", "-omega**2*x"),
            ic=(1.0, 0.0),
            citation="Test (2026).",
            field="mathematics",
        )
    )


def test_regular_motion_never_separates(oscillator):
    # a hundred periods: phase errors grow only linearly and stay far below 1e-3
    ics = np.array([[1.0, 0.0], [0.0, 2.0], [-3.0, 1.0]])
    t, X = oscillator.ensemble(ics, 6284, dt=0.1)
    horizon = reliable_horizon(oscillator, X, t, ics=ics)
    assert horizon.shape == (3,)
    assert np.all(horizon == np.inf)
    # the same trajectories separate at once against a threshold below their error
    strict = reliable_horizon(oscillator, X, t, ics=ics, threshold=1e-14)
    assert np.all(strict < t[-1] - t[0])


def test_explicit_scale_and_parameters(oscillator):
    ics = np.array([[1.0, 0.0], [1.0, 0.0]])
    omegas = np.array([[1.0], [2.0]])
    t, X = oscillator.ensemble(ics, 2000, dt=0.1, parameters=omegas)
    # with the wrong parameters the reference runs at another frequency and separates
    wrong = reliable_horizon(oscillator, X, t, ics=ics, parameters={"omega": 1.0})
    assert wrong[0] == np.inf and wrong[1] < 5.0
    right = reliable_horizon(oscillator, X, t, ics=ics, parameters=omegas, scale=[1.0, 1.0])
    assert np.all(right == np.inf)


def test_henon_shadowing_horizon():
    # one ulp (~1e-16) grows like exp(0.42 n) up to 1e-3: ln(1e13) / 0.42 ~ 71 iterations
    henon = chaosbench.get("Henon")
    ics = henon.trajectory(4000, transient=1000)[1][::100]  # 40 well-separated starts
    n, X = henon.ensemble(ics, 400)
    horizon = reliable_horizon(henon, X, n, ics=ics)
    assert np.all(np.isfinite(horizon))
    assert np.all(horizon == np.round(horizon))
    assert np.all((horizon > 30) & (horizon < 130))
    assert 55 < np.median(horizon) < 90


@pytest.fixture(scope="module")
def small_case(lorenz, lorenz_ics):
    ics = lorenz_ics[:2]
    t, X = lorenz.ensemble(ics, 50, dt=DT)
    return t, X, ics


@pytest.mark.parametrize(
    ("argument", "change"),
    [
        ("X", {"X": np.zeros((2, 50))}),
        ("X", {"X": np.zeros((2, 50, 2))}),
        ("X", {"X": np.full((2, 50, 3), np.nan)}),
        ("t", {"t": np.arange(49) * DT}),
        ("t", {"t": np.linspace(0.0, 1.0, 50) ** 2}),
        ("t", {"t": -DT * np.arange(50)}),
        ("ics", {"ics": np.zeros((3, 3))}),
        ("ics", {"ics": np.zeros(3)}),
        ("parameters", {"parameters": np.ones((3, 3))}),
        ("threshold", {"threshold": 0.0}),
        ("threshold", {"threshold": -1e-3}),
        ("scale", {"scale": -1.0}),
        ("scale", {"scale": [1.0, 2.0, 3.0]}),
        ("rtol", {"rtol": 1e-16}),
        ("workers", {"workers": 0}),
        ("system", {"system": "Lorenz"}),
    ],
)
def test_bad_arguments_are_named(lorenz, small_case, argument, change):
    t, X, ics = small_case
    arguments = {"system": lorenz, "X": X, "t": t, "ics": ics, **change}
    system, X, t = arguments.pop("system"), arguments.pop("X"), arguments.pop("t")
    with pytest.raises(InvalidParameterError, match=f"'{argument}' parameter of reliable_horizon"):
        reliable_horizon(system, X, t, **arguments)


def test_still_trajectory_needs_an_explicit_scale(lorenz):
    origin = np.zeros((1, 3))  # a fixed point of Lorenz
    t, X = lorenz.ensemble(origin, 20, dt=DT)
    with pytest.raises(InvalidParameterError, match=r"'scale'.*does not move"):
        reliable_horizon(lorenz, X, t, ics=origin)
    assert reliable_horizon(lorenz, X, t, ics=origin, scale=1.0)[0] == np.inf
