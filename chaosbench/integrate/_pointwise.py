"""A system's kernels evaluated at many states in one compiled call.

``System.rhs`` and ``System.jacobian`` take stacks of states (a whole orbit, for
timescales and divergences); calling a compiled kernel once per state from Python
costs far more than the kernel itself. These loops take the kernel as a
first-class function (:mod:`chaosbench.integrate._types`), so one compilation,
cached on disk, serves every system.
"""

from __future__ import annotations

from numba import njit, types
from numba.core.dispatcher import Dispatcher

from chaosbench.integrate._types import JacFunction, Matrix, RhsFunction, Tensor3, Vector


def compiled(kernel) -> bool:
    """Whether ``kernel`` is a compiled function these loops can take."""
    return isinstance(kernel, Dispatcher)


@njit(types.void(RhsFunction, types.float64, Matrix, Vector, Matrix), cache=True, nogil=True)
def rhs_at(kernel, t, states, p, out):
    """``out[i] = rhs(t, states[i])`` for every row of ``states``."""
    for i in range(states.shape[0]):
        kernel(t, states[i], p, out[i])


@njit(types.void(JacFunction, types.float64, Matrix, Vector, Tensor3), cache=True, nogil=True)
def jacobian_at(kernel, t, states, p, out):
    """``out[i] = J(t, states[i])`` for every row of ``states``."""
    for i in range(states.shape[0]):
        kernel(t, states[i], p, out[i])
