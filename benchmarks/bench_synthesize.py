"""Generating verified chaotic systems: throughput, acceptance, and the plain-scipy way.

Run: ``python benchmarks/bench_synthesize.py [--n N] [--workers W] [--candidates M]
[--mutants K] [--families F ...]``

Prints, measured side by side in one run:

1. per family, a run of ``synthesize(N, family=F, workers=W)``: wall time, accepted
   systems per hour, the acceptance rate and the rejections per test, and the number
   of compiled kernel signatures before and after (it must not grow with ``N``);
2. the first ``M`` fresh candidates of the polynomial family and the first ``K``
   mutants of its first chaotic one (the two kinds of work of a run) judged (a) by
   chaosbench's screen and verification on one core and (b) by the pipeline a user would write
   without it: ``scipy.integrate.solve_ivp`` (RK45) with a Python right-hand side
   for boundedness and stationarity, then a two-trajectory Lyapunov estimate; the
   ratio of the times per candidate;
3. peak memory of the process and of the largest worker (``ru_maxrss``) and the size
   of the saved file per system. (The memory of a 10,000-system run is measured on the
   command line; see the README.)
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from numba.core.registry import CPUDispatcher
from scipy.integrate import solve_ivp

from chaosbench.synthesis import synthesize
from chaosbench.synthesis.acceptance import verify
from chaosbench.synthesis.families import FAMILIES


def compiled_signatures() -> int:
    return sum(len(o.overloads) for o in gc.get_objects() if isinstance(o, CPUDispatcher))


def family_runs(n: int, workers: int, families) -> None:
    print(f"== synthesize(n={n}, workers={workers}) per family")
    for family in families:
        synthesize(1, family=family, workers=1, progress=False)  # compile / load once
        before = compiled_signatures()
        start = time.perf_counter()
        found = synthesize(n, family=family, workers=workers, progress=False)
        seconds = time.perf_counter() - start
        after = compiled_signatures()
        report = found.report
        rejected = ", ".join(f"{k} {v}" for k, v in report["rejected"].items() if v)
        print(
            f"{family:>10}: {len(found)} systems in {seconds:.1f} s = "
            f"{3600 * len(found) / seconds:,.0f} per hour; {report['candidates']} candidates "
            f"({100 * report['acceptance_rate']:.3f} % accepted) from "
            f"{report['by_family'][family]['lineages']} roots; rejected: {rejected}; "
            f"compiled signatures in this process {before} -> {after}"
        )
        with tempfile.TemporaryDirectory() as folder:
            size = found.save(Path(folder) / "s.jsonl").stat().st_size
        print(f"{'':>10}  file: {size / max(1, len(found)) / 1024:.1f} KiB per system")


def python_rhs(candidate):
    terms = [(t.equation, t.tenths / 10, t.monomial) for t in candidate.terms]
    d = candidate.dimension

    def f(t, x):
        out = np.zeros(d)
        for i, c, monomial in terms:
            value = c
            for j in monomial:
                value *= x[j]
            out[i] += value
        return out

    return f


#: wall-clock seconds the plain pipeline may spend on one candidate: stiff candidates
#: (fast decay) take RK45 millions of Python steps; one that runs out is reported as
#: "timed out" and charged only this much, so the ratio printed is a lower bound
SCIPY_LIMIT = 30.0


def scipy_verdict(candidate) -> str | None:
    """The plain pipeline: bounded and moving over 150 time units, then a positive
    two-trajectory exponent over 500 more (renormalised every time unit)."""
    f = python_rhs(candidate)
    x0 = np.array(candidate.ic)
    escape = 1e4 * max(1.0, np.abs(x0).max())
    deadline = time.perf_counter() + SCIPY_LIMIT

    def escaped(t, x):
        return escape - np.abs(x).max()

    escaped.terminal = True
    with np.errstate(all="ignore"):
        x = x0
        for start in range(0, 150, 5):  # in pieces, to watch the clock
            if time.perf_counter() > deadline:
                return "timed out"
            run = solve_ivp(f, (start, start + 5), x, rtol=1e-6, atol=1e-9, events=escaped)
            if run.status != 0 or not np.all(np.isfinite(run.y)):
                return "bounded"
            x = run.y[:, -1]
        if np.linalg.norm(f(0, x)) < 1e-6 * max(1.0, np.abs(x).max()):
            return "not stationary"
        delta = 1e-8
        y = x + delta / np.sqrt(x.size)
        total = 0.0
        for _ in range(500):
            if time.perf_counter() > deadline:
                return "timed out"
            a = solve_ivp(f, (0, 1), x, rtol=1e-6, atol=1e-9)
            b = solve_ivp(f, (0, 1), y, rtol=1e-6, atol=1e-9)
            if a.status != 0 or b.status != 0:
                return "bounded"
            x, moved = a.y[:, -1], b.y[:, -1]
            gap = np.linalg.norm(moved - x)
            if not np.isfinite(gap) or gap == 0:
                return "bounded"
            total += np.log(gap / delta)
            y = x + (moved - x) * (delta / gap)
    return None if total / 500 > 0.005 else "positive exponent"


def side_by_side(m: int, k: int) -> None:
    """The first ``m`` fresh polynomial candidates of seed 0 and the first ``k``
    mutants of its first accepted root: both kinds of work a run does (most fresh
    draws escape at once; mutants are mostly bounded and often chaotic)."""
    family = FAMILIES["polynomial"]
    candidates = [family.draw(0, i) for i in range(m)]
    if k > 0:
        root = synthesize(1, family="polynomial", seed=0, workers=1, progress=False)[0]
        parent = family.draw(0, root.provenance["index"])
        candidates += list(family.mutants(parent, 0)[:k])
    verify(family.draw(0, 0), "warm-up")
    start = time.perf_counter()
    ours = [verify(c, "bench").failed for c in candidates]
    chaosbench_seconds = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [scipy_verdict(c) for c in candidates]
    scipy_seconds = time.perf_counter() - start
    print(f"== {m} fresh polynomial candidates and {k} mutants of a chaotic one, one core")
    print(
        f"chaosbench screen + verification: "
        f"{1e3 * chaosbench_seconds / len(candidates):.2f} ms per candidate "
        f"({sum(v is None for v in ours)} accepted)"
    )
    late = sum(v == "timed out" for v in theirs)
    print(
        f"scipy solve_ivp + two trajectories: "
        f"{1e3 * scipy_seconds / len(candidates):.2f} ms per candidate "
        f"({late} stopped at the {SCIPY_LIMIT:.0f} s limit and charged only that) "
        f"({sum(v is None for v in theirs)} called chaotic, without the persistence, "
        f"Liouville or duplicate tests)"
    )
    print(f"ratio: chaosbench is {scipy_seconds / chaosbench_seconds:.0f}x faster")
    agree = sum((a is None) == (b is None) for a, b in zip(ours, theirs))
    print(f"verdicts agree (chaotic or not) on {agree} of {len(candidates)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--candidates", type=int, default=30, help="fresh candidates side by side (0: none)"
    )
    parser.add_argument(
        "--mutants", type=int, default=8, help="mutants of a chaotic candidate side by side"
    )
    parser.add_argument("--families", nargs="+", choices=tuple(FAMILIES), default=tuple(FAMILIES))
    args = parser.parse_args()
    family_runs(args.n, args.workers, args.families)
    if args.candidates > 0 or args.mutants > 0:
        side_by_side(args.candidates, args.mutants)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"== peak memory: this process {peak:.0f} MiB, the largest worker {workers:.0f} MiB")


if __name__ == "__main__":
    main()
