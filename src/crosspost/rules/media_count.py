"""All media of a post together: photos and videos share one count on some platforms."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import TargetContext
from .limits import bounds
from .meta import RuleMeta

COUNT = RuleMeta("media.count", "Number of photos and videos",
                 "More photos and videos together than the format takes, or fewer than a "
                 "carousel needs.",
                 "Instagram carousels, Threads and Mastodon count photos and videos together; "
                 "an Instagram carousel needs at least two items.",
                 failing=(
                     "instagram.carousel with more photos and videos than the platform takes",
                     "instagram.carousel with one photo",
                 ),
                 passing=("instagram.carousel with six photos and two videos",))


def check_count(ctx: TargetContext) -> Iterator[Finding]:
    visual = [m for m in ctx.item.media if m.kind in ("image", "video")]
    # A minimum is about carousels: a post without media is a text post, and formats that
    # need media say so with `requires_media`.
    yield from bounds(ctx, COUNT.id, "media", len(visual),
                      low="min_count" if visual else None, high="max_count",
                      what="the post has photos and videos: it", unit="media", key=("media",),
                      fixable_high=False,
                      hint="publish a single item as a feed post or reel instead"
                      if len(visual) == 1 else None)


RULES = (Rule(COUNT, "target", check_count),)
