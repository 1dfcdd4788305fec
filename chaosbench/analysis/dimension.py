"""Correlation dimension by the Grassberger–Procaccia algorithm."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import pdist


@dataclass(frozen=True)
class CorrelationDimension:
    """Result of :func:`correlation_dimension`.

    Attributes
    ----------
    dimension : float
        Slope of ``log C(r)`` against ``log r`` over the scaling region.
    r_min, r_max : float
        The scaling region (in units of the standardised data).
    radii, correlation_sum : numpy.ndarray
        The full curve ``C(r)``, for plotting or another choice of region.
    """

    dimension: float
    r_min: float
    r_max: float
    radii: np.ndarray
    correlation_sum: np.ndarray


def correlation_dimension(
    X: np.ndarray,
    *,
    theiler: int = 10,
    max_points: int = 3000,
    n_radii: int = 40,
    min_decades: float = 0.8,
    slope_tolerance: float = 0.1,
) -> CorrelationDimension:
    """Correlation dimension of a trajectory (Grassberger & Procaccia, Physica D 9, 189, 1983).

    The correlation sum ``C(r)`` is the fraction of pairs of points closer than
    ``r`` (maximum norm, after each coordinate is standardised), excluding pairs
    closer than ``theiler`` samples in time (Theiler, Phys. Rev. A 34, 2427, 1986).
    The scaling region is chosen automatically: among all ranges of ``r`` spanning
    at least ``min_decades`` decades whose local slopes stay within
    ``slope_tolerance`` (relative) of their median, the widest is used, and the
    dimension is the least-squares slope of ``log C`` over it.

    Parameters
    ----------
    X
        Trajectory, shape ``(n, d)``, sampled uniformly in time.
    theiler
        Theiler window in samples.
    max_points
        The trajectory is thinned to at most this many points (evenly spaced).
    n_radii
        Number of logarithmically spaced radii.
    min_decades, slope_tolerance
        Requirements on the scaling region.

    Returns
    -------
    CorrelationDimension
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    stride = max(1, X.shape[0] // max_points)
    Y = X[::stride]
    std = Y.std(axis=0)
    Y = (Y - Y.mean(axis=0)) / np.where(std > 0, std, 1.0)
    n = Y.shape[0]
    window = max(1, int(np.ceil(theiler / stride)))
    distances = pdist(Y, metric="chebyshev")
    # pdist lists the pairs (i, j > i) row by row, so the pairs closer than ``window``
    # in time are the first ``window - 1`` entries of each row (fewer in the last rows)
    lengths = np.arange(n - 1, 0, -1)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    offsets = np.arange(window - 1)
    close = (starts[:, None] + offsets)[offsets < lengths[:, None]]
    keep = np.ones(distances.size, dtype=bool)
    keep[close] = False
    keep &= distances > 0
    sorted_distances = np.sort(distances[keep])
    if sorted_distances.size < 100:
        raise ValueError("too few point pairs to estimate a correlation dimension")
    lo, hi = np.quantile(sorted_distances, [1e-4, 0.2])
    radii = np.geomspace(lo, hi, n_radii)
    counts = np.searchsorted(sorted_distances, radii, side="right")
    correlation_sum = counts / sorted_distances.size
    log_r, log_c = np.log(radii), np.log(np.maximum(correlation_sum, 1e-300))
    slopes = np.diff(log_c) / np.diff(log_r)
    span_needed = min_decades * np.log(10.0)
    best = None
    values, logs = slopes.tolist(), log_r.tolist()  # small: plain Python is faster
    for start in range(len(values)):
        for stop in range(start + 1, len(values) + 1):
            if logs[stop] - logs[start] < span_needed:
                continue
            window_slopes = values[start:stop]
            median = _median(window_slopes)
            spread = max(abs(v - median) for v in window_slopes)
            if median <= 0 or spread > slope_tolerance * median:
                break
            if best is None or (stop - start) > (best[1] - best[0]):
                best = (start, stop)
    if best is None:  # no clean scaling region: fall back to the central decade
        mid = slopes.size // 2
        half = max(1, int(np.ceil(span_needed / np.diff(log_r)[0] / 2)))
        best = (max(0, mid - half), min(slopes.size, mid + half))
    start, stop = best
    slope = np.polyfit(log_r[start : stop + 1], log_c[start : stop + 1], 1)[0]
    return CorrelationDimension(
        float(slope), float(radii[start]), float(radii[stop]), radii, correlation_sum
    )


def _median(values: list[float]) -> float:
    """The median as :func:`numpy.median` computes it (the mean of the middle two)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
