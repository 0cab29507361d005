"""Write ``Subtitles`` as SRT or WebVTT text, converting cue markup between the formats.

Output is normalised (cues renumbered from 1, ``\\n`` line ends, hours always written) so that
parsing what we wrote gives back the same cues: writers and parsers are tested as a pair.
"""

from __future__ import annotations

from collections.abc import Iterable

from crosspost.media.facts import Subtitles
from crosspost.media.subtitles.text import to_srt_markup, to_vtt_markup
from crosspost.media.subtitles.timecode import format_timestamp

__all__ = ["to_srt", "to_vtt"]


def to_srt(subs: Subtitles) -> str:
    """SRT text; WebVTT-only markup (voices, classes, settings) is dropped."""
    blocks: list[str] = []
    for number, cue in enumerate(subs.cues, start=1):
        start = format_timestamp(cue.start_ms, "srt")
        end = format_timestamp(cue.end_ms, "srt")
        lines = _non_blank(to_srt_markup(line, subs.format) for line in cue.lines)
        blocks.append("\n".join([str(number), f"{start} --> {end}", *lines]))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def to_vtt(subs: Subtitles) -> str:
    """WebVTT text; cue identifiers and settings are kept when the source was WebVTT."""
    first = "WEBVTT"
    if subs.format == "vtt" and subs.header:
        first += " " + subs.header
    blocks = [first]
    for cue in subs.cues:
        timing = (
            f"{format_timestamp(cue.start_ms, 'vtt')} --> {format_timestamp(cue.end_ms, 'vtt')}"
        )
        head: list[str] = []
        if subs.format == "vtt":
            if cue.identifier:
                head.append(cue.identifier)
            if cue.settings:
                timing += " " + cue.settings
        lines = _non_blank(to_vtt_markup(line, subs.format) for line in cue.lines)
        blocks.append("\n".join([*head, timing, *lines]))
    return "\n\n".join(blocks) + "\n"


def _non_blank(lines: Iterable[str]) -> list[str]:
    """A blank line would end the cue early, so lines emptied by conversion are dropped."""
    return [line for line in lines if line.strip()]
