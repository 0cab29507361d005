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
from typing import Literal, NamedTuple

import regex

from ._twitter_classes import CYRILLIC, DIRECTIONAL, INVALID, LATIN_ACCENTS, PUNCT, SPACES
from .entity import Entity, utf16_length
from .tlds import country_tlds, generic_tlds, tld_alternation
from .url_scan import RawMatch, Scanner, ascii_domain_spans

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


def _parts(flavor: UrlFlavor) -> tuple[str, str, str, str]:
    if flavor == "twitter":
        return r"https?://", _PATH, _QUERY, _QUERY_END
    return _M_SCHEMES, _M_PATH, _M_QUERY, _M_QUERY_END


def reference_pattern(flavor: UrlFlavor) -> regex.Pattern[str]:
    """twitter-text's URL regex as one pattern: the oracle the tests compare the scanner with.

    It is slow to compile (a 1,574-TLD alternation) and quadratic on dotted runs, so
    :func:`url_spans` runs :class:`.url_scan.Scanner` and :func:`_tail` instead.
    """
    scheme, path, query, query_end = _parts(flavor)
    return regex.compile(
        rf"(?P<before>{_PRECEDING})(?P<url>(?P<protocol>{scheme})?(?P<domain>{_domain()})"
        rf"(?::(?P<port>[0-9]+))?(?P<path>/{path}*)?(?P<query>\?{query}*{query_end})?)",
        regex.IGNORECASE,
    )


@cache
def _tail(flavor: UrlFlavor) -> regex.Pattern[str]:
    """Port, path and query: the part of the URL regex after the domain (never fails)."""
    _, path, query, query_end = _parts(flavor)
    return regex.compile(
        rf"(?::(?P<port>[0-9]+))?(?P<path>/{path}*)?(?P<query>\?{query}*{query_end})?",
        regex.IGNORECASE,
    )


@cache
def _scheme(flavor: UrlFlavor) -> regex.Pattern[str]:
    return regex.compile(_parts(flavor)[0], regex.IGNORECASE)


class _Match(NamedTuple):
    """What the URL regex's groups would hold for one match."""

    before: str
    url: str
    start: int
    end: int
    protocol: str | None
    domain: str
    path: str | None


def _matches(text: str, flavor: UrlFlavor) -> Iterator[_Match]:
    """The URL regex's ``finditer`` over ``text``, in linear time (see :mod:`.url_scan`)."""
    for match_start, url_start, domain_start, domain_end, rest in _scan(text, flavor):
        end = domain_end if rest is None else rest.end()
        yield _Match(
            text[match_start:url_start],
            text[url_start:end],
            url_start,
            end,
            text[url_start:domain_start] or None,
            text[domain_start:domain_end],
            None if rest is None else rest.group("path"),
        )


def _scan(text: str, flavor: UrlFlavor) -> Iterator[RawMatch]:
    """``(match_start, url_start, domain_start, domain_end, tail)`` per match (see
    :meth:`.url_scan.Scanner.matches`)."""
    return Scanner(text, _scheme(flavor), lambda: _tail(flavor)).matches()


@cache
def _tco() -> regex.Pattern[str]:
    # regexp/validTcoUrl.js: t.co links end at the slug (+ optional query).
    return regex.compile(rf"https?://t\.co/([a-z0-9]+)(?:\?{_QUERY}*{_QUERY_END})?", regex.I)


_NO_PROTOCOL_AFTER = ("-", "_", ".", "/")  # invalidUrlWithoutProtocolPrecedingChars.js


_IDNA_DOTS = regex.compile(r"[.\u3002\uFF0E\uFF61]")


@lru_cache(maxsize=4096)
def _js_label_ascii(label: str) -> str | None:
    """punycode.js 1.4.1 ``toASCII`` for one label (no nameprep), or None if unencodable.

    Memoised: a text repeats its domains, and Python's punycode codec is slow."""
    parts = _IDNA_DOTS.split(label)
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


def _twitter_valid(text: str, start: int, end: int, protocol: str, domain: str) -> bool:
    """extractUrlsWithIndices.js ``isValidUrl`` with lib/idna.js ``toAscii`` for the URL
    ``text[start:end]``."""
    return _twitter_domain_valid(domain) and _twitter_short_enough(text, start, end, protocol)


def _twitter_short_enough(text: str, start: int, end: int, protocol: str) -> bool:
    # idna.toAscii hands back the unencoded domain, so only the raw length counts.
    if end - start <= MAX_URL_LENGTH // 2 - len(protocol):  # short even in UTF-16
        return True
    return len(protocol) + utf16_length(text[start:end]) <= MAX_URL_LENGTH


def _twitter_domain_valid(domain: str) -> bool:
    """The domain half of ``isValidUrl``: ``toAscii`` encodes every label to 1..63 chars."""
    if domain[:4] == "xn--" and not ascii_domain_spans(domain):
        return False
    printable_ascii = domain.isascii() and domain.isprintable()  # labels encode to themselves
    if printable_ascii and len(domain) <= _MAX_LABEL:  # no label is empty or longer
        return True
    for label in domain.split("."):
        if len(label) > _MAX_LABEL:  # punycode never shortens: too long however encoded
            return False
        encoded = label if printable_ascii else _js_label_ascii(label)
        if encoded is None or not 1 <= len(encoded) <= _MAX_LABEL:
            return False
    return True


def _ruby_valid(url: str, protocol: str | None, domain: str) -> bool:
    """extractor.rb ``is_valid_domain``: libidn IDNA2003 ToASCII must succeed."""
    growth = _ruby_growth(domain)
    if growth is None:
        return False
    length = len(url) + growth
    if not protocol:
        length += len(_DEFAULT_PROTOCOL)
    return length <= MAX_URL_LENGTH


@lru_cache(maxsize=4096)
def _ruby_growth(domain: str) -> int | None:
    """How much longer ToASCII makes ``domain`` (0 at least), None if it fails. Memoised: a
    text repeats its domains."""
    labels = domain.split(".")
    if domain.isascii():  # ToASCII returns an ASCII label as it is if it has 1 to 63 chars
        return 0 if all(0 < len(label) < 64 for label in labels) else None
    try:
        encoded = ".".join(encodings.idna.ToASCII(label).decode("ascii") for label in labels)
    except (UnicodeError, ValueError):
        return None
    return max(0, len(encoded) - len(domain))


def url_spans(
    text: str, *, require_scheme: bool = False, flavor: UrlFlavor = "twitter"
) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL the platform's extractor finds, in text order.

    Memoised: one post's text is measured for every target, by several rules each.
    """
    return list(_url_spans(text, require_scheme or flavor == "mastodon", flavor))


@lru_cache(maxsize=4096)
def _url_spans(
    text: str, require_scheme: bool, flavor: UrlFlavor
) -> tuple[tuple[int, int], ...]:
    if require_scheme and flavor == "twitter":
        # The URLs with a scheme are those of the whole scan that start with one (a domain
        # holds no "://"), so X's count and the short-link step share one scan.
        scheme = _scheme(flavor).match
        return tuple(span for span in _url_spans(text, False, flavor) if scheme(text, span[0]))
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
    twitter = flavor == "twitter"
    spans: list[tuple[int, int]] = []
    # Per domain without a scheme: its ascii_domain_spans, none if X refuses the domain.
    plain: dict[str, list[tuple[int, int]]] = {}
    for match_start, start, domain_start, domain_end, rest in _scan(text, flavor):
        end = domain_end if rest is None else rest.end()
        if start == domain_start:  # no scheme
            if require_scheme or (match_start < start and text[start - 1] in _NO_PROTOCOL_AFTER):
                continue
            domain = text[domain_start:domain_end]
            found = plain.get(domain)
            if found is None:
                valid = not twitter or _twitter_domain_valid(domain)
                found = plain[domain] = ascii_domain_spans(domain) if valid else []
            if not found or (
                    twitter and not _twitter_short_enough(text, start, end, _DEFAULT_PROTOCOL)):
                continue
            if len(found) == 1:
                a, b = found[0]
                spans.append((start + a, start + b))
            else:
                spans += [(start + a, start + b) for a, b in found]
            if rest is not None and rest.group("path") is not None:
                spans[-1] = (spans[-1][0], end)
            continue
        protocol = text[start:domain_start]
        domain = text[domain_start:domain_end]
        if twitter and not _twitter_valid(text, start, end, protocol, domain):
            continue
        url = text[start:end]
        tco = _tco().match(url) if len(domain) == 4 and domain.lower() == "t.co" else None
        if tco:
            if len(tco.group(1)) > MAX_TCO_SLUG_LENGTH:
                continue
            end = start + len(tco.group(0))
            url = tco.group(0)
        if not twitter and not _ruby_valid(url, protocol, domain):
            continue
        spans.append((start, end))
    return spans


def extract_urls(text: str, *, require_scheme: bool = False) -> list[Entity]:
    """URLs as twitter-text finds them; ``require_scheme`` skips ``example.com``-style ones.

    Memoised like the spans: every target's rules and steps ask for the same text's."""
    return list(_urls(text, require_scheme))


@lru_cache(maxsize=16)
def _urls(text: str, require_scheme: bool) -> tuple[Entity, ...]:
    return tuple(
        Entity(start, end, "url", text[start:end])
        for start, end in url_spans(text, require_scheme=require_scheme)
    )
