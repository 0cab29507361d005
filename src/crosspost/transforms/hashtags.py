"""Hashtags: preferred spellings, cap to the platform's count, move to the end or a comment."""

from __future__ import annotations

import re

from ..variant.change import Change
from ..wording import plural
from .state import PlanContext, PlanState


def camelcase_hashtags(state: PlanState, ctx: PlanContext) -> PlanState:
    """Write hashtags in the organisation's preferred (CamelCase) spelling."""
    if not ctx.settings.text.camelcase:
        return state
    from ..text import extract_hashtags

    changed: list[str] = []
    pieces: list[str] = []  # joined once: += on a megabyte text copies it per hashtag
    last = 0
    for tag in extract_hashtags(state.text):
        better = ctx.settings.text.spelling(tag.text)
        pieces.append(state.text[last : tag.start])
        if better:
            pieces.append(tag.text[0] + better)
            changed.append(f"{tag.text} -> #{better}")
        else:
            pieces.append(tag.text)
        last = tag.end
    pieces.append(state.text[last:])
    text = "".join(pieces)
    if not changed:
        return state
    return state.evolve(
        Change(step="hashtags.camelcase", summary=f"respelled {plural(len(changed), 'hashtag')} in "
               "CamelCase for screen readers", detail={"changed": changed}),
        text=text,
    )


def place_hashtags(state: PlanState, ctx: PlanContext) -> PlanState:
    """Cap hashtags to the strictest count of every tier, then place the trailing block."""
    from ..text import extract_hashtags, strip_trailing_hashtags

    body, trailing = strip_trailing_hashtags(state.text)
    inline = list(extract_hashtags(body))
    cap = ctx.tiers.aim("text", "max_hashtags")
    history: list[Change] = []
    if cap is not None and len(inline) + len(trailing) > cap:
        keep_inline = min(len(inline), cap)
        if keep_inline < len(inline):
            body = _unhash(body, inline[keep_inline:])
        dropped = trailing[max(0, cap - keep_inline):]
        trailing = trailing[: max(0, cap - keep_inline)]
        history.append(
            Change(
                step="hashtags.cap",
                summary=f"kept {plural(cap, 'hashtag')}, the first in the text; dropped "
                f"{len(dropped)} and kept {plural(len(inline) - keep_inline, 'inline word')} "
                "without #",
                detail={"limit": cap, "dropped": dropped},
            )
        )
    placement = ctx.settings.text.hashtags
    if placement == "auto":
        placement = "first_comment" if ctx.tiers.flag("text", "first_comment_hashtags") else "keep"
    first_comment = state.first_comment
    if placement == "first_comment" and trailing:
        first_comment = " ".join(trailing)
        history.append(Change(step="hashtags.first_comment",
                              summary=f"moved {plural(len(trailing), 'hashtag')} to a first "
                              "comment",
                              detail={"hashtags": trailing}))
        text = body
    elif placement == "end":
        moved = [h.text for h in extract_hashtags(body)]
        if moved:
            body = _unhash(body, list(extract_hashtags(body)))
            history.append(Change(step="hashtags.end",
                                  summary=f"moved {plural(len(moved), 'inline hashtag')} to "
                                  "the end", detail={"hashtags": moved}))
        text = _join(body, [*moved, *trailing])
    else:
        text = _join(body, trailing)
    if not history:
        return state
    return state.evolve(*history, text=text, first_comment=first_comment)


def _unhash(text: str, tags: list) -> str:  # type: ignore[type-arg]
    """Keep the word of an inline hashtag (it is part of a sentence) but drop its `#`."""
    pieces: list[str] = []  # in one pass: slicing the text once per tag was quadratic
    last = 0
    for tag in sorted(tags, key=lambda t: t.start):
        pieces += (text[last : tag.start], tag.text[1:])
        last = tag.end
    pieces.append(text[last:])
    return "".join(pieces)


def _join(body: str, tags: list[str]) -> str:
    if not tags:
        return body.rstrip()
    separator = "\n\n" if "\n" in body or len(body) > 80 else " "
    return re.sub(r"\s+$", "", body) + separator + " ".join(tags)
