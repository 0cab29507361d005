"""Leave out media that cannot go together on the target (photos with a video on X)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..rules.media_count import describe, describe_choices, fits, kind_counts
from ..variant.plan import Change
from .state import PlanContext, PlanState


def keep_combinable(state: PlanState, ctx: PlanContext) -> PlanState:
    """Keep the largest set of media that fits an allowed combination, preferring the one that
    keeps the post's first medium; the others are dropped and the plan says which."""
    combos = ctx.tiers.enforced("media", "combinations")
    media: list[tuple[int, str]] = [(i, a.kind) for i, a in enumerate(ctx.item.media)
             if a.kind in ("image", "video", "document") and i not in state.dropped]
    counts = kind_counts([k for _, k in media])
    if not combos or not media or any(fits(counts, c) for c in combos):
        return state
    kept = _choose(media, combos)
    dropped = [i for i, _ in media if i not in kept]
    if not dropped:
        return state
    names = ", ".join(ctx.item.media[i].path for i in dropped)
    before = describe(counts)
    message = (f"the post has {before}; {ctx.target} takes {describe_choices(combos)}: "
               f"left out {names}")
    change = Change(step="media.combination", summary=f"left out {names}: {ctx.target} takes "
                    f"{describe_choices(combos)}",
                    detail={"kept": sorted(kept), "dropped": dropped})
    state = state.evolve(change, dropped=(*state.dropped, *dropped))
    return state.note("media.combination", "warning", message)


def _choose(media: list[tuple[int, str]], combos: Sequence[Mapping[str, int]]) -> set[int]:
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
