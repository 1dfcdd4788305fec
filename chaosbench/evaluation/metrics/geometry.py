"""Attractor geometry: does a long free-running forecast reproduce the truth's invariants?

Past a few Lyapunov times no forecast of a chaotic system can follow the true
trajectory, so long free runs are judged by the statistics of the attractor they
trace instead of pointwise: the occupation of state space, the power spectrum,
the correlation dimension and the largest Lyapunov exponent.

Every such estimate is noisy and biased on finite data, even for a perfect
model: two independent trajectories of the *true* system do not score 0. Report
each geometry metric beside its floor, the same metric between the truth and an
independent ground-truth trajectory of the same length (:func:`with_floor`); a
forecast is as good as the data can tell when its value is close to the floor.

Arrays are time-major, ``(time, dimension)``; ``truth`` and ``forecast`` must
have the same shape, and bad input raises ``ValueError`` naming the argument.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.spatial import cKDTree
from scipy.spatial.distance import cdist
from scipy.special import logsumexp

from chaosbench import _validation as check
from chaosbench.analysis.dimension import correlation_dimension
from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.metrics._common import pair, series

__all__ = [
    "correlation_dimension_error",
    "max_lyapunov_error",
    "max_lyapunov_from_series",
    "power_spectrum_distance",
    "state_space_divergence",
    "state_space_divergence_gmm",
    "with_floor",
]

#: dimension from which :func:`state_space_divergence` switches to the GMM estimate
GMM_DIMENSION = 6


def state_space_divergence(
    truth,
    forecast,
    bins: int = 30,
    smoothing: float = 1e-5,
    bounds=None,
    *,
    method: str = "auto",
    sigma: float = 1.0,
    n_samples: int = 2000,
    max_centres: int = 2000,
    seed: int = 0,
) -> float:
    """State-space divergence ``D_stsp = D_KL(p_truth || p_forecast)`` of the visited points.

    Binned estimate (``method="binned"``): the state space is cut into ``bins``
    equal bins per dimension over ``bounds``; by default, each dimension's range
    is the truth's ``[min, max]`` extended by 10% of its span on both sides (a
    span of 0 is replaced by 1). Points outside the range are counted in the
    nearest edge bin. With ``p_k``, ``q_k`` the fractions of truth and forecast
    points in bin ``k`` of ``B = bins**D``, Laplace smoothing ``alpha =
    smoothing`` gives ``p~_k = (p_k + alpha) / (1 + alpha B)`` (likewise ``q~``) and

    ``D_stsp = sum_k p~_k log(p~_k / q~_k)``  (natural log, nats).

    Bins empty in both histograms contribute exactly 0, so only occupied bins are
    visited and a perfect forecast scores exactly 0. This is the ``D_stsp`` of
    Koppe et al. (PLoS Comput. Biol. 15, e1007263, 2019), Brenner et al. (ICML
    2022) and Hess et al. (ICML 2023). The number of bins grows as ``bins**D``, so
    for ``D >= 6`` the default ``method="auto"`` switches to
    :func:`state_space_divergence_gmm` (with ``sigma``, ``n_samples``,
    ``max_centres`` and ``seed``); ``bins``, ``smoothing`` and ``bounds`` then
    play no part.

    Parameters
    ----------
    truth, forecast : array_like, shape (T, D) or (T,)
        Long free runs of the true system and of the model.
    bins : int
        Bins per dimension.
    smoothing : float
        Laplace smoothing ``alpha`` added to every bin's probability (``>= 0``;
        0 gives ``inf`` when the forecast misses a bin the truth visits).
    bounds : array_like, shape (D, 2), optional
        ``[low, high]`` of every dimension.
    method : {"auto", "binned", "gmm"}
        Estimator; ``"auto"`` is ``"binned"`` for ``D < 6`` and ``"gmm"`` otherwise.
    sigma, n_samples, max_centres, seed
        Passed to :func:`state_space_divergence_gmm`.

    Returns
    -------
    float
        Non-negative divergence in nats.
    """
    function = "state_space_divergence"
    if method not in ("auto", "binned", "gmm"):
        raise InvalidParameterError("method", function, "'auto', 'binned' or 'gmm'", method)
    chosen = method
    y, f = pair(truth, forecast, function)
    if chosen == "gmm" or (chosen == "auto" and y.shape[1] >= GMM_DIMENSION):
        return state_space_divergence_gmm(
            y, f, sigma=sigma, n_samples=n_samples, max_centres=max_centres, seed=seed
        )
    n_bins = check.positive_int(bins, "bins", function)
    alpha = check.positive_float(smoothing, "smoothing", function, allow_zero=True)
    d = y.shape[1]
    if bounds is None:
        low, high = y.min(axis=0), y.max(axis=0)
        span = np.where(high > low, high - low, 1.0)
        low, high = low - 0.1 * span, high + 0.1 * span
    else:
        box = check.finite_array(bounds, "bounds", function, shape=(d, 2))
        low, high = box[:, 0], box[:, 1]
        if np.any(high <= low):
            raise InvalidParameterError("bounds", function, "rows with low < high", bounds)

    def bin_of(points: np.ndarray) -> np.ndarray:
        index = np.floor((points - low) / (high - low) * n_bins).astype(np.int64)
        return np.clip(index, 0, n_bins - 1)

    cells, inverse = np.unique(np.concatenate([bin_of(y), bin_of(f)]), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    p = np.bincount(inverse[: y.shape[0]], minlength=len(cells)) / y.shape[0]
    q = np.bincount(inverse[y.shape[0] :], minlength=len(cells)) / f.shape[0]
    total = 1.0 + alpha * float(n_bins) ** d
    p, q = (p + alpha) / total, (q + alpha) / total
    keep = p > 0
    with np.errstate(divide="ignore"):
        return float(max(0.0, np.sum(p[keep] * np.log(p[keep] / q[keep]))))


def state_space_divergence_gmm(
    truth,
    forecast,
    sigma: float = 1.0,
    n_samples: int = 2000,
    max_centres: int = 2000,
    seed: int = 0,
) -> float:
    """Monte-Carlo ``D_KL(p_truth || p_forecast)`` between Gaussian mixtures on the points.

    Both series are z-scored with the *truth's* per-dimension mean and standard
    deviation (so ``sigma`` is in units of the truth's standard deviation in every
    dimension) and thinned, evenly in time, to at most ``max_centres`` points
    ``a_i`` (truth) and ``b_i`` (forecast). The densities are the mixtures

    ``p(x) = 1/N sum_i N(x; a_i, sigma**2 I)``,  ``q(x) = 1/M sum_i N(x; b_i, sigma**2 I)``

    and the divergence is the Monte-Carlo average ``D = 1/S sum_s [log p(x_s) -
    log q(x_s)]`` over ``S = n_samples`` draws ``x_s ~ p`` (a random centre plus
    isotropic Gaussian noise; ``seed`` makes it reproducible). This is the
    high-dimensional ``D_stsp`` of Koppe et al. (PLoS Comput. Biol. 15, e1007263,
    2019) and Brenner et al. (ICML 2022), with the Monte-Carlo KL estimate of
    Hershey & Olsen (ICASSP 2007). A perfect forecast scores exactly 0; an
    estimate can come out slightly negative from sampling noise.

    Parameters
    ----------
    truth, forecast : array_like, shape (T, D) or (T,)
        Long free runs of the true system and of the model.
    sigma : float
        Kernel standard deviation, in units of the truth's standard deviation.
        Larger values blur finer structure of the attractor.
    n_samples : int
        Monte-Carlo sample size.
    max_centres : int
        Largest number of mixture components per trajectory.
    seed : int
        Seed of the Monte-Carlo draws.

    Returns
    -------
    float
        Divergence in nats.
    """
    function = "state_space_divergence_gmm"
    y, f = pair(truth, forecast, function)
    width = check.positive_float(sigma, "sigma", function)
    samples = check.positive_int(n_samples, "n_samples", function)
    centres = check.positive_int(max_centres, "max_centres", function)
    rng = check.random_generator(seed, function)
    mean, std = y.mean(axis=0), y.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    a = _thin((y - mean) / std, centres)
    b = _thin((f - mean) / std, centres)
    x = a[rng.integers(0, len(a), samples)] + width * rng.standard_normal((samples, a.shape[1]))

    def log_density(points: np.ndarray) -> np.ndarray:
        # the Gaussian normalisation constant is common to p and q and cancels
        exponent = -cdist(x, points, "sqeuclidean") / (2.0 * width**2)
        return logsumexp(exponent, axis=1) - np.log(len(points))

    return float(np.mean(log_density(a) - log_density(b)))


def _thin(points: np.ndarray, most: int) -> np.ndarray:
    """At most ``most`` rows of ``points``, evenly spaced in time."""
    if len(points) <= most:
        return points
    return points[np.linspace(0, len(points) - 1, most).round().astype(np.int64)]


def power_spectrum_distance(truth, forecast, smoothing: float = 20.0) -> float:
    """Hellinger distance ``D_H`` between the power spectra, averaged over dimensions.

    Each dimension of each series is z-scored by its own mean and standard
    deviation; its power spectrum is ``P(k) = |FFT(x)(k)|**2`` over the
    non-negative frequencies (``numpy.fft.rfft``), smoothed with a Gaussian kernel
    of standard deviation ``smoothing`` frequency bins
    (``scipy.ndimage.gaussian_filter1d``, reflecting boundaries) and normalised to
    sum 1. For spectra ``p`` and ``q`` of dimension ``j``

    ``H_j = sqrt(1 - sum_k sqrt(p_k q_k))``,  ``D_H = 1/D sum_j H_j``,

    between 0 (identical spectra) and 1 (disjoint support). Following Mikhaeil
    et al. (NeurIPS 2022) and Hess et al. (ICML 2023).

    Parameters
    ----------
    truth, forecast : array_like, shape (T, D) or (T,)
        Long free runs sampled with the same step; ``T >= 2``.
    smoothing : float
        Standard deviation of the smoothing kernel in frequency bins (0: none).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a dimension of either series is constant (no spectrum to normalise).
    """
    function = "power_spectrum_distance"
    y, f = pair(truth, forecast, function, min_length=2)
    width = check.positive_float(smoothing, "smoothing", function, allow_zero=True)
    p = _spectrum(y, width, "truth", function)
    q = _spectrum(f, width, "forecast", function)
    # 1 - sum sqrt(p q) written as half the squared distance of the square roots (equal
    # for normalised spectra): no cancellation, so identical spectra score exactly 0
    gap = 0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2, axis=0)
    return float(np.mean(np.sqrt(np.minimum(1.0, gap))))


def _spectrum(x: np.ndarray, width: float, name: str, function: str) -> np.ndarray:
    std = x.std(axis=0)
    if np.any(std == 0):
        raise InvalidParameterError(name, function, "non-constant in every dimension", "a constant")
    power = np.abs(np.fft.rfft((x - x.mean(axis=0)) / std, axis=0)) ** 2
    if width > 0:
        power = gaussian_filter1d(power, width, axis=0)
    return power / power.sum(axis=0)


def correlation_dimension_error(
    truth, forecast, theiler: int = 10, max_points: int = 3000
) -> float:
    """Relative error of the forecast's correlation dimension.

    ``|D2(forecast) - D2(truth)| / D2(truth)``, with ``D2`` the Grassberger-
    Procaccia correlation dimension (Physica D 9, 189, 1983) from
    :func:`chaosbench.analysis.dimension.correlation_dimension` (each series
    standardised, maximum norm, automatic scaling region).

    Parameters
    ----------
    truth, forecast : array_like, shape (T, D) or (T,)
        Long free runs.
    theiler : int
        Theiler window in samples (pairs closer in time are excluded).
    max_points : int
        Each series is thinned to at most this many points.

    Returns
    -------
    float
    """
    function = "correlation_dimension_error"
    y, f = pair(truth, forecast, function)
    window = check.positive_int(theiler, "theiler", function)
    most = check.positive_int(max_points, "max_points", function)
    d_truth = correlation_dimension(y, theiler=window, max_points=most).dimension
    d_forecast = correlation_dimension(f, theiler=window, max_points=most).dimension
    return float(abs(d_forecast - d_truth) / abs(d_truth))


def max_lyapunov_from_series(
    X,
    dt: float,
    *,
    theiler: int | None = None,
    n_steps: int | None = None,
    max_points: int = 2000,
    fit_fraction: float = 0.6,
) -> float:
    """Largest Lyapunov exponent of a (multivariate) time series, after Rosenstein et al. (1993).

    Rosenstein, Collins & De Luca, "A practical method for calculating largest
    Lyapunov exponents from small data sets", Physica D 65, 117 (1993). The state
    space is the series itself (no delay embedding), each coordinate z-scored.

    1. Theiler window ``W``: by default the mean period, the reciprocal of the
       power-weighted mean frequency of the spectrum (Rosenstein's choice).
    2. Up to ``max_points`` reference points ``i`` (evenly spaced) each get their
       Euclidean nearest neighbour ``j`` with ``|i - j| > W`` among the points
       that can be followed ``n_steps`` ahead.
    3. The divergence curve is ``y(k) = < log ||X[i+k] - X[j+k]|| >`` (mean over
       pairs, zero distances left out), ``k = 0 .. n_steps - 1``; by default
       ``n_steps = min(10 W, T // 4)``, long enough to saturate.
    4. The early linear region is ``k = 0 .. K``, where ``K`` is the first step at
       which ``y`` has covered ``fit_fraction`` of its rise from ``y(0)`` to its
       maximum (at least 3 points); the exponent is the least-squares slope of
       ``y`` against ``k dt`` there.

    Parameters
    ----------
    X : array_like, shape (T, D) or (T,)
        Time series sampled every ``dt``, on the attractor (transient removed).
    dt : float
        Sampling step; the exponent is per unit time.
    theiler : int, optional
        Theiler window in samples.
    n_steps : int, optional
        Length of the divergence curve in samples.
    max_points : int
        Number of reference points.
    fit_fraction : float
        End of the fitted region, as a fraction of the rise of the curve (0-1).

    Returns
    -------
    float
        Estimated largest exponent (per unit time).
    """
    function = "max_lyapunov_from_series"
    x = series(X, "X", function, min_length=20)
    step = check.positive_float(dt, "dt", function)
    refs_wanted = check.positive_int(max_points, "max_points", function)
    fraction = check.positive_float(fit_fraction, "fit_fraction", function)
    if fraction >= 1:
        raise InvalidParameterError("fit_fraction", function, "below 1", fit_fraction)
    std = x.std(axis=0)
    if np.any(std == 0):
        raise InvalidParameterError("X", function, "non-constant in every dimension", "a constant")
    z = (x - x.mean(axis=0)) / std
    total = len(z)
    if theiler is None:
        power = np.sum(np.abs(np.fft.rfft(z, axis=0)) ** 2, axis=1)[1:]
        frequency = np.fft.rfftfreq(total)[1:]
        window = int(np.ceil(np.sum(power) / np.sum(frequency * power)))
    else:
        window = check.positive_int(theiler, "theiler", function, allow_zero=True)
    if n_steps is None:
        horizon = min(10 * window, total // 4)
    else:
        horizon = check.positive_int(n_steps, "n_steps", function)
    usable = total - horizon
    if horizon < 3 or usable <= 2 * window + 1:
        raise InvalidParameterError(
            "X", function, "long enough for the Theiler window and n_steps", f"{total} points"
        )
    tree = cKDTree(z[:usable])
    refs = np.unique(np.linspace(0, usable - 1, min(refs_wanted, usable)).astype(np.int64))
    neighbours = np.full(len(refs), -1)
    k = min(usable, 2 * window + 16)
    pending = np.arange(len(refs))
    while pending.size:
        _, index = tree.query(z[refs[pending]], k=k)
        index = index.reshape(len(pending), -1)
        allowed = np.abs(index - refs[pending, None]) > window
        found = allowed.any(axis=1)
        neighbours[pending[found]] = index[found, allowed[found].argmax(axis=1)]
        pending = pending[~found]
        if k == usable:
            break
        k = min(usable, 2 * k)
    chosen = neighbours >= 0
    refs, neighbours = refs[chosen], neighbours[chosen]
    curve = np.empty(horizon)
    for lag in range(horizon):
        distance = np.linalg.norm(z[refs + lag] - z[neighbours + lag], axis=1)
        distance = distance[distance > 0]
        curve[lag] = np.mean(np.log(distance)) if distance.size else np.nan
    curve = curve[np.isfinite(curve)]
    if curve.size < 3:
        raise InvalidParameterError(
            "X", function, "a series whose neighbouring points separate", "no divergence"
        )
    rise = curve - curve[0]
    reached = np.flatnonzero(rise >= fraction * np.max(rise))
    end = max(3, int(reached[0]) + 1 if reached.size else len(curve))
    lags = np.arange(end) * step
    return float(np.polyfit(lags, curve[:end], 1)[0])


def max_lyapunov_error(truth, forecast, dt: float, **kwargs) -> float:
    """Relative error of the forecast's largest Lyapunov exponent.

    ``|lambda(forecast) - lambda(truth)| / |lambda(truth)|``, both estimated by
    :func:`max_lyapunov_from_series` with the same ``dt`` and keyword arguments.

    Parameters
    ----------
    truth, forecast : array_like, shape (T, D) or (T,)
        Long free runs sampled every ``dt``.
    dt : float
        Sampling step.
    **kwargs
        Passed to :func:`max_lyapunov_from_series`.

    Returns
    -------
    float
    """
    y, f = pair(truth, forecast, "max_lyapunov_error")
    lam_truth = max_lyapunov_from_series(y, dt, **kwargs)
    lam_forecast = max_lyapunov_from_series(f, dt, **kwargs)
    return float(abs(lam_forecast - lam_truth) / abs(lam_truth))


def with_floor(
    metric: Callable[..., float], truth, forecast, reference, **kwargs
) -> dict[str, float]:
    """A geometry metric together with its floor.

    Returns ``{"value": metric(truth, forecast, **kwargs), "floor": metric(truth,
    reference, **kwargs)}``, where ``reference`` is an independent trajectory of
    the true system (another initial condition on the attractor) of the same
    shape as ``truth``. The floor is what a perfect model scores given the finite
    data, so every geometry metric of this module should be reported beside it.

    Parameters
    ----------
    metric : callable
        A metric ``metric(truth, forecast, **kwargs) -> float``.
    truth, forecast, reference : array_like, shape (T, D) or (T,)
        The truth, the model's free run and an independent true trajectory.
    **kwargs
        Passed to ``metric`` in both calls.

    Returns
    -------
    dict
        ``{"value": float, "floor": float}``.
    """
    y, f = pair(truth, forecast, "with_floor")
    r = series(reference, "reference", "with_floor")
    if r.shape != y.shape:
        raise InvalidParameterError(
            "reference", "with_floor", f"an array of the same shape as truth {y.shape}", r.shape
        )
    return {"value": float(metric(y, f, **kwargs)), "floor": float(metric(y, r, **kwargs))}
