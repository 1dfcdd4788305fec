"""Reports: honest Markdown summaries, several results files, readable figures, and a
forecaster whose every case fails reported rather than crashing."""

import sys

import numpy as np
import pandas as pd
import pytest

from chaosbench.cli import main
from chaosbench.evaluation import evaluate, summarize
from chaosbench.evaluation.baselines import LastValue, Mean
from chaosbench.evaluation.report import (
    FLOOR_NOTE,
    common_cases,
    read_many,
    summary_markdown,
    write_report,
)

from .test_summary import failed_row, ok_rows, scores, table

TASK = "reduced"


def test_all_failed_evaluate_writes_results_and_reports_reasons(tmp_path, monkeypatch, capsys):
    (tmp_path / "broken.py").write_text(
        "def forecast(context, horizon):\n    raise RuntimeError('no model yet')\n"
    )
    monkeypatch.chdir(tmp_path)
    argv = ["evaluate", "--forecaster", "broken:forecast", "--task", TASK,
            "--systems", "Lorenz,Henon", "--out", "r.csv", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "100%" in out and "no model yet" in out and "6 of 6 cases failed" in out
    results = pd.read_csv(tmp_path / "r.csv")
    assert set(results.status) == {"failed"} and set(results.system) == {"Lorenz", "Henon"}


def test_markdown_counts_failures_and_shows_infinite_medians_as_failed():
    rows = ok_rows("A", 0, scores(2.0)) + failed_row("A", 1) + failed_row("A", 2)
    rows += ok_rows("B", 0, scores(1.0, nrmse=0.5)) + failed_row("B", 1, "fit raised X")
    text = summary_markdown(summarize(table(rows)))
    assert "2 systems, 5 cases" in text
    line = next(x for x in text.splitlines() if x.startswith("| model"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    header = next(x for x in text.splitlines() if x.startswith("| forecaster"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    named = dict(zip(columns, cells, strict=True))
    assert named["vpt_smape"] == "0.25 [0, 0.5]"  # A: median(2, 0, 0) = 0; B: (1 + 0)/2
    assert named["nrmse"] == "failed"  # B: median(0.5, inf) = inf, the only system
    assert (named["systems"], named["cases"], named["failed"]) == ("2", "5", "60%")
    assert "`forecast raised RuntimeError: boom` (2); `fit raised X` (1)" in text
    assert "floor" not in text


def test_floor_column_only_with_geometry_metrics():
    plain = table(ok_rows("A", 0, scores(1.0)))
    assert "floor" not in summary_markdown(summarize(plain))
    rows = ok_rows("A", 0, scores(1.0, d_stsp=0.4, d_h=0.2))
    for row in rows[-2:]:
        row["floor"] = 0.1
    text = summary_markdown(summarize(table(rows)))
    assert "| d_stsp | d_stsp floor | d_h | d_h floor |" in text
    assert FLOOR_NOTE in text


def test_common_cases_keeps_what_every_forecaster_has():
    rows = ok_rows("A", 0, scores(1.0), "one") + ok_rows("A", 1, scores(1.0), "one")
    rows += ok_rows("A", 0, scores(2.0), "two") + failed_row("B", 0, forecaster="two")
    kept, left_out = common_cases(table(rows))
    assert left_out == 2  # (A, 1) and (B, 0)
    assert set(zip(kept.system, kept.ic, strict=True)) == {("A", 0)}
    other_task = table(ok_rows("A", 0, scores(1.0), "one", task="default")
                       + ok_rows("A", 0, scores(1.0), "two"))  # fmt: skip
    with pytest.raises(Exception, match="share no case"):
        common_cases(other_task)


@pytest.fixture(scope="module")
def two_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    mine = evaluate(LastValue(), TASK, systems=["Lorenz", "Henon"], progress=False)
    base = pd.concat([evaluate(LastValue(), TASK, systems=["Lorenz"], progress=False),
                      evaluate(Mean(), TASK, systems=["Lorenz"], progress=False)],
                     ignore_index=True)  # fmt: skip
    mine.to_csv(folder / "mine.csv", index=False)
    base.to_csv(folder / "baselines.csv", index=False)
    return folder / "mine.csv", folder / "baselines.csv"


def test_report_ranks_several_files_on_the_cases_they_share(two_files, tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", *map(str, two_files), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "ranked 3 forecasters on the 3 cases they share; 3 case(s) left out" in printed
    summary = pd.read_csv(out / "summary.csv")
    vpt = summary[summary.metric == "vpt_smape"]
    assert set(vpt.forecaster) == {"last_value (mine)", "last_value (baselines)", "mean"}
    assert set(vpt.n_cases) == {3} and set(vpt.n_systems) == {1}
    # the same forecaster on the same cases: the same numbers, whichever file
    same = vpt.set_index("forecaster")["median"]
    assert same["last_value (mine)"] == same["last_value (baselines)"]
    assert "3 case(s) left out of the comparison" in (out / "summary.md").read_text()
    assert len(read_many(list(two_files))) > len(pd.read_csv(two_files[0]))


def test_report_refuses_a_file_that_is_not_results(tmp_path, capsys):
    trajectory = tmp_path / "lorenz.csv"
    pd.DataFrame({"t": [0.0, 0.1], "x": [1.0, 2.0]}).to_csv(trajectory, index=False)
    assert main(["report", str(trajectory), "--out", str(tmp_path / "rep")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a results file" in err and "lorenz.csv" in err
    assert not (tmp_path / "rep").exists()


def test_report_without_matplotlib_says_what_to_install(two_files, tmp_path, capsys,
                                                        monkeypatch):  # fmt: skip
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    out = tmp_path / "rep"
    assert main(["report", str(two_files[0]), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "pip install 'chaosbench[plot]'" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == ["per_system.csv", "summary.csv",
                                                     "summary.md"]  # fmt: skip


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The figures of a report on every kind of system, kept open to be inspected."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = tmp_path_factory.mktemp("figures")
    files = [folder / "last.h5", folder / "oracle.h5"]
    frames = [evaluate(LastValue(), TASK, forecasts_out=files[0], progress=False),
              evaluate("chaosbench.evaluation.baselines:Oracle", TASK, forecasts_out=files[1],
                       progress=False)]  # fmt: skip
    figures = []
    close = plt.close
    plt.close = figures.append
    try:
        written = write_report(pd.concat(frames, ignore_index=True), folder / "report",
                               forecasts=files)  # fmt: skip
    finally:
        plt.close = close
    yield {p.name: figure for p, figure in zip(written[3:], figures, strict=True)}
    for figure in figures:
        close(figure)


def test_vpt_figure_is_titled_labelled_and_split_by_kind(drawn):
    figure = drawn["vpt_vs_lyapunov.png"]
    assert "Valid prediction time" in figure._suptitle.get_text()
    axes = [a for a in figure.axes if a.get_title()]
    assert [a.get_title().split(" (")[0] for a in axes] == ["flows", "delay equations", "maps"]
    names = {t.get_text() for a in axes for t in a.texts}
    assert names == {"Lorenz", "Rossler", "MackeyGlass", "Henon"}
    for axis in axes:  # the horizon of the reduced task, 10 Lyapunov times
        assert any(np.allclose(line.get_ydata(), 10.0) for line in axis.get_lines())
    (legend,) = figure.legends
    figure.canvas.draw()
    right = max(a.get_window_extent().x1 for a in axes)
    assert legend.get_window_extent().x0 >= right  # outside the data
    labels = [t.get_text() for t in legend.get_texts()]
    assert "last_value" in labels and "oracle" in labels


def test_overlays_label_axes_draw_maps_as_points_and_delays_embedded(drawn):
    figure = drawn["overlays.png"]
    axes = {a.get_title().split(" (")[0]: a for a in figure.axes}
    assert all(a.get_xlabel() and a.get_ylabel() for a in axes.values())
    assert (axes["Lorenz"].get_xlabel(), axes["Lorenz"].get_ylabel()) == ("x", "y")
    henon = axes["Henon"].get_lines()
    assert henon and all(line.get_linestyle() == "None" for line in henon)
    delay = axes["MackeyGlass"]
    assert delay.get_xlabel().startswith("x(t - ") and delay.get_ylabel() == "x(t)"
    x, y = delay.get_lines()[-1].get_data()  # the truth: an embedding, not a diagonal
    assert not np.allclose(x, y) and abs(np.corrcoef(x, y)[0, 1]) < 0.99


def test_error_growth_log_axis_has_readable_ticks(drawn):
    figure = drawn["error_growth.png"]
    (axis,) = [a for a in figure.axes if a.get_yscale() == "log"]
    figure.canvas.draw()
    low, high = axis.get_ylim()
    labelled = [t for t in axis.get_yticklabels() if t.get_text()
                and low <= t.get_position()[1] <= high]  # fmt: skip
    assert len(labelled) >= 4
    assert axis.get_xlabel() and axis.get_ylabel() and axis.get_title()


def test_report_refuses_files_that_share_no_case(two_files, tmp_path, capsys):
    other = pd.read_csv(two_files[1]).assign(task="default")
    other.to_csv(tmp_path / "other.csv", index=False)
    argv = ["report", str(two_files[0]), str(tmp_path / "other.csv"), "--out", str(tmp_path / "r")]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "share no case" in err
    assert not (tmp_path / "r").exists()
    # one table of two tasks is still reported, each forecaster on its own cases
    mixed = pd.concat([pd.read_csv(two_files[0]), other[other.forecaster == "mean"]],
                      ignore_index=True)  # fmt: skip
    write_report(mixed, tmp_path / "mixed", forecasts=None)
    assert "not comparable" in (tmp_path / "mixed" / "summary.md").read_text()
