"""The ``chaosbench`` command's parser and entry point; all work is done by the Python API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from chaosbench._atomic import written_atomically
from chaosbench.cli._arguments import dask_executor, parse_assignments
from chaosbench.errors import ChaosbenchError


def _cmd_list(args: argparse.Namespace) -> int:
    from chaosbench.systems.registry import get, systems

    names = systems(kind=args.kind, field=args.field)
    if args.json:
        print(json.dumps([get(n).to_dict() for n in names], indent=2))
        return 0
    if not names:
        print("no system matches these filters", file=sys.stderr)
        return 1
    rows = [_list_row(get(name)) for name in names]
    header = ("name", "kind", "dim", "field", "lambda_1", "chaotic")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(f"{len(rows)} systems; `chaosbench info NAME` shows one", file=sys.stderr)
    return 0


def _list_row(system) -> tuple[str, ...]:
    largest = system.annotations.get("max_lyapunov")
    chaotic = system.annotations.get("chaotic")
    return (
        system.name,
        system.kind,
        str(system.dimension),
        system.field,
        "-" if largest is None else f"{largest:.4g}",
        "-" if chaotic is None else ("yes" if chaotic else "no"),
    )


def _with_error(values, errors, digits: int = 4) -> str:
    """``v1 ± e1, v2 ± e2, ...`` (errors omitted where not known)."""
    errors = errors if errors is not None else [None] * len(values)
    return ", ".join(
        f"{v:.{digits}g}" if e is None else f"{v:.{digits}g} ± {e:.2g}"
        for v, e in zip(values, errors, strict=True)
    )


#: the invariants ``info`` prints: (annotation key, label, formatter of the record)
_INFO_ROWS = (
    ("lyapunov_spectrum", "Lyapunov spectrum",
     lambda a: _with_error(a["lyapunov_spectrum"], a.get("lyapunov_spectrum_error"))
     + ("" if a.get("lyapunov_spectrum_complete", True) else " (leading exponents only)")),
    ("lyapunov_time", "Lyapunov time", lambda a: f"{a['lyapunov_time']:.4g}"),
    ("kaplan_yorke_dimension", "Kaplan-Yorke dimension",
     lambda a: f"{a['kaplan_yorke_dimension']:.4g}"),
    ("correlation_dimension", "correlation dimension",
     lambda a: f"{a['correlation_dimension']:.4g}"),
    ("period", "dominant period", lambda a: f"{a['period']:.4g}"),
    ("dt", "recommended step dt", lambda a: f"{a['dt']:.4g}"),
    ("mean_divergence", "mean divergence", lambda a: f"{a['mean_divergence']:.4g}"),
    ("chaotic", "chaotic", lambda a: "yes" if a["chaotic"] else "no"),
)  # fmt: skip


def _method_help() -> str:
    """The ``--method`` help, from the method table (so a new method appears by itself)."""
    from chaosbench.integrate.methods import names

    return f"auto (the system's default), {', '.join(names())}; iterate for maps"


def _cmd_info(args: argparse.Namespace) -> int:
    import textwrap

    from chaosbench.systems.registry import get

    system = get(args.name)
    info = system.to_dict()
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    unit = "variable" if system.dimension == 1 else "variables"
    print(f"{system.name}: {system.kind}, {system.dimension} {unit}, {system.field}")
    for line in textwrap.wrap(system.description, 88):
        print(f"  {line}")
    print(f"citation: {system.citation}")
    print("equations:")
    symbol = "{}[n+1]" if system.kind == "map" else "d{}/dt"
    for var, eq in zip(system.variables, info["equations_declared"], strict=True):
        print(f"  {symbol.format(var)} = {eq}")
    if system.kind == "delay":
        lags = ", ".join(f"{var}(t - {lag})" for var, lag in system.delay_terms)
        print(f"  delayed terms: {lags}")
    print("parameters: " + (", ".join(f"{k}={v:g}" for k, v in system.parameters.items()) or "-"))
    print("initial condition: " + ", ".join(f"{v:.6g}" for v in system.ic))
    annotations = system.annotations
    if not annotations:
        print("invariants: none stored (sized or re-parametrised systems carry none)")
        return 0
    computed = str(annotations.get("computed", "?"))[:10]
    print(f"invariants (computed {computed}, chaosbench {annotations.get('chaosbench_version')}):")
    for key, label, shown in _INFO_ROWS:
        if annotations.get(key) is not None:
            print(f"  {label}: {shown(annotations)}")
    print(f"every stored field: chaosbench info {system.name} --json")
    return 0


def _cmd_trajectory(args: argparse.Namespace) -> int:
    import numpy as np

    from chaosbench.systems.registry import get

    system = get(args.name)
    ic = None if args.ic is None else _parse_numbers(args.ic, "--ic")
    out = None if args.out is None else _output_file(args.out, "--out", (".csv", ".npy"))
    _check_fits_in_memory(args.n, system.dimension + 1, "-n")
    options = {
        "method": args.method,
        "transient": args.transient,
        "noise": args.noise,
        "seed": args.seed,
        "ic": ic,
        "parameters": parse_assignments(args.param) or None,
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
    if out is None:
        np.savetxt(sys.stdout, table, delimiter=",", header=header, comments="", fmt="%.17g")
        return 0
    with written_atomically(out) as partial:  # never a half-written file, even side by side
        if out.suffix == ".npy":
            with open(partial, "wb") as handle:
                np.save(handle, table)
        else:
            np.savetxt(partial, table, delimiter=",", header=header, comments="", fmt="%.17g")
    print(f"wrote {len(t)} points of {system.name} to {out}", file=sys.stderr)
    return 0


def _parse_numbers(text: str, option: str) -> list[float]:
    """Comma-separated numbers, e.g. ``--ic 1,2,3``; one clear line if one is not a number."""
    values = []
    for item in text.split(","):
        try:
            values.append(float(item))
        except ValueError:
            raise ChaosbenchError(
                f"{option} expects comma-separated numbers such as 1.0,2.0,3.0; "
                f"{item.strip()!r} is not a number"
            ) from None
    return values


def _output_file(text: str, option: str, suffixes: tuple[str, ...]) -> Path:
    """An output file name whose folder exists (no folder is created behind the user's back)."""
    out = Path(text)
    if out.suffix not in suffixes:
        raise ChaosbenchError(f"{option} must end in {' or '.join(suffixes)}, got {out.name!r}")
    if out.is_dir():
        raise ChaosbenchError(f"{option} {text!r} is a folder; give a file name")
    folder = out.parent
    if not folder.is_dir():
        raise ChaosbenchError(f"{option} {text!r}: the folder {str(folder)!r} does not exist")
    return out


#: the most memory an output table may take before it is refused (bytes)
MAX_OUTPUT_BYTES = 8 * 2**30


def _check_fits_in_memory(rows: int, columns: int, option: str) -> None:
    """Refuse, before any work, an output table that would not fit in memory."""
    if rows <= 0:
        return  # the API names a non-positive count itself
    size = 8 * rows * columns
    if size > MAX_OUTPUT_BYTES:
        raise ChaosbenchError(
            f"{option} {rows}: the output would take {size / 2**30:.1f} GiB of memory "
            f"(at most {MAX_OUTPUT_BYTES / 2**30:.0f} GiB); ask for fewer points, or "
            "generate a dataset (`chaosbench generate`), which writes in blocks"
        )


def _cmd_lyapunov(args: argparse.Namespace) -> int:
    from chaosbench.systems.registry import get

    system = get(args.name)
    result = system.lyapunov_spectrum(
        parameters=parse_assignments(args.param) or None,
        ic=None if args.ic is None else _parse_numbers(args.ic, "--ic"),
        n_exponents=args.n_exponents,
        seed=args.seed,
        max_time=args.max_time,
        max_seconds=args.max_seconds,
    )
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(result.summary())
    if not result.converged:
        print(f"chaosbench: {system.name}: the exponents did not converge (see above); "
              "raise --max-seconds or --max-time", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _cmd_annotate(args: argparse.Namespace) -> int:
    from chaosbench.analysis.annotate import annotate
    from chaosbench.systems.registry import get, systems

    if (args.out is None) == (not args.into_package):
        raise ChaosbenchError(
            "annotate: give --out FILE.json (where the annotations go), or --into-package "
            "to refresh the package's own data/annotations.json (maintainers)"
        )
    if args.workers is not None and args.workers < 1:
        raise ChaosbenchError(f"annotate: --workers must be at least 1, got {args.workers}")
    names = [get(n).name for n in args.names] if args.names else systems()
    results, failures = annotate(names, workers=args.workers or 1, path=args.out,
                                 into_package=args.into_package,
                                 progress=not args.quiet)  # fmt: skip
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


#: generate options that set a DatasetConfig field: (flag, field, type)
#: generate's options for DatasetConfig fields: (flag, field, type, help); ``--field``
#: lists the fields of science of the registry (:func:`_field_help`)
_CONFIG_OPTIONS = (
    ("--kind", "kind", str, "only systems of this kind: flow, map or delay"),
    ("--field", "field", str, None),
    ("--min-dimension", "min_dimension", int, "only systems with at least this many variables"),
    ("--max-dimension", "max_dimension", int, "only systems with at most this many variables"),
    ("--n-points", "n_points", int, "stored points per trajectory (default 1000)"),
    ("--pts-per-period", "pts_per_period", float,
     "sampling: points per dominant period (the default, 100)"),
    ("--pts-per-lyapunov", "pts_per_lyapunov", float, "sampling: points per Lyapunov time"),
    ("--dt", "dt", float, "sampling: a fixed output step, in the system's time units"),
    ("--transient", "transient", int,
     "output steps integrated and dropped before the first stored point (default 100)"),
    ("--noise-additive", "noise_additive", float,
     "observation noise, a multiple of each coordinate's spread (default 0)"),
    ("--noise-multiplicative", "noise_multiplicative", float,
     "relative observation noise, x(1 + m e) (default 0)"),
    ("--parameter-perturbation", "parameter_perturbation", float,
     "relative spread of each parameter, drawn per trajectory (default 0)"),
    ("--projection", "projection", str, "keep only this variable (a univariate dataset)"),
    ("--seed", "seed", int, "seed of every random choice (default 0)"),
    ("--dtype", "dtype", str, "float64 (default) or float32"),
    ("--rtol", "rtol", float, "relative integration tolerance (default 1e-9)"),
    ("--atol", "atol", float, "absolute integration tolerance (default 1e-12)"),
    ("--block-size", "block_size", int,
     "initial conditions per unit of work and per shard (default 16)"),
    ("--systems-file", "systems_file", str,
     "take the systems from this file (written by chaosbench synthesize); "
     "--systems all (the default with this option) means all of them"),
)  # fmt: skip


def _parse_splits(text: str) -> dict[str, int]:
    splits = {}
    for item in text.split(","):
        name, sep, count = item.partition("=")
        try:
            splits[name.strip()] = int(count)
        except ValueError:
            raise ChaosbenchError(f"--splits expects NAME=COUNT,..., got {text!r}") from None
        if not sep:
            raise ChaosbenchError(f"--splits expects NAME=COUNT,..., got {text!r}")
    return splits


def _system_list(text: str) -> list[str]:
    """Comma-separated system names; commas inside a size, ``Lorenz96(n=8)``, do not split."""
    names, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [name.strip() for name in names if name.strip()]


def _dataset_config(args: argparse.Namespace):
    from chaosbench.datasets.config import DatasetConfig
    from chaosbench.datasets.verify import preset_config

    if args.config and args.preset:
        raise ChaosbenchError("give --config or --preset, not both")
    if not (args.config or args.preset or args.systems or args.systems_file):
        raise ChaosbenchError(
            "say what to generate: --config FILE.toml, --preset NAME or --systems NAMES "
            "(--systems all for every registered system)"
        )
    data = {}
    if args.preset:
        data = preset_config(args.preset).to_dict()
    elif args.config:
        data = DatasetConfig.from_toml(args.config).to_dict()
    if args.systems:
        data["systems"] = "all" if args.systems == "all" else _system_list(args.systems)
    if args.splits:
        data["splits"] = _parse_splits(args.splits)
    if args.chaotic:
        data["chaotic"] = True
    if args.standardize:
        data["standardize"] = True
    if args.no_reliable_horizon:
        data["reliable_horizon"] = False
    for _, name, _, _ in _CONFIG_OPTIONS:
        value = getattr(args, name)
        if value is not None:
            data[name] = value
    if args.systems_file:  # another file: whatever checksum the config pinned is not its
        data.pop("systems_checksum", None)
        data.pop("synthesize", None)
    return DatasetConfig.from_dict(data)


def _cmd_generate(args: argparse.Namespace) -> int:
    from chaosbench.datasets import generate

    config = _dataset_config(args)
    executor, client = dask_executor(args.scheduler)
    try:
        report = generate(
            args.out,
            config,
            workers=args.workers,
            executor=executor,
            resume=args.resume,
            overwrite=args.overwrite,
            shard_index=args.shard_index,
            num_shards=args.num_shards,
            layout=args.layout,
            progress=False if args.quiet else None,
        )
    finally:
        if client is not None:
            client.close()
    if report.path is None:
        print(
            f"shard {args.shard_index} of {args.num_shards}: {report.computed} units computed; "
            f"the output is assembled once every shard is done (rerun with --resume)"
        )
        return 0
    manifest = report.manifest
    print(
        f"{report.path}: {len(manifest.get('systems', {}))} systems, "
        f"{manifest.get('n_trajectories', 0)} trajectories "
        f"({report.computed} units computed, {report.reused} reused)"
    )
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from chaosbench.datasets import inspect

    print(inspect(args.file))
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from chaosbench.datasets.verify import verify

    report = verify(args.file)
    print(report.summary())
    return 0 if report.ok else 1


def _cmd_export(args: argparse.Namespace) -> int:
    from chaosbench.datasets.export import export

    out = export(args.file, args.out, format=args.format)
    print(f"wrote {out}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from functools import partial

    from chaosbench.evaluation import evaluate, summarize
    from chaosbench.evaluation.entry_points import EntryPoint
    from chaosbench.evaluation.report import forecasts_path, summary_markdown, write_results
    from chaosbench.evaluation.tasks import get_task

    systems = _names_list(args.systems)
    out = Path(args.out)
    saved = None
    if not args.no_forecasts:
        saved = Path(args.forecasts or forecasts_path(out, args.baselines))
    _check_evaluate_arguments(args, out, saved)
    task = get_task(args.task)
    task.select_systems(systems)  # a system outside the task is refused, naming it
    options = {"case_timeout": args.case_timeout, "progress": False if args.quiet else None}
    if args.baselines:
        from chaosbench.evaluation.runner import evaluate_baselines

        names = None if args.baselines.strip() == "all" else _names_list(args.baselines)
        run = partial(evaluate_baselines, task, systems, args.workers, names,
                      forecasts_folder=saved, **options)  # fmt: skip
    else:
        forecaster = EntryPoint.parse(args.forecaster)  # resolved in the current folder
        forecaster.target()  # fails early, naming the entry point
        run = partial(evaluate, forecaster, task=task, systems=systems, workers=args.workers,
                      forecasts_out=saved, **options)  # fmt: skip
    executor, client = dask_executor(args.scheduler)
    try:
        results = run(executor=executor)
    finally:
        if client is not None:
            client.close()
    write_results(results, out)
    print(summary_markdown(summarize(results)), end="")
    print(f"wrote {out}" + (f" and {saved}" if saved else ""))
    return 0


def _names_list(text: str | None) -> list[str] | None:
    """Comma-separated names as a list (``None`` when none are given)."""
    if text is None:
        return None
    return [name.strip() for name in text.split(",") if name.strip()]


def _check_evaluate_arguments(args: argparse.Namespace, out: Path, saved: Path | None) -> None:
    """Refuse bad ``evaluate`` arguments before anything is computed or written."""
    import math

    if bool(args.forecaster) == bool(args.baselines):
        raise ChaosbenchError("evaluate: give either --forecaster module:object or --baselines")
    if out.suffix not in (".parquet", ".csv"):
        raise ChaosbenchError(f"--out {args.out!r}: expected a .parquet or .csv file name")
    for flag, path in (("--out", out), ("--forecasts", saved)):
        if path is not None and not path.absolute().parent.is_dir():
            raise ChaosbenchError(f"{flag} {str(path)!r}: no folder {str(path.parent)!r}")
    timeout = args.case_timeout
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise ChaosbenchError(
            f"--case-timeout {timeout:g}: give a positive, finite number of seconds"
        )
    if timeout is not None and args.scheduler:
        raise ChaosbenchError(
            "--case-timeout needs local worker processes, which can be ended: it cannot be "
            "combined with --scheduler"
        )
    if args.workers is not None and args.workers < 1:
        raise ChaosbenchError(f"--workers {args.workers}: give a positive number of processes")
    if _names_list(args.systems) == []:
        raise ChaosbenchError(f"--systems {args.systems!r}: no system named")


class _EvaluateHelp(argparse.HelpFormatter):
    """The help of ``evaluate``, which fills in ``{tasks}`` and ``{baselines}`` only when
    it is shown: listing the baselines imports them, which ``chaosbench --help`` and
    every other command should not wait for."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text and "{tasks}" in text:
            from chaosbench.evaluation.tasks import task_names

            text = text.replace("{tasks}", ", ".join(task_names()))
        if text and "{baselines}" in text:
            from chaosbench.evaluation.baselines import BASELINES

            text = text.replace("{baselines}", ", ".join(BASELINES))
        return text


def _cmd_report(args: argparse.Namespace) -> int:
    from chaosbench.evaluation.report import (
        PLOT_HINT,
        common_cases,
        find_forecasts,
        plotting_available,
        read_many,
        write_report,
    )

    results = read_many(args.results)  # every file checked before anything is written
    if len(args.results) > 1:  # ranked on the cases they share: refused if there are none
        shared, left_out = common_cases(results)
    else:
        shared, left_out = results, 0
    for name in args.forecasts or []:
        if not Path(name).is_file():
            raise ChaosbenchError(f"--forecasts: {name!r} is not a file")
    forecasts = args.forecasts or [f for r in args.results for f in find_forecasts(Path(r))]
    for path in write_report(results, args.out, forecasts=forecasts):
        print(f"wrote {path}")
    cases = shared[shared.status.isin(("ok", "failed"))][["task", "system", "ic"]]
    n_cases, n_forecasters = len(cases.drop_duplicates()), shared.forecaster.nunique()
    if len(args.results) > 1:
        print(f"ranked {n_forecasters} forecasters on the {n_cases} cases they share"
              + (f"; {left_out} case(s) left out (not in every forecaster's results)"
                 if left_out else ""))  # fmt: skip
    if not plotting_available():
        print(f"no figures written: {PLOT_HINT}", file=sys.stderr)
    return 0


_NAME_HELP = (
    "a registered system (`chaosbench list`; case-insensitive); a scalable one may be "
    "sized, e.g. 'Lorenz96(n=40)'"
)


def _field_help() -> str:
    from chaosbench.systems.declaration import FIELDS

    return "only systems of this field of science: " + ", ".join(sorted(FIELDS))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, with where to find the usage."""

    def error(self, message: str):  # type: ignore[override]
        import re

        from chaosbench.errors import close_matches

        found = re.search(r"invalid choice: '(.*?)' \(choose from (.*)\)", message)
        if found:
            choices = re.findall(r"'([^']*)'", found.group(2))
            near = close_matches(found.group(1), choices)
            hint = f" Did you mean {' or '.join(map(repr, near))}?" if near else ""
            message = f"{found.group(1)!r} is not one of {', '.join(choices)}.{hint}"
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chaosbench`` command."""
    from chaosbench._version import __version__

    parser = _Parser(prog="chaosbench", description="Chaotic dynamical systems as benchmarks.")
    parser.add_argument("--version", action="version", version=f"chaosbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list the registered systems")
    p.add_argument("--json", action="store_true", help="print full records as JSON")
    p.add_argument("--kind", choices=("flow", "map", "delay"), help="only systems of this kind")
    p.add_argument("--field", help=_field_help())
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("info", help="show one system")
    p.add_argument("name", help=_NAME_HELP)
    p.add_argument("--json", action="store_true", help="print the record as JSON")
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser("trajectory", help="integrate a system and write the trajectory")
    p.add_argument("name", help=_NAME_HELP)
    p.add_argument("-n", type=int, required=True, help="number of output points")
    p.add_argument("--out", help="output file (.csv or .npy); CSV to stdout if omitted")
    p.add_argument("--dt", type=float, help="output step (flows)")
    p.add_argument("--pts-per-period", type=float, help="output points per dominant period")
    p.add_argument("--method", default="auto", help=_method_help())
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

    p = sub.add_parser(
        "lyapunov",
        help="Lyapunov exponents at any parameters, run until converged, with standard errors",
    )
    p.add_argument("name", help="a registered system, e.g. Lorenz or Lorenz96(n=40)")
    p.add_argument(
        "--param", action="append", metavar="NAME=VALUE", help="set a parameter (repeatable)"
    )
    p.add_argument("--ic", help="starting point, comma-separated (default: the system's)")
    p.add_argument("--n-exponents", type=int, help="how many, largest first (default: all)")
    p.add_argument("--seed", type=int, default=0, help="seed of the perturbed starts (default 0)")
    p.add_argument("--max-time", type=float, help="longest run in time units (iterations)")
    p.add_argument("--max-seconds", type=float, default=60.0, help="wall-clock limit (default 60)")
    p.add_argument("--json", action="store_true", help="the full result as JSON")
    p.set_defaults(func=_cmd_lyapunov)

    p = sub.add_parser("annotate", help="recompute the stored annotations from the equations")
    p.add_argument("names", nargs="*", help="systems to annotate (default: all)")
    p.add_argument("--workers", type=int, default=1, help="parallel processes")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--out", help="JSON file to write (other systems' entries in it are kept)")
    p.add_argument(
        "--into-package",
        action="store_true",
        help="rewrite the package's own data/annotations.json (maintainers, in a checkout)",
    )
    p.set_defaults(func=_cmd_annotate)

    p = sub.add_parser("generate", help="generate an HDF5 dataset from a config")
    p.add_argument("--config", help="TOML file of DatasetConfig fields")
    p.add_argument("--preset", help="a committed config (e.g. benchmark)")
    p.add_argument("--out", required=True, help="output HDF5 file")
    p.add_argument(
        "--systems",
        help="comma-separated names, sized ones as Lorenz96(n=40), or 'all' "
        "(one of --config, --preset, --systems is required)",
    )
    p.add_argument("--splits", help="trajectories per split, e.g. train=8,val=2,test=2")
    for flag, name, kind, text in _CONFIG_OPTIONS:
        p.add_argument(flag, dest=name, type=kind, help=text or _field_help())
    p.add_argument("--chaotic", action="store_true", help="only systems annotated chaotic")
    p.add_argument("--standardize", action="store_true", help="standardise each coordinate")
    p.add_argument(
        "--no-reliable-horizon", action="store_true", help="skip the reliable-horizon check"
    )
    p.add_argument("--workers", type=int, help="local worker processes (default 1)")
    p.add_argument("--scheduler", help="address of a Dask distributed scheduler")
    p.add_argument("--shard-index", type=int, help="this job's index in a job array")
    p.add_argument("--num-shards", type=int, help="number of jobs in the job array")
    p.add_argument("--layout", default="single", choices=("single", "sharded"))
    p.add_argument("--resume", action="store_true", help="finish an interrupted run")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_generate)

    p = sub.add_parser("inspect", help="print the manifest of a dataset file")
    p.add_argument("file", help="a dataset file written by `chaosbench generate` (.h5)")
    p.set_defaults(func=_cmd_inspect)

    p = sub.add_parser("verify", help="check every checksum of a dataset file")
    p.add_argument("file", help="a dataset file written by `chaosbench generate` (.h5)")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("export", help="write a dataset file as Parquet or Arrow")
    p.add_argument("file")
    p.add_argument("--format", default="parquet", choices=("parquet", "arrow"))
    p.add_argument("--out", required=True, help="output file")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "evaluate", help="score a forecaster on a task", formatter_class=_EvaluateHelp
    )
    p.add_argument(
        "--forecaster",
        help="module:object (the module looked for in the current folder first, then on "
        "PYTHONPATH) or path/to/file.py:object",
    )
    p.add_argument("--baselines", help="'all' or comma-separated built-in baselines: {baselines}")
    p.add_argument("--task", default="default", help="a committed task: {tasks} (default: default)")
    p.add_argument(
        "--systems", help="comma-separated systems of the task (default: all of the task's)"
    )
    p.add_argument("--workers", type=int, help="processes (default 1)")
    p.add_argument("--scheduler", help="address of a Dask distributed scheduler")
    p.add_argument("--out", required=True, help="results file (.parquet or .csv)")
    p.add_argument(
        "--forecasts",
        help="where to keep the forecasts (HDF5 file; a folder with --baselines); "
        "default: beside --out, named <out>.forecasts[.h5]",
    )
    p.add_argument("--no-forecasts", action="store_true", help="do not keep the forecasts")
    p.add_argument(
        "--case-timeout",
        type=float,
        metavar="SECONDS",
        help="time limit per system; a system past it is recorded as failed and the run "
        "goes on (each system then runs in a process of its own)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser(
        "report",
        help="tables and figures from results files (a model beside the baselines: "
        "report mine.csv baselines.csv --out folder)",
    )
    p.add_argument(
        "results",
        nargs="+",
        help="results files written by evaluate; several are ranked on the cases they share",
    )
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument(
        "--forecasts",
        nargs="+",
        help="forecasts files for the overlays (default: those kept beside the results files)",
    )
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "demo", help="integrate a dozen varied systems (--all: every one) and compare with scipy"
    )
    p.add_argument("-n", type=int, default=20_000, help="points per trajectory")
    p.add_argument("--all", action="store_true", help="integrate every registered system")
    p.set_defaults(func=_cmd_demo)

    from chaosbench.cli.leaderboard import register as register_leaderboard
    from chaosbench.cli.symbolic import register as register_symbolic
    from chaosbench.cli.synthesize import register as register_synthesize

    register_symbolic(sub)
    register_synthesize(sub)
    register_leaderboard(sub)
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
    except BrokenPipeError:  # e.g. `chaosbench list | head`: the reader has gone
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("chaosbench: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file or folder the user named cannot be used
        print(f"chaosbench: error: {_os_message(exc)}", file=sys.stderr)
        return 2


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{exc.filename}: {reason}"
    return reason


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
