"""Stiff integrator kernel: Rosenbrock methods with dense output (RODAS4 by default).

The kernel runs any Rosenbrock method given as a
:class:`~chaosbench.integrate.rosenbrock_tableau.RosenbrockTableau` (its
``coefficients`` tuple); the ``"rosenbrock"`` method is RODAS4, the six-stage,
order 4(3), stiffly accurate and L-stable method of Hairer & Wanner (*Solving
Ordinary Differential Equations II*, 2nd ed., Springer 1996, section IV.7).
A Rosenbrock method is linearly implicit: every stage solves one linear system
with the matrix

.. math:: W = \\frac{1}{\\gamma h} I - J,

so only a single LU factorisation per step is needed and no Newton iteration.
The error estimate is the difference between the propagated and the embedded
solution, and a continuous extension produces the values on the requested
output grid between steps.

The kernel in this module is compiled eagerly with an explicit signature so that
one disk-cached machine-code version serves every system and tableau: the
right-hand side, its Jacobian and its time derivative are passed as numba
first-class functions (see :mod:`chaosbench.integrate._types`).

Known limitations
-----------------
* The step size controls the error at step ends only. On very stiff problems
  whose solution is slaved to a forcing (Prothero-Robinson type, e.g.
  ``x' = -1e6 (x - cos t)``) the end-point error vanishes in the stiff limit,
  the steps grow to O(1) and the third-order continuous extension can then be
  far less accurate than the tolerance between steps (scipy's Radau behaves
  the same way). Values at step ends are unaffected.
* As requested by the callers, a non-finite stage value ends the integration
  with ``NON_FINITE`` at once instead of being treated as a rejected step, so a
  grossly oversized explicit ``first_step`` can fail on a problem that is fine
  with a smaller one.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types

from chaosbench.integrate._control import accepted_factor, rejected_factor
from chaosbench.integrate._types import (
    NON_FINITE,
    SINGULAR_MATRIX,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
    ControllerType,
    JacFunction,
    Matrix,
    RhsFunction,
    RosenbrockTableauType,
    SolveResult,
    Vector,
)

__all__ = ["solve_rosenbrock"]

_EPS = np.finfo(np.float64).eps
_TINY = np.finfo(np.float64).tiny


@njit(cache=True, nogil=True)
def _all_finite(v: np.ndarray) -> bool:
    """Return True when every entry of the vector ``v`` is finite.

    Parameters
    ----------
    v : ndarray of float64, shape (n,)
        Vector to test.

    Returns
    -------
    bool
        False as soon as a NaN or an infinity is found.
    """
    for i in range(v.shape[0]):
        if not np.isfinite(v[i]):
            return False
    return True


@njit(cache=True, nogil=True)
def _matrix_finite(a: np.ndarray) -> bool:
    """Return True when every entry of the matrix ``a`` is finite.

    Parameters
    ----------
    a : ndarray of float64, shape (n, m)
        Matrix to test.

    Returns
    -------
    bool
        False as soon as a NaN or an infinity is found.
    """
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if not np.isfinite(a[i, j]):
                return False
    return True


@njit(cache=True, nogil=True)
def _lu_factor(a: np.ndarray, piv: np.ndarray) -> bool:
    """Factor a square matrix in place as ``P A = L U`` with partial pivoting.

    On return the strict lower triangle of ``a`` holds the multipliers of the
    unit lower-triangular factor ``L`` and the upper triangle holds ``U``.

    Parameters
    ----------
    a : ndarray of float64, shape (n, n)
        Matrix to factor; overwritten by the packed factors.
    piv : ndarray of int64, shape (n,)
        Receives the pivot rows: at elimination step ``k`` row ``k`` was
        swapped with row ``piv[k]``.

    Returns
    -------
    bool
        False if an exactly zero pivot was met (the matrix is singular), in
        which case ``a`` is left partly eliminated and must not be used.
    """
    n = a.shape[0]
    for k in range(n):
        # choose the entry of largest magnitude in column k on or below the diagonal
        p = k
        big = abs(a[k, k])
        for i in range(k + 1, n):
            v = abs(a[i, k])
            if v > big:
                big = v
                p = i
        piv[k] = p
        if big == 0.0:
            return False
        if p != k:
            for j in range(n):
                tmp = a[k, j]
                a[k, j] = a[p, j]
                a[p, j] = tmp
        inv_pivot = 1.0 / a[k, k]
        for i in range(k + 1, n):
            m = a[i, k] * inv_pivot
            a[i, k] = m
            if m != 0.0:
                for j in range(k + 1, n):
                    a[i, j] -= m * a[k, j]
    return True


@njit(cache=True, nogil=True)
def _lu_solve(lu: np.ndarray, piv: np.ndarray, b: np.ndarray) -> None:
    """Solve ``A x = b`` in place using the factors from :func:`_lu_factor`.

    Parameters
    ----------
    lu : ndarray of float64, shape (n, n)
        Packed LU factors of ``A``.
    piv : ndarray of int64, shape (n,)
        Pivot rows from :func:`_lu_factor`.
    b : ndarray of float64, shape (n,)
        Right-hand side; overwritten by the solution.
    """
    n = lu.shape[0]
    # apply the row interchanges in the order they were made
    for k in range(n):
        p = piv[k]
        if p != k:
            tmp = b[k]
            b[k] = b[p]
            b[p] = tmp
    # forward substitution with the unit lower triangle
    for i in range(1, n):
        s = b[i]
        for j in range(i):
            s -= lu[i, j] * b[j]
        b[i] = s
    # back substitution with the upper triangle
    for i in range(n - 1, -1, -1):
        s = b[i]
        for j in range(i + 1, n):
            s -= lu[i, j] * b[j]
        b[i] = s / lu[i, i]


@njit(cache=True, nogil=True)
def _scaled_ratio(e: float, scale: float) -> float:
    """Return ``e / scale``, treating a zero scale (only possible with atol = 0) safely.

    Parameters
    ----------
    e : float
        Error component.
    scale : float
        Tolerance scale of that component.

    Returns
    -------
    float
        ``e / scale``; 0 when both are 0, infinity when only ``scale`` is 0.
    """
    if scale > 0.0:
        return e / scale
    if e == 0.0:
        return 0.0
    return np.inf


@njit(cache=True, nogil=True)
def _error_norm(
    err: np.ndarray, x_old: np.ndarray, x_new: np.ndarray, rtol: float, atol: float
) -> float:
    """Weighted RMS norm of a local error estimate.

    Parameters
    ----------
    err : ndarray of float64, shape (d,)
        Local error estimate.
    x_old, x_new : ndarray of float64, shape (d,)
        States at the start and the end of the step.
    rtol, atol : float
        Relative and absolute tolerances.

    Returns
    -------
    float
        ``sqrt(mean((err_i / sc_i)**2))`` with
        ``sc_i = atol + rtol * max(|x_old_i|, |x_new_i|)``; a value <= 1 means
        the step meets the tolerances.
    """
    d = err.shape[0]
    total = 0.0
    for i in range(d):
        sc = atol + rtol * max(abs(x_old[i]), abs(x_new[i]))
        q = _scaled_ratio(err[i], sc)
        total += q * q
    return np.sqrt(total / d)


@njit(cache=True, nogil=True)
def _initial_step(
    rhs,
    t0: float,
    x0: np.ndarray,
    f0: np.ndarray,
    p: np.ndarray,
    rtol: float,
    atol: float,
    span: float,
    x1: np.ndarray,
    f1: np.ndarray,
    exponent: float,
) -> float:
    """Guess a first step size from the size of the state and of its derivatives.

    This is the heuristic of Hairer, Norsett & Wanner (*Solving ODEs I*,
    section II.4): the step is chosen so that an explicit Euler step of that
    size changes the state by about 1 % of its tolerance scale, and so that the
    estimated leading error term ``h**4 * |f'|`` is small.

    Parameters
    ----------
    rhs : RhsFunction
        Right-hand side ``rhs(t, x, p, out)``.
    t0 : float
        Initial time.
    x0, f0 : ndarray of float64, shape (d,)
        Initial state and ``rhs`` evaluated there.
    p : ndarray of float64
        Parameters passed through to ``rhs``.
    rtol, atol : float
        Tolerances.
    span : float
        Length of the integration interval; the step never exceeds it.
    x1, f1 : ndarray of float64, shape (d,)
        Work space.
    exponent : float
        ``1 / (error order + 1)``.

    Returns
    -------
    float
        A positive initial step size.
    """
    d = x0.shape[0]
    s0 = 0.0
    s1 = 0.0
    for i in range(d):
        sc = atol + rtol * abs(x0[i])
        q0 = _scaled_ratio(x0[i], sc)
        q1 = _scaled_ratio(f0[i], sc)
        s0 += q0 * q0
        s1 += q1 * q1
    d0 = np.sqrt(s0 / d)
    d1 = np.sqrt(s1 / d)
    if d0 < 1e-5 or d1 < 1e-5 or not np.isfinite(d0 / d1):
        h0 = 1e-6
    else:
        h0 = 0.01 * d0 / d1
    if not (h0 > 0.0 and np.isfinite(h0)):  # a norm that overflowed (huge state or rate)
        h0 = 1e-6
    h0 = min(h0, span)

    # probe the second derivative with one explicit Euler step; shrink the probe
    # if the right-hand side cannot be evaluated there
    finite = False
    for _ in range(30):
        for i in range(d):
            x1[i] = x0[i] + h0 * f0[i]
        rhs(t0 + h0, x1, p, f1)
        if _all_finite(f1):
            finite = True
            break
        h0 *= 0.1
    if not finite:
        return h0

    s2 = 0.0
    for i in range(d):
        sc = atol + rtol * abs(x0[i])
        q = _scaled_ratio(f1[i] - f0[i], sc)
        s2 += q * q
    d2 = np.sqrt(s2 / d) / h0

    dmax = max(d1, d2)
    if dmax <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / dmax) ** exponent
    h = min(100.0 * h0, h1, span)
    if not h > 0.0:
        h = h0
    return h


@njit(cache=True, nogil=True)
def _combine(weights, k, base, out):
    """``out = base + sum_j weights[j] K[j]`` (``out`` may be ``base``), skipping zero
    weights, summed in stage order."""
    for i in range(out.shape[0]):
        total = base[i]
        for j in range(weights.shape[0]):
            if weights[j] != 0.0:
                total += weights[j] * k[j, i]
        out[i] = total


@njit(cache=True, nogil=True)
def _stages(rhs, t, x, p, h, inv_h, f0, ft, a, c, nodes, dd, w, piv, k, xs, fstage):
    """Solve for every increment ``K[i]`` of one step (module docstring of
    :mod:`chaosbench.integrate.rosenbrock_tableau`); False, with the offending stage
    argument in ``xs``, as soon as a stage argument or value is not finite."""
    d = x.shape[0]
    for stage in range(nodes.shape[0]):
        if stage == 0:
            for i in range(d):
                fstage[i] = f0[i]
        else:
            _combine(a[stage, :stage], k, x, xs)
            rhs(t + nodes[stage] * h, xs, p, fstage)
            if not (_all_finite(xs) and _all_finite(fstage)):
                return False
        for i in range(d):
            coupling = 0.0
            for j in range(stage):
                if c[stage, j] != 0.0:
                    coupling += c[stage, j] * k[j, i]
            value = fstage[i]
            if dd[stage] != 0.0:
                value += h * dd[stage] * ft[i]
            k[stage, i] = value + inv_h * coupling
        _lu_solve(w, piv, k[stage])
    return True


@njit(
    SolveResult(
        RhsFunction,
        JacFunction,
        RhsFunction,
        RosenbrockTableauType,
        ControllerType,
        types.float64,
        Vector,
        Vector,
        Vector,
        types.float64,
        types.float64,
        types.float64,
        types.int64,
        Matrix,
        Vector,
    ),
    cache=True,
    nogil=True,
)
def solve_rosenbrock(
    rhs,
    jac,
    dfdt,
    tableau,
    controller,
    t0,
    x0,
    p,
    t_out,
    rtol,
    atol,
    first_step,
    max_steps,
    out,
    state,
):
    """Integrate a (stiff) ODE with a Rosenbrock method and sample it on a time grid.

    Parameters
    ----------
    rhs : RhsFunction
        ``rhs(t, x, p, out)`` writes ``dx/dt`` into ``out``.
    jac : JacFunction
        ``jac(t, x, p, out)`` writes ``d rhs_i / d x_j`` into the C-ordered
        ``(d, d)`` array ``out``. It is evaluated once per step.
    dfdt : RhsFunction
        ``dfdt(t, x, p, out)`` writes ``d rhs_i / d t`` (zeros for autonomous
        systems). Needed for the method's order on non-autonomous problems.
    tableau : tuple
        ``RosenbrockTableau.coefficients`` of the method (RODAS4 for ``"rosenbrock"``).
    controller : tuple
        Step-size controller (:class:`~chaosbench.integrate.control.Controller`).
    t0 : float
        Initial time.
    x0 : ndarray of float64, shape (d,)
        Initial state.
    p : ndarray of float64
        Parameter vector passed to ``rhs``, ``jac`` and ``dfdt``.
    t_out : ndarray of float64, shape (n,)
        Output times, sorted ascending, with ``t_out[0] >= t0``. The
        integration runs from ``t0`` to ``t_out[-1]``. Steps are not shortened
        to hit output times (only the final step is cut to end on
        ``t_out[-1]``); values between steps come from the third-order
        continuous extension of the method.
    rtol, atol : float
        Relative and absolute tolerances of the weighted RMS error norm with
        scale ``atol + rtol * max(|x_old_i|, |x_new_i|)``.
    first_step : float
        Initial step size; ``<= 0`` chooses it automatically.
    max_steps : int
        Maximum number of attempted steps (accepted plus rejected).
    out : ndarray of float64, shape (n, d)
        Receives the solution at ``t_out``. Rows at or after a failure are set
        to NaN.
    state : ndarray of float64, shape (d,)
        Receives the final state on success. On failure it receives the last
        accepted state, except for ``NON_FINITE`` where it receives the
        offending (stage) state.

    Returns
    -------
    status : int
        ``SUCCESS`` or one of the failure codes of
        :mod:`chaosbench.integrate._types`: ``NON_FINITE`` (a state, stage
        value, Jacobian or df/dt became NaN or infinite), ``STEP_TOO_SMALL``
        (``h < 10 * eps * |t|``), ``TOO_MANY_STEPS`` (``max_steps`` attempts
        used up) or ``SINGULAR_MATRIX`` (exactly zero pivot in the LU
        factorisation of the stage matrix).
    t_reached : float
        Time of ``state``: ``t_out[-1]`` on success, otherwise the last
        accepted time (or, for ``NON_FINITE`` in a stage, the stage time).
    n_accepted, n_rejected : int
        Numbers of accepted and rejected steps.

    Raises
    ------
    ValueError
        If array shapes disagree, ``t_out`` is not sorted or starts before
        ``t0``, or the tolerances are negative or both zero.
    """
    d = x0.shape[0]
    n_out = t_out.shape[0]
    if out.shape[0] != n_out or out.shape[1] != d or state.shape[0] != d:
        raise ValueError("solve_rosenbrock: out must have shape (len(t_out), d), state (d,)")
    if n_out > 0 and not t_out[0] >= t0:
        raise ValueError("solve_rosenbrock: t_out[0] must not be earlier than t0")
    for i in range(1, n_out):
        if not t_out[i] >= t_out[i - 1]:
            raise ValueError("solve_rosenbrock: t_out must be sorted ascending")
    if not (rtol >= 0.0 and atol >= 0.0 and rtol + atol > 0.0):
        raise ValueError("solve_rosenbrock: tolerances must be non-negative, not both zero")

    for i in range(d):
        state[i] = x0[i]
    if not _all_finite(x0) or not np.isfinite(t0):
        out[:, :] = np.nan
        return NON_FINITE, t0, 0, 0

    # output times equal to t0 receive the initial state exactly
    idx = 0
    while idx < n_out and t_out[idx] == t0:
        for i in range(d):
            out[idx, i] = x0[i]
        idx += 1
    if idx == n_out:
        return SUCCESS, t0, 0, 0
    t_end = t_out[n_out - 1]
    if not np.isfinite(t_end):
        raise ValueError("solve_rosenbrock: t_out must be finite")
    span = t_end - t0

    # work space
    gamma, a, c, nodes, dd, m, e, dense = tableau[:8]
    error_k = tableau[8] + 1.0  # the controller's k
    n_stages = nodes.shape[0]
    x = np.empty(d)
    x_new = np.empty(d)
    f0 = np.empty(d)
    fstage = np.empty(d)
    ft = np.empty(d)
    jmat = np.empty((d, d))
    w = np.empty((d, d))
    piv = np.empty(d, dtype=np.int64)
    xs = np.empty(d)
    k = np.empty((n_stages, d))  # the increments K[j] of one step
    err_vec = np.empty(d)
    q = np.empty((dense.shape[0], d))  # continuous-extension vectors of one step

    for i in range(d):
        x[i] = x0[i]
    t = t0
    rhs(t, x, p, f0)
    if not _all_finite(f0):
        out[idx:, :] = np.nan
        return NON_FINITE, t, 0, 0

    if first_step > 0.0:
        h = min(first_step, span)
    else:
        h = _initial_step(rhs, t0, x0, f0, p, rtol, atol, span, xs, fstage, 1.0 / error_k)

    n_acc = 0
    n_rej = 0
    status = SUCCESS
    t_fail = t
    need_jac = True
    have_history = False
    h_prev = 1.0  # step and error of the previous accepted step, once there is one
    err_prev = 1.0
    rejected_last = False

    while True:
        if n_acc + n_rej >= max_steps:
            status = TOO_MANY_STEPS
            break
        if need_jac:
            jac(t, x, p, jmat)
            dfdt(t, x, p, ft)
            if not (_matrix_finite(jmat) and _all_finite(ft)):
                status = NON_FINITE
                t_fail = t
                for i in range(d):
                    state[i] = x[i]
                break
            need_jac = False

        if not (h >= 10.0 * _EPS * abs(t) and h > _TINY):
            status = STEP_TOO_SMALL
            break
        last = False
        if t + 1.0001 * h >= t_end:
            h = t_end - t
            last = True

        # W = I / (gamma h) - J, factored once and used for all stages
        diag = 1.0 / (gamma * h)
        for i in range(d):
            for j in range(d):
                w[i, j] = -jmat[i, j]
            w[i, i] += diag
        if not _lu_factor(w, piv):
            status = SINGULAR_MATRIX
            break

        inv_h = 1.0 / h
        stage_ok = _stages(rhs, t, x, p, h, inv_h, f0, ft, a, c, nodes, dd, w, piv, k, xs, fstage)
        if stage_ok:
            _combine(m, k, x, x_new)
            if not _all_finite(x_new):
                stage_ok = False
                for i in range(d):
                    xs[i] = x_new[i]
        if not stage_ok:
            status = NON_FINITE
            t_fail = t  # the solution is known up to here; ``state`` is the offending stage
            for i in range(d):
                state[i] = xs[i]
            break

        for i in range(d):
            err_vec[i] = 0.0
        _combine(e, k, err_vec, err_vec)
        err = _error_norm(err_vec, x, x_new, rtol, atol)
        if not np.isfinite(err):
            # finite stages can still overflow the sum of squares: just reject
            err = np.inf

        if err > 1.0:
            n_rej += 1
            rejected_last = True
            h *= rejected_factor(controller, err, error_k)
            continue

        # ---- step accepted ----
        n_acc += 1
        t_new = t_end if last else t + h

        # dense output for the requested times inside (t, t_new]
        if idx < n_out and t_out[idx] <= t_new:
            for r in range(dense.shape[0]):
                for i in range(d):
                    q[r, i] = 0.0
                _combine(dense[r], k, q[r], q[r])
            while idx < n_out and t_out[idx] <= t_new:
                if t_out[idx] == t_new:
                    for i in range(d):
                        out[idx, i] = x_new[i]
                else:
                    s = (t_out[idx] - t) * inv_h
                    s1 = 1.0 - s
                    for i in range(d):
                        poly = q[dense.shape[0] - 1, i]
                        for r in range(dense.shape[0] - 2, -1, -1):
                            poly = q[r, i] + s * poly
                        out[idx, i] = s1 * x[i] + s * (x_new[i] + s1 * poly)
                idx += 1

        # new step size: standard controller combined with Gustafsson's predictive
        # controller (as in rodas.f), never growing right after a rejection
        ratio = accepted_factor(
            controller, err, err_prev if have_history else -1.0, h / h_prev, error_k, rejected_last
        )
        have_history = True
        h_prev = h
        err_prev = err
        rejected_last = False

        t = t_new
        for i in range(d):
            x[i] = x_new[i]
        if last:
            break

        rhs(t, x, p, f0)
        if not _all_finite(f0):
            status = NON_FINITE
            t_fail = t
            for i in range(d):
                state[i] = x[i]
            break
        need_jac = True
        h = min(h * ratio, span)

    if status == NON_FINITE:
        out[idx:, :] = np.nan
        return status, t_fail, n_acc, n_rej
    for i in range(d):
        state[i] = x[i]
    if status != SUCCESS:
        out[idx:, :] = np.nan
    return status, t, n_acc, n_rej
