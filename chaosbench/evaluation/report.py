"""Reports from a results table: summary tables (Markdown, CSV) and PNG figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from chaosbench.errors import ChaosbenchError

#: systems drawn first in the overlays figure, when they have forecasts
OVERLAY_SYSTEMS = ("Lorenz", "Rossler", "Thomas", "Aizawa", "Henon")

#: metrics shown in the summary table, in order
HEADLINE = ("vpt_smape", "vpt_nrmse", "smape", "nrmse", "r2", "d_stsp", "d_h")


def read_results(path: str | Path):
    """A results table written by ``chaosbench evaluate`` (Parquet or CSV)."""
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise ChaosbenchError(f"results file {str(path)!r} does not exist")
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=True)
    raise ChaosbenchError(f"results file {str(path)!r}: expected .parquet or .csv")


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


def summary_markdown(summary) -> str:
    """The summary as a Markdown table: one row per forecaster, medians with their
    bootstrap intervals for the headline metrics."""
    metrics = [m for m in HEADLINE if m in set(summary.metric)]
    lines = [
        "| forecaster | " + " | ".join(metrics) + " | failed |",
        "|---|" + "---|" * (len(metrics) + 1),
    ]
    order = (
        summary[summary.metric == "vpt_smape"].sort_values("median", ascending=False).forecaster
        if "vpt_smape" in metrics
        else summary.forecaster.unique()
    )
    for name in list(dict.fromkeys(order)):
        rows = summary[summary.forecaster == name].set_index("metric")
        cells = []
        for metric in metrics:
            if metric in rows.index:
                r = rows.loc[metric]
                cells.append(f"{r['median']:.3g} [{r['low']:.3g}, {r['high']:.3g}]")
            else:
                cells.append("-")
        failed = rows["failed_share"].iloc[0] if len(rows) else 0.0
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {failed:.0%} |")
    return "\n".join(lines) + "\n"


def write_report(
    results, folder: str | Path, forecasts: list[str | Path] | None = None, overlays: int = 4
) -> list[Path]:
    """Write a report into ``folder``.

    Always ``summary.md``, ``summary.csv`` and ``per_system.csv``; when matplotlib
    is installed also ``vpt_vs_lyapunov.png`` (median VPT per system against its
    largest Lyapunov exponent), ``error_growth.png`` (median normalised error against
    time in Lyapunov times) and, given forecasts files written by
    :func:`~chaosbench.evaluation.evaluate` (``forecasts_out``), ``overlays.png``:
    forecast and truth of the first test case of ``overlays`` systems
    (:data:`OVERLAY_SYSTEMS` first), projected on their first two coordinates.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from chaosbench.evaluation.runner import summarize

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    summary = summarize(results)
    written = []
    (folder / "summary.md").write_text(summary_markdown(summary))
    summary.to_csv(folder / "summary.csv", index=False)
    ok = results[results.status == "ok"]
    per_system = ok.groupby(["forecaster", "system", "metric"])["value"].median().unstack()
    per_system.to_csv(folder / "per_system.csv")
    written += [folder / "summary.md", folder / "summary.csv", folder / "per_system.csv"]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return written
    written.append(_vpt_figure(plt, ok, folder / "vpt_vs_lyapunov.png"))
    growth = error_growth_table(ok)
    if len(growth):
        written.append(_growth_figure(plt, growth, folder / "error_growth.png"))
    if forecasts:
        written.append(_overlay_figure(plt, results, forecasts, overlays, folder / "overlays.png"))
    return written


def error_growth_table(results):
    """Median over systems (of each system's median over cases) of the normalised
    error after ``k`` Lyapunov times: one row per forecaster, one column per ``k``."""
    rows = results[results.metric.str.startswith("error_growth_")]
    if rows.empty:
        return rows
    rows = rows.assign(k=rows.metric.str.removeprefix("error_growth_").astype(int))
    per_system = rows.groupby(["forecaster", "k", "system"])["value"].median()
    return per_system.groupby(["forecaster", "k"]).median().unstack("k")


def _vpt_figure(plt, ok, path: Path) -> Path:
    from chaosbench import get

    figure, axis = plt.subplots(figsize=(6, 4))
    for name, group in ok[ok.metric == "vpt_smape"].groupby("forecaster"):
        medians = group.groupby("system")["value"].median()
        exponents = [get(s).annotations.get("max_lyapunov", np.nan) for s in medians.index]
        axis.scatter(exponents, medians.to_numpy(), label=name, s=12)
    axis.set_xscale("log")
    axis.set_xlabel("largest Lyapunov exponent")
    axis.set_ylabel("median VPT (Lyapunov times)")
    axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def _growth_figure(plt, growth, path: Path) -> Path:
    figure, axis = plt.subplots(figsize=(6, 4))
    for name, row in growth.iterrows():
        axis.plot(row.index.to_numpy(), row.to_numpy(dtype=float), marker="o", ms=3, label=name)
    axis.set_yscale("log")
    axis.set_xlabel("time (Lyapunov times)")
    axis.set_ylabel("median normalised error")
    axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def _overlay_figure(plt, results, forecast_files, count: int, path: Path) -> Path:
    from chaosbench.datasets import load
    from chaosbench.evaluation.forecasts import read_forecasts
    from chaosbench.evaluation.tasks import get_task, task_data

    loaded = [read_forecasts(f) for f in forecast_files]
    task = get_task(loaded[0][0]["task"])
    selection = json.loads(loaded[0][0].get("task_systems", "null"))
    common = set.intersection(*(set(f) for _, f in loaded))
    systems = [s for s in OVERLAY_SYSTEMS if s in common]
    systems = (systems + sorted(common - set(systems)))[:count]
    if not systems:
        raise ChaosbenchError("report: the forecasts files have no system in common")
    figure, axes = plt.subplots(1, len(systems), figsize=(3.2 * len(systems), 3.2), squeeze=False)
    with load(task_data(task, selection)) as dataset:
        for axis, system in zip(axes[0], systems):
            test = dataset.read(system, "test")
            truth = (test.clean if test.clean is not None else test.data)[0]
            j = 1 if truth.shape[1] > 1 else 0
            c = task.context_length
            for attrs, forecasts in loaded:
                values = forecasts[system].values[0]
                if np.all(np.isfinite(values)):
                    axis.plot(values[:, 0], values[:, j], lw=0.8, label=attrs["forecaster"])
            axis.plot(truth[c:, 0], truth[c:, j], "k--", lw=0.6, label="truth", zorder=10)
            for limits, column in ((axis.set_xlim, truth[c:, 0]), (axis.set_ylim, truth[c:, j])):
                low, high = float(column.min()), float(column.max())
                margin = 0.25 * (high - low) or 1.0
                limits(low - margin, high + margin)  # the truth's range: a run-away stays out
            axis.set_title(system, fontsize=9)
            axis.set_xticks([])
            axis.set_yticks([])
    axes[0][0].legend(fontsize=6)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
