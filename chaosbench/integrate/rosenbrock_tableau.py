"""Coefficients of Rosenbrock methods, as self-checking records.

A Rosenbrock method with ``s`` stages is stored in the *transformed* form of
Hairer & Wanner (*Solving Ordinary Differential Equations II*, 2nd ed., 1996,
section IV.7, eqs. (7.25)-(7.27)), in which the unknowns ``K[i]`` are increments
rather than slopes and every stage solves a system with the one matrix
``W = I / (gamma h) - J``:

.. code-block:: text

    W K[i] = f(t + nodes[i] h, x + sum_{j<i} a[i, j] K[j])
             + sum_{j<i} (c[i, j] / h) K[j] + h d[i] df/dt
    x_new  = x + sum_j m[j] K[j]
    error  =     sum_j e[j] K[j]

and, for ``theta`` in ``[0, 1]``, the continuous extension

.. code-block:: text

    x(t + theta h) = (1 - theta) x + theta x_new
                     + theta (1 - theta) sum_r theta**r (sum_j dense[r, j] K[j]).

The constructor maps these coefficients back to the standard form
``(alpha, Gamma, b)`` of Hairer & Wanner (``Gamma^{-1} = I / gamma - c``,
``alpha = a Gamma``, ``b = m Gamma``) and checks there that the nodes are the
row sums of ``alpha``, that ``d`` holds the row sums of ``Gamma``, and that the
propagated and embedded weights satisfy the Rosenbrock order conditions
(Hairer & Wanner II, Table IV.7.1) up to their declared orders. A mistyped
digit therefore fails at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import numpy as np

__all__ = ["RODAS4", "RosenbrockTableau"]

#: how closely transcribed coefficients must satisfy the checks (rodas.f prints 16 digits)
_CONSISTENCY_ATOL = 1e-12


@dataclass(frozen=True, eq=False, repr=False)
class RosenbrockTableau:
    """Coefficients of a Rosenbrock method in transformed form (see the module docstring).

    Parameters
    ----------
    name : str
        Name used in messages, e.g. ``"RODAS4"``.
    order, error_order : int
        Orders of the propagated solution and of the embedded one.
    gamma : float
        Diagonal entry shared by every stage.
    a, c : numpy.ndarray, shape (s, s)
        Strictly lower triangular weights of earlier increments in the stage
        arguments and (divided by ``h``) on the stage right-hand sides.
    nodes : numpy.ndarray, shape (s,)
        Stage times as fractions of the step.
    d : numpy.ndarray, shape (s,)
        Coefficients of ``h df/dt`` in each stage.
    m, e : numpy.ndarray, shape (s,)
        Weights of the increments in the new state and in the error estimate
        (propagated minus embedded weights).
    dense : numpy.ndarray, shape (q, s)
        Continuous-extension coefficients.

    Raises
    ------
    ValueError
        If a shape is wrong, an entry is not finite, ``a`` or ``c`` is not strictly
        lower triangular, ``gamma`` is not positive, or a check of the module
        docstring fails.
    """

    name: str
    order: int
    error_order: int
    gamma: float
    a: np.ndarray
    c: np.ndarray
    nodes: np.ndarray
    d: np.ndarray
    m: np.ndarray
    e: np.ndarray
    dense: np.ndarray

    def __post_init__(self) -> None:
        if not self.error_order < self.order:
            self._fail("error_order must be below order")
        if not (np.isfinite(self.gamma) and self.gamma > 0.0):
            self._fail(f"gamma must be positive, got {self.gamma!r}")
        object.__setattr__(self, "gamma", float(self.gamma))
        for field in ("a", "c", "nodes", "d", "m", "e", "dense"):
            array = np.array(getattr(self, field), dtype=np.float64, order="C", copy=True)
            if not np.all(np.isfinite(array)):
                self._fail(f"{field} contains non-finite entries")
            array.setflags(write=False)
            object.__setattr__(self, field, array)
        s = self.stages
        shapes = {"a": (s, s), "c": (s, s), "nodes": (s,), "d": (s,), "m": (s,), "e": (s,)}
        for field, shape in shapes.items():
            if getattr(self, field).shape != shape:
                self._fail(f"{field} must have shape {shape}, got {getattr(self, field).shape}")
        if self.dense.ndim != 2 or self.dense.shape[1] != s:
            self._fail(f"dense must have shape (q, {s}), got {self.dense.shape}")
        for field in ("a", "c"):
            if np.any(np.triu(getattr(self, field)) != 0.0):
                self._fail(f"{field} must be strictly lower triangular")
        self._check_standard_form()

    def __repr__(self) -> str:
        return (
            f"RosenbrockTableau(name={self.name!r}, order={self.order}, "
            f"error_order={self.error_order}, stages={self.stages})"
        )

    @property
    def stages(self) -> int:
        """Number of stages ``s``."""
        return np.asarray(self.a).shape[0]

    @property
    def coefficients(self) -> tuple:
        """The coefficients as the one tuple the Rosenbrock kernel takes (numba type
        :data:`~chaosbench.integrate._types.RosenbrockTableauType`):
        ``(gamma, a, c, nodes, d, m, e, dense, error_order)``."""
        return (
            self.gamma,
            self.a,
            self.c,
            self.nodes,
            self.d,
            self.m,
            self.e,
            self.dense,
            self.error_order,
        )

    def standard_form(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(alpha, Gamma, b, b_embedded)`` of Hairer & Wanner's untransformed form."""
        gamma_matrix = _lower_triangular_inverse(np.eye(self.stages) / self.gamma - self.c)
        weights = self.m @ gamma_matrix
        embedded = (self.m - self.e) @ gamma_matrix
        return self.a @ gamma_matrix, gamma_matrix, weights, embedded

    def order_conditions_residual(self, order: int, *, embedded: bool = False) -> float:
        """Largest violation of the Rosenbrock order conditions up to ``order`` (at most 4)
        by the propagated weights (or, with ``embedded``, the embedded ones)."""
        if not 1 <= order <= 4:
            self._fail(f"order conditions are written out for orders 1 to 4, not {order!r}")
        alpha, gamma_matrix, weights, embedded_weights = self.standard_form()
        b = embedded_weights if embedded else weights
        g = self.gamma
        beta = alpha + gamma_matrix - np.diag(np.diag(gamma_matrix))  # strictly lower part
        node = alpha.sum(axis=1)
        beta_sum = beta.sum(axis=1)
        conditions = [
            (1, b.sum() - 1.0),
            (2, b @ beta_sum - (0.5 - g)),
            (3, b @ node**2 - 1.0 / 3.0),
            (3, b @ (beta @ beta_sum) - (1.0 / 6.0 - g + g * g)),
            (4, b @ node**3 - 0.25),
            (4, b @ (node * (alpha @ beta_sum)) - (1.0 / 8.0 - g / 3.0)),
            (4, b @ (beta @ node**2) - (1.0 / 12.0 - g / 3.0)),
            (4, b @ (beta @ (beta @ beta_sum)) - (1.0 / 24.0 - g / 2.0 + 1.5 * g * g - g**3)),
        ]
        return max(abs(value) for level, value in conditions if level <= order)

    def _check_standard_form(self) -> None:
        alpha, gamma_matrix, _, _ = self.standard_form()
        if not np.allclose(alpha.sum(axis=1), self.nodes, rtol=0, atol=_CONSISTENCY_ATOL):
            self._fail("nodes are not the row sums of alpha = a Gamma")
        if not np.allclose(gamma_matrix.sum(axis=1), self.d, rtol=0, atol=_CONSISTENCY_ATOL):
            self._fail("d is not the row sums of Gamma = (I / gamma - c)^-1")
        for embedded, order in ((False, self.order), (True, self.error_order)):
            residual = self.order_conditions_residual(min(order, 4), embedded=embedded)
            if residual > _CONSISTENCY_ATOL:
                which = "embedded" if embedded else "propagated"
                self._fail(f"{which} weights miss the order-{order} conditions by {residual:.1e}")

    def _fail(self, problem: str) -> NoReturn:
        raise ValueError(f"RosenbrockTableau {self.name!r}: {problem}")


def _lower_triangular_inverse(lower: np.ndarray) -> np.ndarray:
    """Inverse of a lower triangular matrix by forward substitution (exactly triangular)."""
    n = lower.shape[0]
    inverse = np.zeros_like(lower)
    for column in range(n):
        inverse[column, column] = 1.0 / lower[column, column]
        for row in range(column + 1, n):
            total = lower[row, column:row] @ inverse[column:row, column]
            inverse[row, column] = -total / lower[row, row]
    return inverse


def _rodas4() -> RosenbrockTableau:
    """RODAS4 (Hairer & Wanner II, Table IV.7.2; ``METH=1`` of their code ``rodas.f``).

    Six stages, order 4 with an embedded order-3 solution, stiffly accurate and
    L-stable: ``x_new = x_6 + K_6`` with ``x_6 = x_5 + K_5`` the embedded solution,
    so ``K_6`` is the error estimate, and stages 5 and 6 are taken at ``t + h``.
    """
    a = np.zeros((6, 6))
    a[1, :1] = [0.1544000000000000e01]
    a[2, :2] = [0.9466785280815826e00, 0.2557011698983284e00]
    a[3, :3] = [0.3314825187068521e01, 0.2896124015972201e01, 0.9986419139977817e00]
    a[4, :4] = [
        0.1221224509226641e01,
        0.6019134481288629e01,
        0.1253708332932087e02,
        -0.6878860361058950e00,
    ]
    a[5, :5] = [*a[4, :4], 1.0]  # stage 6 is taken at x_5 + K_5
    c = np.zeros((6, 6))
    c[1, :1] = [-0.5668800000000000e01]
    c[2, :2] = [-0.2430093356833875e01, -0.2063599157091915e00]
    c[3, :3] = [-0.1073529058151375e00, -0.9594562251023355e01, -0.2047028614809616e02]
    c[4, :4] = [
        0.7496443313967647e01,
        -0.1024680431464352e02,
        -0.3399990352819905e02,
        0.1170890893206160e02,
    ]
    c[5, :5] = [
        0.8083246795921522e01,
        -0.7981132988064893e01,
        -0.3152159432874371e02,
        0.1631930543123136e02,
        -0.6058818238834054e01,
    ]
    # rodas.f gives the last node of stages 1-4 and the d_i ("GAMMA_i") to 16 digits
    nodes = [0.0, 0.386, 0.21, 0.63, 1.0, 1.0]
    d = [0.25, -0.1043, 0.1035, -0.3620000000000023e-01, 0.0, 0.0]
    dense = np.zeros((2, 6))
    # D2j and D3j of rodas.f: the two rows of the third-order continuous extension
    dense[0, :5] = [
        0.1012623508344586e02,
        -0.7487995877610167e01,
        -0.3480091861555747e02,
        -0.7992771707568823e01,
        0.1025137723295662e01,
    ]
    dense[1, :5] = [
        -0.6762803392801253e00,
        0.6087714651680015e01,
        0.1643084320892478e02,
        0.2476722511418386e02,
        -0.6594389125716872e01,
    ]
    return RosenbrockTableau(
        name="RODAS4",
        order=4,
        error_order=3,
        gamma=0.25,
        a=a,
        c=c,
        nodes=nodes,
        d=d,
        m=[*a[4, :4], 1.0, 1.0],
        e=[0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        dense=dense,
    )


#: RODAS4 of Hairer & Wanner (the ``"rosenbrock"`` method)
RODAS4 = _rodas4()
