"""Links where they cannot be clicked: replaced by a pointer, the URL kept in the manifest."""

from __future__ import annotations

from ..variant.change import Change
from ..wording import plural
from .state import PlanContext, PlanState


def replace_dead_links(state: PlanState, ctx: PlanContext) -> PlanState:
    """On Instagram and TikTok a URL in a caption is dead text; say where the link is instead."""
    if ctx.tiers.flag("text", "links_clickable") is not False:
        return state
    from ..text import extract_urls

    urls = list(extract_urls(state.text))
    if not urls:
        return state
    phrase = ctx.settings.text.phrase(ctx.settings.text.link_phrase, ctx.item.language)
    pieces: list[str] = []  # joined once: += on a megabyte text copies it per link
    last = 0
    for index, url in enumerate(urls):
        pieces.append(state.text[last : url.start])
        # One pointer is enough for several links; later ones are simply taken out.
        if index == 0:
            pieces.append(phrase)
        last = url.end
    pieces.append(state.text[last:])
    text = _tidy("".join(pieces))
    return state.evolve(
        Change(
            step="links.replace",
            summary=f"replaced {plural(len(urls), 'link')} that {ctx.target} does not make "
            "clickable "
            f"by {phrase!r}",
            detail={"urls": [u.text for u in urls], "phrase": phrase},
        ),
        text=text,
        links=(*state.links, *(u.text for u in urls)),
    )


def _tidy(text: str) -> str:
    """Collapse the double spaces and space-before-punctuation that removal leaves."""
    import re

    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    return re.sub(r"[ \t]+\n", "\n", text).strip()
