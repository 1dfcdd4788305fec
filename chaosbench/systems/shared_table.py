"""One set of compiled kernels for every polynomial system whose terms arrive as data.

A registry system pays one compilation for kernels generated from its equations
(:mod:`chaosbench.systems.codegen`). Generated systems come by the thousand, so
they cannot: a system built with ``System(declaration, shared_kernels=True)``
instead runs on the kernels of this module, compiled once per machine, which read
the system's terms from the parameter vector handed to them.

The term table (:class:`~chaosbench.systems.polynomial.PolynomialTable`) of a
polynomial declaration without parameters is packed by :func:`pack` into one
float vector, the problem's ``kernel_data`` (see
:meth:`chaosbench.integrate.problem.Problem.kernel_parameters`)::

    [d, n_terms, width, (equation, constant, slot_0, ..., slot_{width-1}) * n_terms]

Term ``m`` adds ``constant * x[slot_0] * ... * x[slot_{width-1}]`` to equation
``equation``; a slot equal to the dimension ``d`` stands for the factor 1, so
terms of every degree have the same width. Small integers are exact in float64,
so the indices travel unchanged.

The functions have the signatures of :mod:`chaosbench.integrate._types` and the
meaning of the generated kernels of the same names; :class:`~chaosbench.systems.
codegen.Kernels` compiles each on first use.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import replace

import numpy as np
from numba import njit

from chaosbench.systems.declaration import Declaration
from chaosbench.systems.expressions import _FUNCTIONS
from chaosbench.systems.polynomial import PolynomialTable, polynomial_table

#: the vector fields of table kernels have no switching functions
N_SWITCHES = 0

#: entries of the packed vector before the first term: dimension, terms, width
HEADER = 3


def table_of(declaration: Declaration) -> PolynomialTable | None:
    """The term table of ``declaration`` if the shared kernels can run it: an
    autonomous polynomial flow or map without parameters; ``None`` otherwise.

    Coefficients written as arithmetic of numbers (``(28.0 - 35.0)*x``,
    ``sqrt(2)*y``) are evaluated into the terms' constants.
    """
    if declaration.kind not in ("flow", "map") or declaration.parameters:
        return None
    table = polynomial_table(declaration)
    if table is None or not table.factor_sources:
        return table
    try:
        values = np.array([1.0] + [_arithmetic(source) for source in table.factor_sources])
    except (ValueError, ArithmeticError):
        return None
    scale = np.repeat(values[table.group_factor], np.diff(table.group_start))
    if not np.all(np.isfinite(scale)):
        return None
    return replace(
        table,
        constant=table.constant * scale,
        group_factor=np.zeros_like(table.group_factor),
        factor_sources=(),
    )


_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
}
#: the functions of the equation syntax that are ``math`` functions in generated source
_MATH = {name for name, (_, source, _) in _FUNCTIONS.items() if source.startswith("math.")}


def _arithmetic(source: str) -> float:
    """The value of a number-only coefficient, in the generated source's syntax
    (:func:`chaosbench.systems.expressions.to_source`), evaluated node by node:
    arithmetic, ``math`` functions and constants, ``abs``, ``min`` and ``max``;
    anything else raises ValueError."""

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return float(_OPERATORS[type(node.op)](value(node.left), value(node.right)))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = value(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Attribute) and _is_math(node.value) and node.attr in ("pi", "e"):
            return getattr(math, node.attr)
        if isinstance(node, ast.Call) and not node.keywords:
            args = [value(a) for a in node.args]
            target = node.func
            if (
                isinstance(target, ast.Attribute)
                and _is_math(target.value)
                and target.attr in _MATH
            ):
                return float(getattr(math, target.attr)(*args))
            if isinstance(target, ast.Name) and target.id in ("abs", "min", "max") and args:
                return float({"abs": abs, "min": min, "max": max}[target.id](*args))
        raise ValueError(f"not a number-only coefficient: {source!r}")

    return value(ast.parse(source, mode="eval").body)


def _is_math(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "math"


def accepts(declaration: Declaration) -> bool:
    """Whether the shared kernels can run ``declaration`` (see :func:`table_of`)."""
    return table_of(declaration) is not None


def pack(table: PolynomialTable) -> np.ndarray:
    """The packed float vector of ``table``, which must have no parameter factors.

    Raises
    ------
    ValueError
        If a term's coefficient depends on a parameter (a shared kernel takes only
        numbers).
    """
    if table.factor_sources:
        raise ValueError("a shared table kernel takes numeric coefficients only")
    n_terms, width = table.variable.shape
    rows = np.empty((n_terms, width + 2))
    rows[:, 0] = np.repeat(table.group_equation, np.diff(table.group_start))
    rows[:, 1] = table.constant
    rows[:, 2:] = table.variable
    return np.concatenate([[float(table.dimension), float(n_terms), float(width)], rows.ravel()])


@njit(cache=True, nogil=True, inline="always")
def _term(x, p, row, width, d):
    """The value of the term starting at ``p[row]``."""
    value = p[row + 1]
    for a in range(width):
        j = int(p[row + 2 + a])
        if j < d:
            value *= x[j]
    return value


@njit(cache=True, nogil=True, inline="always")
def _partial(x, p, row, width, d, a):
    """The derivative of the term starting at ``p[row]`` by the variable of slot ``a``."""
    value = p[row + 1]
    for b in range(width):
        if b != a:
            j = int(p[row + 2 + b])
            if j < d:
                value *= x[j]
    return value


@njit(cache=True, nogil=True, inline="always")
def _factor(x, j, d):
    """The factor of slot index ``j``: ``x[j]``, or 1 for the padding index ``d``."""
    return x[j] if j < d else 1.0


@njit(cache=True, nogil=True, inline="always")
def _add_row(out, target, value, y, source, k):
    """``out[target + c] += value * y[source + c]`` for the ``k`` tangent columns."""
    for col in range(k):
        out[target + col] += value * y[source + col]


@njit(cache=True, nogil=True)
def rhs(t, x, p, out):
    d, n_terms, width = int(p[0]), int(p[1]), int(p[2])
    for i in range(d):
        out[i] = 0.0
    row = HEADER
    for _ in range(n_terms):
        out[int(p[row])] += _term(x, p, row, width, d)
        row += width + 2


@njit(cache=True, nogil=True)
def jac(t, x, p, out):
    d, n_terms, width = int(p[0]), int(p[1]), int(p[2])
    out[:, :] = 0.0
    row = HEADER
    for _ in range(n_terms):
        i = int(p[row])
        for a in range(width):
            j = int(p[row + 2 + a])
            if j < d:
                out[i, j] += _partial(x, p, row, width, d, a)
        row += width + 2


@njit(cache=True, nogil=True)
def dfdt(t, x, p, out):
    for i in range(out.shape[0]):
        out[i] = 0.0


@njit(cache=True, nogil=True)
def tangent(t, y, p, out):
    # terms of two and three slots (quadratic and cubic tables) written out: each
    # factor is read once and each partial derivative is a product of the others
    d, n_terms, width = int(p[0]), int(p[1]), int(p[2])
    k = (y.size - d) // d
    for n in range(out.size):
        out[n] = 0.0
    row = HEADER
    for _ in range(n_terms):
        i, c = int(p[row]), p[row + 1]
        target = d + i * k
        if width == 2:
            j0, j1 = int(p[row + 2]), int(p[row + 3])
            x0, x1 = _factor(y, j0, d), _factor(y, j1, d)
            out[i] += c * x0 * x1
            if j0 < d:
                _add_row(out, target, c * x1, y, d + j0 * k, k)
            if j1 < d:
                _add_row(out, target, c * x0, y, d + j1 * k, k)
        elif width == 3:
            j0, j1, j2 = int(p[row + 2]), int(p[row + 3]), int(p[row + 4])
            x0, x1, x2 = _factor(y, j0, d), _factor(y, j1, d), _factor(y, j2, d)
            out[i] += c * x0 * x1 * x2
            if j0 < d:
                _add_row(out, target, c * x1 * x2, y, d + j0 * k, k)
            if j1 < d:
                _add_row(out, target, c * x0 * x2, y, d + j1 * k, k)
            if j2 < d:
                _add_row(out, target, c * x0 * x1, y, d + j2 * k, k)
        else:
            out[i] += _term(y, p, row, width, d)
            for a in range(width):
                j = int(p[row + 2 + a])
                if j < d:
                    _add_row(out, target, _partial(y, p, row, width, d, a), y, d + j * k, k)
        row += width + 2


@njit(cache=True, nogil=True)
def rhs_block(ts, x, p, out):
    d = x.shape[0]
    state = np.empty(d)
    values = np.empty(p.shape[0])
    rate = np.empty(d)
    for lane in range(x.shape[1]):
        for i in range(d):
            state[i] = x[i, lane]
        for i in range(p.shape[0]):
            values[i] = p[i, lane]
        rhs(ts[lane], state, values, rate)
        for i in range(d):
            out[i, lane] = rate[i]


@njit(cache=True, nogil=True)
def switches(t, x, p, out):
    return
