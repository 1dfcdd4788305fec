"""The data revision pin: changed numbers must come with a new DATA_REVISION.

A small dataset covering every integration path that generation takes (DOP853 on a
smooth flow, a flow with jumps, ETDRK4 on a semilinear flow, the delay kernel, a map)
is generated and its data checksums compared with the ones recorded in
``data_revision_pin.json`` at the current :data:`chaosbench._version.DATA_REVISION`.
When a change alters the numbers (step control, a tableau, the code generator, the
sampling of initial conditions) the checksums differ: bump ``DATA_REVISION`` (so every
data fingerprint changes and stale caches and submissions are recognised), resubmit
the leaderboard's baselines, re-record the preset checksums, and re-record this pin
with ``python tests/datasets/test_data_revision.py --record``. A re-annotation of one
of these systems changes the pin too (the fingerprint already covers annotations):
re-record it then, without a bump.
"""

import json
import sys
from pathlib import Path

import chaosbench
from chaosbench._version import DATA_REVISION

PIN = Path(__file__).with_name("data_revision_pin.json")
CONFIG = {
    "systems": ["Lorenz", "SprottMore", "KuramotoSivashinsky", "MackeyGlass", "Henon"],
    "splits": {"test": 2},
    "n_points": 200,
    "transient": 50,
    "seed": 2026,
    "rtol": 1e-10,
    "atol": 1e-13,
}


def data_checksums(folder: Path) -> dict[str, str]:
    path = folder / "pin.h5"
    chaosbench.generate(path, CONFIG, progress=False)
    with chaosbench.load(path) as dataset:
        return {
            f"{system}/{split}": entry["sha256"]
            for system, splits in dataset.manifest["systems"].items()
            for split, entry in splits.items()
        }


def test_the_numbers_are_those_of_the_current_data_revision(tmp_path):
    pin = json.loads(PIN.read_text())
    assert pin["data_revision"] == DATA_REVISION, (
        f"the pin was recorded at data revision {pin['data_revision']}, the package is at "
        f"{DATA_REVISION}: re-record it (see this module's docstring)"
    )
    changed = sorted(
        key for key, digest in data_checksums(tmp_path).items() if pin["sha256"].get(key) != digest
    )
    assert not changed, (
        f"generated numbers changed ({', '.join(changed)}) at the same DATA_REVISION "
        f"{DATA_REVISION}: bump it in chaosbench/_version.py (see this module's docstring)"
    )


def test_preset_checksums_of_another_revision_are_reported_not_compared(tmp_path, monkeypatch):
    from chaosbench import DatasetConfig
    from chaosbench.datasets import verify

    config = DatasetConfig.from_dict({**CONFIG, "systems": ["Henon"]})
    path = tmp_path / "henon.h5"
    chaosbench.generate(path, config, progress=False)
    monkeypatch.setattr(verify, "preset_names", lambda: ["tiny"])
    monkeypatch.setattr(verify, "preset_config", lambda name: config)
    monkeypatch.setattr(verify, "preset_checksums", lambda name: {"Henon": {"test": "0" * 64}})
    monkeypatch.setattr(verify, "preset_data_revision", lambda name: DATA_REVISION)
    assert verify.verify(path).problems == [
        "Henon/test: data differ from the committed preset checksum"
    ]
    monkeypatch.setattr(verify, "preset_data_revision", lambda name: DATA_REVISION - 1)
    (problem,) = verify.verify(path).problems
    assert f"data revision {DATA_REVISION - 1}" in problem and "re-record" in problem


def test_the_data_revision_is_part_of_every_fingerprint(monkeypatch):
    import chaosbench._version
    from chaosbench import DatasetConfig
    from chaosbench._task_files import data_fingerprint

    config = DatasetConfig.from_dict(CONFIG)
    before = data_fingerprint(config)
    monkeypatch.setattr(chaosbench._version, "DATA_REVISION", DATA_REVISION + 1)
    assert data_fingerprint(config) != before


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        digests = data_checksums(Path(folder))
    PIN.write_text(
        json.dumps({"data_revision": DATA_REVISION, "sha256": digests}, indent=1, sort_keys=True)
        + "\n"
    )
    print(f"recorded {len(digests)} checksums at data revision {DATA_REVISION} in {PIN}")
