"""Lorenz: chaosbench against scipy's solve_ivp, measured side by side in one run.

Reports
1. warm speed: 100,000 output points at 100 points per period, rtol=1e-9, against
   ``solve_ivp(method="DOP853")`` with a plain Python right-hand side at the same
   tolerances, with the accuracy of both over the first Lyapunov time measured
   against a tight reference;
2. the wall time of the first call in a new process: cold (empty caches: code
   generation and numba compilation) and warm (the disk cache from the cold run).

Run: ``python benchmarks/bench_lorenz.py [--points N]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.integrate import solve_ivp

import chaosbench

FIRST_CALL = """
import json, time
start = time.perf_counter()
import chaosbench
imported = time.perf_counter()
t, X = chaosbench.get("Lorenz").trajectory(1000)
done = time.perf_counter()
print(json.dumps({"import": imported - start, "first_call": done - imported}))
"""


def python_lorenz(sigma, rho, beta):
    def rhs(t, state):
        x, y, z = state
        return [sigma * (y - x), x * (rho - z) - y, x * y - beta * z]

    return rhs


def warm_comparison(points: int) -> None:
    lorenz = chaosbench.get("Lorenz")
    rhs = python_lorenz(*lorenz.parameters.values())
    lorenz.trajectory(10)  # compile / load once
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        t, X = lorenz.trajectory(points, pts_per_period=100, rtol=1e-9, atol=1e-12)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    ref = solve_ivp(rhs, (t[0], t[-1]), lorenz.ic, method="DOP853", t_eval=t, rtol=1e-9, atol=1e-12)
    scipy_time = time.perf_counter() - start
    horizon = np.searchsorted(t, lorenz.annotations["lyapunov_time"]) + 1
    exact = solve_ivp(
        rhs,
        (t[0], t[horizon - 1]),
        lorenz.ic,
        method="DOP853",
        t_eval=t[:horizon],
        rtol=1e-13,
        atol=1e-14,
    ).y.T
    scale = np.max(np.abs(exact))
    ours_err = np.max(np.abs(X[:horizon] - exact)) / scale
    scipy_err = np.max(np.abs(ref.y.T[:horizon] - exact)) / scale
    print(f"Lorenz, {points} points at 100 pts/period (dt={t[1]:.5f}), rtol=1e-9, atol=1e-12")
    print(
        f"  chaosbench (dop853, warm, best of 3): {best * 1e3:9.1f} ms   "
        f"error over 1 Lyapunov time {ours_err:.1e}"
    )
    print(
        f"  scipy solve_ivp DOP853 (Python rhs):  {scipy_time * 1e3:9.1f} ms   "
        f"error over 1 Lyapunov time {scipy_err:.1e}   ({ref.nfev} rhs calls)"
    )
    print(f"  ratio: chaosbench is {scipy_time / best:.0f}x faster")


def first_call_times() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {
            **os.environ,
            "CHAOSBENCH_CACHE_DIR": os.path.join(cache, "chaosbench"),
            "NUMBA_CACHE_DIR": os.path.join(cache, "numba"),
        }
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", FIRST_CALL],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out))
    cold, warm = runs[0], runs[1:]
    warm_call = min(r["first_call"] for r in warm)
    warm_import = min(r["import"] for r in warm)
    print("First call in a new process (trajectory(1000) of Lorenz):")
    print(
        f"  cold, empty caches (codegen + compile): {cold['first_call']:.2f} s "
        f"(+ {cold['import']:.2f} s import chaosbench)"
    )
    print(
        f"  warm disk cache:                        {warm_call:.2f} s "
        f"(+ {warm_import:.2f} s import chaosbench)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    args = parser.parse_args()
    warm_comparison(args.points)
    first_call_times()


if __name__ == "__main__":
    main()
