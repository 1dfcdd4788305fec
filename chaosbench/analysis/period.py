"""Dominant period of a sampled trajectory from its power spectrum."""

from __future__ import annotations

import numpy as np


def dominant_period(X: np.ndarray, dt: float, min_frequency: float = 0.0) -> float:
    """Period of the strongest peak of the power spectrum of a trajectory.

    Each coordinate is centred, scaled to unit variance and Hann-windowed; the
    power spectra of all coordinates are summed, the zero frequency excluded,
    and the peak located to sub-bin accuracy by a parabola through the log power
    of the three bins around the maximum.

    Parameters
    ----------
    X
        Samples, shape ``(n,)`` or ``(n, d)``, at uniform spacing ``dt``.
    dt
        Sampling step.
    min_frequency
        Peaks below this frequency are ignored (slow drift or switching).

    Returns
    -------
    float
        ``1 / f_peak``, in the units of ``dt``.

    Examples
    --------
    >>> t = np.arange(4096) * 0.01
    >>> round(dominant_period(np.sin(2 * np.pi * t / 2.5), 0.01), 3)
    2.5
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    n = X.shape[0]
    if n < 16:
        raise ValueError(f"need at least 16 samples to estimate a period, got {n}")
    centred = X - X.mean(axis=0)
    std = centred.std(axis=0)
    usable = std > 0
    if not np.any(usable):
        raise ValueError("the trajectory is constant: it has no dominant period")
    window = np.hanning(n)[:, None]
    spectrum = np.abs(np.fft.rfft(centred[:, usable] / std[usable] * window, axis=0)) ** 2
    power = spectrum.sum(axis=1)
    power[np.fft.rfftfreq(n, dt) < max(min_frequency, 1e-300)] = 0.0
    k = int(np.argmax(power))
    offset = 0.0
    if 1 <= k < power.size - 1 and np.all(power[k - 1 : k + 2] > 0):
        a, b, c = np.log(power[k - 1 : k + 2])
        denominator = a - 2 * b + c
        if denominator < 0:
            offset = 0.5 * (a - c) / denominator
    frequency = (k + offset) / (n * dt)
    return float(1.0 / frequency)
