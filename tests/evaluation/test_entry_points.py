"""``module:object`` forecasters from the current folder (issue 13, item 8)."""

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from chaosbench.cli import main
from chaosbench.errors import ChaosbenchError
from chaosbench.evaluation import entry_points, evaluate, protocol
from chaosbench.evaluation.entry_points import EntryPoint, load_entry_point

TASK, SYSTEMS = "reduced", ["Henon"]

FORECASTER = """
import numpy as np


class Forecaster:
    name = "{name}"

    def forecast(self, context, horizon):
        return np.repeat(context[-1:], horizon, axis=0)


def persistence(context, horizon):
    return np.repeat(context[-1:], horizon, axis=0)
"""

#: modules these tests write; each is forgotten after its test, as a fresh process would
MODULES = ("myforecaster", "breaks_on_import", "needs_missing_dependency", "exits_on_import")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty current folder that is not on the search path, with ``myforecaster.py``."""
    (tmp_path / "myforecaster.py").write_text(FORECASTER.format(name="mine"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", ".", str(tmp_path))])
    yield tmp_path
    for name in MODULES:
        sys.modules.pop(name, None)


def assert_ok(frame, name: str, systems=SYSTEMS) -> None:
    assert set(frame.status) == {"ok"}
    assert set(frame.forecaster) == {name}
    assert sorted(set(frame.system)) == sorted(systems)


def test_module_of_the_current_folder_is_found(folder):
    assert "myforecaster" not in sys.modules
    assert_ok(evaluate("myforecaster:Forecaster", task=TASK, systems=SYSTEMS, progress=False),
              "mine")  # fmt: skip
    assert str(folder) not in sys.path  # the search path is as it was


def test_worker_processes_find_the_module(folder):
    systems = ["Henon", "Lorenz"]
    frame = evaluate("myforecaster:Forecaster", task=TASK, systems=systems, workers=2,
                     progress=False)  # fmt: skip
    assert_ok(frame, "mine", systems)


def test_fresh_worker_processes_find_the_module_and_the_file(folder):
    # spawned workers import everything afresh, with the parent's search path (which
    # does not hold the folder): they find the module only through the entry point
    (folder / "sub").mkdir()
    (folder / "sub" / "f.py").write_text(FORECASTER.format(name="from_file"))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        for spec, name in (("myforecaster:Forecaster", "mine"), ("sub/f.py:Forecaster",
                                                                 "from_file")):  # fmt: skip
            assert_ok(evaluate(spec, task=TASK, systems=SYSTEMS, executor=pool,
                               progress=False), name)  # fmt: skip


def test_file_path_entry_point(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "f.py").write_text(FORECASTER.format(name="from_file"))
    assert_ok(evaluate("sub/f.py:Forecaster", task=TASK, systems=SYSTEMS, progress=False),
              "from_file")  # fmt: skip
    function = load_entry_point(str(folder / "sub" / "f.py") + ":persistence")
    assert function.__name__ == "persistence"
    with pytest.raises(ChaosbenchError, match="no file"):
        EntryPoint.parse("sub/missing.py:Forecaster")


def one_line_error(spec: str) -> str:
    with pytest.raises(ChaosbenchError) as error:
        evaluate(spec, task=TASK, systems=SYSTEMS, progress=False)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_missing_module_says_what_was_searched(folder):
    message = one_line_error("nosuchmodule_xyz:Forecaster")
    assert "no module named 'nosuchmodule_xyz'" in message
    assert str(folder) in message and "current folder" in message
    assert "PYTHONPATH" in message


def test_missing_attribute_suggests_close_matches(folder):
    message = one_line_error("myforecaster:Forecastr")
    assert "has no attribute 'Forecastr'" in message and "did you mean 'Forecaster'" in message


@pytest.mark.parametrize(
    ("module", "source", "fragment"),
    [
        ("breaks_on_import", "raise RuntimeError('no GPU\\nhere')", "RuntimeError: no GPU here"),
        ("needs_missing_dependency", "import nosuchdependency_xyz",
         "ModuleNotFoundError: No module named 'nosuchdependency_xyz'"),
        ("exits_on_import", "import sys\nsys.exit(3)", "SystemExit: 3"),
    ],
)  # fmt: skip
def test_module_failing_on_import_is_named_with_its_error(folder, module, source, fragment):
    (folder / f"{module}.py").write_text(source + "\n")
    message = one_line_error(f"{module}:Forecaster")
    assert f"importing '{module}' raised {fragment}" in message
    assert "PYTHONPATH" not in message  # the module was found: the search is not at fault


def test_protocol_still_exports_the_entry_points():
    assert protocol.load_entry_point is entry_points.load_entry_point
    assert protocol.EntryPoint is entry_points.EntryPoint
    assert load_entry_point("chaosbench.evaluation.baselines:LastValue").name == "last_value"


def test_cli_evaluate_imports_from_the_current_folder(folder, capsys):
    argv = ["evaluate", "--forecaster", "myforecaster:Forecaster", "--task", TASK,
            "--systems", "Henon", "--out", "r.csv", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    assert "mine" in capsys.readouterr().out
    assert (folder / "r.csv").is_file() and (folder / "r.forecasts.h5").is_file()


SUBMIT = ["submit", "--name", "Mine", "--model-type", "statistical", "--author", "A. Author",
          "--contact", "a@example.org", "--code-url", "https://example.org/mine",
          "--task", TASK, "--root", "board"]  # fmt: skip


def test_cli_submit_imports_from_the_current_folder(folder, capsys):
    assert main([*SUBMIT, "--forecaster", "myforecaster:Forecaster"]) == 0
    assert "wrote" in capsys.readouterr().out
    written = folder / "board" / "submissions" / "mine"
    assert (written / "forecasts.h5").is_file()
    assert "myforecaster:Forecaster" in (written / "submission.toml").read_text()


def test_cli_submit_names_the_folders_searched(folder, capsys):
    assert main([*SUBMIT, "--forecaster", "nosuchmodule_xyz:Forecaster"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and str(folder) in err and "PYTHONPATH" in err
    assert not (folder / "board").exists()
