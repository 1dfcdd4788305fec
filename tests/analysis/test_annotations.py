"""The stored annotations: complete, internally consistent, and true to exact identities."""

import numpy as np
import pytest

import chaosbench
from tests.conftest import ALL

CATALOG = chaosbench.catalog()


def stored(name):
    return chaosbench.get(name).annotations


@pytest.mark.parametrize("name", ALL)
def test_every_system_is_annotated_consistently(name):
    system = chaosbench.get(name)
    values = stored(name)
    spectrum = values["lyapunov_spectrum"]
    assert values["max_lyapunov"] == spectrum[0]
    assert spectrum == sorted(spectrum, reverse=True)
    assert len(values["ic"]) == system.dimension
    if values["kaplan_yorke_dimension"] is not None:
        # a delay equation's phase space is infinite-dimensional: bounded by the exponents
        bound = len(spectrum) if system.kind == "delay" else system.dimension
        assert 0 <= values["kaplan_yorke_dimension"] <= bound
    if system.kind == "map":
        assert values["dt"] == 1.0
    else:  # the recommended step is the one the annotations were computed with
        assert values["dt"] == pytest.approx(min(values["period"], values["timescale"]) / 100)
    if values["chaotic"]:
        assert values["max_lyapunov"] - 3 * values["max_lyapunov_error"] > 0
        assert values["lyapunov_time"] == pytest.approx(1 / values["max_lyapunov"])


TANGENT = [
    n
    for n in ALL
    if chaosbench.get(n).kind in ("flow", "map")
    and stored(n).get("lyapunov_method", "").startswith("tangent")
    and stored(n).get("lyapunov_spectrum_complete", True)
]


@pytest.mark.parametrize("name", TANGENT)
def test_exponents_sum_to_the_mean_divergence(name):
    # Liouville: the exponents add up to the time average of div f (flows) or of
    # log |det J| (maps) along the orbit; both are stored from the same orbits
    values = stored(name)
    total = sum(values["lyapunov_spectrum"])
    # relative 1e-2, measured against the sum or, for conservative systems whose sum
    # vanishes, against the largest exponent
    scale = max(abs(total), abs(values["lyapunov_spectrum"][0]))
    assert abs(total - values["mean_divergence"]) <= 1e-2 * scale


@pytest.mark.parametrize(
    "name",
    [n for n in TANGENT if chaosbench.get(n).kind == "flow" and chaosbench.get(n).autonomous],
)
def test_autonomous_flows_have_one_zero_exponent(name):
    values = stored(name)
    spectrum = np.array(values["lyapunov_spectrum"])
    errors = np.array(values["lyapunov_spectrum_error"])
    closest = np.argmin(np.abs(spectrum))
    assert abs(spectrum[closest]) < max(0.05 * abs(spectrum[0]), 5 * errors[closest], 2e-3)


def test_catalog_has_one_row_per_system_and_the_promised_breadth():
    assert list(CATALOG.index) == chaosbench.systems()
    counts = CATALOG.kind.value_counts()
    assert counts["flow"] >= 140 and counts["map"] >= 25 and counts["delay"] >= 6
    chaotic = CATALOG[CATALOG.chaotic == True]  # noqa: E712 - a column of booleans
    for column in ("max_lyapunov", "lyapunov_time", "dt", "pesin_entropy"):
        assert chaotic[column].notna().all(), column


# exact values: chaos whose exponents are known in closed form
EXACT = {
    "CatMap": [np.log((3 + np.sqrt(5)) / 2), -np.log((3 + np.sqrt(5)) / 2)],
    "Baker": [np.log(2), -np.log(2)],
    "KaplanYorke": [np.log(2), np.log(0.2)],
    "Tent": [np.log(1.9)],
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_maps_with_exact_exponents(name):
    np.testing.assert_allclose(stored(name)["lyapunov_spectrum"], EXACT[name], atol=2e-3)


# published values (Sprott, Chaos and Time-Series Analysis, 2003, Appendix A)
PUBLISHED = {
    "Henon": ([0.41922, -1.62319], 0.005),
    "Lozi": ([0.47023, -1.16338], 0.01),
    "Ikeda": ([0.50760, -0.71832], 0.01),
    "Lorenz": ([0.9056, 0.0, -14.5723], 0.02),
    "Rossler": ([0.0714, 0.0, -5.3943], 0.005),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_lyapunov_spectra(name):
    expected, tolerance = PUBLISHED[name]
    spectrum = stored(name)["lyapunov_spectrum"]
    np.testing.assert_allclose(spectrum[0], expected[0], atol=tolerance * max(1, expected[0]))
    np.testing.assert_allclose(spectrum, expected, atol=max(tolerance, 0.01 * abs(expected[-1])))


def test_published_dimensions():
    # Kaplan–Yorke 2.0621 for Lorenz (Sprott 2003); correlation dimensions 2.05 (Lorenz)
    # and 1.21 (Henon) from Grassberger & Procaccia, Physica D 9, 189 (1983)
    assert stored("Lorenz")["kaplan_yorke_dimension"] == pytest.approx(2.062, abs=0.01)
    assert stored("Lorenz")["correlation_dimension"] == pytest.approx(2.05, abs=0.1)
    assert stored("Henon")["correlation_dimension"] == pytest.approx(1.21, abs=0.05)


def test_only_semilinear_flows_store_a_partial_spectrum():
    for name in ALL:
        values, system = stored(name), chaosbench.get(name)
        if not values.get("lyapunov_spectrum_complete", True) and system.kind == "flow":
            assert system.declaration.semilinear or values["lyapunov_method"] == "two trajectories"


def test_kuramoto_sivashinsky_has_two_translation_symmetries():
    # time and space translations of the periodic KS equation each give a zero exponent,
    # between the single positive one and the damped ones
    spectrum = np.array(stored("KuramotoSivashinsky")["lyapunov_spectrum"])
    errors = np.array(stored("KuramotoSivashinsky")["lyapunov_spectrum_error"])
    assert spectrum[0] > 0.03
    assert np.all(np.abs(spectrum[1:3]) < 0.003 + 3 * errors[1:3])
    assert np.all(spectrum[4:] < -0.1)
