"""Datasets: HDF5 time series generated on demand from a small config."""

from chaosbench.datasets.api import GenerationReport, generate
from chaosbench.datasets.config import ConfigError, DatasetConfig
from chaosbench.datasets.reader import Dataset, Trajectories, inspect, load

__all__ = [
    "ConfigError",
    "Dataset",
    "DatasetConfig",
    "GenerationReport",
    "Trajectories",
    "generate",
    "inspect",
    "load",
]
