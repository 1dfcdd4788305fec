"""Trajectories and ensembles of a system.

This is where user-facing options are validated and turned into calls of the
problem-level drivers of :mod:`chaosbench.integrate.solve`. Everything here works
on the system's :class:`~chaosbench.integrate.problem.Problem` record (a
``System`` passes its ``problem``; a ``Problem`` may be passed directly), so this
module needs nothing else from ``System``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import ChaosbenchError, IntegrationError, InvalidParameterError
from chaosbench.integrate import methods, solve
from chaosbench.integrate.problem import SEMILINEAR_STIFFNESS as SEMILINEAR_STIFFNESS
from chaosbench.integrate.problem import Problem, as_problem

#: default relative and absolute tolerances of the adaptive integrators
DEFAULT_RTOL = 1e-9
DEFAULT_ATOL = 1e-12
_MIN_RTOL = 1e-14


def sampling_step(system, pts_per_period: float, dt: float | None, function: str) -> float:
    """The output step of a flow: ``dt`` if given, else the period over ``pts_per_period``."""
    if dt is not None:
        return check.positive_float(dt, "dt", function)
    pts = check.positive_float(pts_per_period, "pts_per_period", function)
    problem = as_problem(system)
    if problem.period is None:
        raise ChaosbenchError(
            f"System {problem.name!r} carries no stored dominant period (systems built at "
            "another size, at other parameters or from your own declaration carry none), so "
            "pts_per_period cannot be used; pass the output step dt= (--dt on the command line)"
        )
    return problem.period / pts


def choose_method(problem: Problem, method: str, function: str, ps: np.ndarray) -> str:
    """Validate ``method`` for ``problem`` and resolve ``"auto"``.

    ``ps`` holds the parameter sets to be integrated (one per row); ``"auto"``
    takes ETDRK4 for a semilinear flow when any of them is stiff enough.
    """
    if problem.kind == "map":
        check.one_of(method, ("auto", "iterate"), "method", function)
        return "iterate"
    check.one_of(method, ("auto", *methods.names(problem.kind)), "method", function)
    if method != "auto":
        return method
    chosen = [problem.default_method(p) for p in np.atleast_2d(ps)]
    return "etdrk4" if "etdrk4" in chosen else chosen[0]


def _tolerances(rtol, atol, function: str) -> tuple[float, float]:
    rtol = check.positive_float(rtol, "rtol", function)
    atol = check.positive_float(atol, "atol", function)
    if rtol < _MIN_RTOL:
        raise InvalidParameterError("rtol", function, f"at least {_MIN_RTOL:g}", rtol)
    return rtol, atol


def _grid(problem: Problem, n: int, transient: int, pts_per_period, dt, function: str):
    n = check.positive_int(n, "n", function)
    transient = check.positive_int(transient, "transient", function, allow_zero=True)
    if problem.kind == "map":
        if dt is not None:
            raise InvalidParameterError("dt", function, f"None for the map {problem.name!r}", dt)
        return n, transient, np.arange(transient, transient + n, dtype=float)
    step = sampling_step(problem, pts_per_period, dt, function)
    return n, transient, step * np.arange(transient, transient + n, dtype=float)


def _run_grid(problem: Problem, grid: np.ndarray, transient: int) -> np.ndarray:
    """The grid the drivers integrate: a flow with a transient starts at ``t = 0``
    (its first output row is then dropped)."""
    if problem.kind == "flow" and transient > 0:
        return np.concatenate(([0.0], grid))
    return grid


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
    system,
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
        :data:`SEMILINEAR_STIFFNESS`), or the name of any method of
        :data:`chaosbench.integrate.methods.METHODS` that integrates the
        system's kind (``chaosbench.integrate.methods.names("flow")`` lists
        them); maps accept ``"auto"`` or ``"iterate"``.
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
    problem = as_problem(system)
    n, transient, grid = _grid(problem, n, transient, pts_per_period, dt, function)
    p = problem.parameter_vector(parameters, function=function)
    method = choose_method(problem, method, function, p)
    rtol, atol = _tolerances(rtol, atol, function)
    d = problem.dimension
    x0 = (
        problem.ic
        if ic is None
        else check.finite_array(
            ic, "ic", function, (d,), f"{d} finite values ({', '.join(problem.variables)})"
        )
    )
    run_grid = _run_grid(problem, grid, transient)
    result = solve.solve_problem(
        problem,
        x0,
        p,
        run_grid,
        method=method,
        skip=transient,
        rtol=rtol,
        atol=atol,
        max_steps=_max_steps(max_steps, n + transient, function),
    )
    if not result.success:
        raise IntegrationError(problem.name, result.message, result.t_reached, result.state)
    X = result.y[len(run_grid) - len(grid) :]
    return grid, _add_noise(X, noise, seed, function)


def ensemble(
    system,
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
    problem = as_problem(system)
    n, transient, grid = _grid(problem, n, transient, pts_per_period, dt, function)
    ps = _parameter_sets(problem, parameters, function)
    method = choose_method(problem, method, function, ps)
    rtol, atol = _tolerances(rtol, atol, function)
    if workers is not None:
        workers = check.positive_int(workers, "workers", function)
    d = problem.dimension
    if ics is None:
        x0s = problem.ic[None, :]
    else:
        x0s = check.finite_array(ics, "ics", function)
        if x0s.ndim != 2 or x0s.shape[1] != d or x0s.shape[0] == 0:
            raise InvalidParameterError(
                "ics", function, f"an array of shape (m, {d}) with m >= 1", ics
            )
    m = max(len(x0s), len(ps))
    for label, arr in (("ics", x0s), ("parameters", ps)):
        if len(arr) not in (1, m):
            raise InvalidParameterError(
                label,
                function,
                f"one entry or {m} entries (to match the other argument)",
                f"{len(arr)} entries",
            )
    run_grid = _run_grid(problem, grid, transient)
    result = solve.solve_problem_many(
        problem,
        np.broadcast_to(x0s, (m, d)),
        np.broadcast_to(ps, (m, ps.shape[1])),
        run_grid,
        method=method,
        skip=transient,
        rtol=rtol,
        atol=atol,
        max_steps=_max_steps(max_steps, n + transient, function),
        workers=workers,
    )
    for i in result.failures()[:1]:
        raise IntegrationError(
            f"{problem.name} (ensemble member {i})",
            result.message(i),
            result.t_reached[i],
            result.states[i],
        )
    X = result.y[:, len(run_grid) - len(grid) :]
    return grid, _add_noise(X, noise, seed, function)


def _parameter_sets(problem: Problem, parameters, function: str) -> np.ndarray:
    if parameters is None or isinstance(parameters, Mapping):
        return problem.parameter_vector(parameters, function=function)[None, :]
    if (
        isinstance(parameters, (list, tuple))
        and parameters
        and all(isinstance(entry, Mapping) for entry in parameters)
    ):
        return np.array(
            [problem.parameter_vector(entry, function=function) for entry in parameters]
        )
    array = check.finite_array(parameters, "parameters", function)
    count = len(problem.parameters)
    if array.ndim == 1:
        return problem.parameter_vector(array, function=function)[None, :]
    if array.ndim != 2 or array.shape[1] != count:
        raise InvalidParameterError(
            "parameters", function, f"a mapping, or an array of shape (m, {count})", parameters
        )
    return array
