"""Butcher tableaux of the explicit embedded Runge-Kutta pairs used by chaosbench.

Two pairs are provided, both due to Dormand and Prince:

* :data:`DOPRI5` -- the 5(4) pair with Shampine's free fourth-order dense output,
* :data:`DOP853` -- the 8(5,3) pair of Hairer's ``DOP853`` code with its
  seventh-order dense output (three additional stages).

Stage conventions
-----------------
A tableau with ``s`` stages produces, for one step of size ``h`` from ``(t0, y0)``,

.. code-block:: text

    K[i]  = f(t0 + c[i] h, y0 + h sum_{j<i} a[i, j] K[j])          i = 0 .. s-1
    y_new = y0 + h sum_j b[j] K[j]
    K[s]  = f(t0 + h, y_new)                                        (FSAL stage)

``K[s]`` is re-used as ``K[0]`` of the next step ("first same as last"). Both the
error weights and the dense output may refer to it. Extra stages needed only for
dense output are appended after it:

.. code-block:: text

    K[s+1+i] = f(t0 + c_extra[i] h, y0 + h sum_j a_extra[i, j] K[j])

where ``j`` runs over ``0 .. s+i`` (all ordinary stages, the FSAL stage and the
earlier extra stages). The local error estimate is ``h sum_j e[j] K[j]`` with ``j``
in ``0 .. s`` and the dense output is, for ``theta`` in ``[0, 1]``,

.. code-block:: text

    y(t0 + theta h) = y0 + h sum_k (sum_j K[j] dense[j, k]) theta**(k + 1).

References
----------
.. [1] J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta formulae",
   J. Comput. Appl. Math. 6(1), 19-26, 1980.
.. [2] L. F. Shampine, "Some practical Runge-Kutta formulas", Math. Comp. 46(173),
   135-150, 1986.
.. [3] E. Hairer, S. P. Norsett and G. Wanner, "Solving Ordinary Differential
   Equations I: Nonstiff Problems", 2nd ed., Springer, 1993.
.. [4] P. J. Prince and J. R. Dormand, "High order embedded Runge-Kutta formulae",
   J. Comput. Appl. Math. 7(1), 67-75, 1981.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NoReturn

import numpy as np

__all__ = ["DOP853", "DOPRI5", "ButcherTableau"]

#: relative tolerance of the consistency checks done by ``ButcherTableau``
_CONSISTENCY_RTOL = 1e-14

#: a rooted tree, canonically encoded as the tuple of its root's subtrees
_Tree = tuple


@dataclass(frozen=True, eq=False, repr=False)
class ButcherTableau:
    """Coefficients of an explicit embedded Runge-Kutta pair with dense output.

    Instances are immutable: every array is stored as a read-only, C-contiguous
    float64 copy, and the constructor checks that the coefficients are mutually
    consistent (see the module docstring for how they are used).

    Parameters
    ----------
    name : str
        Name used in messages, e.g. ``"DOPRI5"``.
    order : int
        Order of the propagated (higher-order) solution ``b``.
    error_order : int
        Order of the error estimate used for step-size control; a controller
        scales the step by ``err**(-1 / (error_order + 1))``.
    a : numpy.ndarray, shape (s, s)
        Strictly lower triangular stage matrix.
    b : numpy.ndarray, shape (s,)
        Weights of the propagated solution.
    c : numpy.ndarray, shape (s,)
        Nodes; ``c[i]`` must equal the row sum of ``a[i]``.
    e : numpy.ndarray, shape (s + 1,)
        Error weights over the ``s`` stages and the FSAL stage: the local error
        estimate is ``h * sum_j e[j] K[j]``. They are the difference between the
        propagated and an embedded weight vector, so they sum to zero; the sign
        is immaterial for step control.
    e_low : numpy.ndarray, shape (s + 1,)
        Weights of a second, lower-order error estimate (used by DOP853); all
        zeros when the pair has none.
    a_extra : numpy.ndarray, shape (m, s + 1 + m)
        Stage matrix of the ``m`` extra stages used only for dense output. Row
        ``i`` may refer to ``K[0 .. s]`` and to the extra stages before ``i``.
        Shape ``(0, s + 1)`` when there are no extra stages.
    c_extra : numpy.ndarray, shape (m,)
        Nodes of the extra stages (row sums of ``a_extra``).
    dense : numpy.ndarray, shape (s + 1 + m, q)
        Dense-output matrix in the monomial basis: ``y(t0 + theta h) = y0 +
        h * sum_k (sum_j K[j] dense[j, k]) * theta**(k + 1)``. At ``theta = 1``
        it must reproduce the propagated solution, i.e. its row sums equal
        ``b`` followed by zeros.

    Raises
    ------
    ValueError
        If a shape is inconsistent, an entry is not finite, ``a`` (or the
        extra-stage block of ``a_extra``) is not strictly lower triangular, a row
        sum of ``a`` or ``a_extra`` differs from its node, ``b`` does not sum to
        one, ``e`` or ``e_low`` does not sum to zero, or the dense output does not
        reproduce the propagated solution at ``theta = 1``.
    """

    name: str
    order: int
    error_order: int
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    e: np.ndarray
    e_low: np.ndarray
    a_extra: np.ndarray
    c_extra: np.ndarray
    dense: np.ndarray

    def __post_init__(self) -> None:
        """Freeze the arrays and check that the coefficients are consistent."""
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"ButcherTableau name must be a non-empty string, got {self.name!r}")
        for field in ("order", "error_order"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                self._fail(f"{field} must be a positive integer, got {value!r}")
            object.__setattr__(self, field, int(value))
        for field in ("a", "b", "c", "e", "e_low", "a_extra", "c_extra", "dense"):
            object.__setattr__(self, field, self._frozen_array(field))
        self._check_shapes()
        self._check_stage_matrix()
        self._check_weights()

    def __repr__(self) -> str:
        """Summarise the tableau without printing its arrays."""
        return (
            f"ButcherTableau(name={self.name!r}, order={self.order}, "
            f"error_order={self.error_order}, stages={self.stages}, "
            f"extra_stages={self.c_extra.shape[0]}, dense_degree={self.dense.shape[1]})"
        )

    @property
    def coefficients(self) -> tuple:
        """The coefficients as the one tuple the explicit kernels take
        (numba type :data:`~chaosbench.integrate._types.ExplicitTableau`):
        ``(a, b, c, e, e_low, a_extra, c_extra, dense, error_order)``."""
        return (
            self.a,
            self.b,
            self.c,
            self.e,
            self.e_low,
            self.a_extra,
            self.c_extra,
            self.dense,
            self.error_order,
        )

    @property
    def stages(self) -> int:
        """Number ``s`` of stages of one step, excluding the FSAL and extra stages."""
        return self.a.shape[0]

    @property
    def uses_two_error_estimates(self) -> bool:
        """Whether a second error estimate ``e_low`` is present (not all zero)."""
        return bool(np.any(self.e_low != 0.0))

    def order_conditions_residual(self, order: int) -> float:
        """Largest violation of the classical order conditions up to ``order``.

        For every rooted tree ``t`` with at most ``order`` vertices the order
        condition of the propagated solution reads ``b . Phi(t) = 1 / gamma(t)``,
        where ``Phi(t)`` is the vector of elementary weights of the stages and
        ``gamma(t)`` the tree's density (Hairer, Norsett and Wanner, Section II.2).
        All trees are enumerated, so the check is complete for any order.

        Parameters
        ----------
        order : int
            Highest tree order (number of vertices) to check; at least 1.

        Returns
        -------
        float
            ``max_t |b . Phi(t) - 1 / gamma(t)|`` over all rooted trees ``t`` with
            ``1 <= |t| <= order``. It is at rounding level when the method has at
            least this order.

        Raises
        ------
        ValueError
            If ``order`` is not a positive integer.
        """
        if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < 1:
            self._fail(f"order_conditions_residual needs a positive integer order, got {order!r}")
        return _order_conditions_residual(self.a, self.b, int(order))

    # -- validation helpers -------------------------------------------------------------

    def _fail(self, problem: str) -> NoReturn:
        raise ValueError(f"ButcherTableau {self.name!r}: {problem}")

    def _frozen_array(self, field: str) -> np.ndarray:
        try:
            array = np.array(getattr(self, field), dtype=np.float64, order="C", copy=True)
        except (TypeError, ValueError) as exc:
            self._fail(f"{field} cannot be converted to a float64 array ({exc})")
        if not np.all(np.isfinite(array)):
            self._fail(f"{field} contains non-finite entries")
        array.setflags(write=False)
        return array

    def _check_shapes(self) -> None:
        if self.a.ndim != 2 or self.a.shape[0] != self.a.shape[1] or self.a.shape[0] < 1:
            self._fail(f"a must be a non-empty square matrix, got shape {self.a.shape}")
        s = self.a.shape[0]
        m = self.c_extra.shape[0] if self.c_extra.ndim == 1 else -1
        if m < 0:
            self._fail(f"c_extra must be one-dimensional, got shape {self.c_extra.shape}")
        expected = {
            "b": (s,),
            "c": (s,),
            "e": (s + 1,),
            "e_low": (s + 1,),
            "a_extra": (m, s + 1 + m),
        }
        for field, shape in expected.items():
            actual = getattr(self, field).shape
            if actual != shape:
                self._fail(
                    f"{field} must have shape {shape} for {s} stages and {m} extra stages, "
                    f"got {actual}"
                )
        if self.dense.ndim != 2 or self.dense.shape[0] != s + 1 + m or self.dense.shape[1] < 1:
            self._fail(
                f"dense must have shape ({s + 1 + m}, q) with q >= 1 for {s} stages and "
                f"{m} extra stages, got {self.dense.shape}"
            )

    def _check_stage_matrix(self) -> None:
        s = self.stages
        upper = np.argwhere(np.triu(self.a) != 0.0)
        if upper.size:
            i, j = upper[0]
            self._fail(
                f"a must be strictly lower triangular (explicit method), but "
                f"a[{i}, {j}] = {float(self.a[i, j])!r}"
            )
        _check_row_sums(self.name, "a", self.a, "c", self.c)
        m = self.c_extra.shape[0]
        # extra stage i may only use K[0 .. s + i]
        later = np.argwhere(np.triu(self.a_extra[:, s + 1 :]) != 0.0)
        if later.size:
            i, j = later[0]
            self._fail(
                f"a_extra must not refer to the extra stage itself or later ones, but "
                f"a_extra[{i}, {s + 1 + j}] = {float(self.a_extra[i, s + 1 + j])!r}"
            )
        if m:
            _check_row_sums(self.name, "a_extra", self.a_extra, "c_extra", self.c_extra)

    def _check_weights(self) -> None:
        if not _close(float(np.sum(self.b)), 1.0, self.b):
            self._fail(f"the weights b must sum to 1 (consistency), got {float(np.sum(self.b))!r}")
        for field in ("e", "e_low"):
            weights = getattr(self, field)
            if not _close(float(np.sum(weights)), 0.0, weights):
                self._fail(
                    f"the error weights {field} must sum to 0 (difference of two consistent "
                    f"solutions), got {float(np.sum(weights))!r}"
                )
        at_one = np.zeros(self.dense.shape[0])
        at_one[: self.stages] = self.b
        for j in range(self.dense.shape[0]):
            if not _close(float(np.sum(self.dense[j])), float(at_one[j]), self.dense[j]):
                self._fail(
                    f"the dense output must reproduce the propagated solution at theta = 1, "
                    f"but row {j} of dense sums to {float(np.sum(self.dense[j]))!r} instead of "
                    f"{float(at_one[j])!r}"
                )


def _close(value: float, target: float, terms: np.ndarray) -> bool:
    """Whether ``value`` (a sum of ``terms``) equals ``target`` up to rounding."""
    scale = max(1.0, float(np.sum(np.abs(terms))))
    return abs(value - target) <= _CONSISTENCY_RTOL * scale


def _check_row_sums(name: str, a_name: str, a: np.ndarray, c_name: str, c: np.ndarray) -> None:
    """Raise ``ValueError`` unless every row of ``a`` sums to the matching node."""
    for i in range(a.shape[0]):
        if not _close(float(np.sum(a[i])), float(c[i]), a[i]):
            raise ValueError(
                f"ButcherTableau {name!r}: row sums of {a_name} must equal {c_name}, but row "
                f"{i} sums to {float(np.sum(a[i]))!r} while {c_name}[{i}] = {float(c[i])!r}"
            )


# -- rooted trees and order conditions ------------------------------------------------------


def _tree_order(tree: _Tree) -> int:
    """Return the number of vertices of ``tree``."""
    return 1 + sum(_tree_order(child) for child in tree)


def _tree_density(tree: _Tree) -> int:
    """Density ``gamma(tree)``: the order times the densities of the subtrees."""
    return _tree_order(tree) * math.prod(_tree_density(child) for child in tree)


def _forests(pool: Sequence[tuple[_Tree, int]], weight: int, start: int) -> list[tuple[_Tree, ...]]:
    """All multisets of trees from ``pool[start:]`` with ``weight`` vertices in total.

    Each multiset is listed once, as the tuple of its members in pool order.
    """
    if weight == 0:
        return [()]
    result = []
    for index in range(start, len(pool)):
        tree, size = pool[index]
        if size <= weight:
            result.extend((tree, *rest) for rest in _forests(pool, weight - size, index))
    return result


@functools.cache
def _rooted_trees(max_order: int) -> tuple[tuple[_Tree, ...], ...]:
    """Rooted trees grouped by order: element ``n`` holds all trees with ``n`` vertices.

    A tree with ``n`` vertices is a root whose subtrees form a forest with ``n - 1``
    vertices, so the trees are built order by order from the smaller ones. The
    counts are 1, 1, 2, 4, 9, 20, 48, 115, ... (OEIS A000081).
    """
    by_order: list[tuple[_Tree, ...]] = [(), ((),)]
    pool: list[tuple[_Tree, int]] = []
    for n in range(2, max_order + 1):
        pool.extend((tree, n - 1) for tree in by_order[n - 1])
        by_order.append(tuple(_forests(pool, n - 1, 0)))
    return tuple(by_order[: max_order + 1])


def _order_conditions_residual(a: np.ndarray, b: np.ndarray, order: int) -> float:
    """Max of ``|b . Phi(t) - 1/gamma(t)|`` over all rooted trees with ``<= order`` vertices."""
    weights: dict[_Tree, np.ndarray] = {}

    def stage_weights(tree: _Tree) -> np.ndarray:
        # Phi_i(t) = prod over subtrees u of (a @ Phi(u))_i; Phi_i(single vertex) = 1
        if tree not in weights:
            vector = np.ones(b.shape[0])
            for child in tree:
                vector = vector * (a @ stage_weights(child))
            weights[tree] = vector
        return weights[tree]

    residual = 0.0
    for trees in _rooted_trees(order)[1:]:
        for tree in trees:
            value = float(b @ stage_weights(tree))
            residual = max(residual, abs(value - 1.0 / _tree_density(tree)))
    return residual


# -- construction helpers ---------------------------------------------------------------------


def _dense_rows(rows: Sequence[Mapping[int, float]], columns: int) -> np.ndarray:
    """Full matrix from rows given as ``{column: value}`` mappings of the non-zeros."""
    matrix = np.zeros((len(rows), columns))
    for i, row in enumerate(rows):
        for j, value in row.items():
            matrix[i, j] = value
    return matrix


def _padded(values: Sequence[float], length: int) -> np.ndarray:
    """``values`` followed by zeros up to ``length`` entries."""
    vector = np.zeros(length)
    vector[: len(values)] = values
    return vector


# -- DOPRI5: Dormand-Prince 5(4) ----------------------------------------------------------------
# Coefficients from [1] (also listed in [3]); dense output from [2].

_DOPRI5_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0])
_DOPRI5_A = np.array(
    [
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [1 / 5, 0.0, 0.0, 0.0, 0.0, 0.0],
        [3 / 40, 9 / 40, 0.0, 0.0, 0.0, 0.0],
        [44 / 45, -56 / 15, 32 / 9, 0.0, 0.0, 0.0],
        [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0.0, 0.0],
        [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0.0],
    ]
)
_DOPRI5_B = np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84])
# Fourth-order embedded weights over the six stages and the FSAL stage.
_DOPRI5_B_HAT = np.array(
    [5179 / 57600, 0.0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40]
)
# e = b_hat - b, written out exactly (it is not computed from the rounded weights).
_DOPRI5_E = np.array([-71 / 57600, 0.0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40])
# Shampine's quartic interpolant with his preferred free parameter, in the monomial
# basis theta, theta**2, theta**3, theta**4 (rows: six stages, then the FSAL stage).
_DOPRI5_DENSE = np.array(
    [
        [1.0, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
        [0.0, 0.0, 0.0, 0.0],
        [
            0.0,
            131558114200 / 32700410799,
            -68118460800 / 10900136933,
            87487479700 / 32700410799,
        ],
        [0.0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
        [
            0.0,
            127303824393 / 49829197408,
            -318862633887 / 49829197408,
            701980252875 / 199316789632,
        ],
        [0.0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
        [0.0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
    ]
)

#: Dormand-Prince 5(4) pair (FSAL, 6 + 1 stages) with Shampine's 4th-order dense output.
DOPRI5 = ButcherTableau(
    name="DOPRI5",
    order=5,
    error_order=4,
    a=_DOPRI5_A,
    b=_DOPRI5_B,
    c=_DOPRI5_C,
    e=_DOPRI5_E,
    e_low=np.zeros(7),
    a_extra=np.zeros((0, 7)),
    c_extra=np.zeros(0),
    dense=_DOPRI5_DENSE,
)


# -- DOP853: Dormand-Prince 8(5,3) -----------------------------------------------------------
# Coefficients of Hairer and Wanner's DOP853 code (see [3], based on [4]), given to 30
# significant digits.
# Stages 0..11 are the ordinary stages, stage 12 the FSAL stage (its row of the stage
# matrix is b) and stages 13..15 the extra stages of the dense output.

_DOP853_STAGES = 12
_DOP853_EXTENDED = 16

_DOP853_C_ALL = np.array(
    [
        0.0,  # stage 0
        0.526001519587677318785587544488e-01,  # stage 1
        0.789002279381515978178381316732e-01,  # stage 2
        0.118350341907227396726757197510,  # stage 3
        0.281649658092772603273242802490,  # stage 4
        0.333333333333333333333333333333,  # stage 5
        0.25,  # stage 6
        0.307692307692307692307692307692,  # stage 7
        0.651282051282051282051282051282,  # stage 8
        0.6,  # stage 9
        0.857142857142857142857142857142,  # stage 10
        1.0,  # stage 11
        1.0,  # stage 12
        0.1,  # stage 13
        0.2,  # stage 14
        0.777777777777777777777777777778,  # stage 15
    ]
)

# Non-zero entries of the rows of the 12 x 12 stage matrix (row 0 is empty).
_DOP853_A_ROWS: tuple[dict[int, float], ...] = (
    {},
    {  # row 1
        0: 5.26001519587677318785587544488e-2,
    },
    {  # row 2
        0: 1.97250569845378994544595329183e-2,
        1: 5.91751709536136983633785987549e-2,
    },
    {  # row 3
        0: 2.95875854768068491816892993775e-2,
        2: 8.87627564304205475450678981324e-2,
    },
    {  # row 4
        0: 2.41365134159266685502369798665e-1,
        2: -8.84549479328286085344864962717e-1,
        3: 9.24834003261792003115737966543e-1,
    },
    {  # row 5
        0: 3.7037037037037037037037037037e-2,
        3: 1.70828608729473871279604482173e-1,
        4: 1.25467687566822425016691814123e-1,
    },
    {  # row 6
        0: 3.7109375e-2,
        3: 1.70252211019544039314978060272e-1,
        4: 6.02165389804559606850219397283e-2,
        5: -1.7578125e-2,
    },
    {  # row 7
        0: 3.70920001185047927108779319836e-2,
        3: 1.70383925712239993810214054705e-1,
        4: 1.07262030446373284651809199168e-1,
        5: -1.53194377486244017527936158236e-2,
        6: 8.27378916381402288758473766002e-3,
    },
    {  # row 8
        0: 6.24110958716075717114429577812e-1,
        3: -3.36089262944694129406857109825,
        4: -8.68219346841726006818189891453e-1,
        5: 2.75920996994467083049415600797e1,
        6: 2.01540675504778934086186788979e1,
        7: -4.34898841810699588477366255144e1,
    },
    {  # row 9
        0: 4.77662536438264365890433908527e-1,
        3: -2.48811461997166764192642586468,
        4: -5.90290826836842996371446475743e-1,
        5: 2.12300514481811942347288949897e1,
        6: 1.52792336328824235832596922938e1,
        7: -3.32882109689848629194453265587e1,
        8: -2.03312017085086261358222928593e-2,
    },
    {  # row 10
        0: -9.3714243008598732571704021658e-1,
        3: 5.18637242884406370830023853209,
        4: 1.09143734899672957818500254654,
        5: -8.14978701074692612513997267357,
        6: -1.85200656599969598641566180701e1,
        7: 2.27394870993505042818970056734e1,
        8: 2.49360555267965238987089396762,
        9: -3.0467644718982195003823669022,
    },
    {  # row 11
        0: 2.27331014751653820792359768449,
        3: -1.05344954667372501984066689879e1,
        4: -2.00087205822486249909675718444,
        5: -1.79589318631187989172765950534e1,
        6: 2.79488845294199600508499808837e1,
        7: -2.85899827713502369474065508674,
        8: -8.87285693353062954433549289258,
        9: 1.23605671757943030647266201528e1,
        10: 6.43392746015763530355970484046e-1,
    },
)

# Eighth-order weights b (the stage-matrix row of the FSAL stage).
_DOP853_B_ENTRIES: dict[int, float] = {
    0: 5.42937341165687622380535766363e-2,
    5: 4.45031289275240888144113950566,
    6: 1.89151789931450038304281599044,
    7: -5.8012039600105847814672114227,
    8: 3.1116436695781989440891606237e-1,
    9: -1.52160949662516078556178806805e-1,
    10: 2.01365400804030348374776537501e-1,
    11: 4.47106157277725905176885569043e-2,
}

# Rows of the extra stages 13, 14, 15; columns 0..15 (stage 12 is the FSAL stage).
_DOP853_A_EXTRA_ROWS: tuple[dict[int, float], ...] = (
    {  # stage 13
        0: 5.61675022830479523392909219681e-2,
        6: 2.53500210216624811088794765333e-1,
        7: -2.46239037470802489917441475441e-1,
        8: -1.24191423263816360469010140626e-1,
        9: 1.5329179827876569731206322685e-1,
        10: 8.20105229563468988491666602057e-3,
        11: 7.56789766054569976138603589584e-3,
        12: -8.298e-3,
    },
    {  # stage 14
        0: 3.18346481635021405060768473261e-2,
        5: 2.83009096723667755288322961402e-2,
        6: 5.35419883074385676223797384372e-2,
        7: -5.49237485713909884646569340306e-2,
        10: -1.08347328697249322858509316994e-4,
        11: 3.82571090835658412954920192323e-4,
        12: -3.40465008687404560802977114492e-4,
        13: 1.41312443674632500278074618366e-1,
    },
    {  # stage 15
        0: -4.28896301583791923408573538692e-1,
        5: -4.69762141536116384314449447206,
        6: 7.68342119606259904184240953878,
        7: 4.06898981839711007970213554331,
        8: 3.56727187455281109270669543021e-1,
        12: -1.39902416515901462129418009734e-3,
        13: 2.9475147891527723389556272149,
        14: -9.15095847217987001081870187138,
    },
)

# Error weights of the fifth-order estimate (called E5 in some implementations).
_DOP853_E5_ENTRIES: dict[int, float] = {
    0: 0.1312004499419488073250102996e-1,
    5: -0.1225156446376204440720569753e1,
    6: -0.4957589496572501915214079952,
    7: 0.1664377182454986536961530415e1,
    8: -0.3503288487499736816886487290,
    9: 0.3341791187130174790297318841,
    10: 0.8192320648511571246570742613e-1,
    11: -0.2235530786388629525884427845e-1,
}

# Weights of the embedded third-order solution; the second error estimate is b - these.
_DOP853_B_HAT3_ENTRIES: dict[int, float] = {
    0: 0.244094488188976377952755905512,
    8: 0.733846688281611857341361741547,
    11: 0.220588235294117647058823529412e-1,
}

# Coefficients of the four highest interpolation polynomials (Hairer's d4j .. d7j)
# over the 16 extended stages; see _dop853_dense_monomial for how they are combined.
_DOP853_D_ROWS: tuple[dict[int, float], ...] = (
    {  # d4
        0: -0.84289382761090128651353491142e1,
        5: 0.56671495351937776962531783590,
        6: -0.30689499459498916912797304727e1,
        7: 0.23846676565120698287728149680e1,
        8: 0.21170345824450282767155149946e1,
        9: -0.87139158377797299206789907490,
        10: 0.22404374302607882758541771650e1,
        11: 0.63157877876946881815570249290,
        12: -0.88990336451333310820698117400e-1,
        13: 0.18148505520854727256656404962e2,
        14: -0.91946323924783554000451984436e1,
        15: -0.44360363875948939664310572000e1,
    },
    {  # d5
        0: 0.10427508642579134603413151009e2,
        5: 0.24228349177525818288430175319e3,
        6: 0.16520045171727028198505394887e3,
        7: -0.37454675472269020279518312152e3,
        8: -0.22113666853125306036270938578e2,
        9: 0.77334326684722638389603898808e1,
        10: -0.30674084731089398182061213626e2,
        11: -0.93321305264302278729567221706e1,
        12: 0.15697238121770843886131091075e2,
        13: -0.31139403219565177677282850411e2,
        14: -0.93529243588444783865713862664e1,
        15: 0.35816841486394083752465898540e2,
    },
    {  # d6
        0: 0.19985053242002433820987653617e2,
        5: -0.38703730874935176555105901742e3,
        6: -0.18917813819516756882830838328e3,
        7: 0.52780815920542364900561016686e3,
        8: -0.11573902539959630126141871134e2,
        9: 0.68812326946963000169666922661e1,
        10: -0.10006050966910838403183860980e1,
        11: 0.77771377980534432092869265740,
        12: -0.27782057523535084065932004339e1,
        13: -0.60196695231264120758267380846e2,
        14: 0.84320405506677161018159903784e2,
        15: 0.11992291136182789328035130030e2,
    },
    {  # d7
        0: -0.25693933462703749003312586129e2,
        5: -0.15418974869023643374053993627e3,
        6: -0.23152937917604549567536039109e3,
        7: 0.35763911791061412378285349910e3,
        8: 0.93405324183624310003907691704e2,
        9: -0.37458323136451633156875139351e2,
        10: 0.10409964950896230045147246184e3,
        11: 0.29840293426660503123344363579e2,
        12: -0.43533456590011143754432175058e2,
        13: 0.96324553959188282948394950600e2,
        14: -0.39177261675615439165231486172e2,
        15: -0.14972683625798562581422125276e3,
    },
)

_DOP853_A = _dense_rows(_DOP853_A_ROWS, _DOP853_STAGES)
_DOP853_B = _dense_rows([_DOP853_B_ENTRIES], _DOP853_STAGES)[0]
_DOP853_C = _DOP853_C_ALL[:_DOP853_STAGES]
_DOP853_A_EXTRA = _dense_rows(_DOP853_A_EXTRA_ROWS, _DOP853_EXTENDED)
_DOP853_C_EXTRA = _DOP853_C_ALL[_DOP853_STAGES + 1 :]
_DOP853_E5 = _dense_rows([_DOP853_E5_ENTRIES], _DOP853_STAGES + 1)[0]
_DOP853_E3 = (
    _padded(_DOP853_B, _DOP853_STAGES + 1)
    - _dense_rows([_DOP853_B_HAT3_ENTRIES], _DOP853_STAGES + 1)[0]
)
_DOP853_D = _dense_rows(_DOP853_D_ROWS, _DOP853_EXTENDED)


def _dop853_dense_monomial(b: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Convert DOP853's nested interpolation formula to the monomial ``dense`` matrix.

    Hairer's code evaluates the interpolant as

    .. code-block:: text

        y0 + theta (r0 + (1-theta) (r1 + theta (r2 + (1-theta) (r3 + theta (r4
           + (1-theta) (r5 + theta r6))))))

    with ``r0 = y_new - y0``, ``r1 = h K[0] - r0``, ``r2 = 2 r0 - h (K[0] + K[12])``
    and ``r(3+i) = h sum_j d[i, j] K[j]``. Each ``r`` is ``h`` times a fixed
    combination of the 16 stages, and the polynomial multiplying ``r_n`` is
    ``theta**(n//2 + 1) * (1 - theta)**((n+1)//2)``. Expanding these products gives
    the coefficients of ``theta**1 .. theta**7``. The arithmetic is exact (on the
    binary values of ``b`` and ``d``) and rounded once at the end.

    Parameters
    ----------
    b : numpy.ndarray, shape (12,)
        Weights of the propagated solution.
    d : numpy.ndarray, shape (4, 16)
        Coefficients of ``r3 .. r6``.

    Returns
    -------
    numpy.ndarray, shape (16, 7)
        Monomial dense-output matrix.
    """
    n_ext = d.shape[1]
    n_terms = 3 + d.shape[0]
    fsal = b.shape[0]
    b_ext = [Fraction(float(v)) for v in b] + [Fraction(0)] * (n_ext - b.shape[0])
    unit = [Fraction(int(j == 0)) for j in range(n_ext)]
    last = [Fraction(int(j == fsal)) for j in range(n_ext)]
    # rows: stage combinations (divided by h) of r0 .. r6
    combos = [
        b_ext,
        [u - w for u, w in zip(unit, b_ext, strict=True)],
        [2 * w - u - v for u, v, w in zip(unit, last, b_ext, strict=True)],
    ] + [[Fraction(float(v)) for v in row] for row in d]
    # monomial coefficients (powers 1 .. n_terms) of theta**p (1 - theta)**q
    powers = np.zeros((n_terms, n_terms), dtype=object)
    for n in range(n_terms):
        p, q = n // 2 + 1, (n + 1) // 2
        for i in range(q + 1):
            powers[n, p + i - 1] = (-1) ** i * math.comb(q, i)
    dense = np.zeros((n_ext, n_terms))
    for j in range(n_ext):
        for k in range(n_terms):
            dense[j, k] = float(sum(combos[n][j] * int(powers[n, k]) for n in range(n_terms)))
    return dense


#: Dormand-Prince 8(5,3) pair of Hairer's DOP853 (FSAL, 12 + 1 stages) with its
#: 7th-order dense output (3 extra stages).
DOP853 = ButcherTableau(
    name="DOP853",
    order=8,
    error_order=7,
    a=_DOP853_A,
    b=_DOP853_B,
    c=_DOP853_C,
    e=_DOP853_E5,
    e_low=_DOP853_E3,
    a_extra=_DOP853_A_EXTRA,
    c_extra=_DOP853_C_EXTRA,
    dense=_dop853_dense_monomial(_DOP853_B, _DOP853_D),
)
