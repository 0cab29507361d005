"""All media of a post together: photos and videos share one count on some platforms."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import TargetContext
from .limits import bounds
from .meta import RuleMeta

COUNT = RuleMeta("media.count", "Too many photos and videos",
                 "More photos and videos together than the format takes.",
                 "Instagram carousels, Threads and Mastodon count photos and videos together.",
                 failing=(
                     "instagram.carousel with more photos and videos than the platform takes",
                 ),
                 passing=("instagram.carousel with six photos and two videos",))


def check_count(ctx: TargetContext) -> Iterator[Finding]:
    visual = [m for m in ctx.item.media if m.kind in ("image", "video")]
    yield from bounds(ctx, COUNT.id, "media", len(visual), low=None, high="max_count",
                      what="the post has photos and videos: it", unit="media", key=("media",),
                      fixable_high=False)


RULES = (Rule(COUNT, "target", check_count),)
