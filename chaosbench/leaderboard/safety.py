"""What a submission folder may be and hold, checked before any file is read.

Validation never unpickles, imports or runs anything from a submission. It reads
``submission.toml`` (with :mod:`tomllib`), ``forecasts.h5`` (through
:func:`chaosbench.evaluation.forecasts.read_forecasts`, once its structure has been
checked here from metadata alone) and, on the symbolic track, ``<System>.json``
files (with :mod:`json`). Everything else in a folder is a problem, as are
symbolic links, subfolders, hidden files and names outside a strict pattern; sizes
are checked from the file system before a file is opened.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from chaosbench.leaderboard.schema import SLUG_PATTERN, SYSTEM_PATTERN

#: largest accepted file, in bytes (forecasts of the leaderboard task take ~3 MB)
MAX_FILE_BYTES = 50 * 2**20
#: largest accepted submission.toml or expressions file, in bytes
MAX_TEXT_BYTES = 256 * 2**10

SUBMISSIONS = "submissions"
SUBMISSION_FILE = "submission.toml"
FORECASTS_FILE = "forecasts.h5"

#: longest failure reason, in characters
MAX_REASON_CHARS = 300
#: what a forecasts file may declare, checked from metadata before any data is read,
#: so that the time and memory of validation are bounded by the file size limit and
#: not by what a small compressed file claims to expand to
MAX_ATTRIBUTES = 16  # on the file (a writer puts 7 there) and on each group or dataset
MAX_ATTRIBUTE_BYTES = 4096  # declared size of one attribute's value
MAX_STRING_BYTES = 4 * MAX_REASON_CHARS  # one fixed-length reason (UTF-8: 4 bytes a char)
MAX_CHUNK_BYTES = 4 * 2**20  # one chunk, decompressed
MAX_DECLARED_BYTES = 4 * MAX_FILE_BYTES  # every dataset of the file, decompressed

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_PICKLE_SUFFIXES = {".pkl", ".pickle", ".joblib", ".pt", ".pth", ".ckpt", ".npy", ".npz",
                    ".dill", ".cloudpickle", ".sav"}  # fmt: skip
_CODE_SUFFIXES = {".py", ".pyc", ".pyo", ".so", ".dll", ".dylib", ".exe", ".sh", ".bat",
                  ".js", ".html", ".ipynb", ".whl", ".egg"}  # fmt: skip
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_DEFLATE, _SHUFFLE, _FLETCHER32 = 1, 2, 3


def locate(path: str | Path, root: str | Path) -> tuple[Path | None, list[str]]:
    """The submission folder ``path`` resolved, if it is a folder directly inside
    ``<root>/submissions`` with a valid name; else ``None`` and the problems."""
    given = Path(path)
    submissions = (Path(root) / SUBMISSIONS).resolve()
    if ".." in given.parts:
        return None, [f"path {str(given)!r}: '..' components are not allowed"]
    resolved = given.resolve()
    if resolved.parent != submissions:
        return None, [f"path {str(given)!r} is not a folder directly inside {str(submissions)!r}"]
    if given.is_symlink():
        return None, [f"path {str(given)!r} is a symbolic link"]
    if not resolved.is_dir():
        return None, [f"path {str(given)!r} is not a folder"]
    if not SLUG_PATTERN.fullmatch(resolved.name):
        return None, [
            f"folder name {resolved.name!r} must be lower-case letters, digits, '-' or '_' "
            "(at most 64, starting with a letter or digit)"
        ]
    return resolved, []


def allowed_files(track: str | None) -> str:
    """What a folder of the track may hold, in words."""
    if track == "symbolic":
        return f"{SUBMISSION_FILE} and one <System>.json per system"
    return f"{SUBMISSION_FILE} and {FORECASTS_FILE}"


def check_entries(folder: Path, track: str | None) -> list[str]:
    """One line per entry of ``folder`` that is not an allowed, regular, small file.

    ``track`` is the submission's track when known (``None`` before its file is read:
    then both tracks' files are allowed here and the schema decides later).
    """
    problems = []
    with os.scandir(folder) as entries:
        names = sorted(entries, key=lambda e: e.name)
    for entry in names:
        problem = _entry_problem(entry, track)
        if problem:
            problems.append(f"{entry.name}: {problem}")
    present = {e.name for e in names}
    if SUBMISSION_FILE not in present:
        problems.append(f"{SUBMISSION_FILE}: missing")
    if track == "forecasting" and FORECASTS_FILE not in present:
        problems.append(f"{FORECASTS_FILE}: missing (the forecasting track needs it)")
    return problems


def _entry_problem(entry: os.DirEntry, track: str | None) -> str:
    if entry.is_symlink():
        return "symbolic links are not allowed"
    if entry.is_dir(follow_symlinks=False):
        return "subfolders are not allowed"
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    name = entry.name
    suffix = Path(name).suffix.lower()
    if suffix in _PICKLE_SUFFIXES:
        return (f"{suffix} files are not accepted: a submission holds data, never pickles "
                "or serialised objects (nothing in it is unpickled)")  # fmt: skip
    if suffix in _CODE_SUFFIXES:
        return "code is not accepted: nothing in a submission is imported or run"
    if not _FILE_NAME.fullmatch(name):
        return "file name must be letters, digits, '.', '-' or '_' and not start with '.'"
    expected = _expected_kind(name, track)
    if expected is None:
        return f"unexpected file (a submission holds only {allowed_files(track)})"
    size = entry.stat(follow_symlinks=False).st_size
    limit = MAX_FILE_BYTES if expected == "hdf5" else MAX_TEXT_BYTES
    if size > limit:
        return f"{size} bytes, above the limit of {limit} bytes (not opened)"
    return ""


def _expected_kind(name: str, track: str | None) -> str | None:
    if name == SUBMISSION_FILE:
        return "text"
    if name == FORECASTS_FILE and track in (None, "forecasting"):
        return "hdf5"
    if name.endswith(".json") and track in (None, "symbolic"):
        return "text" if SYSTEM_PATTERN.fullmatch(name[: -len(".json")]) else None
    return None


def hdf5_signature_problem(path: Path) -> str:
    """A line when ``path`` does not start with the HDF5 signature (read: 8 bytes)."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == HDF5_SIGNATURE:
        return ""
    if head[:1] == b"\x80":
        return f"{path.name}: is a pickle, not HDF5 (never unpickled)"
    return f"{path.name}: is not an HDF5 file (its first bytes are not the HDF5 signature)"


def check_hdf5_structure(path: Path, expected: dict[str, tuple[int, ...]]) -> list[str]:
    """One line per structural problem of a forecasts file, from metadata alone.

    Every entry must be a hard link to a group named after a system of ``expected``,
    holding exactly the datasets ``values`` (floating point, of the expected shape)
    and ``reasons`` (strings, one per initial condition), stored in the file itself
    (no external, virtual or linked data) and compressed, if at all, by gzip,
    shuffle or fletcher32 only. Shapes are checked before any value is read, so a
    compressed file cannot expand beyond the task's size.
    """
    import h5py

    name = path.name
    problems: list[str] = []
    with h5py.File(path, "r") as handle:
        declared = _declared_problem(name, handle, len(expected))
        if declared:
            return [declared]
        for system in sorted(handle):
            link = handle.get(system, getlink=True)
            if not isinstance(link, h5py.HardLink):
                problems.append(f"{name}: entry {system!r} is a {type(link).__name__}, "
                                "not data stored in the file")  # fmt: skip
                continue
            if not SYSTEM_PATTERN.fullmatch(system):
                problems.append(f"{name}: entry name {system!r} is not a system name")
                continue
            if system not in expected:
                problems.append(f"{name}: system {system!r} is not part of the task")
                continue
            problems += _group_problems(name, system, handle[system], expected[system])
        for system in sorted(set(expected) - set(handle)):
            problems.append(f"{name}: system {system!r} of the task is missing")
        if not problems:
            problems += _size_problems(name, handle)
    return problems


def _declared_problem(name: str, handle, n_systems: int) -> str:
    """A line when the file holds more entries or attributes than a forecasts file
    may (counts read from object headers; nothing is iterated or read)."""
    if len(handle) > n_systems:
        return (f"{name}: holds {len(handle)} entries, more than the task's {n_systems} "
                "systems (one group per system)")  # fmt: skip
    return _attribute_problem(name, "the file", handle)


def _attribute_problem(name: str, what: str, item) -> str:
    """A line when ``item`` (file, group or dataset) declares too many or too large
    attributes (from their headers: no value is read)."""
    import h5py

    count = len(item.attrs)
    if count > MAX_ATTRIBUTES:
        return f"{name}: {what} has {count} attributes, at most {MAX_ATTRIBUTES} are accepted"
    for key in item.attrs:
        attribute = item.attrs.get_id(key)
        dtype = attribute.dtype
        if dtype.kind not in "iufSUOb" or (dtype.kind == "O" and h5py.check_string_dtype(
                dtype) is None):  # fmt: skip
            return f"{name}: attribute {key!r} of {what} has type {dtype}, not text or a number"
        shape = attribute.shape or ()  # None: an empty attribute
        size = int(np.prod(shape, dtype=np.int64))
        if size * max(dtype.itemsize, 8) > MAX_ATTRIBUTE_BYTES:
            return (f"{name}: attribute {key!r} of {what} declares {size} value(s) of "
                    f"{dtype.itemsize} bytes, above the limit of {MAX_ATTRIBUTE_BYTES} "
                    "bytes")  # fmt: skip
    return ""


def _size_problems(name: str, handle) -> list[str]:
    """Lines for a dataset whose declared elements or chunks are too large, or a file
    whose datasets expand to more than :data:`MAX_DECLARED_BYTES` (metadata only)."""
    problems, total = [], 0
    for system in sorted(handle):
        for key in ("values", "reasons"):
            dataset = handle[system][key]
            where = f"{name}: {system}/{key}"
            itemsize = dataset.dtype.itemsize
            if key == "reasons" and itemsize > MAX_STRING_BYTES:
                problems.append(f"{where} declares strings of {itemsize} bytes each, above "
                                f"the limit of {MAX_STRING_BYTES}")  # fmt: skip
                continue
            if dataset.chunks is not None:
                chunk = int(np.prod(dataset.chunks, dtype=np.int64)) * itemsize
                if chunk > MAX_CHUNK_BYTES:
                    problems.append(f"{where} declares chunks of {chunk} bytes, above the "
                                    f"limit of {MAX_CHUNK_BYTES}")  # fmt: skip
                    continue
            total += int(np.prod(dataset.shape, dtype=np.int64)) * itemsize
    if not problems and total > MAX_DECLARED_BYTES:
        problems.append(f"{name}: its datasets declare {total} bytes uncompressed, above the "
                        f"limit of {MAX_DECLARED_BYTES}")  # fmt: skip
    return problems


def _group_problems(name: str, system: str, group, shape: tuple[int, ...]) -> list[str]:
    import h5py

    if not isinstance(group, h5py.Group):
        return [f"{name}: {system} must be a group holding 'values' and 'reasons'"]
    problems = []
    declared = _attribute_problem(name, f"group {system!r}", group)
    if declared:
        return [declared]
    if len(group) != 2 or set(group) != {"values", "reasons"}:
        return [f"{name}: {system} must hold exactly 'values' and 'reasons', "
                f"holds {sorted(group)}"]  # fmt: skip
    for key in ("values", "reasons"):
        link = group.get(key, getlink=True)
        if not isinstance(link, h5py.HardLink) or not isinstance(group[key], h5py.Dataset):
            problems.append(f"{name}: {system}/{key} must be a dataset stored in the file")
            continue
        problem = _storage_problem(group[key])
        declared = _attribute_problem(name, f"dataset {system}/{key}", group[key])
        if declared:
            return [declared]
        if problem:
            problems.append(f"{name}: {system}/{key} {problem}")
    if problems:
        return problems
    values, reasons = group["values"], group["reasons"]
    if values.dtype.kind != "f" or values.dtype.itemsize not in (4, 8):
        problems.append(f"{name}: {system}/values has dtype {values.dtype}, "
                        "expected float32 or float64")  # fmt: skip
    if values.shape != shape:
        problems.append(f"{name}: {system}/values has shape {values.shape}, expected {shape}")
    if h5py.check_string_dtype(reasons.dtype) is None or reasons.shape != shape[:1]:
        problems.append(f"{name}: {system}/reasons must be {shape[0]} strings, "
                        f"got {reasons.dtype} of shape {reasons.shape}")  # fmt: skip
    return problems


def _storage_problem(dataset) -> str:
    if dataset.is_virtual:
        return "is a virtual dataset (data from other files are not read)"
    if dataset.external:
        return "stores its data in external files (not read)"
    plist = dataset.id.get_create_plist()
    for i in range(plist.get_nfilters()):
        code = plist.get_filter(i)[0]
        if code not in (_DEFLATE, _SHUFFLE, _FLETCHER32):
            return f"uses HDF5 filter {code}; only gzip, shuffle and fletcher32 are accepted"
    return ""
