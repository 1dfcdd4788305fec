"""Scatter plots as inline SVG, drawn without plotting libraries.

:func:`panels` draws small multiples sharing axes: a logarithmic x axis and a
linear y axis, one panel per series, each over a grey background series. Output is
deterministic text (coordinates rounded to 0.1 px), so a rebuilt page is
byte-identical when the data are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

_WIDTH, _HEIGHT = 250, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 8, 22, 34
_COLUMNS = 3
_MARKERS = {"flow": "circle", "map": "square", "delay": "diamond"}


@dataclass(frozen=True)
class Point:
    """A point: ``x`` (positive), ``y``, its label and its kind (marker shape)."""

    x: float
    y: float
    label: str = ""
    kind: str = "flow"


@dataclass(frozen=True)
class Panel:
    title: str
    points: tuple[Point, ...]


def panels(
    items: list[Panel], background: tuple[Point, ...], *, x_label: str, y_label: str,
    y_max: float, title: str,
) -> str:  # fmt: skip
    """An ``<svg>`` of small multiples (three per row) over shared axes.

    Examples
    --------
    >>> text = panels([Panel("a", (Point(1.0, 2.0, "A"),))], (), x_label="x",
    ...               y_label="y", y_max=10, title="t")
    >>> text.startswith("<svg") and "<title>A: 2</title>" in text
    True
    """
    xs = [p.x for p in background] + [p.x for panel in items for p in panel.points]
    xs = [x for x in xs if x > 0 and math.isfinite(x)]
    low = math.floor(math.log10(min(xs))) if xs else -1
    high = math.ceil(math.log10(max(xs))) if xs else 1
    high = max(high, low + 1)
    rows = max(1, math.ceil(len(items) / _COLUMNS))
    width, height = _WIDTH * min(_COLUMNS, max(len(items), 1)), _HEIGHT * rows + 26
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        _legend(width),
    ]
    for index, panel in enumerate(items):
        x0 = _WIDTH * (index % _COLUMNS)
        y0 = 26 + _HEIGHT * (index // _COLUMNS)
        parts.append(_panel(panel, background, x0, y0, (low, high), y_max, x_label, y_label))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(width: int) -> str:
    items, x = [], 8.0
    for kind in ("flow", "map", "delay"):
        items.append(_marker(kind, x, 12.0, "point"))
        items.append(f'<text x="{x + 8:.1f}" y="16" class="axis">{kind}</text>')
        x += 62
    items.append(f'<circle cx="{x:.1f}" cy="12" r="2.5" class="background"/>')
    items.append(f'<text x="{x + 8:.1f}" y="16" class="axis">baseline</text>')
    return "<g>" + "".join(items) + "</g>"


def _panel(panel, background, x0, y0, xrange, y_max, x_label, y_label) -> str:
    low, high = xrange
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM

    def sx(x: float) -> float:
        return x0 + _LEFT + (math.log10(x) - low) / (high - low) * plot_w

    def sy(y: float) -> float:
        y = min(max(y, 0.0), y_max)
        return y0 + _TOP + plot_h - y / y_max * plot_h

    title = panel.title if len(panel.title) <= 36 else panel.title[:34].rstrip() + "\u2026"
    out = [f'<g class="panel"><title>{escape(panel.title)}</title>',
           f'<text x="{x0 + _LEFT:.1f}" y="{y0 + 14:.1f}" '
           f'class="panel-title">{escape(title)}</text>',
           f'<rect x="{x0 + _LEFT:.1f}" y="{y0 + _TOP:.1f}" width="{plot_w:.1f}" '
           f'height="{plot_h:.1f}" class="frame"/>']  # fmt: skip
    for k in range(low, high + 1):
        x = sx(10.0**k)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y0 + _TOP:.1f}" '
                   f'y2="{y0 + _TOP + plot_h:.1f}" class="grid"/>')  # fmt: skip
        out.append(f'<text x="{x:.1f}" y="{y0 + _TOP + plot_h + 12:.1f}" class="axis" '
                   f'text-anchor="middle">1e{k}</text>')  # fmt: skip
    for tick in _ticks(y_max):
        y = sy(tick)
        out.append(f'<line x1="{x0 + _LEFT:.1f}" x2="{x0 + _LEFT + plot_w:.1f}" '
                   f'y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')  # fmt: skip
        out.append(f'<text x="{x0 + _LEFT - 4:.1f}" y="{y + 3:.1f}" class="axis" '
                   f'text-anchor="end">{tick:g}</text>')  # fmt: skip
    out.append(f'<text x="{x0 + _LEFT + plot_w / 2:.1f}" y="{y0 + _HEIGHT - 6:.1f}" '
               f'class="axis" text-anchor="middle">{escape(x_label)}</text>')  # fmt: skip
    middle = y0 + _TOP + plot_h / 2
    out.append(f'<text transform="translate({x0 + 11:.1f},{middle:.1f}) rotate(-90)" '
               f'class="axis" text-anchor="middle">{escape(y_label)}</text>')  # fmt: skip
    for p in background:
        if p.x > 0 and math.isfinite(p.x) and math.isfinite(p.y):
            out.append(f'<circle cx="{sx(p.x):.1f}" cy="{sy(p.y):.1f}" r="2" '
                       'class="background"/>')  # fmt: skip
    for p in panel.points:
        if p.x > 0 and math.isfinite(p.x) and math.isfinite(p.y):
            label = f"<title>{escape(p.label)}: {p.y:.3g}</title>"
            out.append(_marker(p.kind, sx(p.x), sy(p.y), "point", label))
    out.append("</g>")
    return "\n".join(out)


def _marker(kind: str, x: float, y: float, css: str, inner: str = "") -> str:
    shape = _MARKERS.get(kind, "circle")
    if shape == "square":
        return (f'<rect x="{x - 2.4:.1f}" y="{y - 2.4:.1f}" width="4.8" height="4.8" '
                f'class="{css}">{inner}</rect>')  # fmt: skip
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - 3.2:.1f}L{x + 3.2:.1f} {y:.1f}L{x:.1f} '
                f'{y + 3.2:.1f}L{x - 3.2:.1f} {y:.1f}Z" class="{css}">{inner}</path>')  # fmt: skip
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.8" class="{css}">{inner}</circle>'


def _ticks(y_max: float) -> list[float]:
    step = 10 ** math.floor(math.log10(y_max / 2)) if y_max > 0 else 1
    for factor in (1, 2, 5, 10):
        if y_max / (step * factor) <= 6:
            step *= factor
            break
    count = math.floor(y_max / step + 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]
