"""Checking a dataset file: every stored checksum, and a preset's committed checksums."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from chaosbench._version import DATA_REVISION
from chaosbench.datasets import h5format
from chaosbench.datasets.config import DatasetConfig, sources_unresolved
from chaosbench.errors import UnknownNameError

PRESETS_FOLDER = "presets"


def _preset_path(name: str, suffix: str) -> Path:
    from chaosbench._paths import data_path

    return data_path(PRESETS_FOLDER) / f"{name}{suffix}"


def preset_names() -> list[str]:
    """Names of the dataset presets committed under ``data/presets/``."""
    from chaosbench._paths import data_path

    folder = data_path(PRESETS_FOLDER)
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def preset_config(name: str) -> DatasetConfig:
    """The config of a committed preset (e.g. ``"benchmark"``)."""
    if name not in preset_names():
        raise UnknownNameError("dataset preset", name, preset_names())
    return DatasetConfig.from_toml(_preset_path(name, ".toml"))


def preset_checksums(name: str) -> dict[str, dict[str, str]]:
    """Committed ``{system: {split: sha256 of data}}`` of a preset (empty if none)."""
    return _committed(name).get("data_sha256", {})


def preset_data_revision(name: str) -> int | None:
    """The :data:`~chaosbench._version.DATA_REVISION` a preset's committed checksums
    were recorded at (``1`` for files older than the field; ``None`` if none)."""
    document = _committed(name)
    return int(document.get("data_revision", 1)) if document else None


def _committed(name: str) -> dict:
    path = _preset_path(name, ".sha256.json")
    if not path.exists():
        return {}
    with open(path) as handle:
        return json.load(handle)


@dataclass
class Verification:
    """Outcome of :func:`verify`: ``problems`` is empty for a sound file."""

    path: Path
    checked: int = 0
    preset: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"{self.path}: {self.checked} arrays checked"]
        if self.preset:
            lines.append(f"  matches preset {self.preset!r}; compared with its committed checksums")
        lines += [f"  PROBLEM: {p}" for p in self.problems]
        lines.append("  OK" if self.ok else f"  {len(self.problems)} problem(s)")
        return "\n".join(lines)


def verify(path: str | Path) -> Verification:
    """Recompute the checksum of every array of a dataset file and compare it with the
    stored one; if the file's config is a committed preset, also compare every data
    checksum with the committed value."""
    import h5py

    from chaosbench.datasets.reader import Dataset

    report = Verification(Path(path))
    with Dataset(path) as dataset:
        handle = dataset._file
        for system in dataset.systems:
            for split in dataset.splits(system):
                group = handle[system][split]
                for key in h5format.TRAJECTORY_ARRAYS:
                    if key not in group:
                        continue
                    report.checked += 1
                    try:
                        actual = h5format.stream_checksum(group[key])
                    except (OSError, KeyError) as exc:
                        report.problems.append(f"{system}/{split}/{key}: unreadable ({exc})")
                        continue
                    if actual != group[key].attrs.get("sha256"):
                        report.problems.append(f"{system}/{split}/{key}: checksum mismatch")
        config_json = handle.attrs["config"]
        manifest = dataset.manifest
    for name in preset_names():
        with sources_unresolved():  # a preset of generated systems is not generated here
            candidate = preset_config(name)
        if candidate.to_json() != config_json:
            continue
        report.preset = name
        revision = preset_data_revision(name)
        if revision is not None and revision != DATA_REVISION:
            report.problems.append(
                f"the committed checksums of preset {name!r} are of data revision {revision}, "
                f"this package generates revision {DATA_REVISION}: they cannot be compared "
                "(maintainers re-record them with record_preset_checksums)"
            )
            break
        committed = preset_checksums(name)
        for system, splits in committed.items():
            for split, digest in splits.items():
                stored = manifest["systems"].get(system, {}).get(split)
                if stored is None:
                    report.problems.append(f"{system}/{split}: missing from the file")
                elif stored["sha256"] != digest:
                    report.problems.append(
                        f"{system}/{split}: data differ from the committed preset checksum"
                    )
    del h5py
    return report


def record_preset_checksums(path: str | Path, name: str) -> Path:
    """Write the data checksums of a generated preset file to
    ``data/presets/<name>.sha256.json`` (maintainers, after a deliberate change of the
    preset or of the annotations it samples with). The file must have been generated
    from the preset's config."""
    from chaosbench._version import __version__
    from chaosbench.datasets.reader import Dataset

    with sources_unresolved():
        config = preset_config(name)
    with Dataset(path) as dataset:
        if dataset.attrs["config"] != config.to_json():
            raise ValueError(f"{path} was not generated from preset {name!r}")
        manifest = dataset.manifest
    digests = {
        system: {split: entry["sha256"] for split, entry in splits.items()}
        for system, splits in manifest["systems"].items()
    }
    target = _preset_path(name, ".sha256.json")
    document = {
        "preset": name,
        "chaosbench_version": __version__,
        "data_revision": DATA_REVISION,
        "data_sha256": digests,
    }
    target.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    return target
