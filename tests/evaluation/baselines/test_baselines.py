"""Tests of the baseline forecasters: exactness on known cases, skill, checks, shapes."""

import numpy as np
import pytest

import chaosbench
from chaosbench.evaluation.baselines import (
    BASELINES,
    NVAR,
    ContextParroting,
    EchoStateNetwork,
    LastValue,
    LinearAR,
    Mean,
    NotFittedError,
    Oracle,
    PolynomialSINDy,
    RandomFeatureRidge,
)
from chaosbench.evaluation.baselines.sindy import polynomial_library

DT = 0.01


def make(name, **kwargs):
    cls = BASELINES[name]
    return cls("Lorenz", **kwargs) if cls is Oracle else cls(**kwargs)


@pytest.fixture(scope="module")
def lorenz():
    """5000 training points and a held-out stretch of Lorenz at dt = 0.01."""
    _, X = chaosbench.get("Lorenz").trajectory(6500, dt=DT, transient=500)
    return X[:5000], X[5000:]


@pytest.fixture(scope="module")
def tiny():
    """Two short Lorenz trajectories at dt = 0.02."""
    system = chaosbench.get("Lorenz")
    ics = system.ic + np.array([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]])
    _, X = system.ensemble(ics, 300, dt=0.02, transient=100, workers=1)
    return X


def nrmse(model, test, horizon, n_starts=10, context=300):
    """Mean over start points of the RMSE normalised by the truth's std per coordinate."""
    errors = []
    for k in range(n_starts):
        start = context + k * 100
        truth = test[start : start + horizon]
        prediction = model.forecast(test[start - context : start], horizon)
        errors.append(np.sqrt(np.mean((prediction - truth) ** 2 / truth.var(axis=0))))
    return float(np.mean(errors))


# --- exactness on hand-made cases ---------------------------------------------------


def test_last_value_repeats_last_point():
    context = np.array([[1.0, -2.0], [3.0, 4.5], [-7.0, 0.25]])
    out = LastValue().forecast(context, 4)
    np.testing.assert_array_equal(out, np.tile([-7.0, 0.25], (4, 1)))


def test_mean_uses_training_data_or_context():
    train = np.array([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]])  # 3-D input
    context = np.array([[100.0, 100.0]])
    np.testing.assert_array_equal(Mean().fit(train, 1.0).forecast(context, 2), [[3, 4], [3, 4]])
    np.testing.assert_array_equal(Mean().forecast(train[0], 1), [[1.0, 2.0]])


def test_parroting_continues_a_periodic_signal_exactly():
    period = 17
    t = np.arange(200)
    signal = np.column_stack([np.sin(2 * np.pi * t / period), np.cos(4 * np.pi * t / period)])
    out = ContextParroting(embedding=10).forecast(signal[:120], 80)
    np.testing.assert_allclose(out, signal[120:], atol=1e-12)


def test_parroting_copies_what_followed_the_nearest_window():
    context = np.array([0.0, 5.0, 1.0, 2.0, 3.0, 9.0, 8.0, 7.0, 1.1, 2.1])[:, None]
    # the window nearest to the last one, [1.1, 2.1], is [1.0, 2.0]; then 3, 9, 8, 7, 1.1, 2.1
    out = ContextParroting(embedding=2).forecast(context, 8).ravel()
    np.testing.assert_array_equal(out, [3.0, 9.0, 8.0, 7.0, 1.1, 2.1, 3.0, 9.0])


@pytest.mark.parametrize(
    ("lags", "alpha", "tolerance"), [(2, 0.0, 1e-9), (10, 0.0, 1e-9), (10, 1e-6, 2e-4)]
)
def test_linear_ar_recovers_an_ar2_process(lags, alpha, tolerance):
    theta, rho = 0.3, 0.995
    rotation = rho * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    A1 = 2.0 * rotation - 0.1 * np.eye(2)
    A2 = -(rotation @ rotation) + 0.1 * rotation  # x_{t+1} = A1 x_t + A2 x_{t-1}
    rng = np.random.default_rng(1)
    x = np.empty((400, 2))
    x[:2] = rng.normal(size=(2, 2))
    for t in range(1, 399):
        x[t + 1] = A1 @ x[t] + A2 @ x[t - 1]
    assert np.abs(x).max() < 1e3 and np.abs(x[-50:]).max() > 1e-2  # neither blows up nor dies
    model = LinearAR(lags=lags, alpha=alpha).fit([x[:300]], 1.0)
    out = model.forecast(x[:300], 100)
    scale = np.abs(x[300:]).max()
    np.testing.assert_allclose(out, x[300:], rtol=0, atol=tolerance * scale)


# --- skill on Lorenz ------------------------------------------------------------------


def test_nvar_forecasts_lorenz_for_50_steps(lorenz):
    train, test = lorenz
    error = nrmse(NVAR().fit([train], DT), test, 50)
    assert error < 0.1


def test_esn_and_random_features_beat_persistence(lorenz):
    train, test = lorenz
    persistence = nrmse(LastValue(), test, 20)
    assert persistence > 0.5
    for model in (EchoStateNetwork(seed=3), RandomFeatureRidge(seed=3)):
        error = nrmse(model.fit([train], DT), test, 20)
        assert error < 0.1 * persistence, (model.name, error, persistence)


def test_sindy_recovers_lorenz():
    _, X = chaosbench.get("Lorenz").trajectory(5000, dt=0.002, transient=100)
    model = PolynomialSINDy().fit([X], 0.002)
    sigma, rho, beta = 10.0, 28.0, 8.0 / 3.0
    # library order: 1, x0, x1, x2, x0^2, x0x1, x0x2, x1^2, x1x2, x2^2
    truth = np.zeros((3, 10))
    truth[0, [1, 2]] = -sigma, sigma
    truth[1, [1, 2, 6]] = rho, -1.0, -1.0
    truth[2, [3, 5]] = -beta, 1.0
    np.testing.assert_array_equal(model.coefficients_ != 0, truth != 0)
    np.testing.assert_allclose(model.coefficients_, truth, rtol=0.01)
    equations = model.equations()
    assert "^" not in "".join(equations) and "x0*x2" in equations[1]
    points = np.random.default_rng(0).normal(size=(5, 3)) * 10
    for i, text in enumerate(equations):
        for p in points:
            value = eval(text, {"__builtins__": {}}, {"x0": p[0], "x1": p[1], "x2": p[2]})
            expected = model.coefficients_[i] @ polynomial_library(p[None], model.terms_)[0]
            assert value == pytest.approx(expected, rel=1e-5, abs=1e-6)
    assert model.equations(names=["x", "y", "z"])[2].endswith("*x*y")
    prediction = model.forecast(X[:4000], 100)
    assert np.abs(prediction - X[4000:4100]).max() < 0.1


def test_oracle_matches_truth_for_one_lyapunov_time():
    lorenz = chaosbench.get("Lorenz")
    _, X = lorenz.trajectory(1200, dt=DT, transient=100, rtol=1e-12)
    steps = int(np.ceil(lorenz.annotations["lyapunov_time"] / DT))
    out = Oracle("Lorenz").fit([X], DT).forecast(X[:1000], steps)
    assert np.abs(out - X[1000 : 1000 + steps]).max() < 1e-5
    henon = chaosbench.get("Henon")
    _, Y = henon.trajectory(100, transient=10)
    steps = 2 * int(np.ceil(henon.annotations["lyapunov_time"]))
    assert np.abs(Oracle(henon).forecast(Y[:50], steps) - Y[50 : 50 + steps]).max() < 1e-5
    np.testing.assert_allclose(Oracle(henon, perturbation=0.0).forecast(Y[:50], 20), Y[50:70])


# --- determinism, checks, shapes ----------------------------------------------------


@pytest.mark.parametrize("cls", [EchoStateNetwork, RandomFeatureRidge])
def test_seeded_models_are_deterministic(cls, tiny):
    first = cls(seed=7).fit(tiny, 0.02).forecast(tiny[0], 10)
    again = cls(seed=7).fit(list(tiny), 0.02).forecast(tiny[0], 10)
    other = cls(seed=8).fit(tiny, 0.02).forecast(tiny[0], 10)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_forecast_shape_and_bad_inputs(name, tiny):
    model = make(name).fit(list(tiny), 0.02)
    assert model.name == name
    out = model.forecast(tiny[0][-200:], 7)
    assert out.shape == (7, 3) and np.all(np.isfinite(out))
    with pytest.raises(ValueError, match="'context'"):
        model.forecast(tiny[0][:, :2], 5)
    with pytest.raises(ValueError, match="'context'"):
        model.forecast(np.where(np.arange(300)[:, None] == 250, np.nan, tiny[0]), 5)
    for horizon in (0, -3, 2.5):
        with pytest.raises(ValueError, match="'horizon'"):
            model.forecast(tiny[0], horizon)


@pytest.mark.parametrize("name", sorted(set(BASELINES) - {"oracle"}))
def test_fit_rejects_bad_trajectories(name, tiny):
    bad = tiny.copy()
    bad[1, 10, 0] = np.nan
    with pytest.raises(ValueError, match="'trajectories'"):
        make(name).fit(bad, 0.02)
    with pytest.raises(ValueError, match="'trajectories'"):
        make(name).fit([tiny[0], tiny[1][:, :2]], 0.02)
    with pytest.raises(ValueError, match="'dt'"):
        make(name).fit(tiny, -1.0)


@pytest.mark.parametrize(
    ("factory", "argument"),
    [
        (lambda: ContextParroting(embedding=0), "embedding"),
        (lambda: LinearAR(lags=-1), "lags"),
        (lambda: NVAR(k=0), "k"),
        (lambda: EchoStateNetwork(leak_rate=1.5), "leak_rate"),
        (lambda: EchoStateNetwork(seed=-1), "seed"),
        (lambda: RandomFeatureRidge(activation="relu"), "activation"),
        (lambda: PolynomialSINDy(degree=4), "degree"),
        (lambda: Oracle("Lorenz", perturbation=-1.0), "perturbation"),
        (lambda: Oracle(3), "system"),
    ],
)
def test_constructors_reject_bad_hyperparameters(factory, argument):
    with pytest.raises(ValueError, match=f"'{argument}'"):
        factory()


def test_unfitted_behaviour(tiny):
    context = tiny[0]
    assert LinearAR(lags=3).forecast(context, 4).shape == (4, 3)  # learns from the context
    with pytest.raises(NotFittedError):
        PolynomialSINDy().forecast(context, 4)
    with pytest.raises(ValueError, match="'context'"):
        ContextParroting(embedding=10).forecast(context[:15], 4)
    assert Oracle("Henon").forecast(np.array([[0.1, 0.2]]), 3).shape == (3, 2)


def test_sindy_forecast_has_a_work_limit():
    import chaosbench
    from chaosbench.evaluation.baselines import PolynomialSINDy

    _, X = chaosbench.get("Lorenz").trajectory(2000, dt=0.02)
    model = PolynomialSINDy(max_evaluations_per_step=1).fit([X], 0.02)
    with pytest.raises(RuntimeError, match="too stiff"):
        model.forecast(X[:10], 100)  # 2 time units need far more than 100 evaluations
    assert np.all(np.isfinite(PolynomialSINDy().fit([X], 0.02).forecast(X[:10], 100)))


def test_blown_up_closed_loop_forecasts_are_held_not_voided():
    from chaosbench.evaluation.baselines._base import hold_after_escape

    context = np.column_stack([np.sin(np.arange(50.0)), np.cos(np.arange(50.0))])
    sane = np.tile([0.5, -0.5], (6, 1))
    np.testing.assert_array_equal(hold_after_escape(sane, context, 100.0), sane)
    wild = sane.copy()
    wild[3] = [1e200, 0.0]
    wild[4:] = np.nan
    held = hold_after_escape(wild, context, 100.0)
    np.testing.assert_array_equal(held[:3], sane[:3])
    np.testing.assert_array_equal(held[3:], np.tile(sane[2], (3, 1)))
    first_escapes = np.full((2, 2), np.inf)
    np.testing.assert_array_equal(hold_after_escape(first_escapes, context, 100.0),
                                  np.tile(context[-1], (2, 1)))  # fmt: skip
    # a linear model that doubles every step escapes and is held, finite
    model = LinearAR(lags=1, alpha=0.0).fit([2.0 ** np.arange(30.0)[:, None]])
    out = model.forecast(2.0 ** np.arange(30.0)[:, None], 2000)
    assert np.all(np.isfinite(out)) and out[-1, 0] == out[-2, 0]


def test_sindy_fast_vector_field_equals_the_library_product():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 4))
    model = PolynomialSINDy(degree=3, threshold=0.0).fit([np.cumsum(X, axis=0) * 0.01], 0.1)
    for x in rng.normal(size=(5, 4)):
        slow = model.coefficients_ @ polynomial_library(x[None, :], model.terms_)[0]
        np.testing.assert_allclose(model.rhs(0.0, x), slow, rtol=1e-12, atol=1e-12)


def test_sindy_names_a_model_that_stops_before_the_first_output_step(monkeypatch):
    """scipy leaves ``y`` a list when no output step is reached (issue 13: ten cases of
    the default task failed with "'list' object has no attribute 'shape'")."""
    import types

    import chaosbench.evaluation.baselines.sindy as sindy_module
    from chaosbench.evaluation.baselines import PolynomialSINDy

    t = np.linspace(0, 10, 400)
    data = [np.column_stack([np.sin(t + k), np.cos(t + k)]) for k in range(2)]
    model = PolynomialSINDy()
    model.fit(data, dt=t[1] - t[0])
    stalled = types.SimpleNamespace(t=[], y=[], status=-1, message="Required step size is less")
    monkeypatch.setattr(sindy_module, "solve_ivp", lambda *a, **k: stalled)
    with pytest.raises(RuntimeError, match="could not be integrated: Required step size"):
        model.forecast(data[0], 5)
    ended = types.SimpleNamespace(t=np.array([]), y=[], status=1, message="event")
    monkeypatch.setattr(sindy_module, "solve_ivp", lambda *a, **k: ended)
    held = model.forecast(data[0], 5)  # an escape at once: the guard holds the last point
    assert held.shape == (5, 2) and np.allclose(held, data[0][-1])
