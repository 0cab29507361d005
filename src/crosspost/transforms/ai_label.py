"""AI disclosure: the platform's field where it has one, else a label in the text."""

from __future__ import annotations

from ..variant.plan import Change
from .state import PlanContext, PlanState


def disclose_ai(state: PlanState, ctx: PlanContext) -> PlanState:
    """Set the platform's AI field, or add the organisation's label text; never publish unasked."""
    if not ctx.item.ai_generated:
        return state
    block = ctx.fmt.limits.ai_disclosure or ctx.fmt.recommended.ai_disclosure
    policy_block = ctx.fmt.policy.ai_disclosure
    api_field = block.api_field.value if block and block.api_field else None
    if api_field:
        return state.evolve(
            Change(step="ai.field", summary=f"set the platform's AI label field {api_field!r}",
                   detail={"field": api_field}),
            fields=(*state.fields, (api_field, True)),
        )
    label = None
    for candidate in (policy_block, block):
        if candidate is not None and candidate.label_text is not None:
            label = candidate.label_text.value
            break
    if label is None:
        label = ctx.settings.phrase(ctx.settings.ai_label, ctx.item.language)
    if label in state.text:
        return state
    # Kept as a suffix so that fitting shortens the body, never the disclosure.
    return state.evolve(
        Change(step="ai.label", summary=f"added the AI disclosure {label!r} to the text",
               detail={"label": label}),
        suffix=label,
    )
