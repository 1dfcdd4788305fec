"""Linear and polynomial regressions on delay vectors: vector autoregression and NVAR."""

from __future__ import annotations

import numpy as np

from chaosbench.evaluation.baselines._base import positive_float, positive_int
from chaosbench.evaluation.baselines._delay import DelayRidge


class LinearAR(DelayRidge):
    """Vector autoregression: ridge regression of ``x_{t+1}`` on ``lags`` past states.

    The model ``x_{t+1} = c + sum_j A_j x_{t-j}``, ``j = 0..lags-1``, is fitted jointly for
    all coordinates with scikit-learn's :class:`~sklearn.linear_model.Ridge` on
    standardised data and iterated to forecast. The classical VAR model (Box & Jenkins,
    *Time Series Analysis: Forecasting and Control*, 1970; Lütkepohl, *New Introduction
    to Multiple Time Series Analysis*, 2005), with a small ridge penalty for stability.

    Parameters
    ----------
    lags
        Number of past states (default 10).
    alpha
        Ridge penalty relative to the mean squared residual on standardised data
        (default 1e-6; the scikit-learn ``alpha`` is this times the number of samples).

    Examples
    --------
    >>> import numpy as np
    >>> x = 1.0 + 0.5 ** np.arange(20.0)[:, None]  # x_{t+1} = 0.5 x_t + 0.5
    >>> model = LinearAR(lags=1, alpha=0.0).fit([x])
    >>> model.forecast(x[:3], 3).ravel()
    array([1.125  , 1.0625 , 1.03125])
    """

    name = "linear_ar"
    _increment = False
    _intercept = True

    def __init__(self, lags: int = 10, alpha: float = 1e-6) -> None:
        self.lags = positive_int(lags, "lags", "LinearAR")
        self.alpha = positive_float(alpha, "alpha", "LinearAR", allow_zero=True)
        self.skip = 1

    @property
    def _alpha(self) -> float:
        return self.alpha

    def _features(self, delays: np.ndarray) -> np.ndarray:
        return delays


def quadratic_monomials(linear: np.ndarray) -> np.ndarray:
    """The unique products ``u_i u_j`` (``i <= j``) of the columns of ``linear``."""
    i, j = np.triu_indices(linear.shape[1])
    return linear[:, i] * linear[:, j]


class NVAR(DelayRidge):
    """Next-generation reservoir computer: nonlinear vector autoregression.

    Features are a constant, the linear part ``O_lin = [x_t, x_{t-s}, ...,
    x_{t-(k-1)s}]`` and the unique quadratic monomials of ``O_lin``; a ridge regression
    maps them to the increment ``x_{t+1} - x_t``, and the model is iterated. Data are
    standardised per coordinate, which leaves the span of the features unchanged.

    Parameters
    ----------
    k
        Number of delayed states in the linear part (default 2).
    s
        Spacing of the delays, in samples (default 1).
    ridge
        Ridge penalty relative to the mean squared residual on standardised data
        (default 1e-6). The constant feature is penalised too, as in the original.

    References
    ----------
    D. J. Gauthier, E. Bollt, A. Griffith and W. A. S. Barbosa, "Next generation
    reservoir computing", Nature Communications 12, 5564 (2021).

    Examples
    --------
    >>> import chaosbench
    >>> _, X = chaosbench.get("Lorenz").trajectory(2000, dt=0.01)
    >>> NVAR().fit([X[:1500]], dt=0.01).forecast(X[:1500], 5).shape
    (5, 3)
    """

    name = "nvar"
    _increment = True
    _intercept = False

    def __init__(self, k: int = 2, s: int = 1, ridge: float = 1e-6) -> None:
        self.k = positive_int(k, "k", "NVAR")
        self.s = positive_int(s, "s", "NVAR")
        self.ridge = positive_float(ridge, "ridge", "NVAR", allow_zero=True)
        self.lags = self.k
        self.skip = self.s

    @property
    def _alpha(self) -> float:
        return self.ridge

    def _features(self, delays: np.ndarray) -> np.ndarray:
        constant = np.ones((delays.shape[0], 1))
        return np.concatenate([constant, delays, quadratic_monomials(delays)], axis=1)
