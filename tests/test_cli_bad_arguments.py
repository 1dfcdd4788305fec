"""Every verb of the command line, given bad arguments: one line, a nonzero exit, no traceback.

Each case runs ``chaosbench.cli.main`` in process, from an empty folder: an uncaught
exception fails the test with its traceback, and so does an answer of more than one
line, an exit status of 0, or a file left behind.
"""

import h5py
import pytest

from chaosbench.cli import build_parser, main

#: verb -> bad argument lists; ``{bad_h5}``, ``{text}``, ``{empty}`` are files of the case
CASES: dict[str, list[list[str]]] = {
    "list": [["--kind", "fluid"], ["--field", "astrology"], ["--unknown"]],
    "info": [["Lorentz"], [], ["Lorenz96(n=1)"], ["Lorenz(n=4)"]],
    "trajectory": [
        ["Lorenz", "-n", "-3"],
        ["Lorenz", "-n", "10", "--ic", "a,b,c"],
        ["Lorenz", "-n", "10", "--ic", "1,2"],
        ["Lorenz", "-n", "10", "--ic", "nan,1,1"],
        ["Lorenz", "-n", "10", "--out", "no/such/folder/x.csv"],
        ["Lorenz", "-n", "10", "--dt", "-1"],
        ["Lorenz", "-n", "10", "--rtol", "0"],
        ["Lorenz", "-n", "10", "--param", "rhoo=3"],
        ["Henon", "-n", "10", "--dt", "0.1"],
    ],
    "annotate": [
        ["Lorentz", "--out", "a.json"],
        ["Lorenz"],
        ["Lorenz", "--out", "no/such/folder/a.json"],
        ["Lorenz", "--workers", "0", "--out", "a.json"],
    ],
    "generate": [
        ["--out", "t.h5"],
        ["--config", "missing.toml", "--out", "t.h5"],
        ["--config", "{text}", "--out", "t.h5"],
        ["--systems", "Lorentz", "--out", "t.h5"],
        ["--systems", "Lorenz", "--n-points", "-5", "--out", "t.h5"],
        ["--systems", "Lorenz", "--out", "no/such/folder/t.h5"],
        ["--preset", "nonsense", "--out", "t.h5"],
    ],
    "inspect": [["missing.h5"], ["{text}"], ["{bad_h5}"], ["{empty}"]],
    "verify": [["missing.h5"], ["{text}"], ["{bad_h5}"]],
    "export": [["missing.h5", "--out", "x.parquet"], ["{bad_h5}", "--out", "x.parquet"]],
    "evaluate": [
        ["--out", "r.csv"],
        ["--forecaster", "nosuchmodule:thing", "--out", "r.csv"],
        ["--forecaster", "json:nosuchthing", "--out", "r.csv"],
        ["--baselines", "nonsense", "--task", "reduced", "--out", "r.csv"],
        ["--baselines", "all", "--task", "nonsense", "--out", "r.csv"],
        ["--baselines", "all", "--out", "r.txt"],
    ],
    "lyapunov": [
        ["Lorentz"],
        ["Lorenz", "--param", "rhoo=20"],
        ["Lorenz", "--ic", "1,2"],
        ["Lorenz", "--n-exponents", "9"],
        ["Lorenz", "--max-seconds", "-1"],
    ],
    "report": [["missing.csv", "--out", "rep"], ["{text}", "--out", "rep"]],
    "demo": [["-n", "0"], ["-n", "x"]],
    "symbolic": [
        [],
        ["score", "--system", "Lorentz", "--equations", "{text}"],
        ["score", "--equations", "missing.json"],
        ["baseline", "--systems", "Lorentz"],
    ],
    "submit": [
        [],
        ["--forecaster", "nosuchmodule:thing", "--name", "x"],
        ["--baseline", "nonsense", "--name", "x"],
    ],
    "synthesize": [
        ["-n", "2"],
        ["-n", "0", "--out", "s.jsonl"],
        ["-n", "2", "--family", "polynomal", "--out", "s.jsonl"],
        ["-n", "2", "--family", "map", "--dimension", "7", "--out", "s.jsonl"],
        ["-n", "2", "--seed", "-1", "--out", "s.jsonl"],
        ["-n", "2", "--out", "no/such/folder/s.jsonl"],
        ["-n", "2", "--out", "{text}"],
    ],
    "leaderboard": [
        [],
        ["validate", "missing-folder"],
        ["build", "--root", "missing-folder"],
        ["validate", "--all", "--root", "missing-folder"],
    ],
}


def test_every_verb_has_cases():
    parser = build_parser()
    verbs = next(a for a in parser._actions if a.dest == "command").choices
    assert set(verbs) <= set(CASES), f"add bad-argument cases for {set(verbs) - set(CASES)}"


def _files(folder):
    text = folder / "notes.txt"
    text.write_text("not a data file\n")
    bad = folder / "bad.h5"
    with h5py.File(bad, "w") as handle:
        handle["x"] = [1, 2, 3]
    empty = folder / "empty.h5"
    empty.write_bytes(b"")
    return {"text": text.name, "bad_h5": bad.name, "empty": empty.name}


@pytest.mark.parametrize(
    "argv",
    [[verb, *args] for verb, cases in CASES.items() for args in cases],
    ids=lambda argv: " ".join(argv) or "-",
)
def test_bad_arguments_give_one_line_and_a_nonzero_exit(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    names = _files(tmp_path)
    before = set(tmp_path.iterdir())
    argv = [item.format(**names) for item in argv]
    try:
        code = main(argv)
    except SystemExit as exit:
        code = exit.code
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code not in (0, None), captured
    assert "Traceback" not in captured.err
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("chaosbench"), lines[0]
    assert set(tmp_path.iterdir()) == before, "a failed command left files behind"
