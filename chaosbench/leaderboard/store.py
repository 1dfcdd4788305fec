"""Recorded scores of validated submissions: ``<root>/scores/<slug>.csv``.

Each file is the per-case table of one submission (its metrics beside the
baseline's, see :mod:`chaosbench.leaderboard.scoring`), written by a successful
``chaosbench leaderboard validate --record`` and read by ``build``, so the board is
rendered without rescoring. Its first line ties it to the exact submission files::

    # chaosbench-leaderboard-scores 1 submission=<slug> task=<task> fingerprint=<fp> digest=<sha256>

where the digest covers the names and SHA-256 checksums of every file of the
submission folder: a changed file makes the record stale, and ``build`` refuses it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from chaosbench._atomic import written_atomically
from chaosbench.errors import ChaosbenchError

SCORES = "scores"
_MAGIC = "# chaosbench-leaderboard-scores 1"
_CHUNK = 2**20


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, hexadecimal."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """Checksum of a submission folder: its file names and their SHA-256, sorted."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        digest.update(f"{path.name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def scores_path(root: str | Path, slug: str) -> Path:
    """Where the scores of submission ``slug`` are recorded."""
    return Path(root) / SCORES / f"{slug}.csv"


def write_scores(path: Path, cases, meta: dict[str, str]) -> Path:
    """Write a scores record atomically (a complete file or none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = _MAGIC + "".join(f" {k}={meta[k]}" for k in ("submission", "task", "fingerprint",
                                                          "digest"))  # fmt: skip
    with written_atomically(path) as partial:
        with open(partial, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(header + "\n")
            cases.to_csv(handle, index=False, float_format="%.12g", lineterminator="\n")
    return path


def read_scores(path: Path):
    """``(meta, cases)`` of a scores record."""
    import pandas as pd

    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n")
        if not header.startswith(_MAGIC):
            raise ChaosbenchError(f"scores file {str(path)!r}: first line is not a scores header")
        meta = dict(item.split("=", 1) for item in header[len(_MAGIC) :].split())
        cases = pd.read_csv(handle, keep_default_na=True)
    return meta, cases


def same_cases(stored, recomputed, rtol: float = 1e-9) -> str:
    """``""`` when two case tables agree (same rows and columns, numbers within
    ``rtol``), else what differs first."""
    if list(stored.columns) != list(recomputed.columns):
        return f"columns {list(stored.columns)} differ from {list(recomputed.columns)}"
    if len(stored) != len(recomputed):
        return f"{len(stored)} cases recorded, {len(recomputed)} recomputed"
    for column in stored.columns:
        a, b = stored[column].to_numpy(), recomputed[column].to_numpy()
        if a.dtype.kind in "fi" and b.dtype.kind in "fi":
            if not np.allclose(a.astype(float), b.astype(float), rtol=rtol, atol=1e-12,
                               equal_nan=True):  # fmt: skip
                index = int(np.argmax(~np.isclose(a.astype(float), b.astype(float), rtol=rtol,
                                                  atol=1e-12, equal_nan=True)))  # fmt: skip
                return (f"{column} of case ({stored.system.iloc[index]}, "
                        f"{stored.ic.iloc[index]}) recorded {a[index]!r}, "
                        f"recomputed {b[index]!r}")  # fmt: skip
        elif [str(x) for x in a] != [str(x) for x in b]:
            return f"column {column} differs"
    return ""
