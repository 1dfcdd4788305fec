"""The problem record: everything the integration drivers need to know about one system.

A :class:`Problem` is built once by :class:`~chaosbench.systems.system.System`
(``system.problem``) and taken by the drivers of
:mod:`chaosbench.integrate.solve` (:func:`~chaosbench.integrate.solve.solve_problem`
and :func:`~chaosbench.integrate.solve.solve_problem_many`), by ``trajectory`` and
``ensemble``, by the Lyapunov code and by the symbolic track's free runs. It
holds the compiled kernels (right-hand side, Jacobian, time derivative, tangent
map, switching functions), the parameters and their validation, the delays and
the flags that choose a method, so that none of those callers needs the
declaration or the ``System`` itself.

The kernels are compiled lazily: reading ``problem.jac`` compiles the Jacobian
the first time, and a problem integrated with an explicit method never does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from chaosbench.errors import InvalidParameterError, UnknownNameError

#: the kinds of problem: a flow (ODE), a map (iterated function) or a delay equation
KINDS = ("flow", "map", "delay")

#: fastest linear rate above which ``auto`` integrates a semilinear flow with ETDRK4:
#: below it DOP853's stability limit (about 6 / rate) is no tighter than its accuracy
#: steps at the default tolerances, and the eighth-order method takes fewer steps
SEMILINEAR_STIFFNESS = 1000.0


@dataclass(frozen=True, eq=False)
class Problem:
    """One system as the integrators see it.

    Attributes
    ----------
    name : str
        The system's name, used in error messages.
    kind : str
        One of :data:`KINDS`.
    variables : tuple of str
        State variable names, in order.
    parameters : Mapping[str, float]
        Default parameter values in declaration order (read-only).
    ic : numpy.ndarray
        Default initial condition (read-only).
    kernels : object
        The compiled kernels as attributes (``rhs``, ``jac``, ``dfdt``,
        ``tangent``, ``switches``; ``jac_delayed`` for delay equations), each
        compiled on first access, and ``module``, whose ``N_SWITCHES`` counts the
        switching functions (see :class:`chaosbench.systems.codegen.Kernels`).
    period : float or None
        Stored dominant period of a flow (``None`` when none is stored).
    dt : float or None
        Stored recommended output step (``None`` when none is stored).
    delay_terms : tuple of (str, str)
        Delayed terms ``(variable, lag)``; the lag is a parameter name or a number.
    semilinear : bool
        Whether the flow is a diagonal linear part plus a nonlinear remainder
        (spectral discretisations), which ETDRK4 integrates.
    stiff : bool
        Whether the declaration calls for a stiff method.
    discontinuous : bool
        Whether the vector field jumps (its Jacobian misses the stretching).
    kernel_data : numpy.ndarray or None
        Numbers the kernels read after the parameters: the packed term table of a
        system on shared kernels (see :mod:`chaosbench.systems.shared_table`);
        ``None`` for kernels generated from the equations. Every parameter vector
        handed to a kernel goes through :meth:`kernel_parameters`.
    """

    name: str
    kind: str
    variables: tuple[str, ...]
    parameters: Mapping[str, float]
    ic: np.ndarray
    kernels: Any = field(repr=False)
    period: float | None = None
    dt: float | None = None
    delay_terms: tuple[tuple[str, str], ...] = ()
    semilinear: bool = False
    stiff: bool = False
    discontinuous: bool = False
    kernel_data: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Problem {self.name!r}: kind must be one of {KINDS}")
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        ic = np.array(self.ic, dtype=float)
        ic.setflags(write=False)
        object.__setattr__(self, "ic", ic)
        if self.kernel_data is not None:
            data = np.array(self.kernel_data, dtype=float)
            data.setflags(write=False)
            object.__setattr__(self, "kernel_data", data)

    # --- sizes and kernels -------------------------------------------------------------
    @property
    def dimension(self) -> int:
        """Number of state variables."""
        return len(self.variables)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(self.parameters)

    @property
    def rhs(self):
        """``rhs(t, x, p, out)`` (delay equations: ``rhs(t, x, xd, p, out)``)."""
        return self.kernels.rhs

    @property
    def jac(self):
        """``jac(t, x, p, out)``: the analytic Jacobian, ``out`` of shape (d, d)."""
        return self.kernels.jac

    @property
    def dfdt(self):
        """``dfdt(t, x, p, out)``: the partial time derivative (flows and maps)."""
        return self.kernels.dfdt

    @property
    def tangent(self):
        """The state followed by tangent vectors, advanced together."""
        return self.kernels.tangent

    @property
    def rhs_block(self):
        """``rhs_block(ts, x, p, out)`` for a block of members, one per column, or
        ``None`` where the kernels have none (delay equations)."""
        if self.kind == "delay":
            return None
        return getattr(self.kernels, "rhs_block", None)

    @property
    def n_switches(self) -> int:
        """Number of switching functions (kinks and jumps) of a flow's vector field."""
        if self.kind != "flow":
            return 0
        return int(self.kernels.module.N_SWITCHES)

    def switching(self) -> dict[str, Any]:
        """``switches`` and ``n_switches`` for the explicit drivers; empty without any."""
        count = self.n_switches
        return {"switches": self.kernels.switches, "n_switches": count} if count else {}

    # --- parameters --------------------------------------------------------------------
    def parameter_vector(
        self,
        parameters: Mapping[str, float] | Sequence[float] | None = None,
        *,
        function: str = "parameters",
    ) -> np.ndarray:
        """Parameter values as an array in declaration order.

        Parameters
        ----------
        parameters
            ``None`` for the defaults; a mapping overriding some of them by
            name; or a full sequence of values in declaration order.
        function
            Name of the calling function, used in error messages.

        Raises
        ------
        UnknownNameError
            For a parameter name the system does not have (with close matches).
        InvalidParameterError
            For values that are not finite, or a sequence of the wrong length.
        """
        vector = np.array(list(self.parameters.values()), dtype=float)
        if parameters is None:
            return vector
        if isinstance(parameters, Mapping):
            names = self.parameter_names
            for key, value in parameters.items():
                if key not in self.parameters:
                    raise UnknownNameError(f"parameter of {self.name}", str(key), self.parameters)
                vector[names.index(key)] = finite_float(value, f"parameters[{key!r}]", function)
            return vector
        values = np.asarray(parameters, dtype=float)
        if values.shape != vector.shape:
            raise InvalidParameterError(
                "parameters",
                function,
                f"a mapping or {vector.size} values ({', '.join(self.parameter_names)})",
                parameters,
            )
        if not np.all(np.isfinite(values)):
            raise InvalidParameterError("parameters", function, "finite", parameters)
        return values.copy()

    def kernel_parameters(self, p: np.ndarray) -> np.ndarray:
        """What the kernels take for the parameter vector ``p`` (one row per member
        for a 2-D ``p``): ``p`` itself, followed by :attr:`kernel_data` where there is any."""
        if self.kernel_data is None:
            return p
        p = np.asarray(p, dtype=float)
        if p.ndim == 1:
            return np.concatenate([p, self.kernel_data])
        tail = np.broadcast_to(self.kernel_data, (p.shape[0], self.kernel_data.size))
        return np.ascontiguousarray(np.concatenate([p, tail], axis=1))

    # --- delays ------------------------------------------------------------------------
    @property
    def delay_components(self) -> np.ndarray:
        """Index of the variable of each delayed term."""
        index = self.variables.index
        return np.array([index(v) for v, _ in self.delay_terms], dtype=np.int64)

    def delay_lags(self, parameters=None) -> np.ndarray:
        """Value of the lag of each delayed term, for the given parameters."""
        values = dict(zip(self.parameter_names, self.parameter_vector(parameters), strict=True))
        return np.array(
            [values[lag] if lag in values else float(lag) for _, lag in self.delay_terms]
        )

    # --- method choice -----------------------------------------------------------------
    def linear_rates(self, p: np.ndarray, t0: float = 0.0) -> np.ndarray:
        """The diagonal of the Jacobian at the origin: the linear part of a semilinear
        flow that ETDRK4 integrates exactly."""
        from chaosbench.integrate.methods import linear_rates

        return linear_rates(self.jac, self.dimension, p, t0)

    def default_method(self, p: np.ndarray | None = None) -> str:
        """The method ``"auto"`` stands for, at parameters ``p`` (default: the defaults).

        Maps are iterated; delay equations and non-stiff flows take DOP853,
        stiff flows RODAS4 (``"rosenbrock"``), and semilinear flows whose fastest
        linear rate exceeds :data:`SEMILINEAR_STIFFNESS` ETDRK4.
        """
        if self.kind == "map":
            return "iterate"
        if self.kind == "flow" and self.semilinear:
            vector = self.parameter_vector() if p is None else p
            if float(np.max(np.abs(self.linear_rates(vector)))) > SEMILINEAR_STIFFNESS:
                return "etdrk4"
        return "rosenbrock" if self.stiff and self.kind == "flow" else "dop853"


def as_problem(system) -> Problem:
    """The :class:`Problem` of ``system``: a ``System`` (its ``problem``) or a ``Problem``."""
    return system if isinstance(system, Problem) else system.problem


def finite_float(value, name: str, function: str) -> float:
    """``value`` as a finite float, or :class:`InvalidParameterError` naming ``name``."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, function, "a finite number", value) from None
    if not np.isfinite(result):
        raise InvalidParameterError(name, function, "a finite number", value)
    return result
