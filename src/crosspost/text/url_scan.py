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
from functools import cache, lru_cache

import regex

from ._twitter_classes import DIRECTIONAL, INVALID, LATIN_ACCENTS, PUNCT, SPACES
from .tlds import country_tlds, generic_tlds

__all__ = ["Scanner", "ascii_domain_spans", "tld_end"]

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
        self.by_start: dict[int, tuple[int, int, int]] = {}
        for tld_start, end in reversed(_tlds(text)):
            self._walk_left(tld_start - 1, end)
        self.starts = sorted(self.by_start)

    def _run_before(self, dot: int) -> tuple[int, int] | None:
        """The label run that ends at ``dot`` (``text[dot] == "."``), if any."""
        m = _LABEL.match(self.text, 0, dot)
        return (m.start(), dot) if m else None

    def _walk_left(self, dot: int, end: int) -> None:
        text = self.text
        run = self._run_before(dot)
        if run is None or text[dot - 1] in "_-":
            return
        start, stop = run
        if start in self.by_start:  # already reaches a TLD further right
            return
        underscore = text.rfind("_", start, stop)
        if underscore >= 0:  # the name may not contain "_": only starts after it
            self.by_start[start] = (underscore + 1, stop, end)
            return
        while True:
            self.by_start[start] = (start, stop, end)
            if text[start] in "_-" or start == 0 or text[start - 1] != ".":
                return
            run = self._run_before(start - 1)
            if run is None or text[start - 2] in "_-":
                return
            start, stop = run
            if start in self.by_start:
                return

    def domain_end(self, start: int) -> int | None:
        """Furthest end of a domain starting exactly at ``start``, or None."""
        if start >= len(self.text) or self.text[start] in "_-" or not _CHAR_RE.match(
            self.text, start
        ):
            return None
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


class Scanner:
    """Leftmost-first domain matches of the URL regex, resumed from any offset."""

    def __init__(self, text: str, scheme: regex.Pattern[str]) -> None:
        self.text = text
        self.runs = _runs(text)
        self.scheme = scheme
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

    def _candidate(self, pos: int) -> int | None:
        """Smallest offset >= ``pos`` where the regex can match, or None."""
        schemes = self.scheme_offsets
        i = bisect_left(schemes, pos)
        best = schemes[i] if i < len(schemes) else None
        runs = self.runs
        text = self.text
        for j in range(max(0, bisect_left(runs.starts, pos + 1) - 1), len(runs.starts)):
            low, stop, _ = runs.by_start[runs.starts[j]]
            if stop <= pos:
                continue
            if best is not None and low - 1 > best:
                break
            if low == 0 and pos == 0:
                return 0
            m = _CANDIDATE.search(text, max(low - 1, pos), stop)
            if m:
                return m.start() if best is None else min(best, m.start())
        return best

    def first(self, pos: int) -> tuple[int, int, int, int] | None:
        """``(match_start, url_start, domain_start, domain_end)`` of the next match >= pos."""
        while (p := self._candidate(pos)) is not None:
            found = self.scheme_attempts.get(p) or self._attempt(p)
            if found is not None:
                return (p, *found)
            pos = p + 1
        return None


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
