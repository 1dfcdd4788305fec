"""Candidates: drawn from their own stream, with exact equations and the promised shape."""

import itertools

import numpy as np
import pytest

from chaosbench import Declaration
from chaosbench.synthesis.families import (
    FAMILIES,
    Candidate,
    Term,
    _connected,
    canonical_pattern,
)
from chaosbench.systems import shared_table

DRAWS = [(family, seed, index) for family in FAMILIES for seed in (0, 7) for index in range(40)]
#: the families that draw random polynomials (the others build on registry systems)
RANDOM = [f for f, family in FAMILIES.items() if family.lineages]


def declaration(candidate: Candidate) -> Declaration:
    return Declaration(
        name="Candidate",
        kind=candidate.kind,
        variables=candidate.variables,
        parameters={},
        equations=candidate.equations(),
        ic=candidate.ic,
        citation="test",
        field="mathematics",
    )


def terms_of(packed: np.ndarray) -> set[tuple]:
    d, n, w = packed[:3].astype(int)
    rows = packed[3:].reshape(n, w + 2)
    return {(int(r[0]), float(r[1]), tuple(sorted(int(j) for j in r[2:] if j < d))) for r in rows}


def test_a_candidate_depends_only_on_family_seed_and_index():
    for name, family in FAMILIES.items():
        assert family.draw(3, 11) == family.draw(3, 11)
        assert family.draw(3, 11) != family.draw(3, 12) != family.draw(4, 11)
        # drawing others in between changes nothing
        first = family.draw(0, 5)
        [family.draw(0, i) for i in range(20)]
        assert family.draw(0, 5) == first, name


@pytest.mark.parametrize("family, seed, index", DRAWS[::3])
def test_equations_written_are_the_terms_drawn(family, seed, index):
    candidate = FAMILIES[family].draw(seed, index)
    table = shared_table.table_of(declaration(candidate))
    assert table is not None
    # the text, parsed back, has exactly the drawn terms with the same coefficients
    assert terms_of(shared_table.pack(table)) == terms_of(candidate.packed())


@pytest.mark.parametrize("family, seed, index", [d for d in DRAWS if d[0] in RANDOM])
def test_candidates_have_the_promised_shape(family, seed, index):
    source = FAMILIES[family]
    c = source.draw(seed, index)
    assert c.dimension in source.dimensions and c.degree in source.degrees
    low, high = source.terms_per_dimension
    assert c.dimension + low <= len(c.terms) <= high * c.dimension
    assert {t.equation for t in c.terms} == set(range(c.dimension))  # no empty equation
    assert any(len(t.monomial) >= 2 for t in c.terms)  # nonlinear
    assert all(0 < abs(t.tenths) <= source.max_tenths for t in c.terms)
    slots = [(t.equation, t.monomial) for t in c.terms]
    assert len(set(slots)) == len(slots)  # no term twice
    # every variable reaches every other through the equations
    reach = np.eye(c.dimension, dtype=int)
    for t in c.terms:
        for j in t.monomial:
            reach[j, t.equation] = 1
    assert (np.linalg.matrix_power(reach, c.dimension) > 0).all()


def test_connectivity_is_that_of_the_influence_graph():
    """``_connected`` against the powers of the adjacency matrix, on random term sets
    of which about a fifth are connected."""
    rng = np.random.default_rng(5)
    outcomes = set()
    for _ in range(2000):
        d = int(rng.integers(2, 6))
        terms = [
            Term(int(rng.integers(d)), 1, tuple(sorted(rng.integers(0, d, rng.integers(0, 4)))))
            for _ in range(int(rng.integers(1, 3 * d)))
        ]
        reach = np.eye(d, dtype=int)
        for t in terms:
            for j in t.monomial:
                reach[j, t.equation] = 1
        expected = bool((np.linalg.matrix_power(reach, d) > 0).all())
        assert _connected(d, terms) == expected, terms
        outcomes.add(expected)
    assert outcomes == {True, False}


def test_a_fixed_dimension_is_respected():
    for d in FAMILIES["polynomial"].dimensions:
        assert {FAMILIES["polynomial"].draw(0, i, d).dimension for i in range(10)} == {d}


def test_equations_print_exactly():
    c = Candidate(
        "polynomial",
        0,
        "flow",
        3,
        (Term(0, 10, (1,)), Term(0, -13, (0, 2)), Term(1, -10, ()), Term(2, 5, (0, 0, 1))),
        (0.1, 0.2, 0.3),
    )
    assert c.equations() == ("y - 1.3*x*z", "-1.0", "0.5*x**2*y")


def test_the_pattern_is_the_same_for_every_renaming_of_the_variables():
    c = FAMILIES["polynomial"].draw(0, 3, 3)
    terms = [(t.equation, t.monomial) for t in c.terms]
    for perm in itertools.permutations(range(3)):
        renamed = [(perm[e], tuple(sorted(perm[j] for j in m))) for e, m in terms]
        assert canonical_pattern(3, renamed) == c.pattern()
    other = FAMILIES["polynomial"].draw(0, 4, 3)
    assert other.pattern() != c.pattern()
