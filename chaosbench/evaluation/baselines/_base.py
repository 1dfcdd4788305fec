"""Shared machinery of the baseline forecasters: argument checks, scaling and ridge fits.

Every baseline follows the forecaster protocol of :mod:`chaosbench.evaluation`:
time-major arrays, ``fit(trajectories, dt) -> self`` and
``forecast(context, horizon) -> ndarray (horizon, dimension)``, the forecast starting
one sampling step after the last context point.
"""

from __future__ import annotations

import copy
import numbers
import warnings
from collections.abc import Sequence
from typing import ClassVar, Self

import numpy as np
from scipy.linalg import LinAlgWarning
from sklearn.linear_model import Ridge

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError
from chaosbench.errors import NotFittedError as NotFittedError  # its home is errors.py
from chaosbench.evaluation.escape import ESCAPE_RADIUS, EscapeGuard, hold_after_escape

__all__ = [
    "ESCAPE_RADIUS",
    "Baseline",
    "NotFittedError",
    "Scaler",
    "as_context",
    "as_trajectories",
    "delay_vectors",
    "hold_after_escape",
    "positive_float",
    "positive_int",
    "ridge_fit",
    "seed_value",
]

Trajectories = np.ndarray | Sequence[np.ndarray]


def as_trajectories(
    trajectories: Trajectories, function: str, min_length: int = 1
) -> list[np.ndarray]:
    """Training data as a list of finite float arrays ``(n_times, dimension)``.

    Accepts a sequence of 2-D arrays, one 3-D array ``(n_traj, n_times, dimension)``,
    or a single 2-D array (one trajectory). All must share their dimension and hold at
    least ``min_length`` points.
    """
    if isinstance(trajectories, np.ndarray):
        if trajectories.ndim == 2:
            items: list = [trajectories]
        elif trajectories.ndim == 3:
            items = list(trajectories)
        else:
            raise InvalidParameterError(
                "trajectories",
                function,
                "a 3-D array (n_traj, n_times, dimension) or a sequence of 2-D arrays",
                f"an array of shape {trajectories.shape}",
            )
    elif isinstance(trajectories, Sequence) and not isinstance(trajectories, str):
        items = list(trajectories)
    else:
        raise InvalidParameterError(
            "trajectories", function, "a sequence of (n_times, dimension) arrays", trajectories
        )
    if not items:
        raise InvalidParameterError(
            "trajectories", function, "a non-empty sequence of arrays", "an empty sequence"
        )
    out = []
    for item in items:
        array = check.finite_array(item, "trajectories", function)
        if array.ndim != 2 or array.shape[1] == 0:
            raise InvalidParameterError(
                "trajectories",
                function,
                "made of 2-D (n_times, dimension) arrays",
                f"an array of shape {array.shape}",
            )
        if array.shape[0] < min_length:
            raise InvalidParameterError(
                "trajectories",
                function,
                f"made of trajectories of at least {min_length} points",
                f"one of {array.shape[0]} points",
            )
        out.append(array)
    if len({a.shape[1] for a in out}) != 1:
        raise InvalidParameterError(
            "trajectories",
            function,
            "made of arrays of one dimension",
            f"dimensions {sorted({a.shape[1] for a in out})}",
        )
    return out


def as_context(context, function: str, dimension: int | None, min_length: int = 1) -> np.ndarray:
    """The context as a finite float array ``(n_context, dimension)``."""
    array = check.finite_array(context, "context", function)
    if array.ndim != 2 or array.shape[1] == 0:
        raise InvalidParameterError(
            "context",
            function,
            "a 2-D array (n_context, dimension)",
            f"an array of shape {array.shape}",
        )
    if dimension is not None and array.shape[1] != dimension:
        raise InvalidParameterError(
            "context",
            function,
            f"of dimension {dimension} (that of the training data)",
            f"dimension {array.shape[1]}",
        )
    if array.shape[0] < min_length:
        raise InvalidParameterError(
            "context", function, f"at least {min_length} points long", f"{array.shape[0]} points"
        )
    return array


def positive_int(value, name: str, function: str) -> int:
    """A positive int, or :class:`~chaosbench.errors.InvalidParameterError`."""
    return check.positive_int(value, name, function)


def positive_float(value, name: str, function: str, *, allow_zero: bool = False) -> float:
    """A finite positive float, or :class:`~chaosbench.errors.InvalidParameterError`."""
    return check.positive_float(value, name, function, allow_zero=allow_zero)


def seed_value(seed, function: str) -> int | None:
    """A seed: ``None`` or a non-negative int."""
    if seed is None or (
        isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0
    ):
        return None if seed is None else int(seed)
    raise InvalidParameterError("seed", function, "None or a non-negative int", seed)


class Scaler:
    """Per-coordinate standardisation by the training mean and standard deviation.

    Coordinates that never vary get unit scale, so scaling is always invertible.
    """

    def __init__(self, data: list[np.ndarray]) -> None:
        stacked = np.concatenate(data, axis=0)
        self.mean = stacked.mean(axis=0)
        std = stacked.std(axis=0)
        self.std = np.where(std > 1e-12 * (1.0 + np.abs(self.mean)), std, 1.0)

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Standardised ``x``."""
        return (x - self.mean) / self.std

    def inverse(self, z: np.ndarray) -> np.ndarray:
        """``z`` back in the original units."""
        return z * self.std + self.mean


def ridge_fit(features: np.ndarray, targets: np.ndarray, alpha: float, intercept: bool) -> Ridge:
    """A scikit-learn :class:`~sklearn.linear_model.Ridge` fit with a relative penalty.

    The penalty is ``alpha`` times the number of samples, i.e. ``alpha`` weighs the
    squared norm of the weights against the *mean* squared residual, so that its value
    does not depend on the amount of training data. Tall designs are solved through the
    normal equations (Cholesky; scikit-learn falls back to the SVD if they are
    singular), wide ones and unpenalised ones (``alpha = 0``: the minimum-norm least
    squares solution) through the SVD. The conditioning warnings of the Cholesky
    route are silenced: a tiny penalty is deliberate here.
    """
    n_samples, n_features = features.shape
    solver = "cholesky" if n_samples >= n_features and alpha > 0 else "svd"
    model = Ridge(alpha=alpha * n_samples, fit_intercept=intercept, solver=solver)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LinAlgWarning)
        return model.fit(features, targets)


def delay_vectors(z: np.ndarray, lags: int, skip: int = 1) -> np.ndarray:
    """Delay vectors ``[z_t, z_{t-s}, ..., z_{t-(k-1)s}]`` for every admissible ``t``.

    Row ``i`` belongs to ``t = (lags - 1) * skip + i``; the result has shape
    ``(n - (lags - 1) * skip, lags * dimension)``.
    """
    span = (lags - 1) * skip
    n = z.shape[0] - span
    return np.concatenate([z[span - j * skip : span - j * skip + n] for j in range(lags)], axis=1)


class Baseline(EscapeGuard):
    """Base class of the baselines: the checks of ``fit`` and ``forecast``.

    Subclasses set :attr:`name`, implement ``_fit(data, dt)`` and
    ``_forecast(context, horizon)``, and say how many context and training points
    they need. Baselines with ``fit_on_context = True`` that were never fitted fit a
    private copy of themselves on the context (sampling step 1) before forecasting.
    Every forecast passes the blow-up guard the adapters share
    (:class:`~chaosbench.evaluation.escape.EscapeGuard`, radius :attr:`escape`).
    """

    name: ClassVar[str] = "baseline"
    #: whether an unfitted instance may learn from the context alone
    fit_on_context: ClassVar[bool] = False
    #: escape radius in context standard deviations (see :func:`hold_after_escape`);
    #: ``inf`` (the default) switches the guard off; closed-loop models set
    #: :data:`ESCAPE_RADIUS`
    escape: float = np.inf

    dimension_: int | None = None
    dt_: float | None = None

    @property
    def _min_context(self) -> int:
        return 1

    @property
    def _min_train(self) -> int:
        return 1

    def _function(self, method: str) -> str:
        return f"{type(self).__name__}.{method}"

    def fit(self, trajectories: Trajectories, dt: float = 1.0) -> Self:
        """Learn from training trajectories.

        Parameters
        ----------
        trajectories
            A sequence of arrays ``(n_times, dimension)``, or one array
            ``(n_traj, n_times, dimension)`` (a single 2-D array is one trajectory).
        dt
            The sampling step of the trajectories (1 for maps).

        Returns
        -------
        self
        """
        function = self._function("fit")
        data = as_trajectories(trajectories, function, self._min_train)
        dt = positive_float(dt, "dt", function)
        self._fit(data, dt)
        self.dimension_ = data[0].shape[1]
        self.dt_ = dt
        return self

    def forecast(self, context, horizon: int) -> np.ndarray:
        """Forecast ``horizon`` steps after the last point of ``context``.

        Parameters
        ----------
        context
            The latest observations, shape ``(n_context, dimension)``.
        horizon
            Number of steps to forecast, a positive int.

        Returns
        -------
        numpy.ndarray, shape (horizon, dimension)
        """
        function = self._function("forecast")
        horizon = positive_int(horizon, "horizon", function)
        learn = self.dimension_ is None and self.fit_on_context
        need = max(self._min_context, self._min_train) if learn else self._min_context
        context = as_context(context, function, self.dimension_, need)
        if learn:
            clone = copy.deepcopy(self)
            clone.fit([context], 1.0)
            return self._hold(np.asarray(clone._forecast(context, horizon), dtype=float), context)
        self._check_fitted(function)
        values = np.asarray(self._forecast(context, horizon), dtype=float)
        return self._hold(values, context)

    def _check_fitted(self, function: str) -> None:
        """Raise :class:`NotFittedError` if the baseline needs fitting and was not fitted."""

    def _fit(self, data: list[np.ndarray], dt: float) -> None:
        """Learn from the checked training data (nothing by default)."""

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        raise NotImplementedError
