"""Safe reading of equation text, and its two translations.

Equations are written in ordinary Python/sympy math syntax. The text is parsed
with :mod:`ast` (never evaluated), checked against a whitelist of operators,
functions and names, and then translated

* to a sympy expression (:func:`to_sympy`), used for the Jacobian, LaTeX and the
  symbolic-regression ground truth, and
* to numba source (:func:`to_source`), used for the compiled right-hand side.
  This translation keeps the operations in the order they were written, so a
  map's compiled recurrence matches a hand-written loop bit for bit.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from chaosbench.errors import ExpressionError as ExpressionError  # its home is errors.py

if TYPE_CHECKING:
    import sympy

#: symbol that stands for time in forced (non-autonomous) flows
TIME = "t"

# name in the equation text -> (sympy attribute, numba source template, allowed argument counts)
_FUNCTIONS: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "sin": ("sin", "math.sin({0})", (1,)),
    "cos": ("cos", "math.cos({0})", (1,)),
    "tan": ("tan", "math.tan({0})", (1,)),
    "exp": ("exp", "math.exp({0})", (1,)),
    "log": ("log", "math.log({0})", (1,)),
    "sqrt": ("sqrt", "math.sqrt({0})", (1,)),
    "sinh": ("sinh", "math.sinh({0})", (1,)),
    "cosh": ("cosh", "math.cosh({0})", (1,)),
    "tanh": ("tanh", "math.tanh({0})", (1,)),
    "asin": ("asin", "math.asin({0})", (1,)),
    "acos": ("acos", "math.acos({0})", (1,)),
    "atan": ("atan", "math.atan({0})", (1,)),
    "atan2": ("atan2", "math.atan2({0}, {1})", (2,)),
    "Abs": ("Abs", "abs({0})", (1,)),
    "sign": ("sign", "_sign({0})", (1,)),
    "Heaviside": ("Heaviside", "_heaviside({0})", (1,)),
    "floor": ("floor", "np.floor({0})", (1,)),
    "Mod": ("Mod", "(({0}) % ({1}))", (2,)),
    "Min": ("Min", "min({args})", (2, 3, 4)),
    "Max": ("Max", "max({args})", (2, 3, 4)),
}
_CONSTANTS: dict[str, tuple[str, str]] = {
    "pi": ("pi", "math.pi"),
    "E": ("E", "math.e"),
}
FUNCTION_NAMES = frozenset(_FUNCTIONS) | {"Piecewise"}
RESERVED_NAMES = FUNCTION_NAMES | frozenset(_CONSTANTS) | {TIME}

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.Mod: "%"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_MAX_LENGTH = 20_000


@dataclass(frozen=True)
class Expression:
    """A validated equation: its text, its parsed syntax tree, the names it uses and
    its delayed terms ``(variable, lag)`` in order of first appearance."""

    text: str
    tree: ast.Expression
    names: frozenset[str]
    delays: tuple[tuple[str, str], ...] = ()


def delay_key(variable: str, lag: str) -> str:
    """The name under which the delayed term ``variable(t - lag)`` is looked up."""
    return f"{variable}(t - {lag})"


@dataclass
class _Context:
    allowed: set[str] | frozenset[str]
    delayable: set[str] | frozenset[str]
    text: str
    names: set[str]
    delays: list[tuple[str, str]]


def parse(
    text: str,
    allowed_names: set[str] | frozenset[str],
    delayable: set[str] | frozenset[str] = frozenset(),
) -> Expression:
    """Parse and validate equation text.

    Parameters
    ----------
    text
        The expression, e.g. ``"sigma*(y - x)"``.
    allowed_names
        Names the expression may use (state variables, parameters, and ``t``
        for forced flows). Function names and ``pi``/``E`` are always allowed.
    delayable
        State variables that may appear delayed, as ``x(t - tau)`` with ``tau``
        an allowed name (a parameter) or a positive number.

    Returns
    -------
    Expression
        The text with its validated syntax tree and the set of names it uses.

    Raises
    ------
    ExpressionError
        On a syntax error, a disallowed construct, an unknown function or an
        undeclared name.

    Examples
    --------
    >>> sorted(parse("a*x - x**3", {"a", "x"}).names)
    ['a', 'x']
    """
    if not isinstance(text, str):
        raise ExpressionError(f"an equation must be a string, got {type(text).__name__}")
    if len(text) > _MAX_LENGTH:
        raise ExpressionError(f"the equation is longer than {_MAX_LENGTH} characters")
    if not text.strip():
        raise ExpressionError("the equation is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"invalid syntax in {text!r}: {exc.msg}") from None
    context = _Context(allowed_names, delayable, text, set(), [])
    _check(tree.body, context, in_condition=False)
    return Expression(text, tree, frozenset(context.names), tuple(context.delays))


def _check(node: ast.AST, context: _Context, *, in_condition: bool) -> None:
    allowed, names, text = context.allowed, context.names, context.text

    def recurse(child: ast.AST, condition: bool = False) -> None:
        _check(child, context, in_condition=condition)

    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        recurse(node.left)
        recurse(node.right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        recurse(node.operand)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"unsupported constant {node.value!r} in {text!r}")
        if not math.isfinite(node.value):
            raise ExpressionError(f"the number in {text!r} is not finite")
    elif isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            return
        if node.id in FUNCTION_NAMES:
            raise ExpressionError(f"function {node.id!r} used without arguments in {text!r}")
        if node.id not in allowed:
            raise ExpressionError(f"undeclared symbol {node.id!r} in {text!r}")
        names.add(node.id)
    elif isinstance(node, ast.Call):
        _check_call(node, recurse, context)
    elif in_condition and isinstance(node, ast.Compare):
        if not all(type(op) in _COMPARE for op in node.ops):
            raise ExpressionError(f"only <, <=, >, >= may be used in conditions of {text!r}")
        recurse(node.left)
        for comparator in node.comparators:
            recurse(comparator)
    elif in_condition and isinstance(node, ast.BoolOp):
        for value in node.values:
            recurse(value, condition=True)
    else:
        raise ExpressionError(f"unsupported construct {type(node).__name__!r} in {text!r}")


def _check_call(node: ast.Call, recurse: Callable, context: _Context) -> None:
    text = context.text
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(f"only plain function calls are allowed in {text!r}")
    name = node.func.id
    if node.keywords:
        raise ExpressionError(f"keyword arguments are not allowed (in {name}) in {text!r}")
    if name in context.delayable:
        _check_delay(node, context)
        return
    if name == "Piecewise":
        _check_piecewise(node, recurse, text)
        return
    if name not in _FUNCTIONS:
        from chaosbench.errors import close_matches

        hint = close_matches(name, sorted(FUNCTION_NAMES))
        suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ExpressionError(f"unknown function {name!r} in {text!r}{suffix}")
    counts = _FUNCTIONS[name][2]
    if len(node.args) not in counts:
        raise ExpressionError(
            f"{name} takes {' or '.join(map(str, counts))} argument(s) in {text!r}"
        )
    for arg in node.args:
        recurse(arg)


def _check_delay(node: ast.Call, context: _Context) -> None:
    name, text = node.func.id, context.text
    arg = node.args[0] if len(node.args) == 1 else None
    if not (
        isinstance(arg, ast.BinOp)
        and isinstance(arg.op, ast.Sub)
        and isinstance(arg.left, ast.Name)
        and arg.left.id == TIME
    ):
        raise ExpressionError(f"a delayed variable is written {name}(t - lag) in {text!r}")
    lag = arg.right
    if isinstance(lag, ast.Name) and lag.id in context.allowed and lag.id != TIME:
        key = lag.id
        context.names.add(lag.id)
    elif (
        isinstance(lag, ast.Constant)
        and not isinstance(lag.value, bool)
        and isinstance(lag.value, (int, float))
        and lag.value > 0
    ):
        key = repr(lag.value)
    else:
        raise ExpressionError(
            f"the lag of {name} must be a parameter or a positive number in {text!r}"
        )
    context.names.add(name)
    if (name, key) not in context.delays:
        context.delays.append((name, key))


def _check_piecewise(node: ast.Call, recurse: Callable, text: str) -> None:
    if not node.args:
        raise ExpressionError(f"Piecewise needs (value, condition) pairs in {text!r}")
    for i, arg in enumerate(node.args):
        if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
            raise ExpressionError(
                f"Piecewise arguments must be (value, condition) pairs in {text!r}"
            )
        value, condition = arg.elts
        recurse(value)
        last = i == len(node.args) - 1
        if isinstance(condition, ast.Constant) and condition.value is True:
            if not last:
                raise ExpressionError(f"only the last Piecewise condition may be True in {text!r}")
        else:
            recurse(condition, True)
    final = node.args[-1].elts[1]
    if not (isinstance(final, ast.Constant) and final.value is True):
        raise ExpressionError(f"the last Piecewise condition must be True (a default) in {text!r}")


def to_sympy(expression: Expression, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """Translate a validated expression to sympy, without evaluating any Python code."""
    return _sympy(expression.tree.body, symbols)


def _sympy(node: ast.AST, symbols: Mapping[str, sympy.Symbol]):
    import sympy  # deferred: sympy is slow to import and not needed to integrate

    if isinstance(node, ast.BinOp):
        left, right = _sympy(node.left, symbols), _sympy(node.right, symbols)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.Pow:
            return left**right
        return sympy.Mod(left, right)
    if isinstance(node, ast.UnaryOp):
        operand = _sympy(node.operand, symbols)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Constant):
        if node.value is True:
            return sympy.true
        if isinstance(node.value, int):
            return sympy.Integer(node.value)
        return sympy.Float(node.value)
    if isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            return getattr(sympy, _CONSTANTS[node.id][0])
        return symbols[node.id]
    if isinstance(node, ast.Compare):
        parts = []
        left = _sympy(node.left, symbols)
        for op, comparator in zip(node.ops, node.comparators):
            right = _sympy(comparator, symbols)
            parts.append(_relational(op, left, right))
            left = right
        return sympy.And(*parts) if len(parts) > 1 else parts[0]
    if isinstance(node, ast.BoolOp):
        values = [_sympy(v, symbols) for v in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)
    assert isinstance(node, ast.Call)  # guaranteed by parse()
    name = node.func.id
    if name in symbols and len(node.args) == 1 and isinstance(node.args[0], ast.BinOp):
        return symbols[delay_key(name, _lag_text(node.args[0].right))]
    if name == "Piecewise":
        pairs = [(_sympy(a.elts[0], symbols), _sympy(a.elts[1], symbols)) for a in node.args]
        return sympy.Piecewise(*pairs)
    function = getattr(sympy, _FUNCTIONS[name][0])
    return function(*[_sympy(a, symbols) for a in node.args])


def _lag_text(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else repr(node.value)


def _relational(op: ast.cmpop, left, right):
    import sympy

    if isinstance(op, ast.Lt):
        return sympy.Lt(left, right)
    if isinstance(op, ast.LtE):
        return sympy.Le(left, right)
    if isinstance(op, ast.Gt):
        return sympy.Gt(left, right)
    return sympy.Ge(left, right)


def to_source(expression: Expression, names: Mapping[str, str]) -> str:
    """Translate a validated expression to numba-compatible Python source.

    ``names`` maps each symbol of the expression to the local name it has in the
    generated function. Operations are emitted fully parenthesised, in the
    order they were written. Small integer powers ``x**n`` become the products
    ``x * x * ... * x`` (left to right), so their rounding is fixed by IEEE
    arithmetic instead of depending on the platform's ``pow``.
    """
    return _source(expression.tree.body, names)


#: integer powers up to this size are written out as products (see :func:`to_source`)
MAX_EXPANDED_POWER = 8


def integer_exponent(node: ast.AST) -> int | None:
    """The exponent of ``base ** n`` when ``n`` is an integer literal of at most
    :data:`MAX_EXPANDED_POWER` in size (else ``None``)."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = -1, node.operand
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
        and node.value <= MAX_EXPANDED_POWER
    ):
        return sign * node.value
    return None


def _source(node: ast.AST, names: Mapping[str, str]) -> str:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        n = integer_exponent(node.right)
        if n is not None:  # repeated multiplication, left to right: exact IEEE semantics
            base = _source(node.left, names)
            if n == 0:
                return "1.0"
            product = "(" + " * ".join([base] * abs(n)) + ")"
            return product if n > 0 else f"(1.0 / {product})"
    if isinstance(node, ast.BinOp):
        left, right = _source(node.left, names), _source(node.right, names)
        return f"({left} {_BINARY[type(node.op)]} {right})"
    if isinstance(node, ast.UnaryOp):
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        return f"({sign}{_source(node.operand, names)})"
    if isinstance(node, ast.Constant):
        return "True" if node.value is True else repr(node.value)
    if isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            return _CONSTANTS[node.id][1]
        return names[node.id]
    if isinstance(node, ast.Compare):
        terms = [_source(node.left, names)]
        for op, comparator in zip(node.ops, node.comparators):
            terms += [_COMPARE[type(op)], _source(comparator, names)]
        return "(" + " ".join(terms) + ")"
    if isinstance(node, ast.BoolOp):
        joiner = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + joiner.join(_source(v, names) for v in node.values) + ")"
    name = node.func.id
    if name in names and len(node.args) == 1 and isinstance(node.args[0], ast.BinOp):
        return names[delay_key(name, _lag_text(node.args[0].right))]
    if name == "Piecewise":
        *branches, default = node.args
        code = _source(default.elts[0], names)
        for branch in reversed(branches):
            value, condition = (_source(e, names) for e in branch.elts)
            code = f"({value} if {condition} else {code})"
        return code
    args = [_source(a, names) for a in node.args]
    return _FUNCTIONS[name][1].format(*args, args=", ".join(args))


def switching_surfaces(expression: Expression) -> list[ast.AST]:
    """Expressions whose sign changes where the right-hand side has a kink or a jump.

    ``Abs(u)``, ``sign(u)`` and ``Heaviside(u)`` switch where ``u = 0``;
    ``Min(a, b)`` and ``Max(a, b)`` where ``a = b`` (every pair, for more arguments);
    a ``Piecewise`` condition ``a < b`` where ``a = b``. Integrators land their steps
    on these surfaces instead of stepping across them, which keeps their order.
    """
    found: list[ast.AST] = []

    def difference(a: ast.AST, b: ast.AST) -> ast.AST:
        return ast.BinOp(left=a, op=ast.Sub(), right=b)

    for node in ast.walk(expression.tree.body):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        name = node.func.id
        if name in ("Abs", "sign", "Heaviside"):
            found.append(node.args[0])
        elif name in ("Min", "Max"):
            args = node.args
            found += [
                difference(args[i], args[j])
                for i in range(len(args))
                for j in range(i + 1, len(args))
            ]
        elif name == "Piecewise":
            for pair in node.args[:-1]:
                for compare in ast.walk(pair.elts[1]):
                    if isinstance(compare, ast.Compare):
                        terms = [compare.left, *compare.comparators]
                        found += [difference(a, b) for a, b in pairwise(terms)]
    return found


def surface_source(node: ast.AST, names: Mapping[str, str]) -> str:
    """Numba source of one switching-surface expression (see :func:`to_source`)."""
    return _source(node, names)
