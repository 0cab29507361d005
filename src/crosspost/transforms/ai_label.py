"""AI disclosure: the platform's field where it has one, else a label in the text."""

from __future__ import annotations

from ..variant.change import Change
from .state import PlanContext, PlanState


def disclose_ai(state: PlanState, ctx: PlanContext) -> PlanState:
    """Set the platform's AI field, or add the organisation's label text; never publish unasked."""
    if not ctx.item.ai_generated:
        return state
    api_field = ctx.tiers.fact("ai_disclosure", "api_field")
    if api_field:
        return state.evolve(
            Change(step="ai.field", summary=f"set the platform's AI label field {api_field!r}",
                   detail={"field": api_field}),
            fields=(*state.fields, (api_field, True)),
        )
    label = ctx.tiers.fact("ai_disclosure", "label_text")
    if label is None:
        label = ctx.settings.text.phrase(ctx.settings.text.ai_label, ctx.item.language)
    if label in state.text:
        return state
    # Kept as a suffix so that fitting shortens the body, never the disclosure.
    return state.evolve(
        Change(step="ai.label", summary=f"added the AI disclosure {label!r} to the text",
               detail={"label": label}),
        suffix=label,
    )
