"""Scoring cost: the last-value baseline over the whole registry on the default task.

Reports wall time with 1 and 2 workers and, from the runner's own timing rows, the
share of the time spent fitting, forecasting and computing metrics. The task data
are generated first (and cached), so they are not part of the timings.

Run: ``python benchmarks/bench_evaluate.py [--task default]``
"""

from __future__ import annotations

import argparse
import time

from chaosbench.evaluation import evaluate
from chaosbench.evaluation.baselines import LastValue
from chaosbench.evaluation.tasks import task_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--task", default="default")
    args = parser.parse_args()
    start = time.perf_counter()
    task_data(args.task, workers=2)
    print(f"task data ready in {time.perf_counter() - start:.0f} s (cached afterwards)")
    for workers in (1, 2):
        start = time.perf_counter()
        results = evaluate(LastValue(), task=args.task, workers=workers, timing=True)
        elapsed = time.perf_counter() - start
        timing = results[results.status == "timing"].groupby("metric")["value"].sum()
        total = timing.sum()
        shares = ", ".join(
            f"{name.removeprefix('seconds_')} {value / total:.0%}" for name, value in timing.items()
        )
        cases = results[results.status != "timing"].groupby(["system", "ic"]).ngroups
        print(f"{workers} worker(s): {elapsed:.1f} s for {cases} cases ({shares})")


if __name__ == "__main__":
    main()
