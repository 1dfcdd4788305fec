"""The integration methods, as one table of records.

Every place that chooses or runs a method (the drivers of
:mod:`chaosbench.integrate.solve`, ``System.trajectory`` and ``ensemble``, the
Lyapunov spectra, the symbolic track's free runs) looks the method up here and
calls the kernels its record names. Adding a method is one :class:`Method`
record (:func:`register`) plus its coefficient data; a new explicit embedded
pair, for instance, is a :class:`~chaosbench.integrate.tableaux.ButcherTableau`
and a record with ``family="explicit"``, and is then usable for trajectories,
ensembles, Lyapunov spectra and delay equations.

Kernels are named as ``"module:function"`` and imported on first use, so that
reading this table imports no numba.

Kernel families and the leading arguments their kernels take (every kernel then
takes ``t0, x0, p, t_out, rtol, atol, first_step, max_steps, out, state``; see
:func:`leading_arguments`):

``explicit``
    ``rhs, switches, n_switches, tableau, controller``
``rosenbrock``
    ``rhs, jac, dfdt, tableau, controller`` (``tableau``: a
    :class:`~chaosbench.integrate.rosenbrock_tableau.RosenbrockTableau`'s coefficients)
``exponential``
    ``rhs, rates, n_tangent, controller`` (``rates``: the diagonal linear part)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from chaosbench.errors import UnknownNameError
from chaosbench.integrate.control import (
    I_CONTROLLER,
    PI_CONTROLLER,
    PREDICTIVE_CONTROLLER,
    STEP_DOUBLING_CONTROLLER,
    Controller,
    as_controller,
)

#: the kernel families (how a family's kernels are called: see the module docstring)
FAMILIES = ("explicit", "rosenbrock", "exponential")

_EXPLICIT = "chaosbench.integrate._explicit:solve_explicit"
_EXPLICIT_MANY = "chaosbench.integrate._explicit_many:solve_explicit_many"
_EXPLICIT_BLOCK = "chaosbench.integrate._explicit_block:solve_explicit_block"
_EXPLICIT_TANGENT = "chaosbench.integrate._lyapunov:lyapunov_tangent"
_EXPLICIT_DELAY = "chaosbench.integrate._delay:solve_delay"


@dataclass(frozen=True)
class Method:
    """One integration method and the kernels that run it.

    Attributes
    ----------
    name : str
        Name users pass as ``method=`` (lower case).
    description : str
        One line for listings.
    family : str
        One of :data:`FAMILIES`: the calling convention of its kernels.
    kinds : frozenset of str
        System kinds it integrates: ``"flow"`` and/or ``"delay"``.
    order : int
        Order of the propagated solution.
    needs_jacobian : bool
        Whether its kernels evaluate the Jacobian (and ``dfdt``).
    stiff : bool
        Whether it is meant for stiff problems.
    controller : Controller
        Default step-size controller.
    kernel : str
        ``"module:function"`` of the single-trajectory kernel.
    ensemble_kernel : str or None
        Kernel integrating a range of ensemble members in one compiled call;
        ``None``: the driver loops over members with ``kernel``.
    block_kernel : str or None
        Kernel advancing ensemble members in lockstep, a block of them stored
        one per column and evaluated by the system's block right-hand side
        (explicit family; used for vector fields without switching surfaces,
        ``ensemble_kernel`` for the others).
    tangent_kernel : str or None
        Benettin loop for Lyapunov spectra (state plus tangent vectors).
    delay_kernel : str or None
        Kernel for delay equations (explicit pairs with dense output only).
    dense_output : bool
        Whether outputs are interpolated by a continuous extension, so that the
        steps (and thus the trajectory) do not depend on the output times;
        ``False``: steps are shortened to land on each output time.
    tableau : object or None
        Coefficient record of the method (a ``ButcherTableau`` for the explicit
        family, a ``RosenbrockTableau`` for the Rosenbrock family), the name of
        one in :mod:`chaosbench.integrate.tableaux`, or ``"module:NAME"`` of one
        elsewhere (imported on first use).
    """

    name: str
    description: str
    family: str
    kinds: frozenset[str]
    order: int
    needs_jacobian: bool
    stiff: bool
    controller: Controller
    kernel: str
    ensemble_kernel: str | None = None
    block_kernel: str | None = None
    tangent_kernel: str | None = None
    delay_kernel: str | None = None
    dense_output: bool = True
    tableau: Any = None

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"Method {self.name!r}: family must be one of {FAMILIES}")
        if self.family in ("explicit", "rosenbrock") and self.tableau is None:
            raise ValueError(f"Method {self.name!r}: a {self.family} method needs its tableau")
        object.__setattr__(self, "kinds", frozenset(self.kinds))
        object.__setattr__(self, "controller", Controller(*self.controller))

    def coefficients(self):
        """The tableau's coefficients as the kernels take them (explicit, Rosenbrock)."""
        tableau = self.tableau
        if isinstance(tableau, str) and ":" in tableau:
            tableau = _import(tableau)
        elif isinstance(tableau, str):
            from chaosbench.integrate import tableaux

            tableau = getattr(tableaux, tableau)
        return tableau.coefficients

    def dense_degree(self) -> int:
        """Degree of the continuous extension (explicit family)."""
        return self.coefficients()[7].shape[1]

    def load(self, role: str = "kernel") -> Callable:
        """The compiled kernel of ``role`` (``"kernel"``, ``"ensemble_kernel"``,
        ``"block_kernel"``, ``"tangent_kernel"`` or ``"delay_kernel"``), imported on
        first use."""
        target = getattr(self, role)
        if target is None:
            raise ValueError(f"method {self.name!r} has no {role.replace('_', ' ')}")
        return _import(target)


def _import(target: str) -> Callable:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def leading_arguments(
    method: Method,
    rhs,
    jac,
    dfdt,
    p: np.ndarray,
    dimension: int,
    *,
    switches=None,
    n_switches: int = 0,
    n_tangent: int = 0,
    controller: Controller | None = None,
    t0: float = 0.0,
) -> tuple:
    """The arguments a kernel of ``method`` takes before ``t0`` (see the module docstring).

    ``p`` and ``dimension`` (of the system, without tangent vectors) matter only
    to the exponential family, whose linear rates are the diagonal of the
    Jacobian at the origin for these parameters.
    """
    control = as_controller(method.controller if controller is None else controller)
    if method.family == "explicit":
        if switches is None:
            from chaosbench.integrate._explicit import no_switches

            switches, n_switches = no_switches, 0
        return (rhs, switches, n_switches, method.coefficients(), control)
    if method.family == "rosenbrock":
        return (rhs, jac, dfdt, method.coefficients(), control)
    return (rhs, linear_rates(jac, dimension, p, t0), n_tangent, control)


def linear_rates(jac, d: int, p: np.ndarray, t0: float = 0.0) -> np.ndarray:
    """The diagonal of the Jacobian at the origin: the linear part that ETDRK4
    integrates exactly (entries that are not finite there are left to the
    nonlinear part, as zeros)."""
    matrix = np.empty((d, d))
    jac(float(t0), np.zeros(d), np.array(p, dtype=float, order="C"), matrix)
    rates = np.diagonal(matrix).copy()
    rates[~np.isfinite(rates)] = 0.0
    return rates


_TABLE: dict[str, Method] = {}
#: every method by name (read-only view; add one with :func:`register`)
METHODS: Mapping[str, Method] = MappingProxyType(_TABLE)


def register(method: Method, *, replace: bool = False) -> Method:
    """Add ``method`` to :data:`METHODS` (``replace=True`` to redefine a name)."""
    if method.name in _TABLE and not replace:
        raise ValueError(f"a method named {method.name!r} is already registered")
    _TABLE[method.name] = method
    return method


def unregister(name: str) -> None:
    """Remove a method added by :func:`register` (tests, experiments)."""
    _TABLE.pop(name, None)


def get_method(name: str, *, kind: str | None = None) -> Method:
    """The method called ``name``; for ``kind``, only methods that integrate it.

    Raises
    ------
    UnknownNameError
        With close matches, if no such method is known (for that kind).
    """
    known = [m.name for m in _TABLE.values() if kind is None or kind in m.kinds]
    if not isinstance(name, str) or name not in known:
        what = "integration method" if kind is None else f"integration method for a {kind}"
        raise UnknownNameError(what, str(name), known)
    return _TABLE[name]


def names(kind: str | None = None) -> tuple[str, ...]:
    """Names of the registered methods (for ``kind``: those that integrate it)."""
    return tuple(m.name for m in _TABLE.values() if kind is None or kind in m.kinds)


def explicit_method(
    name: str, description: str, order: int, controller: Controller, tableau
) -> Method:
    """The record of an explicit embedded pair: the shared explicit kernels, its tableau."""
    return Method(
        name=name,
        description=description,
        family="explicit",
        kinds=frozenset({"flow", "delay"}),
        order=order,
        needs_jacobian=False,
        stiff=False,
        controller=controller,
        kernel=_EXPLICIT,
        ensemble_kernel=_EXPLICIT_MANY,
        block_kernel=_EXPLICIT_BLOCK,
        tangent_kernel=_EXPLICIT_TANGENT,
        delay_kernel=_EXPLICIT_DELAY,
        tableau=tableau,
    )


register(
    explicit_method(
        "dop853",
        "Dormand–Prince 8(5,3) with 7th-order dense output (Hairer's DOP853)",
        8,
        PI_CONTROLLER,
        "DOP853",
    )
)
register(
    explicit_method(
        "dopri5", "Dormand–Prince 5(4) with 4th-order dense output", 5, I_CONTROLLER, "DOPRI5"
    )
)
register(
    Method(
        name="rosenbrock",
        description="RODAS4: stiffly accurate Rosenbrock method of order 4(3) (Hairer & Wanner)",
        family="rosenbrock",
        kinds=frozenset({"flow"}),
        order=4,
        needs_jacobian=True,
        stiff=True,
        controller=PREDICTIVE_CONTROLLER,
        kernel="chaosbench.integrate._rosenbrock:solve_rosenbrock",
        tableau="chaosbench.integrate.rosenbrock_tableau:RODAS4",
    )
)
register(
    Method(
        name="etdrk4",
        description="ETDRK4 of Cox & Matthews with step doubling, for semilinear flows",
        family="exponential",
        kinds=frozenset({"flow"}),
        order=4,
        needs_jacobian=True,
        stiff=True,
        controller=STEP_DOUBLING_CONTROLLER,
        kernel="chaosbench.integrate._etdrk4:solve_etdrk4",
        tangent_kernel="chaosbench.integrate._lyapunov:lyapunov_tangent",
        dense_output=False,
    )
)
