"""Whether a target fits the item at all: switched off by policy, media it cannot take."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import TargetContext
from .meta import RuleMeta

DISABLED = RuleMeta(
    id="target.disabled",
    name="Target switched off by policy",
    summary="The organisation's policy does not use this platform or format.",
    why="An organisation decides where it publishes; a post for a platform it left is a mistake.",
    failing=("targets: [snapchat.spotlight] under a policy with disabled: [snapchat]",),
    passing=("targets: [instagram.reel] under a policy with disabled: [snapchat]",),
)
MEDIA_KIND = RuleMeta(
    id="media.not_accepted",
    name="Media the format does not take",
    summary="The item has images, video or documents that this format cannot carry.",
    why="A reel is a video; a story or a text post cannot carry a PDF. Pick another format or "
    "leave the medium out for this target.",
    failing=("a photo for instagram.reel", "a PDF brochure for x.post"),
    passing=("a PDF brochure for linkedin.document", "a photo for instagram.feed"),
)
MEDIA_REQUIRED = RuleMeta(
    id="media.required",
    name="Format needs media",
    summary="The format cannot be published without a photo or video.",
    why="Instagram, TikTok, Pinterest and Snapchat formats are visual: a text alone is rejected.",
    failing=("instagram.feed with text only", "tiktok.video without a video"),
    passing=("instagram.feed with a photo", "x.post with text only"),
)


def check_disabled(ctx: TargetContext) -> Iterator[Finding]:
    if ctx.policy is not None and ctx.policy.is_disabled(ctx.target):
        yield ctx.finding(
            DISABLED.id,
            f"this target is switched off by policy {ctx.policy.name!r}",
            severity=ctx.policy.severity,
            key=("targets",),
            target=ctx.target,
            tier="policy",
        )


def check_media_kind(ctx: TargetContext) -> Iterator[Finding]:
    accepted = set(ctx.spec.media)
    for index, asset in enumerate(ctx.item.media):
        if asset.kind not in accepted:
            yield ctx.finding(
                MEDIA_KIND.id,
                f"the format does not take a {asset.kind} ({asset.path}); it takes "
                f"{', '.join(sorted(accepted))}",
                key=("media", index, "path"),
                target=ctx.target,
                tier="limits",
                measured=asset.kind,
            )


def check_required(ctx: TargetContext) -> Iterator[Finding]:
    if ctx.spec.requires_media and not ctx.item.media:
        words = {"image": "photo", "video": "video", "document": "document"}
        takes = " or ".join(words.get(k, k) for k in ctx.spec.media if k not in ("text", "link"))
        yield ctx.finding(
            MEDIA_REQUIRED.id,
            f"the format needs a {takes}; the item has no media",
            key=ctx.first_written(("media",), ("targets",)),
            target=ctx.target,
            tier="limits",
        )


RULES = (
    Rule(DISABLED, "target", check_disabled),
    Rule(MEDIA_KIND, "target", check_media_kind),
    Rule(MEDIA_REQUIRED, "target", check_required),
)
