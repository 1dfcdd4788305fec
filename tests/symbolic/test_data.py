"""Task data of the symbolic track: finite differences, task variants, generated arrays."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench.analysis.derivatives import finite_difference
from chaosbench.errors import InvalidParameterError, UnknownNameError
from chaosbench.symbolic.data import (
    SymbolicTask,
    get_task,
    symbolic_data,
    task_data_path,
    task_fingerprint,
    task_names,
)

SMALL = SymbolicTask("small", n_points=400, n_train=2, n_test=2, seed=7)


def lorenz_field(x):
    """Lorenz (1963) at sigma=10, rho=28, beta=8/3, written out independently."""
    u, v, w = x[..., 0], x[..., 1], x[..., 2]
    return np.stack([10.0 * (v - u), u * (28.0 - w) - v, u * v - 8.0 / 3.0 * w], axis=-1)


# --- finite differences ----------------------------------------------------------------


def test_finite_difference_is_exact_for_quartics_at_every_point():
    h = 0.3
    t = h * np.arange(9)
    x = np.column_stack([2 - t + 3 * t**2 - 0.5 * t**3 + 0.25 * t**4, t**4])
    expected = np.column_stack([-1 + 6 * t - 1.5 * t**2 + t**3, 4 * t**3])
    np.testing.assert_allclose(finite_difference(x, h), expected, rtol=1e-10, atol=1e-10)


def test_finite_difference_error_falls_as_the_fourth_power_of_the_step():
    errors = []
    for h in (0.02, 0.01):
        t = h * np.arange(int(2.0 / h) + 1)
        errors.append(np.max(np.abs(finite_difference(np.sin(t), h) - np.cos(t))))
    # fourth order: halving the step divides the error by 2**4 = 16 (one-sided ends included)
    assert 12 < errors[0] / errors[1] < 20


def test_finite_difference_works_along_the_time_axis_of_stacks():
    h = 0.1
    t = h * np.arange(20)
    stack = np.stack([np.column_stack([t**2, t]), np.column_stack([t**3, -t])])
    out = finite_difference(stack, h)
    assert out.shape == (2, 20, 2)
    np.testing.assert_allclose(out[1, :, 0], 3 * t**2, atol=1e-10)
    np.testing.assert_allclose(out[0, :, 1], 1.0, atol=1e-10)


def test_finite_difference_rejects_short_series():
    with pytest.raises(InvalidParameterError, match="at least 5 samples"):
        finite_difference(np.zeros((4, 2)), 0.1)


# --- task variants -----------------------------------------------------------------------


def test_committed_variants_load_and_differ_where_they_should():
    assert {"default", "noisy", "subsampled"} <= set(task_names())
    default, noisy, coarse = get_task(), get_task("noisy"), get_task("subsampled")
    assert default.name == "default" and default.derivatives == "exact"
    assert default.noise_additive == 0 and noisy.noise_additive > 0
    assert noisy.noise_multiplicative > 0 and noisy.derivatives == "finite_difference"
    assert coarse.pts_per_period < default.pts_per_period
    assert "Lorenz" in default.system_names()
    assert "Henon" not in default.system_names()  # maps are not part of the track


def test_unknown_task_and_bad_fields_are_named():
    with pytest.raises(UnknownNameError, match="noisy"):
        get_task("noisey")
    with pytest.raises(UnknownNameError, match="derivatives"):
        SymbolicTask("bad", derivatives="spline")
    with pytest.raises(InvalidParameterError, match="n_test"):
        SymbolicTask("bad", n_test=0)


def test_fingerprint_follows_the_data_definition_only():
    assert task_fingerprint(SMALL, "Lorenz") == task_fingerprint(
        SymbolicTask("renamed", n_points=400, n_train=2, n_test=2, seed=7), "Lorenz"
    )
    assert task_fingerprint(SMALL, "Lorenz") != task_fingerprint(
        SymbolicTask("small", n_points=400, n_train=2, n_test=2, seed=8), "Lorenz"
    )
    assert task_fingerprint(SMALL, "Lorenz") != task_fingerprint(SMALL, "Rossler")


# --- generated data ----------------------------------------------------------------------


def test_lorenz_data_shapes_derivatives_and_cache():
    data = symbolic_data("Lorenz", SMALL)
    assert data.train.states.shape == (2, 400, 3) and data.test.states.shape == (2, 400, 3)
    assert data.dt == pytest.approx(chaosbench.get("Lorenz").annotations["period"] / 100)
    np.testing.assert_allclose(data.time, data.dt * np.arange(400))
    np.testing.assert_array_equal(data.train.states, data.train.clean)  # noiseless
    np.testing.assert_allclose(data.train.derivatives, lorenz_field(data.train.clean), rtol=1e-12)
    scale = np.abs(data.train.derivatives).max()
    assert np.max(np.abs(data.train.estimated - data.train.derivatives)) < 1e-3 * scale
    assert data.given()[1] is data.train.derivatives  # the default task gives exact ones
    path = task_data_path(SMALL, "Lorenz")
    assert path.exists() and SMALL.name in path.name
    held_out = data.test.initial_conditions
    assert np.min(np.linalg.norm(data.train.initial_conditions[:, None] - held_out, axis=-1)) > 1


def test_stored_trajectories_solve_the_equations():
    data = symbolic_data("Lorenz", SMALL)
    x0 = data.test.clean[1, 0]
    ref = solve_ivp(
        lambda t, x: lorenz_field(x), (0, data.time[99]), x0, t_eval=data.time[:100],
        method="DOP853", rtol=1e-12, atol=1e-12,
    )  # fmt: skip
    np.testing.assert_allclose(ref.y.T, data.test.clean[1, :100], atol=1e-6)


def test_noisy_variant_keeps_the_clean_states_and_estimates_from_the_noisy_ones():
    task = SymbolicTask(
        "small_noisy", n_points=400, n_train=2, n_test=2, noise_additive=0.01,
        noise_multiplicative=0.01, derivatives="finite_difference", seed=7,
    )  # fmt: skip
    data = symbolic_data("Lorenz", task)
    clean = symbolic_data("Lorenz", SMALL)
    np.testing.assert_allclose(data.train.clean, clean.train.clean, rtol=1e-12)  # same seed
    relative = np.std(data.train.states - data.train.clean) / np.std(data.train.clean)
    assert 0.003 < relative < 0.05
    np.testing.assert_allclose(
        data.train.estimated, finite_difference(data.train.states, data.dt), rtol=1e-12
    )
    assert data.given()[1] is data.train.estimated


def test_forced_flow_derivatives_use_the_stored_times():
    ueda = chaosbench.get("Ueda")
    data = symbolic_data(ueda, SymbolicTask("small", n_points=400, n_train=1, n_test=1))
    x, y = data.train.clean[0, :, 0], data.train.clean[0, :, 1]
    k, b, omega = (ueda.parameters[p] for p in ("k", "B", "omega"))
    by_hand = b * np.cos(omega * data.time) - k * y - x**3
    np.testing.assert_allclose(data.train.derivatives[0, :, 1], by_hand, rtol=1e-12, atol=1e-12)
    # the differences of the trajectory agree with the stored times, not with shifted ones
    estimated = data.train.estimated[0, :, 1]
    scale = np.abs(by_hand).max()
    assert np.max(np.abs(estimated - by_hand)) < 1e-2 * scale
    shifted = by_hand + b * (np.cos(omega * data.time + np.pi / 2) - np.cos(omega * data.time))
    assert np.max(np.abs(estimated - shifted)) > 0.3 * scale


def test_parameter_overrides_generate_matching_data_in_memory():
    data = symbolic_data("Lorenz", SMALL, parameters={"rho": 35.0})
    np.testing.assert_array_equal(data.parameters, [10.0, 35.0, 8.0 / 3.0])
    u, v, w = (data.test.clean[..., i] for i in range(3))
    np.testing.assert_allclose(data.test.derivatives[..., 1], u * (35.0 - w) - v, rtol=1e-12)
    again = symbolic_data("Lorenz", SMALL, parameters={"rho": 35.0})
    np.testing.assert_array_equal(again.train.states, data.train.states)
    assert (
        np.max(np.abs(data.train.estimated - data.train.derivatives))
        < 1e-3 * np.abs(data.train.derivatives).max()
    )


def test_maps_are_refused():
    with pytest.raises(InvalidParameterError, match="flow"):
        symbolic_data("Henon", SMALL)
