"""The SINDy baseline of the symbolic-recovery track over the whole registry: time and summary.

Fits :func:`chaosbench.symbolic.sindy.fit_sindy` on every flow of a symbolic task,
scores each fit through :func:`chaosbench.symbolic.score` (symbolic and numeric
scores) and prints the wall time and the summary: the share of flows recovered
exactly (SRBench rule), and the median derivative and trajectory R2. When pysindy
is installed (it is not a dependency), the same data are also fitted with
``pysindy.SINDy`` (polynomial library, STLSQ on normalised columns) and the two are
compared side by side: fit time, exact recoveries and derivative R2 on the held-out
points.

Run: ``python benchmarks/bench_symbolic.py [--task default] [--workers 2] [--out results.csv]``
(``--every K`` runs every k-th flow only).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from chaosbench.symbolic.data import get_task, symbolic_data
from chaosbench.symbolic.sindy import fit_sindy, run_baseline


def summary(table) -> dict[str, float]:
    """Share exactly recovered and median scores over every system of the table
    (a failed fit counts as not recovered; medians over the scored systems)."""
    ok = table["status"] == "ok"
    scored = table[ok & (table.get("numeric_status", "ok") == "ok")]
    exact = table["exact"].fillna(False).astype(bool) if "exact" in table else ok & False
    return {
        "systems": len(table),
        "failed": int((~ok).sum()),
        "exact_share": float(exact.mean()),
        "exact_count": int(exact.sum()),
        "median_derivative_r2": float(np.median(scored["derivative_r2"])),
        "median_trajectory_r2_test": float(np.median(scored["trajectory_r2_test"])),
        "median_trajectory_r2_train": float(np.median(scored["trajectory_r2_train"])),
        "acc90_test_share": float(np.mean(scored["trajectory_acc90_test"])),
        "acc999_test_share": float(np.mean(scored["trajectory_acc999_test"])),
    }


def compare_with_pysindy(names: list[str], task, threshold: float) -> None:
    """Solve the same regression with pysindy; print both fit times, recoveries and R2.

    Same rows (:func:`chaosbench.symbolic.sindy._training_set`), same polynomial
    library, same scale-free threshold: pysindy's STLSQ (ridge off) on the derivatives
    divided by their RMS ``r_j``, with ``normalize_columns`` (columns divided by their
    2-norm, ``sqrt(N)`` times their RMS) and the threshold multiplied by ``sqrt(N)``.
    Forced flows are left out (the forcing harmonics are not in pysindy's library).
    """
    try:
        import pysindy
    except ImportError:
        print("pysindy is not installed: no side-by-side comparison")
        return
    from chaosbench.symbolic import score
    from chaosbench.symbolic.numeric import derivative_scores
    from chaosbench.symbolic.sindy import (
        CUBIC_DIMENSION,
        _training_set,
        library_degree,
    )
    from chaosbench.systems.registry import get

    records = {label: {"seconds": 0.0, "exact": [], "r2": []} for label in ("ours", "pysindy")}
    flows = [name for name in names if get(name).autonomous]
    for name in flows:
        system = get(name)
        d = system.dimension
        data = symbolic_data(system, task)
        start = time.perf_counter()
        texts = fit_sindy(system, data, threshold=threshold)
        records["ours"]["seconds"] += time.perf_counter() - start
        states, derivatives, _ = _training_set(data, 6000)
        scale = np.sqrt(np.mean(derivatives**2, axis=0))
        scale = np.where(scale > 0, scale, 1.0)
        degree = library_degree(d, 3 if d <= CUBIC_DIMENSION else 2, 600)
        start = time.perf_counter()
        model = pysindy.SINDy(
            feature_library=pysindy.PolynomialLibrary(degree=degree),
            optimizer=pysindy.STLSQ(
                threshold=threshold * np.sqrt(len(states)), alpha=0.0, normalize_columns=True
            ),
        )
        model.fit(states, t=data.dt, x_dot=derivatives / scale)
        records["pysindy"]["seconds"] += time.perf_counter() - start
        coefficients = model.coefficients() * scale[:, None]
        features = model.get_feature_names()
        their_texts = [
            " + ".join(
                f"{float(c)!r} {f}" if f != "1" else repr(float(c))
                for c, f in zip(row, features)
                if c
            )
            or "0"
            for row in coefficients
        ]
        test_x = data.test.clean.reshape(-1, d)
        test_y = data.test.derivatives.reshape(-1, d)
        for label, equations in (("ours", texts), ("pysindy", their_texts)):
            result = score(equations, system, numeric=False, naming="positional")
            records[label]["exact"].append(bool(result.exact))
        records["ours"]["r2"].append(_r2_of(texts, system, data))
        predicted = model.predict(test_x) * scale
        records["pysindy"]["r2"].append(derivative_scores(test_y, predicted)["derivative_r2"])
    print(f"side by side on {len(flows)} autonomous flows (same rows, library and threshold):")
    for label, record in records.items():
        print(
            f"  {label:8s} fit {record['seconds']:7.1f} s, exact {sum(record['exact']):3d}, "
            f"median derivative R2 {np.median(record['r2']):.6f}"
        )
    pairs = zip(flows, records["ours"]["exact"], records["pysindy"]["exact"])
    differ = [f"{name} (ours {a}, pysindy {b})" for name, a, b in pairs if a != b]
    print(f"  exact recovery differs on: {', '.join(differ) or 'none'}")


def _r2_of(texts, system, data) -> float:
    from chaosbench.symbolic.candidate import candidate_system
    from chaosbench.symbolic.data import vector_field
    from chaosbench.symbolic.numeric import derivative_scores
    from chaosbench.symbolic.parse import parse_submission

    candidate = parse_submission(texts, system).candidate
    predicted = vector_field(candidate_system(candidate, system), data.test.clean, data.time)
    d = system.dimension
    return derivative_scores(data.test.derivatives.reshape(-1, d), predicted.reshape(-1, d))[
        "derivative_r2"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="default", help="symbolic task (default, noisy, ...)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--every", type=int, default=1, help="run every k-th flow only")
    parser.add_argument("--threshold", type=float, default=0.01, help="STLSQ threshold")
    parser.add_argument("--out", default=None, help="write the results table (CSV or JSON)")
    args = parser.parse_args()
    task = get_task(args.task)
    names = task.system_names()[:: args.every]
    start = time.perf_counter()
    table = run_baseline(
        names, workers=args.workers, out=args.out, task=task, threshold=args.threshold
    )
    seconds = time.perf_counter() - start
    print(
        f"task {task.name!r}: {len(names)} flows in {seconds:.0f} s with {args.workers} worker(s)"
    )
    for key, value in summary(table).items():
        print(f"  {key}: {value:.4g}" if isinstance(value, float) else f"  {key}: {value}")
    failed = table[table["status"] != "ok"]
    for _, row in failed.iterrows():
        print(f"  failed: {row['system']}: {row['reason']}")
    compare_with_pysindy(names, task, args.threshold)


if __name__ == "__main__":
    main()
