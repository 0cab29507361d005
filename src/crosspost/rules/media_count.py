"""All media of a post together: photos and videos share one count on some platforms."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

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


COMBINATION = RuleMeta(
    "media.combination", "Media that cannot go together",
    "The post mixes kinds of media (or counts of them) that the format does not take together.",
    "X takes up to four photos or one video, never both; Bluesky and Mastodon take images or one "
    "video. A post that mixes them is refused. adapt keeps the media that fit with the first "
    "one and says which it left out.",
    fixable=True,
    failing=("x.post with two photos and a video", "bluesky.post with a photo and a video"),
    passing=("x.post with four photos", "bluesky.post with one video"),
)

_NOUNS = {"image": ("photo", "photos"), "video": ("video", "videos"),
          "document": ("document", "documents")}


def kind_counts(kinds: Sequence[str]) -> dict[str, int]:
    """How many media of each combinable kind a post has."""
    counts: dict[str, int] = {}
    for kind in kinds:
        if kind in _NOUNS:
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def fits(counts: Mapping[str, int], combo: Mapping[str, int]) -> bool:
    """The media fit one allowed combination: every kind is in it, and where kinds are mixed
    each count too (too many of one kind alone is the per-kind count rules' finding)."""
    kinds = [kind for kind, n in counts.items() if n]
    if any(combo.get(kind, 0) < 1 for kind in kinds):
        return False
    return len(kinds) < 2 or all(counts[kind] <= combo[kind] for kind in kinds)


def describe(counts: Mapping[str, int]) -> str:
    """`2 photos and 1 video`."""
    parts = [f"{n} {_NOUNS[k][0] if n == 1 else _NOUNS[k][1]}"
             for k in _NOUNS if (n := counts.get(k, 0))]
    return " and ".join(parts) or "no media"


def describe_choices(combos: Sequence[Mapping[str, int]]) -> str:
    """`up to 4 photos, or 1 video`."""
    return ", or ".join("up to " + describe(c) if sum(c.values()) > 1 else describe(c)
                        for c in combos)


def check_combination(ctx: TargetContext) -> Iterator[Finding]:
    counts = kind_counts([m.kind for m in ctx.item.media])
    if sum(1 for n in counts.values() if n) == 0:
        return
    for tier, value in ctx.tiers.each("media", "combinations"):
        combos: list[Any] = value.value
        if any(fits(counts, c) for c in combos):
            continue
        yield ctx.limit_finding(
            COMBINATION.id, tier, value,
            f"the post has {describe(counts)}; {ctx.target} takes {describe_choices(combos)}",
            key=("media",), fixable=True,
            hint="adapt keeps the media that go with the first one and leaves out the rest",
        )


RULES = (Rule(COUNT, "target", check_count), Rule(COMBINATION, "target", check_combination))
