"""How long an integrated trajectory stays accurate: the reliable (predictability) horizon.

Errors made by an integrator, or by rounding, grow exponentially along a chaotic
trajectory, so a computed trajectory is a faithful image of the true one only up
to a finite time. :func:`reliable_horizon` measures that time by comparing each
trajectory with a reference computation that is much more accurate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError
from chaosbench.systems import simulate
from chaosbench.systems.system import System

if TYPE_CHECKING:
    from collections.abc import Mapping

#: how much tighter than the trajectory's tolerances the reference integration is
REFERENCE_FACTOR = 1000.0
#: the least improvement accepted before the reference switches to the fallback
MIN_REFERENCE_FACTOR = 100.0
#: how many times a map's reference may be nudged again after meeting its trajectory
MAX_RENUDGES = 100

_FUNCTION = "reliable_horizon"


def reliable_horizon(
    system: System,
    X,
    t,
    *,
    ics,
    parameters: Mapping[str, float] | np.ndarray | None = None,
    rtol: float = simulate.DEFAULT_RTOL,
    atol: float = simulate.DEFAULT_ATOL,
    threshold: float = 1e-3,
    scale: float | np.ndarray | None = None,
    workers: int | None = None,
) -> np.ndarray:
    """Time over which each trajectory of an ensemble agrees with a far more accurate one.

    Each trajectory ``X[i]`` is compared, output by output, with a reference
    trajectory computed from the same initial condition ``ics[i]``. The horizon is
    the time, counted from ``t[0]``, of the first output at which the Euclidean
    distance between the two exceeds ``threshold * scale[i]``.

    Parameters
    ----------
    system
        The system that produced ``X`` (from :func:`chaosbench.get`).
    X : array_like, shape (m, n, dimension)
        Trajectories returned by ``system.ensemble(ics, n, dt=..., transient=...,
        rtol=rtol, atol=atol, parameters=parameters)``.
    t : array_like, shape (n,)
        Their output times, as returned alongside ``X``: evenly spaced, starting at
        ``transient * dt`` (for maps, consecutive iteration numbers). At least two.
    ics : array_like, shape (m, dimension) or (1, dimension)
        The initial conditions at time 0 from which ``X`` was integrated (with
        ``transient=0``, the first row of each trajectory).
    parameters
        The parameters ``X`` was integrated with, in any form
        :func:`~chaosbench.systems.simulate.ensemble` accepts: ``None``, one
        mapping or vector, a sequence of mappings, or an array of shape
        ``(m, n_parameters)``.
    rtol, atol
        The tolerances ``X`` was integrated with (ignored for maps).
    threshold
        Separation, as a fraction of ``scale``, at which a trajectory stops being
        reliable.
    scale : float or array_like of shape (m,), optional
        Size of the attractor, per trajectory. Default: the root mean square over
        coordinates of each coordinate's standard deviation along ``X[i]``, that
        is ``sqrt(mean(var(X[i], axis=0)))``.
    workers
        Threads used for the reference integrations (default: every core).

    Returns
    -------
    numpy.ndarray of float, shape (m,)
        ``t[k] - t[0]`` for the first output ``k`` at which trajectory ``i``
        separates from its reference (an iteration count for maps; 0 when even
        the first output is apart). ``numpy.inf`` where the trajectory never
        separates within the span, meaning the horizon is at least
        ``t[-1] - t[0]``; a finite value is always at most ``t[-1] - t[0]``.

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type, shape or value (the message names it),
        or if ``scale`` is needed but a trajectory of ``X`` does not move.
    IntegrationError
        If a reference integration fails.

    Notes
    -----
    The reference depends on the kind of system:

    - Flows and delay equations: the same integration with both tolerances divided
      by 1000 (the method chosen by ``"auto"``). The relative tolerance cannot go
      below ``1e-14``; where that keeps the reference from being at least 100
      times tighter than ``rtol`` (``rtol < 1e-12``), the reference is instead
      Dormand–Prince 8(5,3) at ``rtol=1e-14`` started from the initial condition
      nudged by one unit in the last place, so that it is never the very same
      computation as ``X``. Such horizons approach the floating-point shadowing
      horizon, the limit of any double-precision integration.
    - Maps, which are iterated exactly in floating point: the same map started
      from the initial condition nudged up by one unit in the last place
      (:func:`numpy.nextafter` toward ``+inf`` on every component). Rounding can
      absorb so small a difference along a contracting direction, after which the
      two orbits are bit for bit the same (about a quarter of Hénon orbits within
      a few hundred iterates); a reference that meets its trajectory before
      separating from it is restarted one unit in the last place above the
      meeting state (at most 100 times). The result is the floating-point
      shadowing horizon, about ``log(threshold * scale / ulp) / lambda_max``
      iterations.

    When the reference is much more accurate than ``X``, the separation is the
    error of ``X`` itself, and the horizon is about
    ``log(threshold * scale / error_0) / lambda_max`` for a chaotic system.

    Examples
    --------
    >>> import chaosbench, numpy as np
    >>> henon = chaosbench.get("Henon")
    >>> ics = henon.trajectory(3, transient=100)[1]
    >>> t, X = henon.ensemble(ics, 200)
    >>> h = reliable_horizon(henon, X, t, ics=ics)
    >>> h.shape, bool(np.all((h > 20) & (h < 200)))
    ((3,), True)
    """
    if not isinstance(system, System):
        raise InvalidParameterError(
            "system", _FUNCTION, "a chaosbench.System (from chaosbench.get)", system
        )
    d = system.dimension
    X = check.finite_array(X, "X", _FUNCTION)
    if X.ndim != 3 or X.shape[0] == 0 or X.shape[1] < 2 or X.shape[2] != d:
        raise InvalidParameterError(
            "X", _FUNCTION, f"an array of shape (m, n, {d}) with m >= 1 and n >= 2", X.shape
        )
    m, n, _ = X.shape
    t = check.finite_array(t, "t", _FUNCTION)
    if t.shape != (n,):
        raise InvalidParameterError("t", _FUNCTION, f"an array of shape ({n},) to match X", t.shape)
    dt, transient = _output_grid(system, t)
    x0s = _initial_conditions(ics, m, d)
    ps = simulate._parameter_sets(system, parameters, _FUNCTION)
    if len(ps) not in (1, m):
        raise InvalidParameterError(
            "parameters", _FUNCTION, f"one parameter set or {m} (one per trajectory)", len(ps)
        )
    rtol = check.positive_float(rtol, "rtol", _FUNCTION)
    atol = check.positive_float(atol, "atol", _FUNCTION)
    if rtol < simulate._MIN_RTOL:
        raise InvalidParameterError("rtol", _FUNCTION, f"at least {simulate._MIN_RTOL:g}", rtol)
    threshold = check.positive_float(threshold, "threshold", _FUNCTION)
    scales = _scales(X, scale, m)
    if workers is not None:
        workers = check.positive_int(workers, "workers", _FUNCTION)

    separated = threshold * scales
    options: dict = {"transient": transient, "parameters": ps, "workers": workers}
    if system.kind == "map":
        _, reference = system.ensemble(np.nextafter(x0s, np.inf), n, **options)
        reference = _renudge(system, X, reference, separated, ps, workers)
    else:
        tight = max(rtol / REFERENCE_FACTOR, simulate._MIN_RTOL)
        options.update(dt=dt, atol=atol / REFERENCE_FACTOR, rtol=tight)
        starts = x0s
        if rtol / tight < MIN_REFERENCE_FACTOR:  # tolerances alone are not enough
            starts = np.nextafter(x0s, np.inf)
            options["method"] = "dop853"
        _, reference = system.ensemble(starts, n, **options)

    apart = np.linalg.norm(X - reference, axis=-1) > separated[:, None]
    first = np.argmax(apart, axis=1)
    return np.where(apart.any(axis=1), t[first] - t[0], np.inf)


def _renudge(
    system: System,
    X: np.ndarray,
    reference: np.ndarray,
    separated: np.ndarray,
    ps: np.ndarray,
    workers: int | None,
) -> np.ndarray:
    """Nudge a map's reference again wherever rounding has made it coincide with ``X``.

    Along a contracting direction a difference of one unit in the last place can be
    rounded away, after which the two orbits are the same computation. Each
    reference that meets its trajectory before separating from it is restarted
    from the meeting state nudged by one unit in the last place.
    """
    n = X.shape[1]
    reference = reference.copy()
    for _ in range(MAX_RENUDGES):
        same = np.all(reference == X, axis=-1)
        apart = np.linalg.norm(X - reference, axis=-1) > separated[:, None]
        first_same = np.where(same.any(axis=1), np.argmax(same, axis=1), n)
        first_apart = np.where(apart.any(axis=1), np.argmax(apart, axis=1), n)
        redo = np.flatnonzero(first_same < first_apart)
        if redo.size == 0:
            break
        k = first_same[redo]
        _, again = system.ensemble(
            np.nextafter(X[redo, k], np.inf),
            n - int(k.min()),
            parameters=ps if len(ps) == 1 else ps[redo],
            workers=workers,
        )
        for row, (i, start) in enumerate(zip(redo, k)):
            reference[i, start:] = again[row, : n - start]
    return reference


def _output_grid(system: System, t: np.ndarray) -> tuple[float | None, int]:
    """The output step and the number of discarded steps that produced the times ``t``."""
    n = t.size
    if system.kind == "map":
        start = t[0]
        if start < 0 or start != np.round(start) or not np.array_equal(t, start + np.arange(n)):
            raise InvalidParameterError(
                "t", _FUNCTION, "consecutive iteration numbers (as returned for a map)", t
            )
        return None, int(start)
    dt = (t[-1] - t[0]) / (n - 1)
    transient = int(np.round(t[0] / dt)) if dt > 0 else -1
    if dt <= 0 or transient < 0:
        raise InvalidParameterError(
            "t", _FUNCTION, "increasing, evenly spaced output times starting at or after 0", t
        )
    expected = dt * np.arange(transient, transient + n)
    if not np.allclose(t, expected, rtol=1e-9, atol=1e-9 * dt):
        raise InvalidParameterError(
            "t",
            _FUNCTION,
            "evenly spaced output times that start at a whole number of steps",
            t,
        )
    return float(dt), transient


def _initial_conditions(ics, m: int, d: int) -> np.ndarray:
    """``ics`` as an array of shape (m, d), a single row being repeated."""
    x0s = check.finite_array(ics, "ics", _FUNCTION)
    if x0s.ndim != 2 or x0s.shape[0] not in (1, m) or x0s.shape[1] != d:
        raise InvalidParameterError(
            "ics", _FUNCTION, f"an array of shape ({m}, {d}) or (1, {d}) to match X", x0s.shape
        )
    return np.ascontiguousarray(np.broadcast_to(x0s, (m, d)))


def _scales(X: np.ndarray, scale, m: int) -> np.ndarray:
    """The attractor size of each trajectory, given or measured."""
    if scale is None:
        sizes = np.sqrt(np.mean(np.var(X, axis=1), axis=1))
        if not np.all(sizes > 0):
            still = int(np.flatnonzero(~(sizes > 0))[0])
            raise InvalidParameterError(
                "scale",
                _FUNCTION,
                f"given explicitly, since trajectory {still} of X does not move",
                None,
            )
        return sizes
    sizes = check.finite_array(scale, "scale", _FUNCTION)
    if sizes.ndim > 1 or (sizes.ndim == 1 and sizes.size != m) or not np.all(sizes > 0):
        raise InvalidParameterError(
            "scale", _FUNCTION, f"a positive number or {m} positive numbers", scale
        )
    return np.ascontiguousarray(np.broadcast_to(sizes, (m,)))
