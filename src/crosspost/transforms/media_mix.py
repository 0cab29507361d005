"""Leave out the media a target cannot take together or at all (``rules.media_count.left_out``).

Photos with a video on X, a carousel over its count: the rule that finds it and this step
decide with the one function, so ``check`` knows what adapt leaves out.
"""

from __future__ import annotations

from ..rules.media_count import left_out
from ..variant.change import Change
from .state import PlanContext, PlanState

#: The history step of each rule's drop (older manifests know these names).
STEPS = {"media.combination": "media.combination", "media.count": "media.cap",
         "image.count": "image.cap", "video.count": "video.cap"}


def keep_combinable(state: PlanState, ctx: PlanContext) -> PlanState:
    """Leave out what ``left_out`` says, and say which and why (a warning of its rule)."""
    media = [(i, a.kind) for i, a in enumerate(ctx.item.media) if i not in state.dropped]
    for left in left_out(media, ctx.tiers, ctx.target, ctx.fmt.media):
        shown = [ctx.item.media[i].path for i in left.indexes[:3]]
        more = len(left.indexes) - len(shown)
        names = ", ".join(shown) + (f" and {more} more" if more else "")
        kept = [i for i, _ in media if i not in left.indexes]
        change = Change(step=STEPS[left.rule], summary=f"left out {names}: {left.summary}",
                        detail={"kept": kept, "dropped": list(left.indexes)})
        state = state.evolve(change, dropped=(*state.dropped, *left.indexes))
        state = state.note(left.rule, left.severity, f"{left.message}: left out {names}",
                           tier=left.tier)
        media = [(i, k) for i, k in media if i not in left.indexes]
    return state
