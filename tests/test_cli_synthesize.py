"""``chaosbench synthesize``: the same file on any number of workers, clear errors."""

import json
import subprocess
import sys

import pytest

from chaosbench.cli import main


def test_one_and_two_workers_write_the_same_bytes(tmp_path, capsys):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert (
        main(
            [
                "synthesize",
                "-n",
                "2",
                "--family",
                "map",
                "--workers",
                "1",
                "--out",
                str(one),
                "--quiet",
            ]
        )
        == 0
    )
    message = capsys.readouterr().out
    assert message.startswith(f"{one}: 2 systems;") and "candidates tried" in message
    command = [
        sys.executable,
        "-m",
        "chaosbench.cli",
        "synthesize",
        "-n",
        "2",
        "--family",
        "map",
        "--workers",
        "2",
        "--out",
        str(two),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "synthesizing" in done.stderr  # progress on standard error
    assert one.read_bytes() == two.read_bytes()
    header = json.loads(one.read_text().splitlines()[0])
    assert header["request"]["family"] == "map" and header["report"]["accepted"] == 2
    assert not (tmp_path / "one.jsonl.partial").exists()  # the journal is gone when done


@pytest.mark.parametrize(
    "arguments, fragment",
    [
        (["-n", "0"], "'n' parameter of synthesize must be a positive int"),
        (["-n", "2", "--family", "polynomal"], "Did you mean 'polynomial'"),
        (["-n", "2", "--family", "map", "--dimension", "4"], "family 'map' makes (2, 3)"),
        (["-n", "2", "--seed", "-5"], "'seed' parameter"),
        (["-n", "2", "--workers", "0"], "'workers' parameter"),
    ],
)
def test_bad_requests_get_one_line_and_a_nonzero_exit(arguments, fragment, tmp_path, capsys):
    out = tmp_path / "s.jsonl"
    assert _exit_code(["synthesize", *arguments, "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert fragment in error and "Traceback" not in error and len(error.strip().splitlines()) == 1
    assert not out.exists()


def _exit_code(argv) -> int:
    try:
        return main(argv)
    except SystemExit as exit:  # argparse's own checks (an unknown --family choice)
        return int(exit.code)


def test_an_existing_output_is_kept_unless_overwrite_is_given(tmp_path, capsys):
    out = tmp_path / "mine.jsonl"
    out.write_text("my notes\n")
    assert main(["synthesize", "-n", "1", "--family", "map", "--out", str(out), "--quiet"]) == 2
    assert "exists; pass --overwrite" in capsys.readouterr().err
    assert out.read_text() == "my notes\n"
    assert (
        main(
            [
                "synthesize",
                "-n",
                "1",
                "--family",
                "map",
                "--out",
                str(tmp_path / "no" / "x"),
                "--quiet",
            ]
        )
        == 2
    )
    assert "is not a folder" in capsys.readouterr().err
    assert (
        main(
            [
                "synthesize",
                "-n",
                "1",
                "--family",
                "map",
                "--out",
                str(out),
                "--overwrite",
                "--quiet",
                "--workers",
                "1",
            ]
        )
        == 0
    )
    assert out.read_text().startswith('{"format": "chaosbench.systems"')


def test_generate_takes_a_systems_file(tmp_path, capsys, monkeypatch):
    from chaosbench.synthesis import synthesize
    from chaosbench.systems import registry

    monkeypatch.setattr(registry, "_REGISTERED", {})
    maps = synthesize(2, family="map", workers=1, progress=False)
    maps.save(tmp_path / "maps.jsonl")
    out = tmp_path / "maps.h5"
    arguments = ["generate", "--systems-file", str(tmp_path / "maps.jsonl"), "--n-points", "30"]
    assert main([*arguments, "--splits", "train=1", "--out", str(out), "--quiet"]) == 0
    assert main(["inspect", str(out)]) == 0
    shown = capsys.readouterr().out
    assert all(f"{name}: train 1x30x" in shown for name in maps.names)
    assert main([*arguments[:2], str(tmp_path / "nope.jsonl"), "--out", str(out)]) == 2
    assert "'systems_file'" in capsys.readouterr().err
