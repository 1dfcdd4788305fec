"""Pointwise forecast errors: each compares ``forecast[t]`` with ``truth[t]`` point by point.

Every function takes time-major arrays ``truth`` and ``forecast`` of shape
``(horizon, dimension)`` (a 1-D array is one dimension) and returns a float.
Shapes that differ, or values that are not finite, raise ``ValueError``
(:class:`~chaosbench.errors.InvalidParameterError`) naming the argument.

Notation: ``y[t, j]`` is the truth and ``f[t, j]`` the forecast at step ``t`` of
``H`` and dimension ``j`` of ``D``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.stats import rankdata

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.metrics._common import pair, series

__all__ = [
    "POINTWISE",
    "mae",
    "mase",
    "mse",
    "nrmse",
    "pearson",
    "r2",
    "rmse",
    "smape",
    "spearman",
]


def mse(truth, forecast) -> float:
    """Mean squared error over every step and dimension.

    ``MSE = 1/(H D) * sum_{t,j} (f[t,j] - y[t,j])**2``; equal to scikit-learn's
    ``mean_squared_error(truth, forecast)`` (uniform average over dimensions).

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.

    Returns
    -------
    float

    Examples
    --------
    >>> mse([0.0, 1.0], [1.0, 3.0])  # (1 + 4) / 2
    2.5
    """
    y, f = pair(truth, forecast, "mse")
    return float(np.mean((f - y) ** 2))


def mae(truth, forecast) -> float:
    """Mean absolute error over every step and dimension.

    ``MAE = 1/(H D) * sum_{t,j} |f[t,j] - y[t,j]|``; equal to scikit-learn's
    ``mean_absolute_error(truth, forecast)``.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.

    Returns
    -------
    float
    """
    y, f = pair(truth, forecast, "mae")
    return float(np.mean(np.abs(f - y)))


def rmse(truth, forecast) -> float:
    """Root mean squared error, pooled over dimensions: ``RMSE = sqrt(MSE)``.

    The squares are averaged over steps *and* dimensions before the root is taken
    (so this is not the mean of per-dimension RMSEs, which is what scikit-learn's
    ``root_mean_squared_error`` returns for several outputs).

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.

    Returns
    -------
    float
    """
    y, f = pair(truth, forecast, "rmse")
    return float(np.sqrt(np.mean((f - y) ** 2)))


def nrmse(truth, forecast, scale=None) -> float:
    """Normalised RMSE: per-dimension RMSE over a per-dimension scale, averaged over dimensions.

    ``NRMSE = 1/D * sum_j RMSE_j / s_j`` with ``RMSE_j = sqrt(1/H * sum_t
    (f[t,j] - y[t,j])**2)``. By default ``s_j`` is the population standard
    deviation (``ddof=0``) of ``truth[:, j]`` over the forecast window; a short
    window of a chaotic series can have a small spread, so passing ``scale`` (the
    per-dimension standard deviation of a long trajectory on the attractor) gives
    values comparable across windows. A forecast equal to the mean of the truth
    scores 1.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.
    scale : float or array_like of shape (D,), optional
        Positive normalising scale(s) ``s_j``; a scalar applies to every dimension.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``scale`` is not positive, or (without ``scale``) a dimension of
        ``truth`` is constant.
    """
    y, f = pair(truth, forecast, "nrmse")
    if scale is None:
        s = y.std(axis=0)
        if np.any(s == 0):
            raise InvalidParameterError(
                "truth", "nrmse", "non-constant in every dimension (or pass scale)", "a constant"
            )
    else:
        s = check.finite_array(scale, "scale", "nrmse")
        if s.ndim > 1 or (s.ndim == 1 and s.shape[0] not in (1, y.shape[1])):
            raise InvalidParameterError(
                "scale", "nrmse", f"a scalar or an array of shape ({y.shape[1]},)", s.shape
            )
        if np.any(s <= 0):
            raise InvalidParameterError("scale", "nrmse", "positive", scale)
        s = np.broadcast_to(s, (y.shape[1],))
    per_dimension = np.sqrt(np.mean((f - y) ** 2, axis=0)) / s
    return float(np.mean(per_dimension))


def smape(truth, forecast) -> float:
    """Symmetric mean absolute percentage error on the 0-200 scale.

    ``sMAPE_j = 200/H * sum_t |f[t,j] - y[t,j]| / (|f[t,j]| + |y[t,j]|)``, averaged
    over dimensions; a term with ``|f| + |y| = 0`` (both exactly zero, so a
    perfect point) counts 0. The definition follows Makridakis (1993), "Accuracy
    measures: theoretical and practical concerns", Int. J. Forecasting 9, 527, in
    the form written by Hyndman & Koehler (2006), "Another look at measures of
    forecast accuracy", Int. J. Forecasting 22, 679. This 0-200 scale is the one
    used by the chaotic-systems forecasting benchmarks of Gilpin (NeurIPS Datasets
    and Benchmarks 2021; Phys. Rev. Research 5, 043252, 2023).

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.

    Returns
    -------
    float
        Between 0 (perfect) and 200 (every point of opposite sign, or one of the
        pair zero and the other not).

    Examples
    --------
    >>> smape([1.0, 2.0], [3.0, 2.0])  # 200/2 * (2/4 + 0/4)
    50.0
    """
    y, f = pair(truth, forecast, "smape")
    return float(np.mean(200.0 * np.mean(_smape_terms(y, f), axis=0)))


def _smape_terms(y: np.ndarray, f: np.ndarray) -> np.ndarray:
    """``|f - y| / (|f| + |y|)`` elementwise, 0 where the denominator is 0."""
    denominator = np.abs(f) + np.abs(y)
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, np.abs(f - y) / safe, 0.0)


def mase(truth, forecast, history, season: int = 1) -> float:
    """Mean absolute scaled error (Hyndman & Koehler 2006).

    ``MASE_j = MAE_j(forecast, truth) / Q_j`` with the in-sample scale
    ``Q_j = 1/(T - m) * sum_{t=m}^{T-1} |h[t,j] - h[t-m,j]|``, the mean absolute
    error of the (seasonal) naive forecast ``h[t-m]`` on the ``T`` points of
    ``history`` with season ``m``; averaged over dimensions. Values below 1 beat
    the in-sample naive forecast. Reference: Hyndman & Koehler (2006), "Another
    look at measures of forecast accuracy", Int. J. Forecasting 22, 679.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.
    history : array_like, shape (T, D) or (T,)
        The observed series preceding the forecast (the model's context).
    season : int
        Lag ``m`` of the naive forecast; ``T`` must exceed it.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        On a bad argument, or when the naive forecast is perfect on ``history``
        in some dimension (``Q_j = 0``).
    """
    y, f = pair(truth, forecast, "mase")
    m = check.positive_int(season, "season", "mase")
    h = series(history, "history", "mase", min_length=m + 1)
    if h.shape[1] != y.shape[1]:
        raise InvalidParameterError(
            "history", "mase", f"{y.shape[1]} dimensions like truth", f"shape {h.shape}"
        )
    q = np.mean(np.abs(h[m:] - h[:-m]), axis=0)
    if np.any(q == 0):
        raise InvalidParameterError(
            "history", "mase", "not perfectly predicted by the naive forecast", "a Q of 0"
        )
    return float(np.mean(np.mean(np.abs(f - y), axis=0) / q))


def r2(truth, forecast) -> float:
    """Coefficient of determination, variance-weighted over dimensions.

    ``R2 = 1 - sum_j sum_t (y[t,j] - f[t,j])**2 / sum_j sum_t (y[t,j] - ybar_j)**2``,
    the average of the per-dimension ``R2_j`` weighted by the variance of
    ``truth[:, j]``; equal to scikit-learn's ``r2_score(truth, forecast,
    multioutput="variance_weighted")``.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major; ``H >= 2``.

    Returns
    -------
    float
        At most 1; ``nan`` when ``truth`` is constant in every dimension (the
        denominator is 0; scikit-learn instead returns 1 or 0 there).
    """
    y, f = pair(truth, forecast, "r2", min_length=2)
    total = float(np.sum((y - y.mean(axis=0)) ** 2))
    if total == 0:
        return float("nan")
    return float(1.0 - np.sum((y - f) ** 2) / total)


def pearson(truth, forecast) -> float:
    """Pearson correlation between truth and forecast, averaged over dimensions.

    ``rho_j = sum_t (y[t,j] - ybar_j)(f[t,j] - fbar_j) / sqrt(sum_t (y[t,j] - ybar_j)**2
    * sum_t (f[t,j] - fbar_j)**2)``, equal to ``scipy.stats.pearsonr`` per dimension;
    the result is ``1/D * sum_j rho_j``.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major; ``H >= 2``.

    A dimension where the forecast is constant (every value identical) counts 0:
    such a forecast carries no information on how the truth varies and its
    covariance with the truth is exactly 0 (``scipy.stats.pearsonr`` returns NaN
    there, with a warning). :func:`spearman` uses the same rule, so both agree on a
    constant forecast.

    Returns
    -------
    float
        In ``[-1, 1]``; ``nan`` if the truth is constant in any dimension (the
        correlation is undefined there: no forecast can be judged), without a
        warning.

    Examples
    --------
    >>> pearson([1.0, 2.0, 3.0], [2.0, 4.0, 7.0]) > 0.98
    True
    >>> pearson([1.0, 2.0, 3.0], [0.1, 0.1, 0.1])  # a constant forecast
    0.0
    """
    y, f = pair(truth, forecast, "pearson", min_length=2)
    return _mean_correlation(y, f)


def spearman(truth, forecast) -> float:
    """Spearman rank correlation between truth and forecast, averaged over dimensions.

    The Pearson correlation of the ranks (ties get their average rank) of
    ``truth[:, j]`` and ``forecast[:, j]``, equal to ``scipy.stats.spearmanr`` per
    dimension (Spearman 1904), averaged over dimensions.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major; ``H >= 2``.

    A dimension where the forecast is constant counts 0, as in :func:`pearson`
    (all its ranks tie, so its rank covariance with the truth is exactly 0).

    Returns
    -------
    float
        In ``[-1, 1]``; ``nan`` if the truth is constant in any dimension.

    Examples
    --------
    >>> spearman([1.0, 2.0, 3.0], [2.0, 4.0, 70.0])
    1.0
    >>> spearman([1.0, 2.0, 3.0], [0.1, 0.1, 0.1])  # a constant forecast
    0.0
    """
    y, f = pair(truth, forecast, "spearman", min_length=2)
    return _mean_correlation(y, f, ranked=True)


def _mean_correlation(y: np.ndarray, f: np.ndarray, ranked: bool = False) -> float:
    """Mean over dimensions of the correlation of ``y[:, j]`` and ``f[:, j]`` (of their
    ranks with ``ranked``): NaN where the truth is constant, 0 where the forecast is."""
    constant_truth = np.all(y == y[:1], axis=0)
    constant_forecast = np.all(f == f[:1], axis=0)
    if np.any(constant_truth):
        return float("nan")
    if ranked:
        y, f = rankdata(y, axis=0), rankdata(f, axis=0)
    # each dimension scaled by its largest deviation first: a huge (diverging) but
    # finite forecast has a well-defined correlation, which must not overflow
    y = y / np.max(np.abs(y), axis=0)
    f = f / np.where(constant_forecast, 1.0, np.max(np.abs(f), axis=0))
    yc = y - y.mean(axis=0)
    fc = f - f.mean(axis=0)
    norm = np.sqrt(np.sum(yc**2, axis=0) * np.sum(fc**2, axis=0))
    safe = np.where(constant_forecast, 1.0, norm)
    rho = np.where(constant_forecast, 0.0, np.clip(np.sum(yc * fc, axis=0) / safe, -1.0, 1.0))
    return float(np.mean(rho))


#: The pointwise metrics that take only ``(truth, forecast)``, by name. :func:`mase`
#: is left out because it also needs the ``history`` the forecast was made from.
POINTWISE: dict[str, Callable[..., float]] = {
    "mse": mse,
    "mae": mae,
    "rmse": rmse,
    "nrmse": nrmse,
    "smape": smape,
    "r2": r2,
    "pearson": pearson,
    "spearman": spearman,
}
