"""The forecaster protocol, adapters to it, and a guarded call that never crashes a run.

A forecaster is anything with

- ``forecast(context, horizon)`` or ``predict(context, horizon)`` returning an array
  ``(horizon, dimension)`` for a ``context`` of shape ``(n_context, dimension)``
  (time-major); or a plain callable ``f(context, horizon)``;
- optionally ``fit(trajectories, dt)``, called once per system with the training
  trajectories (a list of ``(n_times, dimension)`` arrays) and the sampling step.

A forecast of shape ``(samples, horizon, dimension)`` is read as an ensemble and
scored by its median. A forecaster that offers batches (a ``forecast_batch(contexts,
horizon)`` method, or ``batched = True`` and a ``forecast`` that accepts ``(batch,
n_context, dimension)``) is called once per system with every test context.
Adapters turn other conventions into this one: a scikit-learn regressor iterated
on delay embeddings (:class:`DelayRegressor`), channel-first foundation models with
``predict(inputs, prediction_length)`` (:class:`ChannelFirst`), darts and sktime
models (:func:`from_darts`, :func:`from_sktime`), and ``"module:object"`` entry
points (:func:`load_entry_point`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chaosbench.errors import ChaosbenchError


@dataclass(frozen=True)
class ForecastOutcome:
    """A guarded forecast: ``values`` on success, else ``None`` and the ``reason``."""

    values: np.ndarray | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.values is not None


class Forecaster:
    """Uniform face of any supported forecaster (see the module docstring)."""

    def __init__(self, obj: Any, name: str | None = None) -> None:
        if isinstance(obj, Forecaster):
            obj = obj.wrapped
        if hasattr(obj, "forecast") and callable(obj.forecast):
            self._call: Callable = obj.forecast
        elif hasattr(obj, "predict") and callable(obj.predict):
            self._call = obj.predict
        elif callable(obj):
            self._call = obj
        else:
            raise ChaosbenchError(
                f"{obj!r} is not a forecaster: it needs forecast(context, horizon), "
                "predict(context, horizon), or to be callable as f(context, horizon)"
            )
        self.wrapped = obj
        self.name = name or getattr(obj, "name", None) or type(obj).__name__
        if self.name == "function":
            self.name = getattr(obj, "__name__", "forecaster")

    def fit(self, trajectories: Sequence[np.ndarray], dt: float) -> None:
        fit = getattr(self.wrapped, "fit", None)
        if callable(fit) and not isinstance(self.wrapped, type):
            fit(list(trajectories), dt)

    @property
    def batched(self) -> bool:
        """Whether the forecaster takes a batch of contexts in one call: it has
        ``forecast_batch(contexts, horizon)``, or a true ``batched`` attribute and
        ``forecast``/``predict`` accept ``(batch, n_context, dimension)``."""
        return callable(getattr(self.wrapped, "forecast_batch", None)) or (
            getattr(self.wrapped, "batched", False) is True
        )

    def forecast_batch(self, contexts: np.ndarray, horizon: int) -> list[ForecastOutcome]:
        """Forecast every context of ``(batch, n_context, dimension)``.

        A batched forecaster is called once, and its output ``(batch, horizon,
        dimension)`` (or ``(batch, samples, horizon, dimension)``, scored by the
        median) is checked case by case. If that call raises or returns the wrong
        shape, every case is retried alone, so each failure keeps its own reason.
        """
        contexts = np.asarray(contexts, dtype=float)
        if self.batched:
            call = getattr(self.wrapped, "forecast_batch", None)
            call = call if callable(call) else self._call
            try:
                raw = np.asarray(call(contexts.copy(), int(horizon)), dtype=float)
            except Exception:  # retried case by case below, for per-case reasons
                raw = None
            b, d = contexts.shape[0], contexts.shape[2]
            if raw is not None and raw.ndim == 4 and raw.shape[0] == b:
                raw = np.median(raw, axis=1)
            if raw is not None and raw.shape == (b, horizon, d):
                return [self._check(raw[i], horizon, d) for i in range(b)]
        return [self.forecast(context, horizon) for context in contexts]

    def forecast(self, context: np.ndarray, horizon: int) -> ForecastOutcome:
        """Call the forecaster; any exception, wrong shape or non-finite value becomes a
        failed outcome carrying the reason."""
        d = context.shape[1]
        try:
            raw = self._call(np.array(context, dtype=float), int(horizon))
        except Exception as exc:  # a forecaster's failure is recorded, never fatal
            return ForecastOutcome(None, f"raised {type(exc).__name__}: {exc}"[:300])
        return self._check(raw, horizon, d)

    @staticmethod
    def _check(raw: Any, horizon: int, d: int) -> ForecastOutcome:
        try:
            values = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            return ForecastOutcome(None, f"returned {type(raw).__name__}, not an array")
        if values.ndim == 3 and values.shape[1:] == (horizon, d):
            values = np.median(values, axis=0)  # an ensemble: scored by its median
        if values.ndim == 1 and d == 1 and values.shape[0] == horizon:
            values = values[:, None]
        if values.shape != (horizon, d):
            return ForecastOutcome(
                None, f"returned shape {values.shape}, expected ({horizon}, {d})"
            )
        if not np.all(np.isfinite(values)):
            return ForecastOutcome(None, "returned NaN or infinite values")
        return ForecastOutcome(values)


def load_entry_point(spec: str) -> Any:
    """The object named by ``"package.module:attribute"``; a class is instantiated with
    no arguments, unless it builds one forecaster per system (a ``for_system(name)``
    class method, like the oracle's). The CLI's ``--forecaster`` takes this form."""
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ChaosbenchError(f"forecaster {spec!r} must look like 'module:object'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ChaosbenchError(f"cannot import {module_name!r} for {spec!r}: {exc}") from None
    target: Any = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise ChaosbenchError(f"{module_name!r} has no attribute {attribute!r}")
        target = getattr(target, part)
    if isinstance(target, type) and not hasattr(target, "for_system"):
        return target()
    return target


class DelayRegressor:
    """A scikit-learn regressor turned into an iterated one-step forecaster.

    The regressor learns ``x_{t+1} - x_t`` from the delay vector ``(x_t, x_{t-1}, ...,
    x_{t-lags+1})``; forecasts feed each prediction back as the newest delay.
    """

    def __init__(self, regressor: Any, lags: int = 5, name: str | None = None) -> None:
        if int(lags) < 1:
            raise ValueError(f"lags must be a positive int, got {lags!r}")
        self.regressor, self.lags = regressor, int(lags)
        self.name = name or f"delay-{type(regressor).__name__}"

    def _features(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0] - self.lags + 1
        return np.hstack([X[self.lags - 1 - j : self.lags - 1 - j + n] for j in range(self.lags)])

    def fit(self, trajectories: Sequence[np.ndarray], dt: float) -> DelayRegressor:
        inputs, targets = [], []
        for X in trajectories:
            X = np.asarray(X, dtype=float)
            features = self._features(X[:-1])
            inputs.append(features)
            targets.append(X[self.lags :] - X[self.lags - 1 : -1])
        self.regressor.fit(np.vstack(inputs), np.vstack(targets))
        return self

    def forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        window = list(np.asarray(context, dtype=float)[-self.lags :])
        out = []
        for _ in range(horizon):
            features = np.concatenate(window[::-1])[None, :]
            step = np.asarray(self.regressor.predict(features)).reshape(-1)
            window.append(window[-1] + step)
            window.pop(0)
            out.append(window[-1])
        return np.array(out)


class ChannelFirst:
    """Adapter for foundation models with ``predict(inputs, prediction_length)`` taking a
    list of univariate series (channel first, as Chronos-style pipelines) and returning
    ``(series, [samples,] prediction_length)``; each channel is forecast on its own."""

    def __init__(self, model: Any, name: str | None = None) -> None:
        self.model = model
        self.name = name or type(model).__name__

    def forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        series = [np.asarray(context[:, i], dtype=float) for i in range(context.shape[1])]
        raw = self.model.predict(series, prediction_length=horizon)
        values = np.asarray(getattr(raw, "numpy", lambda: raw)(), dtype=float)
        if values.ndim == 3:  # (series, samples, horizon)
            values = np.median(values, axis=1)
        return values.T


def from_darts(model: Any, name: str | None = None) -> Callable:
    """Wrap a darts forecasting model (fit on the context at each call, then predict)."""
    try:
        from darts import TimeSeries
    except ImportError:
        raise ChaosbenchError("the darts adapter needs `pip install darts`") from None

    def forecast(context: np.ndarray, horizon: int) -> np.ndarray:
        series = TimeSeries.from_values(np.asarray(context, dtype=float))
        model.fit(series)
        return model.predict(horizon).values()

    forecast.name = name or type(model).__name__  # type: ignore[attr-defined]
    return forecast


def from_sktime(model: Any, name: str | None = None) -> Callable:
    """Wrap a sktime forecaster (fit on the context at each call, then predict)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a core dependency
        raise ChaosbenchError("the sktime adapter needs pandas") from None

    def forecast(context: np.ndarray, horizon: int) -> np.ndarray:
        model.fit(pd.DataFrame(np.asarray(context, dtype=float)))
        return np.asarray(model.predict(fh=list(range(1, horizon + 1))), dtype=float)

    forecast.name = name or type(model).__name__  # type: ignore[attr-defined]
    return forecast
