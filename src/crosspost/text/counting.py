"""``count(text, method)``: one post length, measured the way each platform measures it.

Platforms disagree on what a "character" is, so a limit is meaningless without its unit:

* ``utf16``: UTF-16 code units, JavaScript's ``.length`` (what most web forms enforce);
* ``codepoints``: Unicode code points, Python's ``len``;
* ``utf8_bytes``: bytes of UTF-8 (Bluesky also caps a post at 3000 of these: the lexicon
  ``app.bsky.feed.post`` has ``maxLength: 3000`` next to ``maxGraphemes: 300``);
* ``graphemes``: extended grapheme clusters, Bluesky's ``RichText.graphemeLength``. The
  Bluesky app (social-app src/lib/api/index.ts ``resolveRT``) removes leading blank lines and
  trailing whitespace and shortens link text before posting; this count does neither, so
  it never under-estimates what the server checks;
* ``twitter``: X's weighted length (see :mod:`.twitter_length`);
* ``mastodon``: Mastodon's StatusLengthValidator (see :mod:`.mastodon_length`); an instance
  whose links count other than 23 characters is measured with ``UrlWeighted("mastodon", n)``;
* ``threads``: Threads API text length (see :func:`threads_length`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from enum import Enum
from functools import partial

from .emoji import emoji_spans
from .entity import utf16_length

__all__ = ["CountMethod", "Limits", "Method", "UrlWeighted", "count", "fits", "measure",
           "normalize_limits", "url_weighted"]


class CountMethod(str, Enum):
    """How to measure a text; the value is the name used in specs and configs."""

    UTF16 = "utf16"
    CODEPOINTS = "codepoints"
    UTF8_BYTES = "utf8_bytes"
    GRAPHEMES = "graphemes"
    TWITTER = "twitter"
    MASTODON = "mastodon"
    THREADS = "threads"

    # Hash and print like the plain string so {"twitter": 280} and {TWITTER: 280} agree.
    __hash__ = str.__hash__

    def __str__(self) -> str:
        return self.value


class UrlWeighted(str):
    """A counting method whose links count ``url_length`` characters instead of the method's
    own weight: a Mastodon instance that sets ``characters_reserved_per_url``.

    It equals, hashes and prints as the method's name, so limits, findings and reports keep
    saying `mastodon`; only the counters read ``url_length``. Make one with
    :func:`url_weighted`.
    """

    url_length: int

    def __new__(cls, method: CountMethod | str, url_length: int) -> UrlWeighted:
        self = super().__new__(cls, CountMethod(method).value)
        self.url_length = url_length
        return self

    def __repr__(self) -> str:
        return f"UrlWeighted({str(self)!r}, {self.url_length})"

    def __reduce__(self) -> tuple[type[UrlWeighted], tuple[str, int]]:
        return (type(self), (str(self), self.url_length))


Method = CountMethod | UrlWeighted
Limits = Mapping[CountMethod, int] | Mapping[str, int]


def threads_length(text: str) -> int:
    """Length as the Threads API counts it (limit 500).

    Meta's documentation (developers.facebook.com/documentation/threads/posts, "Limitations")
    says only: "Text posts are limited to 500 characters. Emojis are counted as the number of
    UTF-8 bytes." Here each emoji sequence (as :func:`.extract_emoji` finds it) counts its
    UTF-8 bytes and every other code point counts 1. Confidence: medium for emoji (the
    documented rule; whether a ZWJ sequence is measured whole or per part is not said, and
    whole is the larger), low for the rest (the unit of "characters" is unstated; code points
    are at least as many as graphemes, so this errs on the long side).
    """
    total = len(text)
    for start, end in emoji_spans(text):
        total += len(text[start:end].encode("utf-8")) - (end - start)
    return total


_COUNTERS: dict[CountMethod, Callable[[str], int]] = {
    CountMethod.UTF16: utf16_length,
    CountMethod.CODEPOINTS: len,
    CountMethod.UTF8_BYTES: lambda text: len(text.encode("utf-8", "surrogatepass")),
    CountMethod.THREADS: threads_length,
}
#: The counters with scanners of their own (module, function), imported on first use: a
#: command that measures no text in these units (the adapt of a video) neither loads them
#: nor compiles their patterns.
_LAZY_COUNTERS: dict[CountMethod, tuple[str, str]] = {
    CountMethod.GRAPHEMES: (".graphemes", "grapheme_count"),
    CountMethod.TWITTER: (".twitter_length", "twitter_weighted_length"),
    CountMethod.MASTODON: (".mastodon_length", "mastodon_length"),
}
#: Methods whose link weight a server can change: the module of their counter (taking
#: ``url_length``), its name and the name of the weight it uses by default. X's weight is
#: fixed (twitter-text's transformedURLLength).
_URL_COUNTERS: dict[CountMethod, tuple[str, str, str]] = {
    CountMethod.MASTODON: (".mastodon_length", "mastodon_length", "MASTODON_URL_LENGTH"),
}


def _url_counter(method: CountMethod) -> tuple[Callable[..., int], int]:
    """The counter of ``method`` taking ``url_length``, and the weight it uses by default."""
    module, counter, weight = _URL_COUNTERS[method]
    found = importlib.import_module(module, __package__)
    return getattr(found, counter), getattr(found, weight)


def url_weighted(method: CountMethod | str, url_length: int | None) -> Method:
    """``method`` measured with links of ``url_length`` characters: a :class:`UrlWeighted`
    where the method's links can weigh otherwise and ``url_length`` is not its default, else
    the plain method (the spec model refuses a weight a fixed method cannot have)."""
    key = CountMethod(method)
    if url_length is None or key not in _URL_COUNTERS or url_length == _url_counter(key)[1]:
        return key
    return UrlWeighted(key, url_length)


def _counter(method: Method | str) -> Callable[[str], int]:
    if isinstance(method, UrlWeighted):
        return partial(_url_counter(CountMethod(method))[0], url_length=method.url_length)
    key = CountMethod(method)
    found = _COUNTERS.get(key)
    if found is None:
        module, name = _LAZY_COUNTERS[key]
        found = _COUNTERS[key] = getattr(importlib.import_module(module, __package__), name)
    return found


def count(text: str, method: Method | str) -> int:
    """Length of ``text`` in ``method``'s unit; unknown methods raise ``ValueError``."""
    return _counter(method)(text)


def normalize_limits(limits: Limits) -> dict[Method, int]:
    """Validate ``{method: max}``: known methods, integer maxima >= 0 (a ``UrlWeighted``
    method stays one)."""
    out: dict[Method, int] = {}
    for method, maximum in limits.items():
        key = method if isinstance(method, UrlWeighted) else CountMethod(method)
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0:
            raise ValueError(f"limit for {key} must be an integer >= 0, got {maximum!r}")
        out[key] = maximum
    return out


def measure(text: str, methods: Mapping[Method, int]) -> dict[Method, int]:
    """``{method: count(text, method)}`` for every method in ``methods``."""
    return {method: _counter(method)(text) for method in methods}


def fits(text: str, limits: Mapping[Method, int]) -> bool:
    """True when ``text`` is within every (normalised) limit; stops at the first excess."""
    return all(_counter(method)(text) <= maximum for method, maximum in limits.items())
