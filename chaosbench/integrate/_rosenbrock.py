"""Stiff integrator kernel: the RODAS4 Rosenbrock method with dense output.

RODAS4 is the six-stage, order 4(3), stiffly accurate and L-stable Rosenbrock
method of Hairer & Wanner (*Solving Ordinary Differential Equations II*, 2nd ed.,
Springer 1996, section IV.7, Table 7.2; the coefficient set is the one shipped
as ``METH=1`` in their Fortran code ``rodas.f``). A Rosenbrock method is
linearly implicit: every stage solves one linear system with the matrix

.. math:: W = \\frac{1}{\\gamma h} I - J,

so only a single LU factorisation per step is needed and no Newton iteration.
The last two stages make the method stiffly accurate; the difference between the
fifth-stage and sixth-stage solutions is the embedded (order 3) error estimate.
The method carries a third-order continuous extension, which is what produces
the values on the requested output grid between steps.

The kernel in this module is compiled eagerly with an explicit signature so that
one disk-cached machine-code version serves every system: the right-hand side,
its Jacobian and its time derivative are passed as numba first-class functions
(see :mod:`chaosbench.integrate._types`).

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
    SolveResult,
    Vector,
)

__all__ = ["solve_rosenbrock"]

# ---------------------------------------------------------------------------
# RODAS4 coefficients (Hairer & Wanner, rodas.f, METH=1).
#
# The stages are written in the "transformed" form used by rodas.f, in which
# the unknowns k_i are increments (not slopes):
#
#   (I/(gamma h) - J) k_i = f(t + c_i h, x + sum_j a_ij k_j)
#                           + sum_j (c_ij / h) k_j + h d_i df/dt,
#
# x_5 = x + sum_{j<5} a_5j k_j,  x_6 = x_5 + k_5,  x_new = x_6 + k_6, and k_6
# (= x_new - x_6) is the local error estimate. Stages 5 and 6 are evaluated at
# t + h and carry no df/dt term.
# ---------------------------------------------------------------------------
_GAMMA = 0.25

# stage nodes c_i (c_5 = c_6 = 1)
_C2 = 0.386
_C3 = 0.21
_C4 = 0.63

# coefficients of h * df/dt in stages 1 to 4
_D1 = 0.25
_D2 = -0.1043
_D3 = 0.1035
_D4 = -0.3620000000000023e-01

# a_ij: weights of earlier increments in the stage arguments
_A21 = 0.1544000000000000e01
_A31 = 0.9466785280815826e00
_A32 = 0.2557011698983284e00
_A41 = 0.3314825187068521e01
_A42 = 0.2896124015972201e01
_A43 = 0.9986419139977817e00
_A51 = 0.1221224509226641e01
_A52 = 0.6019134481288629e01
_A53 = 0.1253708332932087e02
_A54 = -0.6878860361058950e00

# c_ij: weights of earlier increments (divided by h) on the stage right-hand sides
_C21 = -0.5668800000000000e01
_C31 = -0.2430093356833875e01
_C32 = -0.2063599157091915e00
_C41 = -0.1073529058151375e00
_C42 = -0.9594562251023355e01
_C43 = -0.2047028614809616e02
_C51 = 0.7496443313967647e01
_C52 = -0.1024680431464352e02
_C53 = -0.3399990352819905e02
_C54 = 0.1170890893206160e02
_C61 = 0.8083246795921522e01
_C62 = -0.7981132988064893e01
_C63 = -0.3152159432874371e02
_C64 = 0.1631930543123136e02
_C65 = -0.6058818238834054e01

# dense output: with s = (t - t_old) / h the continuous extension reads
#   x(s) = (1 - s) x_old + s (x_new + (1 - s) (q_1 + s q_2)),
#   q_1 = sum_j e_1j k_j,  q_2 = sum_j e_2j k_j  (j = 1..5),
# where e_1j and e_2j are D2j and D3j of rodas.f.
_E11 = 0.1012623508344586e02
_E12 = -0.7487995877610167e01
_E13 = -0.3480091861555747e02
_E14 = -0.7992771707568823e01
_E15 = 0.1025137723295662e01
_E21 = -0.6762803392801253e00
_E22 = 0.6087714651680015e01
_E23 = 0.1643084320892478e02
_E24 = 0.2476722511418386e02
_E25 = -0.6594389125716872e01

# ---------------------------------------------------------------------------
# step-size control (the controller itself arrives as an argument)
# ---------------------------------------------------------------------------
_ERROR_K = 4.0  # order of the embedded method + 1 (the controller's k)
_ERR_EXPONENT = 1.0 / _ERROR_K
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
        h1 = (0.01 / dmax) ** _ERR_EXPONENT
    h = min(100.0 * h0, h1, span)
    if not h > 0.0:
        h = h0
    return h


@njit(
    SolveResult(
        RhsFunction,
        JacFunction,
        RhsFunction,
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
    rhs, jac, dfdt, controller, t0, x0, p, t_out, rtol, atol, first_step, max_steps, out, state
):
    """Integrate a (stiff) ODE with RODAS4 and sample it on a time grid.

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
    x = np.empty(d)
    x_new = np.empty(d)
    f0 = np.empty(d)
    fstage = np.empty(d)
    ft = np.empty(d)
    jmat = np.empty((d, d))
    w = np.empty((d, d))
    piv = np.empty(d, dtype=np.int64)
    xs = np.empty(d)
    k1 = np.empty(d)
    k2 = np.empty(d)
    k3 = np.empty(d)
    k4 = np.empty(d)
    k5 = np.empty(d)
    k6 = np.empty(d)

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
        h = _initial_step(rhs, t0, x0, f0, p, rtol, atol, span, xs, fstage)

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

        # W = I / (gamma h) - J, factored once and used for all six stages
        diag = 1.0 / (_GAMMA * h)
        for i in range(d):
            for j in range(d):
                w[i, j] = -jmat[i, j]
            w[i, i] += diag
        if not _lu_factor(w, piv):
            status = SINGULAR_MATRIX
            break

        inv_h = 1.0 / h
        stage_ok = True

        # stage 1
        for i in range(d):
            k1[i] = f0[i] + h * _D1 * ft[i]
        _lu_solve(w, piv, k1)

        # stage 2
        for i in range(d):
            xs[i] = x[i] + _A21 * k1[i]
        t_stage = t + _C2 * h
        rhs(t_stage, xs, p, fstage)
        if not (_all_finite(xs) and _all_finite(fstage)):
            stage_ok = False
        else:
            for i in range(d):
                k2[i] = fstage[i] + h * _D2 * ft[i] + inv_h * (_C21 * k1[i])
            _lu_solve(w, piv, k2)

            # stage 3
            for i in range(d):
                xs[i] = x[i] + _A31 * k1[i] + _A32 * k2[i]
            t_stage = t + _C3 * h
            rhs(t_stage, xs, p, fstage)
            if not (_all_finite(xs) and _all_finite(fstage)):
                stage_ok = False
        if stage_ok:
            for i in range(d):
                k3[i] = fstage[i] + h * _D3 * ft[i] + inv_h * (_C31 * k1[i] + _C32 * k2[i])
            _lu_solve(w, piv, k3)

            # stage 4
            for i in range(d):
                xs[i] = x[i] + _A41 * k1[i] + _A42 * k2[i] + _A43 * k3[i]
            t_stage = t + _C4 * h
            rhs(t_stage, xs, p, fstage)
            if not (_all_finite(xs) and _all_finite(fstage)):
                stage_ok = False
        if stage_ok:
            for i in range(d):
                k4[i] = (
                    fstage[i]
                    + h * _D4 * ft[i]
                    + inv_h * (_C41 * k1[i] + _C42 * k2[i] + _C43 * k3[i])
                )
            _lu_solve(w, piv, k4)

            # stage 5, evaluated at t + h
            for i in range(d):
                xs[i] = x[i] + _A51 * k1[i] + _A52 * k2[i] + _A53 * k3[i] + _A54 * k4[i]
            t_stage = t + h
            rhs(t_stage, xs, p, fstage)
            if not (_all_finite(xs) and _all_finite(fstage)):
                stage_ok = False
        if stage_ok:
            for i in range(d):
                k5[i] = fstage[i] + inv_h * (
                    _C51 * k1[i] + _C52 * k2[i] + _C53 * k3[i] + _C54 * k4[i]
                )
            _lu_solve(w, piv, k5)

            # stage 6: x_6 = x_5 + k_5 is the embedded third-order solution
            for i in range(d):
                xs[i] += k5[i]
            rhs(t_stage, xs, p, fstage)
            if not (_all_finite(xs) and _all_finite(fstage)):
                stage_ok = False
        if stage_ok:
            for i in range(d):
                k6[i] = fstage[i] + inv_h * (
                    _C61 * k1[i] + _C62 * k2[i] + _C63 * k3[i] + _C64 * k4[i] + _C65 * k5[i]
                )
            _lu_solve(w, piv, k6)
            for i in range(d):
                x_new[i] = xs[i] + k6[i]
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

        err = _error_norm(k6, x, x_new, rtol, atol)
        if not np.isfinite(err):
            # finite stages can still overflow the sum of squares: just reject
            err = np.inf

        if err > 1.0:
            n_rej += 1
            rejected_last = True
            h *= rejected_factor(controller, err, _ERROR_K)
            continue

        # ---- step accepted ----
        n_acc += 1
        t_new = t_end if last else t + h

        # dense output for the requested times inside (t, t_new]
        if idx < n_out and t_out[idx] <= t_new:
            # q_1 and q_2 of the continuous extension, stored in k6 and xs
            # (both are free at this point)
            for i in range(d):
                xs[i] = _E11 * k1[i] + _E12 * k2[i] + _E13 * k3[i] + _E14 * k4[i] + _E15 * k5[i]
                k6[i] = _E21 * k1[i] + _E22 * k2[i] + _E23 * k3[i] + _E24 * k4[i] + _E25 * k5[i]
            while idx < n_out and t_out[idx] <= t_new:
                if t_out[idx] == t_new:
                    for i in range(d):
                        out[idx, i] = x_new[i]
                else:
                    s = (t_out[idx] - t) * inv_h
                    s1 = 1.0 - s
                    for i in range(d):
                        out[idx, i] = s1 * x[i] + s * (x_new[i] + s1 * (xs[i] + s * k6[i]))
                idx += 1

        # new step size: standard controller combined with Gustafsson's predictive
        # controller (as in rodas.f), never growing right after a rejection
        ratio = accepted_factor(
            controller, err, err_prev if have_history else -1.0, h / h_prev, _ERROR_K, rejected_last
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
