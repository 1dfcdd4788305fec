"""Ensembles: 1,000 Lorenz initial conditions x 1,000 points, 1 and 2 worker threads.

Prints, side by side in one run:

1. trajectories per second of ``System.ensemble`` (the lockstep block kernel, members
   one per column) and of the member-by-member kernel it replaced, on 1 and 2 workers;
2. nanoseconds per right-hand-side evaluation of both on one worker, over the
   evaluations the members need (counted by a counting right-hand side in single
   runs, so work a block wastes on idle columns counts against it), next to a bare
   numba RK4 loop with Lorenz written out in scalars (the physical limit);
3. the ratio against a loop of scipy ``solve_ivp`` calls (timed on a subset and
   scaled, since the full loop takes minutes).

Run: ``python benchmarks/bench_ensemble.py [--members M] [--points N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from bench_steps import counting_lorenz, scalar_limit
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench.integrate import control, tableaux
from chaosbench.integrate._explicit import no_switches, solve_explicit
from chaosbench.integrate.solve import solve_many


def evaluations(ics, params, t) -> int:
    """Right-hand-side evaluations the members need, counted in single runs."""
    total = 0
    for ic in ics:
        p = np.array([*params, 0.0])
        solve_explicit(
            counting_lorenz, no_switches, 0, tableaux.DOP853.coefficients,
            control.as_controller(control.PI_CONTROLLER), 0.0, ic.copy(), p, t, 1e-9, 1e-12,
            0.0, 10_000_000, np.empty((t.size, 3)), np.empty(3),
        )  # fmt: skip
        total += int(p[3])
    return total


def best_of(runs: int, call) -> float:
    best = np.inf
    for _ in range(runs):  # best of several: one run is at the mercy of a noisy machine
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--scipy-subset", type=int, default=20)
    args = parser.parse_args()
    lorenz = chaosbench.get("Lorenz")
    problem = lorenz.problem
    rng = np.random.default_rng(0)
    ics = lorenz.ic + rng.normal(scale=1.0, size=(args.members, 3))
    t, _ = lorenz.ensemble(ics[:4], args.points)  # compile / load once
    ps = np.tile(problem.parameter_vector(), (args.members, 1))

    def per_member(workers: int) -> None:
        solve_many(problem.rhs, None, None, ics, ps, t, workers=workers)

    per_member(1)
    n_evals = evaluations(ics, problem.parameter_vector(), t)
    times = {}
    for workers in (1, 2):
        times["block", workers] = best_of(
            5, lambda w=workers: lorenz.ensemble(ics, args.points, workers=w)
        )
        times["member", workers] = best_of(5, lambda w=workers: per_member(w))
    print(f"{args.members} Lorenz members x {args.points} points (t to {t[-1]:.1f}), DOP853")
    print(f"{'kernel':<34}{'workers':>8}{'time s':>9}{'traj/s':>10}{'ns/eval':>9}")
    for kernel, label in (("block", "block (System.ensemble)"), ("member", "member by member")):
        for workers in (1, 2):
            best = times[kernel, workers]
            per_eval = best / n_evals * 1e9 * workers
            print(
                f"{label:<34}{workers:>8}{best:>9.3f}{args.members / best:>10.0f}{per_eval:>9.1f}"
            )
    limit = scalar_limit()
    block_eval = times["block", 1] / n_evals * 1e9
    print(f"evaluations the members need: {n_evals:,}")
    print(f"bare numba scalar RK4 loop (physical limit): {limit:.2f} ns per evaluation")
    print(
        f"block kernel: {block_eval / limit:.1f}x the limit; "
        f"{times['member', 1] / times['block', 1]:.2f}x faster than member by member; "
        f"speed-up from the second core {times['block', 1] / times['block', 2]:.2f}x"
    )

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
    rate = args.members / times["block", 2]
    print(f"ratio: chaosbench ensemble with 2 workers is {rate / scipy_rate:.0f}x faster")


if __name__ == "__main__":
    main()
