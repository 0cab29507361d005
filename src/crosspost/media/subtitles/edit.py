"""Adapt subtitles to a trimmed video or a platform's line limits.

``retime`` follows a trim: cues outside the window go, cues across its edges are clipped.
``rewrap`` re-breaks lines at word boundaries; a cue that needs more lines than allowed is
split in time in proportion to its text, so each part stays on screen for as long as its
words need. Cues that already fit are left exactly as written: authors break lines on
purpose (dialogue dashes, speaker changes).
"""

from __future__ import annotations

import itertools
import math
import re

from crosspost.media.facts import SubtitleCue, SubtitleFormat, Subtitles
from crosspost.media.subtitles.text import Word, split_words, visible_text
from crosspost.media.subtitles.timecode import format_timestamp, parse_timestamp

__all__ = ["retime", "rewrap"]

_OPEN = re.compile(r"<([A-Za-z][\w]*)[^<>]*>")
_CLOSE = re.compile(r"</([A-Za-z][\w]*)\s*>")
_INLINE_TIME = re.compile(r"<((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})>")
_ASS_PREFIX = re.compile(r"^(?:\{\\[^{}]*\})+")
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


#: A cue cut by the trim keeps its words only if they stay on screen this long (ms).
MIN_CUT_MS = 500


def retime(subs: Subtitles, start: float, end: float | None = None) -> Subtitles:
    """Keep what shows between ``start`` and ``end`` seconds, shifted so ``start`` is 0.

    A cue the trim cuts keeps only the words spoken inside the window: word times are
    estimated from the cue (in proportion to each word's length, as a speaker's pace), a word
    stays when most of its time is inside, and a cue with less than ``MIN_CUT_MS`` left goes.
    """
    if start < 0 or (end is not None and end <= start):
        raise ValueError(f"bad trim window {start}..{end}: need 0 <= start < end")
    lo = round(start * 1000)
    hi = None if end is None else round(end * 1000)
    kept: list[SubtitleCue] = []
    for cue in subs.cues:
        a = max(cue.start_ms, lo)
        b = cue.end_ms if hi is None else min(cue.end_ms, hi)
        if b <= a:
            continue
        lines = cue.lines
        karaoke = subs.format == "vtt" and any(_INLINE_TIME.search(ln) for ln in lines)
        if (a, b) != (cue.start_ms, cue.end_ms) and not karaoke:  # karaoke words carry times
            cut = _words_inside(cue, subs.format, a, b)
            if cut is None:
                continue
            lines, a, b = cut
        if subs.format == "vtt":
            lines = tuple(_shift_inline(line, lo, a, b) for line in lines)
        update = {"index": len(kept) + 1, "start_ms": a - lo, "end_ms": b - lo, "lines": lines}
        kept.append(cue.model_copy(update=update))
    return subs.model_copy(update={"cues": tuple(kept)})


def _words_inside(cue: SubtitleCue, fmt: SubtitleFormat, lo: int, hi: int
                  ) -> tuple[tuple[str, ...], int, int] | None:
    """The cue's lines with only the words timed inside ``lo..hi`` ms, and their times."""
    words = split_words(cue.lines, fmt)
    if not words:
        return None if hi - lo < MIN_CUT_MS else (cue.lines, lo, hi)
    bounds = _time_bounds(cue, [w.width + 1 for w in words])
    inside = [i for i in range(len(words))
              if min(bounds[i + 1], hi) - max(bounds[i], lo) >= (bounds[i + 1] - bounds[i]) / 2]
    if not inside:
        return None
    first, last = inside[0], inside[-1] + 1
    a, b = max(lo, bounds[first]), min(hi, bounds[last])
    if b - a < MIN_CUT_MS:
        return None
    if (first, last) == (0, len(words)):
        return cue.lines, a, b
    groups = _carry_tags([[w.raw for w in words[:first]], [w.raw for w in words[first:last]],
                          [w.raw for w in words[last:]]])
    per_line = [len(split_words((line,), fmt)) for line in cue.lines]
    if sum(per_line) != len(words):  # tags across lines: one line is the honest answer
        return (" ".join(groups[1]),), a, b
    lines, position = [], 0
    for count in per_line:
        part = [groups[1][i - first] for i in range(position, position + count)
                if first <= i < last]
        position += count
        if part:
            lines.append(" ".join(part))
    return tuple(lines), a, b


def _shift_inline(line: str, offset: int, lo: int, hi: int) -> str:
    """Shift WebVTT karaoke timestamps (``<00:00:01.280>``) with the cue, kept inside it."""

    def shift(match: re.Match[str]) -> str:
        value = parse_timestamp(match.group(1), "vtt")
        if value is None:
            return match.group(0)
        return f"<{format_timestamp(min(max(value, lo), hi) - offset, 'vtt')}>"

    return _INLINE_TIME.sub(shift, line)


def rewrap(subs: Subtitles, max_chars_per_line: int, max_lines: int) -> Subtitles:
    """Re-break over-long cues; a single word longer than the limit keeps its own line."""
    if max_chars_per_line < 1 or max_lines < 1:
        raise ValueError("max_chars_per_line and max_lines must be at least 1")
    out: list[SubtitleCue] = []
    for cue in subs.cues:
        widths = [len(visible_text(line, subs.format)) for line in cue.lines]
        words = split_words(cue.lines, subs.format)
        fits = len(cue.lines) <= max_lines and all(w <= max_chars_per_line for w in widths)
        if fits or not words:
            out.append(cue.model_copy(update={"index": len(out) + 1}))
            continue
        groups = _split_groups(words, max_chars_per_line, max_lines)
        texts = _carry_tags([[w.raw for w in group] for group in groups])
        if subs.format == "srt" and (position := _ASS_PREFIX.match(cue.lines[0])):
            for raws in texts[1:]:  # {\an8} places the whole cue: every part needs it
                raws[0] = position.group(0) + raws[0]
        bounds = _time_bounds(cue, [sum(w.width for w in g) + len(g) - 1 for g in groups])
        for part, (group, raws) in enumerate(zip(groups, texts, strict=True)):
            lines = _balanced_lines(group, raws, max_chars_per_line)
            out.append(
                cue.model_copy(
                    update={
                        "index": len(out) + 1,
                        "start_ms": bounds[part],
                        "end_ms": bounds[part + 1],
                        "lines": tuple(lines),
                        "identifier": cue.identifier if part == 0 else None,
                    }
                )
            )
    return subs.model_copy(update={"cues": tuple(out)})


def _greedy_count(words: list[Word], width: int) -> int:
    lines, used = 0, -1
    for word in words:
        if used < 0 or used + 1 + word.width > width:
            lines, used = lines + 1, word.width
        else:
            used += 1 + word.width
    return lines


def _split_groups(words: list[Word], width: int, max_lines: int) -> list[list[Word]]:
    """Fewest groups, balanced by visible length, each fitting in ``max_lines`` lines."""
    parts = max(1, math.ceil(_greedy_count(words, width) / max_lines))
    while True:
        groups = _balanced_split(words, parts)
        if all(_greedy_count(group, width) <= max_lines for group in groups):
            return groups
        parts += 1


def _balanced_split(words: list[Word], parts: int) -> list[list[Word]]:
    """Cut ``words`` into ``parts`` runs whose visible lengths are as close to equal as we can."""
    if parts >= len(words):
        return [[word] for word in words]
    prefix = [0]
    for word in words:
        prefix.append(prefix[-1] + word.width + 1)
    cuts = [0]
    for j in range(1, parts):
        target = prefix[-1] * j / parts
        candidates = range(cuts[-1] + 1, len(words) - (parts - j) + 1)
        cuts.append(min(candidates, key=lambda k: abs(prefix[k] - target)))
    cuts.append(len(words))
    return [words[a:b] for a, b in itertools.pairwise(cuts)]


def _balanced_lines(group: list[Word], raws: list[str], width: int) -> list[str]:
    """Break one group into as few lines as greedy needs, with lengths as even as possible."""
    count = _greedy_count(group, width)
    n = len(group)
    best: dict[tuple[int, int], tuple[int, list[int]]] = {}

    def line_width(i: int, j: int) -> int:
        return sum(w.width for w in group[i:j]) + (j - i - 1)

    def solve(i: int, lines: int) -> tuple[int, list[int]]:
        if lines == 1:
            return line_width(i, n), [n]
        if (i, lines) in best:
            return best[(i, lines)]
        result: tuple[int, list[int]] = (10**9, [n])
        for j in range(i + 1, n - lines + 2):
            head = line_width(i, j)
            tail, cuts = solve(j, lines - 1)
            cost = max(head, tail)
            if cost < result[0]:
                result = (cost, [j, *cuts])
        best[(i, lines)] = result
        return result

    _, cuts = solve(0, min(count, n))
    lines: list[str] = []
    start = 0
    for cut in cuts:
        lines.append(" ".join(raws[start:cut]))
        start = cut
    return lines


def _carry_tags(groups: list[list[str]]) -> list[list[str]]:
    """Close tags still open at the end of a part and reopen them at the start of the next."""
    carried: list[str] = []
    result: list[list[str]] = []
    for group in groups:
        words = list(group)
        if carried and words:
            words[0] = "".join(carried) + words[0]
        stack = list(carried)
        for raw in group:
            for match in _ANY_TAG.finditer(raw):
                tag = match.group(0)
                if closing := _CLOSE.fullmatch(tag):
                    for k in range(len(stack) - 1, -1, -1):
                        opened = _OPEN.fullmatch(stack[k])
                        if opened and opened.group(1).lower() == closing.group(1).lower():
                            del stack[k]
                            break
                elif _OPEN.fullmatch(tag):
                    stack.append(tag)
        if stack and words:
            names = [m.group(1) for t in reversed(stack) if (m := _OPEN.fullmatch(t))]
            words[-1] += "".join(f"</{name}>" for name in names)
        carried = stack
        result.append(words)
    return result


def _time_bounds(cue: SubtitleCue, weights: list[int]) -> list[int]:
    """Boundaries from the cue's start to its end, split in proportion to ``weights``."""
    span = max(cue.end_ms - cue.start_ms, 0)
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    total = sum(weights)
    bounds = [cue.start_ms]
    running = 0
    for weight in weights[:-1]:
        running += weight
        bounds.append(cue.start_ms + round(span * running / total))
    bounds.append(cue.start_ms + span)
    return bounds
