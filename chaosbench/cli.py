"""The ``chaosbench`` command: argument parsing only; all work is done by the Python API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from chaosbench.errors import ChaosbenchError


def _parse_assignments(items: Sequence[str] | None) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep:
            raise ChaosbenchError(f"--param expects NAME=VALUE, got {item!r}")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise ChaosbenchError(f"--param {name}: {value!r} is not a number") from None
    return values


def _cmd_list(args: argparse.Namespace) -> int:
    from chaosbench import get, systems

    names = systems(kind=args.kind, field=args.field)
    if args.json:
        print(json.dumps([get(n).to_dict() for n in names], indent=2))
        return 0
    for name in names:
        system = get(name)
        print(f"{name:<16} {system.kind:<5} d={system.dimension:<3} {system.field}")
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from chaosbench import get

    info = get(args.name).to_dict()
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"{info['name']} ({info['kind']}, dimension {info['dimension']}, {info['field']})")
    print(f"  {info['description']}")
    print(f"  citation: {info['citation']}")
    symbol = "d{}/dt" if info["kind"] == "flow" else "{}[n+1]"
    for var, eq in zip(info["variables"], info["equations_declared"]):
        print(f"  {symbol.format(var)} = {eq}")
    print("  parameters: " + ", ".join(f"{k}={v:g}" for k, v in info["parameters"].items()))
    print("  initial condition: " + ", ".join(f"{v:.8g}" for v in info["ic"]))
    for key, value in info["annotations"].items():
        print(f"  {key}: {value}")
    return 0


def _cmd_trajectory(args: argparse.Namespace) -> int:
    import numpy as np

    from chaosbench import get

    system = get(args.name)
    ic = None if args.ic is None else [float(v) for v in args.ic.split(",")]
    options = {
        "method": args.method,
        "transient": args.transient,
        "noise": args.noise,
        "seed": args.seed,
        "ic": ic,
        "parameters": _parse_assignments(args.param) or None,
    }
    if args.rtol is not None:
        options["rtol"] = args.rtol
    if args.atol is not None:
        options["atol"] = args.atol
    if args.dt is not None:
        options["dt"] = args.dt
    if args.pts_per_period is not None:
        options["pts_per_period"] = args.pts_per_period
    t, X = system.trajectory(args.n, **options)
    table = np.column_stack([t, X])
    header = ",".join(["t", *system.variables])
    if args.out is None:
        np.savetxt(sys.stdout, table, delimiter=",", header=header, comments="", fmt="%.17g")
        return 0
    out = Path(args.out)
    if out.suffix == ".npy":
        np.save(out, table)
    elif out.suffix == ".csv":
        np.savetxt(out, table, delimiter=",", header=header, comments="", fmt="%.17g")
    else:
        raise ChaosbenchError(f"--out must end in .csv or .npy, got {out.name!r}")
    print(f"wrote {len(t)} points of {system.name} to {out}", file=sys.stderr)
    return 0


def _cmd_annotate(args: argparse.Namespace) -> int:
    from chaosbench import get, systems
    from chaosbench.analysis.annotate import annotate

    names = [get(n).name for n in args.names] if args.names else systems()
    results, failures = annotate(names, workers=args.workers, progress=not args.quiet)
    for name, message in failures.items():
        print(f"{name:<24} FAILED: {message}", file=sys.stderr)
    for name, values in results.items():
        spectrum = ", ".join(f"{v:.4f}" for v in values["lyapunov_spectrum"])
        dimension = values["kaplan_yorke_dimension"]
        shown = "-" if dimension is None else f"{dimension:.3f}"
        print(f"{name:<24} lyapunov [{spectrum}]  D_KY={shown}  chaotic={values['chaotic']}")
    return 1 if failures else 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from chaosbench.demo import run_demo

    run_demo(n=args.n, every=args.all)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chaosbench`` command."""
    from chaosbench import __version__

    parser = argparse.ArgumentParser(
        prog="chaosbench", description="Chaotic dynamical systems as benchmarks."
    )
    parser.add_argument("--version", action="version", version=f"chaosbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list the registered systems")
    p.add_argument("--json", action="store_true", help="print full records as JSON")
    p.add_argument("--kind", choices=("flow", "map"), help="only systems of this kind")
    p.add_argument("--field", help="only systems of this field of science")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("info", help="show one system")
    p.add_argument("name")
    p.add_argument("--json", action="store_true", help="print the record as JSON")
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser("trajectory", help="integrate a system and write the trajectory")
    p.add_argument("name")
    p.add_argument("-n", type=int, required=True, help="number of output points")
    p.add_argument("--out", help="output file (.csv or .npy); CSV to stdout if omitted")
    p.add_argument("--dt", type=float, help="output step (flows)")
    p.add_argument("--pts-per-period", type=float, help="output points per dominant period")
    p.add_argument("--method", default="auto", help="auto, dop853, dopri5, rosenbrock, iterate")
    p.add_argument("--rtol", type=float)
    p.add_argument("--atol", type=float)
    p.add_argument("--transient", type=int, default=0, help="output steps discarded first")
    p.add_argument("--noise", type=float, default=0.0, help="relative observation noise")
    p.add_argument("--seed", type=int, help="seed of the noise")
    p.add_argument("--ic", help="initial condition, comma-separated")
    p.add_argument(
        "--param", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)"
    )
    p.set_defaults(func=_cmd_trajectory)

    p = sub.add_parser("annotate", help="recompute the stored annotations from the equations")
    p.add_argument("names", nargs="*", help="systems to annotate (default: all)")
    p.add_argument("--workers", type=int, default=1, help="parallel processes")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_annotate)

    p = sub.add_parser("demo", help="integrate a dozen systems and compare speed with scipy")
    p.add_argument("-n", type=int, default=20_000, help="points per trajectory")
    p.add_argument("--all", action="store_true", help="integrate every registered system")
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``chaosbench`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ChaosbenchError as exc:
        print(f"chaosbench: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
