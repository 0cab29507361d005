"""The canvas on one printable A4 page: platforms with their roles, and the campaigns.

A canvas is for the wall and the meeting table, so the page is laid out for print (A4
landscape, small type, no scripts); `output.pdf` prints it with a headless Chromium. Every
value from the canvas file is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..content.item import SourceItem
from ..strategy.canvas import Campaign, Canvas, PlatformPlan
from .components import esc

_CSS = """
@page{size:A4 landscape;margin:8mm}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  font-size:var(--size);color:#1f2328;margin:0;line-height:1.25}
h1{font-size:calc(var(--size) * 1.7);margin:0 0 1.5mm}
h2{font-size:calc(var(--size) * 1.25);margin:0 0 1mm}
.sheet{display:grid;grid-template-columns:68fr 32fr;gap:3mm;align-items:start}
table{border-collapse:collapse;width:100%}
th,td{border:0.25mm solid #d0d7de;padding:.6mm 1mm;vertical-align:top;text-align:left}
th{background:#f6f8fa}
.status{font-weight:600}.core{color:#1a7f37}.experiment{color:#0969da}
.evaluating{color:#9a6700}.leaving,.left{color:#cf222e}
.campaign{border:0.25mm solid #d0d7de;border-radius:1.5mm;padding:1.5mm;margin-bottom:2mm;
  break-inside:avoid}
.campaign h3{font-size:calc(var(--size) * 1.15);margin:0 0 .8mm}
ul{margin:0;padding-left:3.5mm}
.muted{color:#57606a}
"""


def _type_size(canvas: Canvas) -> str:
    """Smaller type for larger canvases, so that the page stays one A4 sheet."""
    weight = len(canvas.platforms) + 3 * len(canvas.campaigns)
    return "7.5pt" if weight <= 16 else "6.5pt" if weight <= 26 else "5.5pt"


def render_canvas(canvas: Canvas, items: Sequence[SourceItem] = (),
                  not_counted: Sequence[str] = ()) -> str:
    """The canvas as one self-contained HTML page; ``items`` add planned post counts, and
    ``not_counted`` names the post files that could not be read (the counts leave them out)."""
    counts = Counter(item.campaign for item in items if item.campaign)
    rows = "".join(_platform_row(name, plan) for name, plan in canvas.platforms.items())
    campaigns = "".join(_campaign(key, campaign, counts.get(key, 0), bool(items))
                        for key, campaign in canvas.campaigns.items())
    categories = "; ".join(f"<strong>{esc(k)}</strong>: {esc(v)}"
                           for k, v in canvas.categories.items())
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>Canvas {esc(canvas.organisation)}</title><style>{_CSS}</style></head>"
        f"<body style=\"--size:{_type_size(canvas)}\">"
        f"<h1>Social media canvas: {esc(canvas.organisation)}</h1>"
        + (f"<p class=\"muted\">Content categories: {categories}</p>" if categories else "")
        + "<div class=\"sheet\"><section><h2>Platforms</h2><table><tr><th>Platform</th>"
        "<th>Status</th><th>Role and goals</th><th>Audiences</th><th>Categories</th>"
        f"<th>Formats</th><th>Tone</th><th>Frequency</th><th>KPIs</th></tr>{rows}</table>"
        "</section><section>"
        + (f"<h2>Campaigns</h2>{campaigns}" if campaigns else "")
        + _not_counted(not_counted)
        + "</section></div></body></html>\n"
    )


def _not_counted(paths: Sequence[str]) -> str:
    if not paths:
        return ""
    return (f"<p class=\"muted\">Not counted, because they could not be read "
            f"(<code>crosspost check</code> says why): {esc(', '.join(paths))}</p>")


def _list(values: Sequence[str]) -> str:
    return "; ".join(esc(v) for v in values) if values else "<span class=\"muted\">-</span>"


def _platform_row(name: str, plan: PlatformPlan) -> str:
    status = plan.status + (f" (last day {plan.leaving_on})" if plan.leaving_on else "")
    role = esc(plan.role or "")
    if plan.goals:
        role += "<ul>" + "".join(f"<li>{esc(g)}</li>" for g in plan.goals) + "</ul>"
    categories = _list(plan.categories) if plan.categories else "all"
    formats = _list(plan.formats) if plan.formats else "all"
    kpis = [f"{k.metric.replace('_', ' ')} {k.target:g}"
            + (" per post" if k.per == "post" else "") for k in plan.kpis]
    return (f"<tr><td><strong>{esc(name)}</strong></td>"
            f"<td class=\"status {esc(plan.status)}\">{esc(status)}</td><td>{role}</td>"
            f"<td>{_list(plan.audiences)}</td><td>{categories}</td><td>{formats}</td>"
            f"<td>{esc(plan.tone or '')}</td>"
            f"<td>{esc(plan.frequency) if plan.frequency else ''}</td>"
            f"<td>{_list(kpis)}</td></tr>")


def _campaign(key: str, campaign: Campaign, posts: int, counted: bool) -> str:
    messages = "".join(f"<li><strong>{esc(k)}</strong>: {esc(v)}</li>"
                       for k, v in campaign.core_messages.items())
    facts = [("Period", esc(campaign.period))]
    if campaign.flagship:
        facts.append(("Flagship", esc(campaign.flagship)))
    if campaign.goals:
        facts.append(("Goals", esc("; ".join(campaign.goals))))
    if campaign.audiences:
        facts.append(("Audiences", esc("; ".join(campaign.audiences))))
    facts.append(("Platforms", esc(", ".join(campaign.platforms) or "all on the canvas")))
    if counted:
        facts.append(("Posts planned", str(posts)))
    shown = "".join(f"<div><strong>{label}:</strong> {value}</div>" for label, value in facts)
    return (f"<div class=\"campaign\"><h3>{esc(campaign.name or key)}</h3>{shown}"
            + (f"<div><strong>Core messages:</strong><ul>{messages}</ul></div>" if messages
               else "") + "</div>")
