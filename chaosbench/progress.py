"""Progress of long work, shown the way a terminal user and a log reader each expect.

On a terminal, one line rewritten in place: what is being done, done of total, the
elapsed time and the time left. Anywhere else (a log file, CI, a pipe), one line when a
stage starts and one when it ends, so that logs stay readable.

This module sits on the ground floor: it imports nothing from the package.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "format_seconds", "progress"]


def format_seconds(seconds: float) -> str:
    """A duration as a short human-readable text.

    Examples
    --------
    >>> format_seconds(4.2), format_seconds(75), format_seconds(7300)
    ('4.2 s', '1 min 15 s', '2 h 01 min')
    """
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """A counter of ``total`` units of work with a label.

    Parameters
    ----------
    total
        Number of units (systems, blocks, cases...).
    label
        What is being done, e.g. ``"generating"``.
    unit
        Name of one unit, used in the messages.
    stream
        Where to write (default: standard error).
    enabled
        False shows nothing; None (the default) shows progress when there is work.
    interactive
        Rewrite one line in place (default: when ``stream`` is a terminal).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> with Progress(2, "scoring", unit="case", stream=out) as bar:
    ...     bar.update()
    ...     bar.update()
    >>> print(out.getvalue().splitlines()[0])
    scoring: 2 cases
    """

    def __init__(
        self,
        total: int,
        label: str,
        *,
        unit: str = "item",
        stream: TextIO | None = None,
        enabled: bool | None = None,
        interactive: bool | None = None,
    ) -> None:
        self.total, self.label, self.unit = int(total), label, unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = (self.total > 0) if enabled is None else bool(enabled)
        if interactive is None:
            isatty = getattr(self.stream, "isatty", None)
            interactive = bool(isatty and isatty())
        self.interactive = interactive
        self.done, self.failed = 0, 0
        self.detail: str | None = None
        self.started = time.perf_counter()
        self._last_draw = 0.0
        self._closed = False
        if self.enabled and not self.interactive:
            self._write(f"{label}: {self.total} {self._units(self.total)}\n")
        elif self.enabled:
            self._draw(force=True)

    def _units(self, n: int) -> str:
        return self.unit if n == 1 else f"{self.unit}s"

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._last_draw < 0.2 and self.done < self.total:
            return
        self._last_draw = now
        elapsed = now - self.started
        text = f"\r{self.label}: {self.done}/{self.total} {self._units(self.total)}"
        if self.failed:
            text += f", {self.failed} failed"
        text += f" [{format_seconds(elapsed)}"
        if 0 < self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            text += f", about {format_seconds(left)} left"
        text += "]"
        if self.detail and self.done < self.total:
            text += f" {self.detail}"
        self._write(text + "\x1b[K")

    def update(self, n: int = 1, *, failed: int = 0, detail: str | None = None) -> None:
        """Count ``n`` more units done, ``failed`` of them failed; ``detail`` names the last."""
        self.done += n
        self.failed += failed
        self.detail = detail
        if self.enabled and self.interactive:
            self._draw()

    def close(self) -> None:
        """Finish the line (terminal) or write the closing line (logs)."""
        if self._closed:
            return
        self._closed = True
        if not self.enabled:
            return
        elapsed = format_seconds(time.perf_counter() - self.started)
        if self.interactive:
            self._draw(force=True)
            self._write("\n")
            return
        failed = f", {self.failed} failed" if self.failed else ""
        self._write(f"{self.label}: done, {self.done}/{self.total}{failed} in {elapsed}\n")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(
    total: int, label: str, *, unit: str = "item", enabled: bool | None = None
) -> Progress:
    """A :class:`Progress` on standard error (see there)."""
    return Progress(total, label, unit=unit, enabled=enabled)
