"""The text steps of a plan, in order: what ``plan`` runs first and ``check`` previews.

They are pure and cheap (no media is read), so ``check`` runs them for every target and reports
what adapt will do to the text (a cut, say) before anything is planned; media steps follow in
``transforms.registry``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import ai_label, fit_text, hashtags, links, mentions, rewrite, short_links
from .state import PlanContext, PlanState

Transform = Callable[[PlanState, PlanContext], PlanState]

TEXT_TRANSFORMS: tuple[Transform, ...] = (
    mentions.map_mentions,
    links.replace_dead_links,
    short_links.shorten_links,
    rewrite.llm_rewrite,
    hashtags.camelcase_hashtags,
    hashtags.place_hashtags,
    ai_label.disclose_ai,
    fit_text.fit_or_thread,
    fit_text.fit_title,
    short_links.link_facets,
)


def start_state(ctx: PlanContext) -> PlanState:
    """The state a plan starts from: the target's text, and the title where the format has a
    title field (YouTube); elsewhere a title is not published."""
    title = ctx.item.title if ctx.tiers.has("title") else None
    return PlanState(text=ctx.item.text_for(ctx.target), title=title)


def plan_text(ctx: PlanContext) -> PlanState:
    """Run the text steps from the start state."""
    state = start_state(ctx)
    for transform in TEXT_TRANSFORMS:
        state = transform(state, ctx)
    return state
