"""Where things live on disk: committed task definitions (TOML under ``data/``) and the
user's cache folder, shared by the forecasting and the symbolic tasks and by codegen."""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from chaosbench._paths import data_path
from chaosbench.errors import ChaosbenchError, UnknownNameError

if TYPE_CHECKING:
    from chaosbench.datasets.config import DatasetConfig

T = TypeVar("T")


def _folder(folder: str) -> Path:
    return data_path(folder)


def committed_names(folder: str) -> list[str]:
    """Names (file stems) of the TOML definitions in ``data/<folder>/``."""
    path = _folder(folder)
    return sorted(p.stem for p in path.glob("*.toml")) if path.is_dir() else []


def load_committed(folder: str, name: str, cls: type[T], label: str) -> T:
    """The definition ``data/<folder>/<name>.toml`` as an instance of the dataclass
    ``cls`` (its ``name`` field set to ``name``); an unknown name or field raises
    :class:`~chaosbench.errors.UnknownNameError` naming ``label``."""
    names = committed_names(folder)
    if name not in names:
        raise UnknownNameError(label, str(name), names)
    with open(_folder(folder) / f"{name}.toml", "rb") as handle:
        data = tomllib.load(handle)
    known = {f.name for f in fields(cls)} - {"name"}  # type: ignore[arg-type]
    for key in data:
        if key not in known:
            raise UnknownNameError(f"field of {label} {name}", key, sorted(known))
    return cls(name=name, **data)


def task_dict(task: Any) -> dict[str, Any]:
    """A task dataclass as plain data, its ``systems`` a list (or the string ``"all"``)."""
    data = asdict(task)
    data["systems"] = task.systems if isinstance(task.systems, str) else list(task.systems)
    return data


def data_fingerprint(config: DatasetConfig) -> str:
    """Checksum of everything that fixes the data a config generates: the config, the
    package version, the data revision (:data:`chaosbench._version.DATA_REVISION`) and
    the stored annotations of its systems (their sampling step, starting point and
    timescales; computation dates left out). Task caches are named by it, so neither
    re-annotated systems nor changed numerics ever reuse stale data."""
    from chaosbench._version import DATA_REVISION, __version__
    from chaosbench.systems.registry import annotations

    stored = annotations()
    entries = {
        name: {key: value for key, value in stored.get(name, {}).items() if key != "computed"}
        for name in config.system_names()
    }
    text = json.dumps(
        {
            "config": config.to_json(),
            "version": __version__,
            "data_revision": DATA_REVISION,
            "annotations": entries,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (POSIX ``flock``; elsewhere none)."""
    lock.parent.mkdir(parents=True, exist_ok=True)  # the cache folder, wherever it is
    try:
        import fcntl
    except ImportError:  # no flock on this platform: builders may duplicate work
        yield
        return
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_file(
    path: Path,
    build: Callable[[Path], None],
    problem: Callable[[Path], str | None] | None = None,
) -> Path:
    """``path``, built first by ``build(partial)`` if it does not exist yet.

    The file is built under a partial name and renamed into place when complete, so
    a reader never sees half a file, and one process at a time builds it (others
    wait, then find it built). An interrupted build leaves the partial file, which
    ``build`` may resume.

    ``problem(path)``, if given, checks a cached file (the first time this process
    uses it) and says what is wrong with it, or None. A damaged file (truncated,
    altered on disk) is moved aside to ``<name>.damaged``, a warning line says so on
    standard error, and the file is built afresh: a cache never hands out bad data
    and never needs deleting by hand.
    """
    if path.exists() and _problem_of(path, problem) is None:
        return path
    with _exclusive(path.with_name(f".{path.name}.lock")):
        found = _problem_of(path, problem) if path.exists() else None
        if found is not None:
            import sys

            damaged = path.with_name(path.name + ".damaged")
            path.replace(damaged)
            print(f"chaosbench: warning: cached file {str(path)!r} is damaged ({found}); "
                  f"moved to {damaged.name!r} and built again", file=sys.stderr)  # fmt: skip
        if not path.exists():
            partial = path.with_name(f".{path.stem}.partial{path.suffix}")
            build(partial)
            os.replace(partial, path)
    return path


#: checks of cached files made in this process: (size, time stamp) -> problem or None
_CHECKED: dict[Path, tuple[tuple[int, int], str | None]] = {}


def _problem_of(path: Path, problem: Callable[[Path], str | None] | None) -> str | None:
    """``problem(path)``, computed once per process and version of the file (an
    exception counts as the problem: the file is unreadable)."""
    if problem is None:
        return None
    info = path.stat()
    stamp = (info.st_size, info.st_mtime_ns)
    seen = _CHECKED.get(path)
    if seen is not None and seen[0] == stamp:
        return seen[1]
    try:
        found = problem(path)
    except ChaosbenchError as exc:  # unreadable: as damaged as a file gets
        found = str(exc)
    except Exception as exc:
        found = f"{type(exc).__name__}: {exc}"
    _CHECKED[path] = (stamp, found)
    return found


def dataset_problem(path: Path) -> str | None:
    """What is wrong with a cached dataset file (the first problem
    :func:`chaosbench.datasets.verify` finds: unreadable, truncated, a checksum that
    does not match), or None for a sound file; the ``problem`` check of task caches."""
    from chaosbench.datasets.verify import verify

    report = verify(path)
    return None if report.ok else report.problems[0]
