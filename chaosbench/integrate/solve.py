"""Drivers: call the compiled kernels and return a :class:`Solution` record.

These functions know nothing about systems or files: they take kernel functions
(see :mod:`chaosbench.integrate._types`) and arrays, and report what happened
in a record with a status instead of raising, so callers decide what to do.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from chaosbench.errors import InvalidParameterError
from chaosbench.integrate.control import as_controller
from chaosbench.integrate.methods import METHODS, get_method, leading_arguments
from chaosbench.integrate.methods import linear_rates as linear_rates  # re-exported
from chaosbench.integrate.status import HISTORY_FULL, STATUS_MESSAGES, SUCCESS

if TYPE_CHECKING:
    from chaosbench.integrate.problem import Problem

#: names of the methods, by family (derived from the table of :mod:`~chaosbench.integrate.methods`)
EXPLICIT_METHODS = tuple(m.name for m in METHODS.values() if m.family == "explicit")


@dataclass(frozen=True)
class Solution:
    """Outcome of one integration.

    Attributes
    ----------
    t : numpy.ndarray, shape (n,)
        Requested output times.
    y : numpy.ndarray, shape (n, d)
        States at ``t``; rows after a failure are undefined (check ``success``).
    status : int
        0 on success, otherwise a code of :data:`~chaosbench.integrate._types.STATUS_MESSAGES`.
    t_reached : float
        Time (or iteration) at which integration stopped.
    state : numpy.ndarray, shape (d,)
        State at ``t_reached`` (the offending state on failure).
    n_accepted, n_rejected : int
        Step counts (zero for maps).
    method : str
        Method used.
    """

    t: np.ndarray
    y: np.ndarray
    status: int
    t_reached: float
    state: np.ndarray
    n_accepted: int
    n_rejected: int
    method: str

    @property
    def success(self) -> bool:
        return self.status == SUCCESS

    @property
    def message(self) -> str:
        return STATUS_MESSAGES.get(self.status, f"unknown status {self.status}")


@cache
def _map_kernel():
    from chaosbench.integrate._maps import iterate_map

    return iterate_map


@cache
def _map_many_kernel():
    from chaosbench.integrate._maps import iterate_map_many

    return iterate_map_many


def solve_flow(
    rhs,
    jac,
    dfdt,
    x0: np.ndarray,
    p: np.ndarray,
    t_out: np.ndarray,
    *,
    t0: float = 0.0,
    method: str = "dop853",
    rtol: float = 1e-9,
    atol: float = 1e-12,
    max_steps: int = 10_000_000,
    first_step: float = 0.0,
    switches=None,
    n_switches: int = 0,
    controller=None,
) -> Solution:
    """Integrate a flow from ``(t0, x0)`` and sample it at ``t_out`` (ascending, >= t0).

    ``rhs``, ``jac`` and ``dfdt`` are compiled kernels with the signatures of
    :mod:`chaosbench.integrate._types` (``jac`` and ``dfdt`` are used only by
    implicit methods). Inputs are assumed validated by the caller.

    ``switches(t, x, p, out)`` (explicit methods) writes ``n_switches`` functions whose
    sign changes mark kinks or jumps of the vector field; steps are landed on them.
    """
    x0 = np.array(x0, dtype=float, order="C")  # a private, writable copy
    p = np.array(p, dtype=float, order="C")
    t_out = np.ascontiguousarray(t_out, dtype=float)
    out = np.empty((t_out.size, x0.size))
    state = np.empty(x0.size)
    record = get_method(method, kind="flow")
    leading = leading_arguments(
        record,
        rhs,
        jac,
        dfdt,
        p,
        x0.size,
        switches=switches,
        n_switches=n_switches,
        controller=controller,
        t0=t0,
    )
    result = record.load()(
        *leading, float(t0), x0, p, t_out, rtol, atol, first_step, max_steps, out, state
    )
    status, t_reached, n_accepted, n_rejected = result
    return Solution(
        t_out, out, int(status), float(t_reached), state, int(n_accepted), int(n_rejected), method
    )


@dataclass
class DelayHistory:
    """The stored steps of a delay integration (layout in :mod:`chaosbench.integrate._delay`).

    Owned by the caller so that an integration can be resumed exactly; grown
    (doubled) by :func:`solve_delay` when the kernel reports it full.
    """

    x_before: np.ndarray
    t: np.ndarray
    h: np.ndarray
    x: np.ndarray
    poly: np.ndarray
    meta_i: np.ndarray
    meta_f: np.ndarray

    @classmethod
    def constant(cls, x0: np.ndarray, t0: float, degree: int, capacity: int = 1024):
        """An empty history: the state before ``t0`` is the constant ``x0``."""
        d = x0.size
        return cls(
            np.array(x0, dtype=float),
            np.zeros(capacity),
            np.zeros(capacity),
            np.zeros((capacity, d)),
            np.zeros((capacity, d, degree)),
            np.zeros(2, dtype=np.int64),
            np.array([float(t0), 0.0]),
        )

    def enlarge(self) -> None:
        """Double the capacity, keeping the stored steps."""
        lo, hi = self.meta_i
        capacity = 2 * self.t.size
        for name in ("t", "h", "x", "poly"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]))
            new[: hi - lo] = old[lo:hi]
            setattr(self, name, new)
        self.meta_i[:] = (0, hi - lo)

    def tangent_columns(self, d: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Views of the tangent part of the stored states and polynomials, shaped
        ``(steps, d, k)`` and ``(steps, d, k, degree)`` (for an augmented state of
        ``d`` variables followed by ``d x k`` tangent components)."""
        lo, hi = self.meta_i
        states = self.x[lo:hi, d:].reshape(hi - lo, d, k)
        polys = self.poly[lo:hi, d:, :].reshape(hi - lo, d, k, -1)
        return states, polys


def solve_delay(
    rhs,
    components: np.ndarray,
    lags: np.ndarray,
    x0: np.ndarray,
    p: np.ndarray,
    t_out: np.ndarray,
    *,
    t0: float = 0.0,
    method: str = "dop853",
    rtol: float = 1e-9,
    atol: float = 1e-12,
    max_steps: int = 10_000_000,
    history: DelayHistory | None = None,
) -> Solution:
    """Integrate a delay equation with a constant initial history (or a given one).

    ``rhs(t, x, xd, p, out)`` reads the delayed terms ``xd[m] = x_{components[m]}(t -
    lags[m])``. ``history`` (optional) carries stored steps from an earlier call:
    the integration then resumes from ``(t0, x0)`` with that past.
    """
    record = get_method(method, kind="delay")
    degree = record.dense_degree()
    x0 = np.array(x0, dtype=float, order="C")
    p = np.array(p, dtype=float, order="C")
    t_out = np.ascontiguousarray(t_out, dtype=float)
    components = np.ascontiguousarray(components, dtype=np.int64)
    lags = np.ascontiguousarray(lags, dtype=float)
    if history is None:
        history = DelayHistory.constant(x0, t0, degree)
    out = np.empty((t_out.size, x0.size))
    state = np.empty(x0.size)
    kernel = record.load("delay_kernel")
    coefficients = record.coefficients()
    control = as_controller(record.controller)
    levels = np.arange(1, record.order + 2)
    breaks = np.unique(np.concatenate([history.meta_f[0] + lag * levels for lag in lags]))
    first, t_start, x_start = 0, float(t0), x0
    accepted = rejected = 0
    while True:
        status, t_reached, n_acc, n_rej = kernel(
            rhs,
            components,
            lags,
            breaks,
            coefficients,
            control,
            t_start,
            x_start,
            p,
            t_out[first:],
            rtol,
            atol,
            0.0,
            max_steps - accepted - rejected,
            history.x_before,
            history.t,
            history.h,
            history.x,
            history.poly,
            history.meta_i,
            history.meta_f,
            out[first:],
            state,
        )
        accepted, rejected = accepted + n_acc, rejected + n_rej
        if status != HISTORY_FULL:
            break
        history.enlarge()
        first = int(np.searchsorted(t_out, t_reached, side="right"))
        t_start, x_start = float(t_reached), state.copy()
    return Solution(t_out, out, int(status), float(t_reached), state, accepted, rejected, method)


def iterate(step, x0: np.ndarray, p: np.ndarray, n: int, *, skip: int = 0) -> Solution:
    """Iterate a map ``n - 1`` times after discarding ``skip`` iterates.

    Row 0 of the result is the state after ``skip`` iterations.
    """
    x0 = np.array(x0, dtype=float, order="C")  # a private, writable copy
    p = np.array(p, dtype=float, order="C")
    out = np.empty((n, x0.size))
    state = np.empty(x0.size)
    status, reached, _, _ = _map_kernel()(step, x0, p, skip, out, state)
    t = np.arange(skip, skip + n, dtype=float)
    return Solution(t, out, int(status), float(reached), state, 0, 0, "iterate")


@dataclass(frozen=True)
class EnsembleSolution:
    """Outcome of integrating many members at once.

    Attributes
    ----------
    t : numpy.ndarray, shape (n,)
    y : numpy.ndarray, shape (m, n, d)
    status : numpy.ndarray of int, shape (m,)
    t_reached : numpy.ndarray, shape (m,)
    states : numpy.ndarray, shape (m, d)
        Last state of each member (the offending state where a member failed).
    method : str
    """

    t: np.ndarray
    y: np.ndarray
    status: np.ndarray
    t_reached: np.ndarray
    states: np.ndarray
    method: str

    @property
    def success(self) -> bool:
        return bool(np.all(self.status == SUCCESS))

    def failures(self) -> list[int]:
        """Indices of the members that failed."""
        return [int(i) for i in np.nonzero(self.status != SUCCESS)[0]]

    def message(self, member: int) -> str:
        return STATUS_MESSAGES.get(int(self.status[member]), "unknown status")


def solve_many(
    rhs,
    jac,
    dfdt,
    x0s: np.ndarray,
    ps: np.ndarray,
    t_out: np.ndarray,
    *,
    kind: str = "flow",
    skip: int = 0,
    method: str = "dop853",
    rtol: float = 1e-9,
    atol: float = 1e-12,
    max_steps: int = 10_000_000,
    t0: float = 0.0,
    workers: int | None = None,
    switches=None,
    n_switches: int = 0,
    rhs_block=None,
    block_width: int = 64,
) -> EnsembleSolution:
    """Integrate (``kind="flow"``) or iterate (``kind="map"``) ``m`` members in parallel.

    ``x0s`` and ``ps`` have one row per member. The members are split into one
    contiguous block per worker thread; each block runs in a single compiled
    call that releases the GIL, so the threads use separate cores. For maps,
    ``t_out`` only gives the number of outputs and ``skip`` the iterates discarded.

    With ``rhs_block`` (the system's block right-hand side, see
    :mod:`chaosbench.systems.codegen`), a method with a ``block_kernel`` and no
    switching functions, each thread advances ``block_width`` members at a time
    in lockstep; the results are bitwise those of member-by-member integration.
    """
    x0s = np.array(x0s, dtype=float, order="C")
    ps = np.array(ps, dtype=float, order="C")
    t_out = np.ascontiguousarray(t_out, dtype=float)
    m, d = x0s.shape
    out = np.empty((m, t_out.size, d))
    states = np.empty((m, d))
    stats = np.zeros((m, 4))
    if kind == "map":
        kernel = _map_many_kernel()

        def block(lo: int, hi: int) -> None:
            kernel(rhs, x0s, ps, skip, lo, hi, out, states, stats)

        method = "iterate"
    else:
        record = get_method(method, kind="flow")

        def leading(i: int) -> tuple:
            return leading_arguments(
                record, rhs, jac, dfdt, ps[i], d, switches=switches, n_switches=n_switches, t0=t0
            )

        # what every ensemble kernel takes after its leading arguments (_types.ENSEMBLE_INPUTS)
        inputs = (float(t0), x0s, ps, t_out, rtol, atol, 0.0, max_steps)
        if record.block_kernel is not None and rhs_block is not None and n_switches == 0:
            kernel = record.load("block_kernel")
            tableau, control = leading(0)[3:]
            integral = isinstance(block_width, int | np.integer) and not isinstance(
                block_width, bool
            )
            if not integral or block_width < 1:
                raise InvalidParameterError(
                    "block_width", "solve_many", "a positive integer", block_width
                )
            width = int(block_width)

            def block(lo: int, hi: int) -> None:
                kernel(rhs, rhs_block, tableau, control, *inputs, width, lo, hi, out, states, stats)
        elif record.ensemble_kernel is not None and record.family != "exponential":
            kernel = record.load("ensemble_kernel")

            def block(lo: int, hi: int) -> None:
                kernel(*leading(0), *inputs, lo, hi, out, states, stats)
        else:
            kernel = record.load()

            def block(lo: int, hi: int) -> None:
                for i in range(lo, hi):
                    stats[i] = kernel(
                        *leading(i),
                        float(t0),
                        x0s[i],
                        ps[i],
                        t_out,
                        rtol,
                        atol,
                        0.0,
                        max_steps,
                        out[i],
                        states[i],
                    )

    workers = max(1, min(available_cores() if workers is None else workers, m))
    bounds = np.linspace(0, m, workers + 1).astype(int)
    if workers == 1:
        block(0, m)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(block, lo, hi) for lo, hi in pairwise(bounds)]:
                future.result()
    if kind == "map":
        t_out = np.arange(skip, skip + t_out.size, dtype=float)
    return EnsembleSolution(t_out, out, stats[:, 0].astype(int), stats[:, 1].copy(), states, method)


def solve_problem(
    problem: Problem,
    x0: np.ndarray,
    p: np.ndarray,
    t_out: np.ndarray,
    *,
    method: str,
    skip: int = 0,
    t0: float = 0.0,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    max_steps: int = 10_000_000,
    controller=None,
) -> Solution:
    """Integrate (or iterate) one :class:`~chaosbench.integrate.problem.Problem`.

    Flows and delay equations are sampled at ``t_out`` from ``(t0, x0)``; a map
    is iterated ``len(t_out) - 1`` times after ``skip`` discarded iterates
    (``method`` must then be ``"iterate"``). Switching functions and delays
    come from the problem. Inputs are assumed validated by the caller.
    """
    if problem.kind == "map":
        return iterate(problem.rhs, x0, problem.kernel_parameters(p), len(t_out), skip=skip)
    if problem.kind == "delay":
        return solve_delay(
            problem.rhs,
            problem.delay_components,
            problem.delay_lags(p),
            x0,
            p,
            t_out,
            t0=t0,
            method=method,
            rtol=rtol,
            atol=atol,
            max_steps=max_steps,
        )
    implicit = get_method(method, kind="flow").needs_jacobian  # else never compile jac
    return solve_flow(
        problem.rhs,
        problem.jac if implicit else None,
        problem.dfdt if implicit else None,
        x0,
        problem.kernel_parameters(p),
        t_out,
        t0=t0,
        method=method,
        rtol=rtol,
        atol=atol,
        max_steps=max_steps,
        controller=controller,
        **problem.switching(),
    )


def solve_problem_many(
    problem: Problem,
    x0s: np.ndarray,
    ps: np.ndarray,
    t_out: np.ndarray,
    *,
    method: str,
    skip: int = 0,
    t0: float = 0.0,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    max_steps: int = 10_000_000,
    workers: int | None = None,
) -> EnsembleSolution:
    """Integrate ``m`` members of one problem in parallel (rows of ``x0s`` and ``ps``).

    Flows and maps run in blocks of members per worker thread
    (:func:`solve_many`); delay equations member by member on the threads
    (their kernel releases the GIL too). Failed members are reported in the
    result's ``status``, never raised.
    """
    if problem.kind == "delay":
        return _delay_many(problem, x0s, ps, t_out, method, t0, rtol, atol, max_steps, workers)
    implicit = problem.kind == "flow" and get_method(method, kind="flow").needs_jacobian
    return solve_many(
        problem.rhs,
        problem.jac if implicit else None,
        problem.dfdt if implicit else None,
        x0s,
        problem.kernel_parameters(ps),
        t_out,
        kind=problem.kind,
        skip=skip,
        method=method,
        rtol=rtol,
        atol=atol,
        max_steps=max_steps,
        t0=t0,
        workers=workers,
        rhs_block=problem.rhs_block if problem.kind == "flow" else None,
        **problem.switching(),
    )


def _delay_many(problem, x0s, ps, t_out, method, t0, rtol, atol, max_steps, workers):
    x0s = np.array(x0s, dtype=float, order="C")
    ps = np.array(ps, dtype=float, order="C")
    m = len(x0s)

    def one(i: int) -> Solution:
        return solve_problem(
            problem,
            x0s[i],
            ps[i],
            t_out,
            method=method,
            t0=t0,
            rtol=rtol,
            atol=atol,
            max_steps=max_steps,
        )

    _ = problem.rhs  # compile before the threads start
    count = max(1, min(available_cores() if workers is None else workers, m))
    if count == 1:
        results = [one(i) for i in range(m)]
    else:
        with ThreadPoolExecutor(max_workers=count) as pool:
            results = list(pool.map(one, range(m)))
    return EnsembleSolution(
        np.ascontiguousarray(t_out, dtype=float),
        np.stack([r.y for r in results]),
        np.array([r.status for r in results], dtype=int),
        np.array([r.t_reached for r in results]),
        np.stack([r.state for r in results]),
        method,
    )


def available_cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
