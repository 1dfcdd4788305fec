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
models (:func:`from_darts`, :func:`from_sktime`). Every adapter holds a forecast
that blows up at its last sane value (:mod:`chaosbench.evaluation.escape`).
``"module:object"`` entry points live in :mod:`chaosbench.evaluation.entry_points`;
their names, and the escape guard's, are importable from here as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation.entry_points import EntryPoint, load_entry_point
from chaosbench.evaluation.escape import (
    ESCAPE_RADIUS,
    EscapeGuard,
    hold_after_escape,
    sane_steps,
)

__all__ = [
    "ESCAPE_RADIUS",
    "ChannelFirst",
    "DelayRegressor",
    "EntryPoint",
    "EscapeGuard",
    "ForecastOutcome",
    "Forecaster",
    "from_darts",
    "from_sktime",
    "hold_after_escape",
    "load_entry_point",
    "sane_steps",
]


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


class DelayRegressor(EscapeGuard):
    """A scikit-learn regressor turned into an iterated one-step forecaster.

    The regressor learns ``x_{t+1} - x_t`` from the delay vector ``(x_t, x_{t-1}, ...,
    x_{t-lags+1})``; forecasts feed each prediction back as the newest delay. A
    forecast that blows up is held at its last sane value, exactly as the built-in
    closed-loop baselines hold theirs (:class:`EscapeGuard`, radius ``escape``
    context standard deviations; ``inf`` switches the guard off).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> x = np.cumsum(np.ones((50, 1)), axis=0)  # a ramp: constant increments
    >>> DelayRegressor(LinearRegression(), lags=2).fit([x], 1.0).forecast(x, 3).ravel()
    array([51., 52., 53.])
    """

    def __init__(
        self, regressor: Any, lags: int = 5, name: str | None = None, escape: float = ESCAPE_RADIUS
    ) -> None:
        if int(lags) < 1:
            raise ValueError(f"lags must be a positive int, got {lags!r}")
        if not float(escape) > 0:
            raise ValueError(f"escape must be a positive radius (inf: no guard), got {escape!r}")
        self.regressor, self.lags = regressor, int(lags)
        self.escape = float(escape)
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
        context = np.asarray(context, dtype=float)
        window = list(context[-self.lags :])
        out = []
        for _ in range(horizon):
            features = np.concatenate(window[::-1])[None, :]
            step = np.asarray(self.regressor.predict(features)).reshape(-1)
            with np.errstate(over="ignore", invalid="ignore"):
                window.append(window[-1] + step)
            window.pop(0)
            out.append(window[-1])
            if self._escaped(window[-1], context):  # every later step is held anyway
                out += [window[-1]] * (horizon - len(out))
                break
        return self._hold(np.array(out), context)


class ChannelFirst(EscapeGuard):
    """Adapter for foundation models with ``predict(inputs, prediction_length)`` taking a
    list of univariate series (channel first, as Chronos-style pipelines) and returning
    ``(series, [samples,] prediction_length)``; each channel is forecast on its own. A
    forecast that blows up is held as :class:`DelayRegressor` holds it."""

    def __init__(self, model: Any, name: str | None = None, escape: float = ESCAPE_RADIUS) -> None:
        self.model = model
        self.escape = float(escape)
        self.name = name or type(model).__name__

    def forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        series = [np.asarray(context[:, i], dtype=float) for i in range(context.shape[1])]
        raw = self.model.predict(series, prediction_length=horizon)
        values = np.asarray(getattr(raw, "numpy", lambda: raw)(), dtype=float)
        if values.ndim == 3:  # (series, samples, horizon)
            values = np.median(values, axis=1)
        return self._hold(values.T, context)


def _guarded(forecast: Callable, escape: float) -> Callable:
    """``forecast(context, horizon)`` passed through the shared :class:`EscapeGuard`."""
    guard = EscapeGuard()
    guard.escape = float(escape)

    def guarded(context: np.ndarray, horizon: int) -> Any:
        return guard._hold(forecast(context, horizon), context)

    return guarded


def from_darts(model: Any, name: str | None = None, escape: float = ESCAPE_RADIUS) -> Callable:
    """Wrap a darts forecasting model (fit on the context at each call, then predict);
    a forecast that blows up is held as :class:`DelayRegressor` holds it."""
    try:
        from darts import TimeSeries
    except ImportError:
        raise ChaosbenchError("the darts adapter needs `pip install darts`") from None

    def forecast(context: np.ndarray, horizon: int) -> np.ndarray:
        series = TimeSeries.from_values(np.asarray(context, dtype=float))
        model.fit(series)
        return model.predict(horizon).values()

    wrapped = _guarded(forecast, escape)
    wrapped.name = name or type(model).__name__  # type: ignore[attr-defined]
    return wrapped


def from_sktime(model: Any, name: str | None = None, escape: float = ESCAPE_RADIUS) -> Callable:
    """Wrap a sktime forecaster (fit on the context at each call, then predict); a
    forecast that blows up is held as :class:`DelayRegressor` holds it."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a core dependency
        raise ChaosbenchError("the sktime adapter needs pandas") from None

    def forecast(context: np.ndarray, horizon: int) -> np.ndarray:
        model.fit(pd.DataFrame(np.asarray(context, dtype=float)))
        return np.asarray(model.predict(fh=list(range(1, horizon + 1))), dtype=float)

    wrapped = _guarded(forecast, escape)
    wrapped.name = name or type(model).__name__  # type: ignore[attr-defined]
    return wrapped
