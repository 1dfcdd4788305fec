"""Reports from a results table: summary tables (Markdown, CSV) and PNG figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from chaosbench.errors import ChaosbenchError

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


def write_report(results, folder: str | Path) -> list[Path]:
    """Write ``summary.md``, ``summary.csv``, ``per_system.csv`` and, when matplotlib is
    installed, ``vpt_vs_lyapunov.png`` into ``folder``. Returns the files written."""
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
    figure.savefig(folder / "vpt_vs_lyapunov.png", dpi=120)
    plt.close(figure)
    written.append(folder / "vpt_vs_lyapunov.png")
    return written
