"""Mentions: placeholders become each platform's handle (``content.handles.map_mentions``)."""

from __future__ import annotations

from ..content.handles import map_mentions as map_text
from ..variant.change import Change
from ..wording import plural
from .state import PlanContext, PlanState


def map_mentions(state: PlanState, ctx: PlanContext) -> PlanState:
    """Replace `@{key}` with the target platform's handle, or the name when it has none.

    A key the handle map does not know stays in the text: the re-check reports it
    (``mentions.unknown``), as ``check`` does for the source.
    """
    platform = ctx.target.split(".", 1)[0]
    result = map_text(state.text, ctx.handles, platform)
    if not (result.mapped or result.named):
        return state
    summary = f"mapped {plural(len(result.mapped), 'mention')} to {platform} handles"
    if result.named:
        summary += f"; wrote {plural(len(result.named), 'name')} without a handle"
    return state.evolve(
        Change(step="mentions.map", summary=summary,
               detail={"mapped": list(result.mapped), "named": list(result.named)}),
        text=result.text,
    )
