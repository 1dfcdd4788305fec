"""numba type signatures shared by generated system kernels and the integrators.

Every generated right-hand side has the signature ``rhs(t, x, p, out)``: it reads
the time ``t``, the state ``x`` and the parameter vector ``p`` (declaration order)
and writes the derivative (or, for a map, the next state) into ``out``.
Jacobians write ``d rhs_i / d x_j`` into a C-ordered ``(d, d)`` array, and
``dfdt`` writes ``d rhs_i / d t`` (zero for autonomous systems).

The integrators take these functions as first-class function arguments with
explicit signatures. That keeps each integrator compiled (and disk-cached) once
for every system instead of once per system.
"""

from __future__ import annotations

from numba import types

#: contiguous one-dimensional float64 array
Vector = types.float64[::1]
#: C-contiguous two-dimensional float64 array
Matrix = types.float64[:, ::1]
#: C-contiguous three-dimensional float64 array (ensemble output: member, time, variable)
Tensor3 = types.float64[:, :, ::1]
#: one-dimensional int64 array
IndexVector = types.int64[::1]
#: read-only variants, for method coefficients (which are frozen numpy arrays)
ConstVector = types.Array(types.float64, 1, "C", readonly=True)
ConstMatrix = types.Array(types.float64, 2, "C", readonly=True)

#: an explicit tableau as the kernels take it (``ButcherTableau.coefficients``):
#: ``(a, b, c, e, e_low, a_extra, c_extra, dense, error_order)``
ExplicitTableau = types.Tuple(
    (
        ConstMatrix,
        ConstVector,
        ConstVector,
        ConstVector,
        ConstVector,
        ConstMatrix,
        ConstVector,
        ConstMatrix,
        types.int64,
    )
)

#: a Rosenbrock tableau as the kernel takes it (``RosenbrockTableau.coefficients``):
#: ``(gamma, a, c, nodes, d, m, e, dense, error_order)``
RosenbrockTableauType = types.Tuple(
    (
        types.float64,
        ConstMatrix,
        ConstMatrix,
        ConstVector,
        ConstVector,
        ConstVector,
        ConstVector,
        ConstMatrix,
        types.int64,
    )
)

#: a step-size controller as the kernels take it (``chaosbench.integrate.control.Controller``)
ControllerType = types.UniTuple(types.float64, 7)

#: ``rhs(t, x, p, out) -> None``
RHS_SIGNATURE = types.void(types.float64, Vector, Vector, Vector)
#: ``jac(t, x, p, out) -> None`` with ``out`` of shape ``(d, d)``
JAC_SIGNATURE = types.void(types.float64, Vector, Vector, Matrix)

#: ``rhs_block(ts, x, p, out) -> None`` for a block of members, one per column: ``ts`` of
#: shape (width,), ``x`` and ``out`` (d, width), ``p`` (n_parameters, width)
BLOCK_RHS_SIGNATURE = types.void(Vector, Matrix, Matrix, Matrix)

#: ``rhs(t, x, xd, p, out) -> None`` for delay equations: ``xd`` holds the delayed values
DELAY_RHS_SIGNATURE = types.void(types.float64, Vector, Vector, Vector, Vector)
#: ``jac(t, x, xd, p, out) -> None`` for delay equations (also ``jac_delayed``)
DELAY_JAC_SIGNATURE = types.void(types.float64, Vector, Vector, Vector, Matrix)

RhsFunction = types.FunctionType(RHS_SIGNATURE)
BlockRhsFunction = types.FunctionType(BLOCK_RHS_SIGNATURE)
DelayRhsFunction = types.FunctionType(DELAY_RHS_SIGNATURE)
JacFunction = types.FunctionType(JAC_SIGNATURE)

#: the arguments every ensemble kernel takes after its method's leading ones (see
#: :mod:`chaosbench.integrate.methods`): ``t0, x0s, ps, t_out, rtol, atol, first_step,
#: max_steps`` (``x0s`` and ``ps`` one row per member)
ENSEMBLE_INPUTS = (
    types.float64,
    Matrix,
    Matrix,
    Vector,
    types.float64,
    types.float64,
    types.float64,
    types.int64,
)
#: and last: ``start, stop, out, states, stats`` (members ``start <= i < stop``;
#: ``out`` (member, time, variable), ``states`` the last state, ``stats`` the four
#: values a single kernel returns)
ENSEMBLE_OUTPUTS = (types.int64, types.int64, Tensor3, Matrix, Matrix)

#: what every integrator kernel returns: (status, t_reached, n_accepted, n_rejected)
SolveResult = types.Tuple((types.int64, types.float64, types.int64, types.int64))

# status codes live in a numba-free module so that importing the drivers stays cheap
from chaosbench.integrate.status import (  # noqa: E402
    HISTORY_FULL,
    NON_FINITE,
    SINGULAR_MATRIX,
    STATUS_MESSAGES,
    STEP_TOO_SMALL,
    SUCCESS,
    TOO_MANY_STEPS,
)

__all__ = [
    "BLOCK_RHS_SIGNATURE",
    "DELAY_JAC_SIGNATURE",
    "DELAY_RHS_SIGNATURE",
    "ENSEMBLE_INPUTS",
    "ENSEMBLE_OUTPUTS",
    "HISTORY_FULL",
    "JAC_SIGNATURE",
    "NON_FINITE",
    "RHS_SIGNATURE",
    "SINGULAR_MATRIX",
    "STATUS_MESSAGES",
    "STEP_TOO_SMALL",
    "SUCCESS",
    "TOO_MANY_STEPS",
    "BlockRhsFunction",
    "ConstMatrix",
    "ConstVector",
    "ControllerType",
    "DelayRhsFunction",
    "ExplicitTableau",
    "IndexVector",
    "JacFunction",
    "Matrix",
    "RhsFunction",
    "RosenbrockTableauType",
    "SolveResult",
    "Tensor3",
    "Vector",
]
