"""Links shown shortened (Bluesky): the text holds the short form, a facet the full URL.

Used as the first way to make a long text fit, before any word is cut. The short form is the
text layer's (``text.short_links``, Bluesky's ``toShortUrl``), read from the spec data by
``rules.platform_text.short_form``, the same rule ``check`` measures with; so the variant's
length is what the platform will count and what check said. The facets (UTF-8 byte offsets per
text part) are recorded for whoever publishes through the API.
"""

from __future__ import annotations

from ..rules.platform_text import short_form
from ..variant.change import Change
from ..wording import plural
from .state import PlanContext, PlanState


def shorten_links(state: PlanState, ctx: PlanContext) -> PlanState:
    """Where the text is too long, write its links in the short form the app shows (before
    anything is cut) and remember where each one points; a text that fits is left as it is."""
    form = short_form(ctx.tiers)
    if form is None:
        return state
    from ..text import count

    limits = ctx.tiers.enforced_lengths("text")
    if all(count(state.text, method) <= limit for method, limit in limits.items()):
        return state
    shortened = form.shorten(state.text)
    if not shortened.links:
        return state
    fields = dict(state.fields)
    known = list(fields.get("link_targets", []))
    known += [{"text": short, "uri": full} for short, full in shortened.links]
    return state.evolve(
        Change(step="links.shorten",
               summary=f"showed {plural(len(shortened.links), 'link')} shortened, as "
               f"{ctx.platform.name} does; the full URLs go in link facets",
               detail={"links": [{"text": s, "uri": f} for s, f in shortened.links]}),
        text=shortened.text,
        fields=tuple({**fields, "link_targets": known}.items()),
    )


def link_facets(state: PlanState, ctx: PlanContext) -> PlanState:
    """Byte offsets of every shortened link in each final text part, for the platform's API."""
    fields = dict(state.fields)
    targets = fields.get("link_targets")
    if not targets:
        return state
    # The same link written twice is one target (the first uri of a short form wins, as
    # in the stable sort below): a text of 70,000 equal links searched once, not 70,000 times.
    distinct = list(dict.fromkeys((t["text"], t["uri"]) for t in targets))
    facets = []
    for part in state.thread or (state.text,):
        spans = []
        for short, uri in distinct:
            start = part.find(short)
            while start >= 0:
                spans.append((start, start + len(short), uri))
                start = part.find(short, start + 1)
        found, taken, byte_at, at = [], 0, 0, 0
        # Longest match first at each position; a short form inside a longer one is not a link.
        for start, end, uri in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
            if start < taken:
                continue
            byte_at += len(part[at:start].encode("utf-8"))  # running: never re-encode a prefix
            byte_end = byte_at + len(part[start:end].encode("utf-8"))
            found.append({"byteStart": byte_at, "byteEnd": byte_end, "uri": uri})
            taken = end
            byte_at, at = byte_end, end
        facets.append(found)
    return state.evolve(fields=tuple({**fields, "link_facets": facets}.items()))
