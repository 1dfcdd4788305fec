"""Iterated one-step regressors on delay vectors (the engine of several baselines)."""

from __future__ import annotations

import numpy as np

from chaosbench.evaluation.baselines._base import (
    ESCAPE_RADIUS,
    Baseline,
    Scaler,
    delay_vectors,
    ridge_fit,
)


class DelayRidge(Baseline):
    """A ridge regression from features of a delay vector to the next state, iterated.

    Data are standardised per coordinate with the training mean and standard
    deviation. Subclasses choose the features (:meth:`_features`), whether the target
    is the next state or the increment ``x_{t+1} - x_t`` (:attr:`_increment`), the
    relative ridge penalty (:attr:`_alpha`) and whether an unpenalised intercept is
    fitted (:attr:`_intercept`). An unfitted instance fits itself on the context. A
    forecast that blows up is held at its last sane value (radius 100 context
    standard deviations, see :func:`~chaosbench.evaluation.escape.hold_after_escape`).
    """

    fit_on_context = True
    escape = ESCAPE_RADIUS
    _increment = True
    _intercept = True

    lags: int = 1
    skip: int = 1
    _alpha: float = 1e-6

    @property
    def _span(self) -> int:
        return (self.lags - 1) * self.skip

    @property
    def _min_context(self) -> int:
        return self._span + 1

    @property
    def _min_train(self) -> int:
        return self._span + 2

    def _prepare(self, data: list[np.ndarray], dt: float) -> None:
        """Hook run on the training data before the features are built."""

    def _features(self, delays: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _fit(self, data: list[np.ndarray], dt: float) -> None:
        self.scaler_ = Scaler(data)
        self._prepare(data, dt)
        features, targets = [], []
        span = self._span
        for x in data:
            z = self.scaler_.transform(x)
            delays = delay_vectors(z, self.lags, self.skip)[:-1]
            target = z[span + 1 :] - (z[span:-1] if self._increment else 0.0)
            features.append(self._features(delays))
            targets.append(target)
        model = ridge_fit(
            np.concatenate(features), np.concatenate(targets), self._alpha, self._intercept
        )
        self.coef_ = np.asarray(model.coef_, dtype=float)
        self.intercept_ = np.broadcast_to(np.asarray(model.intercept_, dtype=float), (x.shape[1],))

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        span = self._span
        z = np.empty((span + 1 + horizon, context.shape[1]))
        z[: span + 1] = self.scaler_.transform(context[context.shape[0] - span - 1 :])
        lagged = np.arange(0, span + 1, self.skip)
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(span, span + horizon):
                delays = z[i - lagged].reshape(1, -1)
                step = self._features(delays) @ self.coef_.T + self.intercept_
                z[i + 1] = step[0] + (z[i] if self._increment else 0.0)
            return self.scaler_.inverse(z[span + 1 :])
