"""Sparse identification of nonlinear dynamics with a polynomial library."""

from __future__ import annotations

from itertools import combinations_with_replacement

import numpy as np
import scipy.linalg
from scipy.integrate import solve_ivp

from chaosbench.analysis.derivatives import finite_difference
from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.baselines._base import (
    ESCAPE_RADIUS,
    Baseline,
    NotFittedError,
    positive_float,
    positive_int,
)


def polynomial_powers(dimension: int, degree: int) -> list[tuple[int, ...]]:
    """Monomials up to ``degree`` as tuples of variable indices (``()`` is the constant).

    Ordered by degree, then lexicographically: ``(), (0,), (1,), (0, 0), (0, 1), ...``.
    """
    terms: list[tuple[int, ...]] = []
    for d in range(degree + 1):
        terms.extend(combinations_with_replacement(range(dimension), d))
    return terms


def polynomial_library(x: np.ndarray, terms: list[tuple[int, ...]]) -> np.ndarray:
    """The monomials ``terms`` evaluated on the rows of ``x``, shape (n, len(terms))."""
    out = np.ones((x.shape[0], len(terms)))
    for k, term in enumerate(terms):
        for i in term:
            out[:, k] *= x[:, i]
    return out


def term_indices(terms: list[tuple[int, ...]], dimension: int) -> np.ndarray:
    """The monomials as a padded index table ``(len(terms), max degree)``: row ``k``
    lists the variables multiplied in term ``k``, padded with ``dimension`` (the index
    of an appended 1), so that ``append(x, 1)[table].prod(axis=1)`` evaluates them all.
    """
    width = max((len(t) for t in terms), default=0)
    table = np.full((len(terms), max(width, 1)), dimension, dtype=np.intp)
    for k, term in enumerate(terms):
        table[k, : len(term)] = term
    return table


def _term_text(term: tuple[int, ...], names: list[str]) -> str:
    parts = []
    for i in sorted(set(term)):
        power = term.count(i)
        parts.append(names[i] if power == 1 else f"{names[i]}**{power}")
    return "*".join(parts)


def stlsq(
    library: np.ndarray,
    targets: np.ndarray,
    threshold: float,
    *,
    relative: bool = False,
    alpha: float = 0.0,
    max_iter: int = 20,
) -> np.ndarray:
    """Sequentially thresholded least squares, one column of ``targets`` at a time.

    Solve the (ridge-regularised) least-squares problem, zero the coefficients smaller
    in magnitude than ``threshold`` (times the largest coefficient of the column when
    ``relative``), refit on the surviving terms, and repeat until the support stops
    changing (Brunton, Proctor & Kutz 2016).

    Returns
    -------
    numpy.ndarray, shape (n_targets, n_terms)
    """
    n_terms = library.shape[1]
    coefficients = np.zeros((targets.shape[1], n_terms))
    # normal equations of the column-equilibrated library, formed once: each refit
    # then costs one small Cholesky solve; a subproblem that is not numerically
    # positive definite falls back to least squares on the library itself
    norms = np.linalg.norm(library, axis=0)
    norms[norms == 0.0] = 1.0
    scaled = library / norms
    gram = scaled.T @ scaled + alpha * len(library) * np.diag(1.0 / norms**2)
    moments = scaled.T @ targets

    def solve(columns: np.ndarray, j: int) -> np.ndarray:
        try:
            factor = scipy.linalg.cho_factor(gram[np.ix_(columns, columns)])
            return scipy.linalg.cho_solve(factor, moments[columns, j]) / norms[columns]
        except np.linalg.LinAlgError:
            A, y = library[:, columns], targets[:, j]
            if alpha > 0:
                A = np.vstack([A, np.sqrt(alpha * len(y)) * np.eye(A.shape[1])])
                y = np.concatenate([y, np.zeros(A.shape[1])])
            return np.linalg.lstsq(A, y, rcond=None)[0]

    for j in range(targets.shape[1]):
        support = np.ones(n_terms, dtype=bool)
        xi = np.zeros(n_terms)
        xi[support] = solve(np.flatnonzero(support), j)
        for _ in range(max_iter):
            cut = threshold * (np.max(np.abs(xi)) if relative else 1.0)
            new_support = np.abs(xi) >= cut
            if np.array_equal(new_support, support):
                break
            support = new_support
            xi = np.zeros(n_terms)
            if support.any():
                xi[support] = solve(np.flatnonzero(support), j)
        coefficients[j] = xi
    return coefficients


class PolynomialSINDy(Baseline):
    """SINDy: a sparse polynomial ODE learned from data, integrated to forecast.

    Time derivatives are estimated by fourth-order finite differences of the training
    trajectories (:func:`~chaosbench.analysis.derivatives.finite_difference`), regressed on the
    monomials of the state up to ``degree`` (including the constant) by sequentially
    thresholded least squares, and the learned ODE ``x' = Xi theta(x)`` is integrated
    from the last context point with :func:`scipy.integrate.solve_ivp` (DOP853) and
    sampled at the training step. A forecast that leaves a ball of 100 times the
    training data's largest norm stops there and is held at its last point (see
    :func:`~chaosbench.evaluation.escape.hold_after_escape`).

    Parameters
    ----------
    degree
        Largest polynomial degree of the library, 2 (default) or 3.
    threshold
        Sparsity threshold of STLSQ (default 0.1).
    relative
        Whether ``threshold`` is relative to the largest coefficient of each equation
        (default False: absolute, in the units of the data).
    alpha
        Optional ridge penalty of each least-squares fit, relative to the mean squared
        residual (default 0).
    max_iter
        Largest number of thresholding rounds (default 20).
    rtol, atol
        Tolerances of the forecast integration (defaults 1e-7 and 1e-10: the learned
        model's own error is far larger).
    max_evaluations_per_step
        Work limit of a forecast: a learned model needing more right-hand-side
        evaluations than this per output step (a stiff or blowing-up fit) raises
        instead of running for hours, which the runner records as a failed case.

    Attributes
    ----------
    coefficients_ : numpy.ndarray, shape (dimension, n_terms)
        Coefficient of each library term (columns, see :attr:`terms_`) in each equation.
    terms_ : list of tuple of int
        The library's monomials as tuples of variable indices (``()``: constant).

    References
    ----------
    S. L. Brunton, J. L. Proctor and J. N. Kutz, "Discovering governing equations from
    data by sparse identification of nonlinear dynamical systems", Proceedings of the
    National Academy of Sciences 113, 3932-3937 (2016).

    Examples
    --------
    >>> import chaosbench
    >>> _, X = chaosbench.get("Lorenz").trajectory(3000, dt=0.002)
    >>> model = PolynomialSINDy().fit([X], dt=0.002)
    >>> model.equations(precision=3)[0]
    '-10.0*x0 + 10.0*x1'
    """

    name = "sindy"
    escape = ESCAPE_RADIUS

    def __init__(
        self,
        degree: int = 2,
        threshold: float = 0.1,
        relative: bool = False,
        alpha: float = 0.0,
        max_iter: int = 20,
        rtol: float = 1e-7,
        atol: float = 1e-10,
        max_evaluations_per_step: int = 2000,
    ) -> None:
        function = "PolynomialSINDy"
        self.degree = positive_int(degree, "degree", function)
        if self.degree not in (1, 2, 3):
            raise InvalidParameterError("degree", function, "1, 2 or 3", degree)
        self.threshold = positive_float(threshold, "threshold", function, allow_zero=True)
        self.relative = bool(relative)
        self.alpha = positive_float(alpha, "alpha", function, allow_zero=True)
        self.max_iter = positive_int(max_iter, "max_iter", function)
        self.rtol = positive_float(rtol, "rtol", function)
        self.atol = positive_float(atol, "atol", function)
        self.max_evaluations_per_step = positive_int(
            max_evaluations_per_step, "max_evaluations_per_step", function
        )
        self.coefficients_: np.ndarray | None = None

    @property
    def _min_train(self) -> int:
        return 5

    def _fit(self, data: list[np.ndarray], dt: float) -> None:
        self.terms_ = polynomial_powers(data[0].shape[1], self.degree)
        states = np.concatenate(data)
        derivatives = np.concatenate([finite_difference(x, dt) for x in data])
        library = polynomial_library(states, self.terms_)
        self.coefficients_ = stlsq(
            library,
            derivatives,
            self.threshold,
            relative=self.relative,
            alpha=self.alpha,
            max_iter=self.max_iter,
        )
        self.bound_ = 100.0 * float(np.max(np.linalg.norm(states, axis=1))) + 1.0
        active = np.flatnonzero(np.any(self.coefficients_ != 0.0, axis=0))
        self._active = (
            self.coefficients_[:, active].copy(),
            term_indices([self.terms_[k] for k in active], data[0].shape[1]),
        )

    def _check_fitted(self, function: str) -> None:
        if self.coefficients_ is None:
            raise NotFittedError(function, "SINDy needs training data and their step dt")

    def rhs(self, t: float, x: np.ndarray) -> np.ndarray:
        """The learned vector field at state ``x`` (``t`` is ignored)."""
        coefficients, table = self._active
        return coefficients @ np.append(x, 1.0)[table].prod(axis=1)

    def equations(self, names: list[str] | None = None, precision: int = 6) -> list[str]:
        """The learned equations as Python expressions, one per coordinate.

        Parameters
        ----------
        names
            Variable names (default ``x0, x1, ...``).
        precision
            Significant digits of the coefficients (default 6).

        Returns
        -------
        list of str
            Such as ``"-10.0*x0 + 10.0*x1"``; products are written ``x0*x1`` and powers
            ``x0**2``; an equation with no term is ``"0"``.
        """
        self._check_fitted("PolynomialSINDy.equations")
        d = self.coefficients_.shape[0]
        names = [f"x{i}" for i in range(d)] if names is None else [str(n) for n in names]
        if len(names) != d:
            raise InvalidParameterError("names", "PolynomialSINDy.equations", f"{d} names", names)
        lines = []
        for row in self.coefficients_:
            text = ""
            for c, term in zip(row, self.terms_, strict=True):
                if c == 0.0:
                    continue
                value = np.format_float_positional(
                    abs(c), precision=precision, unique=True, fractional=False, trim="0"
                )
                body = value if not term else f"{value}*{_term_text(term, names)}"
                if not text:
                    text = ("-" if c < 0 else "") + body
                else:
                    text += (" - " if c < 0 else " + ") + body
            lines.append(text or "0")
        return lines

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        dt = self.dt_
        times = dt * np.arange(1, horizon + 1)

        def escape(t: float, x: np.ndarray) -> float:
            return self.bound_ - float(np.linalg.norm(x))

        escape.terminal = True
        out = np.full((horizon, context.shape[1]), np.nan)
        budget = [self.max_evaluations_per_step * horizon]

        def counted(t: float, x: np.ndarray) -> np.ndarray:
            budget[0] -= 1
            if budget[0] < 0:
                raise RuntimeError(
                    f"the learned model is too stiff to integrate: more than "
                    f"{self.max_evaluations_per_step} evaluations per output step"
                )
            return self.rhs(t, x)

        with np.errstate(over="ignore", invalid="ignore"):
            solution = solve_ivp(
                counted,
                (0.0, times[-1]),
                context[-1],
                method="DOP853",
                t_eval=times,
                rtol=self.rtol,
                atol=self.atol,
                events=escape,
            )
        # no output step reached: scipy then leaves ``y`` an empty list, not an array
        if solution.status < 0 and not len(solution.t):
            raise RuntimeError(f"the learned model could not be integrated: {solution.message}")
        values = np.asarray(solution.y, dtype=float).reshape(context.shape[1], -1)
        out[: values.shape[1]] = values.T
        return out
