"""``chaosbench demo``: integrate a dozen varied systems (or all of them) and compare with scipy."""

from __future__ import annotations

import time

import numpy as np

#: a small, varied default: quadratic, piecewise, forced and delay flows, maps, a lattice
DEMO_SYSTEMS = (
    "Lorenz",
    "Rossler",
    "Chua",
    "Thomas",
    "Ueda",
    "HyperRossler",
    "Lorenz96",
    "MackeyGlass",
    "Henon",
    "Logistic",
    "Ikeda",
    "CatMap",
)


def run_demo(n: int = 20_000, *, every: bool = False, out=None) -> list[dict]:
    """Integrate a dozen varied systems (every system with ``every=True``) for ``n``
    points at their default sampling and print a table.

    Each system is first integrated for two points, which compiles its kernels (or
    loads them from the disk cache) and is timed on its own as ``load s``; ``run s``
    is then the integration alone.

    Starts with a summary of the registry and finishes with a side-by-side timing
    of Lorenz against scipy's ``solve_ivp`` (DOP853, same tolerances, a plain
    Python right-hand side). Returns one record per system integrated.
    """
    import sys

    from chaosbench.systems.registry import catalog, get, systems

    out = out or sys.stdout
    table = catalog()
    plural = {"flow": "flows", "map": "maps", "delay": "delay equations"}
    kinds = ", ".join(f"{n} {plural[kind]}" for kind, n in table.kind.value_counts().items())
    chaotic = int((table.chaotic == True).sum())  # noqa: E712 - missing values are not chaotic
    print(
        f"chaosbench registry: {len(table)} systems ({kinds}); {chaotic} chaotic "
        f"by their stored Lyapunov exponents. `chaosbench list` shows them all.\n",
        file=out,
    )
    rows = []
    print(
        f"{'system':<14} {'kind':<5} {'d':>2} {'load s':>7} {'run s':>7}  {'lyapunov time':>13}  "
        f"{'min':>9} {'max':>9}",
        file=out,
    )
    for name in systems() if every else DEMO_SYSTEMS:
        system = get(name)
        start = time.perf_counter()
        system.trajectory(2)  # compiles the kernels, or loads them from the cache
        loaded = time.perf_counter()
        _, X = system.trajectory(n)
        elapsed = time.perf_counter() - loaded
        lyap_time = system.annotations.get("lyapunov_time")
        rows.append(
            {
                "name": name,
                "load_seconds": loaded - start,
                "seconds": elapsed,
                "min": float(X.min()),
                "max": float(X.max()),
            }
        )
        shown = f"{lyap_time:13.3f}" if lyap_time else f"{'-':>13}"
        print(
            f"{name:<14} {system.kind:<5} {system.dimension:>2} {loaded - start:7.3f} "
            f"{elapsed:7.3f}  {shown}  {X.min():9.3f} {X.max():9.3f}",
            file=out,
        )
    if not every:
        print(f"\n{len(rows)} of {len(table)} systems; `chaosbench demo --all` runs all.", file=out)
    _compare_with_scipy(min(n, 10_000), out)
    return rows


def _compare_with_scipy(n: int, out) -> None:
    from scipy.integrate import solve_ivp

    from chaosbench.systems.registry import get

    lorenz = get("Lorenz")
    sigma, rho, beta = lorenz.parameters.values()

    def python_rhs(t, state):
        x, y, z = state
        return [sigma * (y - x), x * (rho - z) - y, x * y - beta * z]

    t, X = lorenz.trajectory(n, rtol=1e-9, atol=1e-12)  # warm: compiled and cached
    start = time.perf_counter()
    t, X = lorenz.trajectory(n, rtol=1e-9, atol=1e-12)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    reference = solve_ivp(
        python_rhs, (t[0], t[-1]), lorenz.ic, method="DOP853", t_eval=t, rtol=1e-9, atol=1e-12
    )
    theirs = time.perf_counter() - start
    horizon = np.searchsorted(t, lorenz.annotations.get("lyapunov_time", 1.0))
    gap = np.max(np.abs(reference.y.T[:horizon] - X[:horizon])) / np.max(np.abs(X[:horizon]))
    print(
        f"\nLorenz, {n} points, rtol=1e-9: chaosbench {ours * 1e3:.1f} ms, "
        f"scipy solve_ivp DOP853 {theirs * 1e3:.1f} ms -> {theirs / ours:.0f}x faster; "
        f"relative difference over one Lyapunov time {gap:.1e}",
        file=out,
    )
