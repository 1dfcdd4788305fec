"""Ensembles: 1,000 Lorenz initial conditions x 1,000 points, 1 and 2 worker threads.

Prints trajectories per second for each worker count, the speed-up from the second
core, and the ratio against a loop of scipy ``solve_ivp`` calls (timed on a subset
and scaled, since the full loop takes minutes).

Run: ``python benchmarks/bench_ensemble.py [--members M] [--points N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

import chaosbench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--scipy-subset", type=int, default=20)
    args = parser.parse_args()
    lorenz = chaosbench.get("Lorenz")
    rng = np.random.default_rng(0)
    ics = lorenz.ic + rng.normal(scale=1.0, size=(args.members, 3))
    lorenz.ensemble(ics[:4], 10)  # compile / load once
    rates = {}
    for workers in (1, 2):
        best = np.inf
        for _ in range(5):  # best of five: one run is at the mercy of a noisy machine
            start = time.perf_counter()
            t, _ = lorenz.ensemble(ics, args.points, workers=workers)
            best = min(best, time.perf_counter() - start)
        rates[workers] = args.members / best
        print(f"workers={workers}: {best:6.2f} s  -> {rates[workers]:8.0f} trajectories/s")
    print(f"speed-up from the second core: {rates[2] / rates[1]:.2f}x")

    sigma, rho, beta = lorenz.parameters.values()

    def rhs(_, s):
        return [sigma * (s[1] - s[0]), s[0] * (rho - s[2]) - s[1], s[0] * s[1] - beta * s[2]]

    start = time.perf_counter()
    for ic in ics[: args.scipy_subset]:
        solve_ivp(rhs, (t[0], t[-1]), ic, method="DOP853", t_eval=t, rtol=1e-9, atol=1e-12)
    scipy_rate = args.scipy_subset / (time.perf_counter() - start)
    print(
        f"scipy solve_ivp DOP853 loop: {scipy_rate:8.1f} trajectories/s "
        f"(timed on {args.scipy_subset} members)"
    )
    print(f"ratio: chaosbench ensemble with 2 workers is {rates[2] / scipy_rate:.0f}x faster")


if __name__ == "__main__":
    main()
