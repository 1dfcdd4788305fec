"""Input checks shared by the forecast metrics."""

from __future__ import annotations

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError


def series(value, name: str, function: str, *, min_length: int = 1) -> np.ndarray:
    """``value`` as a finite float array of shape ``(time, dimension)``.

    A 1-D array is read as a single dimension. Raises ``ValueError``
    (:class:`~chaosbench.errors.InvalidParameterError`) naming ``name`` otherwise.
    """
    array = check.finite_array(value, name, function)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2 or array.shape[1] == 0:
        raise InvalidParameterError(
            name, function, "a 1-D or 2-D (time, dimension) array", f"shape {array.shape}"
        )
    if array.shape[0] < min_length:
        raise InvalidParameterError(
            name, function, f"a series of at least {min_length} time points", f"{array.shape[0]}"
        )
    return array


def pair(truth, forecast, function: str, *, min_length: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``truth`` and ``forecast`` as checked ``(time, dimension)`` arrays of one shape."""
    y = series(truth, "truth", function, min_length=min_length)
    f = series(forecast, "forecast", function, min_length=min_length)
    if f.shape != y.shape:
        raise InvalidParameterError(
            "forecast",
            function,
            f"an array of the same shape as truth {y.shape}",
            f"shape {f.shape}",
        )
    return y, f


def time_units(dt, lyapunov_time, function: str) -> float:
    """The step ``dt`` expressed in Lyapunov times, ``dt / lyapunov_time``."""
    return check.positive_float(dt, "dt", function) / check.positive_float(
        lyapunov_time, "lyapunov_time", function
    )
