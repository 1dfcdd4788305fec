"""``chaosbench synthesize``: generate verified chaotic systems into a JSON-lines file."""

from __future__ import annotations

import argparse
from pathlib import Path

from chaosbench.cli._arguments import dask_executor
from chaosbench.errors import ChaosbenchError


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``synthesize`` command to the ``chaosbench`` parser."""
    from chaosbench.synthesis.families import FAMILIES

    p = subparsers.add_parser(
        "synthesize",
        help="generate new chaotic systems, each verified by its Lyapunov spectrum",
        description=(
            "Draw random systems of a family and keep N that pass every acceptance test "
            "(bounded, not stationary, a positive largest Lyapunov exponent beyond its "
            "error bar, Liouville's identity, a measurable timescale, distinct). The "
            "same request gives the same file, byte for byte, on any number of workers. "
            "A killed run picks up where it stopped when started again."
        ),
    )
    p.add_argument("-n", type=int, required=True, help="how many systems to keep")
    p.add_argument(
        "--family", default="all", choices=("all", *FAMILIES), help="which family (default: all)"
    )
    p.add_argument("--seed", type=int, default=0, help="non-negative seed (default 0)")
    p.add_argument("--dimension", type=int, help="number of variables of every system")
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    p.add_argument("--scheduler", help="address of a Dask distributed scheduler")
    p.add_argument("--out", required=True, help="output file (JSON lines, e.g. systems.jsonl)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(func=_cmd_synthesize)
    return p


def _cmd_synthesize(args: argparse.Namespace) -> int:
    from chaosbench.synthesis import synthesize

    out = Path(args.out)
    if out.exists() and not args.overwrite:
        raise ChaosbenchError(f"{str(out)!r} exists; pass --overwrite to replace it")
    if out.parent != Path() and not out.parent.is_dir():
        raise ChaosbenchError(f"{str(out.parent)!r} is not a folder")
    journal = out.with_name(out.name + ".partial")
    executor, client = dask_executor(args.scheduler)
    try:
        found = synthesize(
            args.n,
            family=args.family,
            seed=args.seed,
            workers=args.workers,
            executor=executor,
            dimension=args.dimension,
            progress=False if args.quiet else None,
            journal=journal,
        )
    finally:
        if client is not None:
            client.close()
    found.save(out)
    journal.unlink(missing_ok=True)
    report = found.report
    rejected = ", ".join(f"{test} {k}" for test, k in report["rejected"].items() if k)
    print(
        f"{out}: {len(found)} systems; {report['candidates']} candidates tried "
        f"({100 * report['acceptance_rate']:.2f} % kept); rejected: {rejected or 'none'}"
    )
    return 0
