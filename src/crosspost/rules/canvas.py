"""Posts held against the canvas: platforms being left, campaigns, categories, frequency.

Two kinds of check: per post (its campaign, category, planned time and targets) and over the
whole repository (core messages no post carries, planned posts per platform and week). Both
give ordinary findings of the policy tier, with the canvas's severity, so reporters, `--fail-on`
and `ignore` treat them like every other rule. Typos (a campaign or category the canvas does not
define) are errors: a misspelt campaign silently escapes every other canvas check.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..content.item import SourceItem
from ..report import Finding
from .meta import RuleMeta

if TYPE_CHECKING:  # the canvas models are imported only where there is a canvas
    from ..strategy.canvas import Canvas, Frequency

_KEEP_OUT = "Posts on a platform the organisation is leaving keep an audience waiting for an " \
    "account that will go quiet; the canvas says where the audience is taken instead."

CAMPAIGN_UNKNOWN = RuleMeta(
    id="canvas.campaign_unknown",
    name="Campaign not in the canvas",
    summary="The post names a campaign the canvas does not define.",
    why="A misspelt campaign escapes every campaign check (period, platforms, core messages).",
    failing=("campaign: energie-2072 when the canvas defines energie-2027",),
    passing=("campaign: energie-2027",),
)
CATEGORY_UNKNOWN = RuleMeta(
    id="canvas.category_unknown",
    name="Category not in the canvas",
    summary="The post names a content category (pillar) the canvas does not define.",
    why="Categories are how the evaluation tells which kinds of content work; a typo makes a "
    "category of one.",
    failing=("category: enrgie",),
    passing=("category: energie, defined under the canvas `categories`",),
)
PLATFORM_UNPLANNED = RuleMeta(
    id="canvas.platform_unplanned",
    name="Platform not on the canvas",
    summary="The post targets a platform the canvas gives no role.",
    why="Every platform needs a reason to be there, an audience and a person who answers; a "
    "platform without a canvas entry has none of these.",
    failing=("targets: [tiktok.video] when the canvas has no tiktok entry",),
    passing=("targets: [instagram.reel] with an instagram entry in the canvas",),
)
PLATFORM_LEAVING = RuleMeta(
    id="canvas.platform_leaving",
    name="Platform being left",
    summary="The post targets a platform the organisation has left, or is leaving before the "
    "post goes out.",
    why=_KEEP_OUT,
    failing=("x.post planned for 2027-04-01, x leaving_on 2027-03-01",),
    passing=("x.post planned for 2027-02-15, x leaving_on 2027-03-01",),
)
FORMAT_UNUSED = RuleMeta(
    id="canvas.format_unused",
    name="Format not used on this platform",
    summary="The canvas lists the formats used on the platform, and this is not one of them.",
    why="A team that does not make stories has no one to answer replies to one.",
    failing=("instagram.story when the canvas lists formats [instagram.feed, instagram.reel]",),
    passing=("instagram.reel when the canvas lists it",),
)
CATEGORY_NOT_CARRIED = RuleMeta(
    id="canvas.category_not_carried",
    name="Category not carried on this platform",
    summary="The platform's canvas carries other content categories than the post's.",
    why="Each platform has its own role; a vacancy on Instagram or a campaign photo on LinkedIn "
    "reaches people who did not come for it.",
    failing=("category: vacatures on instagram, which carries [energie, wonen]",),
    passing=("category: energie on instagram",),
)
NOT_IN_CAMPAIGN = RuleMeta(
    id="canvas.not_in_campaign",
    name="Platform not in the campaign",
    summary="The post's campaign does not use this platform.",
    why="A campaign picks its platforms for its audience; posts elsewhere dilute the planning "
    "and the evaluation.",
    failing=("a post of a campaign on [instagram, facebook] targeting linkedin.post",),
    passing=("the same post targeting instagram.feed",),
)
OUTSIDE_PERIOD = RuleMeta(
    id="canvas.outside_period",
    name="Planned outside the campaign's period",
    summary="The post's planned publication time falls outside its campaign's period.",
    why="A post after the campaign ended points at an event or offer that is over.",
    failing=("publish_at: 2027-06-01 in a campaign ending 2027-04-30",),
    passing=("publish_at: 2027-03-02 in a campaign from 2027-02-01 to 2027-04-30",),
)
MESSAGE_UNKNOWN = RuleMeta(
    id="canvas.core_message_unknown",
    name="Core message not the campaign's",
    summary="The post's core message is none of its campaign's core messages.",
    why="A campaign carries a few messages; a post with another one is off-message, or names "
    "the message differently (use the key from the canvas).",
    failing=("core_message: Iets anders. in a campaign with messages besparen, zonnepanelen",),
    passing=("core_message: besparen",),
)
MESSAGE_UNCOVERED = RuleMeta(
    id="canvas.core_message_uncovered",
    name="Core message without posts",
    summary="A campaign's core message is carried by no post in the repository.",
    why="A core message nobody posts about is a message the campaign does not send.",
    failing=("campaign core message `subsidie` and no post with core_message: subsidie",),
    passing=("at least one post per core message",),
)
FREQUENCY = RuleMeta(
    id="canvas.frequency",
    name="Posting frequency against the canvas",
    summary="Planned posts per platform and week (or month) fall outside the canvas's "
    "frequency.",
    why="Too many posts tire an audience, too few lose it; the canvas sets the rhythm the team "
    "can sustain.",
    failing=("5 posts planned on instagram in week 2027-W09, canvas max 4 per week",),
    passing=("3 posts planned, canvas 2 to 4 per week",),
)
METAS: tuple[RuleMeta, ...] = (
    CAMPAIGN_UNKNOWN, CATEGORY_UNKNOWN, PLATFORM_UNPLANNED, PLATFORM_LEAVING, FORMAT_UNUSED,
    CATEGORY_NOT_CARRIED, NOT_IN_CAMPAIGN, OUTSIDE_PERIOD, MESSAGE_UNKNOWN, MESSAGE_UNCOVERED,
    FREQUENCY,
)


def _post_finding(item: SourceItem, canvas: Canvas, rule: RuleMeta, message: str, key: str,
                  *, target: str | None = None, error: bool = False, **extra: Any) -> Finding:
    return Finding(
        rule=rule.id,
        severity="error" if error else canvas.severity,
        message=message,
        item=item.id,
        target=target,
        tier="policy",
        path=item.source_path,
        line=item.line_of((key,)),
        field=key,
        sources=(canvas.path,),
        **extra,
    )


def check_post(item: SourceItem, targets: Sequence[str], canvas: Canvas) -> list[Finding]:
    """Findings of one post against the canvas, for its resolved ``targets``."""
    findings: list[Finding] = []
    campaign = None
    if item.campaign is not None:
        campaign = canvas.campaigns.get(item.campaign)
        if campaign is None:
            known = ", ".join(sorted(canvas.campaigns)) or "none"
            findings.append(_post_finding(
                item, canvas, CAMPAIGN_UNKNOWN,
                f"campaign {item.campaign!r} is not in the canvas (campaigns: {known})",
                "campaign", error=True))
    if item.category is not None and item.category not in canvas.categories:
        known = ", ".join(sorted(canvas.categories)) or "none"
        findings.append(_post_finding(
            item, canvas, CATEGORY_UNKNOWN,
            f"category {item.category!r} is not in the canvas (categories: {known})",
            "category", error=True))
    day = item.publish_at.date() if item.publish_at is not None else None
    if campaign is not None:
        findings.extend(_campaign_findings(item, canvas, campaign, day))
    for target in targets:
        findings.extend(_target_findings(item, canvas, target, day, campaign))
    return findings


def _campaign_findings(item: SourceItem, canvas: Canvas, campaign: Any,
                       day: dt.date | None) -> Iterator[Finding]:
    if day is not None and not campaign.period.contains(day):
        yield _post_finding(
            item, canvas, OUTSIDE_PERIOD,
            f"planned for {day}, outside campaign {item.campaign!r} ({campaign.period})",
            "publish_at", measured=str(day), limit=str(campaign.period))
    if (item.core_message is not None and campaign.core_messages
            and campaign.message_key(item.core_message) is None):
        keys = ", ".join(campaign.core_messages)
        yield _post_finding(
            item, canvas, MESSAGE_UNKNOWN,
            f"core message is none of campaign {item.campaign!r}'s ({keys}); name one by its key",
            "core_message")


def _target_findings(item: SourceItem, canvas: Canvas, target: str, day: dt.date | None,
                     campaign: Any) -> Iterator[Finding]:
    platform = target.split(".", 1)[0]
    plan = canvas.plan_for(target)
    if plan is None:
        if canvas.platforms:
            yield _post_finding(
                item, canvas, PLATFORM_UNPLANNED,
                f"{platform} has no place on the canvas of {canvas.organisation}",
                "targets", target=target)
        return
    if not plan.takes_posts_on(day):
        when = f" on {plan.leaving_on}" if plan.leaving_on else ""
        planned = f"planned for {day}" if day else "no publication time planned"
        yield _post_finding(
            item, canvas, PLATFORM_LEAVING,
            f"the organisation {'left' if plan.status == 'left' else 'is leaving'} "
            f"{platform}{when} ({planned})",
            "targets", target=target)
    if plan.formats and target not in plan.formats and platform not in plan.formats:
        yield _post_finding(
            item, canvas, FORMAT_UNUSED,
            f"{target} is not among the formats used on {platform} ({', '.join(plan.formats)})",
            "targets", target=target)
    if item.category is not None and plan.categories and item.category not in plan.categories:
        yield _post_finding(
            item, canvas, CATEGORY_NOT_CARRIED,
            f"category {item.category!r} is not carried on {platform} "
            f"({', '.join(plan.categories)})",
            "category", target=target)
    if campaign is not None and not campaign.uses(target):
        yield _post_finding(
            item, canvas, NOT_IN_CAMPAIGN,
            f"campaign {item.campaign!r} does not use {platform} "
            f"({', '.join(campaign.platforms)})",
            "targets", target=target)


def check_repository(
    items: Iterable[SourceItem], targets: Mapping[str, Sequence[str]], canvas: Canvas
) -> list[Finding]:
    """Findings over all posts: uncovered core messages and posting frequency per platform."""
    items = list(items)
    return [*_uncovered(items, canvas), *_frequency(items, targets, canvas)]


def _canvas_finding(canvas: Canvas, rule: RuleMeta, message: str, key: tuple[str, ...],
                    **extra: Any) -> Finding:
    return Finding(
        rule=rule.id,
        severity=canvas.severity,
        message=message,
        item="canvas",
        tier="policy",
        path=canvas.path,
        line=canvas.line_of(key),
        field=".".join(key),
        **extra,
    )


def _uncovered(items: list[SourceItem], canvas: Canvas) -> Iterator[Finding]:
    carried: dict[str, set[str]] = {}
    for item in items:
        campaign = canvas.campaigns.get(item.campaign or "")
        key = campaign.message_key(item.core_message) if campaign else None
        if key is not None:
            carried.setdefault(item.campaign or "", set()).add(key)
    for name, campaign in canvas.campaigns.items():
        for key in campaign.core_messages:
            if key not in carried.get(name, set()):
                yield _canvas_finding(
                    canvas, MESSAGE_UNCOVERED,
                    f"campaign {name!r}: no post carries core message {key!r}",
                    ("campaigns", name, "core_messages", key))


def _frequency(items: list[SourceItem], targets: Mapping[str, Sequence[str]],
               canvas: Canvas) -> Iterator[Finding]:
    from ..strategy.canvas import ACTIVE

    planned: dict[str, list[dt.date]] = {}
    for item in items:
        if item.publish_at is None:
            continue
        for target in targets.get(item.id, ()):
            planned.setdefault(target.split(".", 1)[0], []).append(item.publish_at.date())
    for platform, plan in canvas.platforms.items():
        days = planned.get(platform, [])
        if plan.frequency is None or not days or plan.status not in ACTIVE:
            continue
        for bucket, count in _buckets(days, plan.frequency).items():
            freq = plan.frequency
            if freq.max is not None and count > freq.max:
                word = "above"
            elif freq.min is not None and count < freq.min:
                word = "below"
            else:
                continue
            yield _canvas_finding(
                canvas, FREQUENCY,
                f"{platform}: {count} post{'s' * (count != 1)} planned in {bucket}, "
                f"{word} the canvas's {freq}",
                ("platforms", platform, "frequency"),
                target=platform, measured=count,
                limit=freq.max if word == "above" else freq.min, unit=f"posts per {freq.per}")


def _buckets(days: list[dt.date], freq: Frequency) -> dict[str, int]:
    """Posts per ISO week (``2027-W09``) or month (``2027-03``), every bucket between the first
    and the last planned post included, so that an empty week counts as zero."""
    counts = Counter(_bucket(day, freq.per) for day in days)
    first, last = min(days), max(days)
    step = dt.timedelta(days=7 if freq.per == "week" else 28)
    day = first
    while day <= last + step:
        key = _bucket(min(day, last), freq.per)
        counts.setdefault(key, 0)
        day += step
    return dict(sorted(counts.items()))


def _bucket(day: dt.date, per: str) -> str:
    if per == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"
