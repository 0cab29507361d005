"""Links as an app shows them shortened (Bluesky's ``toShortUrl``): pure maths, no spec reading.

Bluesky's app rewrites every link written with http(s) to ``toShortUrl``'s form before posting
(social-app ``src/lib/strings/url-helpers.ts``; ``shortenLinks`` in ``rich-text-manip.ts``) and
attaches the full URL as a link facet, so its 300 graphemes count the short form. The two
lengths are spec data (``text.shortened_link_path`` and ``text.shortened_link_kept``); this
module only applies them, so ``check`` (which measures the text as the platform counts it) and
the plan (which writes the short form) share one rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Shortened:
    """A text with its links in the short form, and each ``(short, full)`` pair replaced."""

    text: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ShortLinkForm:
    """How a platform's app shows a link: a path longer than ``path`` characters is cut to
    its first ``kept`` and ``...`` (Bluesky: 15 and 13, from the spec data)."""

    path: int
    kept: int

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

    def shorten(self, text: str) -> Shortened:
        """``text`` with every link written with a scheme in its short form (the app's
        ``shortenLinks``). A short form has no scheme, so shortening twice changes nothing."""
        from .urls import extract_urls  # the URL scanner, only for a format that shortens

        forms: dict[str, str] = {}  # each distinct URL parsed once, however often it is written
        for url in extract_urls(text, require_scheme=True):
            if url.text not in forms:
                forms[url.text] = self.short(url.text)
        urls = [u for u in extract_urls(text, require_scheme=True) if forms[u.text] != u.text]
        if not urls:
            return Shortened(text)
        out, last, links = [], 0, []
        for url in urls:
            short = forms[url.text]
            out += [text[last:url.start], short]
            links.append((short, url.text))
            last = url.end
        out.append(text[last:])
        return Shortened("".join(out), tuple(links))


def as_counted(text: str, form: ShortLinkForm | None) -> str:
    """``text`` as an app with ``form`` counts it (as written where links are not shortened)."""
    return text if form is None else form.shorten(text).text
