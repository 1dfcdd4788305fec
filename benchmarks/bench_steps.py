"""Step control: the I- and PI-controllers side by side on Lorenz, with scipy as referee.

Reports, for DOP853 at rtol=1e-9, atol=1e-12 on Lorenz (100,000 outputs at 100 per
period, as ``bench_lorenz.py``):

1. accepted and rejected steps and the rejection share of each controller (the
   I-controller, Hairer & Wanner's PI exponents, and the PI pair DOP853 uses);
2. right-hand-side evaluations in total, counted by the right-hand side itself;
3. the largest error over the first Lyapunov time and over ten of them, against
   scipy's ``solve_ivp(method="DOP853")`` at rtol=1e-12, atol=1e-15 (the referee),
   next to scipy's own result at the benchmark's tolerances;
4. the driver's cost per evaluation (best of three wall times over the count), against
   a bare numba RK4 loop with the Lorenz equations written out in scalars (the
   physical limit of a compiled right-hand side on this machine).

Run: ``python benchmarks/bench_steps.py [--points N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from numba import njit
from scipy.integrate import solve_ivp

import chaosbench
from chaosbench.integrate import control, tableaux
from chaosbench.integrate._explicit import no_switches, solve_explicit
from chaosbench.integrate._types import RHS_SIGNATURE

RTOL, ATOL = 1e-9, 1e-12


@njit(RHS_SIGNATURE, cache=True)
def counting_lorenz(t, x, p, out):
    """Lorenz with parameters ``p[:3]``; every call adds one to ``p[3]``."""
    p[3] += 1.0
    out[0] = p[0] * (x[1] - x[0])
    out[1] = x[0] * (p[1] - x[2]) - x[1]
    out[2] = x[0] * x[1] - p[2] * x[2]


@njit(cache=True)
def scalar_rk4(x, y, z, sigma, rho, beta, h, n):
    """``n`` classic RK4 steps of Lorenz in scalars: four evaluations per step."""
    for _ in range(n):
        k1x = sigma * (y - x)
        k1y = x * (rho - z) - y
        k1z = x * y - beta * z
        xa, ya, za = x + 0.5 * h * k1x, y + 0.5 * h * k1y, z + 0.5 * h * k1z
        k2x = sigma * (ya - xa)
        k2y = xa * (rho - za) - ya
        k2z = xa * ya - beta * za
        xb, yb, zb = x + 0.5 * h * k2x, y + 0.5 * h * k2y, z + 0.5 * h * k2z
        k3x = sigma * (yb - xb)
        k3y = xb * (rho - zb) - yb
        k3z = xb * yb - beta * zb
        xc, yc, zc = x + h * k3x, y + h * k3y, z + h * k3z
        k4x = sigma * (yc - xc)
        k4y = xc * (rho - zc) - yc
        k4z = xc * yc - beta * zc
        x += h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)
        y += h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y)
        z += h / 6.0 * (k1z + 2.0 * k2z + 2.0 * k3z + k4z)
    return x + y + z


def run_controller(controller, x0, params, grid):
    """One integration with the given controller: (states, status, counts, best time)."""
    best = np.inf
    for _ in range(3):
        p = np.array([*params, 0.0])
        out = np.empty((grid.size, 3))
        state = np.empty(3)
        start = time.perf_counter()
        status, _, accepted, rejected = solve_explicit(
            counting_lorenz,
            no_switches,
            0,
            tableaux.DOP853.coefficients,
            control.as_controller(controller),
            0.0,
            x0.copy(),
            p,
            grid,
            RTOL,
            ATOL,
            0.0,
            10_000_000,
            out,
            state,
        )
        best = min(best, time.perf_counter() - start)
    return out, int(status), int(accepted), int(rejected), int(p[3]), best


def scalar_limit() -> float:
    """Nanoseconds per evaluation of the bare scalar RK4 loop (best of three)."""
    n = 5_000_000
    scalar_rk4(1.0, 1.0, 1.0, 10.0, 28.0, 8.0 / 3.0, 1e-3, 10)
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        scalar_rk4(1.0, 1.0, 1.0, 10.0, 28.0, 8.0 / 3.0, 1e-3, n)
        best = min(best, time.perf_counter() - start)
    return best / (4 * n) * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    args = parser.parse_args()
    lorenz = chaosbench.get("Lorenz")
    params = list(lorenz.parameters.values())
    x0 = np.array(lorenz.ic, dtype=float)
    grid = lorenz.period / 100.0 * np.arange(args.points, dtype=float)
    lyapunov_time = lorenz.annotations["lyapunov_time"]

    def lorenz_python(t, s):
        return [
            params[0] * (s[1] - s[0]),
            s[0] * (params[1] - s[2]) - s[1],
            s[0] * s[1] - params[2] * s[2],
        ]

    windows = {"1 Lyapunov time": lyapunov_time, "10 Lyapunov times": 10 * lyapunov_time}
    span = min(grid[-1], max(windows.values()))
    inside = grid[grid <= span]
    referee = solve_ivp(
        lorenz_python, (0.0, span), x0, method="DOP853", t_eval=inside, rtol=1e-12, atol=1e-15
    ).y.T
    start = time.perf_counter()
    plain = solve_ivp(
        lorenz_python, (0.0, grid[-1]), x0, method="DOP853", t_eval=grid, rtol=RTOL, atol=ATOL
    )
    scipy_time = time.perf_counter() - start

    def errors(states):
        return {
            name: float(np.max(np.abs(states[: inside.size][inside <= t] - referee[inside <= t])))
            for name, t in windows.items()
        }

    limit = scalar_limit()
    print(
        f"Lorenz, DOP853, rtol={RTOL:g}, atol={ATOL:g}, {args.points:,} outputs to t={grid[-1]:.1f}"
    )
    header = (
        f"{'controller':<12}{'accepted':>10}{'rejected':>10}{'share':>8}{'rhs evals':>12}"
        f"{'err 1 LT':>11}{'err 10 LT':>11}{'time s':>9}{'ns/eval':>9}"
    )
    print(header)
    controllers = (
        ("I", control.I_CONTROLLER),
        ("PI 0.7/0.4", control.PI_TEXTBOOK_CONTROLLER),
        ("PI (used)", control.PI_CONTROLLER),
    )
    for name, controller in controllers:
        out, status, accepted, rejected, evals, best = run_controller(controller, x0, params, grid)
        err = errors(out)
        share = rejected / (accepted + rejected)
        note = "" if status == 0 else f"  status {status}"
        print(
            f"{name:<12}{accepted:>10,}{rejected:>10,}{share:>8.1%}{evals:>12,}"
            f"{err['1 Lyapunov time']:>11.2e}{err['10 Lyapunov times']:>11.2e}"
            f"{best:>9.4f}{best / evals * 1e9:>9.1f}{note}"
        )
    err = errors(plain.y.T)
    print(
        f"{'scipy':<12}{'':>10}{'':>10}{'':>8}{plain.nfev:>12,}"
        f"{err['1 Lyapunov time']:>11.2e}{err['10 Lyapunov times']:>11.2e}"
        f"{scipy_time:>9.4f}{scipy_time / plain.nfev * 1e9:>9.1f}"
    )
    print(f"bare numba scalar RK4 loop (physical limit): {limit:.2f} ns per evaluation")


if __name__ == "__main__":
    main()
