"""Dataset generation: every flow, one initial condition, 1,000 points at 100 per period.

chaosbench (``chaosbench.generate`` to HDF5, from a cold kernel cache and then warm)
against dysts's ``make_trajectory`` on the same systems, when dysts is installed in
this environment; then the throughput of a large ensemble written to HDF5 with 1
and 2 workers, and the peak memory of a run whose file is larger than memory
budgets would allow if it were held at once (``--big``).

Run: ``python benchmarks/bench_datasets.py [--skip-dysts] [--big]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chaosbench

FLOWS_CONFIG = {
    "systems": "all",
    "kind": "flow",
    "splits": {"test": 1},
    "n_points": 1000,
    "pts_per_period": 100,
    "transient": 0,
    "reliable_horizon": False,
}


def time_chaosbench(folder: Path, cache: Path | None) -> float:
    """Seconds for ``chaosbench generate`` of every flow, in a fresh process."""
    env = dict(os.environ)
    if cache is not None:
        env["CHAOSBENCH_CACHE_DIR"] = str(cache)
    out = folder / "flows.h5"
    if out.exists():
        out.unlink()
    script = (
        "import chaosbench, json, sys, time; t = time.perf_counter(); "
        "chaosbench.generate(sys.argv[1], json.loads(sys.argv[2])); "
        "print(time.perf_counter() - t)"
    )
    import json

    result = subprocess.run(
        [sys.executable, "-c", script, str(out), json.dumps(FLOWS_CONFIG)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def time_dysts() -> tuple[float, int] | None:
    """Seconds for dysts's ``make_trajectory(1000, pts_per_period=100)`` over its flows
    (its defaults: Radau at rtol = atol = 1e-12, as a user would call it)."""
    try:
        import dysts.flows
        from dysts.systems import get_attractor_list
    except ImportError:
        return None
    names = get_attractor_list("continuous_no_delay")
    start = time.perf_counter()
    done = 0
    for name in names:
        try:
            getattr(dysts.flows, name)().make_trajectory(1000, pts_per_period=100)
            done += 1
        except Exception as exc:  # dysts fails on a few of its own systems
            print(f"  dysts {name}: {type(exc).__name__}", file=sys.stderr)
    return time.perf_counter() - start, done


def throughput(folder: Path, workers: int) -> float:
    """Values written per second for 7 systems x 64 trajectories x 20,000 points."""
    out = folder / f"ensemble{workers}.h5"
    config = {
        "systems": ["Lorenz", "Rossler", "Chen", "Thomas", "Halvorsen", "Aizawa", "Dadras"],
        "splits": {"train": 64},
        "n_points": 20_000,
        "reliable_horizon": False,
        "transient": 0,
    }
    chaosbench.generate(folder / "warm.h5", {**config, "n_points": 10}, overwrite=True)
    start = time.perf_counter()
    report = chaosbench.generate(out, config, workers=workers, overwrite=True)
    elapsed = time.perf_counter() - start
    return report.manifest["n_values"] / elapsed


def big_file(folder: Path) -> tuple[float, float]:
    """(file size in GB, peak RSS in MB) of a run writing more than 2 GB."""
    out = folder / "big.h5"
    config = {
        "systems": ["Lorenz96"],
        "splits": {"train": 128},
        "n_points": 125_000,
        "reliable_horizon": False,
        "transient": 0,
        "block_size": 4,
    }
    import json

    script = (
        "import chaosbench, json, sys, resource; "
        "chaosbench.generate(sys.argv[1], json.loads(sys.argv[2]), overwrite=True); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(out), json.dumps(config)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kb = int(result.stdout.strip().splitlines()[-1])
    return out.stat().st_size / 1e9, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-dysts", action="store_true")
    parser.add_argument("--big", action="store_true", help="also the > 2 GB memory run")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="chaosbench-bench-"))
    try:
        cold_cache = folder / "cold-cache"
        cold = time_chaosbench(folder, cold_cache)
        warm = time_chaosbench(folder, cold_cache)
        count = len(chaosbench.systems(kind="flow"))
        print(
            f"chaosbench, {count} flows x 1,000 points to HDF5: "
            f"{cold:.1f} s cold, {warm:.1f} s warm"
        )
        if not args.skip_dysts:
            measured = time_dysts()
            if measured is None:
                print("dysts is not installed here: no side-by-side ratio")
            else:
                seconds, done = measured
                print(f"dysts make_trajectory, {done} flows x 1,000 points: {seconds:.1f} s")
                print(f"ratio: {seconds / warm:.0f}x warm, {seconds / cold:.0f}x cold")
        for workers in (1, 2):
            rate = throughput(folder, workers)
            print(f"ensemble to HDF5, {workers} worker(s): {rate / 1e6:.1f} million values/s")
        if args.big:
            size, peak = big_file(folder)
            print(f"big file: {size:.2f} GB written with peak RSS {peak:.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
