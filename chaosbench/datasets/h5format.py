"""The HDF5 layout of chaosbench datasets: all reading and writing of it lives here.

Layout (``/`` is the file; README.md documents the same)::

    /                       attrs: format, format_version, chaosbench_version, created,
                            config (JSON), manifest (JSON), layout ("single" | "sharded")
    /<System>               attrs: kind, variables, parameters, equations, citation, field,
                            description, annotations (JSON), dt, transient_time,
                            stored_variables, mean, std, standardized; provenance (JSON)
                            for systems not declared in the package
    /<System>/<split>/data  (n_trajectories, n_times, n_stored_variables), float64 or float32,
                            gzip, one chunk per trajectory; attrs sha256
    .../clean               the same without observation noise (only with noise)
    .../time                (n_times,)             dimension scale of axis 1
    .../trajectory          (n_trajectories,)      dimension scale of axis 0
    .../variable            (n_stored_variables,)  dimension scale of axis 2 (names)
    .../state               (dimension,)           names of the full state
    .../parameter           (n_parameters,)        parameter names
    .../ics                 (n_trajectories, dimension)     starting states
    .../parameters          (n_trajectories, n_parameters)  parameters of each trajectory
    .../reliable_horizon    (n_trajectories,)      time until a 1000x tighter integration departs

Every array carries a ``sha256`` attribute over its bytes (C order, little endian),
so a file can be verified without the config that made it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from chaosbench._atomic import written_atomically

if TYPE_CHECKING:
    from chaosbench.datasets.config import DatasetConfig
    from chaosbench.datasets.generation import SystemPlan, UnitResult, WorkUnit

FORMAT = "chaosbench-dataset"
FORMAT_VERSION = 1
#: per-trajectory arrays of a split group, besides the dimension scales
TRAJECTORY_ARRAYS = ("data", "clean", "ics", "parameters", "reliable_horizon")
#: the dimension scales of every axis of each per-trajectory array
AXES = {
    "data": ("trajectory", "time", "variable"),
    "clean": ("trajectory", "time", "variable"),
    "ics": ("trajectory", "state"),
    "parameters": ("trajectory", "parameter"),
    "reliable_horizon": ("trajectory",),
}
_COMPRESSION = {"compression": "gzip", "compression_opts": 4, "shuffle": True}


def checksum(array: np.ndarray) -> str:
    """SHA-256 of an array's values in C order, little endian, with its shape and dtype."""
    digest = _Digest(array.shape, array.dtype)
    digest.update(array)
    return digest.hexdigest()


class _Digest:
    """A running :func:`checksum` fed row block by row block."""

    def __init__(self, shape, dtype) -> None:
        self._hash = hashlib.sha256(f"{tuple(shape)}|{np.dtype(dtype).str[1:]}|".encode())
        self._dtype = np.dtype(dtype).newbyteorder("<")

    def update(self, rows: np.ndarray) -> None:
        self._hash.update(np.ascontiguousarray(rows, dtype=self._dtype).tobytes())

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def stream_checksum(dataset, rows: int = 1) -> str:
    """:func:`checksum` of an HDF5 dataset, read ``rows`` leading-axis entries at a time."""
    digest = _Digest(dataset.shape, dataset.dtype)
    if dataset.ndim == 0:
        digest.update(dataset[()])
        return digest.hexdigest()
    for start in range(0, dataset.shape[0], rows):
        digest.update(dataset[start : start + rows])
    return digest.hexdigest()


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``, renamed onto it only if the block succeeds
    (:func:`chaosbench._atomic.written_atomically`; the folder is created first)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_atomically(target) as partial:
        yield partial


def _strings(values: Iterable[str]) -> np.ndarray:
    import h5py

    return np.array(list(values), dtype=h5py.string_dtype())


def _system_attrs(name: str, config: DatasetConfig, plan: SystemPlan) -> dict[str, Any]:
    from chaosbench.systems.registry import get

    system = get(name)
    stored = [config.projection] if config.projection else list(system.variables)
    origin = {"provenance": json.dumps(dict(system.provenance))} if system.provenance else {}
    return {
        **origin,
        "kind": system.kind,
        "dimension": system.dimension,
        "variables": json.dumps(list(system.variables)),
        "stored_variables": json.dumps(stored),
        "parameters": json.dumps(dict(system.parameters)),
        "equations": json.dumps(list(system.declaration.equations)),
        "citation": system.citation,
        "field": system.field,
        "description": system.description,
        "annotations": json.dumps(dict(system.annotations)),
        "dt": plan.dt,
        "transient_time": plan.transient_time,
        "standardized": config.standardize,
        "mean": plan.mean,
        "std": plan.std,
    }


def _write_split(group, result_arrays: dict[str, np.ndarray], time, names, first: int) -> None:
    """Create the arrays of one split group (or shard) with their dimension scales."""
    data = result_arrays["data"]
    count, n_times, width = data.shape
    scales = {
        "trajectory": np.arange(first, first + count, dtype=np.int64),
        "time": np.asarray(time, dtype=float),
        "variable": _strings(names["stored"]),
        "state": _strings(names["state"]),
        "parameter": _strings(names["parameter"]),
    }
    for key, values in scales.items():
        group.create_dataset(key, data=values)
        group[key].make_scale(key)
    for key in TRAJECTORY_ARRAYS:
        if key not in result_arrays or result_arrays[key] is None:
            continue
        values = result_arrays[key]
        options = {}
        if key in ("data", "clean"):
            options = {"chunks": (1, n_times, width), **_COMPRESSION}
        dataset = group.create_dataset(key, data=values, **options)
        dataset.attrs["sha256"] = checksum(values)
        for axis, scale in enumerate(AXES[key]):
            dataset.dims[axis].attach_scale(group[scale])


def names_for(system_name: str, config: DatasetConfig) -> dict[str, list[str]]:
    """Stored-variable, state and parameter names of a system under a config."""
    from chaosbench.systems.registry import get

    system = get(system_name)
    return {
        "stored": [config.projection] if config.projection else list(system.variables),
        "state": list(system.variables),
        "parameter": list(system.parameter_names),
    }


def _arrays(result: UnitResult) -> dict[str, np.ndarray]:
    return {
        "data": result.data,
        "clean": result.clean,
        "ics": result.ics,
        "parameters": result.parameters,
        "reliable_horizon": result.reliable_horizon,
    }


def write_shard(path: Path, config: DatasetConfig, result: UnitResult, plan: SystemPlan) -> None:
    """Write one unit's arrays to its own file, atomically (complete or absent)."""
    import h5py

    with atomic_file(path) as tmp, h5py.File(tmp, "w") as handle:
        handle.attrs["format"] = FORMAT + "-shard"
        handle.attrs["format_version"] = FORMAT_VERSION
        handle.attrs["config"] = config.to_json()
        handle.attrs["unit"] = result.unit.key
        handle.attrs["start"] = result.unit.start
        for key, value in _system_attrs(result.unit.system, config, plan).items():
            handle.attrs[key] = value
        _write_split(
            handle, _arrays(result), result.time, names_for(result.unit.system, config),
            result.unit.start,
        )  # fmt: skip


def shard_is_complete(path: Path, config: DatasetConfig, unit: WorkUnit) -> bool:
    """Whether a shard file holds this unit of this config with every checksum intact."""
    import h5py

    try:
        with h5py.File(path, "r") as handle:
            if handle.attrs.get("config") != config.to_json():
                return False
            if handle.attrs.get("unit") != unit.key:
                return False
            for key in TRAJECTORY_ARRAYS:
                if key in handle and stream_checksum(handle[key]) != handle[key].attrs["sha256"]:
                    return False
            return "data" in handle and handle["data"].shape[0] == unit.count
    except (OSError, KeyError):
        return False


def assemble(
    target: Path,
    config: DatasetConfig,
    units: list[WorkUnit],
    shard_path,
    *,
    layout: str = "single",
) -> dict[str, Any]:
    """Build the dataset file from complete shards, atomically.

    ``layout="single"`` copies every array into one self-contained file;
    ``"sharded"`` writes a master file whose arrays are HDF5 virtual datasets over
    the shard files (referenced by paths relative to the master's folder), so it
    reads exactly like the single file. Returns the manifest.
    """
    import datetime

    import h5py

    from chaosbench._version import __version__

    groups: dict[tuple[str, str], list[WorkUnit]] = {}
    for unit in units:
        groups.setdefault((unit.system, unit.split), []).append(unit)
    manifest: dict[str, Any] = {"systems": {}, "n_trajectories": 0, "n_values": 0}
    with atomic_file(target) as tmp, h5py.File(tmp, "w") as out:
        out.attrs["format"] = FORMAT
        out.attrs["format_version"] = FORMAT_VERSION
        out.attrs["chaosbench_version"] = __version__
        out.attrs["created"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        out.attrs["config"] = config.to_json()
        out.attrs["layout"] = layout
        for (system, split), members in groups.items():
            members = sorted(members, key=lambda u: u.start)
            entry = _assemble_split(out, system, split, members, shard_path, layout, target)
            manifest["systems"].setdefault(system, {})[split] = entry
            manifest["n_trajectories"] += entry["n_trajectories"]
            manifest["n_values"] += int(np.prod(entry["shape"]))
        out.attrs["manifest"] = json.dumps(manifest, sort_keys=True)
    return manifest


def _same_chunks(source, target) -> bool:
    """Whether two datasets store one trajectory per chunk with the same filters."""
    return (
        source.chunks is not None
        and source.ndim == 3
        and source.chunks == (1, *source.shape[1:])
        and target.chunks == (1, *target.shape[1:])
        and source.compression == target.compression
        and source.compression_opts == target.compression_opts
        and source.shuffle == target.shuffle
        and source.dtype == target.dtype
    )


def _assemble_split(out, system, split, members, shard_path, layout, target) -> dict[str, Any]:
    import h5py

    first_path = shard_path(members[0])
    if system not in out:
        group = out.create_group(system)
        with h5py.File(first_path, "r") as shard:
            for key, value in shard.attrs.items():
                if key not in ("format", "format_version", "config", "unit", "start"):
                    group.attrs[key] = value
    group = out[system].create_group(split)
    total = sum(u.count for u in members)
    with h5py.File(first_path, "r") as shard:
        present = [k for k in TRAJECTORY_ARRAYS if k in shard]
        shapes = {k: (total, *shard[k].shape[1:]) for k in present}
        dtypes = {k: shard[k].dtype for k in present}
        for key in ("time", "variable", "state", "parameter"):
            group.create_dataset(key, data=shard[key][()])
            group[key].make_scale(key)
    group.create_dataset("trajectory", data=np.arange(total, dtype=np.int64))
    group["trajectory"].make_scale("trajectory")
    if layout == "sharded":
        for key in present:
            virtual = h5py.VirtualLayout(shape=shapes[key], dtype=dtypes[key])
            for unit in members:
                path = shard_path(unit)
                relative = os.path.relpath(path, target.parent)
                shape = (unit.count, *shapes[key][1:])
                virtual[unit.start : unit.start + unit.count] = h5py.VirtualSource(
                    relative, key, shape=shape
                )
            group.create_virtual_dataset(key, virtual)
    else:
        for key in present:
            options = {}
            if key in ("data", "clean"):
                options = {"chunks": (1, *shapes[key][1:]), **_COMPRESSION}
            group.create_dataset(key, shape=shapes[key], dtype=dtypes[key], **options)
        for unit in members:  # each shard opened once, copied a trajectory at a time
            with h5py.File(shard_path(unit), "r") as shard:
                for key in present:
                    source, dataset = shard[key], group[key]
                    if _same_chunks(source, dataset):  # compressed bytes copied as they are
                        for row in range(unit.count):
                            mask, chunk = source.id.read_direct_chunk((row, 0, 0))
                            dataset.id.write_direct_chunk((unit.start + row, 0, 0), chunk, mask)
                        continue
                    for row in range(unit.count):
                        dataset[unit.start + row] = source[row]
    for key in present:  # checksums of the whole arrays, read back as a reader will see them
        group[key].attrs["sha256"] = stream_checksum(group[key])
    for key in present:
        for axis, scale in enumerate(AXES[key]):
            group[key].dims[axis].attach_scale(group[scale])
    return {
        "n_trajectories": total,
        "shape": list(shapes["data"]),
        "dtype": str(dtypes["data"]),
        "sha256": group["data"].attrs["sha256"],
        "arrays": present,
    }
