"""Time derivatives of sampled series by finite differences."""

from __future__ import annotations

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError

#: 4th-order first-derivative stencils (Fornberg 1988), times 12 h: the centred one, and
#: the one-sided ones for the first two points (mirrored, with opposite sign, at the end)
_CENTRED = np.array([1.0, -8.0, 0.0, 8.0, -1.0])
_FIRST = np.array([-25.0, 48.0, -36.0, 16.0, -3.0])
_SECOND = np.array([-3.0, -10.0, 18.0, -6.0, 1.0])


def finite_difference(x, dt: float) -> np.ndarray:
    """Time derivative of sampled series by 4th-order finite differences.

    With step ``h`` and samples ``x_k`` along the time axis (the second-to-last),

    ``x'_k = (x_{k-2} - 8 x_{k-1} + 8 x_{k+1} - x_{k+2}) / (12 h)``

    at interior points, and the one-sided formulas of the same order at the two
    points of each end, ``x'_0 = (-25 x_0 + 48 x_1 - 36 x_2 + 16 x_3 - 3 x_4) /
    (12 h)`` and ``x'_1 = (-3 x_0 - 10 x_1 + 18 x_2 - 6 x_3 + x_4) / (12 h)``
    (mirrored, with the opposite sign, at the last two points). Every formula is
    exact for polynomials of degree up to 4; the error is ``O(h**4)``. Weights from
    B. Fornberg, "Generation of finite difference formulas on arbitrarily spaced
    grids", Mathematics of Computation 51, 699-706 (1988).

    Parameters
    ----------
    x : array_like, shape (..., n, d) or (n,)
        Series sampled every ``dt``; time is the second-to-last axis (the only
        axis of a 1-D array). At least 5 samples.
    dt : float
        Sampling step.

    Returns
    -------
    numpy.ndarray
        The derivative, same shape as ``x``.

    Examples
    --------
    >>> t = 0.1 * np.arange(6)
    >>> finite_difference(t**3, 0.1).round(12)  # exactly 3 t**2
    array([0.  , 0.03, 0.12, 0.27, 0.48, 0.75])
    """
    function = "finite_difference"
    array = check.finite_array(x, "x", function)
    h = check.positive_float(dt, "dt", function)
    one_dimensional = array.ndim == 1
    series = array[:, None] if one_dimensional else array
    if series.ndim < 2 or series.shape[-2] < 5:
        raise InvalidParameterError(
            "x", function, "a series of at least 5 samples (time on the second-to-last axis)",
            f"shape {array.shape}",
        )  # fmt: skip
    n = series.shape[-2]
    out = np.empty_like(series)
    samples = [series[..., k : n - 4 + k, :] for k in range(5)]
    out[..., 2:-2, :] = sum(w * s for w, s in zip(_CENTRED, samples))
    head, tail = series[..., :5, :], series[..., -5:, :][..., ::-1, :]
    out[..., 0, :] = np.einsum("k,...kd->...d", _FIRST, head)
    out[..., 1, :] = np.einsum("k,...kd->...d", _SECOND, head)
    out[..., -1, :] = -np.einsum("k,...kd->...d", _FIRST, tail)
    out[..., -2, :] = -np.einsum("k,...kd->...d", _SECOND, tail)
    out /= 12.0 * h
    return out[:, 0] if one_dimensional else out
