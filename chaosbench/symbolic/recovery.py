"""Symbolic scores of a recovered equation against the true one (pure sympy).

Every function here compares two sympy expressions in the same symbols, with
numbers only: a candidate right-hand side and the truth (the system's equation with
its parameter values substituted). Three families:

- **Exact recovery and symbolic solutions**, by the rule of SRBench (W. La Cava et
  al., "Contemporary symbolic regression methods and their relative performance",
  NeurIPS Datasets and Benchmarks 2021): numbers below ``1e-4`` in magnitude are
  set to zero and the others rounded to 3 decimals (:func:`srbench_round`); a
  candidate is a *symbolic solution* when its difference with the truth is zero or
  a constant, or its ratio to the truth a non-zero constant
  (:func:`symbolic_match`).
- **Term support**: the expanded sum is split into terms, each a numeric
  coefficient times a *shape* (a monomial, or a product with functions); the sets of
  shapes are compared by precision, recall and F1, and the coefficients of the
  shared shapes by their mean relative error (:func:`term_support`).
- **Complexity**: the number of nodes of the sympy expression tree
  (:func:`complexity`), SRBench's model size.

Both sides are first brought to one canonical form (:func:`canonical`): ``Min`` and
``Max`` as fast stand-ins (:func:`opaque_lattice`), whole-number float exponents as
integers, expanded (:func:`sympy.expand`), every number a float (:func:`as_floats`);
exact recovery then compares the rounded forms (:func:`rounded`). Expansion is guarded
by :func:`expansion_bound`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import sympy

#: numbers smaller than this in magnitude count as zero (SRBench)
THRESHOLD = 1e-4
#: decimals kept by the rounding (SRBench)
DECIMALS = 3
#: significant digits a number is first read to, so that floating-point noise from
#: arithmetic cannot move it across a rounding boundary
SIGNIFICANT = 12
#: most terms an expression may expand to (see :func:`expansion_bound`)
MAX_TERMS = 20_000
#: largest simplification attempted (sympy operation count)
MAX_SIMPLIFY_OPS = 150
#: kinds of :class:`SymbolicMatch`
KINDS = ("identical", "constant_offset", "constant_factor", "different")
#: points at which sums and ratios are sampled to rule out a constant quickly
_SAMPLES = 4
_SAMPLE_SEED = 20211206


def round_number(value: float) -> sympy.Number:
    """One number by the SRBench rule: 0 below :data:`THRESHOLD` in magnitude, else
    rounded to :data:`DECIMALS` decimals (halves away from zero).

    The value is first read to :data:`SIGNIFICANT` significant digits, so that two
    computations of one number that differ in their last bits round alike. A result
    that is a whole number is returned as an integer, so that ``2.000*x`` and
    ``2*x``, or ``x**2.0`` and ``x**2``, agree.

    Examples
    --------
    >>> round_number(2.66666666), round_number(0.0125), round_number(-3e-5), round_number(2.0004)
    (2.667, 0.013, 0, 2)
    """
    import sympy

    if not math.isfinite(value):
        return sympy.Float(value)
    if abs(value) < THRESHOLD:
        return sympy.Integer(0)
    read = Decimal(f"{value:.{SIGNIFICANT}g}")
    if abs(value) < 10.0 ** (SIGNIFICANT - DECIMALS):
        read = read.quantize(Decimal(1).scaleb(-DECIMALS), rounding=ROUND_HALF_UP)
    if read == read.to_integral_value():
        return sympy.Integer(int(read))
    return sympy.Float(str(read))


def srbench_round(expression: sympy.Expr) -> sympy.Expr:
    """Round every float of an expression by :func:`round_number`.

    Integers and exact rationals are left alone (:func:`canonical` turns them into
    floats first). Rounding is repeated until nothing changes, since sympy may
    combine rounded numbers into new ones.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> srbench_round(2.66666666 * x + 0.00002 * x**2 + 1.0000001)
    2.667*x + 1
    """
    import sympy

    for _ in range(5):
        floats = expression.atoms(sympy.Float)
        if not floats:
            break
        mapping = {f: round_number(float(f)) for f in floats}
        if all(mapping[f] == f and type(mapping[f]) is type(f) for f in floats):
            break
        expression = expression.xreplace(mapping)
    return expression


def canonical(expression: sympy.Expr) -> sympy.Expr:
    """Expanded, with every number a float (not yet rounded).

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> canonical(x * (28 - y) / 3)
    -0.333333333333333*x*y + 9.33333333333333*x
    """
    import sympy

    return as_floats(sympy.expand(integral_exponents(opaque_lattice(expression))))


@cache
def _lattice_classes() -> dict[type, type]:
    """Stand-ins for sympy's ``Min`` and ``Max``: the same name and printing, nested
    calls flattened, arguments deduplicated and sorted, numbers evaluated, without
    the pairwise comparisons sympy's classes run each time they are built (a tenth
    of a second for five rational arguments)."""
    import sympy
    from sympy.core.sorting import default_sort_key

    class Sorted(sympy.Function):
        pick = min

        @classmethod
        def eval(cls, *args):
            flat = []
            for arg in args:
                flat.extend(arg.args if isinstance(arg, cls) else (arg,))
            numbers = [a for a in flat if isinstance(a, sympy.Number)]
            if len(numbers) == len(flat):
                return cls.pick(flat, key=float)
            if len(numbers) > 1:
                flat = [a for a in flat if a not in numbers] + [cls.pick(numbers, key=float)]
            ordered = tuple(sorted(set(flat), key=default_sort_key))
            if len(ordered) == 1:
                return ordered[0]
            return None if ordered == args else cls(*ordered)

    return {
        sympy.Min: type("Min", (Sorted,), {"__module__": __name__, "pick": min}),
        sympy.Max: type("Max", (Sorted,), {"__module__": __name__, "pick": max}),
    }


def lattice_function(name: str) -> type:
    """The stand-in class of ``"Min"`` or ``"Max"`` (see :func:`opaque_lattice`)."""
    import sympy

    return _lattice_classes()[getattr(sympy, name)]


def real_lattice(expression: sympy.Expr) -> sympy.Expr:
    """Undo :func:`opaque_lattice`: sympy's own ``Min`` and ``Max`` again.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> type(real_lattice(lattice_function("Max")(x, 0))) is sympy.Max
    True
    """
    return _swap_classes(expression, {new: old for old, new in _lattice_classes().items()})


def opaque_lattice(expression: sympy.Expr) -> sympy.Expr:
    """Replace sympy's ``Min`` and ``Max`` by symbolic stand-ins with sorted arguments
    (see :func:`_lattice_classes`), so that expanding and rounding stay fast; two
    expressions compare the same way.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> opaque_lattice(sympy.Min(x, y + 1) * 2)
    2*Min(x, y + 1)
    """
    return _swap_classes(expression, _lattice_classes())


def _swap_classes(expression: sympy.Expr, classes: dict[type, type]) -> sympy.Expr:
    """Rebuild the nodes of the classes ``classes`` maps as the mapped classes."""
    if not any(expression.has(c) for c in classes):
        return expression

    def swap(node: sympy.Basic) -> sympy.Basic:
        if not node.args:
            return node
        args = [swap(a) for a in node.args]
        replacement = classes.get(type(node))
        if replacement is not None:
            return replacement(*args)
        return node.func(*args) if any(a is not b for a, b in zip(args, node.args)) else node

    return swap(expression)


def as_floats(expression: sympy.Expr) -> sympy.Expr:
    """Every number a float: rationals, ``pi``, ``E`` and numeric sub-expressions such as
    ``sqrt(2)`` or ``exp(2)``, also inside functions of the variables (where
    :meth:`~sympy.Expr.evalf` stops); integers are kept (exponents stay integers).

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> as_floats(sympy.sin(sympy.pi * x / 3) + sympy.sqrt(2) * x**2)
    1.4142135623731*x**2 + sin(1.0471975511966*x)
    """
    import sympy

    exact = {
        a: sympy.Float(a)
        for a in expression.atoms(sympy.Rational, sympy.NumberSymbol)
        if not a.is_Integer
    }
    if exact:
        expression = expression.xreplace(exact)
    for _ in range(5):  # numeric calls such as exp(2), innermost first
        calls = {}
        for call in expression.atoms(sympy.Function):
            if call.is_number and not isinstance(value := call.evalf(), sympy.Function):
                calls[call] = value
        if not calls:
            break
        expression = expression.xreplace(calls)
    return expression


def integral_exponents(expression: sympy.Expr) -> sympy.Expr:
    """Write float exponents that are whole numbers (such as a parameter ``m = 2.0`` in
    ``Z**m``) as integers, so that the power expands like ``Z**2``.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> integral_exponents((x + 1)**sympy.Float(2.0))
    (x + 1)**2
    """
    import sympy

    def whole(node: sympy.Basic) -> bool:
        exponent = node.exp if isinstance(node, sympy.Pow) else None
        return (
            isinstance(exponent, sympy.Float)
            and float(exponent).is_integer()
            and abs(float(exponent)) <= 100
        )

    return expression.replace(whole, lambda p: sympy.Pow(p.base, int(p.exp)))


def rounded(expression: sympy.Expr) -> sympy.Expr:
    """:func:`canonical`, then :func:`srbench_round`: the form exact recovery compares."""
    return srbench_round(canonical(expression))


def expansion_bound(expression: sympy.Expr) -> int:
    """An upper bound on the number of terms of ``sympy.expand(expression)``, computed
    without expanding (it guards the expansion against inputs such as
    ``(x + y + z + 1)**100``).

    A sum has at most the sum of its terms' counts, a product the product, a power
    ``(a_1 + ... + a_k)**n`` with ``n`` a positive integer ``C(n + k - 1, k - 1)``
    (the number of its monomials), and any other node one term. The bound of the
    whole expression is the largest of those of all its sub-expressions (the
    arguments of functions and the bases of powers are expanded too).

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> expansion_bound((x + y + 1)**2 * (x + 2)), len(sympy.expand((x + y + 1)**2 * (x + 2)).args)
    (12, 9)
    """
    import sympy

    largest = 1

    def terms(node: sympy.Basic) -> int:
        nonlocal largest
        if isinstance(node, sympy.Add):
            count = sum(terms(a) for a in node.args)
        elif isinstance(node, sympy.Mul):
            count = math.prod(terms(a) for a in node.args)
        elif isinstance(node, sympy.Pow):
            base = terms(node.base)
            terms(node.exp)
            n = node.exp
            if n.is_Integer and abs(int(n)) <= 10_000:
                power = math.comb(abs(int(n)) + base - 1, base - 1)
                largest = max(largest, power)
                count = power if n > 0 else 1
            else:
                count = 1
        else:
            for arg in node.args:
                terms(arg)
            count = 1
        largest = max(largest, count)
        return count

    terms(expression)
    return largest


# --- exact recovery and symbolic solutions ----------------------------------------------


@dataclass(frozen=True)
class SymbolicMatch:
    """How a candidate relates to the truth.

    Attributes
    ----------
    exact
        The rounded canonical forms are identical (their difference is 0).
    kind
        ``"identical"`` (the difference simplifies to 0), ``"constant_offset"``
        (to a non-zero constant), ``"constant_factor"`` (the ratio to the truth is
        a non-zero constant; it may round to 1 when the difference is not constant)
        or ``"different"``.
    value
        The offset ``candidate - truth`` or the factor ``candidate / truth``
        (rounded by the SRBench rule); NaN for the other kinds.
    """

    exact: bool
    kind: str
    value: float = math.nan

    @property
    def symbolic_solution(self) -> bool:
        """SRBench's symbolic solution: any kind but ``"different"``."""
        return self.kind != "different"


def symbolic_match(candidate: sympy.Expr, truth: sympy.Expr) -> SymbolicMatch:
    """Compare a candidate with the truth by the SRBench rule.

    Both are brought to :func:`rounded` form. The candidate is *exact* when the
    difference of those forms is 0, and a constant offset when it is a number. Else
    the difference ``d = c - f`` and, for a non-zero truth, the ratio ``r = c / f``
    are sampled at a few random points; what the samples show to be constant (to
    ``1e-6``) is then proved so symbolically: ``r`` is a number once cancelled
    (:func:`sympy.cancel`), or ``c - k f`` (``k`` the sampled ratio) leaves only
    numbers as small as rounding can leave; failing that, :func:`sympy.simplify` is
    tried on expressions of at most :data:`MAX_SIMPLIFY_OPS` operations (SRBench
    simplifies the difference). An expression that cannot be sampled (singular at
    the points) is not taken to be constant. The constants found are rounded by
    :func:`srbench_round`.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> symbolic_match(10.0001 * (y - x), 10 * y - 10 * x)
    SymbolicMatch(exact=True, kind='identical', value=nan)
    >>> symbolic_match(10 * y - 10 * x + 3, 10 * (y - x))
    SymbolicMatch(exact=False, kind='constant_offset', value=3.0)
    >>> symbolic_match(20 * y - 20 * x, 10 * (y - x))
    SymbolicMatch(exact=False, kind='constant_factor', value=2.0)
    >>> symbolic_match(10 * y - 9 * x, 10 * (y - x)).kind
    'different'
    """
    return compare_rounded(rounded(candidate), rounded(truth))


def compare_rounded(candidate: sympy.Expr, truth: sympy.Expr) -> SymbolicMatch:
    """:func:`symbolic_match` of two expressions already in :func:`rounded` form."""
    import sympy

    difference = srbench_round(candidate - truth)
    if difference == 0:
        return SymbolicMatch(True, "identical")
    if difference.is_number:
        return SymbolicMatch(False, "constant_offset", float(difference))
    symbols = sorted(candidate.free_symbols | truth.free_symbols, key=str)
    if _constant(_samples(difference, symbols)) is not None:
        simple = _simplified(difference)
        if simple is not None and simple == 0:
            return SymbolicMatch(False, "identical")
        if simple is not None and simple.is_number:
            return SymbolicMatch(False, "constant_offset", float(simple))
    if truth == 0 or candidate == 0:
        return SymbolicMatch(False, "different")
    ratio = candidate / truth
    k = _constant(_samples(ratio, symbols))
    if k is None:
        return SymbolicMatch(False, "different")
    factor = _attempt(lambda: srbench_round(sympy.cancel(ratio)))
    if factor is None or not factor.is_number:
        factor = _proportional(candidate, truth, k)
    if factor is None or not factor.is_number:
        factor = _simplified(ratio)
    if factor is not None and factor.is_number and factor != 0:
        return SymbolicMatch(False, "constant_factor", float(factor))
    return SymbolicMatch(False, "different")


def _proportional(candidate: sympy.Expr, truth: sympy.Expr, k: float) -> sympy.Expr | None:
    """``k`` rounded, when every term of ``candidate - k * truth`` (both rounded and
    expanded) is a number no larger than what rounding the candidate's coefficients can
    leave, ``10**-DECIMALS * max(1, |k|)``; else None."""
    import sympy

    tolerance = 10.0**-DECIMALS * max(1.0, abs(k))
    residual = _attempt(lambda: sympy.expand(candidate - sympy.Float(k) * truth))
    if residual is None:
        return None
    for term in _terms(residual):
        coefficient = term.as_coeff_Mul()[0]
        if not coefficient.is_Number or abs(float(coefficient)) > tolerance:
            return None
    return round_number(k)


def _simplified(expression: sympy.Expr) -> sympy.Expr | None:
    import sympy

    if sympy.count_ops(expression) > MAX_SIMPLIFY_OPS:
        return None
    simple = _attempt(lambda: sympy.simplify(expression, ratio=1))
    return None if simple is None else srbench_round(simple)


def _attempt(step):
    """The result of a sympy simplification step, or None when sympy fails on it.

    :func:`sympy.simplify` and :func:`sympy.cancel` are heuristics that may raise on
    unusual input (their own errors included); a failed attempt only means that no
    constant was proved.
    """
    try:
        return step()
    except Exception:  # any failure of the heuristic proves nothing
        return None


def _samples(expression: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> list | None:
    """Values of the expression (sympy numbers, whose exponents do not overflow) at a
    few random points, the same for every call; None when it cannot be evaluated."""
    import sympy

    rng = np.random.default_rng(_SAMPLE_SEED)
    values = []
    for _ in range(_SAMPLES if symbols else 1):
        point = {s: sympy.Float(v) for s, v in zip(symbols, rng.uniform(0.3, 1.7, len(symbols)))}
        try:  # a point may hit a singularity (a modulo or division by zero)
            value = expression.xreplace(point).evalf()
        except (ArithmeticError, TypeError, ValueError):
            return None
        if not value.is_number or value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            return None
        values.append(value)
    return values


def _constant(values: list | None) -> float | None:
    """The (real part of the) common value of samples that agree to ``1e-6``
    relative, else None (also for no samples)."""
    import sympy

    if not values:
        return None
    try:
        spread = max(sympy.Abs(v - values[0]) for v in values)
        scale = 1 + max(sympy.Abs(v) for v in values)
        if not bool(spread <= sympy.Float(1e-6) * scale):
            return None
        return float(sympy.re(values[0]))
    except (ArithmeticError, TypeError, ValueError):
        return None


# --- term support -------------------------------------------------------------------------


def term_coefficients(expression: sympy.Expr, *, expanded: bool = False) -> dict[sympy.Expr, float]:
    """The terms of the expanded expression: shape -> coefficient.

    Each term of :func:`canonical` is split into its numeric coefficient and the
    rest, its shape (``2.5*x*y**2`` is ``2.5`` times ``x*y**2``); numbers inside the
    shape (as in ``exp(-0.1*x)``) are rounded by :func:`srbench_round`, so shapes that
    differ only by noise in those numbers are one shape. Coefficients below
    :data:`THRESHOLD` in magnitude are dropped; coefficients of one shape are
    summed. Coefficients are not rounded. With ``expanded``, the expression is taken
    to be in :func:`canonical` form already.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> term_coefficients(x * (28 - y) - 1e-6 * y + 3)
    {1: 3.0, x: 28.0, x*y: -1.0}
    """
    coefficients: dict[sympy.Expr, float] = {}
    for term in _terms(expression if expanded else canonical(expression)):
        coefficient, rest = term.as_coeff_Mul()
        value = float(coefficient)
        if abs(value) < THRESHOLD:
            continue
        shape = srbench_round(rest)
        coefficients[shape] = coefficients.get(shape, 0.0) + value
    return dict(sorted(coefficients.items(), key=lambda item: str(item[0])))


def _terms(expression: sympy.Expr) -> tuple[sympy.Expr, ...]:
    import sympy

    return () if expression == 0 else sympy.Add.make_args(expression)


@dataclass(frozen=True)
class TermSupport:
    """Term-support scores of one equation, or pooled over several.

    Attributes
    ----------
    n_true, n_candidate, n_matched
        Number of true shapes, candidate shapes, and shapes in both.
    relative_errors
        ``|c_hat - c| / |c|`` for each matched shape.
    """

    n_true: int
    n_candidate: int
    n_matched: int
    relative_errors: tuple[float, ...] = field(default=(), repr=False)

    @property
    def precision(self) -> float:
        """``n_matched / n_candidate`` (1 when both are empty, 0 for an empty candidate)."""
        if self.n_candidate == 0:
            return 1.0 if self.n_true == 0 else 0.0
        return self.n_matched / self.n_candidate

    @property
    def recall(self) -> float:
        """``n_matched / n_true`` (1 when both are empty, 0 for an empty truth)."""
        if self.n_true == 0:
            return 1.0 if self.n_candidate == 0 else 0.0
        return self.n_matched / self.n_true

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def coefficient_error(self) -> float:
        """Mean relative coefficient error of the matched shapes (NaN without any)."""
        return float(np.mean(self.relative_errors)) if self.relative_errors else math.nan

    @classmethod
    def pooled(cls, parts: Sequence[TermSupport]) -> TermSupport:
        """Counts summed and errors gathered over several equations (each equation's
        shapes are its own: the same monomial in two equations is two terms)."""
        return cls(
            sum(p.n_true for p in parts),
            sum(p.n_candidate for p in parts),
            sum(p.n_matched for p in parts),
            tuple(e for p in parts for e in p.relative_errors),
        )


def term_support(candidate: dict[sympy.Expr, float], truth: dict[sympy.Expr, float]) -> TermSupport:
    """Compare the terms (from :func:`term_coefficients`) of a candidate and the truth.

    With ``S_hat`` and ``S`` the sets of candidate and true shapes,
    precision ``= |S_hat & S| / |S_hat|``, recall ``= |S_hat & S| / |S|``,
    ``F1 = 2 P R / (P + R)`` (the support recovery of a sparse regression such as
    SINDy, S. L. Brunton, J. L. Proctor and J. N. Kutz, PNAS 113, 3932, 2016, scored
    as a binary classification of the terms); the coefficient error is the mean over
    the shared shapes of ``|c_hat - c| / |c|``.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> s = term_support(term_coefficients(-9 * x + 10 * y + x * y),
    ...                  term_coefficients(10 * (y - x)))
    >>> s.precision, s.recall, s.coefficient_error
    (0.6666666666666666, 1.0, 0.05)
    """
    shared = candidate.keys() & truth.keys()
    errors = tuple(abs(candidate[s] - truth[s]) / abs(truth[s]) for s in sorted(shared, key=str))
    return TermSupport(len(truth), len(candidate), len(shared), errors)


# --- complexity -----------------------------------------------------------------------------


def complexity(expression: sympy.Expr) -> int:
    """Number of nodes of the sympy expression tree (SRBench's model size): every
    operation, function, symbol and number counts one.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> complexity(10 * (y - x))  # Add(Mul(-10, x), Mul(10, y))
    7
    """
    import sympy

    return sum(1 for _ in sympy.preorder_traversal(expression))
