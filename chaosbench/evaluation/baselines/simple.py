"""Model-free baselines: persistence, climatology and context parroting."""

from __future__ import annotations

import numpy as np

from chaosbench.evaluation.baselines._base import Baseline, positive_int


class LastValue(Baseline):
    """Persistence: every forecast step repeats the last context point.

    The naive forecast of time-series practice (e.g. Hyndman & Athanasopoulos,
    *Forecasting: Principles and Practice*, 3rd ed., 2021, section 5.2). It needs no
    training; ``fit`` only records the dimension.

    Examples
    --------
    >>> import numpy as np
    >>> LastValue().forecast(np.array([[0.0, 1.0], [2.0, 3.0]]), 2)
    array([[2., 3.],
           [2., 3.]])
    """

    name = "last_value"

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        return np.repeat(context[-1:], horizon, axis=0)


class Mean(Baseline):
    """Climatology: every forecast step is the mean of the training data.

    The mean is taken over all points of all training trajectories; an unfitted
    instance uses the mean of the context instead (Hyndman & Athanasopoulos,
    *Forecasting: Principles and Practice*, 3rd ed., 2021, section 5.2, "mean method").

    Examples
    --------
    >>> import numpy as np
    >>> Mean().forecast(np.array([[0.0], [2.0]]), 3).ravel()
    array([1., 1., 1.])
    """

    name = "mean"

    def __init__(self) -> None:
        self.mean_: np.ndarray | None = None

    def _fit(self, data: list[np.ndarray], dt: float) -> None:
        self.mean_ = np.concatenate(data, axis=0).mean(axis=0)

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        mean = context.mean(axis=0) if self.mean_ is None else self.mean_
        return np.repeat(mean[None, :], horizon, axis=0)


class ContextParroting(Baseline):
    """Context parroting: copy what followed the past window nearest to the latest one.

    The final ``embedding`` points of the context are compared (Euclidean distance
    over all coordinates) with every earlier window of the same length that does not
    overlap them. If the nearest window ends at index ``j``, the context after it,
    ``context[j + 1:]``, is taken as one period of the future and repeated as often as
    needed; ties go to the most recent window. The method needs no training.

    Parameters
    ----------
    embedding
        Window length (default 10). The context must hold at least ``2 * embedding``
        points.

    References
    ----------
    Y. Zhang and W. Gilpin, "Context parroting: a simple but tough-to-beat baseline
    for foundation models in scientific machine learning", 2025 (arXiv:2505.11349).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.tile([0.0, 1.0, 2.0], 10)[:, None]
    >>> ContextParroting(embedding=2).forecast(x, 4).ravel()
    array([0., 1., 2., 0.])
    """

    name = "parroting"

    def __init__(self, embedding: int = 10) -> None:
        self.embedding = positive_int(embedding, "embedding", "ContextParroting")

    @property
    def _min_context(self) -> int:
        return 2 * self.embedding

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        m = self.embedding
        n = context.shape[0]
        windows = np.lib.stride_tricks.sliding_window_view(context, m, axis=0)
        # windows[i] covers context[i:i + m]; admissible candidates end before n - m
        candidates = windows[: n - 2 * m + 1].reshape(n - 2 * m + 1, -1)
        target = windows[n - m].reshape(-1)
        distance = np.sum((candidates - target) ** 2, axis=1)
        start = len(distance) - 1 - int(np.argmin(distance[::-1]))  # latest of the ties
        continuation = context[start + m :]
        index = np.arange(horizon) % continuation.shape[0]
        return continuation[index].copy()
