"""Timestamps of SRT (``00:01:02,500``) and WebVTT (``01:02.500`` or ``00:01:02.500``).

Parsing is strict: two-digit minutes and seconds below 60 and exactly three millisecond
digits, because players disagree on anything looser and a typo should be found, not guessed.
Hours have at most four digits: a 400-digit hour is no time any player or float can hold.
"""

from __future__ import annotations

import re

from crosspost.media.facts import SubtitleFormat

__all__ = ["EXAMPLE", "format_timestamp", "parse_timestamp"]

_SRT = re.compile(r"^(\d{1,4}):([0-5]\d):([0-5]\d),(\d{3})$")
_VTT = re.compile(r"^(?:(\d{2,4}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")

#: How each format's timestamp looks, for error messages.
EXAMPLE: dict[SubtitleFormat, str] = {
    "srt": "HH:MM:SS,mmm (e.g. 00:01:02,500)",
    "vtt": "HH:MM:SS.mmm or MM:SS.mmm (e.g. 00:01:02.500)",
}


def parse_timestamp(text: str, fmt: SubtitleFormat) -> int | None:
    """Milliseconds for a well-formed timestamp, else None (the caller words the error)."""
    match = (_SRT if fmt == "srt" else _VTT).match(text)
    if match is None:
        return None
    hours = int(match.group(1) or 0)
    minutes, seconds, millis = int(match.group(2)), int(match.group(3)), int(match.group(4))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def format_timestamp(ms: int, fmt: SubtitleFormat) -> str:
    """``HH:MM:SS,mmm`` for SRT, ``HH:MM:SS.mmm`` for WebVTT (hours always written)."""
    if ms < 0:
        raise ValueError("a subtitle time cannot be negative")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    sep = "," if fmt == "srt" else "."
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"
