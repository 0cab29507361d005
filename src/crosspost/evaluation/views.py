"""An ``Evaluation`` as JSON-ready data and as plain text (the HTML view is in
``html/evaluation_view.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .metrics import format_value

if TYPE_CHECKING:
    from .evaluate import Evaluation, GroupResult

TABLE_FIGURES = ("posts", "reach", "impressions", "engagements", "engagement_rate", "clicks",
                  "cost", "cost_per_engagement", "return")
DISCLAIMER = ("Differences describe the past; they are not causes. A format that did well "
               "may have carried the better news. Groups marked small have fewer than 5 posts.")


def as_dict(ev: Evaluation) -> dict[str, Any]:
    return {
        "period": {"start": str(ev.period.start), "end": str(ev.period.end)},
        "previous": {"start": str(ev.previous.start), "end": str(ev.previous.end)},
        "currency": ev.currency,
        "files": ev.files,
        "matched": len(ev.matches) - len(ev.unmatched),
        "uncertain": [
            {"file": m.row.file, "row": m.row.row, "item": m.item, "target": m.target,
             "score": m.score} for m in ev.uncertain
        ],
        "unmatched": [{"file": r.file, "row": r.row, "platform": r.platform,
                       "published": r.published.isoformat(), "link": r.link}
                      for r in ev.unmatched],
        "groups": {
            dimension: [
                {"group": row.key,
                 **{name: row.figure(name) for name in TABLE_FIGURES},
                 "change": {name: row.change(name) for name in TABLE_FIGURES}}
                for row in rows
            ]
            for dimension, rows in ev.groups.items()
        },
        "audit": [
            {"feature": c.feature, "value": c.value, "posts": c.posts,
             "engagement_rate": c.engagement_rate, "others": c.others,
             "others_rate": c.others_rate, "effect": c.effect, "small_sample": c.small_sample}
            for c in ev.comparisons
        ],
        "scorecards": [
            {"platform": s.platform, "status": s.status, "recommendation": s.recommendation,
             "reasons": s.reasons,
             "kpis": [{"metric": k.kpi.metric, "per": k.kpi.per, "target": k.kpi.target,
                       "actual": k.actual, "previous": k.previous, "met": k.met}
                      for k in s.kpis]}
            for s in ev.scorecards
        ],
    }


def as_text(ev: Evaluation) -> str:
    lines = [f"Evaluation {ev.period} (previous period {ev.previous})",
             f"{len(ev.matches)} result rows: {len(ev.matches) - len(ev.unmatched)} matched "
             f"({len(ev.uncertain)} uncertain: by text and date, or time and type), "
             f"{len(ev.unmatched)} unmatched"]
    for dimension in ("platform", "format", "category", "campaign"):
        rows = ev.groups.get(dimension, [])
        if not rows:
            continue
        lines += ["", f"Per {dimension}:"]
        for row in rows:
            shown = ", ".join(_figure_text(row, name, ev.currency) for name in TABLE_FIGURES
                              if row.figure(name) is not None)
            lines.append(f"  {row.key}: {shown}")
    if ev.scorecards:
        lines += ["", "Scorecards:"]
        for card in ev.scorecards:
            lines.append(f"  {card.platform} ({card.status}): {card.recommendation.upper()}")
            lines += [f"    - {reason}" for reason in card.reasons]
    strong = [c for c in ev.comparisons if c.effect is not None and abs(c.effect) >= 0.5]
    if strong:
        lines += ["", "What stands out (engagement rate; " + DISCLAIMER + "):"]
        for c in strong:
            small = " [small sample]" if c.small_sample else ""
            lines.append(f"  {c.feature} = {c.value}: {c.engagement_rate:.2%} over {c.posts} "
                         f"posts, others {pct(c.others_rate)}, d = {c.effect:+.2f}{small}")
    for match in ev.uncertain:
        how = (f"text similarity {match.score:.2f}" if match.how == "text and date"
               else "the only post of its type within two hours")
        lines.append(f"uncertain: {match.row.file} row {match.row.row} -> {match.item} "
                     f"({match.target}), {how}")
    for unmatched in ev.unmatched:
        lines.append(f"unmatched: {unmatched.file} row {unmatched.row} ({unmatched.platform}, "
                     f"{unmatched.published:%Y-%m-%d}): record it in published.yaml")
    return "\n".join(lines) + "\n"


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def _figure_text(row: GroupResult, name: str, currency: str) -> str:
    value = row.figure(name)
    text = f"{name.replace('_', ' ')} {format_value(name, value)}"
    if name.startswith("cost") and value is not None:
        text += f" {currency}"
    delta = row.change(name)
    return text + (f" ({delta:+.0%})" if delta is not None else "")
