"""Results of matched posts, summed per group, with the rates and costs per result derived.

Rates are ratios of totals (engagements over impressions of all posts in the group), not means
of per-post rates: a post seen ten times must not weigh as much as one seen ten thousand times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

COUNTS = ("reach", "impressions", "engagements", "clicks", "video_views", "followers_gained")


@dataclass(frozen=True)
class PostResult:
    """One matched post on one platform, with the features the audit compares."""

    item: str
    platform: str
    target: str
    published: dt.datetime
    results: dict[str, float]
    certain: bool
    category: str | None = None
    campaign: str | None = None
    media: str = "text"
    captions: bool = False
    length: int = 0
    hashtags: int = 0

    @property
    def engagement_rate(self) -> float | None:
        impressions = self.results.get("impressions")
        engagements = self.results.get("engagements")
        if not impressions or engagements is None:
            return None
        return engagements / impressions


@dataclass(frozen=True)
class Totals:
    """Sums of one group of posts, and the cost attributed to it."""

    posts: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    completion_rate: float | None = None
    cost: float | None = None

    def ratio(self, numerator: str, denominator: str) -> float | None:
        top, bottom = self.sums.get(numerator), self.sums.get(denominator)
        return top / bottom if top is not None and bottom else None

    def cost_per(self, metric: str, scale: float = 1.0) -> float | None:
        amount = self.sums.get(metric)
        return self.cost / amount * scale if self.cost is not None and amount else None

    def value(self, metric: str, per: str = "period") -> float | None:
        """The figure a KPI names: a total, a mean per post, a rate or a cost per result."""
        derived: dict[str, Callable[[], float | None]] = {
            "posts": lambda: float(self.posts),
            "engagement_rate": lambda: self.ratio("engagements", "impressions"),
            "click_rate": lambda: self.ratio("clicks", "impressions"),
            "completion_rate": lambda: self.completion_rate,
            "cost_per_engagement": lambda: self.cost_per("engagements"),
            "cost_per_click": lambda: self.cost_per("clicks"),
            "cost_per_1000_impressions": lambda: self.cost_per("impressions", 1000.0),
        }
        if metric in derived:
            return derived[metric]()
        total = self.sums.get(metric)
        if total is None:
            return None
        return total / self.posts if per == "post" and self.posts else total


def totals(posts: Iterable[PostResult], cost: float | None = None) -> Totals:
    posts = list(posts)
    sums: dict[str, float] = {}
    for post in posts:
        for name in COUNTS:
            if name in post.results:
                sums[name] = sums.get(name, 0.0) + post.results[name]
    rates = [p.results["completion_rate"] for p in posts if "completion_rate" in p.results]
    completion = sum(rates) / len(rates) if rates else None
    return Totals(posts=len(posts), sums=sums, completion_rate=completion, cost=cost)


def change(now: float | None, before: float | None) -> float | None:
    """Relative change from ``before`` to ``now`` (0.25: a quarter more); None without a base."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / abs(before)


def group(posts: Iterable[PostResult], key: Callable[[PostResult], str | None]
          ) -> dict[str, list[PostResult]]:
    grouped: dict[str, list[PostResult]] = {}
    for post in posts:
        grouped.setdefault(key(post) or "(none)", []).append(post)
    return dict(sorted(grouped.items()))


def format_value(metric: str, value: float | None) -> str:
    """A figure as a person reads it: rates as percentages, costs with cents, counts whole."""
    if value is None:
        return "-"
    if metric.endswith("_rate"):
        return f"{value:.2%}"
    if metric.startswith("cost") or metric in {"cost", "return"}:
        return f"{value:,.2f}"
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.1f}"
