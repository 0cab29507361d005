"""Media no other step planned are carried over unchanged, so a variant folder is complete."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..variant.plan import MediaPlan
from .state import PlanContext, PlanState


def carry_media(state: PlanState, ctx: PlanContext) -> PlanState:
    """Plan a copy for each medium the format takes and no earlier transform planned."""
    planned = {m.index for m in state.media}
    accepted = set(ctx.fmt.media)
    added = []
    for index, asset in enumerate(ctx.item.media):
        if index in planned or index in state.dropped or asset.kind not in accepted:
            continue
        if asset.kind in ("image", "video") and index not in ctx.facts:
            continue  # probing refused it (a playlist named .mp4...): never copy it onwards
        name = f"{index + 1:02d}-{PurePosixPath(asset.path).name}"
        added.append(MediaPlan(index=index, kind=asset.kind, source=asset.path, output=name,
                               operations=[], alt=asset.alt))
    if not added:
        return state
    return state.evolve(media=(*state.media, *added))
