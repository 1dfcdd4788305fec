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

from chaosbench.errors import UnknownNameError

if TYPE_CHECKING:
    from chaosbench.datasets.config import DatasetConfig

T = TypeVar("T")


def cache_root() -> Path:
    """``$CHAOSBENCH_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/chaosbench``, else
    ``~/.cache/chaosbench``."""
    root = os.environ.get("CHAOSBENCH_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(xdg, "chaosbench")
    return Path(root)


def _folder(folder: str) -> Path:
    from chaosbench.systems.registry import data_path

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
    package version and the stored annotations of its systems (their sampling step,
    starting point and timescales; computation dates left out). Task caches are named
    by it, so re-annotated systems never reuse stale data."""
    from chaosbench import __version__
    from chaosbench.systems.registry import annotations

    stored = annotations()
    entries = {
        name: {key: value for key, value in stored.get(name, {}).items() if key != "computed"}
        for name in config.system_names()
    }
    text = json.dumps(
        {"config": config.to_json(), "version": __version__, "annotations": entries},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (POSIX ``flock``; elsewhere none)."""
    try:
        import fcntl
    except ImportError:  # no flock on this platform: builders may duplicate work
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_file(path: Path, build: Callable[[Path], None]) -> Path:
    """``path``, built first by ``build(partial)`` if it does not exist yet.

    The file is built under a partial name and renamed into place when complete, so
    a reader never sees half a file, and one process at a time builds it (others
    wait, then find it built). An interrupted build leaves the partial file, which
    ``build`` may resume.
    """
    if path.exists():
        return path
    with _exclusive(path.with_name(f".{path.name}.lock")):
        if not path.exists():
            partial = path.with_name(f".{path.stem}.partial{path.suffix}")
            build(partial)
            os.replace(partial, path)
    return path
