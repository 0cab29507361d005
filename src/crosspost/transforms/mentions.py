"""Mentions: placeholders become each platform's handle."""

from __future__ import annotations

import re

from ..variant.plan import Change
from .handles import PLACEHOLDER
from .state import PlanContext, PlanState


def map_mentions(state: PlanState, ctx: PlanContext) -> PlanState:
    """Replace `@{key}` with the target platform's handle, or the name when it has none."""
    platform = ctx.target.split(".", 1)[0]
    replaced: list[str] = []
    named: list[str] = []
    unknown: list[str] = []

    def swap(match: re.Match[str]) -> str:
        key = match.group(1)
        handle = ctx.handles.get(key) if ctx.handles else None
        if handle is None:
            unknown.append(key)
            return match.group(0)
        on_platform = handle.on(platform)
        if on_platform:
            replaced.append(f"{key} -> {on_platform}")
            return on_platform
        named.append(key)
        return handle.name

    text = PLACEHOLDER.sub(swap, state.text)
    if text == state.text and not unknown:
        return state
    changes = []
    if replaced or named:
        changes.append(
            Change(
                step="mentions.map",
                summary=f"mapped {len(replaced)} mention(s) to {platform} handles"
                + (f"; wrote {len(named)} name(s) without a handle" if named else ""),
                detail={"mapped": replaced, "named": named},
            )
        )
    new = state.evolve(*changes, text=text)
    for key in unknown:
        new = new.note(
            "mentions.unknown",
            "error",
            f"mention placeholder @{{{key}}} is not in the handle map; add it rather than guess",
        )
    return new
