"""Lyapunov spectrum of Lorenz: chaosbench against scipy's solve_ivp on the augmented
state + tangent system, same orthonormalisation interval, tolerances and length.

Run: ``python benchmarks/bench_lyapunov.py [--intervals N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench.analysis.lyapunov import lyapunov_spectrum


def scipy_spectrum(lorenz, x0, interval, n_intervals, rtol, atol):
    sigma, rho, beta = lorenz.parameters.values()

    def augmented(t, y):
        x, v = y[:3], y[3:].reshape(3, 3)
        jac = np.array([[-sigma, sigma, 0.0], [rho - x[2], -1.0, -x[0]], [x[1], x[0], -beta]])
        f = [sigma * (x[1] - x[0]), x[0] * (rho - x[2]) - x[1], x[0] * x[1] - beta * x[2]]
        return np.concatenate([f, (jac @ v).ravel()])

    y = np.concatenate([x0, np.eye(3).ravel()])
    totals, t = np.zeros(3), 0.0
    for _ in range(n_intervals):
        y = solve_ivp(augmented, (t, t + interval), y, method="DOP853", rtol=rtol, atol=atol).y[
            :, -1
        ]
        t += interval
        q, r = np.linalg.qr(y[3:].reshape(3, 3))
        y[3:] = q.ravel()
        totals += np.log(np.abs(np.diag(r)))
    return np.sort(totals / (n_intervals * interval))[::-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intervals", type=int, default=2000)
    args = parser.parse_args()
    lorenz = chaosbench.get("Lorenz")
    interval, rtol, atol = 0.1, 1e-9, 1e-12
    lyapunov_spectrum(lorenz, interval=interval, n_intervals=5, transient_intervals=0)  # warm
    start = time.perf_counter()
    ours = lyapunov_spectrum(
        lorenz,
        interval=interval,
        n_intervals=args.intervals,
        transient_intervals=0,
        rtol=rtol,
        atol=atol,
    )
    ours_time = time.perf_counter() - start
    start = time.perf_counter()
    theirs = scipy_spectrum(lorenz, lorenz.ic, interval, args.intervals, rtol, atol)
    scipy_time = time.perf_counter() - start
    print(f"Lorenz spectrum, {args.intervals} QR intervals of {interval}, rtol={rtol}:")
    print(f"  chaosbench:          {ours_time:7.2f} s  {np.round(ours, 4)}")
    print(f"  scipy solve_ivp:     {scipy_time:7.2f} s  {np.round(theirs, 4)}")
    print("  literature (Sprott): 0.9056, 0, -14.5723")
    print(f"  ratio: chaosbench is {scipy_time / ours_time:.0f}x faster")


if __name__ == "__main__":
    main()
