"""Counts of hashtags, mentions and links, and links that a platform does not make clickable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..report import Finding
from .base import Rule
from .context import TIER_WORDS, TargetContext
from .meta import RuleMeta

if TYPE_CHECKING:
    from ..text.entity import Entity

HASHTAGS = RuleMeta(
    id="text.hashtags",
    name="Too many hashtags",
    summary="More hashtags than the platform allows or its norms suggest.",
    why="Instagram refuses captions over its hashtag cap (see its spec file for the current "
    "number and sources); on most platforms more than a "
    "few hashtags reads as spam and screen readers read every one of them out.",
    fixable=True,
    failing=(
        "threads.post with #Energietransitie #Zonnepanelen (Threads takes one tag)",
        "an Instagram caption with more hashtags than the platform's cap",
    ),
    passing=("hashtag #Energietransitie", "an Instagram caption with two hashtags"),
)
MENTIONS = RuleMeta(
    id="text.mentions",
    name="Too many mentions",
    summary="More mentions than the platform allows.",
    why="Platforms limit mentions per post against spam; extra mentions are dropped or rejected.",
    failing=("an Instagram caption with more @-mentions than the platform allows",),
    passing=("an Instagram caption that mentions @gemeentevoorbeeldstad",),
)
LINKS = RuleMeta(
    id="text.links",
    name="Too many links",
    summary="More links than the platform allows or its norms suggest.",
    why="Some platforms show a preview of one link only, or limit links per post.",
    failing=("threads.post with more links than the platform allows",),
    passing=("threads.post with one link to https://www.voorbeeldstad.nl/afvalkalender",),
)
DEAD_LINK = RuleMeta(
    id="text.link_not_clickable",
    name="Link that cannot be clicked",
    summary="A URL in text where the platform does not make links clickable.",
    why="On Instagram and TikTok a URL in a caption is dead text: people cannot tap it and most "
    "will not copy it. Point to the link in the bio or use a link sticker instead.",
    fixable=True,
    failing=(
        "an Instagram caption with https://www.voorbeeldstad.nl/dakscan",
        "a tiktok.video caption with a URL",
    ),
    passing=(
        "an Instagram caption that says link in bio",
        "x.post with https://www.voorbeeldstad.nl/dakscan",
    ),
)


def _count_rule(
    meta: RuleMeta, field: str, noun: str, extract: Callable[[str], list[Entity]]
) -> Callable[[TargetContext], Iterator[Finding]]:
    def check(ctx: TargetContext) -> Iterator[Finding]:
        found = extract(ctx.text)
        for tier, limit in ctx.tiers.each("text", field):
            if len(found) <= limit.value:
                continue
            first_over = found[max(int(limit.value), 0)]  # the column points at the first extra
            yield ctx.limit_finding(
                meta.id,
                tier,
                limit,
                f"text has {len(found)} {noun}; {TIER_WORDS[tier]} is {limit.value}",
                key=ctx.text_key,
                span=(first_over.start, first_over.end),
                measured=len(found),
                limit=limit.value,
                unit=noun,
                fixable=meta.fixable,
            )

    return check


def _hashtags(text: str) -> list[Entity]:
    from ..text import extract_hashtags

    return list(extract_hashtags(text))


def _mentions(text: str) -> list[Entity]:
    from ..text import extract_mentions

    return list(extract_mentions(text))


def _links(text: str) -> list[Entity]:
    from ..text import extract_urls

    return list(extract_urls(text))


def check_dead_links(ctx: TargetContext) -> Iterator[Finding]:
    urls = _links(ctx.text)
    if not urls:
        return
    for tier, clickable in ctx.tiers.each("text", "links_clickable"):
        if clickable.value:
            continue
        shown = ", ".join(u.text for u in urls[:3])
        settings = ctx.settings
        phrase = settings.text.phrase(settings.text.link_phrase, ctx.item.language)
        yield ctx.limit_finding(
            DEAD_LINK.id,
            tier,
            clickable,
            f"links in text are not clickable here ({shown}); adapt writes {phrase!r} "
            "instead and keeps the link in the manifest",
            key=ctx.text_key,
            span=(urls[0].start, urls[0].end),
            measured=len(urls),
            limit=0,
            unit="links",
            fixable=True,
            hint="adapt replaces the link with a pointer to the link in bio",
        )
        return


RULES = (
    Rule(HASHTAGS, "target", _count_rule(HASHTAGS, "max_hashtags", "hashtags", _hashtags)),
    Rule(MENTIONS, "target", _count_rule(MENTIONS, "max_mentions", "mentions", _mentions)),
    Rule(LINKS, "target", _count_rule(LINKS, "max_links", "links", _links)),
    Rule(DEAD_LINK, "target", check_dead_links),
)
