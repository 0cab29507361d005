"""The content map as one self-contained, accessible HTML file.

No scripts, no external fonts or images: thumbnails are inlined, findings open with
`<details>` on demand, and every status is written in words (colour only repeats it).
"""

from __future__ import annotations

from ..html.components import CSS, badge, esc, finding_block
from ..wording import plural
from .model import Cell, ContentMap, Row

MAP_CSS = """
body{margin:0;background:#f6f8fa}
.cp-map{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  color:#1f2328;padding:1rem 1.25rem;line-height:1.4}
.cp-map h1{font-size:1.5rem;margin:.2rem 0 .75rem}
.cp-map h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.cp-scroll{overflow-x:auto;border:1px solid #d0d7de;border-radius:8px;background:#fff}
table.cp-grid{border-collapse:separate;border-spacing:0;min-width:100%}
.cp-grid caption{text-align:left;padding:.5rem .75rem;color:#424a53}
.cp-grid th,.cp-grid td{border-bottom:1px solid #d0d7de;border-right:1px solid #eaeef2;
  vertical-align:top;padding:.5rem;text-align:left}
.cp-grid thead th{background:#f6f8fa;position:sticky;top:0}
.cp-grid th[scope=row]{min-width:16rem;max-width:20rem;background:#fff;font-weight:400}
.cp-item-id{font-weight:700;font-size:1rem;display:block}
.cp-canvas{margin:.35rem 0 0;display:grid;grid-template-columns:max-content 1fr;
  gap:.1rem .5rem;font-size:.85rem}
.cp-canvas dt{font-weight:600;color:#424a53}
.cp-canvas dd{margin:0}
.cp-cell{width:15rem;min-width:13rem}
.cp-cell--errors{background:#fff5f5}
.cp-cell--warnings{background:#fffbea}
.cp-cell--off{background:#f6f8fa;color:#424a53}
.cp-cell--publishable{background:#f3fbf5}
.cp-cell--empty{background:#fafbfc;color:#57606a;font-size:.85rem}
.cp-sheet{display:block;max-width:100%;margin:.4rem 0;border-radius:4px}
.cp-thumb{display:block;max-width:100%;max-height:10rem;margin:.4rem 0;border-radius:4px;
  border:1px solid #d0d7de}
.cp-text{font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere;max-height:9.5rem;
  overflow:hidden;margin:.3rem 0}
.cp-len{font-size:.8rem;color:#424a53;margin:0}
.cp-len--over{color:#a40e26;font-weight:700}
.cp-map details{margin-top:.35rem;font-size:.85rem}
.cp-map summary{cursor:pointer;color:#0550ae}
.cp-changes{margin:.25rem 0 0;padding-left:1.1rem;font-size:.8rem;color:#424a53}
.cp-group th{background:#eaeef2;font-size:1rem;text-align:left;padding:.45rem .6rem}
.cp-calendar{border-collapse:collapse;background:#fff;font-size:.85rem}
.cp-calendar th,.cp-calendar td{border:1px solid #d0d7de;padding:.3rem .45rem;
  vertical-align:top;text-align:left;min-width:7rem}
.cp-calendar ul{margin:0;padding-left:1rem}
.cp-summary-table{border-collapse:collapse;background:#fff}
.cp-summary-table th,.cp-summary-table td{border:1px solid #d0d7de;padding:.35rem .6rem;
  text-align:left}
"""


def render_map(cmap: ContentMap) -> str:
    """The whole HTML document."""
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{esc(cmap.title)}</title><style>{CSS}{MAP_CSS}</style></head>"
    )
    body = [f'<body><main class="cp-map"><h1>{esc(cmap.title)}</h1>', _summary(cmap)]
    body.append('<h2 id="map">Items and targets</h2><div class="cp-scroll">')
    body.append(_grid(cmap))
    body.append("</div>")
    body.append(_calendar(cmap))
    if cmap.failures:
        body.append('<h2>Posts that could not be read, folders not used</h2><ul>')
        body += [f"<li><strong>{esc(src)}</strong>: {esc(err)}</li>" for src, err in cmap.failures]
        body.append("</ul>")
    body.append("</main></body></html>")
    return head + "".join(body)


def _summary(cmap: ContentMap) -> str:
    rows = "".join(
        f"<tr><th scope=\"row\">{esc(s.name)}</th><td>{s.items}</td>"
        f"<td>{esc(', '.join(s.formats))}</td><td>{s.publishable} of {s.variants}</td>"
        f"<td>{s.errors}</td></tr>"
        for s in cmap.summaries
    )
    return (
        '<h2 id="summary">Per platform</h2><table class="cp-summary-table">'
        "<thead><tr><th scope=\"col\">Platform</th><th scope=\"col\">Items</th>"
        "<th scope=\"col\">Formats</th><th scope=\"col\">Publishable</th>"
        "<th scope=\"col\">Open errors</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _grid(cmap: ContentMap) -> str:
    groups = "".join(
        f'<th scope="colgroup" colspan="{len(targets)}">{esc(name)}</th>'
        for _, name, targets in cmap.columns
    )
    formats = "".join(
        f'<th scope="col" title="{esc(target)}">{esc(fname)}</th>'
        for _, _, targets in cmap.columns for target, fname in targets
    )
    order = [target for _, _, targets in cmap.columns for target, _ in targets]
    grouped = cmap.groups()
    if len(grouped) == 1 and grouped[0][0] is None:  # no campaigns: no group headers
        body = f"<tbody>{''.join(_row(row, order) for row in cmap.rows)}</tbody>"
    else:
        body = "".join(_group(key, rows, cmap, order) for key, rows in grouped)
    return (
        '<table class="cp-grid"><caption>Each row is a post, each column a platform format; a '
        "cell shows the adapted variant. Posts are grouped by campaign.</caption>"
        f'<thead><tr><td rowspan="2"></td>{groups}</tr><tr>{formats}</tr></thead>'
        f"{body}</table>"
    )


def _group(key: str | None, rows: list[Row], cmap: ContentMap, order: list[str]) -> str:
    if key is None:
        title = "Without campaign"
    else:
        name, period = cmap.campaigns.get(key, (key, ""))
        title = f"Campaign {name}" + (f" ({period})" if period else "")
    count = f"{len(rows)} post{'s' * (len(rows) != 1)}"
    head = (f'<tr class="cp-group"><th scope="rowgroup" colspan="{len(order) + 1}">'
            f"{esc(title)} · {count}</th></tr>")
    return f"<tbody>{head}{''.join(_row(row, order) for row in rows)}</tbody>"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _calendar(cmap: ContentMap) -> str:
    """Planned posts by week and weekday, with their time and platforms."""
    weeks = cmap.calendar()
    if not weeks:
        return ""
    head = "".join(f'<th scope="col">{day}</th>' for day in _WEEKDAYS)
    body = []
    for label, days in weeks:
        cells = []
        for rows in days:
            entries = "".join(
                f"<li>{esc(f'{r.publish_at:%H:%M}')} <strong>{esc(r.item)}</strong>: "
                f"{esc(', '.join(sorted({t.split('.', 1)[0] for t in r.cells})))}</li>"
                for r in rows if r.publish_at is not None)
            cells.append(f"<td>{f'<ul>{entries}</ul>' if entries else ''}</td>")
        body.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    unplanned = [r.item for r in cmap.rows if r.publish_at is None]
    rest = (f"<p>Not planned yet: {esc(', '.join(unplanned))}.</p>" if unplanned else "")
    return ('<h2 id="calendar">Planned posts</h2><table class="cp-calendar"><caption>Planned '
            "publication times (<code>publish_at</code>) by week.</caption>"
            f'<thead><tr><th scope="col">Week</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{rest}")


def _row(row: Row, order: list[str]) -> str:
    canvas = "".join(
        f"<dt>{label}</dt><dd>{esc(value)}</dd>"
        for label, value in (("Goal", row.goal), ("Audience", row.audience),
                             ("Message", row.core_message), ("Action", row.call_to_action),
                             ("Category", row.category),
                             ("Planned", f"{row.publish_at:%Y-%m-%d %H:%M}"
                              if row.publish_at else None),
                             ("Language", row.language))
        if value
    )
    path = f'<span class="cp-path">{esc(row.path)}</span>' if row.path else ""
    head = (f'<th scope="row"><span class="cp-item-id">{esc(row.item)}</span>{path}'
            f'<dl class="cp-canvas">{canvas}</dl></th>')
    cells = "".join(_cell(row.cells[t]) if t in row.cells else
                    '<td class="cp-cell cp-cell--empty">not planned for this format</td>'
                    for t in order)
    return f"<tr>{head}{cells}</tr>"


def _cell(cell: Cell) -> str:
    thumb = (f'<img class="cp-thumb" src="{cell.thumbnail}" alt="{esc(cell.thumbnail_alt)}">'
             if cell.thumbnail else "")
    if cell.sheet:
        thumb += ("<details><summary>Crop path</summary>"
                  f'<img class="cp-sheet" src="{cell.sheet}" alt="frames across the video, '
                  'the part the variant shows outlined in blue"></details>')
    lengths = "".join(
        f'<p class="cp-len{" cp-len--over" if measured > limit else ""}">'
        f"{measured} / {limit} {esc(method)}</p>"
        for method, measured, limit in cell.lengths
    )
    parts = f" (part 1 of {cell.parts})" if cell.parts > 1 else ""
    findings = ""
    if cell.findings:
        blocks = "".join(f"<li>{finding_block(f)}</li>" for f in cell.findings)
        findings = (f"<details><summary>{plural(len(cell.findings), 'finding')}</summary>"
                    f'<ul class="cp-findings">{blocks}</ul></details>')
    changes = ""
    if cell.changes:
        items = "".join(f"<li>{esc(c)}</li>" for c in cell.changes)
        changes = (f"<details><summary>{plural(len(cell.changes), 'change')}</summary>"
                   f'<ul class="cp-changes">{items}</ul></details>')
    return (
        f'<td class="cp-cell cp-cell--{cell.status}" data-target="{esc(cell.target)}">'
        f"{badge(cell.status)}{thumb}<p class=\"cp-text\">{esc(cell.text)}{esc(parts)}</p>"
        f"{lengths}{findings}{changes}</td>"
    )
