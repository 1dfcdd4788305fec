"""The ``chaosbench symbolic`` command: argument parsing and printing only.

``chaosbench symbolic score`` scores submitted equations
(:func:`chaosbench.symbolic.score`, :func:`chaosbench.symbolic.score_submission`);
``chaosbench symbolic baseline`` fits and scores the SINDy baseline
(:func:`chaosbench.symbolic.sindy.run_baseline`). The main command calls
:func:`register`; errors are :class:`~chaosbench.errors.ChaosbenchError`, which it
prints as one line and turns into exit code 2.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chaosbench.cli._arguments import parse_assignments
from chaosbench.errors import ChaosbenchError

if TYPE_CHECKING:
    import pandas as pd

#: pooled metrics printed by ``symbolic score``, in order: (metric, header)
_SHOWN = (
    ("exact", "exact"),
    ("symbolic_solution", "solution"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("f1", "f1"),
    ("coefficient_error", "coef_err"),
    ("complexity", "size"),
    ("complexity_truth", "size_true"),
)
#: numeric scores printed beside them when present: (metric, header)
_NUMERIC_SHOWN = (
    ("derivative_r2", "deriv_r2"),
    ("trajectory_r2_test", "traj_r2"),
    ("vpt_smape", "vpt"),
)
_OUT_SUFFIXES = (".csv", ".parquet", ".json")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``symbolic`` command (subcommands ``score`` and ``baseline``) to the
    sub-parsers of the ``chaosbench`` command; return its parser."""
    parser = subparsers.add_parser(
        "symbolic", help="symbolic recovery: score recovered equations, run the baseline"
    )
    verbs = parser.add_subparsers(dest="symbolic_command", required=True)

    p = verbs.add_parser("score", help="score submitted equations against the true ones")
    p.add_argument("--system", help="the flow of --equations (default: the file's name)")
    p.add_argument(
        "--equations",
        metavar="FILE",
        help="JSON list of expressions in variable order or {variable: expression}; "
        "or text with one equation per line",
    )
    p.add_argument(
        "--submission", metavar="DIR", help="folder of <SystemName>.json files, one per system"
    )
    p.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="parameter value of the truth, with --equations (repeatable)",
    )
    p.add_argument(
        "--naming",
        default="auto",
        choices=("auto", "system", "positional"),
        help="variable names: the system's, positional x0, x1, ..., or decided (default)",
    )
    p.add_argument("--no-numeric", action="store_true", help="symbolic scores only (fast)")
    p.add_argument("--task", help="symbolic task of the numeric scores (default: default)")
    p.add_argument("--out", help="results file (.csv, .parquet or .json); a table if omitted")
    p.set_defaults(func=_cmd_score)

    p = verbs.add_parser("baseline", help="fit and score the SINDy baseline")
    p.add_argument("--systems", help="comma-separated flows (default: all of the task)")
    p.add_argument("--workers", type=int, help="processes (default 1)")
    p.add_argument("--task", help="symbolic task (default: default)")
    p.add_argument("--out", help="results file (.csv or .json)")
    p.set_defaults(func=_cmd_baseline)
    return parser


def _cmd_score(args: argparse.Namespace) -> int:
    from chaosbench.symbolic.score import load_equations, score, score_submission

    _check_out(args.out)
    if (args.equations is None) == (args.submission is None):
        raise ChaosbenchError("give either --equations FILE or --submission DIR")
    options = {"numeric": not args.no_numeric, "task": args.task, "naming": args.naming}
    if args.submission is not None:
        if args.system or args.param:
            raise ChaosbenchError("--system and --param go with --equations, not --submission")
        frame = score_submission(args.submission, **options)
        pooled_only = True
    else:
        system = args.system or Path(args.equations).stem
        parameters = parse_assignments(args.param) or None
        result = score(load_equations(args.equations), system, parameters=parameters, **options)
        frame = _frame(result.rows())
        pooled_only = False
    if args.out:
        path = _write(frame, args.out)
        print(f"wrote {len(frame)} rows to {path}")
    else:
        print(format_table(frame, pooled_only=pooled_only), end="")
    return 0


def _cmd_baseline(args: argparse.Namespace) -> int:
    from chaosbench.symbolic.sindy import run_baseline

    if args.out and Path(args.out).suffix.lower() not in (".csv", ".json"):
        raise ChaosbenchError(f"--out must end in .csv or .json, got {Path(args.out).name!r}")
    systems = [s.strip() for s in args.systems.split(",") if s.strip()] if args.systems else None
    options: dict[str, Any] = {"workers": args.workers, "out": args.out}
    if args.task:
        options["task"] = args.task
    table = run_baseline(systems, **options)
    columns = [c for c in ("system", "status", "exact", "kind", "f1", "coefficient_error",
                           "derivative_r2", "trajectory_r2_test") if c in table]  # fmt: skip
    print(table[columns].to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if args.out:
        print(f"wrote {args.out}")
    return 0


def _check_out(out: str | None) -> None:
    if out is not None and Path(out).suffix.lower() not in _OUT_SUFFIXES:
        raise ChaosbenchError(
            f"--out must end in {', '.join(_OUT_SUFFIXES)}, got {Path(out).name!r}"
        )


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    from chaosbench.symbolic.score import COLUMNS

    return pd.DataFrame(rows, columns=list(COLUMNS))


def _write(frame: pd.DataFrame, out: str) -> Path:
    path = Path(out)
    if path.suffix.lower() == ".json":
        records = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")
        ]
        path.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
        return path
    from chaosbench.evaluation.report import write_results

    return write_results(frame, path)


def format_table(frame: pd.DataFrame, *, pooled_only: bool = False) -> str:
    """A plain-text table of a results table of :mod:`chaosbench.symbolic.score`: one line
    per system (``pooled_only``) or per system and variable, with the kind of symbolic
    solution, the main metrics and the reason of any failure."""
    from chaosbench.symbolic.score import POOLED

    lines = []
    header = f"{'system':<22} {'variable':<9} {'status':<7} {'kind':<16}"
    header += "".join(f" {title:>9}" for _, title in _SHOWN)
    numeric = [(m, title) for m, title in _NUMERIC_SHOWN if m in set(frame.metric)]
    header += "".join(f" {title:>9}" for _, title in numeric)
    lines.append(header)
    failures = []
    for (system, variable), group in frame.groupby(["system", "variable"], sort=False):
        if pooled_only and variable != POOLED:
            continue
        values = dict(zip(group.metric, group.value))
        if "status" in values:  # the whole file failed
            failures.append(f"{system}: {group.reason.iloc[0]}")
            lines.append(f"{system:<22} {variable:<9} {'failed':<7}")
            continue
        symbolic = group[group.metric == "symbolic_solution"]
        if symbolic.empty:
            continue
        kind = symbolic.detail.iloc[0]
        status = symbolic.status.iloc[0]
        line = f"{system:<22} {variable:<9} {status:<7} {kind:<16}"
        line += "".join(f" {_cell(values.get(m)):>9}" for m, _ in _SHOWN)
        if variable == POOLED:
            line += "".join(f" {_cell(values.get(m)):>9}" for m, _ in numeric)
        lines.append(line)
        reason = symbolic.reason.iloc[0]
        if reason and (variable == POOLED or not pooled_only):
            failures.append(f"{system} {variable}: {reason}")
        numeric_status = group[group.metric == "numeric"]
        if not numeric_status.empty and numeric_status.status.iloc[0] == "failed":
            failures.append(f"{system} numeric: {numeric_status.reason.iloc[0]}")
    lines += [f"  {f}" for f in dict.fromkeys(failures)]
    return "\n".join(lines) + "\n"


def _cell(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"
