"""A post with nothing in it: no text, no title and no media for a target."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import TargetContext
from .meta import RuleMeta

EMPTY = RuleMeta(
    id="post.empty",
    name="Nothing to publish",
    summary="The post has no text, no title and no media for this target.",
    why="An empty post is a mistake (a body lost in a merge, an override left blank); "
    "publishing it says nothing on the organisation's behalf.",
    failing=("text: \"\" without media", "overrides: {x: \" \"} on a post without media"),
    passing=("a photo without text", "one line of text"),
)


def check_empty(ctx: TargetContext) -> Iterator[Finding]:
    if ctx.item.media or ctx.text.strip() or (ctx.item.title or "").strip():
        return
    yield ctx.finding(EMPTY.id, "nothing to publish: no text, no title and no media",
                      key=ctx.text_key, target=ctx.target)


RULES = (Rule(EMPTY, "target", check_empty),)
