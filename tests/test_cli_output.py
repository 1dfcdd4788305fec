"""What the command line shows a user: readable tables, one-line errors."""

import subprocess
import sys

import pytest

import chaosbench
from chaosbench.cli import main


def test_list_has_a_header_and_aligned_columns(capsys):
    assert main(["list", "--kind", "delay"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "kind", "dim", "field", "lambda_1", "chaotic"]
    assert len(lines) == 1 + len(chaosbench.systems(kind="delay"))
    column = lines[0].index("kind")
    assert all(line[column:].startswith("delay") for line in lines[1:])


def test_list_aligns_the_longest_name(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    longest = max(chaosbench.systems(), key=len)
    row = next(line for line in lines if line.startswith(longest + " "))
    assert row.index(" flow") == lines[0].index(" kind") or row.index(" map") == lines[0].index(
        " kind"
    )


def test_info_of_a_delay_equation_shows_a_derivative(capsys):
    assert main(["info", "MackeyGlass"]) == 0
    out = capsys.readouterr().out
    assert "dx/dt = " in out and "x[n+1]" not in out
    assert "delayed terms: x(t - tau)" in out


def test_info_shows_the_initial_condition_once(capsys):
    assert main(["info", "Lorenz"]) == 0
    out = capsys.readouterr().out
    assert out.count("initial condition") == 1 and "\n  ic:" not in out
    assert "Lyapunov spectrum: " in out and "±" in out
    assert "15.90085103800592" not in out  # shown at readable precision


def test_info_of_a_map_and_of_a_sized_system(capsys):
    assert main(["info", "Henon"]) == 0
    assert "x[n+1] = " in capsys.readouterr().out
    assert main(["info", "Lorenz96(n=6)"]) == 0
    out = capsys.readouterr().out
    assert "6 variables" in out and "none stored" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["trajectory", "Lorenz", "-n", "10", "--ic", "a,b,c"], "'a' is not a number"),
        (["trajectory", "Lorenz", "-n", "10", "--out", "missing/x.csv"], "does not exist"),
        (["trajectory", "Lorenz", "-n", "10", "--out", "."], "must end in"),
        (["trajectory", "Lorenz", "-n", "10000000000"], "GiB of memory"),
        (["trajectory", "Lorenz96(n=6)", "-n", "10"], "--dt"),
        (["trajectory", "Lorenz", "-n", "x"], "invalid int value"),
        (["trajectory", "Lorenz", "-n", "5", "--method", "dopri"], "Did you mean 'dopri5'"),
        (["info", "Lorenz96(n=2)"], "at least 4"),
        (["lisst"], "Did you mean 'list'"),
    ],
)
def test_user_errors_are_one_line(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    assert code == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []  # nothing created, no folder, no partial file


def test_trajectory_of_a_sized_system(capsys):
    assert main(["trajectory", "Lorenz96(n=5)", "-n", "3", "--dt", "0.1"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "t,x0,x1,x2,x3,x4"


def test_a_closed_pipe_is_not_a_traceback():
    command = f"'{sys.executable}' -m chaosbench.cli list --json | head -n 1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("[")
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


def test_demo_times_loading_apart_from_integration(capsys):
    assert main(["demo", "-n", "300"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("system"))
    assert "load s" in header and "run s" in header
    assert f"of {len(chaosbench.systems())} systems" in out


def test_generate_options_say_what_they_do_and_their_true_defaults():
    import dataclasses
    import re

    from chaosbench.cli import _CONFIG_OPTIONS
    from chaosbench.datasets.config import DatasetConfig

    defaults = {f.name: f.default for f in dataclasses.fields(DatasetConfig)}
    for flag, name, _, text in _CONFIG_OPTIONS:
        assert name in defaults, flag
        if text is None:
            continue
        assert "config field" not in text and len(text) > 15, flag
        stated = re.search(r"\(default ([^)]+)\)", text)
        if stated:
            value = defaults[name]
            expected = type(value)(stated.group(1)) if isinstance(value, (int, float)) else (
                stated.group(1))  # fmt: skip
            assert value == expected, flag
