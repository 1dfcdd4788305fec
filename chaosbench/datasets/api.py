"""``chaosbench.generate``: plan, compute in parallel, write shards, assemble atomically.

Each unit of work is computed and written to its own shard file by whichever
worker runs it (local processes, any :class:`concurrent.futures.Executor`, a
Dask cluster or a job of a cluster array), so only small records travel back.
Shards live in a ``<output>.parts/`` folder next to the output; a shard file
appears only once complete, and on ``resume`` every existing one is verified
by checksum and kept. The output file is assembled into a temporary file and
renamed into place at the very end: an interrupted run leaves the old output
(or none) and a resumable parts folder, never a file that looks complete.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chaosbench import _validation as check
from chaosbench.datasets import h5format
from chaosbench.datasets.config import ConfigError, DatasetConfig
from chaosbench.datasets.generation import WorkUnit, compute_unit, plan, system_plan
from chaosbench.datasets.sizing import check_size
from chaosbench.errors import ChaosbenchError, InvalidParameterError
from chaosbench.progress import Progress

LAYOUTS = ("single", "sharded")


@dataclass
class GenerationReport:
    """What a call of :func:`generate` did.

    Attributes
    ----------
    path : pathlib.Path
        The output file (None if this call ran one shard of a job array and the
        others are not finished yet).
    units, computed, reused : int
        Units of work in the plan, computed by this call, and found complete.
    manifest : dict
        The file's manifest (empty when not assembled).
    """

    path: Path | None
    units: int
    computed: int
    reused: int
    manifest: dict[str, Any] = field(default_factory=dict)


def parts_folder(path: Path) -> Path:
    """The folder holding the shard files of an output file."""
    return path.with_name(path.name + ".parts")


def _shard_path(parts: Path, unit: WorkUnit) -> Path:
    return parts / f"{unit.key}.h5"


def run_unit(config_json: str, unit: WorkUnit, parts: str) -> str:
    """Compute one unit and write its shard file (runs in a worker process)."""
    config = DatasetConfig.from_dict(__import__("json").loads(config_json))
    result = compute_unit(config, unit)
    target = _shard_path(Path(parts), unit)
    h5format.write_shard(target, config, result, system_plan(unit.system, config))
    return unit.key


def generate(
    path: str | Path,
    config: DatasetConfig | dict | str | Path,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    resume: bool = False,
    overwrite: bool = False,
    shard_index: int | None = None,
    num_shards: int | None = None,
    layout: str = "single",
    progress: bool | None = None,
) -> GenerationReport:
    """Generate a dataset file.

    Parameters
    ----------
    path
        Output HDF5 file.
    config
        A :class:`DatasetConfig`, a mapping of its fields, or a TOML file path.
    workers
        Local worker processes (default 1: in this process). Ignored when
        ``executor`` is given.
    executor
        Any :class:`concurrent.futures.Executor` (e.g. ``distributed.Client(...)
        .get_executor()`` for a Dask cluster) to run the units on.
    resume
        Keep the complete shards of an earlier, interrupted run of the same config
        (each verified by checksum) and compute only the rest.
    overwrite
        Replace an existing output file (it stays in place until the new one is
        complete).
    shard_index, num_shards
        Run only the units ``i`` with ``i % num_shards == shard_index`` (one job
        of a cluster array). The job that finds every shard present assembles the
        output; run once more with ``resume=True`` to assemble otherwise.
    layout
        ``"single"``: one self-contained file (the shard files are removed);
        ``"sharded"``: a master file of virtual datasets over the kept shard files.
    progress
        Show a progress bar (default: when standard error is a terminal).

    Returns
    -------
    GenerationReport

    Examples
    --------
    >>> import chaosbench, tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> report = chaosbench.generate(
    ...     os.path.join(folder, "demo.h5"),
    ...     {"systems": ["Lorenz"], "splits": {"train": 2}, "n_points": 50},
    ... )
    >>> chaosbench.load(report.path, "Lorenz", "train").data.shape
    (2, 50, 3)
    """
    function = "generate"
    config = _as_config(config)
    path = Path(path)
    check.one_of(layout, LAYOUTS, "layout", function)
    if (shard_index is None) != (num_shards is None):
        raise InvalidParameterError(
            "shard_index", function, "given together with num_shards", shard_index
        )
    if num_shards is not None:
        num_shards = check.positive_int(num_shards, "num_shards", function)
        shard_index = check.positive_int(shard_index, "shard_index", function, allow_zero=True)
        if shard_index >= num_shards:
            raise InvalidParameterError(
                "shard_index", function, f"below num_shards={num_shards}", shard_index
            )
    if workers is not None:
        workers = check.positive_int(workers, "workers", function)
    if path.exists() and not overwrite and not resume:
        raise ChaosbenchError(
            f"{str(path)!r} exists; pass overwrite=True (--overwrite) to replace it "
            "or resume=True (--resume) to finish an interrupted run"
        )
    if path.exists() and path.is_dir():
        raise ChaosbenchError(f"{str(path)!r} is a folder, not a file name")
    if not path.parent.is_dir():  # never create folders the user did not ask for
        raise ChaosbenchError(
            f"{str(path)!r}: the folder {str(path.parent)!r} does not exist; create it first"
        )
    if path.exists() and resume and not overwrite and _is_complete(path, config):
        return GenerationReport(path, 0, 0, 0, _manifest(path))
    units = plan(config)
    check_size(config, _dimensions(units), path.parent)  # before any integration
    for name in sorted({u.system for u in units}):
        system_plan(name, config)  # fails early on a system that cannot be sampled
    parts = parts_folder(path)
    if parts.exists() and not resume and num_shards is None and any(parts.iterdir()):
        raise ChaosbenchError(
            f"{str(parts)!r} holds shards of an earlier run; pass resume=True (--resume) "
            "to reuse them, or delete the folder"
        )
    created = not parts.exists()
    parts.mkdir(exist_ok=True)
    mine = [u for i, u in enumerate(units) if num_shards is None or i % num_shards == shard_index]
    todo, reused = [], 0
    for unit in mine:
        shard = _shard_path(parts, unit)
        if shard.exists():
            if resume and h5format.shard_is_complete(shard, config, unit):
                reused += 1
                continue
            shard.unlink()  # incomplete, from another config, or not to be reused
        todo.append(unit)
    try:
        _run(config, todo, parts, workers, executor, _show_progress(progress))
    except BaseException:
        if created and not any(parts.iterdir()):  # nothing to resume: leave nothing behind
            parts.rmdir()
        raise
    if num_shards is not None:  # the other jobs' shards must all be there and sound
        others = [u for u in units if u not in mine]
        ready = all(_shard_path(parts, u).exists() for u in others) and all(
            h5format.shard_is_complete(_shard_path(parts, u), config, u) for u in others
        )
        if not ready:
            return GenerationReport(None, len(units), len(todo), reused)
    manifest = h5format.assemble(
        path, config, units, lambda u: _shard_path(parts, u), layout=layout
    )
    if layout == "single":
        shutil.rmtree(parts, ignore_errors=True)
    return GenerationReport(path, len(units), len(todo), reused, manifest)


def _dimensions(units) -> dict[str, int]:
    from chaosbench.systems.registry import get

    return {name: get(name).dimension for name in sorted({u.system for u in units})}


def _as_config(config) -> DatasetConfig:
    if isinstance(config, DatasetConfig):
        return config
    if isinstance(config, (str, Path)):
        return DatasetConfig.from_toml(config)
    if isinstance(config, dict):
        return DatasetConfig.from_dict(config)
    raise ConfigError("<config>", f"expected a DatasetConfig, dict or TOML path, got {config!r}")


def _is_complete(path: Path, config: DatasetConfig) -> bool:
    import h5py

    try:
        with h5py.File(path, "r") as handle:
            return handle.attrs.get("config") == config.to_json() and "manifest" in handle.attrs
    except OSError:
        return False


def _manifest(path: Path) -> dict[str, Any]:
    import json

    import h5py

    with h5py.File(path, "r") as handle:
        return json.loads(handle.attrs["manifest"])


def _run(config, todo, parts, workers, executor, progress) -> None:
    if not todo:
        return
    bar = _progress_bar(len(todo)) if progress else None
    config_json = config.to_json()
    try:
        if executor is None and (workers or 1) == 1:
            for unit in todo:
                run_unit(config_json, unit, str(parts))
                _tick(bar, unit)
            return
        owned = executor is None
        pool = executor if executor is not None else ProcessPoolExecutor(max_workers=workers)
        try:
            futures = {pool.submit(run_unit, config_json, u, str(parts)): u for u in todo}
            for future in as_completed(futures):
                future.result()  # a failed unit raises here, naming its system
                _tick(bar, futures[future])
        finally:
            if owned:
                pool.shutdown(cancel_futures=True)
    finally:
        if bar is not None:
            bar.close()


def _show_progress(progress: bool | None) -> bool:
    """Progress is shown unless switched off: in place on a terminal, a line per stage else."""
    return True if progress is None else bool(progress)


def _progress_bar(total: int) -> Progress:
    return Progress(total, "generating", unit="block")


def _tick(bar, unit: WorkUnit) -> None:
    if bar is None:
        return
    bar.update(1, detail=f"{unit.system} {unit.split} block {unit.block}")
