"""Text length per counting method, for the body and the title."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import TIER_WORDS, TargetContext
from .meta import RuleMeta

UNIT_WORDS = {
    "utf16": "UTF-16 code units",
    "codepoints": "characters",
    "utf8_bytes": "bytes (UTF-8)",
    "graphemes": "characters (graphemes)",
    "twitter": "characters as X counts them",
    "mastodon": "characters as Mastodon counts them",
    "threads": "characters as Threads counts them",
}

TEXT_LENGTH = RuleMeta(
    id="text.length",
    name="Text too long",
    summary="The text is longer than the format allows, counted the way the platform counts.",
    why="Platforms reject or silently cut text over their limit, and each counts differently: X "
    "weighs characters and counts every link as 23, Bluesky counts graphemes and bytes, Mastodon "
    "counts links as 23 and remote mentions by their user name.",
    fixable=True,
    failing=(
        "x.post with 300 characters of Dutch text",
        "bluesky.post with 320 characters of Dutch text",
    ),
    passing=(
        "x.post with 200 characters and two links",
        "bluesky.post with 280 characters of Dutch text",
    ),
)
TITLE_LENGTH = RuleMeta(
    id="title.length",
    name="Title too long",
    summary="The title is longer than the format allows.",
    why="YouTube rejects titles over 100 characters; a cut title loses its point.",
    fixable=True,
    failing=("a youtube.video title of 120 characters",),
    passing=("youtube.video titled Zo werkt de nieuwe afvalpas",),
)

TEXT_CUT = RuleMeta(
    id="text.cut",
    name="Text that adapt cuts",
    summary="adapt shortens the text to fit a format without threads: the reader loses the end.",
    why="A cut is the last resort of fitting (at a sentence, else a word); what is cut is no "
    "longer said on that platform. check reports it before adapt runs, with the number of "
    "characters; the plan and the manifest keep the removed text. Shorten the text yourself, "
    "or write an override for the target, to choose what goes.",
    failing=("a linkedin.post text far over the platform's length",),
    passing=("a linkedin.post text within the length", "an x.post text split into a thread"),
)


def _check(ctx: TargetContext, block_name: str, text: str | None, rule: RuleMeta,
           key: tuple[str | int, ...], changes: tuple[str, ...] = ()) -> Iterator[Finding]:
    from ..text import count

    if text is None:
        return
    threads = bool(ctx.tiers.flag("text", "threads")) if block_name == "text" else False
    for tier, block in ctx.tiers.blocks(block_name):
        for method, limit in ctx.tiers.lengths(block_name, tier).items():
            measured = count(text, method)
            if measured <= limit.value:
                continue
            unit = UNIT_WORDS.get(method, method)
            if changes:
                unit += f" ({', '.join(changes)})"
            # check's preview replaces this with what the planned text steps do
            # (``preview.text_preview``); a rule run alone says what the format allows.
            hint = "adapt splits it into a thread" if threads else "adapt shortens it"
            yield ctx.limit_finding(
                rule.id,
                tier,
                limit,
                f"{block_name} is {measured} {unit}; {TIER_WORDS[tier]} is {limit.value}",
                key=key,
                block=block,
                measured=measured,
                limit=limit.value,
                unit=method,
                fixable=True,
                hint=hint,
            )


def check_text(ctx: TargetContext) -> Iterator[Finding]:
    counted = ctx.counted
    yield from _check(ctx, "text", counted.text, TEXT_LENGTH, ctx.text_key, counted.changes)


def check_title(ctx: TargetContext) -> Iterator[Finding]:
    yield from _check(ctx, "title", ctx.item.title, TITLE_LENGTH, ("title",))


RULES = (
    Rule(TEXT_LENGTH, "target", check_text, also=(TEXT_CUT,)),
    Rule(TITLE_LENGTH, "target", check_title),
)
