"""Systems whose dimension is a parameter: built by factories, registered at a default size.

``chaosbench.get("Lorenz96", n=40)`` builds the system at another size; the
registered default is what ``chaosbench.get("Lorenz96")`` returns and what the
stored annotations describe.
"""

from __future__ import annotations

from collections.abc import Callable

from chaosbench.systems.declaration import Declaration


def lorenz96(n: int = 20, forcing: float = 8.0) -> Declaration:
    """Lorenz's 1996 ring of ``n`` sites: ``dx_i/dt = (x_{i+1} - x_{i-2}) x_{i-1} - x_i + F``."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 4:
        raise ValueError(f"Lorenz96 needs an int n >= 4 sites, got {n!r}")
    names = [f"x{i}" for i in range(n)]
    equations = tuple(
        f"({names[(i + 1) % n]} - {names[i - 2]})*{names[i - 1]} - {names[i]} + F" for i in range(n)
    )
    return Declaration(
        name="Lorenz96",
        kind="flow",
        variables=tuple(names),
        parameters={"F": forcing},
        equations=equations,
        ic=tuple(forcing + (0.01 if i == 0 else 0.0) for i in range(n)),
        citation=(
            "Lorenz, E. N. (1996). Predictability: a problem partly solved. Proceedings of "
            "the ECMWF Seminar on Predictability, Vol. 1, 1-18, Reading, UK."
        ),
        field="climatology",
        description=(
            "An atmospheric quantity sampled at n equally spaced sites on a latitude circle, "
            "with quadratic advection, damping and constant forcing F; chaotic for F = 8 "
            "with a number of positive exponents that grows with n."
        ),
    )


def coupled_logistic_lattice(n: int = 16, r: float = 3.9, coupling: float = 0.1) -> Declaration:
    """Kaneko's diffusively coupled logistic maps on a ring of ``n`` sites."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 3:
        raise ValueError(f"CoupledLogisticLattice needs an int n >= 3 sites, got {n!r}")
    names = [f"u{i}" for i in range(n)]

    def f(name: str) -> str:
        return f"r*{name}*(1 - {name})"

    equations = tuple(
        f"(1 - eps)*{f(names[i])} + 0.5*eps*({f(names[i - 1])} + {f(names[(i + 1) % n])})"
        for i in range(n)
    )
    return Declaration(
        name="CoupledLogisticLattice",
        kind="map",
        variables=tuple(names),
        parameters={"r": r, "eps": coupling},
        equations=equations,
        ic=tuple(0.1 + 0.8 * ((7 * i) % n) / n for i in range(n)),
        citation=(
            "Kaneko, K. (1984). Period-doubling of kink-antikink patterns, quasiperiodicity "
            "in antiferro-like structures and spatial intermittency in coupled logistic "
            "lattice. Progress of Theoretical Physics 72(3), 480-486."
        ),
        field="physics",
        description=(
            "A ring of logistic maps, each updated by its own map and a diffusive share of "
            "its two neighbours'; a minimal model of spatiotemporal chaos."
        ),
    )


#: scalable systems by registry name: (factory, smallest number of sites ``n``)
FAMILIES: dict[str, tuple[Callable[..., Declaration], int]] = {
    "Lorenz96": (lorenz96, 4),
    "CoupledLogisticLattice": (coupled_logistic_lattice, 3),
}

DECLARATIONS = tuple(factory() for factory, _ in FAMILIES.values())
