"""What a dataset config will take in memory and on disk, checked before any work.

Generation writes its output in blocks, so the total size of a dataset is bounded by
the free disk space, not by memory; but one trajectory, and the reference orbit its
starting points are drawn from, are held in memory whole. A config whose single
trajectory or reference orbit would not fit is refused, naming the field to lower,
instead of failing after minutes with an allocation error; so is an output larger
than the free space of its folder.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chaosbench.datasets.config import ConfigError
from chaosbench.errors import ChaosbenchError

if TYPE_CHECKING:
    from chaosbench.datasets.config import DatasetConfig

#: a reference orbit holds at most this many points per starting point (the mean gap
#: between starts is 1.5 times the smallest gap of :mod:`chaosbench.datasets.generation`)
_ORBIT_POINTS_PER_START = 150
#: share of the machine's memory that one trajectory or reference orbit may take
_MEMORY_SHARE = 0.5
_FALLBACK_MEMORY = 8 * 2**30


@dataclass(frozen=True)
class DatasetSize:
    """Bytes a dataset config needs: ``trajectory`` and ``orbit`` (the largest single
    trajectory and reference orbit, in memory) and ``output`` (the file, on disk)."""

    trajectory: int
    orbit: int
    output: int


def physical_memory() -> int:
    """Bytes of memory of this machine (8 GiB where the system does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_MEMORY


def dataset_size(config: DatasetConfig, dimensions: dict[str, int]) -> DatasetSize:
    """The sizes of :class:`DatasetSize` for ``config`` over systems of the given
    numbers of variables (``{name: dimension}``)."""
    copies = 2 if config.noise_additive > 0 or config.noise_multiplicative > 0 else 1
    item = 4 if config.dtype == "float32" else 8
    starts = sum(config.splits.values())
    widest = max(dimensions.values())
    points = config.n_points + config.transient  # a delay equation keeps its transient
    trajectory = points * (8 * widest * copies + 8)
    orbit = starts * _ORBIT_POINTS_PER_START * widest * 8
    output = sum(starts * config.n_points * d * item * copies for d in dimensions.values())
    return DatasetSize(trajectory, orbit, output)


def check_size(config: DatasetConfig, dimensions: dict[str, int], folder: Path) -> None:
    """Raise :class:`~chaosbench.datasets.config.ConfigError` when one trajectory or
    reference orbit of ``config`` would not fit in memory, and
    :class:`~chaosbench.errors.ChaosbenchError` when its output would not fit in the
    free space of ``folder``."""
    size = dataset_size(config, dimensions)
    memory = physical_memory()
    allowed = _MEMORY_SHARE * memory
    if size.trajectory > allowed:
        raise ConfigError(
            "n_points",
            f"{config.n_points} points: one trajectory would take {_gib(size.trajectory)} "
            f"of memory, more than half of this machine's {_gib(memory)}; ask for fewer "
            "points per trajectory",
        )
    if size.orbit > allowed:
        raise ConfigError(
            "splits",
            f"{sum(config.splits.values())} trajectories per system: drawing their "
            f"starting points takes a reference orbit of {_gib(size.orbit)}, more than "
            f"half of this machine's {_gib(memory)} of memory; ask for fewer trajectories",
        )
    free = shutil.disk_usage(folder).free
    if size.output > free:
        raise ChaosbenchError(
            f"dataset config: the dataset would take {_gib(size.output)} on disk and "
            f"{str(folder)!r} has {_gib(free)} free; ask for fewer systems, trajectories "
            "or points"
        )


def _gib(size: float) -> str:
    return f"{size / 2**30:.1f} GiB" if size >= 2**28 else f"{size / 2**20:.1f} MiB"
