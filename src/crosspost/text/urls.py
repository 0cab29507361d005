"""URL extraction as twitter-text v3 does it, plus Mastodon's variant of the same extractor.

X bills every URL it extracts at 23 characters and Mastodon every URL with a scheme, so a
URL detector that disagrees with theirs gives wrong counts. This is a port of
``extractUrlsWithIndices`` from twitter-text 3.1.0 (js/src/extractUrlsWithIndices.js,
js/src/regexp/extractUrl.js and the regexps it composes, js/src/lib/idna.js) including its TLD
list, its t.co rule and its domain validity checks. The Mastodon flavour uses the Ruby gem's
extractor (rb/lib/twitter-text/extractor.rb) with the regex overrides in Mastodon's
config/initializers/twitter_regex.rb (more schemes, any non-space path character).
"""

from __future__ import annotations

import encodings.idna
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Literal

import regex

from ._twitter_classes import CYRILLIC, DIRECTIONAL, INVALID, LATIN_ACCENTS, PUNCT, SPACES
from .entity import Entity, utf16_length
from .tlds import country_tlds, generic_tlds, tld_alternation

__all__ = ["UrlFlavor", "extract_urls", "url_spans"]

UrlFlavor = Literal["twitter", "mastodon"]

MAX_URL_LENGTH = 4096  # extractUrlsWithIndices.js / extractor.rb
MAX_TCO_SLUG_LENGTH = 40
_DEFAULT_PROTOCOL = "https://"
_MAX_LABEL = 63  # lib/idna.js MAX_DOMAIN_LABEL_LENGTH

_PUNYCODE = r"(?:xn--[\-0-9a-z]+)"  # regexp/validPunycode.js
# regexp/validUrlPrecedingChars.js: a URL may not follow a letter, digit, @, $ or #.
_PRECEDING = rf"(?:[^A-Za-z0-9@\uff20$#\uff03{INVALID}]|[{DIRECTIONAL}]|^)"
# regexp/validGeneralUrlPathChars.js, validUrlBalancedParens.js, validUrlPathEndingChars.js.
_PATH_CHAR = rf"[a-z{CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{LATIN_ACCENTS}]"
_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = rf"(?:[+\-a-z{CYRILLIC}0-9=_#/{LATIN_ACCENTS}]|(?:{_PARENS}))"
# regexp/validUrlPath.js: "@" only in the middle, as in http://example.com/@user/.
_PATH = rf"(?:(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END})|(?:@{_PATH_CHAR}+/))"
_QUERY = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"  # regexp/validUrlQueryChars.js
_QUERY_END = r"[a-z0-9\-_&=#/]"  # regexp/validUrlQueryEndingChars.js

# Mastodon, config/initializers/twitter_regex.rb: any non-space path char except <>()?.
_M_PATH_CHAR = r"[^\p{White_Space}<>()?]"
# Its path-ending rule still embeds the *gem's* balanced-parens regex (Ruby interpolates
# REGEXEN[:valid_url_balanced_parens] before Mastodon redefines it), whose path chars use
# \p{Cyrillic}.
_RB_PATH_CHAR = rf"[a-z\p{{Cyrillic}}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{LATIN_ACCENTS}]"
_RB_PARENS = rf"\((?:{_RB_PATH_CHAR}+|(?:{_RB_PATH_CHAR}*\({_RB_PATH_CHAR}+\){_RB_PATH_CHAR}*))\)"
_M_PATH_END = rf"(?:[^\p{{White_Space}}()?!*\"'「」<>;:=,.$%\[\]~&|@]|(?:{_RB_PARENS}))"
_M_PARENS = rf"\((?:{_M_PATH_CHAR}+|(?:{_M_PATH_CHAR}*\({_M_PATH_CHAR}+\){_M_PATH_CHAR}*))\)"
_M_PATH = (
    rf"(?:(?:{_M_PATH_CHAR}*(?:{_M_PARENS}{_M_PATH_CHAR}*)*{_M_PATH_END})|(?:{_M_PATH_CHAR}+/))"
)
_UCHARS = (
    r"\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\U00010000-\U0001FFFD\U00020000-\U0002FFFD"
    r"\U00030000-\U0003FFFD\U00040000-\U0004FFFD\U00050000-\U0005FFFD\U00060000-\U0006FFFD"
    r"\U00070000-\U0007FFFD\U00080000-\U0008FFFD\U00090000-\U0009FFFD\U000A0000-\U000AFFFD"
    r"\U000B0000-\U000BFFFD\U000C0000-\U000CFFFD\U000D0000-\U000DFFFD\U000E1000-\U000EFFFD"
    r"\uE000-\uF8FF\U000F0000-\U000FFFFD\U00100000-\U0010FFFD"
)
_M_QUERY = rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@\^{_UCHARS}]"
_M_QUERY_END = rf"[a-z0-9_&=#/\-{_UCHARS}]"
_M_SCHEMES = r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://"


def _domain() -> str:
    # regexp/validDomain.js: subdomain* domain-name (gTLD | ccTLD | punycode).
    # A label is "(?:C(?:[_-]|C)*)?C" in twitter-text; "C(?:[_-]*C)*" accepts the same
    # strings with less backtracking, and labels are delimited by dots, so matches agree.
    char = rf"[^{PUNCT}{SPACES}{INVALID}{DIRECTIONAL}]"
    subdomain = rf"(?:{char}(?:[_\-]*{char})*\.)"
    name = rf"(?:{char}(?:\-*{char})*\.)"
    tld = f"(?:{tld_alternation(generic_tlds())}|{tld_alternation(country_tlds())}|{_PUNYCODE})"
    return rf"(?:{subdomain}*{name}{tld})"


@cache
def _pattern(flavor: UrlFlavor) -> regex.Pattern[str]:
    if flavor == "twitter":
        scheme, path, query, query_end = r"https?://", _PATH, _QUERY, _QUERY_END
    else:
        scheme, path, query, query_end = _M_SCHEMES, _M_PATH, _M_QUERY, _M_QUERY_END
    return regex.compile(
        rf"(?P<before>{_PRECEDING})(?P<url>(?P<protocol>{scheme})?(?P<domain>{_domain()})"
        rf"(?::(?P<port>[0-9]+))?(?P<path>/{path}*)?(?P<query>\?{query}*{query_end})?)",
        regex.IGNORECASE,
    )


@cache
def _ascii_domain() -> regex.Pattern[str]:
    # regexp/validAsciiDomain.js: used to pull "example.com" out of "日本語example.com".
    tld = f"(?:{tld_alternation(generic_tlds())}|{tld_alternation(country_tlds())}|{_PUNYCODE})"
    return regex.compile(rf"(?:(?:[\-a-z0-9{LATIN_ACCENTS}]+)\.)+{tld}", regex.IGNORECASE)


@cache
def _tco() -> regex.Pattern[str]:
    # regexp/validTcoUrl.js: t.co links end at the slug (+ optional query).
    return regex.compile(rf"https?://t\.co/([a-z0-9]+)(?:\?{_QUERY}*{_QUERY_END})?", regex.I)


_NO_PROTOCOL_AFTER = regex.compile(r"[-_./]\Z")  # invalidUrlWithoutProtocolPrecedingChars.js


def _js_label_ascii(label: str) -> str | None:
    """punycode.js 1.4.1 ``toASCII`` for one label (no nameprep), or None if unencodable."""
    parts = regex.split(r"[.\u3002\uFF0E\uFF61]", label)
    out = []
    for part in parts:
        if all(0x20 <= ord(ch) <= 0x7E for ch in part):
            out.append(part)
            continue
        try:
            out.append("xn--" + part.encode("punycode").decode("ascii"))
        except (UnicodeError, ValueError):
            return None
    return ".".join(out)


def _twitter_valid(url: str, protocol: str, domain: str) -> bool:
    """extractUrlsWithIndices.js ``isValidUrl`` with lib/idna.js ``toAscii``."""
    if domain[:4] == "xn--" and not _ascii_domain().search(domain):
        return False
    for label in domain.split("."):
        encoded = _js_label_ascii(label)
        if encoded is None or not 1 <= len(encoded) <= _MAX_LABEL:
            return False
    # idna.toAscii hands back the unencoded domain, so only the raw length counts.
    return len(protocol) + utf16_length(url) <= MAX_URL_LENGTH


def _ruby_valid(url: str, protocol: str | None, domain: str) -> bool:
    """extractor.rb ``is_valid_domain``: libidn IDNA2003 ToASCII must succeed."""
    try:
        encoded = ".".join(
            encodings.idna.ToASCII(label).decode("ascii") for label in domain.split(".")
        )
    except (UnicodeError, ValueError):
        return False
    length = len(url) + max(0, len(encoded) - len(domain))
    if not protocol:
        length += len(_DEFAULT_PROTOCOL)
    return length <= MAX_URL_LENGTH


_LABEL_CHARS = regex.compile(rf"(?:[_\-]|[^{PUNCT}{SPACES}{INVALID}{DIRECTIONAL}])+")
_BEFORE_CHAR = regex.compile(rf"[^A-Za-z0-9@\uff20$#\uff03{INVALID}]|[{DIRECTIONAL}]")
_SCHEME_START = {
    "twitter": regex.compile(r"https?://", regex.IGNORECASE),
    "mastodon": regex.compile(_M_SCHEMES, regex.IGNORECASE),
}


def _finditer(
    pattern: regex.Pattern[str], text: str, flavor: UrlFlavor
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)`` without its quadratic worst case.

    Inside a long run of domain characters (CJK text has no spaces) every offset is a
    possible start and each failed attempt rescans the run up to the next dot. Whether an
    attempt whose domain begins at ``q`` (no scheme) can succeed depends only on where the
    first label ends (``d``, which must be a dot) and whether that label contains ``_``
    (allowed in subdomains, not in the domain name); everything after ``d`` is shared.
    So a failure is remembered per ``(d, has_underscore)`` and equal attempts are skipped.
    The matches are exactly those of ``finditer`` (tests compare both).
    """
    n = len(text)
    label_end = list(range(n))  # first offset >= i that is not a label character
    for m in _LABEL_CHARS.finditer(text):
        for i in range(m.start(), m.end()):
            label_end[i] = m.end()
    underscores = [0] * (n + 1)
    for i, ch in enumerate(text):
        underscores[i + 1] = underscores[i] + (ch == "_")
    before_ok = bytearray(n)
    for m in _BEFORE_CHAR.finditer(text):
        before_ok[m.start()] = 1
    scheme = _SCHEME_START[flavor]
    failed: set[tuple[int, bool]] = set()

    def keys(p: int) -> list[tuple[int, bool]] | None:
        """Failure keys of the attempt at ``p``; [] if it cannot match; None: must try."""
        starts = ([p + 1] if before_ok[p] else []) + ([0] if p == 0 else [])
        out = []
        for q in starts:
            if q >= n or text[q] in "_-" or label_end[q] == q:
                continue
            if scheme.match(text, q):
                return None
            d = label_end[q]
            if d < n and text[d] == ".":
                out.append((d, underscores[d] > underscores[q]))
        return out

    pos = 0
    while pos < n:
        found = None
        for p in range(pos, n):
            attempt = keys(p)
            if attempt is not None and all(k in failed for k in attempt):
                continue
            found = pattern.match(text, p)
            if found:
                break
            failed.update(attempt or ())
        if found is None:
            return
        yield found
        pos = found.end()


def url_spans(
    text: str, *, require_scheme: bool = False, flavor: UrlFlavor = "twitter"
) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL the platform's extractor finds, in text order.

    Memoised: one post's text is measured for every target, by several rules each.
    """
    return list(_url_spans(text, require_scheme, flavor))


@lru_cache(maxsize=4096)
def _url_spans(
    text: str, require_scheme: bool, flavor: UrlFlavor
) -> tuple[tuple[int, int], ...]:
    return tuple(_find_url_spans(text, require_scheme=require_scheme, flavor=flavor))


def _find_url_spans(
    text: str, *, require_scheme: bool = False, flavor: UrlFlavor = "twitter"
) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL the platform's extractor finds, in text order.

    The Mastodon flavour always requires a scheme: its StatusLengthValidator calls the
    extractor with ``extract_url_without_protocol: false``, and that is its only use here.
    """
    require_scheme = require_scheme or flavor == "mastodon"
    if not text or ("." not in text if not require_scheme else ":" not in text):
        return []
    spans: list[tuple[int, int]] = []
    for m in _finditer(_pattern(flavor), text, flavor):
        url, protocol, domain = m.group("url"), m.group("protocol"), m.group("domain")
        start, end = m.span("url")
        if flavor == "twitter" and not _twitter_valid(url, protocol or _DEFAULT_PROTOCOL, domain):
            continue
        if not protocol:
            if require_scheme or _NO_PROTOCOL_AFTER.search(m.group("before")):
                continue
            last: list[int] | None = None
            for am in _ascii_domain().finditer(domain):
                last = [start + am.start(), start + am.end()]
                spans.append((last[0], last[1]))
            if last is None:
                continue
            if m.group("path"):
                spans[-1] = (last[0], end)
            continue
        tco = _tco().match(url)
        if tco:
            if len(tco.group(1)) > MAX_TCO_SLUG_LENGTH:
                continue
            end = start + len(tco.group(0))
            url = tco.group(0)
        if flavor == "mastodon" and not _ruby_valid(url, protocol, domain):
            continue
        spans.append((start, end))
    return spans


def extract_urls(text: str, *, require_scheme: bool = False) -> list[Entity]:
    """URLs as twitter-text finds them; ``require_scheme`` skips ``example.com``-style ones."""
    return [
        Entity(start, end, "url", text[start:end])
        for start, end in url_spans(text, require_scheme=require_scheme)
    ]
