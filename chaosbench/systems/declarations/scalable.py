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


def _galerkin_products(n: int) -> list[tuple[dict[tuple[str, str], float], dict]]:
    """For each wavenumber ``k = 1..n``: the real and imaginary parts of
    ``S_k = sum_m c_m c_{k-m}``, the ``k``-th Fourier coefficient of ``u^2``, as
    ``{(variable, variable): coefficient}`` polynomials in the real coefficients.

    ``u(x) = sum_k a_k cos(k q x) + b_k sin(k q x)`` has complex coefficients
    ``c_k = (a_k - i b_k) / 2`` and ``c_{-k} = conj(c_k)`` (no mean mode); modes
    beyond ``n`` are dropped (Galerkin truncation).
    """

    def coefficient(m: int) -> dict[str, complex]:
        if m > 0:
            return {f"a{m}": 0.5, f"b{m}": -0.5j}
        return {f"a{-m}": 0.5, f"b{-m}": 0.5j}

    result = []
    for k in range(1, n + 1):
        total: dict[tuple[str, str], complex] = {}
        for m in range(-n, n + 1):
            if m == 0 or k - m == 0 or abs(k - m) > n:
                continue
            for u, cu in coefficient(m).items():
                for v, cv in coefficient(k - m).items():
                    key = tuple(sorted((u, v), key=lambda name: (int(name[1:]), name[0])))
                    total[key] = total.get(key, 0) + cu * cv
        real = {key: value.real for key, value in total.items() if abs(value.real) > 1e-15}
        imag = {key: value.imag for key, value in total.items() if abs(value.imag) > 1e-15}
        result.append((real, imag))
    return result


def _polynomial(terms: dict[tuple[str, str], float]) -> str:
    parts = []
    for (u, v), value in terms.items():
        product = f"{u}**2" if u == v else f"{u}*{v}"
        parts.append(f"{value!r}*{product}")
    return " + ".join(parts).replace("+ -", "- ") if parts else "0"


def kuramoto_sivashinsky(n: int = 16, length: float = 22.0) -> Declaration:
    """The Kuramoto–Sivashinsky equation ``u_t = -u u_x - u_xx - u_xxxx`` on a periodic
    domain of length ``L``, as ``n`` real Fourier modes (Galerkin truncation)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 2:
        raise ValueError(f"KuramotoSivashinsky needs an int n >= 2 Fourier modes, got {n!r}")
    q = "(2*pi/L)"
    variables, equations = [], []
    for k, (real, imag) in enumerate(_galerkin_products(n), start=1):
        rate = f"(({k}*{q})**2 - ({k}*{q})**4)"
        variables += [f"a{k}", f"b{k}"]
        equations += [
            f"{rate}*a{k} + {k}*{q}*({_polynomial(imag)})",
            f"{rate}*b{k} + {k}*{q}*({_polynomial(real)})",
        ]
    return Declaration(
        name="KuramotoSivashinsky",
        kind="flow",
        variables=tuple(variables),
        parameters={"L": length},
        equations=tuple(equations),
        ic=tuple(0.1 / (1 + i // 2) if i < 6 else 0.0 for i in range(2 * n)),
        citation=(
            "Kuramoto, Y. and Tsuzuki, T. (1976). Persistent propagation of concentration "
            "waves in dissipative media far from thermal equilibrium. Progress of "
            "Theoretical Physics 55(2), 356-369; Sivashinsky, G. I. (1977). Nonlinear "
            "analysis of hydrodynamic instability in laminar flames. Acta Astronautica "
            "4, 1177-1206."
        ),
        field="fluid dynamics",
        description=(
            "A front or film height u(x, t) on a ring of length L that is destabilised at "
            "long wavelengths, damped by fourth-order diffusion at short ones, and mixed by "
            "nonlinear advection; the state is the cosine and sine amplitudes (a_k, b_k) of "
            "u at wavenumbers 2 pi k / L, integrated with ETDRK4."
        ),
        semilinear=True,
    )


#: scalable systems by registry name: (factory, smallest number of sites ``n``)
FAMILIES: dict[str, tuple[Callable[..., Declaration], int]] = {
    "Lorenz96": (lorenz96, 4),
    "CoupledLogisticLattice": (coupled_logistic_lattice, 3),
    "KuramotoSivashinsky": (kuramoto_sivashinsky, 2),
}

DECLARATIONS = tuple(factory() for factory, _ in FAMILIES.values())
