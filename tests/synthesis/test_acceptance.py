"""The screen and the verification: known systems get the verdicts physics gives them."""

from dataclasses import replace

import numpy as np
import pytest

from chaosbench.synthesis import _screen, acceptance
from chaosbench.synthesis.acceptance import TESTS, screen, verify
from chaosbench.synthesis.families import FAMILIES, Candidate, Term

X, Y, Z = (0,), (1,), (2,)


def flow(terms, ic=(1.0, 1.0, 1.0), d=3, kind="flow"):
    return Candidate("polynomial", 0, kind, d, tuple(Term(*t) for t in terms), ic)


# Lorenz with beta = 2.7 (chaotic like the classic 8/3)
LORENZ = flow(
    [
        (0, -100, X),
        (0, 100, Y),
        (1, 280, X),
        (1, -10, Y),
        (1, -10, (0, 2)),
        (2, 10, (0, 1)),
        (2, -27, Z),
    ]
)
ROSSLER = flow(
    [(0, -10, Y), (0, -10, Z), (1, 10, X), (1, 2, Y), (2, 2, ()), (2, 10, (0, 2)), (2, -57, Z)]
)
VAN_DER_POL = flow([(0, 10, Y), (1, -10, X), (1, 10, Y), (1, -10, (0, 0, 1)), (2, -10, Z)])
DECAY = flow([(0, -10, X), (1, -10, Y), (2, -10, Z), (2, 1, (0, 1))])
ESCAPE = flow([(0, 10, (0, 0)), (1, -10, Y), (2, -10, Z)], ic=(1.0, 0.5, 0.5))
HENON = flow([(0, 10, ()), (0, -14, (0, 0)), (0, 10, Y), (1, 3, X)], ic=(0.1, 0.1), d=2, kind="map")
PERIODIC_MAP = flow([(0, 32, X), (0, -32, (0, 0)), (1, 5, X)], ic=(0.3, 0.1), d=2, kind="map")


def test_the_screen_estimates_lorenz_exponent_and_rejects_the_others():
    p, x0 = LORENZ.packed(), np.array(LORENZ.ic)
    outcome, exponent, speed = _screen.screen_flow(p, x0, 0.01, 2000, 5000, 1e4, 0.0)
    assert outcome == _screen.PASSED and abs(exponent - 0.9) < 0.15 and speed > 1
    assert screen(LORENZ) is None and screen(ROSSLER) is None and screen(HENON) is None
    assert screen(ESCAPE) == "bounded"
    assert screen(DECAY) == "not stationary"
    assert screen(VAN_DER_POL) == "positive exponent"  # a limit cycle: largest exponent 0
    assert screen(PERIODIC_MAP) == "positive exponent"


def test_the_screen_of_a_map_measures_henon_exponent():
    outcome, exponent, _ = _screen.screen_map(
        HENON.packed(), np.array(HENON.ic), 100, 20000, 1e4, 0.0
    )
    assert outcome == _screen.PASSED and abs(exponent - 0.419) < 0.01  # Henon's published value


def test_stopping_the_screen_at_half_time_never_changes_its_verdict():
    """The early stop (first half below the least exponent) rejects exactly the
    candidates the whole run rejects, over a few hundred random polynomial flows."""
    family = FAMILIES["polynomial"]
    least = 0.005
    stopped = 0
    for index in range(400):
        candidate = family.draw(3, index)
        p, x0 = candidate.packed(), np.array(candidate.ic)
        escape = 1e4 * max(1.0, float(np.max(np.abs(x0))))
        quick = _screen.screen_flow(p, x0, 0.02, 2500, 5000, escape, least)
        whole = _screen.screen_flow(p, x0, 0.02, 2500, 5000, escape, -np.inf)
        rejects = [r[0] != _screen.PASSED or r[1] < least for r in (quick, whole)]
        assert rejects[0] == rejects[1], index
        stopped += quick[0] == _screen.PASSED and quick[2] == 0.0
    assert stopped > 5  # the early stop was taken


@pytest.mark.parametrize(
    "candidate, exponent",
    [(LORENZ, 0.9), (ROSSLER, 0.071), (HENON, 0.419)],
    ids=["lorenz", "rossler", "henon"],
)
def test_chaotic_systems_are_accepted_with_their_invariants(candidate, exponent):
    """From each of four starting points the system is accepted; the mean of the four
    largest exponents is the literature value within 10 %. (One verification alone
    spreads by about as much for Rossler: its runs are only 60 periods long.)"""
    estimates = []
    for shift in range(4):
        start = tuple(np.round(np.array(candidate.ic) * (1 + 0.2 * shift), 3))
        verdict = verify(replace(candidate, ic=start), "Known")
        assert verdict.failed is None
        values = verdict.annotations
        largest = values["max_lyapunov"]
        assert values["chaotic"] and largest - 3 * values["max_lyapunov_error"] > 0
        total = sum(values["lyapunov_spectrum"])
        assert abs(total - values["mean_divergence"]) <= 1e-2 * max(abs(total), exponent)
        assert values["dt"] > 0 and values["points_per_lyapunov_time"] > 1
        assert len(values["ic"]) == candidate.dimension
        estimates.append(largest)
    assert abs(np.mean(estimates) - exponent) < 0.1 * exponent


@pytest.mark.parametrize(
    "candidate, test",
    [(VAN_DER_POL, "positive exponent"), (DECAY, "not stationary"), (ESCAPE, "bounded")],
    ids=["limit cycle", "fixed point", "escape"],
)
def test_non_chaotic_systems_are_rejected_by_the_right_test(candidate, test):
    assert verify(candidate, "Known").failed == test
    assert test in TESTS


def test_verdicts_are_deterministic():
    first, second = verify(ROSSLER, "Known"), verify(ROSSLER, "Known")
    assert first == second


def test_a_twin_of_the_parent_is_rejected_before_the_persistence_runs(monkeypatch):
    lorenz = verify(LORENZ, "Known").annotations
    rossler = verify(ROSSLER, "Known").annotations
    assert acceptance.same_spectrum(lorenz, lorenz) and not acceptance.same_spectrum(
        lorenz, rossler
    )
    monkeypatch.setattr(acceptance, "_persists", lambda *a: pytest.fail("persistence was run"))
    assert verify(LORENZ, "Known", twin=lorenz).failed == "distinct"
    monkeypatch.undo()
    assert verify(LORENZ, "Known", twin=rossler).failed is None


def test_the_timescale_bound_admits_every_registry_flow():
    """The bound on period / characteristic time refuses no published flow: it rules
    out only the slow-fast motion no fixed sampling step serves."""
    import chaosbench

    ratios = []
    for name in chaosbench.systems(kind="flow"):
        values = chaosbench.get(name).annotations
        if values.get("period") and values.get("timescale"):
            ratios.append(values["period"] / values["timescale"])
    assert len(ratios) > 100
    assert max(ratios) <= acceptance.TIMESCALE_SPREAD
