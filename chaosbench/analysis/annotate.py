"""Compute the stored annotations of systems from their equations.

The results are written to ``data/annotations.json`` together with their
provenance (package version, settings, date). Nothing in that file is typed in
by hand: every number comes from :func:`annotate_system`.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chaosbench.analysis.lyapunov import lyapunov_spectrum
from chaosbench.analysis.period import dominant_period

FORMAT_VERSION = 1


@dataclass(frozen=True)
class AnnotationSettings:
    """Settings of the annotation pipeline (stored with the results)."""

    pts_per_period: int = 100
    period_points: int = 2**14
    probe_dt: float = 0.01
    transient_points: int = 2**13
    lyapunov_intervals: int = 3000
    lyapunov_intervals_per_period: int = 10
    map_transient: int = 1000
    map_iterations: int = 20000
    rtol: float = 1e-9
    atol: float = 1e-12


def kaplan_yorke_dimension(exponents: Iterable[float]) -> float:
    """Kaplan–Yorke (Lyapunov) dimension ``j + sum_{i<=j} l_i / |l_{j+1}|``.

    ``j`` is the largest index whose partial sum of the ordered exponents is
    non-negative (Kaplan & Yorke 1979). Returns 0 when the largest exponent is
    negative and the phase-space dimension when no partial sum turns negative.

    Examples
    --------
    >>> round(kaplan_yorke_dimension([0.9056, 0.0, -14.5723]), 4)
    2.0621
    """
    values = np.sort(np.asarray(list(exponents), dtype=float))[::-1]
    partial = np.cumsum(values)
    if values.size == 0 or partial[0] < 0:
        return 0.0
    j = int(np.nonzero(partial >= 0)[0][-1])
    if j == values.size - 1:
        return float(values.size)
    return float(j + 1 + partial[j] / abs(values[j + 1]))


def annotate_system(name: str, settings: AnnotationSettings | None = None) -> dict[str, Any]:
    """Compute period, sampling step, attractor point and Lyapunov spectrum of one system."""
    from chaosbench.systems.registry import declarations
    from chaosbench.systems.system import System

    s = settings or AnnotationSettings()
    system = System(declarations()[name])  # from the declaration alone, ignoring stored values
    result: dict[str, Any] = {}
    if system.kind == "map":
        _, X = system.trajectory(2, transient=s.map_transient)
        ic = X[0]
        exponents = lyapunov_spectrum(
            system, ic=ic, n_intervals=s.map_iterations, transient_intervals=0
        )
    else:
        transient = s.transient_points * s.probe_dt
        forcing = system.forcing_period()
        if forcing is not None:  # end the transient at forcing phase zero, where t restarts
            transient = np.ceil(transient / forcing) * forcing
        _, X = system.trajectory(2, dt=transient, rtol=s.rtol, atol=s.atol)
        ic = X[-1]
        _, X = system.trajectory(s.period_points, dt=s.probe_dt, ic=ic, rtol=s.rtol, atol=s.atol)
        period = dominant_period(X, s.probe_dt)
        dt = period / s.pts_per_period
        _, X = system.trajectory(s.period_points, dt=dt, ic=ic, rtol=s.rtol, atol=s.atol)
        period = dominant_period(X, dt)
        dt = period / s.pts_per_period
        exponents = lyapunov_spectrum(
            system,
            ic=ic,
            interval=period / s.lyapunov_intervals_per_period,
            n_intervals=s.lyapunov_intervals,
            transient_intervals=s.lyapunov_intervals // 10,
            rtol=s.rtol,
            atol=s.atol,
        )
        result["period"] = period
        result["dt"] = dt
    exponents = np.sort(exponents)[::-1]
    result["ic"] = [float(v) for v in ic]
    result["lyapunov_spectrum"] = [float(v) for v in exponents]
    result["max_lyapunov"] = float(exponents[0])
    result["lyapunov_time"] = float(1.0 / exponents[0]) if exponents[0] > 0 else None
    result["kaplan_yorke_dimension"] = kaplan_yorke_dimension(exponents)
    return result


def annotate(
    names: Iterable[str],
    *,
    workers: int = 1,
    path: str | os.PathLike | None = None,
    settings: AnnotationSettings | None = None,
    progress: bool = False,
) -> dict[str, dict[str, Any]]:
    """Annotate systems (in parallel processes) and merge the results into the data file.

    Existing entries of other systems are kept. The file is replaced atomically.
    """
    from chaosbench import __version__
    from chaosbench.systems.registry import ANNOTATIONS_FILE, data_path

    names = list(names)
    settings = settings or AnnotationSettings()
    target = Path(path) if path is not None else data_path(ANNOTATIONS_FILE)
    results: dict[str, dict[str, Any]] = {}
    bar = _progress(len(names)) if progress else None
    if workers > 1 and len(names) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {name: pool.submit(annotate_system, name, settings) for name in names}
            for name, future in futures.items():
                results[name] = future.result()
                if bar:
                    bar.update(1)
    else:
        for name in names:
            results[name] = annotate_system(name, settings)
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    existing: dict[str, Any] = {}
    if target.exists():
        with open(target) as handle:
            existing = json.load(handle).get("systems", {})
    existing.update(results)
    document = {
        "format_version": FORMAT_VERSION,
        "provenance": {
            "chaosbench_version": __version__,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "settings": asdict(settings),
            "generated_by": "chaosbench annotate",
        },
        "systems": dict(sorted(existing.items())),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    os.replace(tmp, target)
    return results


def _progress(total: int):
    try:
        from tqdm import tqdm
    except ImportError:
        return _PlainProgress(total)
    return tqdm(total=total, desc="annotating", unit="system")


class _PlainProgress:
    """Minimal progress counter on stderr, for when tqdm is not installed."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def update(self, n: int) -> None:
        import sys

        self.done += n
        print(f"\rannotating: {self.done}/{self.total}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        import sys

        print(file=sys.stderr)
