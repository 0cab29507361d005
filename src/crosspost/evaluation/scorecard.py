"""A scorecard per platform against the canvas's KPI targets, with a recommendation.

The advice is to evaluate lightly each month and thoroughly each quarter or year, and never to
leave a platform abruptly. So the recommendation steps down one rung at a time and needs two
bad periods in a row before it says `leave`:

- keep: at least three quarters of the KPIs met;
- evaluate: half met, or fewer but improving on most, or too few posts or no results to judge;
- reduce: fewer than half met and not improving;
- leave: fewer than a quarter met in this period and in the previous one.

A platform the canvas already has as `leaving` or `left` keeps that status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..strategy.canvas import Kpi, PlatformPlan
from ..wording import plural
from .audit import SMALL_SAMPLE
from .metrics import COUNTS, Totals, change, format_value

Recommendation = Literal["keep", "evaluate", "reduce", "leave"]
#: How much better than the previous period counts as improving.
IMPROVING = 0.10


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    actual: float | None
    previous: float | None
    met: bool | None

    @property
    def change(self) -> float | None:
        return change(self.actual, self.previous)

    @property
    def improving(self) -> bool:
        delta = self.change
        if delta is None:
            return False
        return delta >= IMPROVING if self.kpi.higher_is_better else delta <= -IMPROVING


@dataclass(frozen=True)
class Scorecard:
    platform: str
    status: str
    kpis: list[KpiResult]
    recommendation: Recommendation
    reasons: list[str] = field(default_factory=list)


def _met(kpi: Kpi, actual: float | None) -> bool | None:
    if actual is None:
        return None
    return actual >= kpi.target if kpi.higher_is_better else actual <= kpi.target


def scorecard(platform: str, plan: PlatformPlan, now: Totals, before: Totals) -> Scorecard:
    results = [
        KpiResult(kpi, now.value(kpi.metric, kpi.per), before.value(kpi.metric, kpi.per),
                  _met(kpi, now.value(kpi.metric, kpi.per)))
        for kpi in plan.kpis
    ]
    recommendation, reasons = _recommend(plan, now, before, results)
    return Scorecard(platform, plan.status, results, recommendation, reasons)


def _share(met: Sequence[bool | None]) -> float:
    judged = [m for m in met if m is not None]
    return sum(judged) / len(judged) if judged else 0.0


def _recommend(plan: PlatformPlan, now: Totals, before: Totals,
               results: Sequence[KpiResult]) -> tuple[Recommendation, list[str]]:
    reasons = [_describe(r) for r in results]
    if plan.status in {"leaving", "left"}:
        return "leave", [f"the canvas already has this platform as {plan.status}", *reasons]
    if not results:
        return "evaluate", ["the canvas sets no KPIs for this platform: add targets to judge it"]
    if now.posts < SMALL_SAMPLE:
        return "evaluate", [f"only {plural(now.posts, 'post')} with results: too few to judge",
                            *reasons]
    judged = [r.met for r in results]
    if all(m is None for m in judged):
        return "evaluate", ["no KPI could be measured from the exported results", *reasons]
    share = _share(judged)
    improving = sum(r.improving for r in results) > len(results) / 2
    before_share = _share([_met(r.kpi, r.previous) for r in results])
    if share >= 0.75:
        return "keep", [f"{share:.0%} of the KPIs met", *reasons]
    if share >= 0.5 or improving:
        why = f"{share:.0%} of the KPIs met" + (", improving on most" if improving else "")
        return "evaluate", [why, *reasons]
    if share < 0.25 and before.posts >= SMALL_SAMPLE and before_share < 0.25:
        return "leave", [f"{share:.0%} of the KPIs met, and {before_share:.0%} in the previous "
                         "period: leave gradually, tell the followers where to find you",
                         *reasons]
    return "reduce", [f"{share:.0%} of the KPIs met and not improving", *reasons]


def _describe(result: KpiResult) -> str:
    kpi = result.kpi
    per = " per post" if kpi.per == "post" and kpi.metric in COUNTS else ""
    target = format_value(kpi.metric, kpi.target)
    if result.actual is None:
        return f"{kpi.metric}{per}: not in the exported results (target {target})"
    verdict = "met" if result.met else "not met"
    trend = ""
    if result.change is not None:
        trend = f", {result.change:+.0%} on the previous period"
    actual = format_value(kpi.metric, result.actual)
    return f"{kpi.metric}{per}: {actual} against target {target} ({verdict}{trend})"

