"""Links shown shortened (Bluesky): the text holds the short form, a facet the full URL.

Used as the first way to make a long text fit, before any word is cut.

Bluesky's app rewrites every link written with http(s) to ``toShortUrl``'s form before posting
(social-app ``src/lib/strings/url-helpers.ts``; ``shortenLinks`` in ``rich-text-manip.ts``; the
two lengths are spec data: ``text.shortened_link_path`` and ``text.shortened_link_kept``) and
attaches the full URL as a link facet, so the 300 graphemes count the short form. crosspost does
the same, so the variant's length is what the platform will count, and it records the facets
(UTF-8 byte offsets per text part) for whoever publishes through the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..specs.platform import FormatSpec
from ..specs.resolve import Tiers
from ..variant.plan import Change
from .state import PlanContext, PlanState


@dataclass(frozen=True)
class ShortLinkForm:
    """How a platform's app shows a link: a path longer than ``path`` characters is cut to
    its first ``kept`` and ``...`` (Bluesky: 15 and 13, from the spec data)."""

    path: int
    kept: int

    @classmethod
    def of(cls, tiers: Tiers) -> ShortLinkForm | None:
        """The format's short form, or None where the app shows links as written."""
        path = tiers.fact("text", "shortened_link_path")
        kept = tiers.fact("text", "shortened_link_kept")
        if not tiers.flag("text", "shortened_links") or path is None or kept is None:
            return None
        return cls(path=int(path), kept=int(kept))

    def short(self, url: str) -> str:
        """social-app's ``toShortUrl``: host plus path, a long path cut to ``kept`` + ...."""
        try:  # like `new URL()` there, a URL that does not parse (port 99999) stays as written
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return url
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return url
        host = parts.hostname + (f":{port}" if port else "")
        path = "" if parts.path in ("", "/") else parts.path
        path += (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else "")
        if len(path) > self.path:
            return host + path[:self.kept] + "..."
        return host + path


def short_form_for(fmt: FormatSpec) -> ShortLinkForm | None:
    """The short form in which ``fmt``'s app shows links, from its spec data (None: as
    written)."""
    return ShortLinkForm.of(Tiers(fmt))


def shorten_links(state: PlanState, ctx: PlanContext) -> PlanState:
    """Where the text is too long, write its links in the short form the app shows (before
    anything is cut) and remember where each one points; a text that fits is left as it is."""
    form = ShortLinkForm.of(ctx.tiers)
    if form is None:
        return state
    from ..text import count, extract_urls

    limits = ctx.tiers.enforced_lengths("text")
    if all(count(state.text, method) <= limit for method, limit in limits.items()):
        return state

    urls = [u for u in extract_urls(state.text, require_scheme=True)
            if form.short(u.text) != u.text]
    if not urls:
        return state
    text, last, targets = "", 0, []
    for url in urls:
        short = form.short(url.text)
        text += state.text[last:url.start] + short
        targets.append((short, url.text))
        last = url.end
    text += state.text[last:]
    fields = dict(state.fields)
    known = list(fields.get("link_targets", []))
    known += [{"text": short, "uri": full} for short, full in targets]
    return state.evolve(
        Change(step="links.shorten",
               summary=f"showed {len(urls)} link(s) shortened, as {ctx.platform.name} does; "
               "the full URLs go in link facets",
               detail={"links": [{"text": s, "uri": f} for s, f in targets]}),
        text=text,
        fields=tuple({**fields, "link_targets": known}.items()),
    )


def link_facets(state: PlanState, ctx: PlanContext) -> PlanState:
    """Byte offsets of every shortened link in each final text part, for the platform's API."""
    fields = dict(state.fields)
    targets = fields.get("link_targets")
    if not targets:
        return state
    facets = []
    for part in state.thread or (state.text,):
        spans = []
        for target in targets:
            start = part.find(target["text"])
            while start >= 0:
                spans.append((start, start + len(target["text"]), target["uri"]))
                start = part.find(target["text"], start + 1)
        found, taken = [], 0
        # Longest match first at each position; a short form inside a longer one is not a link.
        for start, end, uri in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
            if start < taken:
                continue
            byte_start = len(part[:start].encode("utf-8"))
            found.append({"byteStart": byte_start,
                          "byteEnd": byte_start + len(part[start:end].encode("utf-8")),
                          "uri": uri})
            taken = end
        facets.append(found)
    return state.evolve(fields=tuple({**fields, "link_facets": facets}.items()))
