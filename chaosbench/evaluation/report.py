"""Reports from results tables: summary tables (Markdown, CSV) and PNG figures.

Every number here counts a failed case as the worst value of its metric
(:mod:`chaosbench.evaluation.summary`), and several forecasters are compared on the
cases they all have (:func:`common_cases`).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation.summary import (
    FLOOR_METRICS,
    case_scores,
    natural_key,
    summarize,
    worst_value,
)

#: systems drawn first in the overlays figure, when they have forecasts
OVERLAY_SYSTEMS = ("Lorenz", "Rossler", "Thomas", "Aizawa", "Henon")

#: metrics shown in the summary table, in order
HEADLINE = ("vpt_smape", "vpt_nrmse", "smape", "nrmse", "r2", "d_stsp", "d_h")

#: columns a results table must have (those :func:`chaosbench.evaluate` writes)
REQUIRED_COLUMNS = ("system", "ic", "metric", "value", "status", "reason", "forecaster", "task")

#: what to install for the figures
PLOT_HINT = "figures need matplotlib: pip install 'chaosbench[plot]'"

#: the sentence under a table with geometry metrics
FLOOR_NOTE = (
    "`floor`: the same metric between two independent true trajectories of the system "
    "(the value finite samples give on their own); a forecast at its floor matches the "
    "attractor as well as the truth itself does."
)

#: reasons longer than this are cut in the Markdown summary
REASON_WIDTH = 120


def read_results(path: str | Path):
    """A results table written by ``chaosbench evaluate`` (Parquet or CSV).

    Raises
    ------
    ChaosbenchError
        One line naming the file if it is missing, unreadable or not a results table
        (e.g. a trajectory CSV).
    """
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise ChaosbenchError(f"results file {str(path)!r} does not exist")
    if path.is_dir():
        raise ChaosbenchError(f"results file {str(path)!r} is a folder")
    if path.suffix not in (".parquet", ".csv"):
        raise ChaosbenchError(f"results file {str(path)!r}: expected .parquet or .csv")
    try:
        if path.suffix == ".parquet":
            table = pd.read_parquet(path)
        else:
            table = pd.read_csv(path, keep_default_na=True, low_memory=False,
                                dtype={"reason": str})  # fmt: skip
    except ImportError:
        raise ChaosbenchError(
            "reading Parquet needs pyarrow: pip install 'chaosbench[export]'"
        ) from None
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ChaosbenchError(f"results file {str(path)!r} cannot be read: {first}") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise ChaosbenchError(
            f"{str(path)!r} is not a results file of 'chaosbench evaluate' "
            f"(missing columns: {', '.join(missing)})"
        )
    if "floor" not in table:
        table["floor"] = np.nan
    return table


def read_many(paths: list[str | Path]):
    """The results files stacked into one table; a forecaster name found in several
    files is told apart by its file's name (``"esn (mine)"``).

    Raises
    ------
    ChaosbenchError
        As :func:`read_results`, for the first file at fault.
    """
    import pandas as pd

    tables = [read_results(p) for p in paths]
    if len(tables) == 1:
        return tables[0]
    seen: dict[str, int] = {}
    for table in tables:
        for name in table.forecaster.astype(str).unique():
            seen[name] = seen.get(name, 0) + 1
    renamed = []
    for path, table in zip(paths, tables, strict=True):
        names = table.forecaster.astype(str)
        labels = {name: f"{name} ({Path(path).stem})" for name in names.unique() if seen[name] > 1}
        renamed.append(table.assign(forecaster=names.replace(labels)))
    return pd.concat(renamed, ignore_index=True)


def common_cases(results):
    """The rows of the cases (task, system, initial condition) that every forecaster
    of the table has, scored or failed, so that they are ranked on the same cases.

    Returns
    -------
    tuple of (pandas.DataFrame, int)
        The table kept (rows of other statuses, e.g. timings, of kept cases only) and
        the number of cases left out: those some forecaster lacks.

    Raises
    ------
    ChaosbenchError
        If the forecasters share no case (e.g. results of two different tasks).
    """
    key = ["task", "system", "ic"]
    cases = results[results.status.isin(("ok", "failed"))][["forecaster", *key]]
    cases = cases.drop_duplicates()
    names = cases.forecaster.unique()
    if len(names) <= 1:
        return results, 0
    counts = cases.groupby(key).forecaster.nunique()
    shared = counts[counts == len(names)].index
    left_out = int(len(counts) - len(shared))
    if len(shared) == 0:
        tasks = ", ".join(sorted(set(cases.task.astype(str))))
        raise ChaosbenchError(
            f"the results share no case across their {len(names)} forecasters "
            f"(tasks: {tasks}); compare results of the same task and systems"
        )
    if left_out == 0:
        return results, 0
    index = results.set_index(key).index
    return results[index.isin(shared)].reset_index(drop=True), left_out


def write_results(results, path: str | Path) -> Path:
    """Write a results table as Parquet or CSV, by suffix."""
    path = Path(path)
    if path.suffix == ".parquet":
        try:
            results.to_parquet(path, index=False)
        except ImportError:
            raise ChaosbenchError(
                "Parquet output needs pyarrow: pip install 'chaosbench[export]', or use .csv"
            ) from None
    elif path.suffix == ".csv":
        results.to_csv(path, index=False)
    else:
        raise ChaosbenchError(f"output {str(path)!r}: expected a .parquet or .csv file name")
    return path


def forecasts_path(results_path: Path, folder: bool | str | None = False) -> Path:
    """Default place of the forecasts kept beside a results file: ``<stem>.forecasts.h5``,
    or the folder ``<stem>.forecasts`` (one file per forecaster) when ``folder``."""
    stem = results_path.with_suffix("")
    return stem.with_name(stem.name + (".forecasts" if folder else ".forecasts.h5"))


def find_forecasts(results_path: Path) -> list[Path]:
    """The forecasts files kept beside a results file by ``chaosbench evaluate``."""
    single, folder = forecasts_path(results_path), forecasts_path(results_path, True)
    if single.is_file():
        return [single]
    return sorted(folder.glob("*.h5")) if folder.is_dir() else []


def _number(value: float, metric: str) -> str:
    """A value of the summary as text: ``failed`` where it is the infinite worst value
    a failed case counts as, ``-`` where undefined."""
    if math.isnan(value):
        return "-"
    if math.isinf(value):
        return "failed" if value == worst_value(metric) else f"{value}"
    return f"{value:.3g}"


def _cell(row, metric: str) -> str:
    median = _number(float(row["median"]), metric)
    if median in ("-", "failed"):
        return median
    low, high = _number(float(row["low"]), metric), _number(float(row["high"]), metric)
    return f"{median} [{low}, {high}]"


def _forecaster_order(summary) -> list[str]:
    """Forecasters by median VPT, longest first (table order where there is none)."""
    vpt = summary[summary.metric == "vpt_smape"]
    if len(vpt):
        ranked = vpt.sort_values("median", ascending=False, kind="stable").forecaster
        return list(dict.fromkeys([*ranked, *summary.forecaster]))
    return list(dict.fromkeys(summary.forecaster))


def _coverage(rows) -> tuple[int, int, float]:
    """Systems, cases and failed share of one forecaster's summary rows."""
    head = rows.loc["vpt_smape"] if "vpt_smape" in rows.index else rows.iloc[0]
    return int(head["n_systems"]), int(head["n_cases"]), float(head["failed_share"])


def summary_markdown(summary, *, left_out: int = 0, shared: bool = True) -> str:
    """The summary as Markdown: what it covers, a table with one row per forecaster
    (medians with their bootstrap intervals for the headline metrics, each geometry
    metric beside its floor, systems, cases and the share failed) and the most common
    reasons of failed cases.

    Parameters
    ----------
    summary : pandas.DataFrame
        A table of :func:`chaosbench.evaluation.summarize`.
    left_out : int
        Cases left out of the comparison because some forecaster lacks them
        (:func:`common_cases`), said under the table when nonzero.
    shared : bool
        False where the forecasters share no case and each is summarised on its own
        (said under the table: their numbers are not comparable).

    Returns
    -------
    str
        Markdown text ending with a newline.
    """
    present = set(summary.metric)
    metrics = [m for m in HEADLINE if m in present]
    with_floor = "floor" in summary and any(m in present for m in FLOOR_METRICS)
    order = _forecaster_order(summary)
    tasks = summary.attrs.get("tasks") or []
    lines = [_coverage_sentence(summary, order, tasks), ""]
    header = ["forecaster"]
    for metric in metrics:
        header.append(metric)
        if with_floor and metric in FLOOR_METRICS:
            header.append(f"{metric} floor")
    header += ["systems", "cases", "failed"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in order:
        rows = summary[summary.forecaster == name].set_index("metric")
        cells = [_escape(str(name))]
        for metric in metrics:
            cells.append(_cell(rows.loc[metric], metric) if metric in rows.index else "-")
            if with_floor and metric in FLOOR_METRICS:
                floor = float(rows.loc[metric, "floor"]) if metric in rows.index else math.nan
                cells.append(_number(floor, metric))
        systems, cases, failed = _coverage(rows)
        cells += [str(systems), str(cases), _share(failed)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if with_floor:
        lines += [FLOOR_NOTE, ""]
    if not shared:
        lines += ["The forecasters share no case: each is summarised on its own cases, "
                  "so their numbers are not comparable.", ""]  # fmt: skip
    if left_out:
        lines += [f"{left_out} case(s) left out of the comparison: not in the results of "
                  "every forecaster.", ""]  # fmt: skip
    lines += _reason_lines(summary.attrs.get("failure_reasons"))
    return "\n".join(lines).rstrip("\n") + "\n"


def _coverage_sentence(summary, order: list[str], tasks: list[str]) -> str:
    if not len(summary):
        return "No case was scored or failed: nothing to summarise."
    counts = {_coverage(summary[summary.forecaster == n].set_index("metric"))[:2] for n in order}
    systems = "/".join(str(s) for s in sorted({c[0] for c in counts}))
    cases = "/".join(str(c) for c in sorted({c[1] for c in counts}))
    on = f" on task {', '.join(tasks)}" if tasks else ""
    plural = {"1": ""}
    return (
        f"{len(order)} forecaster{'' if len(order) == 1 else 's'}{on}: {systems} "
        f"system{plural.get(systems, 's')}, {cases} case{plural.get(cases, 's')}. Medians over "
        "systems of each system's median score, with 95 % bootstrap intervals over "
        "systems; VPT in Lyapunov times. A failed case (no usable forecast) counts as the "
        "worst value of each metric: VPT 0, sMAPE 200, an error without bound infinite "
        "(`failed` where a median lands on it); `failed` is the share of failed cases."
    )


def _share(value: float) -> str:
    """A share as a percentage that never rounds a failure away (0.2 % is '<1%')."""
    if 0 < value < 0.005:
        return "<1%"
    if 0.995 < value < 1:
        return ">99%"
    return f"{value:.0%}"


def _escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _reason_lines(reasons) -> list[str]:
    if reasons is None or not len(reasons):
        return []
    lines = ["Most common reasons of failed cases:", ""]
    for name, group in reasons.groupby("forecaster", sort=False):
        first = group.iloc[0]
        listed = "; ".join(f"{_cut(r)} ({c})" for r, c in zip(group.reason, group["count"],
                                                                strict=True))  # fmt: skip
        lines.append(f"- {_escape(str(name))}, {first.failed} of {first.cases} cases "
                     f"failed: {listed}")  # fmt: skip
    return [*lines, ""]


def _cut(reason: str) -> str:
    text = _escape(str(reason))
    text = text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 3] + "..."
    return "`" + text.replace("`", "'") + "`"


def per_system_table(results):
    """Per forecaster and system: the median over cases of each metric (failed cases
    counting as the worst value) and the share of failed cases; metrics in natural
    order."""
    scores = case_scores(results)
    table = scores.groupby(["forecaster", "system", "metric"])["value"].median().unstack()
    table = table[sorted(table.columns, key=natural_key)]
    cases = scores.drop_duplicates(["forecaster", "system", "task", "ic"])
    table["failed_share"] = cases.groupby(["forecaster", "system"]).failed.mean()
    return table


def plotting_available() -> bool:
    """Whether matplotlib can be imported (the figures need it: :data:`PLOT_HINT`)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def write_report(
    results, folder: str | Path, forecasts: list[str | Path] | None = None, overlays: int = 4
) -> list[Path]:
    """Write a report into ``folder``, several forecasters compared on their common
    cases (:func:`common_cases`; where they share none, each on its own, as
    ``summary.md`` says).

    Always ``summary.md``, ``summary.csv`` and ``per_system.csv``; when matplotlib
    is installed (:func:`plotting_available`) also ``vpt_vs_lyapunov.png`` (median VPT
    per system against its largest Lyapunov exponent, one panel per kind of system),
    ``error_growth.png`` (median normalised error against time in Lyapunov times) and,
    given forecasts files written by :func:`~chaosbench.evaluation.evaluate`
    (``forecasts_out``), ``overlays.png``: forecast and truth of the first test case of
    ``overlays`` systems (:data:`OVERLAY_SYSTEMS` first), on their first two
    coordinates (one-dimensional systems in a delay embedding).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    try:
        results, left_out = common_cases(results)
        shared = True
    except ChaosbenchError:  # e.g. several tasks in one table: each on its own cases
        left_out, shared = 0, False
    summary = summarize(results)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    markdown = summary_markdown(summary, left_out=left_out, shared=shared)
    (folder / "summary.md").write_text(markdown)
    summary.to_csv(folder / "summary.csv", index=False)
    per_system_table(results).to_csv(folder / "per_system.csv")
    written = [folder / "summary.md", folder / "summary.csv", folder / "per_system.csv"]
    if not plotting_available():
        return written
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    order = list(dict.fromkeys(results.forecaster.astype(str)))  # one colour each
    scores = case_scores(results)
    written.append(_vpt_figure(plt, scores, order, folder / "vpt_vs_lyapunov.png"))
    growth = error_growth_table(results)
    if len(growth):
        written.append(_growth_figure(plt, growth, order, folder / "error_growth.png"))
    if forecasts:
        path = folder / "overlays.png"
        written.append(_overlay_figure(plt, forecasts, overlays, order, path))
    return written


def error_growth_table(results):
    """Median over systems (of each system's median over cases) of the normalised
    error after ``k`` Lyapunov times, a failed case counting as infinite: one row per
    forecaster, one column per ``k``."""
    scores = case_scores(results)
    rows = scores[scores.metric.str.startswith("error_growth_")]
    if rows.empty:
        return rows
    rows = rows.assign(k=rows.metric.str.removeprefix("error_growth_").astype(int))
    per_system = rows.groupby(["forecaster", "k", "system"])["value"].median()
    return per_system.groupby(["forecaster", "k"]).median().unstack("k")


def overlay_systems(loaded, count: int) -> list[str]:
    """Systems drawn in the overlays: :data:`OVERLAY_SYSTEMS` first, then by name."""
    common = set.intersection(*(set(f) for _, f in loaded))
    systems = [s for s in OVERLAY_SYSTEMS if s in common]
    systems = (systems + sorted(common - set(systems)))[:count]
    if not systems:
        raise ChaosbenchError("report: the forecasts files have no system in common")
    return systems


def task_selection(attrs) -> list[str] | None:
    """The systems of the task data a forecasts file was made on (None: the task's)."""
    return json.loads(attrs.get("task_systems", "null"))


# --- figures (matplotlib's pyplot is handed in, so importing this module needs none) ---

#: panel titles and exponent units of each kind of system
KINDS = {"flow": ("flows", "per time unit"), "delay": ("delay equations", "per time unit"),
         "map": ("maps", "per iterate")}  # fmt: skip

#: a system is named on its point unless the name would overlap one already placed:
#: closer than these fractions of the panel's width (log scale) and height
LABEL_SPACING = (0.22, 0.07)

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _style(name: str, order: list[str]) -> dict:
    """Colour and marker of a forecaster, the same in every figure of a report:
    by its place in ``order`` (distinct for 100 forecasters)."""
    from matplotlib import colormaps

    if name not in order:
        order.append(name)
    index = order.index(name)
    return {"color": colormaps["tab10"](index % 10),
            "marker": _MARKERS[(index // 10 + index) % len(_MARKERS)]}  # fmt: skip


def _system_facts(names) -> dict[str, tuple[str, float]]:
    """``{system: (kind, largest Lyapunov exponent)}`` of the registered systems."""
    from chaosbench.systems.registry import get

    facts = {}
    for name in names:
        try:
            system = get(name)
        except ChaosbenchError:  # not in the registry: drawn nowhere
            continue
        facts[name] = (system.kind, float(system.annotations.get("max_lyapunov", math.nan)))
    return facts


def _horizons(tasks) -> list[float]:
    from chaosbench.evaluation.tasks import get_task

    out = set()
    for name in tasks:
        try:
            out.add(float(get_task(name).horizon_lyapunov))
        except ChaosbenchError:  # a task that is not committed: no line
            continue
    return sorted(out)


def _outside_legend(figure, axes, **where) -> None:
    """One legend for the figure, outside every panel, each label once."""
    entries: dict[str, object] = {}
    for axis in axes:
        for handle, label in zip(*axis.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    if entries:
        figure.legend(list(entries.values()), list(entries), frameon=False, fontsize=8, **where)


def _vpt_figure(plt, scores, order: list[str], path: Path) -> Path:
    vpt = scores[scores.metric == "vpt_smape"]
    medians = vpt.groupby(["forecaster", "system"], sort=False)["value"].median()
    facts = _system_facts(vpt.system.unique())
    names = list(dict.fromkeys(vpt.forecaster))
    kinds = [k for k in KINDS if any(kind == k for kind, _ in facts.values())] or ["flow"]
    horizons = _horizons(vpt.task.unique())
    figure, axes = plt.subplots(1, len(kinds), figsize=(4.8 * len(kinds), 4.6), sharey=True,
                                squeeze=False)  # fmt: skip
    unnamed = 0
    for axis, kind in zip(axes[0], kinds, strict=True):
        systems = [s for s, (k, lam) in facts.items() if k == kind and lam > 0]
        for name in names:
            mine = [s for s in systems if (name, s) in medians.index]
            values = [float(medians[(name, s)]) for s in mine]
            axis.scatter([facts[s][1] for s in mine], values, s=22, alpha=0.8, zorder=3,
                         label=name, **_style(name, order))  # fmt: skip
        tops = {s: max(float(medians[(n, s)]) for n in names if (n, s) in medians)
                for s in systems}  # fmt: skip
        named = _labelled(tops, {s: facts[s][1] for s in systems})
        for system in named:
            axis.annotate(system, (facts[system][1], tops[system]), xytext=(3, 4), fontsize=7,
                          textcoords="offset points", color="0.2", zorder=5)  # fmt: skip
        unnamed += len(systems) - len(named)
        for horizon in horizons:
            axis.axhline(horizon, color="0.35", ls="--", lw=0.9, zorder=1,
                         label=f"task horizon ({horizon:g} Lyapunov times)")  # fmt: skip
        if systems:
            axis.set_xscale("log")
            _log_ticks(axis.xaxis, np.array([facts[s][1] for s in systems]), margin=2.5)
        title, unit = KINDS[kind]
        count = f"{len(systems)} system" + ("" if len(systems) == 1 else "s")
        axis.set_title(f"{title} ({count})", fontsize=10)
        axis.set_xlabel(f"largest Lyapunov exponent ({unit}, log scale)")
        axis.grid(True, alpha=0.3)
    top = max([*horizons, float(np.nanmax(medians.to_numpy(float), initial=1.0))])
    axes[0][0].set_ylim(-0.03 * top, 1.12 * top)
    axes[0][0].set_ylabel("median VPT (Lyapunov times)")
    tasks = ", ".join(sorted(set(vpt.task.astype(str))))
    names_note = f"; {unnamed} systems not named (see per_system.csv)" if unnamed else ""
    figure.suptitle(f"Valid prediction time per system against its largest Lyapunov exponent\n"
                    f"task {tasks}; median over the system's cases, a failed case counts 0"
                    f"{names_note}", fontsize=10)  # fmt: skip
    figure.tight_layout()
    _outside_legend(figure, axes[0], loc="center left", bbox_to_anchor=(1.0, 0.5))
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    return path


def _labelled(heights: dict[str, float], exponents: dict[str, float]) -> list[str]:
    """The systems named on the VPT figure: each unless its name would overlap a name
    placed before it (:data:`LABEL_SPACING`), the lowest points first (the high ones
    crowd at the horizon)."""
    if not heights:
        return []
    x = {s: math.log10(v) for s, v in exponents.items()}
    width = max(max(x.values()) - min(x.values()), 1.0)
    height = max(max(heights.values()), 1.0)
    placed: list[str] = []
    for system in sorted(heights, key=lambda s: (heights[s], x[s])):
        if all(abs(x[system] - x[o]) / width > LABEL_SPACING[0]
               or abs(heights[system] - heights[o]) / height > LABEL_SPACING[1]
               for o in placed):  # fmt: skip
            placed.append(system)
    return placed


def _log_ticks(axis, values: np.ndarray, margin: float = 1.5) -> None:
    """Labelled ticks on a log axis (``axis.xaxis`` or ``axis.yaxis``) however few
    decades the data span, the limits ``margin`` times beyond the data."""
    from matplotlib import ticker

    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return
    low, high = float(positive.min()), float(positive.max())
    decades = math.log10(high / low) if high > low else 0.0
    decades += 2 * math.log10(margin)
    subs = (1.0, 2.0, 3.0, 5.0) if decades < 1.5 else (1.0, 2.0, 5.0) if decades < 3 else (1.0,)
    axis.set_major_locator(ticker.LogLocator(base=10, subs=subs, numticks=12))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())
    limits = axis.axes.set_xlim if axis.axis_name == "x" else axis.axes.set_ylim
    limits(low / margin, high * margin)


def _growth_figure(plt, growth, order: list[str], path: Path) -> Path:
    figure, axis = plt.subplots(figsize=(6.5, 4.2))
    steps = growth.columns.to_numpy(int)
    values = growth.to_numpy(float)
    for name, row in growth.iterrows():
        y = row.to_numpy(float)
        y = np.where(np.isfinite(y) & (y > 0), y, np.nan)  # a failed median: no point
        axis.plot(steps, y, ms=4, lw=1.2, label=name, **_style(str(name), order))
    axis.set_yscale("log")
    _log_ticks(axis.yaxis, values)
    axis.set_xticks(steps)
    axis.set_xlabel("time after the context (Lyapunov times)")
    axis.set_ylabel("median normalised error (log scale)")
    axis.set_title("Error growth: median over systems of each system's median error\n"
                   "(a failed case counts as infinite; a median that is, is not drawn)",
                   fontsize=10)  # fmt: skip
    axis.grid(True, which="major", alpha=0.3)
    figure.tight_layout()
    _outside_legend(figure, [axis], loc="center left", bbox_to_anchor=(1.0, 0.5))
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    return path


def _projection(system: str, dimension: int, dt: float):
    """How a system's series is drawn: ``(points, lag, x label, y label)``; points for
    maps (iterates are not joined), and for a one-dimensional system a delay embedding
    ``x(t - lag)`` against ``x(t)`` (the largest delay of a delay equation, one step
    otherwise), else the first two coordinates (``lag`` 0)."""
    from chaosbench.systems.registry import get

    try:
        declared = get(system)
        kind, variables = declared.kind, declared.variables
        lags = declared.delay_lags() if kind == "delay" else np.array([])
    except ChaosbenchError:
        kind, variables, lags = "flow", tuple(f"x{i}" for i in range(dimension)), np.array([])
    points = kind == "map"
    if dimension >= 2:
        return points, 0, variables[0], variables[1]
    v = variables[0]
    lag = max(round(float(lags.max()) / dt), 1) if lags.size else 1
    if points:
        return points, lag, f"{v}[n]", f"{v}[n+{lag}]"
    return points, lag, f"{v}(t - {lag * dt:.3g})", f"{v}(t)"


def _project(series: np.ndarray, start: int, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """The coordinates drawn of ``series[start:]`` (see :func:`_projection`)."""
    if lag == 0:
        return series[start:, 0], series[start:, 1]
    return series[start - lag : len(series) - lag, 0], series[start:, 0]


def _overlay_figure(plt, forecast_files, count: int, order: list[str], path: Path) -> Path:
    from chaosbench.datasets import load
    from chaosbench.evaluation.forecasts import read_forecasts
    from chaosbench.evaluation.tasks import get_task, task_data

    loaded = [read_forecasts(f) for f in forecast_files]
    task_name = loaded[0][0]["task"]
    loaded = [(attrs, f) for attrs, f in loaded if attrs.get("task") == task_name]
    task = get_task(task_name)
    systems = overlay_systems(loaded, count)
    figure, axes = plt.subplots(1, len(systems), figsize=(3.4 * len(systems), 3.6),
                                squeeze=False)  # fmt: skip
    c = task.context_length
    with load(task_data(task, task_selection(loaded[0][0]))) as dataset:
        for axis, system in zip(axes[0], systems, strict=True):
            test = dataset.read(system, "test")
            truth = (test.clean if test.clean is not None else test.data)[0]
            points, lag, xlabel, ylabel = _projection(system, truth.shape[1],
                                                      float(test.attrs["dt"]))  # fmt: skip
            drawn = {"ls": "none", "marker": ".", "ms": 2.5} if points else {"lw": 0.8}
            for attrs, forecasts in loaded:
                values = forecasts[system].values[0]
                if np.all(np.isfinite(values)):  # a failed forecast has nothing to draw
                    series = np.concatenate([truth[:c], values])
                    axis.plot(*_project(series, c, lag), label=attrs["forecaster"],
                              color=_style(attrs["forecaster"], order)["color"],
                              **drawn)  # fmt: skip
            truth = truth[: c + len(forecasts[system].values[0])]
            style = {"ls": "none", "marker": ".", "ms": 1.5} if points else {"ls": "--", "lw": 0.6}
            x, y = _project(truth, c, lag)
            axis.plot(x, y, color="k", label="truth", zorder=10, **style)
            for limits, column in ((axis.set_xlim, x), (axis.set_ylim, y)):
                low, high = float(column.min()), float(column.max())
                margin = 0.25 * (high - low) or 1.0
                limits(low - margin, high + margin)  # the truth's range: a run-away stays out
            axis.set_title(f"{system} (first test case)", fontsize=9)
            axis.set_xlabel(xlabel, fontsize=8)
            axis.set_ylabel(ylabel, fontsize=8)
            axis.tick_params(labelsize=7)
    figure.suptitle(f"Forecast against truth after the context, task {task.name}", fontsize=10)
    figure.tight_layout()
    _outside_legend(figure, axes[0], loc="upper center", bbox_to_anchor=(0.5, 0.0),
                    ncol=min(6, len(loaded) + 1))  # fmt: skip
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    return path
