"""The ``submit`` and ``leaderboard`` verbs of the ``chaosbench`` command.

Argument parsing only; the work is done by the modules of this package.
:func:`register` adds the verbs to the command's sub-parsers::

    chaosbench submit --forecaster module:object --name NAME --model-type TYPE \\
        --author NAME [--author ...] --contact EMAIL --code-url URL [--task leaderboard]
    chaosbench submit --expressions FOLDER --name NAME ... [--task default]  (symbolic)
    chaosbench submit --baseline parroting,last_value | all  [--task leaderboard]
    chaosbench leaderboard validate PATH [PATH ...] | --all  [--record]
    chaosbench leaderboard build [--check]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from chaosbench.errors import ChaosbenchError
from chaosbench.leaderboard.schema import MODEL_TYPES

DEFAULT_ROOT = "leaderboard"


def _cmd_submit(args: argparse.Namespace) -> int:
    from chaosbench.leaderboard import submit

    task = args.task or ("default" if args.expressions else "leaderboard")
    options = {"task": task, "root": args.root, "workers": args.workers,
               "overwrite": args.overwrite}  # fmt: skip
    if args.baseline:
        names = list(submit.BASELINE_METHODS) if args.baseline == "all" else (
            args.baseline.split(","))  # fmt: skip
        for name in names:
            start = time.perf_counter()
            folder, summary = submit.submit_baseline(name.strip(), **options)
            _print_submitted(folder, summary, time.perf_counter() - start)
        return 0
    if bool(args.forecaster) == bool(args.expressions):
        raise ChaosbenchError("submit: give --forecaster module:object, --expressions FOLDER "
                              "or --baseline NAME")  # fmt: skip
    missing = [flag for flag, value in (("--name", args.name), ("--model-type", args.model_type),
               ("--author", args.author), ("--contact", args.contact),
               ("--code-url", args.code_url)) if not value]  # fmt: skip
    if missing:
        raise ChaosbenchError(f"submit also needs {', '.join(missing)}")
    trained_on = args.trained_on or ""
    fields = dict(
        method=args.name, model_type=args.model_type, authors=args.author,
        contact=args.contact, code_url=args.code_url, slug=args.slug, paper=args.paper,
        description=args.description, hardware=args.hardware,
        trained_on="all" if trained_on == "all" else [s for s in trained_on.split(",") if s],
        replication_code=not args.no_replication_code, task=task, root=args.root,
        overwrite=args.overwrite,
    )  # fmt: skip
    start = time.perf_counter()
    if args.expressions:
        folder, summary = submit.submit_expressions(args.expressions, **fields)
    else:
        from chaosbench.evaluation.protocol import load_entry_point

        load_entry_point(args.forecaster)  # fails early, naming the entry point
        folder, summary = submit.submit(args.forecaster, workers=args.workers, **fields)
    _print_submitted(folder, summary, time.perf_counter() - start)
    print(f"next: chaosbench leaderboard validate {folder} --record && "
          "chaosbench leaderboard build")  # fmt: skip
    return 0


def _print_submitted(folder: Path, summary: dict, seconds: float) -> None:
    if "symbolic_solution_rate" in summary:
        print(f"wrote {folder} in {seconds:.0f} s: symbolic solutions "
              f"{summary['symbolic_solution_rate']:.1%}, exact {summary['exact_rate']:.1%}, "
              f"mean F1 {summary['mean_f1']:.3f}")  # fmt: skip
        return
    print(f"wrote {folder} in {seconds:.0f} s: median VPT {summary['median_vpt']:.3g}, "
          f"median sMAPE {summary['median_smape']:.3g}, failed "
          f"{summary['failed_share']:.1%}")  # fmt: skip


def _cmd_validate(args: argparse.Namespace) -> int:
    from chaosbench.leaderboard import validate as checks
    from chaosbench.leaderboard.build import check_root
    from chaosbench.leaderboard.safety import SUBMISSIONS

    paths = list(args.paths)
    if not paths and not args.all:
        raise ChaosbenchError("leaderboard validate: give submission folders or --all")
    inside = str(Path(args.root) / SUBMISSIONS)
    for path in paths:
        if not os.path.lexists(path):
            raise ChaosbenchError(f"leaderboard validate: no submission folder {path!r} "
                                  f"(give folders inside {inside!r})")  # fmt: skip
    if args.all:
        folder = check_root(args.root, "leaderboard validate --all") / SUBMISSIONS
        paths += sorted(str(p) for p in folder.iterdir() if not p.name.startswith("."))
        if not paths:
            raise ChaosbenchError(f"leaderboard validate --all: {str(folder)!r} holds no "
                                  "submissions")  # fmt: skip
    reports, failed = [], 0
    for path in paths:
        report = checks.validate(path, args.root, workers=args.workers)
        for line in report.lines():
            print(line)
        if report.ok and not args.record:
            problem = checks.recorded_problem(report, args.root)
            if problem.endswith(checks.NOT_RECORDED):
                print(f"{report.slug}: {problem}")
            elif problem:
                print(f"{report.slug}: {problem}")
                failed += 1
                continue
        failed += not report.ok
        reports.append(report)
    if failed:
        print(f"{failed} of {len(paths)} submission(s) rejected; nothing was changed")
        return 1
    if args.record:
        for report in reports:
            print(f"recorded {checks.record(report, args.root)}")
    print(f"{len(paths)} submission(s) valid")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from chaosbench.leaderboard.build import build, stale

    if args.check:
        differ = stale(args.root)
        for name in differ:
            print(f"{Path(args.root) / name} is out of date: run chaosbench leaderboard build")
        if not differ:
            print(f"{args.root}: the rendered board is up to date")
        return 1 if differ else 0
    for path in build(args.root):
        print(f"wrote {path}")
    return 0


def register(subparsers) -> None:
    """Add the ``submit`` and ``leaderboard`` verbs to a command's sub-parsers."""
    p = subparsers.add_parser("submit", help="run a forecaster on a task and write a "
                              "leaderboard submission")  # fmt: skip
    p.add_argument("--forecaster", help="module:object entry point")
    p.add_argument("--expressions", help="symbolic track: folder of <System>.json files")
    p.add_argument("--baseline", help="submit built-in baselines instead: 'all' or names")
    p.add_argument("--task", help="a committed task (default: leaderboard; for "
                   "--expressions, the symbolic task default)")  # fmt: skip
    p.add_argument("--name", help="method name shown on the board")
    p.add_argument("--slug", help="submission folder name (default: from --name)")
    p.add_argument("--model-type", choices=MODEL_TYPES, help="kind of model")
    p.add_argument("--author", action="append", help="an author (repeat for each)")
    p.add_argument("--contact", help="e-mail address or page to reach the authors")
    p.add_argument("--code-url", help="where the code is (http(s) URL)")
    p.add_argument("--paper", default="", help="reference or URL of the paper")
    p.add_argument("--description", default="", help="one line about the method")
    p.add_argument("--hardware", help="hardware used (default: this machine)")
    p.add_argument("--trained-on", help="systems whose data the model saw beyond the task's "
                   "training split: comma-separated names, or 'all'")  # fmt: skip
    p.add_argument("--no-replication-code", action="store_true",
                   help="the code to replicate the forecasts is not available")  # fmt: skip
    p.add_argument("--workers", type=int, help="processes (default 1)")
    p.add_argument("--root", default=DEFAULT_ROOT, help="board folder (default: leaderboard)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing submission")
    p.set_defaults(func=_cmd_submit)

    board = subparsers.add_parser("leaderboard", help="validate submissions, build the board")
    verbs = board.add_subparsers(dest="leaderboard_command", required=True)
    p = verbs.add_parser("validate", help="check submissions and recompute their scores")
    p.add_argument("paths", nargs="*", help="submission folders")
    p.add_argument("--all", action="store_true", help="every submission of the board")
    p.add_argument(
        "--record",
        action="store_true",
        help="write the scores of valid submissions (only if all are valid)",
    )
    p.add_argument("--workers", type=int, help="processes (default 1)")
    p.add_argument("--root", default=DEFAULT_ROOT, help="board folder (default: leaderboard)")
    p.set_defaults(func=_cmd_validate)
    p = verbs.add_parser("build", help="render README.md and index.html from recorded scores")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the rendered files are out of date",
    )
    p.add_argument("--root", default=DEFAULT_ROOT, help="board folder (default: leaderboard)")
    p.set_defaults(func=_cmd_build)
