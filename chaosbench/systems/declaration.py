"""The declaration of a dynamical system: everything about it that is a fact, as data.

A declaration is written once, in a family file under
``chaosbench/systems/declarations/``. The registry validates it on load and
turns it into a :class:`~chaosbench.systems.system.System`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from chaosbench.errors import DeclarationError, close_matches
from chaosbench.systems.expressions import RESERVED_NAMES, TIME, Expression, ExpressionError, parse

#: kinds of system: ordinary differential equations, maps, and delay differential equations
KINDS = ("flow", "map", "delay")

#: fields of science a system may belong to
FIELDS = (
    "astrophysics",
    "biology",
    "chemistry",
    "climatology",
    "ecology",
    "economics",
    "electronics",
    "fluid dynamics",
    "geophysics",
    "mathematics",
    "mechanics",
    "medicine",
    "neuroscience",
    "nuclear physics",
    "optics",
    "physics",
    "plasma physics",
)

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Declaration:
    """The facts that define one system.

    Parameters
    ----------
    name
        Unique registry name, CamelCase by convention (``"Lorenz"``).
    kind
        ``"flow"`` (ordinary differential equation), ``"map"`` (recurrence) or
        ``"delay"`` (delay differential equation: equations may use delayed
        values written ``x(t - tau)``, with ``tau`` a parameter or a number).
    variables
        Names of the state variables, in order.
    parameters
        Parameter names and default values, in declaration order. The order is
        the order of the parameter vector handed to the compiled kernels.
    equations
        One expression per variable: ``d variable / dt`` for a flow, the next
        value of the variable for a map. Flows may use ``t`` (forcing).
    ic
        Default initial condition, one value per variable.
    citation
        The original publication.
    field
        Field of science, one of :data:`FIELDS`.
    description
        One or two sentences on what the system models.
    stiff
        Whether the system needs a stiff (implicit) integrator by default.
    forcing_period
        For forced flows: the period of the forcing as an expression of the
        parameters (e.g. ``"2*pi/omega"``), so that points on the attractor can be
        taken at a known forcing phase.
    semilinear
        Flows only: the stiffness sits in a diagonal linear part ``L x`` (the
        diagonal of the Jacobian at the origin), as in spectral discretisations of
        dissipative PDEs; such flows are integrated by default with the
        exponential integrator ETDRK4, which treats ``L`` exactly.
    multistable
        Where the literature reports coexisting attractors at the declared
        parameters: a short statement of what coexists, with its source. ``None``
        means none is known (not that none exists).
    """

    name: str
    kind: str
    variables: tuple[str, ...]
    parameters: Mapping[str, float]
    equations: tuple[str, ...]
    ic: tuple[float, ...]
    citation: str
    field: str
    description: str = ""
    stiff: bool = False
    forcing_period: str | None = None
    semilinear: bool = False
    multistable: str | None = None
    parsed: tuple[Expression, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def fail(field_name: str, problem: str) -> None:
            raise DeclarationError(str(self.name), field_name, problem)

        if not isinstance(self.name, str) or not _NAME.match(self.name):
            fail("name", "must start with a letter and contain only letters, digits, '_' and '-'")
        if self.kind not in KINDS:
            fail("kind", f"must be one of {', '.join(map(repr, KINDS))}, got {self.kind!r}")
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "equations", tuple(self.equations))
        if not self.variables:
            fail("variables", "at least one state variable is required")
        params = dict(self.parameters)
        for group, names in (("variables", self.variables), ("parameters", list(params))):
            for name in names:
                if not isinstance(name, str) or not _IDENTIFIER.match(name):
                    fail(group, f"{name!r} is not a valid identifier")
                if name in RESERVED_NAMES:
                    fail(group, f"{name!r} is reserved (function, constant or time)")
            if len(set(names)) != len(names):
                fail(group, "names must be unique")
        clash = set(self.variables) & set(params)
        if clash:
            fail("parameters", f"{sorted(clash)} are also state variables")
        for pname, value in params.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                fail("parameters", f"value of {pname!r} must be a number, got {value!r}")
            if not math.isfinite(value):
                fail("parameters", f"value of {pname!r} must be finite, got {value!r}")
        object.__setattr__(
            self, "parameters", MappingProxyType({k: float(v) for k, v in params.items()})
        )
        if len(self.equations) != len(self.variables):
            fail(
                "equations", f"{len(self.equations)} equations for {len(self.variables)} variables"
            )
        allowed = set(self.variables) | set(params)
        if self.kind != "map":
            allowed.add(TIME)
        delayable = set(self.variables) if self.kind == "delay" else set()
        parsed = []
        for var, text in zip(self.variables, self.equations):
            try:
                parsed.append(parse(text, allowed, delayable))
            except ExpressionError as exc:
                problem = str(exc)
                if "undeclared symbol" in problem:
                    bad = problem.split("'")[1]
                    hint = close_matches(bad, sorted(allowed))
                    if hint:
                        problem += f" (did you mean {hint[0]!r}?)"
                fail("equations", f"equation for {var!r}: {problem}")
        object.__setattr__(self, "parsed", tuple(parsed))
        if self.kind == "delay":
            if not self.delay_terms:
                fail("equations", "a delay system needs at least one delayed term x(t - tau)")
            for _, lag in self.delay_terms:
                if lag in params and params[lag] <= 0:
                    fail("parameters", f"the lag {lag!r} must be positive, got {params[lag]!r}")
        if self.forcing_period is not None:
            if self.kind == "map":
                fail("forcing_period", "maps cannot be forced")
            try:
                parse(self.forcing_period, set(params))
            except ExpressionError as exc:
                fail("forcing_period", str(exc))
        ic = tuple(self.ic)
        if len(ic) != len(self.variables):
            fail("ic", f"has {len(ic)} values for {len(self.variables)} variables")
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in ic):
            fail("ic", f"values must be finite numbers, got {ic!r}")
        object.__setattr__(self, "ic", tuple(float(v) for v in ic))
        self._check_forcing()
        if self.semilinear and self.kind != "flow":
            fail("semilinear", "only flows can be integrated as semilinear")
        if self.multistable is not None and (
            not isinstance(self.multistable, str) or not self.multistable.strip()
        ):
            fail("multistable", "must be None or a non-empty note naming the source")
        for text_field in ("citation", "field"):
            value = getattr(self, text_field)
            if not isinstance(value, str) or not value.strip():
                fail(text_field, "must be a non-empty string")
        if self.field not in FIELDS:
            hint = close_matches(self.field, FIELDS)
            fail(
                "field",
                f"{self.field!r} is not one of the known fields"
                + (f" (did you mean {hint[0]!r}?)" if hint else f": {', '.join(FIELDS)}"),
            )

    @property
    def delay_terms(self) -> tuple[tuple[str, str], ...]:
        """Distinct delayed terms ``(variable, lag)`` of all equations, in order of appearance."""
        terms: list[tuple[str, str]] = []
        for expression in self.parsed:
            terms += [term for term in expression.delays if term not in terms]
        return tuple(terms)

    @property
    def discontinuous(self) -> bool:
        """Whether the right-hand side may jump across a surface in state space: a
        ``sign`` or ``Heaviside`` of an expression of the state, or a ``Piecewise``
        whose conditions involve the state. For such flows Jacobian-based Lyapunov
        exponents miss the stretching done at the jumps. (Wrapping with ``Mod`` and
        jumps in time only are not counted.)"""
        return any(_state_switches(p.tree, set(self.variables)) for p in self.parsed)

    @property
    def forced(self) -> bool:
        """Whether the equations depend explicitly on time ``t``."""
        return any(TIME in p.names for p in self.parsed)

    def _check_forcing(self) -> None:
        if self.forcing_period is not None and not self.forced:
            raise DeclarationError(
                self.name, "forcing_period", "given, but the equations do not depend on t"
            )


def _state_switches(tree, variables: set[str]) -> bool:
    import ast

    def uses_state(node) -> bool:
        return any(isinstance(n, ast.Name) and n.id in variables for n in ast.walk(node))

    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id in ("sign", "Heaviside") and uses_state(node):
            return True
        if node.func.id == "Piecewise" and any(uses_state(pair.elts[1]) for pair in node.args):
            return True
    return False
