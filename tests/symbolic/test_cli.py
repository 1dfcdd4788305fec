"""The ``chaosbench symbolic`` command, through :func:`register` on a fresh parser."""

import argparse
import json

import pandas as pd
import pytest

from chaosbench.cli.symbolic import register
from chaosbench.errors import ChaosbenchError
from chaosbench.symbolic.score import COLUMNS

LORENZ = ["-10.000 x0 + 10.000 x1", "27.985 x0 + -0.999 x1 + -1.000 x0 x2", "x0 x1 - 8/3 x2"]


def run(argv: list[str]) -> int:
    """Parse ``argv`` as the main command does and run it (errors: one line, code 2)."""
    parser = argparse.ArgumentParser(prog="chaosbench")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ChaosbenchError as exc:
        print(f"chaosbench: error: {exc}")
        return 2


@pytest.fixture
def lorenz_file(tmp_path):
    path = tmp_path / "Lorenz.json"
    path.write_text(json.dumps(LORENZ))
    return path


def test_score_one_system_prints_a_table(lorenz_file, capsys):
    assert run(["symbolic", "score", "--equations", str(lorenz_file), "--no-numeric"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[1]: line.split() for line in lines[1:]}
    assert set(rows) == {"x", "y", "z", "all"}
    assert rows["x"][2:4] == ["ok", "identical"]
    assert rows["y"][2:4] == ["ok", "different"]
    assert rows["all"][4] == "0"  # not every variable is exact


def test_score_with_system_and_parameters(tmp_path, capsys):
    path = tmp_path / "eq.txt"
    path.write_text("(x)' = 10 (y - x)\n(y)' = x (35 - z) - y\n(z)' = x y - 8/3 z\n")
    argv = ["symbolic", "score", "--equations", str(path), "--system", "Lorenz", "--no-numeric"]
    assert run([*argv, "--param", "rho=35"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].split()[2:5] == ["ok", "identical", "1"]
    assert run(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1].split()[2:5] == ["ok", "different", "0"]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_score_writes_results(lorenz_file, tmp_path, suffix, capsys):
    out = tmp_path / f"results{suffix}"
    argv = ["symbolic", "score", "--equations", str(lorenz_file), "--no-numeric"]
    assert run([*argv, "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    if suffix == ".csv":
        table = pd.read_csv(out, keep_default_na=False)
    elif suffix == ".parquet":
        table = pd.read_parquet(out)
    else:
        table = pd.DataFrame(json.loads(out.read_text()))
    assert list(table.columns) == list(COLUMNS)
    exact = table[table.metric == "exact"].set_index("variable").value.astype(float)
    assert exact.to_dict() == {"x": 1.0, "y": 0.0, "z": 1.0, "all": 0.0}


def test_score_a_submission_folder(tmp_path, capsys):
    (tmp_path / "Lorenz.json").write_text(json.dumps(LORENZ))
    (tmp_path / "Rossler.json").write_text(json.dumps(["-y - z", "x + 0.2 y", "0.2 + x z - 5.7 z"]))
    (tmp_path / "Henon.json").write_text(json.dumps(["1 - 1.4 x^2 + y", "0.3 x"]))
    assert run(["symbolic", "score", "--submission", str(tmp_path), "--no-numeric"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:4]}
    assert rows["Rossler"][2:5] == ["ok", "identical", "1"]
    assert rows["Lorenz"][2:5] == ["ok", "different", "0"]
    assert rows["Henon"][2] == "failed"
    assert "Henon: the symbolic-recovery track covers flows only" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["symbolic", "score", "--no-numeric"], "either --equations FILE or --submission DIR"),
        (["symbolic", "score", "--equations", "{file}", "--submission", "."], "either"),
        (["symbolic", "score", "--equations", "{file}", "--out", "r.txt"], "--out must end"),
        (["symbolic", "score", "--equations", "missing.json"], "does not exist"),
        (["symbolic", "score", "--equations", "{file}", "--system", "Henon"], "map system"),
        (["symbolic", "score", "--equations", "{file}", "--param", "rho"], "NAME=VALUE"),
        (["symbolic", "score", "--submission", ".", "--system", "Lorenz"], "go with --equations"),
        (["symbolic", "baseline", "--out", "r.parquet"], ".csv or .json"),
    ],
)
def test_errors_are_one_line_and_code_2(argv, fragment, lorenz_file, capsys, monkeypatch):
    monkeypatch.chdir(lorenz_file.parent)
    argv = [a.replace("{file}", str(lorenz_file)) for a in argv]
    assert run(argv) == 2
    out = capsys.readouterr().out
    assert fragment in out and out.count("\n") == 1


def test_baseline_passes_its_options(monkeypatch, capsys, tmp_path):
    import chaosbench.symbolic.sindy as sindy

    calls = []

    def fake(systems=None, *, workers=None, out=None, **options):
        calls.append((systems, workers, out, options))
        return pd.DataFrame([{"system": "Lorenz", "status": "ok", "exact": True, "f1": 1.0}])

    monkeypatch.setattr(sindy, "run_baseline", fake)
    out = tmp_path / "b.csv"
    argv = ["symbolic", "baseline", "--systems", "Lorenz, Rossler", "--workers", "2"]
    assert run([*argv, "--out", str(out), "--task", "default"]) == 0
    assert calls == [(["Lorenz", "Rossler"], 2, str(out), {"task": "default"})]
    printed = capsys.readouterr().out
    assert "Lorenz" in printed and "exact" in printed


def test_the_main_command_has_the_symbolic_verb(lorenz_file, capsys):
    from chaosbench import cli

    parser = cli.build_parser()
    verbs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "symbolic" not in verbs.choices:
        pytest.skip("chaosbench.cli does not register the symbolic command yet")
    assert cli.main(["symbolic", "score", "--equations", str(lorenz_file), "--no-numeric"]) == 0
    assert "identical" in capsys.readouterr().out
    assert cli.main(["symbolic", "score"]) == 2
    assert "either --equations" in capsys.readouterr().err
