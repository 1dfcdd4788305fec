"""The public Lyapunov API: converged defaults, honest signs and standard errors.

References are independent of the estimator under test: literature values (Lorenz
rho=28: 0.9056, Sprott 2003; Henon: 0.41922, Sprott 2003), the eigenvalues of the
Jacobian at the stable fixed points of Lorenz at rho=20 (computed here with numpy),
and a long fixed-length run (1e4 time units) for the periodic window at rho=99.96.
"""

import json

import numpy as np
import pytest

import chaosbench
from chaosbench.cli import main
from chaosbench.errors import InvalidParameterError, UnknownNameError

LORENZ = chaosbench.get("Lorenz")


def _fixed_point_rate(rho: float) -> float:
    """Largest real part of the Jacobian's eigenvalues at C+ of Lorenz (stable at rho<24.74)."""
    beta = LORENZ.parameters["beta"]
    c = np.sqrt(beta * (rho - 1.0))
    J = LORENZ.jacobian([c, c, rho - 1.0], parameters={"rho": rho})
    return float(np.max(np.linalg.eigvals(J).real))


@pytest.mark.parametrize(
    "name, parameters, reference",
    [
        ("Lorenz", None, 0.9056),
        ("Lorenz", {"rho": 20.0}, _fixed_point_rate(20.0)),
        ("Henon", None, 0.41922),
    ],
)
def test_defaults_converge_to_the_reference(name, parameters, reference):
    result = chaosbench.get(name).lyapunov_spectrum(parameters=parameters)
    assert result.converged, result.message
    assert result.sign == np.sign(reference), result.message
    assert abs(result.max_exponent - reference) <= 0.02 * abs(reference)
    assert 0 < result.max_exponent_stderr < 0.02 * abs(reference)
    assert result.message.startswith("converged")


def test_stable_fixed_point_is_never_called_chaotic():
    """The issue's case: a short fixed run once gave lambda_1 = +0.43 at rho = 20."""
    result = LORENZ.lyapunov_spectrum(parameters={"rho": 20.0})
    assert result.max_exponent < 0 and result.sign == -1
    assert "lambda_1 < 0" in result.message


def test_periodic_window_has_a_zero_exponent():
    """rho = 99.96 is a periodic window: lambda_1 = 0, lambda_2 < 0 (long run: -0.0535)."""
    result = LORENZ.lyapunov_spectrum(parameters={"rho": 99.96})
    assert result.converged
    assert result.sign == 0 and abs(result.max_exponent) < result.tolerance[0]
    assert result.exponents[1] == pytest.approx(-0.0535, rel=0.05)


def test_complete_spectrum_sums_to_the_mean_divergence():
    result = LORENZ.lyapunov_spectrum()
    sigma, beta = LORENZ.parameters["sigma"], LORENZ.parameters["beta"]
    assert result.complete
    assert result.mean_divergence == pytest.approx(-(sigma + 1 + beta), rel=1e-12)
    assert np.sum(result.exponents) == pytest.approx(result.mean_divergence, rel=1e-6)


def test_a_run_cut_short_says_it_did_not_converge_and_claims_no_sign():
    result = LORENZ.lyapunov_spectrum(parameters={"rho": 20.0}, max_seconds=0.05)
    assert not result.converged
    assert "NOT converged" in result.message
    assert result.sign in (0, -1)  # never the wrong sign


def test_equal_seeds_give_equal_results():
    one = chaosbench.get("Henon").lyapunov_spectrum(seed=3)
    two = chaosbench.get("Henon").lyapunov_spectrum(seed=3)
    assert np.array_equal(one.exponents, two.exponents)


@pytest.mark.parametrize(
    "options",
    [{"n_exponents": 4}, {"rel_error": 1.0}, {"n_runs": 2}, {"ic": [1.0, 2.0]}, {"spread": -1}],
)
def test_bad_arguments_are_refused_in_one_line(options):
    with pytest.raises(InvalidParameterError) as error:
        LORENZ.lyapunov_spectrum(**options)
    assert "\n" not in str(error.value)


def test_cli_prints_the_result_and_exits_by_convergence(capsys):
    assert main(["lyapunov", "Henon", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["converged"] and data["exponents"][0] == pytest.approx(0.41922, rel=0.02)
    assert main(["lyapunov", "Lorenz", "--param", "rho=20", "--max-seconds", "0.05"]) == 1
    captured = capsys.readouterr()
    assert "NOT converged" in captured.out and "did not converge" in captured.err


def test_method_picks_the_integrator_and_a_typo_is_named():
    default = LORENZ.lyapunov_spectrum(seed=1)
    dopri5 = LORENZ.lyapunov_spectrum(seed=1, method="dopri5")
    assert dopri5.converged, dopri5.message
    assert not np.array_equal(dopri5.exponents, default.exponents)  # another integrator ran
    assert dopri5.max_exponent == pytest.approx(0.9056, rel=0.02)
    with pytest.raises(UnknownNameError) as error:
        LORENZ.lyapunov_spectrum(method="dop85")
    assert "method" in str(error.value) and "dop853" in str(error.value)
    assert "\n" not in str(error.value)
    with pytest.raises(UnknownNameError):  # a method without a tangent-space kernel
        LORENZ.lyapunov_spectrum(method="iterate")
