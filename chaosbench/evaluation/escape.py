"""The blow-up guard of closed-loop forecasts, shared by baselines and adapters.

A forecaster that feeds its own output back in may leave the attractor and overflow.
Scored as it is, such a forecast voids the whole case (non-finite values fail it),
although the model may have tracked the truth for a while before escaping. The guard
holds a forecast at its last sane value from the first step that escapes, so the
model keeps the credit it earned while it was sane.

The built-in closed-loop baselines and the adapters of
:mod:`chaosbench.evaluation.protocol` (``DelayRegressor``, ``ChannelFirst``,
``from_darts``, ``from_sktime``) all hold their forecasts with :class:`EscapeGuard`
at :data:`ESCAPE_RADIUS`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["ESCAPE_RADIUS", "EscapeGuard", "hold_after_escape", "sane_steps"]

#: escape radius of closed-loop forecasts, in standard deviations of the context: the
#: built-in closed-loop baselines and the adapters hold a forecast that goes past it
ESCAPE_RADIUS = 100.0


def sane_steps(values: np.ndarray, context: np.ndarray, radius: float) -> np.ndarray:
    """Which steps of a forecast ``(horizon, dimension)`` have not escaped.

    A step escapes when it is not finite or when some coordinate lies more than
    ``radius`` standard deviations (of the context, per coordinate; at least 1e-12)
    from the context mean. An infinite ``radius`` only flags non-finite steps.

    Parameters
    ----------
    values
        The forecast, ``(horizon, dimension)``.
    context
        The context it continues, ``(n_context, dimension)``.
    radius
        Escape radius in context standard deviations.

    Returns
    -------
    numpy.ndarray
        Booleans ``(horizon,)``: true where the step is sane.

    Examples
    --------
    >>> import numpy as np
    >>> context = np.array([[0.0], [1.0], [-1.0], [0.0]])
    >>> sane_steps(np.array([[0.5], [1e9], [np.nan]]), context, 100.0)
    array([ True, False, False])
    """
    values = np.asarray(values, dtype=float)
    context = np.asarray(context, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.all(np.isfinite(values), axis=1)
        if not np.isfinite(radius):
            return finite
        center = context.mean(axis=0)
        scale = np.maximum(context.std(axis=0), 1e-12)
        return finite & np.all(np.abs(values - center) <= radius * scale, axis=1)


def hold_after_escape(values: np.ndarray, context: np.ndarray, radius: float) -> np.ndarray:
    """Hold a closed-loop forecast at its last sane value once it escapes.

    A step escapes as :func:`sane_steps` says. From the first escaping step on, the
    forecast repeats the step before it (the last context point if the first step
    escapes). A model that blows up thus keeps the forecast it made while it was sane
    and scores its valid prediction time, instead of an overflow that would void the
    whole case. An infinite ``radius`` switches the guard off.

    Parameters
    ----------
    values
        The forecast, ``(horizon, dimension)``.
    context
        The context it continues, ``(n_context, dimension)``.
    radius
        Escape radius in context standard deviations (``inf``: no guard).

    Returns
    -------
    numpy.ndarray
        ``values`` itself when nothing escapes (or the guard is off), else a held copy.

    Examples
    --------
    >>> import numpy as np
    >>> context = np.array([[0.0], [1.0], [-1.0], [0.0]])
    >>> hold_after_escape(np.array([[0.5], [2.0], [1e9], [np.inf]]), context, 100.0).ravel()
    array([0.5, 2. , 2. , 2. ])
    """
    if not np.isfinite(radius):
        return values
    sane = sane_steps(values, context, radius)
    if sane.all():
        return values
    first = int(np.argmin(sane))
    held = np.array(values, dtype=float)
    held[first:] = values[first - 1] if first > 0 else np.asarray(context, dtype=float)[-1]
    return held


class EscapeGuard:
    """The blow-up guard shared by the built-in baselines and the adapters.

    A class sets :attr:`escape` (a radius in context standard deviations; ``inf``
    switches the guard off) and passes every forecast through :meth:`_hold`
    (:func:`hold_after_escape`); closed-loop forecasters may also stop iterating at
    the first step :meth:`_escaped` flags, since every later step is held anyway.

    Examples
    --------
    >>> import numpy as np
    >>> guard = EscapeGuard()
    >>> guard.escape = 100.0
    >>> context = np.array([[0.0], [1.0], [-1.0], [0.0]])
    >>> guard._hold(np.array([[0.5], [1e9]]), context).ravel()
    array([0.5, 0.5])
    """

    #: escape radius in context standard deviations (``inf``: no guard)
    escape: float = np.inf

    def _escaped(self, step: np.ndarray, context: np.ndarray) -> bool:
        """Whether one forecast step ``(dimension,)`` has escaped; never, with the guard
        off, so that an unguarded forecast is the raw one, step by step."""
        if not np.isfinite(self.escape):
            return False
        return not bool(sane_steps(np.reshape(step, (1, -1)), context, self.escape)[0])

    def _hold(self, values: Any, context: np.ndarray) -> Any:
        """``values`` held after their first escaping step; an output that is not a
        ``(horizon, dimension)`` array of the context's dimension is returned as it
        is, for the protocol's shape check to judge."""
        context = np.asarray(context, dtype=float)
        try:
            array = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            return values
        if array.ndim != 2 or array.shape[1] != context.shape[1] or context.shape[0] == 0:
            return values
        return hold_after_escape(array, context, self.escape)
