"""``leaderboard/index.html``: one self-contained page (inline CSS, JavaScript and SVG;
no external scripts, fonts or images), rendered from boards as deterministic text.

Per board: the ranked table (sortable by a click on any header), small multiples of
each method's median VPT per system against the system's largest Lyapunov exponent,
and a per-system drill-down table for a chosen method (also sortable). Every text
from a submission is HTML-escaped, links are only ``http(s)`` URLs or paths inside
the repository, and the drill-down data are JSON with ``<`` escaped.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from html import escape

from chaosbench.leaderboard import svg
from chaosbench.leaderboard.board import Board, Entry
from chaosbench.leaderboard.markdown import (
    HORIZON_NOTE,
    INTRODUCTION,
    board_title,
    interval,
    number,
    shortfall_text,
)
from chaosbench.leaderboard.scoring import BASELINE

_STYLE = """
:root { color-scheme: light; --accent: #1f5f99; --muted: #666; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica,
  Arial, sans-serif; color: #1b1f23; background: #fff; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 1.7em; margin: 0.3em 0; }
h2 { font-size: 1.35em; margin-top: 1.6em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1em; margin-top: 1.4em; }
p.meta, .muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13.5px; width: 100%; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f6f8fa; }
tr.reference td { font-style: italic; color: #444; }
table.sortable th { cursor: pointer; user-select: none; background: #eef2f6; }
table.sortable th::after { content: " \\2195"; color: #9aa4ae; }
table.sortable th[aria-sort="ascending"]::after { content: " \\2191"; color: #1b1f23; }
table.sortable th[aria-sort="descending"]::after { content: " \\2193"; color: #1b1f23; }
.ci { color: var(--muted); font-size: 0.85em; }
a { color: var(--accent); }
figure { margin: 0.5em 0; overflow-x: auto; }
figcaption { color: var(--muted); font-size: 0.9em; }
svg .frame { fill: #fbfcfd; stroke: #c5ccd3; }
svg .grid { stroke: #e4e8ec; }
svg .axis { font-size: 9px; fill: #555; }
svg .panel-title { font-size: 10.5px; font-weight: 600; fill: #1b1f23; }
svg .background { fill: #c9cdd2; }
svg .point { fill: var(--accent); fill-opacity: 0.8; }
label { font-weight: 600; }
select { font: inherit; margin: 0 0.6em; }
footer { margin: 2em auto; color: var(--muted); font-size: 0.9em; }
"""

_SCRIPT = """
(function () {
  "use strict";
  function value(cell, numeric) {
    var v = cell.getAttribute("data-v");
    if (v === null) { v = cell.textContent; }
    if (numeric) { var x = parseFloat(v); return isNaN(x) ? null : x; }
    return v.toLowerCase();
  }
  function sortTable(table, index, descending) {
    var head = table.tHead.rows[0];
    var numeric = head.cells[index].getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[index], numeric), y = value(b.cells[index], numeric);
      if (x === y) { return 0; }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(head.cells, function (c) { c.removeAttribute("aria-sort"); });
    head.cells[index].setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      function activate() {
        var state = th.getAttribute("aria-sort");
        var numeric = th.getAttribute("data-type") === "number";
        var descending = state ? state === "ascending" : numeric;
        sortTable(table, index, descending);
      }
      th.addEventListener("click", activate);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(); }
      });
    });
  }
  function cell(text, sortValue, numeric) {
    var td = document.createElement("td");
    td.textContent = text;
    if (sortValue !== undefined) { td.setAttribute("data-v", String(sortValue)); }
    if (numeric) { td.className = "num"; }
    return td;
  }
  function fillDrill(section, data) {
    var select = section.querySelector("select.drill-method");
    var table = section.querySelector("table.drill");
    var body = table.tBodies[0];
    var rows = data.rows[select.value] || [];
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      r.forEach(function (c) {
        if (Array.isArray(c)) {
          tr.appendChild(cell(c[0], c[1] === null ? "" : c[1], true));
        } else {
          tr.appendChild(cell(c));
        }
      });
      body.appendChild(tr);
    });
    var sorted = table.querySelector("th[aria-sort]");
    if (sorted) {
      sortTable(table, sorted.cellIndex, sorted.getAttribute("aria-sort") === "descending");
    }
    section.querySelector(".drill-count").textContent = rows.length + " systems";
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("section.board"), function (section) {
    var source = section.querySelector("script.drill-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var select = section.querySelector("select.drill-method");
    select.addEventListener("change", function () { fillDrill(section, data); });
    Array.prototype.forEach.call(section.querySelectorAll("a.drill-link"), function (a) {
      a.addEventListener("click", function () {
        select.value = a.getAttribute("data-slug");
        fillDrill(section, data);
      });
    });
    fillDrill(section, data);
  });
})();
"""


def render_page(boards: list[Board], tasks: dict[str, tuple[str, float]]) -> str:
    """The whole page.

    Parameters
    ----------
    boards
        Ranked boards (:func:`chaosbench.leaderboard.board.boards`).
    tasks
        ``{board key: (description of its task, horizon in Lyapunov times)}``.
    """
    body = [_section(board, *tasks.get(board.key, ("", 10.0))) for board in boards]
    if not boards:
        body = ["<p>No submissions yet.</p>"]
    intro = "".join(f"<p>{inline_markup(p.replace(chr(10), ' '))}</p>"
                    for p in INTRODUCTION.strip().split("\n\n"))  # fmt: skip
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>chaosbench leaderboard</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>chaosbench leaderboard</h1>",
        intro,
        "</header>",
        "<main>",
        *body,
        "</main>",
        '<footer>Generated by <code>chaosbench leaderboard build</code> from the validated '
        "submissions; this page loads nothing from the network.</footer>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]) + "\n"  # fmt: skip


def inline_markup(text: str) -> str:
    """HTML of a line of trusted Markdown prose: ```code```, ``**strong**``, ``*em*``.

    Examples
    --------
    >>> inline_markup("a `b` **c** *d* <e>")
    'a <code>b</code> <strong>c</strong> <em>d</em> &lt;e&gt;'
    """
    html = escape(text, quote=False)
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html)


@dataclass(frozen=True)
class _Metric:
    """A summary column of a ranking table."""

    label: str
    key: str
    digits: int = 3
    interval: bool = False
    percent: bool = False


_FORECASTING = (
    _Metric("Win rate", "win_rate", 3, True),
    _Metric("Skill score", "skill_score", 3, True),
    _Metric("Median VPT", "median_vpt", 2, True),
    _Metric("VPT (NRMSE)", "median_vpt_nrmse", 2),
)
_GEOMETRY = (_Metric("D_stsp", "median_d_stsp"), _Metric("D_H", "median_d_h"))
_SYMBOLIC = (
    _Metric("Symbolic solutions", "symbolic_solution_rate", 3, True),
    _Metric("Exact", "exact_rate", 3, True),
    _Metric("Mean F1", "mean_f1", 3, True),
    _Metric("Complexity ratio", "median_complexity_ratio", 2),
)
_FAILED = _Metric("Failed", "failed_share", percent=True)


def _metrics(board: Board) -> tuple[_Metric, ...]:
    if board.track == "symbolic":
        return (*_SYMBOLIC, _FAILED)
    summary = board.entries[0].summary
    return (*_FORECASTING, *(m for m in _GEOMETRY if m.key in summary), _FAILED)


def _section(board: Board, description: str, horizon: float) -> str:
    metrics = _metrics(board)
    heads = [("Rank", "number"), ("Method", "text"), ("Type", "text"),
             *((m.label, "number") for m in metrics), ("Leakage", "text"),
             ("Authors", "text"), ("Date", "text"), ("Links", "text")]  # fmt: skip
    head = "".join(_th(name, kind) for name, kind in heads)
    rows = [_row(board, entry, rank, metrics)
            for entry, rank in zip(board.entries, board.ranks())]  # fmt: skip
    key = escape(board.key)
    options = "".join(f'<option value="{escape(e.slug)}">{escape(e.submission.method)}</option>'
                      for e in board.entries)  # fmt: skip
    columns, data = _drill(board)
    drill_head = "".join(_th(label, "number" if numeric else "text") for label, numeric in columns)
    if board.track == "symbolic":
        meta = (f"{escape(description)} {board.n_systems} flows; data fingerprint "
                f"<code>{escape(board.fingerprint)}</code>. Scored symbolically against the "
                "declared equations.")  # fmt: skip
        figure = []
    else:
        meta = (f"{escape(description)} {board.n_systems} systems, {board.n_cases} cases; data "
                f"fingerprint <code>{escape(board.fingerprint)}</code>. Baseline of win rates "
                f"and skill scores: <code>{BASELINE}</code>.")  # fmt: skip
        notes = [escape(HORIZON_NOTE.format(where="the per-system table below"))]
        notes += [shortfall_text(e, board.n_systems, f"<em>{escape(e.submission.method)}</em>")
                  for e in board.entries]  # fmt: skip
        meta += "".join(f'</p>\n<p class="meta">{note}' for note in notes if note)
        figure = ["<h3>Valid prediction time against the largest Lyapunov exponent</h3>",
                  _figure(board, horizon)]  # fmt: skip
    return "\n".join([
        f'<section class="board" id="board-{key}">',
        f"<h2>{escape(board_title(board).replace('`', ''))}</h2>",
        f'<p class="meta">{meta}</p>',
        '<div class="scroll">',
        f'<table class="sortable ranking" id="ranking-{key}"><thead><tr>{head}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
        *figure,
        f'<h3 id="drill-{key}">Per system</h3>',
        f'<p><label for="select-{key}">Method</label><select class="drill-method" '
        f'id="select-{key}">{options}</select><span class="drill-count muted"></span></p>',
        '<div class="scroll">',
        f'<table class="sortable drill" id="drill-table-{key}"><thead><tr>{drill_head}'
        "</tr></thead><tbody></tbody></table></div>",
        f'<script type="application/json" class="drill-data">{data}</script>',
        "</section>",
    ])  # fmt: skip


def _th(name: str, kind: str) -> str:
    css = ' class="num"' if kind == "number" else ""
    return f'<th data-type="{kind}"{css}>{escape(name)}</th>'


def _row(board: Board, entry: Entry, rank: int | None, metrics: tuple[_Metric, ...]) -> str:
    s, sub = entry.summary, entry.submission
    key = escape(board.key)

    def metric(m: _Metric) -> str:
        if m.percent:
            text, rest = f"{s[m.key]:.1%}", ""
        else:
            text = interval(s, m.key, m.digits) if m.interval else number(s[m.key], m.digits)
            text, _, rest = text.partition(" ")
        ci = f' <span class="ci">{escape(rest)}</span>' if rest else ""
        return f'<td class="num" data-v="{_value(s[m.key])}">{escape(text)}{ci}</td>'

    code = sub.code_url if sub.code_url.startswith(("http://", "https://")) else (
        f"../{sub.code_url}")  # fmt: skip
    links = [f'<a href="submissions/{escape(entry.slug)}/">submission</a>',
             f'<a href="{escape(code, quote=True)}">code</a>']  # fmt: skip
    if sub.paper.startswith(("http://", "https://")) and " " not in sub.paper:
        links.append(f'<a href="{escape(sub.paper, quote=True)}">paper</a>')
    cells = [
        f'<td class="num" data-v="{rank if rank is not None else ""}">'
        f"{rank if rank is not None else '-'}</td>",
        f'<td data-v="{escape(sub.method.lower())}"><a class="drill-link" href="#drill-{key}" '
        f'data-slug="{escape(entry.slug)}" title="per-system results">'
        f"{escape(sub.method)}</a></td>",
        f"<td>{escape(sub.model_type)}</td>",
        *(metric(m) for m in metrics),
        f"<td>{'yes' if entry.leakage else 'no'}</td>",
        f"<td>{escape(', '.join(sub.authors))}</td>",
        f"<td>{sub.date.isoformat()}</td>",
        f"<td>{' · '.join(links)}</td>",
    ]  # fmt: skip
    css = ' class="reference"' if entry.reference else ""
    return f"<tr{css}>" + "".join(cells) + "</tr>"


def _figure(board: Board, horizon: float) -> str:
    first = board.entries[0].systems
    background = tuple(svg.Point(float(r.max_lyapunov), float(r.baseline_vpt), r.system, r.kind)
                       for r in first.itertuples())  # fmt: skip
    panels = [
        svg.Panel(e.submission.method, tuple(
            svg.Point(float(r.max_lyapunov), float(r.vpt_smape), r.system, r.kind)
            for r in e.systems.itertuples()))
        for e in board.entries
    ]  # fmt: skip
    drawing = svg.panels(panels, background, x_label="largest Lyapunov exponent",
                         y_label="VPT (Lyapunov times)", y_max=horizon,
                         title=f"Median VPT per system, {board.task}")  # fmt: skip
    return (f"<figure>{drawing}<figcaption>Each point is a system: its median valid "
            "prediction time over the test initial conditions (failures as 0) against its "
            "largest Lyapunov exponent (per unit time for flows and delay equations, per "
            f"iterate for maps); grey: the baseline, {BASELINE}. Hover a point for its "
            "system.</figcaption></figure>")  # fmt: skip


def _drill(board: Board) -> tuple[list[tuple[str, bool]], str]:
    """Columns ``(label, numeric)`` of the per-system table, and its rows per method as
    JSON: each cell a text, or ``[text, sort value]`` for numbers."""
    if board.track == "symbolic":
        columns = [("System", False), ("Status", False), ("Kind", False), ("Exact", True),
                   ("Symbolic solution", True), ("F1", True),
                   ("Complexity ratio", True)]  # fmt: skip

        def cells(r, notes: dict[str, str]) -> list:
            return [r.system, r.status, r.kind, _flag(r.exact), _flag(r.symbolic_solution),
                    _cell(r.f1, "{:.3f}"), _cell(r.complexity_ratio, "{:.2f}")]  # fmt: skip
    else:
        columns = [("System", False), ("Kind", False), ("Largest Lyapunov exponent", True),
                   ("Median VPT", True), ("Horizon", True), (f"{BASELINE} median VPT", True),
                   ("Wins / cases", True), ("sMAPE ratio", True), ("Note", False)]  # fmt: skip

        def cells(r, notes: dict[str, str]) -> list:
            share = r.wins / r.cases if r.cases else math.nan
            return [r.system, r.kind, _cell(r.max_lyapunov, "{:.3g}"),
                    _cell(r.vpt_smape, "{:.2f}"), _cell(getattr(r, "horizon", math.nan),
                    "{:.2f}"), _cell(r.baseline_vpt, "{:.2f}"),
                    [f"{r.wins:g} / {int(r.cases)}", _json_number(share)],
                    _cell(r.smape_ratio, "{:.3f}"),
                    f"not exact: {notes[r.system]}" if r.system in notes else ""]  # fmt: skip

    rows = {}
    for e in board.entries:
        notes = e.notes() if board.track != "symbolic" else {}
        rows[e.slug] = [cells(r, notes) for r in e.systems.itertuples()]
    text = json.dumps({"rows": rows}, separators=(",", ":"), sort_keys=True, allow_nan=False)
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return columns, safe


def _cell(value, form: str) -> list:
    number_ = _json_number(value)
    return ["-" if number_ is None else form.format(float(value)), number_]


def _flag(value) -> list:
    return ["yes" if bool(value) else "no", 1 if bool(value) else 0]


def _json_number(value) -> float | None:
    value = float(value)
    if not math.isfinite(value):
        return None
    return float(f"{value:.6g}")


def _value(value) -> str:
    value = float(value)
    if math.isnan(value):
        return ""
    return f"{value:.10g}" if math.isfinite(value) else ("Infinity" if value > 0 else "-Infinity")
