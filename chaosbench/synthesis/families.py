"""The families of generated systems: how a candidate is drawn from a seed and an index.

A candidate is a polynomial vector field (or map) with decimal coefficients, drawn
from its own random stream ``SeedSequence(seed, spawn_key=(family code, index))``,
so that candidate ``index`` of a family is the same system whatever else was drawn,
on any number of workers.

``polynomial``
    Sparse random polynomial flows, the search by which Sprott found the simplest
    chaotic flows (J. C. Sprott, "Some simple chaotic flows", Phys. Rev. E 50,
    R647, 1994: random quadratic flows with a few terms, kept where the largest
    Lyapunov exponent is positive). Here: 3 to 5 variables, quadratic or cubic,
    ``d + 2`` to ``3 d`` terms, each equation at least one term, at least one
    nonlinear term, and a coupling graph in which every variable reaches every other
    (so that the flow does not fall apart into a driving and a driven part).
    Coefficients are multiples of 0.1 in [-3, 3] (zero excluded), written as
    decimals, so the equations print exactly as they are integrated.
``map``
    Random quadratic maps of 2 or 3 variables in the spirit of the Hénon map
    (M. Hénon, Commun. Math. Phys. 50, 69, 1976) and of Sprott's search of quadratic
    maps (J. C. Sprott, "Automatic generation of strange attractors", Comput. &
    Graphics 17, 325, 1993): ``d + 1`` to ``2 d + 2`` terms with coefficients in
    [-1.5, 1.5] in steps of 0.1, constants allowed.

``perturbed`` and ``skew``
    Built from registry systems: see :mod:`chaosbench.synthesis.derived`.

Every accepted candidate of the random families is then the parent of :data:`MUTANTS` mutants
(:meth:`Family.mutants`), verified like any candidate and kept with it as their
parent: the search around a chaotic system, which finds far more new chaotic
systems per candidate than fresh draws do. Accepted mutants have mutants in turn,
up to the depth and lineage size set in :mod:`chaosbench.synthesis.run`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import ClassVar

import numpy as np

from chaosbench.synthesis.derived import PERTURBED, SKEW, DerivedFamily

#: mutants tried around every accepted candidate
MUTANTS = 64
#: the least and the most a mutation moves a coefficient, in tenths
MUTATION_STEP = (1, 5)

#: state variable names of generated systems, in order
VARIABLES = ("x", "y", "z", "u", "v")


@dataclass(frozen=True)
class Term:
    """One term ``coefficient * x_j1 * x_j2 * ...`` of equation ``equation``
    (``tenths`` is the coefficient in units of 0.1, so that it is exact)."""

    equation: int
    tenths: int
    monomial: tuple[int, ...]


@dataclass(frozen=True)
class Candidate:
    """One drawn system, before any test: its family, index, terms and starting point
    (for a mutant, ``mutant`` is the path of mutant numbers from its root, the
    accepted candidate ``index``)."""

    family: str
    index: int
    kind: str
    dimension: int
    terms: tuple[Term, ...]
    ic: tuple[float, ...]
    mutant: tuple[int, ...] | None = None

    @property
    def variables(self) -> tuple[str, ...]:
        return VARIABLES[: self.dimension]

    @property
    def degree(self) -> int:
        return max(len(term.monomial) for term in self.terms)

    #: registry systems a random candidate was built from (none), the time unit of
    #: its screen, and what its provenance records beyond the common fields
    parents: ClassVar[tuple[str, ...]] = ()
    time_unit: ClassVar[float] = 1.0
    details: ClassVar[tuple] = ()

    @property
    def summary(self) -> str:
        return f"{self.dimension} variables, degree {self.degree}, {len(self.terms)} terms"

    def equations(self) -> tuple[str, ...]:
        """The equations as text: exact decimal coefficients, terms in a fixed order."""
        rows: list[list[str]] = [[] for _ in range(self.dimension)]
        for term in sorted(self.terms, key=lambda t: (t.equation, len(t.monomial), t.monomial)):
            rows[term.equation].append(_term_text(term, self.variables))
        return tuple(_join(row) for row in rows)

    def packed(self) -> np.ndarray:
        """The terms in the layout of :func:`chaosbench.systems.shared_table.pack`."""
        width = max(1, self.degree)
        rows = np.full((len(self.terms), width + 2), float(self.dimension))
        for m, term in enumerate(self.terms):
            rows[m, 0] = term.equation
            rows[m, 1] = term.tenths / 10
            rows[m, 2 : 2 + len(term.monomial)] = term.monomial
        header = [float(self.dimension), float(len(self.terms)), float(width)]
        return np.concatenate([header, rows.ravel()])

    def pattern(self) -> tuple:
        """Which monomials sit in which equations, the same for every permutation of
        the variables (the smallest over all of them): systems that are one another up
        to a renaming and rescaling of variables share it."""
        return canonical_pattern(self.dimension, [(t.equation, t.monomial) for t in self.terms])


def canonical_pattern(dimension: int, terms: Sequence[tuple[int, tuple[int, ...]]]) -> tuple:
    """The smallest sorted term pattern over all permutations of the variables."""
    best = None
    for perm in itertools.permutations(range(dimension)):
        renamed = sorted((perm[e], tuple(sorted(perm[j] for j in m))) for e, m in terms)
        key = tuple(renamed)
        if best is None or key < best:
            best = key
    return (dimension, best)


def _term_text(term: Term, names: Sequence[str]) -> str:
    value = abs(term.tenths)
    number = f"{value // 10}.{value % 10}"
    factors = [names[j] for j in term.monomial]
    powers = [f"{n}**{k}" if k > 1 else n for n, k in _counted(factors)]
    body = (
        number
        if not powers
        else ("*".join(powers) if value == 10 else f"{number}*{'*'.join(powers)}")
    )
    return ("-" if term.tenths < 0 else "+") + body


def _counted(factors: list[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for name in factors:
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + 1)
        else:
            out.append((name, 1))
    return out


def _join(parts: list[str]) -> str:
    if not parts:
        return "0.0"
    text = " ".join(f"{p[0]} {p[1:]}" for p in parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


@cache
def monomials(dimension: int, degree: int, constant: bool) -> tuple[tuple[int, ...], ...]:
    """Every monomial of degree ``1..degree`` (and the constant 1 with ``constant``),
    as sorted tuples of variable indices."""
    start = 0 if constant else 1
    return tuple(
        m
        for k in range(start, degree + 1)
        for m in itertools.combinations_with_replacement(range(dimension), k)
    )


def _connected(dimension: int, terms: Sequence[Term]) -> bool:
    """Whether every variable influences every other through the equations."""
    # reach[j]: the set of variables that variable j influences, as bits
    reach = [1 << j for j in range(dimension)]
    for term in terms:
        for j in term.monomial:
            reach[j] |= 1 << term.equation
    everything = (1 << dimension) - 1
    for j in range(dimension):
        grown = 0
        while grown != reach[j]:
            grown = reach[j]
            for k in range(dimension):
                if grown >> k & 1:
                    reach[j] |= reach[k]
        if reach[j] != everything:
            return False
    return True


@dataclass(frozen=True)
class Family:
    """How one family draws candidates."""

    name: str
    code: int
    prefix: str
    kind: str
    dimensions: tuple[int, ...]
    degrees: tuple[int, ...]
    terms_per_dimension: tuple[int, int]  # (add to d for the fewest, times d for the most)
    max_tenths: int
    constant: bool
    description: str
    #: whether accepted candidates have mutants (see :meth:`mutants`)
    lineages: ClassVar[bool] = True
    #: candidates per work unit of fresh draws: many, since few pass and the screen
    #: rejects the rest in about a millisecond each
    chunk: ClassVar[int] = 64

    def draw(self, seed: int, index: int, dimension: int | None = None) -> Candidate:
        """Candidate ``index`` of this family for ``seed`` (and ``dimension``, or any)."""
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(self.code, index)))
        # rng.integers(0, k) draws what rng.choice of k items would, only faster
        if dimension is None:
            d = self.dimensions[int(rng.integers(0, len(self.dimensions)))]
        else:
            d = dimension
        degree = self.degrees[int(rng.integers(0, len(self.degrees)))]
        pool = monomials(d, degree, self.constant)
        low, high = d + self.terms_per_dimension[0], self.terms_per_dimension[1] * d
        while True:
            count = int(rng.integers(low, high + 1))
            slots = rng.choice(d * len(pool), size=count, replace=False).tolist()
            magnitudes = rng.integers(1, self.max_tenths + 1, size=count).tolist()
            signs = rng.integers(0, 2, size=count).tolist()  # 0: minus, 1: plus
            terms = tuple(
                Term(slot // len(pool), m if s else -m, pool[slot % len(pool)])
                for slot, m, s in zip(slots, magnitudes, signs, strict=True)
            )
            if (
                len({t.equation for t in terms}) == d
                and any(len(t.monomial) == degree for t in terms)
                and _connected(d, terms)
            ):
                break
        ic = tuple(
            float(v) for v in np.round(rng.normal(0.0, 1.0 if self.kind == "flow" else 0.3, d), 3)
        )
        return Candidate(self.name, index, self.kind, d, terms, ic)

    def mutate(self, parent: Candidate, seed: int, number: int) -> Candidate:
        """Mutant ``number`` (``0 <= number < len(self.mutants(parent, seed))``) of the
        accepted candidate ``parent``; see :meth:`mutants`."""
        found = self.mutants(parent, seed)
        if not 0 <= number < len(found):
            raise IndexError(f"{self.name}: no mutant {number} of candidate {parent.index}")
        return found[number]

    def mutants(self, parent: Candidate, seed: int) -> tuple[Candidate, ...]:
        """The :data:`MUTANTS` mutants of the accepted candidate ``parent`` (a fresh
        draw or itself a mutant), in order: each makes one or two changes, each moving
        a coefficient by 0.1 to 0.5 (70 %), adding a term of at most the root's degree
        with such a coefficient (15 %) or removing a term (15 %), under the
        constraints of :meth:`draw`. No two have the same terms and none has the
        parent's, so no work is spent twice on one system (one that returns to an
        earlier ancestor is verified and then rejected as not distinct).

        Chaos fills open regions of coefficient space, so a chaotic system's
        neighbours are chaotic far more often than fresh draws (about one in four
        against one in ten thousand for flows); each mutant is still verified on
        its own. The mutants depend only on the family, ``seed``, the root's index
        and the path of mutant numbers from the root to ``parent``.
        """
        return _mutants(self, parent, seed)

    def _mutant_stream(self, parent: Candidate, seed: int) -> Iterator[tuple[Term, ...]]:
        path = tuple(m + 1 for m in parent.mutant or ())
        key = (self.code, parent.index, *path)
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
        d, degree = parent.dimension, parent.degree
        pool = monomials(d, degree, self.constant)
        low, high = d + self.terms_per_dimension[0], self.terms_per_dimension[1] * d
        low_step, high_step = MUTATION_STEP
        while True:
            terms = list(parent.terms)
            for _ in range(int(rng.integers(1, 3))):
                action = rng.random()
                step = int(rng.integers(low_step, high_step + 1)) * int(rng.choice((-1, 1)))
                if action < 0.7:
                    k = int(rng.integers(len(terms)))
                    tenths = terms[k].tenths + step
                    if tenths != 0 and abs(tenths) <= self.max_tenths:
                        terms[k] = Term(terms[k].equation, tenths, terms[k].monomial)
                elif action < 0.85 and len(terms) < high:
                    slot = (int(rng.integers(d)), pool[int(rng.integers(len(pool)))])
                    if slot not in {(t.equation, t.monomial) for t in terms}:
                        terms.append(Term(slot[0], step, slot[1]))
                elif len(terms) > low:
                    terms.pop(int(rng.integers(len(terms))))
            if (
                {t.equation for t in terms} == set(range(d))
                and any(len(t.monomial) >= 2 for t in terms)
                and _connected(d, terms)
            ):
                yield tuple(terms)

    def name_of(self, candidate: Candidate, seed: int) -> str:
        """The generated system's name: family, dimension, seed and index, and for a
        mutant the mutant numbers from its root (``poly3-s0-008016-m003-m017`` is
        mutant 17 of mutant 3 of candidate 8016)."""
        name = f"{self.prefix}{candidate.dimension}-s{seed}-{candidate.index:06d}"
        return name + "".join(f"-m{m:03d}" for m in candidate.mutant or ())

    def lineage(self, seed: int, index: int, path: Sequence[int], dimension: int | None = None):
        """The candidates from root ``index`` along the mutant numbers ``path``:
        ``(root, its mutant path[0], ...)``."""
        chain = [self.draw(seed, index, dimension)]
        for number in path:
            chain.append(self.mutate(chain[-1], seed, number))
        return tuple(chain)


#: attempts allowed per mutant wanted before :meth:`Family.mutants` gives fewer
MUTANT_ATTEMPTS = 20


@lru_cache(maxsize=512)
def _mutants(family: Family, parent: Candidate, seed: int) -> tuple[Candidate, ...]:
    seen = {frozenset(parent.terms)}
    found: list[Candidate] = []
    path = parent.mutant or ()
    for attempt, terms in enumerate(family._mutant_stream(parent, seed)):
        if len(found) == MUTANTS or attempt == MUTANT_ATTEMPTS * MUTANTS:
            break
        key = frozenset(terms)
        if key in seen:
            continue
        seen.add(key)
        mutant = (*path, len(found))
        found.append(
            Candidate(
                family.name, parent.index, family.kind, parent.dimension, terms, parent.ic, mutant
            )
        )
    return tuple(found)


FAMILIES: dict[str, Family | DerivedFamily] = {
    family.name: family
    for family in (
        Family(
            name="polynomial",
            code=1,
            prefix="poly",
            kind="flow",
            dimensions=(3, 4, 5),
            degrees=(2, 3),
            terms_per_dimension=(2, 3),
            max_tenths=30,
            constant=True,
            description="sparse random polynomial flows (Sprott 1994)",
        ),
        Family(
            name="map",
            code=2,
            prefix="map",
            kind="map",
            dimensions=(2, 3),
            degrees=(2,),
            terms_per_dimension=(1, 2),
            max_tenths=15,
            constant=True,
            description="random quadratic maps (Henon 1976; Sprott 1993)",
        ),
        PERTURBED,
        SKEW,
    )
}
