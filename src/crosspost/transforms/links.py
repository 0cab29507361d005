"""Links where they cannot be clicked: replaced by a pointer, the URL kept in the manifest."""

from __future__ import annotations

from functools import lru_cache

from ..variant.change import Change
from ..wording import plural
from .state import PlanContext, PlanState


def replace_dead_links(state: PlanState, ctx: PlanContext) -> PlanState:
    """On Instagram and TikTok a URL in a caption is dead text; say where the link is instead."""
    if ctx.tiers.flag("text", "links_clickable") is not False:
        return state
    phrase = ctx.settings.text.phrase(ctx.settings.text.link_phrase, ctx.item.language)
    text, urls = _without_links(state.text, phrase)
    if not urls:
        return state
    return state.evolve(
        Change(
            step="links.replace",
            summary=f"replaced {plural(len(urls), 'link')} that {ctx.target} does not make "
            "clickable "
            f"by {phrase!r}",
            detail={"urls": list(urls), "phrase": phrase},
        ),
        text=text,
        links=(*state.links, *urls),
    )


@lru_cache(maxsize=4)
def _without_links(text: str, phrase: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with its first link replaced by ``phrase`` and the others taken out, and the
    links. Memoised: every target without clickable links makes the same text."""
    from ..text import extract_urls

    urls = extract_urls(text)
    if not urls:
        return text, ()
    pieces: list[str] = []  # joined once: += on a megabyte text copies it per link
    last = 0
    for index, url in enumerate(urls):
        pieces.append(text[last : url.start])
        # One pointer is enough for several links; later ones are simply taken out.
        if index == 0:
            pieces.append(phrase)
        last = url.end
    pieces.append(text[last:])
    return _tidy("".join(pieces)), tuple(url.text for url in urls)


def _tidy(text: str) -> str:
    """Collapse the double spaces and space-before-punctuation that removal leaves."""
    import re

    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    return re.sub(r"[ \t]+\n", "\n", text).strip()
