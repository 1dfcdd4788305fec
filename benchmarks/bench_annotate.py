"""Wall time of the annotation pipeline with 1 and 2 worker processes.

By default a fixed sample of the registry (every k-th system) is annotated into a
temporary file, and the time for the whole registry is extrapolated from it; pass
``--all`` to annotate everything (slow).

Run: ``python benchmarks/bench_annotate.py [--every K | --all]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import chaosbench
from chaosbench.analysis.annotate import annotate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=12, help="annotate every k-th system")
    parser.add_argument("--all", action="store_true", help="annotate the whole registry")
    args = parser.parse_args()
    everything = chaosbench.systems()
    names = everything if args.all else everything[:: args.every]
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        annotate(names[:1], path=Path(folder) / "warm.json")  # compile the shared kernels
        for workers in (1, 2):
            start = time.perf_counter()
            _, failures = annotate(names, workers=workers, path=Path(folder) / f"{workers}.json")
            times[workers] = time.perf_counter() - start
            print(
                f"workers={workers}: {len(names)} systems in {times[workers]:.0f} s "
                f"({times[workers] / len(names):.1f} s per system); failures: {len(failures)}"
            )
    scale = len(everything) / len(names)
    print(
        f"whole registry ({len(everything)} systems), extrapolated: "
        f"{times[1] * scale / 60:.0f} min with 1 worker, {times[2] * scale / 60:.0f} min with 2"
    )
    print(f"speed-up from the second worker: {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
