"""A candidate model as a compiled system, integrated by the package's own integrators.

A candidate is one sympy expression per state variable of a flow, in the
variables' symbols and ``t``, with numbers only. It is turned into a
:class:`~chaosbench.systems.declaration.Declaration` and a
:class:`~chaosbench.systems.system.System`, so its right-hand side, Jacobian and
integration are the same compiled code as a registered system's.

Compiled kernels are cached on disk keyed by the declaration's equation text, and
compiling a new one takes a few seconds. The numbers of a candidate are therefore
lifted out of the text into parameters (``k_0, k_1, ...``, declared with the
candidate's values): candidates with the same structure and different coefficients,
such as successive fits of one regression, share one compiled kernel.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from chaosbench.errors import DeclarationError, InvalidParameterError
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.expressions import TIME

if TYPE_CHECKING:
    import sympy

    from chaosbench.systems.system import System

_FUNCTION = "candidate_system"


def _checked(candidate, system: System) -> list[sympy.Expr]:
    """The candidate as sympy expressions, validated against the system."""
    import sympy

    if system.kind != "flow":
        raise InvalidParameterError(
            "system", _FUNCTION, "a flow (candidates are vector fields)", system.name
        )
    if isinstance(candidate, (str, bytes)) or not isinstance(candidate, Sequence):
        raise InvalidParameterError(
            "candidate", _FUNCTION, f"a sequence of {system.dimension} sympy expressions", candidate
        )
    if len(candidate) != system.dimension:
        raise InvalidParameterError(
            "candidate",
            _FUNCTION,
            f"one expression per variable of {system.name} ({', '.join(system.variables)})",
            f"{len(candidate)} expressions",
        )
    allowed = {*system.variables, TIME}
    out = []
    for variable, item in zip(system.variables, candidate):
        try:
            expression = sympy.sympify(item, strict=True)
        except (sympy.SympifyError, TypeError):
            raise InvalidParameterError(
                f"candidate[{variable!r}]", _FUNCTION, "a sympy expression", item
            ) from None
        if not isinstance(expression, sympy.Expr):
            raise InvalidParameterError(
                f"candidate[{variable!r}]", _FUNCTION, "a sympy expression", item
            )
        unknown = sorted({s.name for s in expression.free_symbols} - allowed)
        if unknown:
            raise InvalidParameterError(
                f"candidate[{variable!r}]",
                _FUNCTION,
                f"an expression of {', '.join(system.variables)} and t only (numbers, "
                f"no free parameters); it uses {', '.join(unknown)}",
                str(expression),
            )
        if expression.has(sympy.I, sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
            raise InvalidParameterError(
                f"candidate[{variable!r}]", _FUNCTION, "real and finite", str(expression)
            )
        out.append(expression)
    return out


def lift_numbers(
    expressions: Sequence[sympy.Expr], prefix: str = "k"
) -> tuple[list[sympy.Expr], dict[str, float]]:
    """Replace every float and non-integer rational by a named parameter.

    Integers (and every exponent, kept as written) stay in the expressions, so the
    structure, not the values, determines the text.

    Parameters
    ----------
    expressions
        sympy expressions.
    prefix
        Parameter names are ``{prefix}_0, {prefix}_1, ...`` in order of appearance.

    Returns
    -------
    expressions : list of sympy.Expr
        The expressions in the new parameter symbols.
    values : dict
        Each parameter's value, in order.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> lift_numbers([x**2 / 3 - 2.5 * x + 2 * x**3])
    ([k_0*x**2 + k_1*x + 2*x**3], {'k_0': 0.3333333333333333, 'k_1': -2.5})
    """
    import sympy

    values: dict[str, float] = {}

    def lift(node: sympy.Basic) -> sympy.Basic:
        if isinstance(node, sympy.Float) or (
            isinstance(node, sympy.Rational) and not node.is_Integer
        ):
            name = f"{prefix}_{len(values)}"
            values[name] = float(node)
            return sympy.Symbol(name, real=True)
        if isinstance(node, sympy.Pow):
            return sympy.Pow(lift(node.base), node.exp)
        if not node.args or isinstance(node, sympy.Symbol):
            return node
        return node.func(*[lift(arg) for arg in node.args])

    return [lift(e) for e in expressions], values


#: sums of more terms than this are written as two parenthesised halves
_GROUP = 8


def equation_text(expression: sympy.Expr) -> str:
    """An expression as equation text, long sums written as nested halves.

    The compiled kernels keep the order of operations of the text, so a flat sum of
    ``n`` terms nests ``n`` deep in the generated code, past what Python's parser
    accepts for a few hundred terms (a dense polynomial fit). Grouping every sum of
    more than :data:`_GROUP` terms as ``(first half) + (second half)`` keeps the depth
    logarithmic; the value is the same up to the rounding of the additions' order.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.symbols("x0:10")
    >>> equation_text(sum(x))
    '(x0 + x1 + x2 + x3 + x4) + (x5 + x6 + x7 + x8 + x9)'
    """
    return _balanced_printer().doprint(expression)


@cache
def _balanced_printer():
    """sympy's string printer, with long sums split in two parenthesised halves."""
    import sympy
    from sympy.printing.str import StrPrinter

    class BalancedPrinter(StrPrinter):
        def _print_Add(self, expr, order=None):
            terms = self._as_ordered_terms(expr, order=order)
            if len(terms) <= _GROUP:
                return super()._print_Add(expr, order=order)
            half = len(terms) // 2
            parts = (sympy.Add(*terms[:half], evaluate=False),
                     sympy.Add(*terms[half:], evaluate=False))  # fmt: skip
            return " + ".join(f"({self._print(part)})" for part in parts)

    return BalancedPrinter()


def candidate_declaration(candidate, system: System) -> Declaration:
    """The declaration of a candidate model of ``system`` (see the module docstring).

    Parameters
    ----------
    candidate : sequence of sympy.Expr
        One right-hand side per variable of ``system``, in its variables' symbols
        (matched by name) and ``t``.
    system
        The flow the candidate models; its variables, initial condition, field
        and integration hints (stiff, semilinear) carry over.

    Returns
    -------
    Declaration
        Named ``{system.name}Candidate``.

    Raises
    ------
    InvalidParameterError
        If the candidate has the wrong length, uses other names, or holds a
        complex or infinite number, or a function the equation language lacks.
    """
    expressions = _checked(candidate, system)
    prefix = "k"
    while any(v == prefix or v.startswith(prefix + "_") for v in system.variables):
        prefix += "k"
    lifted, values = lift_numbers(expressions, prefix)
    try:
        return Declaration(
            name=f"{system.name}Candidate",
            kind="flow",
            variables=tuple(system.variables),
            parameters=values,
            equations=tuple(equation_text(e) for e in lifted),
            ic=tuple(float(v) for v in system.ic),
            citation=f"candidate model of {system.name}",
            field=system.field,
            description=f"A candidate model of {system.name}.",
            stiff=system.stiff,
            semilinear=system.declaration.semilinear,
        )
    except DeclarationError as exc:
        raise InvalidParameterError(
            "candidate", _FUNCTION, "expressions in the equation language", str(exc)
        ) from None


def candidate_system(candidate, system: System) -> System:
    """A compiled :class:`~chaosbench.systems.system.System` from a candidate model.

    Its parameters are the candidate's lifted numbers (:func:`lift_numbers`) with
    their values as defaults, so ``candidate_system(c, s).rhs(x, t)`` evaluates the
    candidate, and :meth:`~chaosbench.systems.system.System.trajectory` integrates it
    with the package's compiled integrators.

    Examples
    --------
    >>> import chaosbench, sympy
    >>> lorenz = chaosbench.get("Lorenz")
    >>> x, y, z = (lorenz.symbols[v] for v in lorenz.variables)
    >>> model = candidate_system((10 * (y - x), x * (28 - z) - y, x * y - 2.5 * z), lorenz)
    >>> model.rhs([1.0, 1.0, 1.0])
    array([ 0. , 26. , -1.5])
    """
    from chaosbench.systems.system import System

    return System(candidate_declaration(candidate, system))
