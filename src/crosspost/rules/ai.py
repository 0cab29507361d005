"""AI-generated content: a person approves it, and each platform's disclosure is used."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import ItemContext, TargetContext
from .meta import RuleMeta

APPROVAL = RuleMeta(
    id="ai.approval",
    name="AI content without approval",
    summary="The item is marked `ai_generated` but `approved_by` is empty.",
    why="Government communication answers for every word and picture; generated content needs a "
    "named person who checked it before it is published.",
    failing=("ai_generated: true without approved_by",),
    passing=(
        "ai_generated: true with approved_by: Sanne de Vries, team communicatie",
        "a post without ai_generated",
    ),
)
DISCLOSURE = RuleMeta(
    id="ai.disclosure",
    name="AI disclosure",
    summary="AI-generated content on a platform that has a label or field for it.",
    why="Meta, TikTok and YouTube ask creators to label realistic AI-generated media, and the "
    "public expects government to say so. adapt sets the platform's field or adds its label.",
    fixable=True,
    failing=("ai_generated: true on tiktok.video", "ai_generated: true on youtube.short"),
    passing=("tiktok.video without ai_generated",),
)


def check_approval(ctx: ItemContext) -> Iterator[Finding]:
    if ctx.item.ai_generated and not (ctx.item.approved_by or "").strip():
        yield ctx.finding(
            APPROVAL.id,
            "ai_generated is true but approved_by is empty; name the person who approved it",
            key=ctx.first_written(("approved_by",), ("ai_generated",)),
        )


def check_disclosure(ctx: TargetContext) -> Iterator[Finding]:
    if not ctx.item.ai_generated:
        return
    for tier, block in ctx.tiers.blocks("ai_disclosure"):
        if block.label is None or not block.label.value:
            continue
        how = (
            f"set {block.api_field.value!r}" if block.api_field else "switch on the AI label"
        )
        yield ctx.limit_finding(
            DISCLOSURE.id,
            tier,
            block.label,
            f"the platform has a label for AI-generated content: {how} when publishing",
            key=("ai_generated",),
            block=block,
            fixable=True,
            # Having a label is a fact, not a limit: using it is a norm, so at most a warning.
            severity=ctx.severity(tier) if tier == "policy" else "warning",
        )
        return


RULES = (
    Rule(APPROVAL, "item", check_approval),
    Rule(DISCLOSURE, "target", check_disclosure),
)
