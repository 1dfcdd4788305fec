"""Safe reading of submitted equations: text in, sympy out, never ``eval``.

A symbolic-regression method submits one right-hand side per state variable of a
flow, as text. The text is read in three steps:

1. **Normalisation** (here). A left-hand side such as ``(x0)' =``, ``dx/dt =``,
   ``x_dot =`` or ``x =`` is split off and checked against the variable it belongs
   to. The rest is cut into tokens by a small regular-expression lexer that knows
   only numbers, names, ``+ - * / ** ^ ( ) ,`` and white space; any other character
   (quotes, dots after names, brackets, colons, ``=``) is an error. ``^`` becomes
   ``**`` and a missing ``*`` is inserted where two operands touch, as in
   ``2.5 x0 x1``, ``2.5x0``, ``x0 x1^2``, ``0.5 1`` or ``3(x0 + 1)``, so the raw
   output of pysindy (``model.equations()`` and ``model.print()``), PySR (its Julia
   strings and its sympy export) and ODEFormer (``x_0``, ``pow2``, ``|`` between
   components) reads unedited. Every number becomes a float; a number that
   overflows is an error.
2. **Rewriting** of the syntax tree (here): the aliases those tools print
   (``square``, ``cube``, ``pow2``, ``pow3``, ``neg``, ``inv``, ``id``, ``pow``,
   ``abs``, ``ln``, ``arcsin``, ...) become the equation language's forms;
   ``pi``, ``E`` become floats; ``E**u`` becomes ``exp(u)``; long sums and
   products are rebalanced so that depth stays logarithmic. The exponent of every
   other power must be a number of at most :data:`MAX_EXPONENT` in size.
3. **Validation and translation** by the declaration parser,
   :func:`chaosbench.systems.expressions.parse` (whitelisted operators, functions
   and names) and :func:`~chaosbench.systems.expressions.to_sympy`, applied to each
   top-level term (a term of more than :data:`PIECE_NODES` syntax nodes operand by
   operand), whose sympy results are summed. ``Min`` and ``Max`` become the fast
   stand-ins of :func:`chaosbench.symbolic.recovery.lattice_function`.

Because every number is a float and every exponent is bounded, sympy evaluates
numeric sub-expressions in floating point as it builds the expression (a huge value
overflows to an error instead of growing an exact integer), and the expanded size
is bounded before expansion (:func:`chaosbench.symbolic.recovery.expansion_bound`).
Sizes are limited: :data:`MAX_LENGTH` characters per expression,
:data:`MAX_PARENTHESES` levels of parentheses, :data:`MAX_DEPTH` levels of syntax
tree and :data:`~chaosbench.symbolic.recovery.MAX_TERMS` expanded terms.

A submission names variables either by the system's own names or positionally
(``x0, x1, ...`` or ``x_0, x_1, ...``, in the order of
:attr:`~chaosbench.systems.system.System.variables`). Parameter names of the system
are accepted too and take the parameter values being scored. A failure to read one
expression is not an exception: it is recorded, with its reason, for that variable.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chaosbench.errors import ChaosbenchError, InvalidParameterError
from chaosbench.systems.expressions import TIME, ExpressionError, parse, to_sympy

if TYPE_CHECKING:
    import sympy

    from chaosbench.systems.system import System

#: characters of one expression, at most
MAX_LENGTH = 200_000
#: levels of nested parentheses, at most
MAX_PARENTHESES = 50
#: depth of the syntax tree of one top-level term (after rebalancing), at most
MAX_DEPTH = 100
#: operators in a row (as in ``x + -y``), at most
MAX_OPERATORS_IN_A_ROW = 3
#: size of a numeric exponent, at most
MAX_EXPONENT = 100
#: longest reason kept for a failure, in characters
MAX_REASON = 300
#: how variables may be named: decided from the names used, or forced
NAMINGS = ("auto", "system", "positional")

_FUNCTION = "parse_submission"
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^(),])"
)
_POSITIONAL = re.compile(r"x_?(\d+)")
_UNICODE = {"\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*"}
#: names printed by common tools -> the equation language's name
_NAME_ALIASES = {
    "abs": "Abs",
    "ln": "log",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "arctan2": "atan2",
    "sgn": "sign",
    "heaviside": "Heaviside",
    "min": "Min",
    "max": "Max",
    "mod": "Mod",
    "safe_log": "log",
    "safe_sqrt": "sqrt",
    "e": "E",
}
#: one-argument functions printed by PySR and ODEFormer that are powers
_POWER_ALIASES = {"square": 2, "pow2": 2, "cube": 3, "pow3": 3}
#: left-hand sides: ``(x)'``, ``x'``, ``dx/dt``, ``d(x)/dt``, ``x_dot``, ``xdot``,
#: ``\dot{x}`` and ``x``
_LEFT_SIDES = (
    re.compile(r"\(?([A-Za-z_][A-Za-z0-9_]*)\)?'"),
    re.compile(r"d\(?([A-Za-z_][A-Za-z0-9_]*?)\)?/dt"),
    re.compile(r"\(?([A-Za-z_][A-Za-z0-9_]*?)\)?_?dot"),
    re.compile(r"\\dot\{([A-Za-z_][A-Za-z0-9_]*)\}"),
    re.compile(r"([A-Za-z_][A-Za-z0-9_]*)"),
)


@dataclass(frozen=True)
class ParsedExpression:
    """One variable's submitted expression, read or rejected.

    Attributes
    ----------
    variable
        The state variable (the system's name for it).
    text
        The submitted text (``None`` when nothing was submitted for it).
    expression
        The right-hand side in the system's variable symbols and ``t``, with
        numbers only; ``None`` when the text was rejected. ``Min`` and ``Max`` are
        symbolic stand-ins (:func:`chaosbench.symbolic.recovery.lattice_function`;
        :func:`~chaosbench.symbolic.recovery.real_lattice` gives sympy's own).
    reason
        Why the text was rejected (empty when it was read).
    """

    variable: str
    text: str | None
    expression: sympy.Expr | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when the expression was read."""
        return self.expression is not None


@dataclass(frozen=True)
class ParsedSubmission:
    """A whole submission for one system, one entry per state variable, in order.

    Attributes
    ----------
    system
        The system's name.
    naming
        ``"system"`` or ``"positional"``: how the submission named variables.
    entries
        One :class:`ParsedExpression` per variable of the system.
    problems
        Entries that fit no variable (an unknown key, a left-hand side naming no
        variable), with their reasons.
    """

    system: str
    naming: str
    entries: tuple[ParsedExpression, ...]
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every expression was read and no entry was left over."""
        return all(entry.ok for entry in self.entries) and not self.problems

    @property
    def reasons(self) -> dict[str, str]:
        """The reason of each rejected expression, by variable."""
        return {e.variable: e.reason for e in self.entries if not e.ok}

    @property
    def candidate(self) -> tuple[sympy.Expr, ...]:
        """The right-hand sides, in variable order.

        Raises
        ------
        ChaosbenchError
            If any expression was rejected.
        """
        if not self.ok:
            shown = "; ".join([f"{v}: {r}" for v, r in self.reasons.items()] + list(self.problems))
            raise ChaosbenchError(f"the submission for {self.system} was not read: {shown}")
        return tuple(e.expression for e in self.entries)


# --- step 1: text -> tokens -> Python syntax ----------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name" or "op"
    text: str


def _tokens(text: str) -> list[_Token]:
    for bad, good in _UNICODE.items():
        text = text.replace(bad, good)
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            hint = {
                ".": " (attribute access is not allowed)",
                "'": " (strings are not allowed)",
                '"': " (strings are not allowed)",
                ":": " (lambda and slices are not allowed)",
                "=": " (only one left-hand side 'x = ...' is allowed)",
                "[": " (indexing is not allowed)",
            }.get(char, "")
            raise ExpressionError(f"unexpected character {char!r} at position {position}{hint}")
        position = match.end()
        kind = match.lastgroup
        if kind == "space":
            continue
        value = match.group()
        if kind in ("name", "number") and text.startswith(".", position):
            what = "attribute access is not allowed" if kind == "name" else "malformed number"
            raise ExpressionError(f"unexpected character '.' at position {position} ({what})")
        if kind == "number":
            number = float(value)
            if not math.isfinite(number):
                raise ExpressionError(f"the number {_short(value)} is too large")
            value = repr(number)
        tokens.append(_Token(kind, value))
    return tokens


def _python_text(tokens: list[_Token], own_names: frozenset[str]) -> str:
    """Join tokens into Python syntax: ``^`` to ``**``, implicit products made explicit,
    aliases renamed; check the nesting and the runs of operators."""
    out: list[str] = []
    depth = run = 0
    previous = None  # "operand", "call", "open" or "op": what the last token was
    for i, token in enumerate(tokens):
        value = token.text
        if token.kind == "name" and value not in own_names:
            value = _NAME_ALIASES.get(value, value)
        if value == "^":
            value = "**"
        calls = i + 1 < len(tokens) and tokens[i + 1].text == "("
        if token.kind == "number" or (token.kind == "name" and not calls):
            kind = "operand"
        elif token.kind == "name":
            kind = "operand" if value in own_names else "call"
        elif value == "(":
            kind = "open"
            depth += 1
            if depth > MAX_PARENTHESES:
                raise ExpressionError(
                    f"parentheses are nested more than {MAX_PARENTHESES} levels deep"
                )
        elif value == ")":
            kind = "operand"
            depth -= 1
            if depth < 0:
                raise ExpressionError("unbalanced parentheses: a ')' has no '('")
        else:
            kind = "op"
        run = run + 1 if kind == "op" else 0
        if run > MAX_OPERATORS_IN_A_ROW:
            raise ExpressionError(f"more than {MAX_OPERATORS_IN_A_ROW} operators in a row")
        starts_operand = kind in ("operand", "call", "open") and value != ")"
        if previous == "operand" and starts_operand:
            out.append("*")
        out.append(value)
        previous = kind
    if depth:
        raise ExpressionError("unbalanced parentheses: a '(' is not closed")
    return " ".join(out)


def _split_terms(tokens: list[_Token]) -> list[tuple[int, list[_Token]]]:
    """Cut a token list at its top-level binary ``+`` and ``-``: ``[(sign, tokens)]``."""
    terms: list[tuple[int, list[_Token]]] = []
    current: list[_Token] = []
    sign = 1
    depth = 0
    for token in tokens:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        binary = bool(current) and (
            current[-1].kind in ("number", "name") or current[-1].text == ")"
        )
        if depth == 0 and token.text in "+-" and token.kind == "op" and binary:
            terms.append((sign, current))
            sign, current = (1 if token.text == "+" else -1), []
            continue
        current.append(token)
    terms.append((sign, current))
    return terms


# --- step 2: rewriting the syntax tree ------------------------------------------------


def _constant_value(node: ast.AST) -> float | None:
    """The value of a sub-tree made only of numbers and + - * / **, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _constant_value(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp):
        left, right = _constant_value(node.left), _constant_value(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.Pow):
                return float(left**right)
        except (ZeroDivisionError, OverflowError, TypeError):
            return math.nan
    return None


def _balanced(items: list[ast.expr], op: ast.operator) -> ast.expr:
    if len(items) == 1:
        return items[0]
    half = len(items) // 2
    return ast.BinOp(_balanced(items[:half], op), op, _balanced(items[half:], op))


class _Rewriter(ast.NodeTransformer):
    """Aliases, constants, bounded exponents and balanced sums and products."""

    def __init__(self, own_names: frozenset[str]) -> None:
        self.own_names = own_names

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return self._chain(node, (ast.Add, ast.Sub))
        if isinstance(node.op, ast.Mult):
            return self._chain(node, (ast.Mult,))
        if isinstance(node.op, ast.Pow):
            return self._power(node)
        return self.generic_visit(node)

    def _chain(self, node: ast.BinOp, ops: tuple[type, ...]) -> ast.expr:
        # walk the left spine iteratively: a long sum must not recurse once per term
        operands: list[ast.expr] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ops):
            right = self.visit(node.right)
            if isinstance(node.op, ast.Sub):
                right = ast.UnaryOp(ast.USub(), right)
            operands.append(right)
            node = node.left
        operands.append(self.visit(node))
        operands.reverse()
        return _balanced(operands, ast.Add() if ops[0] is ast.Add else ast.Mult())

    def _power(self, node: ast.BinOp) -> ast.expr:
        base = self.visit(node.left)
        if isinstance(base, ast.Constant) and base.value == math.e:
            return ast.Call(ast.Name("exp", ast.Load()), [self.visit(node.right)], [])
        value = _constant_value(node.right)
        if value is None:
            raise ExpressionError("the exponent of a power must be a number (write exp(u) for e^u)")
        if not math.isfinite(value) or abs(value) > MAX_EXPONENT:
            raise ExpressionError(
                f"an exponent must be a finite number of at most {MAX_EXPONENT} in size"
            )
        exponent = int(value) if value.is_integer() else value
        return ast.BinOp(base, ast.Pow(), ast.Constant(exponent))

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id == "pi" and "pi" not in self.own_names:
            return ast.Constant(math.pi)
        if node.id == "E" and "E" not in self.own_names:
            return ast.Constant(math.e)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name in ("Min", "Max") and len(node.args) > _MOST_ARGUMENTS and not node.keywords:
            return self.visit(_grouped(name, node.args))
        aliases = {"neg", "inv", "id", "pow", *_POWER_ALIASES}
        if name not in aliases or name in self.own_names or node.keywords:
            return self.generic_visit(node)
        count = 2 if name == "pow" else 1
        if len(node.args) != count:
            raise ExpressionError(f"{name} takes {count} argument(s)")
        if name == "pow":
            return self._power(ast.BinOp(node.args[0], ast.Pow(), node.args[1]))
        argument = self.visit(node.args[0])
        if name in _POWER_ALIASES:
            return ast.BinOp(argument, ast.Pow(), ast.Constant(_POWER_ALIASES[name]))
        if name == "neg":
            return ast.UnaryOp(ast.USub(), argument)
        if name == "inv":
            return ast.BinOp(ast.Constant(1.0), ast.Div(), argument)
        return argument  # id


#: most arguments of Min and Max in the equation language (more are nested, as sympy
#: prints ``Min(Min(a, b, c, d), e)`` as ``Min(a, b, c, d, e)``)
_MOST_ARGUMENTS = 4


def _grouped(name: str, args: list[ast.expr]) -> ast.Call:
    while len(args) > _MOST_ARGUMENTS:
        size = _MOST_ARGUMENTS
        args = [
            chunk[0] if len(chunk) == 1 else ast.Call(ast.Name(name, ast.Load()), chunk, [])
            for chunk in (args[i : i + size] for i in range(0, len(args), size))
        ]
    return ast.Call(ast.Name(name, ast.Load()), args, [])


def _is_lattice(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("Min", "Max")
    )


def _sizes(root: ast.AST) -> tuple[dict[int, int], int]:
    """The number of nodes of every sub-tree (by ``id``; negative for a sub-tree that
    holds a ``Min`` or ``Max`` call) and the depth of the tree, without recursion."""
    sizes: dict[int, int] = {}
    depth = 0
    stack: list[tuple[ast.AST, int, list[ast.AST] | None]] = [(root, 1, None)]
    while stack:
        node, level, children = stack.pop()
        if children is not None:
            size = 1 + sum(abs(sizes[id(c)]) for c in children)
            lattice = _is_lattice(node) or any(sizes[id(c)] < 0 for c in children)
            sizes[id(node)] = -size if lattice else size
            continue
        depth = max(depth, level)
        children = list(ast.iter_child_nodes(node))
        stack.append((node, level, children))
        stack.extend((child, level + 1, None) for child in children)
    return sizes, depth


# --- step 3: one expression -------------------------------------------------------------


#: most syntax-tree nodes handed to the declaration parser at once (a larger
#: sub-expression is read operand by operand, see :func:`_piece`); with at most
#: about 25 characters per node, the text stays within the declaration parser's limit
PIECE_NODES = 600
_HOLE = "_hole"


@dataclass(frozen=True)
class _Piece:
    """A validated expression whose names ``_hole0, _hole1, ...`` stand for sub-pieces;
    ``lattice`` names a ``Min`` or ``Max`` call translated to its stand-in."""

    expression: Any  # chaosbench.systems.expressions.Expression
    holes: Mapping[str, _Piece]
    lattice: str | None = None

    @property
    def names(self) -> frozenset[str]:
        own = {n for n in self.expression.names if not n.startswith(_HOLE)}
        return frozenset(own).union(*(h.names for h in self.holes.values()))


def _piece(node: ast.expr, allowed: frozenset[str], sizes: Mapping[int, int]) -> _Piece:
    """Validate a rewritten syntax tree with the declaration parser. A tree of more than
    :data:`PIECE_NODES` nodes, or one that holds a ``Min`` or ``Max`` call (``sizes``,
    from :func:`_sizes`), is read as its own node with each operand replaced by a
    placeholder name, and each operand read the same way."""
    lattice = node.func.id if _is_lattice(node) else None  # type: ignore[attr-defined]
    if 0 < sizes[id(node)] <= PIECE_NODES:
        return _Piece(parse(ast.unparse(node), allowed), {})
    holes: dict[str, _Piece] = {}

    def hole(child: ast.expr) -> ast.Name:
        name = f"{_HOLE}{len(holes)}"
        holes[name] = _piece(child, allowed, sizes)
        return ast.Name(name, ast.Load())

    if isinstance(node, ast.BinOp):
        shell: ast.expr = ast.BinOp(hole(node.left), node.op, hole(node.right))
    elif isinstance(node, ast.UnaryOp):
        shell = ast.UnaryOp(node.op, hole(node.operand))
    elif isinstance(node, ast.Call):
        shell = ast.Call(node.func, [hole(a) for a in node.args], node.keywords)
    else:
        raise ExpressionError(f"cannot read {_short(ast.unparse(node))}")
    return _Piece(parse(ast.unparse(shell), allowed | set(holes)), holes, lattice)


def _translate(piece: _Piece, symbols: Mapping[str, Any]) -> sympy.Expr:
    if piece.lattice is not None:
        # sympy's Min and Max compare their arguments pairwise whenever they are built
        # (a tenth of a second for five rational arguments): use the stand-ins
        from chaosbench.symbolic.recovery import lattice_function

        arguments = [_translate(h, symbols) for h in piece.holes.values()]
        return lattice_function(piece.lattice)(*arguments)
    if piece.holes:
        symbols = {**symbols, **{n: _translate(h, symbols) for n, h in piece.holes.items()}}
    return to_sympy(piece.expression, symbols)


@dataclass(frozen=True)
class _Read:
    """An expression validated by the declaration parser, not yet given symbols."""

    terms: tuple[tuple[int, _Piece], ...]  # (sign, term)
    names: frozenset[str]


def _read(text: str, allowed: frozenset[str]) -> _Read:
    """Read one right-hand side (no left-hand side) into validated terms."""
    tokens = _tokens(text)
    if not tokens:
        raise ExpressionError("the expression is empty")
    terms = []
    for sign, part in _split_terms(tokens):
        if not part:
            raise ExpressionError("an operator is missing its operand")
        python = _python_text(part, allowed)
        try:
            tree = ast.parse(python, mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(f"invalid syntax in {_short(python)}: {exc.msg}") from None
        except (RecursionError, MemoryError):
            raise ExpressionError("the expression is nested too deeply") from None
        try:
            body = _Rewriter(allowed).visit(tree.body)
        except RecursionError:
            raise ExpressionError("the expression is nested too deeply") from None
        sizes, depth = _sizes(body)
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the expression is nested more than {MAX_DEPTH} levels deep")
        terms.append((sign, _piece(body, allowed, sizes)))
    names = frozenset().union(*(piece.names for _, piece in terms))
    return _Read(tuple(terms), names)


def _sympy(read: _Read, symbols: Mapping[str, Any]) -> sympy.Expr:
    import sympy

    try:
        value = sympy.Add(*[sign * _translate(piece, symbols) for sign, piece in read.terms])
    except (OverflowError, ValueError, TypeError, ZeroDivisionError) as exc:
        raise ExpressionError(f"the expression cannot be evaluated: {exc}") from None
    if not isinstance(value, sympy.Expr) or value.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise ExpressionError("the expression is not finite (a division by zero?)")
    if value.has(sympy.I):
        raise ExpressionError("the expression has complex values")
    return value


def _short(text: str, n: int = 80) -> str:
    text = str(text)
    return repr(text) if len(text) <= n else repr(text[:n]) + f"... ({len(text)} characters)"


def _as_text(value: object) -> str:
    import sympy

    if isinstance(value, str):
        text = value
    elif isinstance(value, (int, float, sympy.Basic)) and not isinstance(value, bool):
        text = str(value)
    else:
        raise ExpressionError(f"an expression must be a string, got {type(value).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression has {len(text)} characters, more than the limit of {MAX_LENGTH}"
        )
    return text


def split_left_side(text: str) -> tuple[str | None, str]:
    """Split ``"lhs = rhs"`` into the name on the left and the right-hand side.

    Recognised left-hand sides: ``(x)'``, ``x'``, ``dx/dt``, ``d(x)/dt``, ``x_dot``,
    ``xdot``, ``\\dot{x}`` and a bare ``x``. Without ``=``, the name is None.

    Examples
    --------
    >>> split_left_side("(x0)' = -10.0 x0 + 10.0 x1")
    ('x0', ' -10.0 x0 + 10.0 x1')
    >>> split_left_side("dz/dt = x y - 2.667 z")
    ('z', ' x y - 2.667 z')
    >>> split_left_side("x0 x1")
    (None, 'x0 x1')
    """
    left, sep, right = text.partition("=")
    if not sep:
        return None, text
    return _left_name(left), right


def _left_name(left: str) -> str:
    compact = "".join(left.split())
    for pattern in _LEFT_SIDES:
        match = pattern.fullmatch(compact)
        if match:
            return match.group(1)
    raise ExpressionError(f"cannot read the left-hand side {_short(left.strip())}")


# --- a whole submission ---------------------------------------------------------------


@dataclass
class _Item:
    key: str | None  # the mapping key or the left-hand side
    text: object
    read: _Read | None = None
    reason: str = ""


def _items(expressions: object) -> tuple[list[_Item], bool]:
    """The submitted entries, and whether they are keyed by variable (a mapping)."""
    import sympy

    if isinstance(expressions, str):
        lines = re.split(r"[\n;|]", expressions)
        return [_Item(None, line) for line in lines if line.strip()], False
    if isinstance(expressions, Mapping):
        return [_Item(str(k), v) for k, v in expressions.items()], True
    if isinstance(expressions, Sequence) and not isinstance(expressions, (bytes, bytearray)):
        return [_Item(None, v) for v in expressions], False
    if isinstance(expressions, sympy.Basic):
        return [_Item(None, expressions)], False
    raise InvalidParameterError(
        "expressions",
        _FUNCTION,
        "a list of strings (one per variable), a mapping {variable: string} or a string "
        "with one equation per line",
        type(expressions).__name__,
    )


class _Names:
    """The names a submission may use for one system, and what they stand for."""

    def __init__(self, system: System, parameters) -> None:
        self.system = system
        self.variables = tuple(system.variables)
        self.values = dict(zip(system.parameter_names, system.parameter_vector(parameters)))
        d = len(self.variables)
        self.positional = {f"x{i}": i for i in range(d)} | {f"x_{i}": i for i in range(d)}
        self.own = frozenset({*self.variables, *self.values, TIME})
        self.allowed = self.own | frozenset(self.positional)
        self.positional_only = frozenset(self.positional) - set(self.variables)
        self.system_only = frozenset(self.variables) - set(self.positional)

    def choose(self, used: set[str], naming: str) -> str:
        """The naming of a submission that uses the names ``used``."""
        if naming not in NAMINGS:
            raise InvalidParameterError("naming", _FUNCTION, f"one of {NAMINGS}", naming)
        if naming != "auto":
            return naming
        if used & self.positional_only and not used & self.system_only:
            return "positional"
        return "system"

    def index(self, name: str, naming: str) -> int:
        """The variable that ``name`` stands for (raises if none)."""
        if naming == "positional" and name in self.positional:
            return self.positional[name]
        if naming == "system" and name in self.variables:
            return self.variables.index(name)
        raise ExpressionError(f"{name!r} is not a variable of {self.system.name} {self.hint()}")

    def hint(self) -> str:
        d = len(self.variables)
        return f"(variables: {', '.join(self.variables)}; or x0..x{d - 1} in that order)"

    def symbols(self, naming: str) -> dict[str, Any]:
        """What each name stands for: a variable's symbol, ``t``, a parameter's value."""
        import sympy

        symbols: dict[str, Any] = {p: sympy.Float(v) for p, v in self.values.items()}
        symbols[TIME] = self.system.symbols[TIME]
        if naming == "positional":
            for name, i in self.positional.items():
                symbols[name] = self.system.symbols[self.variables[i]]
        else:
            for variable in self.variables:
                symbols[variable] = self.system.symbols[variable]
        return symbols

    def check(self, used: frozenset[str], naming: str) -> None:
        """Reject ``t`` in an autonomous flow and names of the other naming."""
        if TIME in used and self.system.autonomous:
            raise ExpressionError(
                f"t is not allowed: {self.system.name} is autonomous (its equations do not "
                "depend on time)"
            )
        wrong = sorted(used & (self.positional_only if naming == "system" else self.system_only))
        if wrong:
            how = "by the system's names" if naming == "system" else "positionally"
            raise ExpressionError(
                f"uses {', '.join(wrong)} but the submission names variables {how} {self.hint()}"
            )

    def expression(self, read: _Read, naming: str) -> sympy.Expr:
        """The checked sympy expression of a read right-hand side."""
        self.check(read.names, naming)
        expression = _sympy(read, self.symbols(naming))
        _check_size(expression)
        return expression


def parse_expression(
    text: str,
    system: str | System,
    *,
    parameters: Mapping[str, float] | Sequence[float] | None = None,
    naming: str = "auto",
) -> sympy.Expr:
    """Read one right-hand side of a flow (see the module docstring for the syntax).

    Parameters
    ----------
    text
        The expression, optionally with a left-hand side (``"dx/dt = ..."``).
    system
        The flow (registry name or system).
    parameters
        Values of the parameter names used in the text (default: the system's).
    naming
        ``"auto"``, ``"system"`` or ``"positional"`` (see :func:`parse_submission`).

    Returns
    -------
    sympy.Expr
        In the system's variable symbols and ``t``, with numbers only.

    Raises
    ------
    chaosbench.systems.expressions.ExpressionError
        If the text is rejected (the message says why).

    Examples
    --------
    >>> parse_expression("27.99 x0 - 0.999x1 - x0 x2", "Lorenz")
    -x*z + 27.99*x - 0.999*y
    >>> parse_expression("dz/dt = x y - beta z", "Lorenz")
    x*y - 2.66666666666667*z
    """
    names = _Names(_flow(system), parameters)
    left, right = split_left_side(_as_text(text))
    read = _read(right, names.allowed)
    chosen = names.choose(set(read.names) | ({left} if left else set()), naming)
    if left is not None:
        names.index(left, chosen)
    return names.expression(read, chosen)


def parse_submission(
    expressions: object,
    system: str | System,
    *,
    parameters: Mapping[str, float] | Sequence[float] | None = None,
    naming: str = "auto",
) -> ParsedSubmission:
    """Read a submission: one right-hand side per state variable of a flow.

    Parameters
    ----------
    expressions
        A list of strings in variable order; a mapping ``{variable: string}`` (keys
        are the system's names or positional names, optionally written as
        left-hand sides such as ``"dx/dt"``); or one string with one equation per
        line (``;`` and ``|`` also separate equations). Entries may carry a
        left-hand side (``"(x0)' = ..."``, ``"dx/dt = ..."``): in a list where every
        entry has one, the entries are placed by it, otherwise it must name the
        variable of its position. sympy expressions and numbers are read through
        their text.
    system
        The flow (registry name or system).
    parameters
        Values of the parameter names used in the text (default: the system's).
    naming
        ``"auto"``: positional when the submission uses a positional name that is
        not one of the system's variable names (``x0`` for ``LorenzCoupled``, whose
        variables are ``x1, y1, z1, ...``), the system's names otherwise;
        ``"system"`` or ``"positional"`` to decide.

    Returns
    -------
    ParsedSubmission
        One entry per variable; a rejected or missing expression is an entry with
        its reason, never an exception.

    Raises
    ------
    ChaosbenchError
        If the system is not a flow, or ``expressions`` has an unusable type.

    Examples
    --------
    >>> parsed = parse_submission(
    ...     ["-10 x0 + 10 x1", "28 x0 - x1 - x0 x2", "x0 x1 - 2.667 x2 +"], "Lorenz")
    >>> parsed.naming, parsed.entries[0].expression
    ('positional', -10.0*x + 10.0*y)
    >>> parsed.reasons
    {'z': 'an operator is missing its operand'}
    """
    names = _Names(_flow(system), parameters)
    items, keyed = _items(expressions)
    for item in items:
        try:
            if item.key is not None:
                item.key = _left_name(item.key)
            left, right = split_left_side(_as_text(item.text))
            if left is not None and item.key is not None and left != item.key:
                raise ExpressionError(
                    f"the left-hand side names {left!r} but the entry is keyed {item.key!r}"
                )
            item.key = item.key if item.key is not None else left
            item.read = _read(right, names.allowed)
        except ExpressionError as exc:
            item.reason = _reason(exc)
    used: set[str] = set()
    for item in items:
        used |= ({item.key} if item.key else set()) | (item.read.names if item.read else set())
    chosen = names.choose(used, naming)
    placed, problems = _place(items, keyed, names, chosen)
    entries = []
    for variable, item in zip(names.variables, placed):
        if isinstance(item, str):
            entries.append(ParsedExpression(variable, None, None, item))
            continue
        text = item.text if isinstance(item.text, str) else str(item.text)
        if item.read is None:
            entries.append(ParsedExpression(variable, text, None, item.reason))
            continue
        try:
            entries.append(ParsedExpression(variable, text, names.expression(item.read, chosen)))
        except ExpressionError as exc:
            entries.append(ParsedExpression(variable, text, None, _reason(exc)))
    return ParsedSubmission(names.system.name, chosen, tuple(entries), tuple(problems))


def _place(
    items: list[_Item], keyed: bool, names: _Names, naming: str
) -> tuple[list[_Item | str], list[str]]:
    """Each variable's item (or the reason it has none), and the entries that fit no
    variable."""
    d = len(names.variables)
    by_key = keyed or (bool(items) and all(item.key is not None for item in items))
    if not by_key:
        if len(items) != d:
            reason = (
                f"the submission has {len(items)} expressions for the {d} variables of "
                f"{names.system.name} ({', '.join(names.variables)})"
            )
            return [reason] * d, []
        for i, item in enumerate(items):
            if item.key is None or item.read is None:
                continue
            try:
                if names.index(item.key, naming) != i:
                    raise ExpressionError(
                        f"the left-hand side names {item.key!r} but this is the expression "
                        f"for {names.variables[i]!r}"
                    )
            except ExpressionError as exc:
                item.read, item.reason = None, _reason(exc)
        return list(items), []
    placed: list[_Item | str | None] = [None] * d
    problems = []
    for item in items:
        if item.key is None:
            problems.append(f"an entry has no variable: {item.reason or _short(item.text)}")
            continue
        try:
            i = names.index(item.key, naming)
        except ExpressionError as exc:
            problems.append(_reason(exc))
            continue
        duplicate = placed[i] is not None
        placed[i] = f"more than one expression for {names.variables[i]!r}" if duplicate else item
    missing = "no expression was submitted for this variable"
    return [missing if p is None else p for p in placed], problems


def _check_size(expression: sympy.Expr) -> None:
    from chaosbench.symbolic.recovery import MAX_TERMS, expansion_bound

    bound = expansion_bound(expression)
    if bound > MAX_TERMS:
        raise ExpressionError(
            f"the expression would expand to about {bound} terms, more than the limit of "
            f"{MAX_TERMS}"
        )


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 3] + "..."


def _flow(system: str | System) -> System:
    from chaosbench.systems.registry import get

    if isinstance(system, str):
        system = get(system)
    if system.kind != "flow":
        raise ChaosbenchError(
            f"the symbolic-recovery track covers flows only: {system.name!r} is a "
            f"{system.kind} system"
        )
    return system
