"""The System record: a validated declaration plus everything derived from it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from chaosbench.errors import ChaosbenchError, DeclarationError, InvalidParameterError
from chaosbench.integrate import _pointwise as pointwise
from chaosbench.integrate.problem import Problem, finite_float
from chaosbench.systems import codegen, simulate
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.expressions import parse, to_sympy

if TYPE_CHECKING:
    import sympy


@dataclass(frozen=True, eq=False)
class System:
    """One dynamical system of the registry.

    Build systems with :func:`chaosbench.get`; the record is immutable. The
    compiled kernels are generated, cached on disk and loaded on first use.

    Attributes
    ----------
    name, kind, citation, field, description
        As declared.
    variables : tuple of str
        State variable names.
    parameters : Mapping[str, float]
        Default parameter values, in declaration order (read-only).
    equations : tuple of sympy.Expr
        Right-hand sides as sympy expressions in the declared symbols.
    ic : numpy.ndarray
        Default initial condition (read-only).
    annotations : Mapping[str, Any]
        Computed invariants (period, Lyapunov exponents, ...) where available.
    shared_kernels : bool
        Run on the kernels of :mod:`chaosbench.systems.shared_table`, compiled once
        for every system, which read the terms from data, instead of kernels
        generated from this declaration (one compilation per system). For
        autonomous polynomial flows and maps without parameters, such as the
        generated systems of :func:`chaosbench.synthesize`.
    provenance : Mapping[str, Any]
        Where a system that is not declared in the package came from (for a
        generated one: its family, parents, seed, index and generator version);
        empty for registry systems.
    """

    declaration: Declaration = field(repr=False)
    annotations: Mapping[str, Any] = field(default_factory=dict, repr=False)
    shared_kernels: bool = False
    provenance: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.shared_kernels:
            _ = self._table  # refuses a declaration the shared kernels cannot run

    # --- facts -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.declaration.name

    @property
    def kind(self) -> str:
        return self.declaration.kind

    @property
    def variables(self) -> tuple[str, ...]:
        return self.declaration.variables

    @property
    def dimension(self) -> int:
        """Number of state variables."""
        return len(self.declaration.variables)

    @property
    def parameters(self) -> Mapping[str, float]:
        return self.declaration.parameters

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(self.declaration.parameters)

    @property
    def citation(self) -> str:
        return self.declaration.citation

    @property
    def field(self) -> str:
        return self.declaration.field

    @property
    def description(self) -> str:
        return self.declaration.description

    @property
    def stiff(self) -> bool:
        return self.declaration.stiff

    @property
    def autonomous(self) -> bool:
        """False for forced flows, whose equations depend on ``t``."""
        return not self.declaration.forced

    @property
    def dt(self) -> float | None:
        """The stored recommended output step (one iteration for maps; None if not stored).

        Examples
        --------
        >>> import chaosbench
        >>> chaosbench.get("Henon").dt
        1.0
        """
        value = self.annotations.get("dt")
        return None if value is None else float(value)

    @property
    def period(self) -> float | None:
        """The stored dominant period of a flow (None if not stored, and for maps)."""
        value = self.annotations.get("period")
        return None if value is None else float(value)

    def forcing_period(self, parameters=None) -> float | None:
        """Period of the external forcing of a forced flow (None if not declared)."""
        text = self.declaration.forcing_period
        if text is None:
            return None
        values = dict(zip(self.parameter_names, self.parameter_vector(parameters)))
        expression = to_sympy(parse(text, set(values)), self.symbols)
        return float(expression.subs({self.symbols[k]: v for k, v in values.items()}))

    @cached_property
    def ic(self) -> np.ndarray:
        ic = np.array(self.annotations.get("ic", self.declaration.ic), dtype=float)
        ic.setflags(write=False)
        return ic

    @cached_property
    def symbols(self) -> Mapping[str, sympy.Symbol]:
        """The sympy symbol of every variable, parameter and ``t``."""
        return MappingProxyType(codegen.symbols_for(self.declaration))

    @cached_property
    def equations(self) -> tuple[sympy.Expr, ...]:
        return tuple(to_sympy(p, self.symbols) for p in self.declaration.parsed)

    @cached_property
    def jacobian_matrix(self) -> sympy.Matrix:
        """The symbolic Jacobian ``d f_i / d x_j``."""
        return codegen.derivatives(self.declaration, list(self.equations))[0]

    def latex(self) -> str:
        """The equations as a LaTeX ``aligned`` block.

        Examples
        --------
        >>> import chaosbench
        >>> print(chaosbench.get("Henon").latex().splitlines()[1])
        x_{n+1} &= - a x^{2} + y + 1 \\\\
        >>> print(chaosbench.get("MackeyGlass").latex().splitlines()[1])
        \\dot{x} &= \\frac{\\beta x(t - \\tau)}{x(t - \\tau)^{n} + 1} - \\gamma x \\\\
        """
        import sympy

        names = {}
        for var, lag in self.delay_terms:  # x(t - tau), not a subscripted symbol
            lag_symbol = self.symbols.get(lag)
            shown = sympy.latex(lag_symbol) if lag_symbol is not None else lag
            term = self.symbols[codegen.delay_key(var, lag)]
            names[term] = rf"{sympy.latex(self.symbols[var])}(t - {shown})"
        rows = []
        for var, eq in zip(self.variables, self.equations):
            v = sympy.latex(self.symbols[var])
            lhs = f"{v}_{{n+1}}" if self.kind == "map" else rf"\dot{{{v}}}"
            rows.append(rf"{lhs} &= {sympy.latex(eq, symbol_names=names)} \\")
        return "\\begin{aligned}\n" + "\n".join(rows) + "\n\\end{aligned}"

    def to_dict(self) -> dict[str, Any]:
        """Everything known about the system as plain JSON-serialisable data.

        Examples
        --------
        >>> import chaosbench
        >>> chaosbench.get("Lorenz").to_dict()["parameters"]["rho"]
        28.0
        """
        return {
            "name": self.name,
            "kind": self.kind,
            "dimension": self.dimension,
            "variables": list(self.variables),
            "parameters": dict(self.parameters),
            "equations": [str(e) for e in self.equations],
            "equations_declared": list(self.declaration.equations),
            "latex": self.latex(),
            "ic": self.ic.tolist(),
            "citation": self.citation,
            "field": self.field,
            "description": self.description,
            "autonomous": self.autonomous,
            "stiff": self.stiff,
            "multistable": self.declaration.multistable,
            "annotations": dict(self.annotations),
            **({"provenance": dict(self.provenance)} if self.provenance else {}),
        }

    # --- compiled kernels --------------------------------------------------------------
    @cached_property
    def _table(self) -> np.ndarray | None:
        """The packed term table of a system on shared kernels (``None`` otherwise)."""
        if not self.shared_kernels:
            return None
        from chaosbench.systems import shared_table

        table = shared_table.table_of(self.declaration)
        if table is None:
            raise DeclarationError(
                self.name,
                "equations",
                "shared kernels take autonomous polynomial flows and maps without parameters",
            )
        return shared_table.pack(table)

    @cached_property
    def kernels(self) -> codegen.Kernels:
        """Compiled kernels (``rhs``, ``jac``, ``dfdt``, ``tangent``), each built on first use."""
        if self.shared_kernels:
            from chaosbench.systems import shared_table

            return codegen.Kernels(shared_table)
        return codegen.load_kernels(
            self.declaration,
            lambda: codegen.generate_source(self.declaration, lambda: self.equations),
        )

    @cached_property
    def problem(self) -> Problem:
        """The system as the integrators see it (kernels, parameters, delays, flags):
        the record that the drivers, the Lyapunov code and the symbolic track take."""
        declaration = self.declaration
        return Problem(
            name=self.name,
            kind=self.kind,
            variables=self.variables,
            parameters=self.parameters,
            ic=self.ic,
            kernels=self.kernels,
            period=self.period,
            dt=self.dt,
            delay_terms=declaration.delay_terms,
            semilinear=declaration.semilinear,
            stiff=declaration.stiff,
            discontinuous=declaration.discontinuous,
            kernel_data=self._table,
        )

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
        """
        return self.problem.parameter_vector(parameters, function=function)

    def state_vector(self, x, *, name: str = "x", function: str = "rhs") -> np.ndarray:
        """Validate a state (or a stack of states, last axis = variables) as float array."""
        array = np.asarray(x, dtype=float)
        if array.ndim == 0 or array.shape[-1] != self.dimension:
            raise InvalidParameterError(
                name,
                function,
                f"an array whose last axis has length {self.dimension} "
                f"({', '.join(self.variables)})",
                x,
            )
        return array

    @property
    def delay_terms(self) -> tuple[tuple[str, str], ...]:
        """Delayed terms ``(variable, lag)`` of a delay system (empty otherwise)."""
        return self.declaration.delay_terms

    @property
    def delay_components(self) -> np.ndarray:
        """Index of the variable of each delayed term."""
        return self.problem.delay_components

    def delay_lags(self, parameters=None) -> np.ndarray:
        """Value of the lag of each delayed term, for the given parameters."""
        return self.problem.delay_lags(parameters)

    def rhs(self, x, t: float = 0.0, parameters=None, delayed=None) -> np.ndarray:
        """Evaluate the right-hand side (a flow's derivative or a map's next state).

        Parameters
        ----------
        x
            A state of shape ``(dimension,)`` or a stack of shape ``(..., dimension)``.
        t
            Time (used by forced flows).
        parameters
            Parameter overrides (see :meth:`parameter_vector`).
        delayed
            Delay systems only: the delayed terms (see :attr:`delay_terms`), shape
            ``(..., len(delay_terms))``; by default the current state's values
            (a constant history).

        Examples
        --------
        >>> import chaosbench
        >>> chaosbench.get("Lorenz").rhs([1.0, 1.0, 1.0])
        array([ 0.        , 26.        , -1.66666667])
        """
        shape = (self.dimension,)
        return self._evaluate(self.kernels.rhs, x, t, parameters, shape, "rhs", delayed)

    def jacobian(self, x, t: float = 0.0, parameters=None, delayed=None) -> np.ndarray:
        """Evaluate the analytic Jacobian ``J[..., i, j] = d rhs_i / d x_j``.

        For delay systems this is the derivative with respect to the current
        state; :meth:`delayed_jacobian` gives the one with respect to the
        delayed terms.

        Examples
        --------
        >>> import chaosbench
        >>> chaosbench.get("Lorenz").jacobian([0.0, 0.0, 0.0])[0]
        array([-10.,  10.,   0.])
        """
        shape = (self.dimension, self.dimension)
        return self._evaluate(self.kernels.jac, x, t, parameters, shape, "jacobian", delayed)

    def delayed_jacobian(self, x, t: float = 0.0, parameters=None, delayed=None) -> np.ndarray:
        """Delay systems: ``G[..., i, m] = d rhs_i / d xd_m``, the derivative with respect
        to the delayed terms."""
        if self.kind != "delay":
            raise ChaosbenchError(f"{self.name!r} is not a delay system")
        shape = (self.dimension, len(self.delay_terms))
        kernel = self.kernels.jac_delayed
        return self._evaluate(kernel, x, t, parameters, shape, "delayed_jacobian", delayed)

    def _evaluate(self, kernel, x, t, parameters, shape, function, delayed=None) -> np.ndarray:
        states = self.state_vector(x, function=function)
        p = self.problem.kernel_parameters(self.parameter_vector(parameters, function=function))
        time = finite_float(t, "t", function)
        flat = np.array(states.reshape(-1, self.dimension), order="C")  # writable copy
        out = np.empty((flat.shape[0], *shape))
        if self.kind != "delay":
            if delayed is not None:
                raise InvalidParameterError(
                    "delayed", function, "None for a system without delays", "an array"
                )
            if pointwise.compiled(kernel):  # one compiled call for every state
                loop = pointwise.rhs_at if out.ndim == 2 else pointwise.jacobian_at
                loop(kernel, time, flat, np.ascontiguousarray(p, dtype=float), out)
            else:  # a plain Python function (a test's stand-in, say)
                for i in range(flat.shape[0]):
                    kernel(time, flat[i], p, out[i])
            return out.reshape(*states.shape[:-1], *shape)
        m = len(self.delay_terms)
        if delayed is None:
            lagged = np.ascontiguousarray(flat[:, self.delay_components])
        else:
            lagged = np.array(delayed, dtype=float, order="C").reshape(-1, m)
            if lagged.shape[0] != flat.shape[0]:
                raise InvalidParameterError(
                    "delayed", function, f"one row of {m} values per state", delayed
                )
        for i in range(flat.shape[0]):
            kernel(time, flat[i], lagged[i], p, out[i])
        return out.reshape(*states.shape[:-1], *shape)

    # --- integration -----------------------------------------------------------------
    trajectory = simulate.trajectory
    ensemble = simulate.ensemble

    # --- invariants --------------------------------------------------------------------
    def lyapunov_spectrum(
        self,
        *,
        parameters=None,
        ic=None,
        n_exponents: int | None = None,
        rel_error: float = 0.005,
        abs_error: float | None = None,
        n_runs: int = 10,
        spread: float = 1e-3,
        seed=0,
        max_time: float | None = None,
        max_seconds: float = 60.0,
        rtol: float | None = None,
        atol: float | None = None,
        method: str = "auto",
    ):
        """Lyapunov exponents with standard errors, run until they converge.

        ``n_runs`` independent orbits (``ic`` and small random perturbations of it) are
        each integrated with their tangent space (the analytic Jacobian); each run
        discards its first half as a transient. The runs double in length until the
        standard error over the runs of every exponent is at most
        ``max(rel_error * |exponent|, abs_error)`` and the estimate agrees within twice
        that with the previous doubling, or until a cap is reached. The result says
        which, and gives the sign of the largest exponent only where it is resolved:
        a run that did not converge never reports a confident wrong sign.

        Parameters
        ----------
        parameters : mapping or sequence of float, optional
            Parameter values (default: the system's); any subset by name.
        ic : array_like, shape (dimension,), optional
            Starting point (default: the system's initial condition).
        n_exponents : int, optional
            How many exponents, largest first (default: all of them; the leading 10
            for spectral flows, 2 for delay equations, 1 for flows with jumps, which
            are measured from two nearby trajectories).
        rel_error : float
            Target standard error relative to each ``|exponent|``, below 1.
        abs_error : float, optional
            Resolution floor of the exponents (default: 0.001 per characteristic
            time of the flow; per iteration for maps).
        n_runs : int
            Independent runs, at least 3.
        spread : float
            Size of the perturbations of ``ic``, relative to its RMS value.
        seed : int, numpy.random.SeedSequence or numpy.random.Generator
            Seeds the perturbations: equal seeds give equal results.
        max_time : float, optional
            Longest run, in time units (iterations for maps); default 1e5
            characteristic times (1e6 iterations).
        max_seconds : float
            Wall-clock limit of the whole computation.
        rtol, atol : float, optional
            Integration tolerances (default: tight, chosen by the kind of system).
        method : str
            Integration method of flows and delay equations, by name from
            :data:`chaosbench.integrate.methods.METHODS` (one with a tangent-space
            kernel; for delay equations one with a delay kernel); ``"auto"``: ETDRK4
            for semilinear flows, DOP853 otherwise. Ignored for maps.

        Returns
        -------
        chaosbench.analysis.lyapunov_estimate.LyapunovResult
            ``exponents``, ``stderr``, ``converged``, ``sign``, ``message`` and how
            they were obtained; ``summary()`` prints them.

        Examples
        --------
        >>> import chaosbench
        >>> result = chaosbench.get("Henon").lyapunov_spectrum()
        >>> result.converged, result.sign, round(result.max_exponent, 2)
        (True, 1, 0.42)
        """
        from chaosbench.analysis.lyapunov_estimate import estimate_lyapunov

        return estimate_lyapunov(
            self,
            parameters=parameters,
            ic=ic,
            n_exponents=n_exponents,
            rel_error=rel_error,
            abs_error=abs_error,
            n_runs=n_runs,
            spread=spread,
            seed=seed,
            max_time=max_time,
            max_seconds=max_seconds,
            rtol=rtol,
            atol=atol,
            method=method,
        )

    def __repr__(self) -> str:
        return f"System({self.name!r}, kind={self.kind!r}, dimension={self.dimension})"
