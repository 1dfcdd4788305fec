"""Polynomial vector fields as term tables, for systems too large to unroll.

The default code generator writes every right-hand side, Jacobian entry and
tangent product out as straight-line code. That is the fastest code for small
systems, but the compiler's time grows with the square of the number of terms,
and a Galerkin truncation of a PDE (the Kuramoto–Sivashinsky equation at 64
modes has over 12,000 quadratic terms) would take hours to compile.

Most large systems are polynomial in their state, so this module reads them as
a table instead: every term is ``constant * factor * x_j1 * x_j2 * ...`` where the
factor is a product of parameter-only subexpressions (``F``, ``2*pi/L``). The
table is a handful of integer and float arrays; the generated kernels
(:func:`chaosbench.systems.codegen.generate_table_source`) loop over it to
evaluate the right-hand side, the Jacobian and the tangent products. The table
is read straight from the equations' syntax trees, without sympy.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from chaosbench.systems.declaration import Declaration
from chaosbench.systems.expressions import TIME, integer_exponent, to_source

#: the most terms one equation may expand to before the table is given up
MAX_TERMS_PER_EQUATION = 100_000

# a term: (constant, factor sources, variable indices sorted)
_Term = tuple[float, tuple[str, ...], tuple[int, ...]]


class NotPolynomial(Exception):
    """The expression is not a polynomial in the state (or is too large to expand)."""


@dataclass(frozen=True)
class PolynomialTable:
    """The terms of a polynomial vector field (or map) of ``d`` variables.

    Terms are grouped by equation and factor. Group ``g`` adds
    ``factor_value[group_factor[g]] * sum(constant[m] * prod(x[variable[m, :]]))``
    over its terms ``m`` in ``group_start[g]:group_start[g + 1]`` to equation
    ``group_equation[g]``. Factor value 0 is 1 and value ``k > 0`` is
    ``factor_sources[k - 1]`` (numba source written with the local names
    ``p_0, p_1, ...``). Rows of ``variable`` are padded with ``d``, the index of
    an extra state entry that holds 1, so every term has the same number of slots.
    """

    group_equation: np.ndarray  # (G,) int64
    group_factor: np.ndarray  # (G,) int64
    group_start: np.ndarray  # (G + 1,) int64
    constant: np.ndarray  # (T,) float64
    variable: np.ndarray  # (T, D) int64, padded with d
    factor_sources: tuple[str, ...]
    dimension: int

    @property
    def n_terms(self) -> int:
        """Number of terms in all equations together."""
        return int(self.constant.size)

    @property
    def degree(self) -> int:
        """Highest total degree of a term."""
        return int((self.variable < self.dimension).sum(axis=1).max(initial=0))


def polynomial_table(declaration: Declaration) -> PolynomialTable | None:
    """Read an autonomous flow or map as a :class:`PolynomialTable`.

    Returns ``None`` for delay equations, forced systems and any equation that is
    not a polynomial in the state variables (with coefficients that may be any
    expression of the parameters).
    """
    if declaration.kind == "delay" or declaration.forced:
        return None
    reader = _Reader(declaration)
    try:
        equations = [reader.terms(parsed.tree.body) for parsed in declaration.parsed]
    except NotPolynomial:
        return None
    return _pack(equations, len(declaration.variables))


class _Reader:
    def __init__(self, declaration: Declaration) -> None:
        self.index = {name: i for i, name in enumerate(declaration.variables)}
        self.local = {p: f"p_{j}" for j, p in enumerate(declaration.parameters)}

    def terms(self, node: ast.AST) -> list[_Term]:
        if not self._has_state(node):
            return self._state_free(node)
        if isinstance(node, ast.Name):
            return [(1.0, (), (self.index[node.id],))]
        if isinstance(node, ast.UnaryOp):
            terms = self.terms(node.operand)
            return _negate(terms) if isinstance(node.op, ast.USub) else terms
        if isinstance(node, ast.BinOp):
            op = type(node.op)
            if op in (ast.Add, ast.Sub):
                right = self.terms(node.right)
                return self.terms(node.left) + (_negate(right) if op is ast.Sub else right)
            if op is ast.Mult:
                return _product(self.terms(node.left), self.terms(node.right))
            if op is ast.Div and not self._has_state(node.right):
                divisor = f"(1.0 / {self._source(node.right)})"
                return _product(self.terms(node.left), [(1.0, (divisor,), ())])
            if op is ast.Pow:
                n = integer_exponent(node.right)
                if n is not None and n >= 0:
                    base = self.terms(node.left)
                    result: list[_Term] = [(1.0, (), ())]
                    for _ in range(n):
                        result = _product(result, base)
                    return result
        raise NotPolynomial

    def _state_free(self, node: ast.AST) -> list[_Term]:
        value = _literal(node)
        if value is not None:
            return [(value, (), ())] if value != 0.0 else []
        if isinstance(node, ast.Name) and node.id == TIME:
            raise NotPolynomial
        return [(1.0, (self._source(node),), ())]

    def _source(self, node: ast.AST) -> str:
        from chaosbench.systems.expressions import Expression

        return to_source(Expression("", ast.Expression(body=node), frozenset()), self.local)

    def _has_state(self, node: ast.AST) -> bool:
        return any(
            isinstance(child, ast.Name) and (child.id in self.index or child.id == TIME)
            for child in ast.walk(node)
        )


def _literal(node: ast.AST) -> float | None:
    """The value of a plain number or a negated one; ``None`` for anything else."""
    sign = 1.0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return sign * float(node.value)
    return None


def _negate(terms: list[_Term]) -> list[_Term]:
    return [(-c, f, v) for c, f, v in terms]


def _product(left: list[_Term], right: list[_Term]) -> list[_Term]:
    if len(left) * len(right) > MAX_TERMS_PER_EQUATION:
        raise NotPolynomial
    return [
        (cl * cr, tuple(sorted(fl + fr)), tuple(sorted(vl + vr)))
        for cl, fl, vl in left
        for cr, fr, vr in right
    ]


def _pack(equations: list[list[_Term]], d: int) -> PolynomialTable:
    """Merge like terms of each equation, group them by factor, and lay them out."""
    factor_index: dict[str, int] = {}
    groups: dict[tuple[int, int], list[tuple[float, tuple[int, ...]]]] = {}
    for i, terms in enumerate(equations):
        merged: dict[tuple[tuple[str, ...], tuple[int, ...]], float] = {}
        for constant, names, variables in terms:
            key = (names, variables)
            merged[key] = merged.get(key, 0.0) + constant
        for (names, variables), constant in merged.items():
            if constant == 0.0:
                continue
            slot = 0
            if names:  # one composite factor per distinct product of factors
                slot = factor_index.setdefault(" * ".join(names), len(factor_index) + 1)
            groups.setdefault((i, slot), []).append((constant, variables))
    rows = [row for group in groups.values() for row in group]
    width = max((len(v) for _, v in rows), default=0) or 1
    variable = np.full((len(rows), width), d, dtype=np.int64)
    for m, (_, v) in enumerate(rows):
        variable[m, : len(v)] = v
    sizes = [len(group) for group in groups.values()]
    return PolynomialTable(
        group_equation=np.array([i for i, _ in groups], dtype=np.int64),
        group_factor=np.array([f for _, f in groups], dtype=np.int64),
        group_start=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        constant=np.array([c for c, _ in rows], dtype=np.float64),
        variable=variable,
        factor_sources=tuple(factor_index),
        dimension=d,
    )
