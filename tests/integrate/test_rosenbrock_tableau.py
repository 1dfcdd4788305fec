"""The RODAS4 record checks itself, and what it checks is what makes it RODAS4."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from chaosbench.integrate.methods import METHODS
from chaosbench.integrate.rosenbrock_tableau import RODAS4, RosenbrockTableau


def stability_function(tableau: RosenbrockTableau, z: complex) -> complex:
    """R(z) = 1 + z b^T (I - z B)^{-1} 1 with B = alpha + Gamma (Hairer & Wanner IV.7)."""
    alpha, gamma_matrix, b, _ = tableau.standard_form()
    s = tableau.stages
    return 1.0 + z * b @ np.linalg.solve(np.eye(s) - z * (alpha + gamma_matrix), np.ones(s))


def test_rodas4_has_orders_four_and_three():
    assert RODAS4.order_conditions_residual(4) < 1e-14
    assert RODAS4.order_conditions_residual(3, embedded=True) < 1e-14
    # the embedded solution is of order three exactly, so the error estimate is not zero
    assert RODAS4.order_conditions_residual(4, embedded=True) > 1e-3


def test_rodas4_is_stiffly_accurate_and_l_stable():
    alpha, gamma_matrix, b, embedded = RODAS4.standard_form()
    full = alpha + gamma_matrix
    np.testing.assert_allclose(b, full[-1], atol=1e-14)  # x_new is the last stage argument
    np.testing.assert_allclose(embedded, full[-2], atol=1e-14)
    assert abs(stability_function(RODAS4, -1e12)) < 1e-9
    for y in np.geomspace(1e-3, 1e6, 200):
        assert abs(stability_function(RODAS4, 1j * y)) <= 1.0 + 1e-12
    for z in -np.geomspace(1e-3, 1e6, 200):
        assert abs(stability_function(RODAS4, z)) <= 1.0


def test_rodas4_time_coefficients_are_the_row_sums():
    _, gamma_matrix, _, _ = RODAS4.standard_form()
    np.testing.assert_allclose(gamma_matrix.sum(axis=1), RODAS4.d, atol=1e-14)
    assert np.all(np.diag(gamma_matrix) == RODAS4.gamma)
    assert np.all(np.triu(gamma_matrix, 1) == 0.0)


@pytest.mark.parametrize(
    ("field", "index", "message"),
    [
        ("a", (2, 1), "nodes"),
        ("c", (4, 2), "nodes"),
        ("nodes", (2,), "nodes"),
        ("d", (1,), "row sums of Gamma"),
        ("m", (0,), "order"),
    ],
)
def test_a_mistyped_digit_is_caught(field, index, message):
    values = np.array(getattr(RODAS4, field))
    values[index] *= 1.0 + 1e-9
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(RODAS4, **{field: values})


def test_shape_and_triangularity_are_checked():
    with pytest.raises(ValueError, match="strictly lower"):
        dataclasses.replace(RODAS4, a=np.array(RODAS4.a) + np.eye(6))
    with pytest.raises(ValueError, match="shape"):
        dataclasses.replace(RODAS4, nodes=np.zeros(5))
    with pytest.raises(ValueError, match="gamma"):
        dataclasses.replace(RODAS4, gamma=-0.25)


def test_coefficients_are_frozen_and_used_by_the_method_record():
    assert METHODS["rosenbrock"].coefficients() == RODAS4.coefficients
    with pytest.raises(ValueError):
        RODAS4.a[1, 0] = 0.0
