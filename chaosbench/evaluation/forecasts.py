"""Forecasts as data: what a forecaster returned for every case of a task, and its file.

Scores are always recomputed from forecasts, never copied from a claim, so
forecasts have a file format of their own (HDF5, no pickles, nothing executable):

``/`` attributes
    ``format`` (``"chaosbench-forecasts"``), ``format_version``, ``task``,
    ``task_fingerprint``, ``task_systems`` (JSON: the ``systems`` argument the task
    data were made for, ``null`` for the task's own selection), ``forecaster``,
    ``chaosbench_version``.
``/<system>/values``
    ``float32`` or ``float64`` array ``(n_ic, steps, dimension)``, gzip-compressed;
    rows of failed cases are NaN.
``/<system>/reasons``
    UTF-8 strings, one per initial condition: empty for a forecast, else why the
    forecaster failed (the failure is scored as such).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from chaosbench.errors import ChaosbenchError

FORMAT = "chaosbench-forecasts"
FORMAT_VERSION = 1


@dataclass
class SystemForecasts:
    """Every forecast of one system.

    Attributes
    ----------
    system
        Registry name.
    values
        ``(n_ic, steps, dimension)``; the rows of failed cases are NaN.
    reasons
        One entry per initial condition: ``""`` for a forecast, else the failure.
    seconds
        Time spent fitting and forecasting (not stored in files).
    forecaster
        Name of the forecaster that made them.
    """

    system: str
    values: np.ndarray
    reasons: tuple[str, ...]
    seconds: dict[str, float] = field(default_factory=dict)
    forecaster: str = ""

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values)
        if self.values.ndim != 3:
            raise ChaosbenchError(
                f"forecasts of {self.system}: expected (n_ic, steps, dimension), "
                f"got shape {self.values.shape}"
            )
        self.reasons = tuple(str(r) for r in self.reasons)
        if len(self.reasons) != self.values.shape[0]:
            raise ChaosbenchError(
                f"forecasts of {self.system}: {len(self.reasons)} reasons for "
                f"{self.values.shape[0]} initial conditions"
            )

    def ok(self, i: int) -> bool:
        """Whether case ``i`` holds a forecast (not a recorded failure)."""
        return self.reasons[i] == ""


def write_forecasts(
    path: str | Path,
    forecasts: Mapping[str, SystemForecasts],
    *,
    task: str,
    task_fingerprint: str,
    forecaster: str,
    task_systems: list[str] | None = None,
    dtype: str = "float32",
) -> Path:
    """Write forecasts to an HDF5 file (atomically: a complete file or none).

    Parameters
    ----------
    dtype
        ``"float32"`` (default, half the size) or ``"float64"``. Scores computed
        from a file are computed from the stored values.
    """
    import h5py

    from chaosbench._atomic import written_atomically
    from chaosbench._version import __version__

    if dtype not in ("float32", "float64"):
        raise ChaosbenchError(f"write_forecasts: dtype must be float32 or float64, not {dtype!r}")
    path = Path(path)
    with written_atomically(path) as temporary:
        with h5py.File(temporary, "w") as handle:
            handle.attrs.update({
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "task": task,
                "task_fingerprint": task_fingerprint,
                "task_systems": json.dumps(task_systems),
                "forecaster": forecaster,
                "chaosbench_version": __version__,
            })  # fmt: skip
            for name in sorted(forecasts):
                item = forecasts[name]
                group = handle.create_group(name)
                values = item.values.astype(dtype)
                chunks = (1, *values.shape[1:]) if values.size else None
                group.create_dataset(
                    "values", data=values, chunks=chunks, compression="gzip", shuffle=True
                )
                group.create_dataset("reasons", data=list(item.reasons), dtype=h5py.string_dtype())
    return path


def read_forecasts(path: str | Path) -> tuple[dict[str, str], dict[str, SystemForecasts]]:
    """Read a forecasts file: its attributes and the forecasts of every system.

    Only numeric arrays and strings are read; anything else in the file is an error.
    """
    import h5py

    path = Path(path)
    if not path.is_file():
        raise ChaosbenchError(f"forecasts file {str(path)!r} does not exist")
    try:
        handle = h5py.File(path, "r")
    except OSError as exc:
        raise ChaosbenchError(f"forecasts file {str(path)!r} is not HDF5: {exc}") from None
    with handle:
        attrs = {k: _text(v) for k, v in handle.attrs.items()}
        if attrs.get("format") != FORMAT:
            raise ChaosbenchError(
                f"forecasts file {str(path)!r}: format attribute is "
                f"{attrs.get('format')!r}, expected {FORMAT!r}"
            )
        out = {}
        for name, group in handle.items():
            if not isinstance(group, h5py.Group) or set(group) != {"values", "reasons"}:
                raise ChaosbenchError(
                    f"forecasts file {str(path)!r}: entry {name!r} must be a group holding "
                    "exactly 'values' and 'reasons'"
                )
            values = group["values"]
            if values.dtype.kind != "f":
                raise ChaosbenchError(
                    f"forecasts file {str(path)!r}: {name}/values has dtype {values.dtype}, "
                    "expected floating point"
                )
            reasons = [_text(r) for r in group["reasons"][()]]
            label = attrs.get("forecaster", "")
            out[name] = SystemForecasts(name, values[()].astype(float), tuple(reasons), {}, label)
    return attrs, out


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)
