"""``fit``: shorten a post until it is within every platform limit it must meet.

Order of preference, each time keeping the longest text that fits every limit:

1. unchanged, if it already fits (the same ``str`` object is returned);
2. cut after the last whole sentence that fits (no ellipsis: it ends as a sentence);
3. cut at the last word boundary that fits, dangling punctuation removed, ``ellipsis``
   appended (and counted by every method);
4. cut at the last grapheme boundary that fits, with the ellipsis;
5. the empty string, when not even the ellipsis fits.

No cut ever falls inside a URL, hashtag, mention, emoji sequence, grapheme cluster or
``protected`` span: an entity that does not fit is dropped whole. A result always fits, so
``fit(fit(x).text)`` returns its input unchanged. Moving or dropping hashtags is another
layer's job; :func:`strip_trailing_hashtags` helps it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

from .counting import Limits, Method, fits, measure, normalize_limits
from .cuts import Cuts, Protected, largest_fitting
from .hashtags import strip_trailing_hashtags
from .sentences import sentence_ends

__all__ = ["CutKind", "FitResult", "fit", "strip_trailing_hashtags"]

CutKind = Literal["none", "sentence", "word", "grapheme"]


@dataclass(frozen=True)
class FitResult:
    """Outcome of :func:`fit`.

    ``removed_chars`` counts the code points of the input that were dropped (the appended
    ellipsis is not subtracted); ``measured`` is the fitted text's count per limited method.
    """

    text: str
    changed: bool
    removed_chars: int
    cut_at: CutKind
    measured: dict[Method, int] = field(default_factory=dict)


def fit(
    text: str,
    limits: Limits,
    *,
    ellipsis: str = "…",
    protected: Protected | None = None,
) -> FitResult:
    """Shorten ``text`` to meet every ``{method: max}`` in ``limits`` (see module doc).

    ``protected`` lists substrings (every occurrence) or ``(start, end)`` code point spans
    that must stay whole, in addition to the entities found in the text.
    """
    wanted = normalize_limits(limits)
    if fits(text, wanted):
        return FitResult(text, False, 0, "none", measure(text, wanted))
    cuts = _window(text, wanted, protected)

    def result(end: int, suffix: str, kind: CutKind) -> FitResult:
        out = text[:end] + suffix
        return FitResult(out, True, len(text) - end, kind, measure(out, wanted))

    # A paragraph break may follow trailing spaces: a sentence cut drops them too.
    ends = _sentence_ends(text, cuts.upto)
    sentence = sorted({_rstripped(text, e) for e in ends if cuts.allowed(e)})
    sentence = [e for e in sentence if e > 0 and cuts.allowed(e)]
    end = largest_fitting(sentence, lambda e: fits(text[:e], wanted))
    if end is not None:
        return result(end, "", "sentence")

    def with_ellipsis(end: int) -> str:
        head = text[:end]
        if not ellipsis or head.endswith(ellipsis):
            return ""
        # A URL followed directly by "…" would swallow it on Mastodon (any non-space
        # character may end a path there), so keep them apart.
        return (" " if end in cuts.url_ends else "") + ellipsis

    stages: tuple[tuple[CutKind, list[int]], ...] = (
        ("word", cuts.word_ends()),
        ("grapheme", cuts.boundaries),
    )
    for kind, offsets in stages:
        ends = sorted(set(cuts.clean_ends(offsets)) - {0})
        end = largest_fitting(ends, lambda e: fits(text[:e] + with_ellipsis(e), wanted))
        if end is not None:
            return result(end, with_ellipsis(end), kind)
    return result(0, "", "grapheme")


#: Units a prefix may measure over a limit while a longer prefix still fits. Cutting can
#: only change how the end of a text is read: ``a.co`` of ``a.cox`` becomes a link (23 on
#: X), ``@jan@host`` before ``é`` stops being a Mastodon mention (its domain, at most 253
#: characters, counts again). A link weight set by a server is added on top.
_SLACK = 300
#: Code points in the first window of cuts; each next window is four times as long.
_FIRST_WINDOW = 1024


def _window(text: str, wanted: dict[Method, int], protected: Protected | None) -> Cuts:
    """The cuts of a prefix of ``text`` holding every cut that can fit: the window reaches
    past an allowed cut from which on no longer prefix fits.

    The window grows (x4) until a cut in it measures more than a limit plus :data:`_SLACK`
    and an allowed cut after that one follows a character that never dangles (so no cut
    beyond the window is moved back into reach by :meth:`.Cuts.clean_ends`). The work is
    in proportion to the kept text, not to the whole: a megabyte post shortened to 280
    characters looks at its first few kilobytes.
    """
    over = {m: limit + _SLACK + getattr(m, "url_length", 0) for m, limit in wanted.items()}
    # Window sizes are the first window times a power of four, at least twice the largest
    # limit: targets with different limits often share a window, and so its cuts (memoised
    # per prefix), where "twice the limit" made a window per limit.
    size = _FIRST_WINDOW
    while size < 2 * max(wanted.values(), default=0):
        size *= 4
    while True:
        cuts = Cuts(text, protected, upto=size)
        if cuts.upto == len(text):
            return cuts
        bounds = cuts.boundaries
        reach = bounds[bisect_right(bounds, size // 2) - 1]  # room for a cut after it
        if reach > 0 and not fits(text[:reach], over) and cuts.first_clean_after(reach):
            return cuts
        size *= 4


def _sentence_ends(text: str, upto: int) -> list[int]:
    """The sentence ends of ``text`` up to ``upto`` (and perhaps one more): those of a
    prefix, which are the text's except where a terminator, closer or blank line runs
    into the prefix's end (the :func:`_window` ends on a non-dangling character first)."""
    if upto + 1 >= len(text):
        return sentence_ends(text)
    return sentence_ends(text[: upto + 1])


def _rstripped(text: str, end: int) -> int:
    """``len(text[:end].rstrip())`` without copying the prefix."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
