"""Reading dataset files: lazily, one system and split at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench.datasets import h5format
from chaosbench.errors import ChaosbenchError, UnknownNameError


@dataclass(frozen=True)
class Trajectories:
    """The arrays of one split of one system.

    Attributes
    ----------
    system, split : str
    data : numpy.ndarray, shape (n_trajectories, n_times, n_variables)
        The stored series (with observation noise, if any was requested).
    clean : numpy.ndarray or None
        The same without observation noise (None when there is no noise).
    time : numpy.ndarray, shape (n_times,)
    variables : list of str
        Names of the stored variables.
    ics, parameters : numpy.ndarray
        Starting state and parameter vector of each trajectory.
    reliable_horizon : numpy.ndarray or None
        Per trajectory, the time after the first stored point up to which it agrees
        with an integration at a 1000x tighter tolerance.
    attrs : dict
        The system's stored facts (equations, citation, annotations, dt, ...).
    """

    system: str
    split: str
    data: np.ndarray
    clean: np.ndarray | None
    time: np.ndarray
    variables: list[str]
    ics: np.ndarray
    parameters: np.ndarray
    reliable_horizon: np.ndarray | None
    attrs: dict[str, Any]

    @property
    def annotations(self) -> dict[str, Any]:
        """The system's stored annotations when the file was written."""
        return json.loads(self.attrs.get("annotations", "{}"))

    def to_pandas(self):
        """Long format: one row per (trajectory, time, variable) with its value."""
        import pandas as pd

        n, _m, _d = self.data.shape
        index = pd.MultiIndex.from_product(
            [np.arange(n), self.time, self.variables], names=["trajectory", "time", "variable"]
        )
        frame = pd.DataFrame({"value": self.data.reshape(-1)}, index=index).reset_index()
        frame.insert(0, "split", self.split)
        frame.insert(0, "system", self.system)
        return frame

    def unstandardize(self, values: np.ndarray | None = None) -> np.ndarray:
        """Undo the standardisation of a standardised file (identity otherwise)."""
        values = self.data if values is None else np.asarray(values)
        if not self.attrs.get("standardized"):
            return values
        mean, std = np.asarray(self.attrs["mean"]), np.asarray(self.attrs["std"])
        if len(self.variables) == 1 and mean.size > 1:
            names = json.loads(self.attrs["variables"])
            index = names.index(self.variables[0])
            mean, std = mean[index : index + 1], std[index : index + 1]
        return values * std + mean


class Dataset(Mapping):
    """A dataset file opened lazily: ``dataset[system][split]`` reads one split.

    Nothing is read until asked for, so a file far larger than memory can be
    processed one system at a time. Use as a context manager or call
    :meth:`close`.
    """

    def __init__(self, path: str | Path) -> None:
        import h5py

        self.path = Path(path)
        if not self.path.is_file():
            raise ChaosbenchError(f"dataset file {str(self.path)!r} does not exist")
        try:
            self._file = h5py.File(self.path, "r")
        except OSError as exc:
            raise ChaosbenchError(
                f"{str(self.path)!r} is not a readable HDF5 file: {exc}"
            ) from None
        if self._file.attrs.get("format") != h5format.FORMAT:
            self._file.close()
            raise ChaosbenchError(f"{str(self.path)!r} is not a chaosbench dataset file")

    # --- mapping of systems ----------------------------------------------------------------
    def __getitem__(self, system: str) -> dict[str, Trajectories]:
        return {split: self.read(system, split) for split in self.splits(system)}

    def __iter__(self) -> Iterator[str]:
        return iter(self.systems)

    def __len__(self) -> int:
        return len(self.systems)

    @property
    def systems(self) -> list[str]:
        import h5py

        return [k for k in self._file if isinstance(self._file[k], h5py.Group)]

    @property
    def manifest(self) -> dict[str, Any]:
        return json.loads(self._file.attrs["manifest"])

    @property
    def config(self):
        from chaosbench.datasets.config import DatasetConfig

        return DatasetConfig.from_dict(json.loads(self._file.attrs["config"]))

    @property
    def attrs(self) -> dict[str, Any]:
        return dict(self._file.attrs)

    def splits(self, system: str) -> list[str]:
        return list(self._group(system))

    def _group(self, system: str):
        if system not in self._file:
            system = _stored_name(system, self.systems, f"system of {self.path.name}")
        return self._file[system]

    def read(self, system: str, split: str) -> Trajectories:
        """Read one split of one system into memory."""
        group = self._group(system)
        system = group.name.lstrip("/")  # the stored spelling
        if split not in group:
            raise UnknownNameError(f"split of {system} in {self.path.name}", split, list(group))
        g = group[split]

        def optional(key):
            return g[key][()] if key in g else None

        return Trajectories(
            system=system,
            split=split,
            data=g["data"][()],
            clean=optional("clean"),
            time=g["time"][()],
            variables=[v.decode() if isinstance(v, bytes) else v for v in g["variable"][()]],
            ics=g["ics"][()],
            parameters=g["parameters"][()],
            reliable_horizon=optional("reliable_horizon"),
            attrs=dict(group.attrs),
        )

    def to_pandas(self):
        """Every split of every system in long format (reads the whole file)."""
        import pandas as pd

        return pd.concat(
            [t.to_pandas() for s in self.systems for t in self[s].values()], ignore_index=True
        )

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Dataset({str(self.path)!r}, systems={len(self.systems)})"


def _stored_name(system: str, stored: list[str], what: str) -> str:
    """The name under which a file stores ``system``, spelt in any way the registry
    accepts (``"lorenz96(n=8)"`` finds ``Lorenz96(n=8)``)."""
    from chaosbench.systems.registry import system_label

    try:
        label = system_label(system)
    except ChaosbenchError:
        label = None
    if label not in stored:
        raise UnknownNameError(what, str(system), stored)
    return label


def load(path: str | Path, system: str | None = None, split: str | None = None):
    """Open a dataset file.

    Parameters
    ----------
    path
        File written by :func:`chaosbench.generate`.
    system, split
        With both: that split's :class:`Trajectories` (read into memory). With a
        system only: a dict of its splits. With neither: the lazily opened
        :class:`Dataset`.

    Examples
    --------
    See :func:`chaosbench.generate`.
    """
    if split is not None and system is None:
        raise ChaosbenchError("load: a split needs a system")
    if system is None:
        return Dataset(path)
    with Dataset(path) as dataset:
        if split is None:
            return dataset[system]
        return dataset.read(system, split)


def inspect(path: str | Path) -> str:
    """A human-readable summary of a dataset file's manifest."""
    with Dataset(path) as dataset:
        attrs, manifest = dataset.attrs, dataset.manifest
        lines = [
            f"{dataset.path}",
            f"  format {attrs['format']} v{attrs['format_version']}, chaosbench "
            f"{attrs['chaosbench_version']}, created {attrs['created']}, layout {attrs['layout']}",
            f"  {len(manifest['systems'])} systems, {manifest['n_trajectories']} trajectories, "
            f"{manifest['n_values']:,} values",
        ]
        for system, splits in manifest["systems"].items():
            parts = ", ".join(
                f"{split} {'x'.join(map(str, e['shape']))} {e['dtype']}"
                for split, e in splits.items()
            )
            lines.append(f"  {system}: {parts}")
    return "\n".join(lines)
