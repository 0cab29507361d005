"""The evaluation loop: results and costs per platform, format, category and campaign.

Inputs are the posts (with their canvas fields), the analytics exports, the published-links
and costs files, and the canvas's KPI targets; the output is one ``Evaluation`` value that the
text, JSON and HTML views and the notebook read. Nothing here reads files itself except through
the readers it is handed paths for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.item import SourceItem
from ..strategy.canvas import Canvas, Period
from ..text.hashtags import extract_hashtags
from .audit import Comparison, audit
from .matching import Match, match_results
from .metrics import PostResult, Totals, change, group, totals
from .periods import previous
from .records import Cost, Publication
from .results import ResultRow, read_results
from .scorecard import Scorecard, scorecard

DIMENSIONS = ("platform", "format", "category", "campaign")
#: Figures shown per group, in this order.
FIGURES = ("posts", "reach", "impressions", "engagements", "engagement_rate", "clicks",
           "click_rate", "video_views", "completion_rate", "cost", "cost_per_engagement",
           "cost_per_click", "return")


@dataclass(frozen=True)
class GroupResult:
    """One platform, format, category or campaign, now and in the previous period."""

    dimension: str
    key: str
    now: Totals
    before: Totals
    value_per_cost: float | None = None

    def figure(self, name: str, *, previous: bool = False) -> float | None:
        totals = self.before if previous else self.now
        if name == "cost":
            return totals.cost
        if name == "return":
            return None if previous else self.value_per_cost
        return totals.value(name)

    def change(self, name: str) -> float | None:
        return change(self.figure(name), self.figure(name, previous=True))


@dataclass(frozen=True)
class Evaluation:
    """Everything `crosspost evaluate` reports, as values."""

    period: Period
    previous: Period
    currency: str
    matches: list[Match]
    posts: list[PostResult]
    groups: dict[str, list[GroupResult]]
    comparisons: list[Comparison]
    scorecards: list[Scorecard]
    files: list[str] = field(default_factory=list)

    @property
    def unmatched(self) -> list[ResultRow]:
        return [m.row for m in self.matches if m.item is None]

    @property
    def uncertain(self) -> list[Match]:
        return [m for m in self.matches if m.item is not None and not m.certain]

    def to_records(self) -> list[dict[str, Any]]:
        """One flat record per group and figure: easy to filter, plot or write to CSV."""
        records = []
        for dimension, rows in self.groups.items():
            for row in rows:
                for name in FIGURES:
                    records.append({
                        "dimension": dimension, "group": row.key, "figure": name,
                        "value": row.figure(name), "previous": row.figure(name, previous=True),
                        "change": row.change(name),
                    })
        return records

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (pandas is optional; install it to use this)."""
        try:
            import pandas as pd  # type: ignore[import-untyped, unused-ignore]
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame.from_records(self.to_records())

    def to_dict(self) -> dict[str, Any]:
        from .views import as_dict

        return as_dict(self)

    def _repr_html_(self) -> str:
        from ..html.evaluation_view import as_html

        return as_html(self, fragment=True)

    def __repr__(self) -> str:
        return (f"<Evaluation {self.period}: {len(self.posts)} posts matched, "
                f"{len(self.unmatched)} rows unmatched, {len(self.scorecards)} scorecards>")


def evaluate(
    *,
    results: Sequence[str | Path],
    items: Sequence[SourceItem],
    targets: Mapping[str, Sequence[str]],
    canvas: Canvas | None,
    period: Period,
    published: Sequence[Publication] = (),
    costs: Sequence[Cost] = (),
    currency: str | None = None,
) -> Evaluation:
    """Evaluate ``period`` against the one before it. ``targets``: resolved targets per item."""
    rows = [row for path in results for row in read_results(path)]
    matches = match_results(rows, items, targets, published)
    by_id = {item.id: item for item in items}
    before = previous(period)
    all_posts = [_post(m, by_id[m.item]) for m in matches if m.item in by_id]
    now_posts = [p for p in all_posts if period.contains(p.published.date())]
    then_posts = [p for p in all_posts if before.contains(p.published.date())]
    values = {str(k): v for k, v in canvas.result_values.items()} if canvas else {}
    groups = {
        dimension: _groups(dimension, now_posts, then_posts, costs, period, before, values)
        for dimension in DIMENSIONS
    }
    cards = []
    if canvas is not None:
        platform_rows = {row.key: row for row in groups["platform"]}
        for name, plan in canvas.platforms.items():
            row = platform_rows.get(name)
            now = row.now if row else totals([], _cost(costs, name, period))
            then = row.before if row else totals([], _cost(costs, name, before))
            cards.append(scorecard(name, plan, now, then))
    return Evaluation(
        period=period, previous=before,
        currency=currency or (canvas.currency if canvas else "EUR"),
        matches=matches, posts=sorted(now_posts, key=lambda p: p.published),
        groups=groups, comparisons=audit(now_posts), scorecards=cards,
        files=[str(p) for p in results],
    )


def _post(match: Match, item: SourceItem) -> PostResult:
    assert match.target is not None
    text = item.text_for(match.target)
    kinds = {asset.kind for asset in item.media}
    media = "video" if "video" in kinds else "photo" if "image" in kinds else "text"
    return PostResult(
        item=item.id, platform=match.row.platform, target=match.target,
        published=match.row.published, results=match.row.results, certain=match.certain,
        category=item.category, campaign=item.campaign, media=media,
        captions=any(a.captions for a in item.media if a.kind == "video"),
        length=len(text), hashtags=len(extract_hashtags(text)),
    )


_KEYS = {
    "platform": lambda p: p.platform,
    "format": lambda p: p.target,
    "category": lambda p: p.category,
    "campaign": lambda p: p.campaign,
}


def _groups(dimension: str, now: list[PostResult], then: list[PostResult],
            costs: Sequence[Cost], period: Period, before: Period,
            values: Mapping[str, float]) -> list[GroupResult]:
    key = _KEYS[dimension]
    now_groups, then_groups = group(now, key), group(then, key)
    rows = []
    for name in sorted(set(now_groups) | set(then_groups)):
        # Costs are known per platform only; other groupings show results without them.
        cost_now = _cost(costs, name, period) if dimension == "platform" else None
        cost_then = _cost(costs, name, before) if dimension == "platform" else None
        current = totals(now_groups.get(name, []), cost_now)
        rows.append(GroupResult(
            dimension, name, current, totals(then_groups.get(name, []), cost_then),
            _return(current, values),
        ))
    return rows


def _cost(costs: Sequence[Cost], platform: str, period: Period) -> float | None:
    mine = [c for c in costs if c.platform == platform]
    return sum(c.share_in(period) for c in mine) if mine else None


def _return(now: Totals, values: Mapping[str, float]) -> float | None:
    """Value of the results per unit of cost, where the canvas values results."""
    if not values or not now.cost:
        return None
    worth = sum(now.sums.get(metric, 0.0) * value for metric, value in values.items())
    return worth / now.cost
