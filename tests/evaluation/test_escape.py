"""The blow-up guard shared by the built-in baselines and the adapters (issue 13, item 12)."""

import numpy as np
import pytest

from chaosbench.evaluation import escape, protocol
from chaosbench.evaluation.baselines import BASELINES, Baseline
from chaosbench.evaluation.escape import ESCAPE_RADIUS, EscapeGuard, hold_after_escape, sane_steps
from chaosbench.evaluation.protocol import ChannelFirst, DelayRegressor, Forecaster, from_sktime

CONTEXT = np.column_stack([np.sin(0.1 * np.arange(200)), np.cos(0.1 * np.arange(200))])


class Doubling:
    """A "regressor" whose predicted increment is the newest state: the delay model
    then doubles the state at every step, and overflows after ~1000 steps."""

    def fit(self, X, y):
        self.dimension = y.shape[1]
        return self

    def predict(self, X):
        return X[:, : self.dimension].copy()


def doubling_forecast(horizon: int) -> np.ndarray:
    """What the doubling model forecasts, unguarded, computed directly."""
    out = np.empty((horizon, CONTEXT.shape[1]))
    state = CONTEXT[-1]
    with np.errstate(over="ignore"):
        for step in range(horizon):
            state = out[step] = 2.0 * state
    return out


def test_sane_steps_flag_distance_and_non_finite_values():
    context = np.array([[0.0, 10.0], [2.0, 10.0], [-2.0, 10.0]])  # std 1.63 and 0 (-> 1e-12)
    values = np.array([[100.0, 10.0], [200.0, 10.0], [0.0, 10.1], [np.nan, 10.0]])
    np.testing.assert_array_equal(sane_steps(values, context, 100.0), [True, False, False, False])
    np.testing.assert_array_equal(sane_steps(values, context, np.inf), [True, True, True, False])


def test_held_forecast_repeats_the_last_sane_step_or_the_context():
    wild = np.array([[0.5, 0.5], [0.7, 0.1], [1e9, 0.0], [0.2, 0.2]])
    held = hold_after_escape(wild, CONTEXT, ESCAPE_RADIUS)
    np.testing.assert_array_equal(held, [[0.5, 0.5], [0.7, 0.1], [0.7, 0.1], [0.7, 0.1]])
    first = hold_after_escape(np.full((3, 2), np.inf), CONTEXT, ESCAPE_RADIUS)
    np.testing.assert_array_equal(first, np.tile(CONTEXT[-1], (3, 1)))
    assert hold_after_escape(wild, CONTEXT, np.inf) is wild  # the guard switched off


def test_guard_leaves_outputs_of_the_wrong_shape_to_the_protocol():
    guard = EscapeGuard()
    guard.escape = ESCAPE_RADIUS
    text, wrong = "text", np.full((4, 3), np.inf)
    assert guard._hold(text, CONTEXT) is text
    assert guard._hold(wrong, CONTEXT) is wrong


def test_delay_regressor_that_blows_up_is_held_finite():
    horizon = 1100  # 2**1100 overflows: unguarded, the forecast ends in inf
    raw = doubling_forecast(horizon)
    assert not np.all(np.isfinite(raw))
    model = DelayRegressor(Doubling(), lags=1).fit([CONTEXT], 0.1)
    guarded = model.forecast(CONTEXT, horizon)
    assert guarded.shape == (horizon, 2) and np.all(np.isfinite(guarded))
    sane = sane_steps(raw, CONTEXT, ESCAPE_RADIUS)
    kept = int(np.argmin(sane))  # the first step past 100 standard deviations
    assert 3 <= kept < 20
    np.testing.assert_allclose(guarded[:kept], raw[:kept], rtol=1e-12)
    np.testing.assert_array_equal(guarded[kept:], np.tile(raw[kept - 1], (horizon - kept, 1)))
    outcome = Forecaster(model).forecast(CONTEXT, horizon)
    assert outcome.ok  # scored for the steps it was sane, not voided


def test_delay_regressor_without_guard_gives_the_raw_forecast():
    model = DelayRegressor(Doubling(), lags=1, escape=np.inf).fit([CONTEXT], 0.1)
    with np.errstate(over="ignore"):
        unguarded = model.forecast(CONTEXT, 1100)
    np.testing.assert_allclose(unguarded, doubling_forecast(1100), rtol=1e-12)
    assert not np.all(np.isfinite(unguarded))
    outcome = Forecaster(model).forecast(CONTEXT, 1100)
    assert not outcome.ok and "infinite" in outcome.reason


@pytest.mark.parametrize("escape_radius", [0.0, -1.0, float("nan")])
def test_delay_regressor_refuses_a_radius_that_is_not_positive(escape_radius):
    with pytest.raises(ValueError, match="escape"):
        DelayRegressor(Doubling(), escape=escape_radius)


def test_channel_first_and_sktime_adapters_hold_blow_ups():
    class Exploding:  # channel first: (series, horizon), overflowing
        def predict(self, inputs, prediction_length):
            return np.stack([x[-1] * 10.0 ** np.arange(1, prediction_length + 1) for x in inputs])

    class ExplodingSktime:
        def fit(self, frame):
            self.last = frame.to_numpy()[-1]

        def predict(self, fh):
            return self.last * 10.0 ** np.asarray(fh, dtype=float)[:, None]

    raw = CONTEXT[-1] * 10.0 ** np.arange(1, 6)[:, None]  # 10**3 * 0.9 > 100 std (~0.71)
    kept = int(np.argmin(sane_steps(raw, CONTEXT, ESCAPE_RADIUS)))
    expected = np.vstack([raw[:kept], np.tile(raw[kept - 1], (5 - kept, 1))])
    for forecast in (ChannelFirst(Exploding()).forecast, from_sktime(ExplodingSktime())):
        np.testing.assert_allclose(forecast(CONTEXT, 5), expected, rtol=1e-12)
    unguarded = ChannelFirst(Exploding(), escape=np.inf).forecast(CONTEXT, 5)
    np.testing.assert_allclose(unguarded, raw, rtol=1e-12)


def test_baselines_share_the_guard_and_old_names_still_import():
    from chaosbench.evaluation.baselines import _base

    assert all(issubclass(cls, EscapeGuard) for cls in BASELINES.values())
    assert issubclass(Baseline, EscapeGuard)
    closed_loop = {name for name, cls in BASELINES.items() if cls.escape == ESCAPE_RADIUS}
    assert {"linear_ar", "nvar", "esn", "random_features", "sindy"} <= closed_loop
    for name in ("ESCAPE_RADIUS", "EscapeGuard", "hold_after_escape", "sane_steps"):
        assert getattr(protocol, name) is getattr(escape, name)
    assert _base.hold_after_escape is hold_after_escape
