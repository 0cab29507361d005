"""Linear-time matching of twitter-text's URL regex, without compiling its TLD alternation.

twitter-text's URL regex (see :mod:`.urls`) has two costs. Compiling it means compiling an
alternation of 1,574 TLDs (about 0.12 s per flavour), and running it is quadratic on texts
such as ``a.a.a.a...`` or long CJK runs: every offset may start a domain, and each failed
attempt rescans the run of dotted labels to its end.

The domain part, ``subdomain* name tld``, has a simple structure, so it is matched here by
hand with the same result. Labels are maximal runs of label characters between dots: a
subdomain is a run that starts and ends with a non-``_``/``-`` character, the name is a
subdomain without ``_``, and the TLD starts right after the name's dot. The regex is greedy,
so from a given start it takes the *furthest* TLD reachable through valid subdomains. That
furthest end is computed once per run, right to left from each TLD, so the scan is linear.
What follows the domain (port, path, query) never makes a match fail and is matched with a
small regex from the domain's end.

TLD matching follows the alternation's semantics exactly: an ASCII TLD must be the whole
run of ``[0-9a-z-]`` (case-insensitively) and be followed by a character other than
``[0-9a-zA-Z@+-]``; the few TLDs with non-ASCII letters are tried with a small regex in
twitter-text's order; ``xn--`` punycode takes its whole run, with no look-ahead.
The tests compare every match with the plain regex on generated texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import regex

from ._twitter_classes import DIRECTIONAL, INVALID, LATIN_ACCENTS, PUNCT, SPACES
from .tlds import country_tlds, generic_tlds

__all__ = ["RawMatch", "Scanner", "ascii_domain_spans", "tld_end"]

# Characters the regex module folds into [a-z] under IGNORECASE (İ, ſ, the Kelvin sign).
_FOLD = str.maketrans({"\u0130": "i", "\u017f": "s", "\u212a": "k"})
_ASCII_RUN = regex.compile(r"[0-9a-z\-]+", regex.IGNORECASE)
# The TLD look-ahead ``(?=[^0-9a-zA-Z@+\-]|\Z)`` under IGNORECASE also refuses U+0131.
_AFTER_TLD_REFUSED = "@+\u0131"
_CHAR = rf"[^{PUNCT}{SPACES}{INVALID}{DIRECTIONAL}]"  # regexp/validDomainChars.js
# regexp/validUrlPrecedingChars.js is applied to one character before a domain character.
_LABEL = regex.compile(rf"(?r)(?:[_\-]|{_CHAR})+")  # reversed: the run that ends at endpos
_CHAR_RE = regex.compile(_CHAR)
_ASCII_LABEL = regex.compile(rf"[\-a-z0-9{LATIN_ACCENTS}]+", regex.IGNORECASE)
_PLAIN_DOMAIN = re.compile(r"[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)+")
_TLD_LETTERS = r"0-9a-zA-Z\-\u0130\u017f\u212a"
# After a dot: a whole run of 2 to 18 ASCII TLD letters (the TLD list's lengths), the start
# of punycode or of "vermögensberatung", or a non-ASCII letter (the other TLDs). The simple
# scans use the standard library's ``re``: about twice as fast as ``regex`` per character.
_TLD_CANDIDATE = re.compile(
    rf"\.([a-zA-Z\u0130\u017f\u212a][{_TLD_LETTERS}]{{1,17}}(?![{_TLD_LETTERS}])"
    r"|[xX][nN]--|[vV]|[^\x00-\x7f])"
)
# _BEFORE as the URL regex reads it under IGNORECASE (which folds İ, ı, ſ and K into [A-Za-z]).
_BEFORE_CLASS = rf"[^A-Za-z0-9@\uff20$#\uff03{INVALID}\u0130\u0131\u017f\u212a]"
_BEFORE_RE = re.compile(_BEFORE_CLASS)
_CANDIDATE = re.compile(rf"{_BEFORE_CLASS}(?={_CHAR})")


@cache
def _ascii_tlds() -> frozenset[str]:
    return frozenset(t.lower() for t in (*generic_tlds(), *country_tlds()) if t.isascii())


@cache
def _other_tlds() -> regex.Pattern[str]:
    """The TLDs with non-ASCII letters, in twitter-text's order (generic, then country)."""
    others = [t for t in (*generic_tlds(), *country_tlds()) if not t.isascii()]
    body = "|".join(regex.escape(t) for t in others)
    return regex.compile(rf"(?:{body})(?=[^0-9a-zA-Z@+\-]|\Z)", regex.IGNORECASE)


def _tlds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every TLD right after a dot, from candidates a regex picks out."""
    found = []
    tlds = _ascii_tlds()
    n = len(text)
    for m in _TLD_CANDIDATE.finditer(text):
        word = m.group(1)
        start = m.start(1)
        if word.isascii() and len(word) > 1:  # the common case, without a second match
            end = m.end()
            if word.lower() in tlds and (end == n or text[end] not in _AFTER_TLD_REFUSED):
                found.append((start, end))
                continue
            if not word.startswith(("xn--", "XN--", "Xn--", "xN--", "v", "V")):
                continue
        end_or_none = tld_end(text, start)
        if end_or_none is not None:
            found.append((start, end_or_none))
    return found


def tld_end(text: str, start: int) -> int | None:
    """End of the TLD twitter-text's alternation matches at ``start``, or None."""
    first = text[start]
    if not first.isascii() or first in "vV":  # "vermögensberatung" starts with an ASCII v
        other = _other_tlds().match(text, start)
        if other:
            other_end: int = other.end()
            return other_end
    run = _ASCII_RUN.match(text, start)
    if run is None:
        return None
    end: int = run.end()
    word = run.group().translate(_FOLD).lower()
    if word in _ascii_tlds() and (end == len(text) or text[end] not in _AFTER_TLD_REFUSED):
        return end
    if word.startswith("xn--") and len(word) > 4:  # regexp/validPunycode.js
        return end
    return None


class _Runs:
    """Per label run: the furthest domain end from its characters (right to left from TLDs)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # run start -> (lowest valid domain start in the run, run end, domain end)
        by_start: dict[int, tuple[int, int, int]] = {}
        label = _LABEL.match
        for tld_start, end in reversed(_tlds(text)):
            # Walk left from the TLD through the runs a domain may start in. One loop with
            # local names: a megabyte holds 200,000 TLDs.
            stop = tld_start - 1  # the dot before the TLD
            run = label(text, 0, stop)  # the label run ending at that dot
            if run is None or text[stop - 1] in "_-":
                continue
            start = run.start()
            if start in by_start:  # already reaches a TLD further right
                continue
            underscore = text.rfind("_", start, stop)
            if underscore >= 0:  # the name may not contain "_": only starts after it
                by_start[start] = (underscore + 1, stop, end)
                continue
            while True:
                by_start[start] = (start, stop, end)
                if text[start] in "_-" or start == 0 or text[start - 1] != ".":
                    break
                stop = start - 1
                run = label(text, 0, stop)
                if run is None or text[stop - 1] in "_-":
                    break
                start = run.start()
                if start in by_start:
                    break
        self.by_start = by_start
        self.starts = sorted(by_start)
        # The same, as parallel lists in text order: the scan walks them with an index.
        found = [by_start[start] for start in self.starts]
        self.lows = [low for low, _, _ in found]
        self.stops = [stop for _, stop, _ in found]
        self.ends = [end for _, _, end in found]

    def domain_end(self, start: int) -> int | None:
        """Furthest end of a domain starting exactly at ``start``, or None."""
        if start >= len(self.text) or self.text[start] in "_-" or not _CHAR_RE.match(
            self.text, start
        ):
            return None
        found = self.by_start.get(start)  # a run starting there (after a scheme, say)
        if found is not None:
            return found[2] if found[0] <= start else None
        i = bisect_left(self.starts, start + 1) - 1
        if i < 0:
            return None
        low, stop, end = self.by_start[self.starts[i]]
        return end if low <= start < stop else None


@lru_cache(maxsize=2)
def _runs(text: str) -> _Runs:
    """The label runs of ``text``: the same for both flavours, so a text measured for X and
    Mastodon (as one check does) is walked once."""
    return _Runs(text)


#: One match of the URL regex: where it starts (with the character before the URL), where
#: the URL and its domain start, where the domain ends, and the match of what follows it.
RawMatch = tuple[int, int, int, int, "regex.Match[str] | None"]


class Scanner:
    """The URL regex's leftmost-first matches: where each starts, its domain and its tail."""

    def __init__(self, text: str, scheme: regex.Pattern[str],
                 tail: Callable[[], regex.Pattern[str]]) -> None:
        self.text = text
        self.runs = _runs(text)
        self.scheme = scheme
        # Port, path and query: matches (maybe empty) at any domain end. Asked for only when
        # a domain is followed by ":", "/" or "?": a sentence with a full stop and no link
        # never compiles it (about 5 ms).
        self.tail = tail
        # Offsets where an attempt with a scheme succeeds (the "before" character, or 0),
        # with that attempt's result, so a URL with a scheme is matched once, not twice.
        self.scheme_attempts: dict[int, tuple[int, int, int]] = {}
        domain_end = self.runs.domain_end
        for m in scheme.finditer(text):
            start, end = m.span()
            if start and not _BEFORE_RE.match(text, start - 1):
                continue
            found = domain_end(end)
            if found is not None:
                self.scheme_attempts[start - 1 if start else 0] = (start, end, found)
        self.scheme_offsets = list(self.scheme_attempts)

    def _attempt(self, p: int) -> tuple[int, int, int] | None:
        """The regex's attempt at ``p``: ``(url_start, domain_start, domain_end)`` or None.

        An attempt whose scheme and domain both match is in ``scheme_attempts`` (looked up
        first), so only the attempt without a scheme is left to make here."""
        text = self.text
        starts = [p + 1] if p + 1 < len(text) and _BEFORE_RE.match(text, p) else []
        if p == 0:
            starts.append(0)  # the "^" alternative, tried after consuming a character
        for start in starts:
            end = self.runs.domain_end(start)
            if end is not None:
                return start, start, end
        return None

    def matches(self) -> Iterator[RawMatch]:
        """``(match_start, url_start, domain_start, domain_end, tail)`` of each match, in
        order; ``tail`` is the match of port, path and query, None where none can follow.

        Runs and scheme offsets are walked with indices that only move forward, and a run
        searched in vain is not searched again: the scan costs a few steps per match and
        per run, not a bisection and a regex search per candidate offset.
        """
        text = self.text
        n = len(text)
        attempts = self.scheme_attempts
        schemes = self.scheme_offsets
        runs = self.runs
        lows, stops, ends = runs.lows, runs.stops, runs.ends
        count = len(lows)
        candidate_re = _CANDIDATE.search
        si = 0  # the first scheme offset >= pos
        j = 0  # the first run ending after pos
        dead = -1  # runs up to this index have no candidate left
        pos = 0
        while True:
            while si < len(schemes) and schemes[si] < pos:
                si += 1
            best = schemes[si] if si < len(schemes) else -1
            while j < count and stops[j] <= pos:
                j += 1
            # The smallest offset >= pos where the regex can match (see _attempt).
            p = best
            run = -1
            dead = max(dead, j - 1)
            k = dead + 1
            while k < count:
                low = lows[k]
                if best >= 0 and low - 1 > best:
                    break
                if low == 0 and pos == 0:
                    p = 0
                    break
                m = candidate_re(text, low - 1 if low - 1 > pos else pos, stops[k])
                if m is not None:
                    at = m.start()
                    if best < 0 or at < best:
                        p, run = at, k
                    break
                if k == dead + 1:
                    dead = k  # from a later pos the search would find nothing either
                k += 1
            if p < 0:
                return
            found = attempts.get(p)
            if found is None:
                if run >= 0 and text[p + 1] not in "_-":
                    # A candidate of run k: text[p] may precede a URL and text[p + 1] is a
                    # domain character of that run, so _attempt would find this domain.
                    found = (p + 1, p + 1, ends[run])
                else:
                    found = self._attempt(p)
            if found is None:
                pos = p + 1
                continue
            domain_end = found[2]
            rest = None
            if domain_end < n and text[domain_end] in ":/?":  # else no port, path or query
                rest = self.tail().match(text, domain_end)
            yield p, found[0], found[1], domain_end, rest
            pos = domain_end if rest is None else rest.end()


def ascii_domain_spans(domain: str) -> list[tuple[int, int]]:
    """``finditer`` spans of regexp/validAsciiDomain.js in ``domain``, in linear time.

    The regex is ``(?:[-a-z0-9À-ɏ...]+\\.)+TLD``: labels of that class, each ending in a
    dot, then a TLD; greedy, so from a label it reaches the furthest TLD of its chain.
    """
    if _PLAIN_DOMAIN.fullmatch(domain) and domain.rpartition(".")[2].lower() in _ascii_tlds():
        return [(0, len(domain))]  # plain ASCII labels ending in a TLD: the whole domain
    runs = [m.span() for m in _ASCII_LABEL.finditer(domain)]
    far: list[int | None] = [None] * len(runs)
    for i in range(len(runs) - 1, -1, -1):
        stop = runs[i][1]
        if stop >= len(domain) - 1 or domain[stop] != ".":
            continue
        linked = i + 1 < len(runs) and runs[i + 1][0] == stop + 1
        further = far[i + 1] if linked else None
        far[i] = further if further is not None else tld_end(domain, stop + 1)
    spans = []
    pos = 0
    for (start, stop), end in zip(runs, far, strict=True):
        if end is not None and stop > pos:
            spans.append((max(start, pos), end))
            pos = end
    return spans
