"""System sets: JSON lines that round-trip exactly, refuse hostile input, split by ancestry."""

import json
from dataclasses import replace

import numpy as np
import pytest

import chaosbench
from chaosbench import System
from chaosbench.errors import DeclarationError, SystemFileError
from chaosbench.synthesis import SystemSet, load_systems
from chaosbench.systems import registry
from chaosbench.testing import check_system


def test_a_saved_set_loads_back_to_the_same_systems(maps, tmp_path):
    path = maps.save(tmp_path / "maps.jsonl")
    loaded = load_systems(path)
    assert loaded.names == maps.names and loaded.header == maps.header
    for a, b in zip(maps, loaded):
        assert a.declaration == b.declaration
        assert a.annotations == b.annotations and a.provenance == b.provenance
        assert b.shared_kernels
        _, X = a.trajectory(50)
        _, Y = b.trajectory(50)
        assert np.array_equal(X, Y)  # the same kernels and numbers: bit for bit
    again = loaded.save(tmp_path / "again.jsonl")
    assert again.read_bytes() == path.read_bytes()


def test_loaded_systems_behave_like_registry_systems(maps, tmp_path):
    system = load_systems(maps.save(tmp_path / "m.jsonl"))[0]
    assert system.latex().startswith("\\begin{aligned}")
    assert system.to_dict()["provenance"]["family"] == "map"
    ics = system.ic + 1e-3 * np.arange(3)[:, None]
    _, E = system.ensemble(ics, 10)
    assert E.shape == (3, 10, system.dimension)
    check_system(system)


def test_a_file_written_by_hand_loads(tmp_path):
    path = tmp_path / "mine.jsonl"
    line = {
        "name": "MyLorenz",
        "kind": "flow",
        "variables": ["x", "y", "z"],
        "parameters": {"rho": 28.0},
        "equations": ["10*(y - x)", "x*(rho - z) - y", "x*y - 8/3*z"],
        "ic": [1, 1, 1],
    }
    path.write_text(json.dumps(line) + "\n")
    system = load_systems(path)["MyLorenz"]
    assert not system.shared_kernels  # it has a parameter: kernels of its own
    assert np.allclose(system.rhs([1.0, 1.0, 1.0]), chaosbench.get("Lorenz").rhs([1.0, 1.0, 1.0]))


GOOD = {
    "name": "Ok",
    "kind": "map",
    "variables": ["x"],
    "equations": ["3.7*x*(1 - x)"],
    "ic": [0.3],
}


@pytest.mark.parametrize(
    "text, field, problem",
    [
        ('{"name": "Ok", "kind": "map"', "", "not valid JSON"),
        ("[1, 2]", "", "must be a JSON object"),
        (json.dumps({**GOOD, "colour": "red"}), "colour", "unknown field"),
        (json.dumps({**GOOD, "equatoins": ["x"]}), "equatoins", "did you mean 'equations'"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "ic"}), "ic", "is missing"),
        (json.dumps({**GOOD, "kind": "delay"}), "kind", "must be one of"),
        (json.dumps({**GOOD, "ic": ["a"]}), "ic[0]", "finite number"),
        (json.dumps(GOOD).replace("0.3", "NaN"), "", "NaN is not a finite number"),
        (json.dumps(GOOD).replace("0.3", "Infinity"), "", "Infinity is not a finite number"),
        (json.dumps({**GOOD, "equations": ["1e999*x"]}), "equations", "not finite"),
        (
            json.dumps({**GOOD, "equations": ["__import__('os').system('echo hi')"]}),
            "equations",
            "only plain function calls",
        ),
        (json.dumps({**GOOD, "equations": ["__import__('os')"]}), "equations", "unknown function"),
        (json.dumps({**GOOD, "equations": ["x.__class__"]}), "equations", "unsupported"),
        (json.dumps({**GOOD, "equations": ["y*x"]}), "equations", "undeclared symbol 'y'"),
        (
            json.dumps({**GOOD, "annotations": {"dt": 1.0, "secret": 1}}),
            "annotations.secret",
            "unknown field",
        ),
        (json.dumps({**GOOD, "annotations": {"ic": [1, 2]}}), "annotations.ic", "1 numbers"),
        (json.dumps({**GOOD, "annotations": {"dt": {"deep": 1}}}), "annotations.dt", "must be"),
        (
            json.dumps({**GOOD, "provenance": {"parents": "Lorenz"}}),
            "provenance.parents",
            "list of system names",
        ),
        (json.dumps({**GOOD, "provenance": {"owner": "me"}}), "provenance.owner", "unknown"),
        (json.dumps({**GOOD, "field": "astrology"}), "field", "unknown value"),
        (json.dumps({**GOOD, "name": "1bad"}), "name", "must start with a letter"),
        ("[" * 100_000 + "]" * 100_000, "", ""),
    ],
)
def test_hostile_or_broken_lines_are_refused_naming_the_field(tmp_path, text, field, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD | {"name": "First"}) + "\n" + text + "\n")
    with pytest.raises(SystemFileError) as info:
        load_systems(path)
    message = str(info.value)
    assert "line 2" in message and "\n" not in message
    if field:
        assert f"field {field!r}" in message
    assert problem in message


def test_whole_file_problems_are_refused(tmp_path):
    header = json.dumps({"format": "chaosbench.systems", "version": 1})
    cases = {
        "twice": (json.dumps(GOOD) + "\n" + json.dumps(GOOD), "appears twice"),
        "late header": (json.dumps(GOOD) + "\n" + header, "first line only"),
        "version": (header.replace('"version": 1', '"version": 99'), "reads version 1"),
        "header field": (header[:-1] + ', "x": 1}', "unknown field"),
    }
    for name, (text, problem) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text(text + "\n")
        with pytest.raises(SystemFileError, match=problem):
            load_systems(path)
    with pytest.raises(SystemFileError, match="cannot be read"):
        load_systems(tmp_path / "missing.jsonl")
    (tmp_path / "binary.jsonl").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SystemFileError, match="cannot be read"):
        load_systems(tmp_path / "binary.jsonl")


def _with_parents(system, parents):
    return replace(system, provenance={**system.provenance, "parents": parents})


def test_split_keeps_relatives_on_one_side(maps):
    base = maps[0]
    family = []
    for i in range(20):
        decl = replace(base.declaration, name=f"m{i}")
        parents = [f"P{i % 5}"] + ([f"Q{i % 3}"] if i % 7 == 0 else [])
        family.append(
            System(decl, base.annotations, shared_kernels=True, provenance={"parents": parents})
        )
    family += [
        System(replace(base.declaration, name=f"orphan{i}"), shared_kernels=True) for i in range(10)
    ]
    whole = SystemSet(family)
    train, test = whole.split(test=0.3, seed=1)
    assert sorted(train.names + test.names) == sorted(whole.names)
    assert len(test) >= 0.3 * len(whole)
    parents_of = lambda side: {p for s in side for p in s.provenance.get("parents", [])}  # noqa: E731
    assert not parents_of(train) & parents_of(test)
    again = whole.split(test=0.3, seed=1)
    assert again[1].names == test.names  # the same seed, the same split
    for bad in (0, 1, 1.5, -0.1, "0.3", True):
        with pytest.raises(chaosbench.InvalidParameterError, match="test"):
            whole.split(test=bad)


def test_register_adds_to_this_process_only(maps, monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    assert maps[0].name not in chaosbench.systems()
    assert chaosbench.register(maps) == maps.names
    assert chaosbench.register(maps) == []  # again: nothing new
    assert chaosbench.get(maps[0].name.upper()) is maps[0]
    assert set(maps.names) <= set(chaosbench.systems(kind="map", chaotic=True))
    clash = System(replace(maps[0].declaration, name="henon"), shared_kernels=True)
    with pytest.raises(DeclarationError, match="already taken by 'Henon'"):
        chaosbench.register([clash])
    with pytest.raises(chaosbench.UnknownNameError, match="Did you mean"):
        chaosbench.get(maps[0].name[:-1] + "x")
