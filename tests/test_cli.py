import json

import numpy as np
import pytest

import chaosbench
from chaosbench.cli import main


def test_list_plain_and_json(capsys):
    assert main(["list"]) == 0
    assert "Lorenz" in capsys.readouterr().out
    assert main(["list", "--json", "--kind", "map"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["name"] for r in records} == set(chaosbench.systems(kind="map"))


def test_info_json_matches_api(capsys):
    assert main(["info", "Chua", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        json.dumps(chaosbench.get("Chua").to_dict())
    )
    assert main(["info", "Chua"]) == 0
    assert "Chua" in capsys.readouterr().out


@pytest.mark.parametrize("suffix", [".csv", ".npy"])
def test_trajectory_writes_file(tmp_path, suffix, capsys):
    out = tmp_path / f"lorenz{suffix}"
    assert main(["trajectory", "Lorenz", "-n", "50", "--out", str(out)]) == 0
    table = np.load(out) if suffix == ".npy" else np.loadtxt(out, delimiter=",", skiprows=1)
    t, X = chaosbench.get("Lorenz").trajectory(50)
    np.testing.assert_array_equal(table[:, 0], t)
    np.testing.assert_array_equal(table[:, 1:], X)


def test_trajectory_options(capsys):
    assert main(["trajectory", "Henon", "-n", "3", "--param", "a=1.2", "--ic", "0.1,0.2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "t,x,y"
    x1 = [float(v) for v in lines[2].split(",")]
    assert x1[1:] == [1 - 1.2 * 0.1**2 + 0.2, 0.3 * 0.1]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["info", "Lorentz"], "Did you mean 'Lorenz'"),
        (["trajectory", "Lorenz", "-n", "0"], "'n' parameter of trajectory"),
        (["trajectory", "Lorenz", "-n", "5", "--param", "rho"], "NAME=VALUE"),
        (["trajectory", "Lorenz", "-n", "5", "--out", "x.txt"], ".csv or .npy"),
    ],
)
def test_errors_are_reported_without_traceback(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err


def test_demo_runs_on_a_small_default(capsys):
    assert main(["demo", "-n", "500"]) == 0
    out = capsys.readouterr().out
    assert "chaosbench registry:" in out and "faster" in out
    assert "MackeyGlass" in out and "CatMap" in out
