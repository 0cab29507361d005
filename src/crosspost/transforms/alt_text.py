"""The alt text a variant carries, for images and videos alike."""

from __future__ import annotations

from ..content.item import MediaAsset
from ..variant.change import Change
from .state import PlanContext, PlanState


def carried_alt(state: PlanState, ctx: PlanContext,
                asset: MediaAsset) -> tuple[str | None, PlanState]:
    """The alt text to upload: none where the format has no field, cut to the enforced
    length (limits and policy; ``alt.too_long`` calls a finding fixable by the same rule)."""
    from ..text.counting import count

    alt = asset.alt
    if not alt:
        return alt, state
    if ctx.tiers.flag("alt_text", "supported") is False:
        return None, state.evolve(Change(
            step="alt.drop", summary=f"{asset.path}: {ctx.target} has no alt text field; the "
            "alt text is not carried"))
    binding = ctx.tiers.binding("alt_text", "max_length")
    if binding is None:
        return alt, state
    limit, method = ctx.tiers.enforced("alt_text", "max_length"), binding[1].count_method
    if count(alt, method) <= limit:
        return alt, state
    from ..text.fit import fit  # the cutter, only for an alt text over the limit

    result = fit(alt, {method: limit}, ellipsis=ctx.settings.text.ellipsis)
    before = count(alt, method)
    message = (f"alt text of {asset.path} cut from {before} to {count(result.text, method)} "
               f"characters at a {result.cut_at} boundary ({ctx.target} takes {limit})")
    change = Change(step="alt.cut", summary=message,
                    detail={"before": before, "limit": limit, "method": method})
    return result.text, state.evolve(change).note("alt.too_long", "warning", message)
