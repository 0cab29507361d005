"""All media of a post together: photos and videos share one count on some platforms."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..report import Finding
from .base import Rule
from .context import TargetContext
from .limits import bounds
from .meta import RuleMeta

if TYPE_CHECKING:
    from ..report import Tier
    from ..specs.resolve import Tiers

COUNT = RuleMeta("media.count", "Number of photos and videos",
                 "More photos and videos together than the format takes, or fewer than a "
                 "carousel needs.",
                 "Instagram carousels, Threads and Mastodon count photos and videos together; "
                 "an Instagram carousel needs at least two items. Over the count, adapt keeps "
                 "the first ones and says which it left out.",
                 fixable=True,
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
                      what="photos and videos", unit="media", key=("media",),
                      said=f"the post has {describe(kind_counts([m.kind for m in visual]))}",
                      fixable_high=True,  # adapt keeps the first (``left_out``)
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


@dataclass(frozen=True)
class Left:
    """Media adapt leaves out of one target's variant, the rule that says why, and how."""

    rule: str
    indexes: tuple[int, ...]
    message: str  # for the post's author
    summary: str  # for the plan's history
    severity: str = "warning"  # of the plan's note: an error where the variant keeps it
    tier: Tier | None = None


#: The counts ``left_out`` caps, in order: rule id, spec block, the kinds it counts, its noun.
CAPS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("image.count", "images", ("image",), "images"),
    ("video.count", "video", ("video",), "videos"),
    (COUNT.id, "media", ("image", "video"), "photos and videos"),
)


def left_out(media: Sequence[tuple[int, str]], tiers: Tiers, target: str,
             accepted: Sequence[str]) -> list[Left]:
    """Which media (``(index, kind)`` in post order) adapt leaves out on ``target``, in order:
    those that do not go with the first (``media.combination``), images and videos over
    their own counts (``image.count``, ``video.count``), then those over the count of photos
    and videos together (``media.count``): the first ones are kept. The one place this is
    decided: the planner drops them, and ``check`` calls a finding about a medium left out,
    or about too many, fixable.
    """
    left: list[Left] = []
    media = [(i, k) for i, k in media if k in _NOUNS]
    combos = tiers.enforced("media", "combinations")
    counts = kind_counts([k for _, k in media])
    if combos and media and not any(fits(counts, c) for c in combos):
        kept = _choose(media, combos)
        dropped = tuple(i for i, _ in media if i not in kept)
        if dropped:
            left.append(Left(
                COMBINATION.id, dropped,
                f"the post has {describe(counts)}; {target} takes {describe_choices(combos)}",
                f"{target} takes {describe_choices(combos)}"))
            media = [(i, k) for i, k in media if i in kept]
    for rule, block, kinds, noun in CAPS:
        most = tiers.enforced(block, "max_count")
        if block != "media" and kinds[0] not in accepted:
            continue
        counted = [i for i, k in media if k in kinds]
        if most is None or len(counted) <= most:
            continue
        dropped = tuple(counted[most:])
        if rule == "video.count":
            # Which video a format gets is the author's choice: only the first ones are
            # rendered (a post listing one video 2,000 times makes no 2,000 encodes), and
            # the variant keeps the error of check.
            first = "the first is" if most == 1 else f"the first {most} are"
            left.append(Left(rule, dropped, f"the post has {len(counted)} videos; the format "
                             f"takes {most}: only {first} rendered; choose which video this "
                             "format gets", f"rendered the first {most} of {len(counted)} "
                             "videos", "error", "limits"))
        else:
            left.append(Left(rule, dropped,
                             f"the post has {len(counted)} {noun}; the format takes {most}: "
                             f"the first {most} are kept", f"kept the first {most} of "
                             f"{len(counted)} {noun}"))
        media = [(i, k) for i, k in media if i not in dropped]
    return left


def _choose(media: Sequence[tuple[int, str]], combos: Sequence[Mapping[str, int]]) -> set[int]:
    """Per combination, the media it keeps (in post order); the largest set that keeps the
    first medium wins, else the largest set."""
    best: tuple[bool, int, set[int]] | None = None
    for combo in combos:
        room = dict(combo)
        kept: set[int] = set()
        for index, kind in media:
            if room.get(kind, 0) > 0:
                room[kind] -= 1
                kept.add(index)
        score = (media[0][0] in kept, len(kept), kept)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else set()


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
