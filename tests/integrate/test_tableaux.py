"""Tests of the Runge-Kutta tableaux in ``chaosbench.integrate.tableaux``.

The references used here are independent of the module under test:

* scipy's ``RK45`` and ``DOP853`` solver objects (coefficients and single steps),
* a separate rooted-tree enumeration (growing trees leaf by leaf) for the order
  conditions, cross-checked against explicit formulas for the low orders,
* the local-error convergence rate on an ODE with a known solution.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import integrate as scipy_integrate

from chaosbench.integrate.tableaux import DOP853, DOPRI5, ButcherTableau

TABLEAUX = [DOPRI5, DOP853]
SCIPY_SOLVERS = {"DOPRI5": scipy_integrate.RK45, "DOP853": scipy_integrate.DOP853}
# (tableau, order of b, order of the e-estimate, order of the e_low estimate, dense order)
ORDERS = {"DOPRI5": (5, 4, None, 4), "DOP853": (8, 5, 3, 7)}

Tree = tuple


# --------------------------------------------------------------------------------------
# Independent rooted-tree machinery: trees of order n are grown from those of order n-1
# by attaching one leaf to every vertex, then deduplicated in canonical (sorted) form.
# --------------------------------------------------------------------------------------


def _canonical(children: list[Tree] | tuple[Tree, ...]) -> Tree:
    return tuple(sorted(children))


def _grow(tree: Tree) -> set[Tree]:
    grown = {_canonical((*tree, ()))}
    for index, child in enumerate(tree):
        for bigger in _grow(child):
            grown.add(_canonical((*tree[:index], bigger, *tree[index + 1 :])))
    return grown


def trees_by_order(max_order: int) -> list[list[Tree]]:
    levels: list[list[Tree]] = [[], [()]]
    for _ in range(2, max_order + 1):
        new: set[Tree] = set()
        for tree in levels[-1]:
            new |= _grow(tree)
        levels.append(sorted(new))
    return levels


TREES = trees_by_order(9)


def size(tree: Tree) -> int:
    return 1 + sum(size(child) for child in tree)


def density(tree: Tree) -> int:
    return size(tree) * math.prod(density(child) for child in tree)


def elementary_weights(a: np.ndarray, tree: Tree) -> np.ndarray:
    """Stage vector Phi(tree): entrywise product of a @ Phi(child) over the children."""
    result = np.ones(a.shape[0])
    for child in tree:
        result *= a @ elementary_weights(a, child)
    return result


def residuals(a: np.ndarray, weights: np.ndarray, order: int, scale: float = 1.0) -> np.ndarray:
    """|weights . Phi(t) - scale**|t| / gamma(t)| for every tree with exactly ``order`` vertices."""
    return np.array(
        [
            abs(weights @ elementary_weights(a, tree) - scale ** size(tree) / density(tree))
            for tree in TREES[order]
        ]
    )


def extended_matrix(tab: ButcherTableau) -> np.ndarray:
    """Square stage matrix over all stages: ordinary, FSAL (row b), then extra stages."""
    s = tab.stages
    m = tab.c_extra.shape[0]
    full = np.zeros((s + 1 + m, s + 1 + m))
    full[:s, :s] = tab.a
    full[s, :s] = tab.b
    full[s + 1 :, :] = tab.a_extra
    return full


def padded_b(tab: ButcherTableau, length: int) -> np.ndarray:
    out = np.zeros(length)
    out[: tab.stages] = tab.b
    return out


# --------------------------------------------------------------------------------------
# Reference single step in plain numpy.
# --------------------------------------------------------------------------------------


def reference_step(
    tab: ButcherTableau,
    fun: Callable[[float, np.ndarray], np.ndarray],
    t0: float,
    y0: np.ndarray,
    h: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Callable[[float], np.ndarray]]:
    """One step: returns (y_new, all stages K, error estimate, dense output in theta)."""
    s = tab.stages
    m = tab.c_extra.shape[0]
    stages = np.zeros((s + 1 + m, y0.shape[0]))
    for i in range(s):
        increment = sum((tab.a[i, j] * stages[j] for j in range(i)), np.zeros_like(y0))
        stages[i] = fun(t0 + tab.c[i] * h, y0 + h * increment)
    y_new = y0 + h * sum((tab.b[j] * stages[j] for j in range(s)), np.zeros_like(y0))
    stages[s] = fun(t0 + h, y_new)
    for i in range(m):
        row = tab.a_extra[i]
        increment = sum((row[j] * stages[j] for j in range(s + 1 + i)), np.zeros_like(y0))
        stages[s + 1 + i] = fun(t0 + tab.c_extra[i] * h, y0 + h * increment)
    error = h * (tab.e @ stages[: s + 1])
    coefficients = tab.dense.T @ stages  # (q, n)

    def dense(theta: float) -> np.ndarray:
        powers = theta ** np.arange(1, tab.dense.shape[1] + 1)
        return y0 + h * (powers @ coefficients)

    return y_new, stages, error, dense


def rhs(t: float, y: np.ndarray) -> np.ndarray:
    """A smooth, nonlinear, non-autonomous test problem."""
    return np.array(
        [
            y[1],
            -y[0] + 0.5 * y[2] * y[0] - 0.1 * y[1] ** 3,
            -0.3 * y[2] + np.sin(2.0 * t) + 0.2 * y[0] * y[1],
        ]
    )


T0 = 0.3
Y0 = np.array([1.0, 0.5, -0.2])
H = 0.2
EPS = float(np.finfo(float).eps)


# --------------------------------------------------------------------------------------
# Coefficients against scipy.
# --------------------------------------------------------------------------------------


def test_dopri5_coefficients_match_scipy() -> None:
    s = scipy_integrate.RK45.n_stages
    a = np.zeros((s, s))
    a[:, : scipy_integrate.RK45.A.shape[1]] = scipy_integrate.RK45.A
    assert DOPRI5.stages == s == 6
    assert (DOPRI5.order, DOPRI5.error_order) == (
        scipy_integrate.RK45.order,
        scipy_integrate.RK45.error_estimator_order,
    )
    assert_array_equal(DOPRI5.a, a)
    assert_array_equal(DOPRI5.b, scipy_integrate.RK45.B)
    assert_array_equal(DOPRI5.c, scipy_integrate.RK45.C)
    assert_array_equal(DOPRI5.e, scipy_integrate.RK45.E)
    assert_array_equal(DOPRI5.dense, scipy_integrate.RK45.P)
    assert DOPRI5.a_extra.shape == (0, 7)
    assert DOPRI5.c_extra.shape == (0,)
    assert_array_equal(DOPRI5.e_low, np.zeros(7))
    assert not DOPRI5.uses_two_error_estimates


def test_dopri5_embedded_weights_give_e() -> None:
    from chaosbench.integrate.tableaux import _DOPRI5_B_HAT

    assert_allclose(_DOPRI5_B_HAT - padded_b(DOPRI5, 7), DOPRI5.e, rtol=0, atol=1e-16)


def test_dop853_coefficients_match_scipy() -> None:
    s = scipy_integrate.DOP853.n_stages
    assert DOP853.stages == s == 12
    assert (DOP853.order, DOP853.error_order) == (
        scipy_integrate.DOP853.order,
        scipy_integrate.DOP853.error_estimator_order,
    )
    assert_array_equal(DOP853.a, scipy_integrate.DOP853.A)
    assert_array_equal(DOP853.b, scipy_integrate.DOP853.B)
    assert_array_equal(DOP853.c, scipy_integrate.DOP853.C)
    assert_array_equal(DOP853.e, scipy_integrate.DOP853.E5)
    assert_allclose(DOP853.e_low, scipy_integrate.DOP853.E3, rtol=0, atol=1e-16)
    assert_array_equal(DOP853.a_extra, scipy_integrate.DOP853.A_EXTRA)
    assert_array_equal(DOP853.c_extra, scipy_integrate.DOP853.C_EXTRA)
    assert DOP853.a_extra.shape == (3, 16)
    assert DOP853.dense.shape == (16, 7)
    assert DOP853.uses_two_error_estimates


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_fsal_structure(tab: ButcherTableau) -> None:
    # the last ordinary stage of both pairs is at c = 1 and the FSAL stage re-uses b
    assert tab.c[0] == 0.0
    assert tab.c[-1] == 1.0
    assert tab.e.shape == tab.e_low.shape == (tab.stages + 1,)
    assert tab.dense.shape[0] == tab.stages + 1 + tab.c_extra.shape[0]


# --------------------------------------------------------------------------------------
# Order conditions.
# --------------------------------------------------------------------------------------


def test_independent_tree_enumeration_counts() -> None:
    # OEIS A000081: number of rooted trees with n vertices
    assert [len(level) for level in TREES[1:]] == [1, 1, 2, 4, 9, 20, 48, 115, 286]
    assert all(density(tree) > 0 for level in TREES for tree in level)


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_explicit_low_order_conditions(tab: ButcherTableau) -> None:
    a, b, c = tab.a, tab.b, tab.c
    conditions = [
        (b.sum(), 1.0),
        (b @ c, 1 / 2),
        (b @ c**2, 1 / 3),
        (b @ (a @ c), 1 / 6),
        (b @ c**3, 1 / 4),
        (b @ (c * (a @ c)), 1 / 8),
        (b @ (a @ c**2), 1 / 12),
        (b @ (a @ (a @ c)), 1 / 24),
        (b @ c**4, 1 / 5),
        (b @ (c**2 * (a @ c)), 1 / 10),
        (b @ ((a @ c) ** 2), 1 / 20),
        (b @ (c * (a @ c**2)), 1 / 15),
        (b @ (c * (a @ (a @ c))), 1 / 30),
        (b @ (a @ c**3), 1 / 20),
        (b @ (a @ (c * (a @ c))), 1 / 40),
        (b @ (a @ (a @ c**2)), 1 / 60),
        (b @ (a @ (a @ (a @ c))), 1 / 120),
    ]
    assert len(conditions) == 1 + 1 + 2 + 4 + 9
    for value, target in conditions:
        assert abs(value - target) < 1e-15
    assert tab.order_conditions_residual(5) < 1e-15


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_order_conditions_of_propagated_solution(tab: ButcherTableau) -> None:
    order = ORDERS[tab.name][0]
    assert tab.order == order
    for p in range(1, order + 1):
        reference = residuals(tab.a, tab.b, p).max()
        assert reference < 1e-14
        assert tab.order_conditions_residual(p) < 1e-14
    # the method is not of higher order, and both implementations see that alike
    reference = max(residuals(tab.a, tab.b, p).max() for p in range(1, order + 2))
    assert reference > 1e-6
    assert_allclose(tab.order_conditions_residual(order + 1), reference, rtol=1e-10)


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_error_weights_annihilate_low_order_trees(tab: ButcherTableau) -> None:
    """e . Phi(t) = 0 for all trees up to the embedded order (over the FSAL-extended tableau)."""
    _, e_order, e_low_order, _ = ORDERS[tab.name]
    s = tab.stages
    a_fsal = extended_matrix(tab)[: s + 1, : s + 1]
    for weights, order in ((tab.e, e_order), (tab.e_low, e_low_order)):
        if order is None:
            assert not np.any(weights)
            continue
        for p in range(1, order + 1):
            assert np.all(
                np.abs([weights @ elementary_weights(a_fsal, t) for t in TREES[p]]) < 1e-14
            )
        violations = [abs(weights @ elementary_weights(a_fsal, t)) for t in TREES[order + 1]]
        assert max(violations) > 1e-6


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_embedded_solutions_through_public_api(tab: ButcherTableau) -> None:
    """The embedded weight vectors, as tableaux of their own, have their stated order."""
    _, e_order, e_low_order, _ = ORDERS[tab.name]
    s = tab.stages
    a_fsal = extended_matrix(tab)[: s + 1, : s + 1]
    c_fsal = np.append(tab.c, 1.0)
    b_fsal = padded_b(tab, s + 1)
    for weights, order in ((tab.e, e_order), (tab.e_low, e_low_order)):
        if order is None:
            continue
        for b_hat in (b_fsal - weights, b_fsal + weights):  # sign conventions differ
            embedded = ButcherTableau(
                name=f"{tab.name} embedded order {order}",
                order=order,
                error_order=order,
                a=a_fsal,
                b=b_hat,
                c=c_fsal,
                e=np.zeros(s + 2),
                e_low=np.zeros(s + 2),
                a_extra=np.zeros((0, s + 2)),
                c_extra=np.zeros(0),
                dense=np.append(b_hat, 0.0)[:, None],
            )
            assert embedded.order_conditions_residual(order) < 1e-14
            assert embedded.order_conditions_residual(order + 1) > 1e-6


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
@pytest.mark.parametrize("theta", [0.1, 0.3, 0.5, 0.77, 1.0])
def test_dense_output_is_a_continuous_extension(tab: ButcherTableau, theta: float) -> None:
    """b(theta) . Phi(t) = theta**|t| / gamma(t) up to the dense-output order."""
    dense_order = ORDERS[tab.name][3]
    full = extended_matrix(tab)
    powers = theta ** np.arange(1, tab.dense.shape[1] + 1)
    b_theta = tab.dense @ powers
    # DOP853's monomial coefficients reach ~500, so b(theta) carries rounding errors of
    # a few ulps of that size (about 1e-13 at theta = 1); allow for them.
    tolerance = 1e-14 + EPS * (np.abs(tab.dense) @ powers).sum()
    for p in range(1, dense_order + 1):
        assert residuals(full, b_theta, p, scale=theta).max() < tolerance
    # ... but it is not of higher order
    if 0.0 < theta < 1.0:
        assert residuals(full, b_theta, dense_order + 1, scale=theta).max() > 1e-6


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_extra_stage_rows_are_consistent(tab: ButcherTableau) -> None:
    assert_allclose(tab.a_extra.sum(axis=1), tab.c_extra, rtol=0, atol=1e-15)
    assert_allclose(tab.a.sum(axis=1), tab.c, rtol=0, atol=1e-14)


# --------------------------------------------------------------------------------------
# Dense output end points and single steps against scipy.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_dense_output_end_points(tab: ButcherTableau) -> None:
    length = tab.dense.shape[0]
    b_full = padded_b(tab, length)
    # coefficient level: rows of dense sum to b (then zeros), up to rounding of the entries
    tolerance = 4 * EPS * np.abs(tab.dense).sum(axis=1)
    assert np.all(np.abs(tab.dense.sum(axis=1) - b_full) <= np.maximum(tolerance, 1e-16))
    # derivative at theta = 0 is f(t0, y0) = K[0]
    assert_allclose(tab.dense[:, 0], np.eye(length)[0], rtol=0, atol=1e-15)

    y_new, stages, _, dense = reference_step(tab, rhs, T0, Y0, H)
    assert_array_equal(dense(0.0), Y0)
    # Evaluating the monomial form rounds each term h K[j] dense[j, k]; for DOPRI5 this
    # is below 1e-14, for DOP853 (coefficients up to ~500) a few times 1e-14.
    rounding = 4 * EPS * (np.abs(tab.dense).sum(axis=1) @ np.abs(H * stages))
    assert_allclose(dense(1.0), y_new, rtol=0, atol=1e-14 + rounding.max())
    if tab is DOPRI5:
        assert_allclose(dense(1.0), y_new, rtol=0, atol=1e-14)


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_single_step_matches_scipy(tab: ButcherTableau) -> None:
    solver = SCIPY_SOLVERS[tab.name](rhs, T0, Y0, T0 + 10.0, first_step=H, rtol=1e3, atol=1e3)
    assert solver.step() is None
    assert solver.status == "running"
    assert solver.t == pytest.approx(T0 + H, abs=1e-15)  # the first step was accepted

    y_new, stages, error, dense = reference_step(tab, rhs, T0, Y0, H)
    s = tab.stages
    assert_allclose(y_new, solver.y, rtol=0, atol=1e-13)
    assert_allclose(stages[: s + 1], solver.K, rtol=0, atol=1e-13)
    assert_allclose(error, H * (solver.K.T @ tab.e), rtol=0, atol=1e-15)

    interpolant = solver.dense_output()
    if tab.c_extra.shape[0]:
        assert_allclose(stages, solver.K_extended, rtol=0, atol=1e-13)
    for theta in (0.0, 0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 1.0):
        assert_allclose(dense(theta), interpolant(T0 + theta * H), rtol=0, atol=1e-12)


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_local_error_convergence(tab: ButcherTableau) -> None:
    """Local errors of y_new and of the dense output shrink like h**(order + 1)."""
    order, _, _, dense_order = ORDERS[tab.name]

    def fun(t: float, y: np.ndarray) -> np.ndarray:
        return np.array([-2.0 * t * y[0] ** 2, y[0]])

    def exact(t: float) -> np.ndarray:
        return np.array([1.0 / (1.0 + t * t), math.atan(t)])

    t0, theta = 0.5, 0.7
    steps = (0.4, 0.1) if order > 5 else (0.1, 0.025)  # a factor of 4 apart
    step_errors, dense_errors = [], []
    for h in steps:
        y_new, _, _, dense = reference_step(tab, fun, t0, exact(t0), h)
        step_errors.append(np.abs(y_new - exact(t0 + h)).max())
        dense_errors.append(np.abs(dense(theta) - exact(t0 + theta * h)).max())
    step_rate = math.log(step_errors[0] / step_errors[1], 4)
    dense_rate = math.log(dense_errors[0] / dense_errors[1], 4)
    assert order + 0.5 < step_rate < order + 1.7
    assert dense_order + 0.5 < dense_rate < dense_order + 1.7


# --------------------------------------------------------------------------------------
# Validation and immutability.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("tab", TABLEAUX, ids=lambda t: t.name)
def test_arrays_are_read_only_float64_c_contiguous(tab: ButcherTableau) -> None:
    for field in ("a", "b", "c", "e", "e_low", "a_extra", "c_extra", "dense"):
        array = getattr(tab, field)
        assert array.dtype == np.float64
        assert array.flags.c_contiguous
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[...] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        tab.order = 3  # type: ignore[misc]


def test_constructor_copies_its_inputs() -> None:
    a = np.array(DOPRI5.a)
    tab = dataclasses.replace(DOPRI5, name="copy", a=a)
    a[1, 0] = 99.0
    assert tab.a[1, 0] == DOPRI5.a[1, 0]
    assert a.flags.writeable


def test_integer_and_list_inputs_are_converted() -> None:
    tab = ButcherTableau(
        name="Heun-Euler",
        order=2,
        error_order=1,
        a=[[0, 0], [1, 0]],
        b=[0.5, 0.5],
        c=[0, 1],
        e=[0.5, -0.5, 0],
        e_low=[0, 0, 0],
        a_extra=np.zeros((0, 3)),
        c_extra=[],
        dense=[[1, -0.5], [0, 0.5], [0, 0]],
    )
    assert tab.stages == 2
    assert tab.a.dtype == np.float64
    assert tab.order_conditions_residual(2) == 0.0
    assert tab.order_conditions_residual(3) > 0.1
    assert "Heun-Euler" in repr(tab)


def test_rejects_non_lower_triangular_a() -> None:
    a = np.array(DOPRI5.a)
    a[2, 3] = 0.1
    a[2, 0] -= 0.1  # keep the row sum so that only triangularity is violated
    with pytest.raises(ValueError, match=r"'bad'.*strictly lower triangular"):
        dataclasses.replace(DOPRI5, name="bad", a=a)
    a = np.array(DOPRI5.a)
    a[3, 3] = 0.5
    a[3, 0] -= 0.5
    with pytest.raises(ValueError, match="strictly lower triangular"):
        dataclasses.replace(DOPRI5, name="bad", a=a)


def test_rejects_wrong_row_sums() -> None:
    a = np.array(DOP853.a)
    a[8, 0] += 1e-9
    with pytest.raises(ValueError, match=r"'bad'.*row sums of a must equal c.*row 8"):
        dataclasses.replace(DOP853, name="bad", a=a)
    c_extra = np.array(DOP853.c_extra)
    c_extra[1] += 1e-6
    with pytest.raises(ValueError, match="row sums of a_extra"):
        dataclasses.replace(DOP853, name="bad", c_extra=c_extra)


def test_rejects_inconsistent_weights() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        dataclasses.replace(DOPRI5, b=np.array(DOPRI5.b) * 1.01)
    e = np.array(DOPRI5.e)
    e[0] += 1e-3
    with pytest.raises(ValueError, match="e must sum to 0"):
        dataclasses.replace(DOPRI5, e=e)
    dense = np.array(DOPRI5.dense)
    dense[2, 3] += 1e-3
    with pytest.raises(ValueError, match="theta = 1"):
        dataclasses.replace(DOPRI5, dense=dense)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("a", np.zeros((6, 5)), "a must be a non-empty square matrix"),
        ("b", np.full(5, 0.2), r"b must have shape \(6,\)"),
        ("c", np.zeros(7), r"c must have shape \(6,\)"),
        ("e", np.zeros(6), r"e must have shape \(7,\)"),
        ("e_low", np.zeros(8), r"e_low must have shape \(7,\)"),
        ("a_extra", np.zeros((1, 8)), r"a_extra must have shape \(0, 7\)"),
        ("dense", np.zeros((6, 4)), r"dense must have shape \(7, q\)"),
        ("c", [0.0, 0.2, 0.3, np.nan, 8 / 9, 1.0], "non-finite"),
        ("order", 0, "order must be a positive integer"),
        ("error_order", 2.5, "error_order must be a positive integer"),
        ("name", "", "non-empty string"),
    ],
)
def test_rejects_malformed_fields(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(DOPRI5, **{field: value})


def test_rejects_extra_stage_referring_to_itself() -> None:
    a_extra = np.array(DOP853.a_extra)
    a_extra[0, 13] = 0.25
    a_extra[0, 0] -= 0.25
    with pytest.raises(ValueError, match="a_extra must not refer to the extra stage itself"):
        dataclasses.replace(DOP853, a_extra=a_extra)


@pytest.mark.parametrize("order", [0, -1, 2.0, True])
def test_order_conditions_residual_rejects_bad_order(order: object) -> None:
    with pytest.raises(ValueError, match="positive integer order"):
        DOPRI5.order_conditions_residual(order)  # type: ignore[arg-type]
