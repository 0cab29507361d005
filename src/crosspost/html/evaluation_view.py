"""An ``Evaluation`` as HTML: tables, SVG bar charts and scorecards.

Self-contained (inline CSS and SVG, no scripts), so it opens from a CI artefact or an e-mail
as well as in a notebook. Every value that came from a file is escaped.
"""

from __future__ import annotations

from ..evaluation.evaluate import Evaluation, GroupResult
from ..evaluation.metrics import format_value
from ..evaluation.views import DISCLAIMER, TABLE_FIGURES, pct
from .components import esc

_CHART_FIGURES = ("engagement_rate", "reach", "cost_per_engagement")
_CSS = """
.cp-eval{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;
  max-width:70rem;line-height:1.4}
.cp-eval table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
.cp-eval th,.cp-eval td{border-bottom:1px solid #d0d7de;padding:.25rem .5rem;text-align:right}
.cp-eval th:first-child,.cp-eval td:first-child{text-align:left}
.cp-eval .keep{color:#1a7f37}.cp-eval .evaluate{color:#9a6700}
.cp-eval .reduce{color:#bc4c00}.cp-eval .leave{color:#cf222e}
.cp-eval .small{color:#57606a;font-style:italic}
.cp-eval figure{display:inline-block;margin:0 1.5rem 1rem 0}
.cp-eval figcaption{font-size:.85rem;font-weight:600}
"""


def as_html(ev: Evaluation, *, fragment: bool = False) -> str:
    parts = [f"<div class=\"cp-eval\"><style>{_CSS}</style>",
             f"<h2>Evaluation {esc(ev.period)}</h2>",
             f"<p>Compared with {esc(ev.previous)}. {len(ev.matches)} result rows, "
             f"{len(ev.unmatched)} unmatched, {len(ev.uncertain)} matched by text and date "
             "(uncertain).</p>"]
    platforms = ev.groups.get("platform", [])
    if platforms:
        parts.append("<div>" + "".join(_chart(platforms, name) for name in _CHART_FIGURES)
                     + "</div>")
    for dimension, rows in ev.groups.items():
        if rows:
            parts.append(f"<h3>Per {esc(dimension)}</h3>" + _table(rows, ev.currency))
    if ev.scorecards:
        parts.append("<h3>Scorecards</h3>")
        for card in ev.scorecards:
            reasons = "".join(f"<li>{esc(r)}</li>" for r in card.reasons)
            parts.append(f"<p><strong>{esc(card.platform)}</strong> ({esc(card.status)}): "
                         f"<span class=\"{esc(card.recommendation)}\">"
                         f"{esc(card.recommendation)}</span></p><ul>{reasons}</ul>")
    if ev.comparisons:
        parts.append(f"<h3>What works</h3><p class=\"small\">{esc(DISCLAIMER)}</p>"
                     "<table><tr><th>Feature</th><th>Value</th><th>Posts</th>"
                     "<th>Engagement rate</th><th>Others</th><th>Cohen's d</th></tr>")
        for c in ev.comparisons:
            small = " <span class=\"small\">(small)</span>" if c.small_sample else ""
            effect = "-" if c.effect is None else f"{c.effect:+.2f}"
            parts.append(f"<tr><td>{esc(c.feature)}</td><td>{esc(c.value)}{small}</td>"
                         f"<td>{c.posts}</td><td>{c.engagement_rate:.2%}</td>"
                         f"<td>{pct(c.others_rate)}</td><td>{effect}</td></tr>")
        parts.append("</table>")
    parts.append("</div>")
    body = "".join(parts)
    if fragment:
        return body
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">"
            f"<title>crosspost evaluation {esc(ev.period)}</title></head><body>{body}"
            "</body></html>\n")


def _table(rows: list[GroupResult], currency: str) -> str:
    head = "".join(f"<th>{esc(name.replace('_', ' '))}</th>" for name in TABLE_FIGURES)
    body = []
    for row in rows:
        cells = []
        for name in TABLE_FIGURES:
            delta = row.change(name)
            change = f" <span class=\"small\">({delta:+.0%})</span>" if delta is not None else ""
            cells.append(f"<td>{esc(format_value(name, row.figure(name)))}{change}</td>")
        body.append(f"<tr><td>{esc(row.key)}</td>{''.join(cells)}</tr>")
    return (f"<table><tr><th>group</th>{head}</tr>{''.join(body)}</table>"
            f"<p class=\"small\">Costs in {esc(currency)}; return is the value of the results "
            "(canvas `result_values`) per unit of cost.</p>")


def _chart(rows: list[GroupResult], name: str) -> str:
    """A horizontal bar chart in SVG, one bar per platform."""
    values = [(row.key, row.figure(name)) for row in rows]
    shown = [(key, value) for key, value in values if value is not None]
    if not shown:
        return ""
    top = max(value for _, value in shown) or 1.0
    bar_h, width, label_w = 18, 320, 90
    bars = []
    for index, (key, value) in enumerate(shown):
        y = index * (bar_h + 6)
        length = max(1.0, (width - label_w - 70) * value / top)
        bars.append(
            f"<text x=\"0\" y=\"{y + 13}\" font-size=\"12\">{esc(key)}</text>"
            f"<rect x=\"{label_w}\" y=\"{y}\" width=\"{length:.1f}\" height=\"{bar_h}\" "
            f"fill=\"#0969da\"><title>{esc(key)}: {esc(format_value(name, value))}</title></rect>"
            f"<text x=\"{label_w + length + 4:.1f}\" y=\"{y + 13}\" font-size=\"12\">"
            f"{esc(format_value(name, value))}</text>")
    height = len(shown) * (bar_h + 6)
    return (f"<figure><figcaption>{esc(name.replace('_', ' '))}</figcaption>"
            f"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" "
            f"role=\"img\" aria-label=\"{esc(name)} per platform\">{''.join(bars)}</svg>"
            "</figure>")
