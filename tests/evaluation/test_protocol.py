"""The forecaster protocol: any callable or object works, failures are recorded."""

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation.protocol import (
    ChannelFirst,
    DelayRegressor,
    Forecaster,
    load_entry_point,
)

CONTEXT = np.column_stack([np.sin(0.1 * np.arange(200)), np.cos(0.1 * np.arange(200))])


def repeat_last(context, horizon):
    return np.repeat(context[-1:], horizon, axis=0)


class WithPredict:
    def predict(self, context, horizon):
        return repeat_last(context, horizon)


class Ensemble:
    def forecast(self, context, horizon):
        base = repeat_last(context, horizon)
        return np.stack([base - 1, base, base + 5])  # median is the middle member


@pytest.mark.parametrize("obj", [repeat_last, WithPredict(), Ensemble()])
def test_every_convention_gives_the_same_forecast(obj):
    outcome = Forecaster(obj).forecast(CONTEXT, 7)
    assert outcome.ok
    np.testing.assert_array_equal(outcome.values, repeat_last(CONTEXT, 7))


@pytest.mark.parametrize(
    ("function", "fragment"),
    [
        (lambda c, h: np.zeros((h + 1, 2)), "shape (8, 2), expected (7, 2)"),
        (lambda c, h: np.full((h, 2), np.nan), "NaN or infinite"),
        (lambda c, h: 1 / 0, "raised ZeroDivisionError"),
        (lambda c, h: "text", "not an array"),
    ],
)
def test_bad_forecasts_become_failed_outcomes(function, fragment):
    outcome = Forecaster(function).forecast(CONTEXT, 7)
    assert not outcome.ok and fragment in outcome.reason


def test_non_forecasters_are_rejected():
    with pytest.raises(ChaosbenchError, match="not a forecaster"):
        Forecaster(42)


def test_entry_points():
    forecaster = load_entry_point("chaosbench.evaluation.protocol:DelayRegressor.__init__")
    assert callable(forecaster)
    assert load_entry_point("numpy:zeros") is np.zeros
    for bad in ("numpy", "no_such_module_xyz:f", "numpy:no_such_thing"):
        with pytest.raises(ChaosbenchError):
            load_entry_point(bad)


def test_delay_regressor_learns_a_linear_oscillation():
    # a rotation is linear in the state: the ridge increment model extrapolates it exactly
    forecaster = DelayRegressor(Ridge(alpha=1e-10), lags=2).fit([CONTEXT], 0.1)
    continuation = np.column_stack(
        [np.sin(0.1 * np.arange(200, 230)), np.cos(0.1 * np.arange(200, 230))]
    )
    np.testing.assert_allclose(forecaster.forecast(CONTEXT, 30), continuation, atol=1e-6)


def test_channel_first_adapter():
    class Chronosish:
        def predict(self, inputs, prediction_length):
            # (series, samples, horizon): each series repeats its last value
            return np.stack([np.tile(x[-1], (3, prediction_length)) for x in inputs])

    out = Forecaster(ChannelFirst(Chronosish())).forecast(CONTEXT, 4)
    np.testing.assert_array_equal(out.values, repeat_last(CONTEXT, 4))
