"""Trajectories and ensembles of a :class:`~chaosbench.systems.system.System`.

This is where user-facing options are validated and turned into calls of the
integration drivers of :mod:`chaosbench.integrate.solve`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import ChaosbenchError, IntegrationError, InvalidParameterError
from chaosbench.integrate import methods, solve

if TYPE_CHECKING:
    from chaosbench.systems.system import System

#: default relative and absolute tolerances of the adaptive integrators
DEFAULT_RTOL = 1e-9
DEFAULT_ATOL = 1e-12
_MIN_RTOL = 1e-14


def sampling_step(system: System, pts_per_period: float, dt: float | None, function: str) -> float:
    """The output step of a flow: ``dt`` if given, else the period over ``pts_per_period``."""
    if dt is not None:
        return check.positive_float(dt, "dt", function)
    pts = check.positive_float(pts_per_period, "pts_per_period", function)
    period = system.annotations.get("period")
    if period is None:
        raise ChaosbenchError(
            f"System {system.name!r} carries no stored dominant period (systems built at "
            "another size, at other parameters or from your own declaration carry none), so "
            "pts_per_period cannot be used; pass the output step dt= (--dt on the command line)"
        )
    return float(period) / pts


def _method(system: System, method: str, function: str) -> str:
    if system.kind == "map":
        check.one_of(method, ("auto", "iterate"), "method", function)
        return "iterate"
    check.one_of(method, ("auto", *methods.names(system.kind)), "method", function)
    if system.kind == "delay":
        return "dop853" if method == "auto" else method
    if method == "auto":
        if system.declaration.semilinear and _stiffness(system) > SEMILINEAR_STIFFNESS:
            return "etdrk4"
        return "rosenbrock" if system.stiff else "dop853"
    return method


#: fastest linear rate above which ``auto`` integrates a semilinear flow with ETDRK4:
#: below it DOP853's stability limit (about 6 / rate) is no tighter than its accuracy
#: steps at the default tolerances, and the eighth-order method takes fewer steps
SEMILINEAR_STIFFNESS = 1000.0


def _stiffness(system: System) -> float:
    """The fastest rate of the diagonal linear part of a semilinear flow."""
    kernels = system.kernels
    rates = solve.linear_rates(kernels.jac, system.dimension, system.parameter_vector())
    return float(np.max(np.abs(rates)))


def _tolerances(rtol, atol, function: str) -> tuple[float, float]:
    rtol = check.positive_float(rtol, "rtol", function)
    atol = check.positive_float(atol, "atol", function)
    if rtol < _MIN_RTOL:
        raise InvalidParameterError("rtol", function, f"at least {_MIN_RTOL:g}", rtol)
    return rtol, atol


def _grid(system: System, n: int, transient: int, pts_per_period, dt, function: str):
    n = check.positive_int(n, "n", function)
    transient = check.positive_int(transient, "transient", function, allow_zero=True)
    if system.kind == "map":
        if dt is not None:
            raise InvalidParameterError("dt", function, f"None for the map {system.name!r}", dt)
        return n, transient, np.arange(transient, transient + n, dtype=float)
    step = sampling_step(system, pts_per_period, dt, function)
    return n, transient, step * np.arange(transient, transient + n, dtype=float)


def _raise_for(system: System, result: solve.Solution) -> None:
    if not result.success:
        raise IntegrationError(system.name, result.message, result.t_reached, result.state)


def _solve_one(system: System, x0, p, grid, transient, method, rtol, atol, max_steps):
    kernels = system.kernels
    if system.kind == "map":
        return solve.iterate(kernels.rhs, x0, p, grid.size, skip=transient)
    if system.kind == "delay":
        return solve.solve_delay(
            kernels.rhs,
            system.delay_components,
            system.delay_lags(p),
            x0,
            p,
            grid,
            method=method,
            rtol=rtol,
            atol=atol,
            max_steps=max_steps,
        )
    return solve.solve_flow(
        kernels.rhs,
        kernels.jac,
        kernels.dfdt,
        x0,
        p,
        grid,
        method=method,
        rtol=rtol,
        atol=atol,
        max_steps=max_steps,
        **_switching(system),
    )


def _switching(system: System) -> dict:
    """The switching surfaces of a flow's vector field, if it has any."""
    count = system.kernels.module.N_SWITCHES
    return {"switches": system.kernels.switches, "n_switches": count} if count else {}


def _add_noise(X: np.ndarray, noise: float, seed, function: str) -> np.ndarray:
    noise = check.positive_float(noise, "noise", function, allow_zero=True)
    rng = check.random_generator(seed, function)
    if noise == 0.0:
        return X
    scale = X.std(axis=-2, keepdims=True)
    return X + noise * scale * rng.standard_normal(X.shape)


def _max_steps(max_steps, n: int, function: str) -> int:
    if max_steps is None:
        return 100_000 + 1_000 * n
    return check.positive_int(max_steps, "max_steps", function)


def trajectory(
    system: System,
    n: int,
    *,
    pts_per_period: float = 100,
    dt: float | None = None,
    ic=None,
    parameters=None,
    transient: int = 0,
    seed=None,
    noise: float = 0.0,
    method: str = "auto",
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    max_steps: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate a flow, or iterate a map, from one initial condition.

    Parameters
    ----------
    system
        The system.
    n
        Number of output points (iterates for a map).
    pts_per_period
        Output points per dominant period of the system (flows; ignored when
        ``dt`` is given, and for maps).
    dt
        Output step of a flow. Must be ``None`` for maps.
    ic
        Initial condition; the system's default when ``None``.
    parameters
        Parameter overrides: a mapping by name, or a full vector in declaration order.
    transient
        Number of output steps (iterates for maps) integrated and discarded before
        the first returned point.
    seed
        Seed or :class:`numpy.random.Generator` for the observation noise.
    noise
        Observation noise: independent Gaussian noise whose standard deviation is
        ``noise`` times each coordinate's standard deviation over the trajectory.
    method
        ``"auto"`` (the declaration decides: ``"dop853"``, ``"rosenbrock"`` for stiff
        flows, ``"etdrk4"`` for semilinear ones whose fastest linear rate exceeds
        :data:`SEMILINEAR_STIFFNESS`), ``"dop853"``, ``"dopri5"``,
        ``"rosenbrock"`` or ``"etdrk4"``; maps accept ``"auto"`` or
        ``"iterate"``.
    rtol, atol
        Relative and absolute error tolerances of the adaptive step control.
    max_steps
        Maximum number of integration steps (default grows with ``n``).

    Returns
    -------
    t : numpy.ndarray, shape (n,)
        Output times (iteration numbers for maps), starting at ``transient * dt``.
    X : numpy.ndarray, shape (n, dimension)
        The states.

    Raises
    ------
    IntegrationError
        If the solution becomes non-finite or the integrator cannot proceed; the
        message names the system, the time and the state.

    Examples
    --------
    >>> import chaosbench
    >>> t, X = chaosbench.get("Henon").trajectory(5)
    >>> X.shape
    (5, 2)
    """
    function = "trajectory"
    n, transient, grid = _grid(system, n, transient, pts_per_period, dt, function)
    method = _method(system, method, function)
    rtol, atol = _tolerances(rtol, atol, function)
    x0 = (
        system.ic
        if ic is None
        else check.finite_array(
            ic,
            "ic",
            function,
            (system.dimension,),
            f"{system.dimension} finite values ({', '.join(system.variables)})",
        )
    )
    p = system.parameter_vector(parameters, function=function)
    steps = _max_steps(max_steps, n + transient, function)
    if system.kind == "flow" and transient:
        grid_full = np.concatenate(([0.0], grid))
        result = _solve_one(system, x0, p, grid_full, 0, method, rtol, atol, steps)
        _raise_for(system, result)
        X = result.y[1:]
    else:
        result = _solve_one(system, x0, p, grid, transient, method, rtol, atol, steps)
        _raise_for(system, result)
        X = result.y
    return grid, _add_noise(X, noise, seed, function)


def ensemble(
    system: System,
    ics,
    n: int,
    *,
    parameters=None,
    workers: int | None = None,
    pts_per_period: float = 100,
    dt: float | None = None,
    transient: int = 0,
    seed=None,
    noise: float = 0.0,
    method: str = "auto",
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    max_steps: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate many initial conditions and/or parameter sets of one system, in parallel.

    Parameters
    ----------
    system
        The system.
    ics
        Initial conditions, shape ``(m, dimension)``; ``None`` repeats the default
        initial condition for every parameter set.
    n
        Number of output points per trajectory.
    parameters
        ``None`` (defaults), one mapping or vector shared by all trajectories, or
        one per trajectory: a sequence of mappings or an array of shape
        ``(m, n_parameters)``. A single initial condition (``m == 1``) is
        broadcast against many parameter sets and vice versa.
    workers
        Threads to use (default: every available core).
    **
        The remaining options are those of :func:`trajectory`; ``seed`` drives the
        observation noise of the whole ensemble.

    Returns
    -------
    t : numpy.ndarray, shape (n,)
    X : numpy.ndarray, shape (m, n, dimension)

    Raises
    ------
    IntegrationError
        If any member fails; the message names the member index.

    Examples
    --------
    >>> import chaosbench, numpy as np
    >>> lorenz = chaosbench.get("Lorenz")
    >>> ics = lorenz.ic + np.random.default_rng(0).normal(size=(4, 3))
    >>> t, X = lorenz.ensemble(ics, 100)
    >>> X.shape
    (4, 100, 3)
    """
    function = "ensemble"
    n, transient, grid = _grid(system, n, transient, pts_per_period, dt, function)
    method = _method(system, method, function)
    rtol, atol = _tolerances(rtol, atol, function)
    if workers is not None:
        workers = check.positive_int(workers, "workers", function)
    d = system.dimension
    if ics is None:
        x0s = system.ic[None, :]
    else:
        x0s = check.finite_array(ics, "ics", function)
        if x0s.ndim != 2 or x0s.shape[1] != d or x0s.shape[0] == 0:
            raise InvalidParameterError(
                "ics", function, f"an array of shape (m, {d}) with m >= 1", ics
            )
    ps = _parameter_sets(system, parameters, function)
    m = max(len(x0s), len(ps))
    for label, arr in (("ics", x0s), ("parameters", ps)):
        if len(arr) not in (1, m):
            raise InvalidParameterError(
                label,
                function,
                f"one entry or {m} entries (to match the other argument)",
                f"{len(arr)} entries",
            )
    steps = _max_steps(max_steps, n + transient, function)
    with_start = system.kind == "flow" and transient > 0
    run_grid = np.concatenate(([0.0], grid)) if with_start else grid
    if system.kind == "delay":  # members run one by one, on threads (the kernel frees the GIL)
        return grid, _add_noise(
            _delay_ensemble(
                system, x0s, ps, m, run_grid, with_start, method, rtol, atol, steps, workers
            ),
            noise,
            seed,
            function,
        )
    kernels = system.kernels
    result = solve.solve_many(
        kernels.rhs,
        kernels.jac,
        kernels.dfdt,
        np.broadcast_to(x0s, (m, d)),
        np.broadcast_to(ps, (m, ps.shape[1])),
        run_grid,
        kind=system.kind,
        skip=transient,
        method=method,
        rtol=rtol,
        atol=atol,
        max_steps=steps,
        workers=workers,
        **_switching(system) if system.kind == "flow" else {},
    )
    for i in result.failures()[:1]:
        raise IntegrationError(
            f"{system.name} (ensemble member {i})",
            result.message(i),
            result.t_reached[i],
            result.states[i],
        )
    X = result.y[:, 1:] if with_start else result.y
    return grid, _add_noise(X, noise, seed, function)


def _delay_ensemble(system, x0s, ps, m, grid, with_start, method, rtol, atol, steps, workers):
    from concurrent.futures import ThreadPoolExecutor

    def one(i: int) -> solve.Solution:
        x0 = x0s[i if len(x0s) > 1 else 0]
        p = ps[i if len(ps) > 1 else 0]
        return _solve_one(system, x0, p, grid, 0, method, rtol, atol, steps)

    _ = system.kernels.rhs  # compile before the threads start
    count = max(1, min(workers or solve.available_cores(), m))
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(one, range(m)))
    for i, result in enumerate(results):
        if not result.success:
            raise IntegrationError(
                f"{system.name} (ensemble member {i})",
                result.message,
                result.t_reached,
                result.state,
            )
    return np.stack([r.y[1:] if with_start else r.y for r in results])


def _parameter_sets(system: System, parameters, function: str) -> np.ndarray:
    if parameters is None or isinstance(parameters, Mapping):
        return system.parameter_vector(parameters, function=function)[None, :]
    if (
        isinstance(parameters, (list, tuple))
        and parameters
        and all(isinstance(entry, Mapping) for entry in parameters)
    ):
        return np.array([system.parameter_vector(entry, function=function) for entry in parameters])
    array = check.finite_array(parameters, "parameters", function)
    count = len(system.parameters)
    if array.ndim == 1:
        return system.parameter_vector(array, function=function)[None, :]
    if array.ndim != 2 or array.shape[1] != count:
        raise InvalidParameterError(
            "parameters", function, f"a mapping, or an array of shape (m, {count})", parameters
        )
    return array
