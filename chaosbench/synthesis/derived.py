"""Families of generated systems built from registry systems: ``perturbed`` and ``skew``.

Both start from :data:`PARENTS`, the registry's chaotic autonomous systems whose
vector field (or map) is a polynomial in its variables. With their parameter
values written into the equations as numbers, every such parent, and every system
built from one here, is a polynomial system without parameters, so it runs on the
shared kernels of :mod:`chaosbench.systems.shared_table`: these families, like
the random ones, compile nothing per system.

``perturbed``
    A parent with one to :data:`MOVED_AT_MOST` of its (nonzero) parameters moved
    away from their published values by 5 % to 30 % each, up or down, the new
    values written with four significant digits; started from the parent's
    annotated point on its attractor. Kept only where it stays chaotic by the same
    tests as every candidate: parameter space around a published chaotic regime
    holds windows of periodicity and escape, and those are rejected.
``skew``
    A skew product of two parents (J. Lai, A. Bao and W. Gilpin, "Panda: a
    pretrained forecast model for chaotic dynamics", arXiv:2505.13755, 2025, whose
    pretraining corpus is built from such products of dysts flows): a driver
    ``x' = c f_D(x)`` that runs on its own and a response
    ``y' = f_R(y) + b * f_D(x)[pi]`` that it forces through the driver's vector
    field. Here ``pi`` sends each response variable to a driver variable (a random
    injection where the driver has enough variables); ``c = T_D / T_R``, the ratio of
    the parents' dominant periods, brings the driver to the response's timescale;
    and ``b_i = kappa * rms(f_R_i) / rms(f_D_pi(i))``, with the root mean squares
    taken along each parent's attractor, gives the forcing a fixed share
    ``kappa`` (0.1 to 0.5) of the response's own speed, so that neither term
    swamps the other whatever the parents' units. ``c`` and ``b`` are written with
    three significant digits. Driver and response are two different flows of 3 or
    4 variables; the variables are named ``x1 ...`` (driver) and ``y1 ...``
    (response).

A candidate of these families has no mutants: each draw is already a small step
from a chaotic system, and most are accepted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, ClassVar

import numpy as np

from chaosbench.systems import shared_table
from chaosbench.systems.declaration import Declaration

#: the registry systems the derived families build from: chaotic, autonomous,
#: polynomial, with parameters (a fixed list, so that a growing registry does not
#: change what a seed gives; tests check that each still qualifies)
PARENTS = (
    "Aizawa",
    "Arneodo",
    "AtmosphericRegime",
    "Bouali",
    "BurkeShaw",
    "Chen",
    "ChenLee",
    "Coullet",
    "Dadras",
    "DuffingMap",
    "Finance",
    "GenesioTesi",
    "GilpinSpiralChaos",
    "GuckenheimerHolmes",
    "Hadley",
    "Halvorsen",
    "Henon",
    "HenonHeiles",
    "HindmarshRose",
    "HyperBao",
    "HyperCai",
    "HyperChen",
    "HyperJha",
    "HyperLorenz",
    "HyperLu",
    "HyperPang",
    "HyperQi",
    "HyperRossler",
    "HyperWang",
    "HyperXu",
    "HyperYan",
    "HyperYangChen",
    "IsothermalChemical",
    "Laser",
    "Liu",
    "Logistic",
    "Lorenz",
    "Lorenz84",
    "LorenzBounded",
    "LorenzStenflo",
    "LuChen",
    "LuChenCheng",
    "MalasomaJerk",
    "MaynardSmith",
    "MooreSpiegel",
    "NewtonLiepnik",
    "NoseHoover",
    "NuclearQuadrupole",
    "PanXuZhou",
    "PehlivanWei",
    "PullenEdmonds",
    "Qi",
    "QiChen",
    "RabinovichFabrikant",
    "RayleighBenard",
    "RikitakeDynamo",
    "Rossler",
    "RosslerToroidal",
    "Rucklidge",
    "Sakarya",
    "ShimizuMorioka",
    "SprottD",
    "SprottE",
    "SprottF",
    "SprottG",
    "SprottH",
    "SprottI",
    "SprottJ",
    "SprottJerk",
    "SprottK",
    "SprottL",
    "SprottM",
    "SprottN",
    "SprottO",
    "SprottP",
    "SprottQ",
    "SprottR",
    "SprottS",
    "Tigan",
    "Tinkerbell",
    "VallisElNino",
    "VanoLotkaVolterra",
    "WangChen",
    "WangSun",
    "WillamowskiRossler",
    "ZhouChen",
)

#: how many parameters a perturbation moves at most, and by how much, in hundredths
MOVED_AT_MOST = 3
PERTURBATION = (5, 30)
#: the coupling strength ``kappa`` of skew products, in hundredths
COUPLING = (10, 50)
#: significant digits of moved parameters and of the skew coefficients
PARAMETER_DIGITS = 4
COUPLING_DIGITS = 3
#: points and spacing (in annotated sampling steps) of the run that measures a
#: parent's root-mean-square speeds
SPEED_RUN = (2000, 10)

_IDENTIFIER = re.compile(r"\b[A-Za-z_]\w*\b")


@dataclass(frozen=True)
class DerivedCandidate:
    """One drawn system of a derived family: its exact equations, the registry
    systems it was built from, and a one-line account of how."""

    family: str
    index: int
    kind: str
    variables: tuple[str, ...]
    equation_text: tuple[str, ...]
    ic: tuple[float, ...]
    parents: tuple[str, ...]
    summary: str
    time_unit: float = 1.0
    details: tuple[tuple[str, Any], ...] = ()
    mutant: None = None

    @property
    def dimension(self) -> int:
        return len(self.variables)

    def equations(self) -> tuple[str, ...]:
        return self.equation_text

    def declaration(self, name: str = "candidate", description: str = "") -> Declaration:
        return Declaration(
            name=name,
            kind=self.kind,
            variables=self.variables,
            parameters={},
            equations=self.equation_text,
            ic=self.ic,
            citation="generated by chaosbench.synthesize (see its provenance)",
            field="mathematics",
            description=description or self.summary,
        )

    def packed(self) -> np.ndarray:
        """The equations' term table in the layout of :func:`shared_table.pack`."""
        return _packed(self.kind, self.variables, self.equation_text)

    def pattern(self) -> tuple:
        """What a near-duplicate shares: the family and the parents."""
        return (self.family, *self.parents)


@lru_cache(maxsize=256)
def _packed(kind: str, variables: tuple[str, ...], equations: tuple[str, ...]) -> np.ndarray:
    declaration = Declaration(
        name="candidate",
        kind=kind,
        variables=variables,
        parameters={},
        equations=equations,
        ic=(0.0,) * len(variables),
        citation="candidate",
        field="mathematics",
        description="candidate",
    )
    table = shared_table.table_of(declaration)
    if table is None:
        raise ValueError(f"not a polynomial system without parameters: {equations}")
    return shared_table.pack(table)


def number(value: float, digits: int | None = None) -> str:
    """``value`` as Python reads it back exactly (rounded to ``digits`` significant
    digits first when given), in parentheses where negative."""
    if digits is not None:
        value = float(f"{value:.{digits}g}")
    text = repr(float(value))
    return f"({text})" if value < 0 else text


def substituted(
    declaration: Declaration,
    values: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The equations of ``declaration`` with every parameter replaced by its value
    (the text in ``values``, else the published value) and variables renamed by
    ``names``."""
    table = {k: number(v) for k, v in declaration.parameters.items()}
    table.update(values or {})
    table.update(names or {})
    return tuple(
        _IDENTIFIER.sub(lambda m: table.get(m.group(0), m.group(0)), equation)
        for equation in declaration.equations
    )


@dataclass(frozen=True)
class Parent:
    """What the derived families use of one registry parent."""

    name: str
    declaration: Declaration
    ic: tuple[float, ...]
    period: float | None
    timescale: float | None

    @property
    def dimension(self) -> int:
        return len(self.declaration.variables)

    @property
    def kind(self) -> str:
        return self.declaration.kind


@cache
def parents() -> tuple[Parent, ...]:
    """The :data:`PARENTS` as read from the registry."""
    from chaosbench.systems.registry import annotations, declarations

    found, notes = declarations(), annotations()
    out = []
    for name in PARENTS:
        note = notes[name]
        out.append(
            Parent(
                name,
                found[name],
                tuple(float(v) for v in note.get("ic") or found[name].ic),
                note.get("period"),
                note.get("timescale"),
            )
        )
    return tuple(out)


def fingerprint() -> str:
    """A digest of everything the derived families read from the registry (the
    parents' equations, parameters, attractor points and timescales): part of every
    run's key, so a registry that changes them never reuses an older run's work."""
    facts = [
        (
            p.name,
            p.kind,
            p.declaration.variables,
            substituted(p.declaration),
            p.ic,
            p.period,
            p.timescale,
        )
        for p in parents()
    ]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


@cache
def rms_speeds(name: str) -> np.ndarray:
    """Root-mean-square speed of each variable of flow parent ``name`` along its
    attractor (a run from its annotated point on the shared kernels)."""
    from chaosbench.systems.system import System

    parent = next(p for p in parents() if p.name == name)
    declaration = replace(
        parent.declaration,
        name=f"{name}-published",
        parameters={},
        equations=substituted(parent.declaration),
        ic=parent.ic,
    )
    system = System(declaration, shared_kernels=True)
    points, spacing = SPEED_RUN
    dt = spacing * float(parent.timescale) / 100.0
    _, X = system.trajectory(points, dt=dt, ic=np.array(parent.ic), rtol=1e-8, atol=1e-10)
    p = _packed(declaration.kind, declaration.variables, declaration.equations)
    out = np.empty(X.shape[1])
    total = np.zeros(X.shape[1])
    for x in X:
        shared_table.rhs(0.0, x, p, out)
        total += out**2
    return np.sqrt(total / len(X))


@dataclass(frozen=True)
class DerivedFamily:
    """A family built from the registry's :data:`PARENTS` (see the module)."""

    name: str
    code: int
    prefix: str
    description: str
    dimensions: tuple[int, ...]
    lineages: ClassVar[bool] = False
    #: candidates per work unit of fresh draws: few, since about half pass and each
    #: takes a second or so to verify, so a small unit wastes little past the n-th
    chunk: ClassVar[int] = 4

    def mutants(self, parent, seed: int) -> tuple:
        """None: derived candidates have no mutants."""
        return ()

    def lineage(self, seed: int, index: int, path: Sequence[int], dimension: int | None = None):
        if path:
            raise IndexError(f"{self.name}: candidates of this family have no mutants")
        return (self.draw(seed, index, dimension),)

    def name_of(self, candidate: DerivedCandidate, seed: int) -> str:
        """``pert3-s0-000123``: prefix, dimension, seed and index."""
        return f"{self.prefix}{candidate.dimension}-s{seed}-{candidate.index:06d}"

    def _rng(self, seed: int, index: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(self.code, index)))


def _time_unit(*timescales: float | None) -> float:
    """The screen's time unit for a system made of parents with these timescales:
    1 for slow ones, their shortest timescale (two significant digits) for fast ones."""
    known = [t for t in timescales if t]
    return min(1.0, float(f"{min(known):.2g}")) if known else 1.0


class PerturbedFamily(DerivedFamily):
    def draw(self, seed: int, index: int, dimension: int | None = None) -> DerivedCandidate:
        """Candidate ``index``: a parent with some parameters moved (see the module)."""
        rng = self._rng(seed, index)
        pool = [p for p in parents() if dimension is None or p.dimension == dimension]
        parent = pool[int(rng.integers(len(pool)))]
        movable = [k for k, v in parent.declaration.parameters.items() if v != 0]
        count = int(rng.integers(1, min(MOVED_AT_MOST, len(movable)) + 1))
        moved: dict[str, float] = {}
        for k in sorted(rng.choice(len(movable), size=count, replace=False).tolist()):
            key = movable[k]
            step = int(rng.integers(PERTURBATION[0], PERTURBATION[1] + 1))
            sign = int(rng.choice((-1, 1)))
            value = parent.declaration.parameters[key] * (1 + sign * step / 100)
            moved[key] = float(f"{value:.{PARAMETER_DIGITS}g}")
        equations = substituted(parent.declaration, {k: number(v) for k, v in moved.items()})
        changes = ", ".join(
            f"{k} {parent.declaration.parameters[k]:.6g} -> {v:.6g}" for k, v in moved.items()
        )
        return DerivedCandidate(
            family=self.name,
            index=index,
            kind=parent.kind,
            variables=parent.declaration.variables,
            equation_text=equations,
            ic=parent.ic,
            parents=(parent.name,),
            summary=f"{parent.name} with {changes}",
            time_unit=_time_unit(parent.timescale),
            details=(("parameters", moved),),
        )


class SkewFamily(DerivedFamily):
    def draw(self, seed: int, index: int, dimension: int | None = None) -> DerivedCandidate:
        """Candidate ``index``: a skew product of two parents (see the module)."""
        rng = self._rng(seed, index)
        flows = [p for p in parents() if p.kind == "flow" and p.dimension in (3, 4)]
        while True:
            driver, response = (flows[int(k)] for k in rng.integers(len(flows), size=2))
            if driver.name != response.name and (
                dimension is None or driver.dimension + response.dimension == dimension
            ):
                break
        m, k = driver.dimension, response.dimension
        names_d = {v: f"x{i + 1}" for i, v in enumerate(driver.declaration.variables)}
        names_r = {v: f"y{i + 1}" for i, v in enumerate(response.declaration.variables)}
        f_d = substituted(driver.declaration, names=names_d)
        f_r = substituted(response.declaration, names=names_r)
        if k <= m:
            targets = rng.choice(m, size=k, replace=False).tolist()
        else:
            targets = rng.choice(m, size=k, replace=True).tolist()
        kappa = int(rng.integers(COUPLING[0], COUPLING[1] + 1)) / 100
        c = float(f"{driver.period / response.period:.{COUPLING_DIGITS}g}")
        speed_d, speed_r = rms_speeds(driver.name), rms_speeds(response.name)
        driver_rows = tuple(f_d) if c == 1.0 else tuple(f"{number(c)}*({e})" for e in f_d)
        response_rows = tuple(
            f"{e} + {number(kappa * speed_r[i] / speed_d[j], COUPLING_DIGITS)}*({f_d[j]})"
            for i, (e, j) in enumerate(zip(f_r, targets, strict=True))
        )
        return DerivedCandidate(
            family=self.name,
            index=index,
            kind="flow",
            variables=(*names_d.values(), *names_r.values()),
            equation_text=driver_rows + response_rows,
            ic=driver.ic + response.ic,
            parents=(driver.name, response.name),
            summary=(
                f"{driver.name} driving {response.name} through its vector field "
                f"(coupling {kappa:.2f}, driver time scaled by {c:g})"
            ),
            time_unit=_time_unit(driver.timescale, response.timescale),
        )


PERTURBED = PerturbedFamily(
    name="perturbed",
    code=3,
    prefix="pert",
    description="registry systems with moved parameters",
    dimensions=(1, 2, 3, 4),
)
SKEW = SkewFamily(
    name="skew",
    code=4,
    prefix="skew",
    description="skew products of registry flows (Panda 2025)",
    dimensions=(6, 7, 8),
)
