"""The linear URL scanner must find exactly what twitter-text's regex finds."""

from __future__ import annotations

import random
import time
from functools import cache

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.text._twitter_classes import LATIN_ACCENTS
from crosspost.text.entity import utf16_length
from crosspost.text.tlds import country_tlds, generic_tlds, tld_alternation
from crosspost.text.url_scan import ascii_domain_spans
from crosspost.text.urls import UrlFlavor, _matches, reference_pattern, url_spans

PIECES = [
    "故人", "日本語", "한국", "。", ".", ".com", ".nl", ".xyzzy", ".co", "_", "-", "x", "ab",
    "http://", "https://", "gemini://", " ", "/", "?q=1", "#", "@", "$", "ÁÉ", "\u202a", ":80",
    "xn--ls8h", "example", "t.co/", "みんな", ".みんな", ".嘉里", "大酒店", ".vermögensberatung",
    "\u0130", "\u017f", "\u212a", "\u0131", "+", "COM", ".Com", "(", ")", "a", "é", "..", "!",
]  # fmt: skip


@cache
def _reference(flavor: UrlFlavor) -> regex.Pattern[str]:
    return reference_pattern(flavor)


def _groups(text: str, flavor: UrlFlavor) -> list[tuple[object, ...]]:
    return [
        (m.before, m.url, m.start, m.end, m.protocol, m.domain, m.path)
        for m in _matches(text, flavor)
    ]


def _reference_groups(text: str, flavor: UrlFlavor) -> list[tuple[object, ...]]:
    return [
        (*m.group("before", "url"), *m.span("url"), *m.group("protocol", "domain", "path"))
        for m in _reference(flavor).finditer(text)
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_scanner_matches_the_regex(text: str) -> None:
    for flavor in ("twitter", "mastodon"):
        assert _groups(text, flavor) == _reference_groups(text, flavor)


@cache
def _ascii_domain() -> regex.Pattern[str]:
    # regexp/validAsciiDomain.js, as urls.py compiled it before the linear scanner.
    tld = (
        f"(?:{tld_alternation(generic_tlds())}|{tld_alternation(country_tlds())}"
        r"|(?:xn--[\-0-9a-z]+))"
    )
    return regex.compile(rf"(?:(?:[\-a-z0-9{LATIN_ACCENTS}]+)\.)+{tld}", regex.IGNORECASE)


DOMAIN_PIECES = ["a", "b-", ".", "é", ".com", ".co", ".nl", "日", "_", ".xn--p1ai", ".рф", "ı"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(DOMAIN_PIECES), max_size=20).map("".join))
def test_ascii_domains_match_the_regex(domain: str) -> None:
    assert ascii_domain_spans(domain) == [m.span() for m in _ascii_domain().finditer(domain)]


def test_long_cjk_run_is_linear() -> None:
    rng = random.Random(1)
    text = "".join(rng.choice("故人西辞黄鹤楼烟花三月下扬州") for _ in range(20_000)) + ".xyzzy"
    start = time.perf_counter()
    assert url_spans(text) == []
    assert time.perf_counter() - start < 2.0  # plain finditer needs minutes here


def _reference_url_spans(text: str, require_scheme: bool, flavor: UrlFlavor
                         ) -> list[tuple[int, int]]:
    """twitter-text's ``extractUrlsWithIndices`` on the plain regex's matches, with the checks
    url_spans made per match before its scan loop was rewritten (one check at a time)."""
    from crosspost.text import urls

    require_scheme = require_scheme or flavor == "mastodon"
    spans: list[tuple[int, int]] = []
    for m in _reference(flavor).finditer(text):
        url, protocol, domain = m.group("url", "protocol", "domain")
        start, end = m.span("url")
        if flavor == "twitter" and not (
                urls._twitter_domain_valid(domain)
                and len(protocol or "https://") + utf16_length(url) <= urls.MAX_URL_LENGTH):
            continue
        if not protocol:
            if require_scheme or m.group("before").endswith(("-", "_", ".", "/")):
                continue
            found = ascii_domain_spans(domain)
            spans += [(start + a, start + b) for a, b in found]
            if found and m.group("path"):
                spans[-1] = (spans[-1][0], end)
            continue
        tco = urls._tco().match(url) if domain.lower() == "t.co" else None
        if tco:
            if len(tco.group(1)) > urls.MAX_TCO_SLUG_LENGTH:
                continue
            end = start + len(tco.group(0))
            url = tco.group(0)
        if flavor == "mastodon" and not urls._ruby_valid(url, protocol, domain):
            continue
        spans.append((start, end))
    return spans


# Long paths and queries, and a domain of astral labels (two UTF-16 units each): X refuses
# a URL over 4096 UTF-16 units. Each ends in a space, so that no two make one long dotted
# run (the plain regex is quadratic on those).
LONG_PIECES = [*PIECES, "/" + "p" * 2_100 + " ", "?" + "q" * 2_100 + " ", "a" * 64,
               "t.co/" + "s" * 41, " https://" + "\U0001d49c." * 1_400 + "com ", "\U0001d49c" * 30]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LONG_PIECES), max_size=20).map("".join), st.booleans())
def test_url_spans_match_the_extractor_on_the_plain_regex(text: str, require: bool) -> None:
    """The scan loop of url_spans (one pass over runs and schemes, each domain's checks
    made once) keeps every URL twitter-text's extractor keeps, with the same span."""
    from crosspost.text import urls

    for flavor in ("twitter", "mastodon"):
        urls._url_spans.cache_clear()
        assert url_spans(text, require_scheme=require, flavor=flavor) == _reference_url_spans(
            text, require, flavor)
