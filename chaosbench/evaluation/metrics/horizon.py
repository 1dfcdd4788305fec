"""How long a forecast stays good: valid prediction times and error growth.

Time convention (used by every function here): ``forecast[0]`` is the prediction
one step ahead of the last observed state, so ``forecast[k]`` (0-based) lies at
time ``(k + 1) * dt`` after the forecast starts. A valid prediction time (VPT) is
``k_valid * dt / lyapunov_time``, where ``k_valid`` is the number of leading
points that pass the criterion: the 0-based index of the first failing point, or
``H`` when no point fails. A perfect forecast therefore scores exactly the full
horizon ``H * dt / lyapunov_time``, and a forecast that is perfect for ``k``
steps and then fails scores ``k * dt / lyapunov_time``. Times are in Lyapunov
times (``lyapunov_time = 1 / lambda_max``), the unit of the chaotic-forecasting
literature.
"""

from __future__ import annotations

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.metrics._common import pair, time_units
from chaosbench.evaluation.metrics.pointwise import _smape_terms

__all__ = [
    "error_growth",
    "prediction_error",
    "valid_prediction_time_nrmse",
    "valid_prediction_time_smape",
]


def _first_exceedance(values: np.ndarray, threshold: float) -> int:
    """Index of the first entry above ``threshold``; ``len(values)`` if none is."""
    above = np.flatnonzero(values > threshold)
    return int(above[0]) if above.size else int(values.size)


def valid_prediction_time_smape(
    truth, forecast, dt: float, lyapunov_time: float, threshold: float = 30.0
) -> float:
    """Valid prediction time by cumulative sMAPE, in Lyapunov times.

    The cumulative sMAPE after ``n`` points is the sMAPE of the first ``n`` points,
    ``S(n) = 1/D * sum_j 200/n * sum_{t<n} |f[t,j] - y[t,j]| / (|f[t,j]| + |y[t,j]|)``
    (see :func:`~chaosbench.evaluation.metrics.pointwise.smape`). The number of
    valid points is ``k = min{n - 1 : S(n) > threshold}`` (``k = H`` if ``S`` never
    exceeds the threshold), and ``VPT = k * dt / lyapunov_time`` (module
    convention). This is the forecast horizon of Gilpin (Phys. Rev. Research 5,
    043252, 2023), the time at which the running sMAPE first exceeds 30.

    Because the error is cumulative, one bad point after ``k`` perfect ones raises
    ``S`` by at most ``200 / (k + 1)``; the VPT ends at that point only when this
    exceeds ``threshold``.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.
    dt : float
        Time between consecutive points.
    lyapunov_time : float
        The system's Lyapunov time ``1 / lambda_max``.
    threshold : float
        Largest acceptable cumulative sMAPE (0-200 scale).

    Returns
    -------
    float
        Between 0 and ``H * dt / lyapunov_time``.
    """
    function = "valid_prediction_time_smape"
    y, f = pair(truth, forecast, function)
    unit = time_units(dt, lyapunov_time, function)
    limit = check.positive_float(threshold, "threshold", function)
    per_step = np.mean(_smape_terms(y, f), axis=1)
    cumulative = 200.0 * np.cumsum(per_step) / np.arange(1, y.shape[0] + 1)
    return _first_exceedance(cumulative, limit) * unit


def _normalised_error(y: np.ndarray, f: np.ndarray, scale, function: str) -> np.ndarray:
    """``||f[t] - y[t]|| / s`` for every step (see :func:`error_growth`)."""
    if scale is None:
        s = float(np.sqrt(np.mean(np.sum((y - y.mean(axis=0)) ** 2, axis=1))))
        if s == 0:
            raise InvalidParameterError(
                "truth", function, "non-constant (or pass scale)", "a constant series"
            )
    else:
        s = check.positive_float(scale, "scale", function)
    return np.sqrt(np.sum((f - y) ** 2, axis=1)) / s


def valid_prediction_time_nrmse(
    truth,
    forecast,
    dt: float,
    lyapunov_time: float,
    threshold: float = 0.5,
    scale: float | None = None,
) -> float:
    """Valid prediction time by pointwise normalised error, in Lyapunov times.

    The normalised error at step ``t`` is ``e(t) = ||f[t] - y[t]||_2 / s`` with
    ``s = sqrt(1/H * sum_t ||y[t] - ybar||_2**2)``, the root-mean-square distance
    of the truth from its mean over the window (or ``s = scale``: pass the RMS size
    of the attractor, from a long trajectory, so that the criterion does not
    depend on how much of the attractor the window visits). The number of valid
    points is ``k = min{t : e(t) > threshold}`` (``k = H`` if none) and
    ``VPT = k * dt / lyapunov_time`` (module convention). This is the valid time of
    Pathak et al. (Phys. Rev. Lett. 120, 024102, 2018) and Vlachas et al. (Neural
    Networks 126, 191, 2020), who use ``threshold = 0.5`` (Vlachas et al.) or 0.4.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.
    dt : float
        Time between consecutive points.
    lyapunov_time : float
        The system's Lyapunov time ``1 / lambda_max``.
    threshold : float
        Largest acceptable normalised error.
    scale : float, optional
        The normalising size ``s``; by default computed from ``truth``.

    Returns
    -------
    float
        Between 0 and ``H * dt / lyapunov_time``.
    """
    function = "valid_prediction_time_nrmse"
    y, f = pair(truth, forecast, function)
    unit = time_units(dt, lyapunov_time, function)
    limit = check.positive_float(threshold, "threshold", function)
    return _first_exceedance(_normalised_error(y, f, scale, function), limit) * unit


def error_growth(
    truth, forecast, dt: float, lyapunov_time: float, scale: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised error of the forecast at every step, against time in Lyapunov times.

    Returns ``times[k] = (k + 1) * dt / lyapunov_time`` (module convention) and
    ``e[k] = ||f[k] - y[k]||_2 / s``, the error used by
    :func:`valid_prediction_time_nrmse` (same ``s``). For an accurate early
    forecast ``log e`` grows with slope close to 1 per Lyapunov time.

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.
    dt : float
        Time between consecutive points.
    lyapunov_time : float
        The system's Lyapunov time.
    scale : float, optional
        The normalising size ``s``; by default the RMS size of ``truth``.

    Returns
    -------
    times, errors : numpy.ndarray, shape (H,)
    """
    function = "error_growth"
    y, f = pair(truth, forecast, function)
    unit = time_units(dt, lyapunov_time, function)
    times = np.arange(1, y.shape[0] + 1) * unit
    return times, _normalised_error(y, f, scale, function)


def prediction_error(truth, forecast, n: int) -> float:
    """The ``n``-step prediction error PE(n): the RMSE over the first ``n`` steps.

    ``PE(n) = sqrt(1/(n D) * sum_{t<n} sum_j (f[t,j] - y[t,j])**2)``, the pooled
    RMSE (:func:`~chaosbench.evaluation.metrics.pointwise.rmse`) of the forecast up
    to ``n`` steps ahead, for comparing models at a fixed lead time. (The
    ``PE(n)`` of Koppe et al., PLoS Comput. Biol. 15, e1007263, 2019, and Brenner
    et al., ICML 2022, is instead the squared error *at* lead ``n`` averaged over
    many initial conditions; averaging this function over forecasts started from
    many initial conditions gives the cumulative counterpart.)

    Parameters
    ----------
    truth, forecast : array_like, shape (H, D) or (H,)
        Ground truth and forecast, time-major.
    n : int
        Number of leading steps, ``1 <= n <= H``.

    Returns
    -------
    float
    """
    y, f = pair(truth, forecast, "prediction_error")
    steps = check.positive_int(n, "n", "prediction_error")
    if steps > y.shape[0]:
        raise InvalidParameterError("n", "prediction_error", f"at most the horizon {y.shape[0]}", n)
    return float(np.sqrt(np.mean((f[:steps] - y[:steps]) ** 2)))
