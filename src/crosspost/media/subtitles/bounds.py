"""How much caption work a subtitle file may ask of ffmpeg and libass.

libass lays out every cue on screen at a time; 100,000 cues that all overlap made a 2 MB SRT
take 2.5 GB of memory and the whole render timeout. A file is refused (a ``SubtitleError``:
an error finding in ``check``; ``adapt`` never hands it to ffmpeg) when it has more cues,
more cues on screen at once, or longer lines than any real caption file.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosspost.errors import SubtitleError
from crosspost.limits import CAPTION_CEILINGS, DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from crosspost.media.facts import Subtitles

__all__ = ["CEILING", "SubtitleLimits", "check_cue_count", "check_subtitle_bounds"]


@dataclass(frozen=True)
class SubtitleLimits:
    """A three-hour film has about 2,000 cues, rarely three on screen at once, and lines of
    at most a few dozen characters; the defaults leave room for far more."""

    max_bytes: int = DEFAULT_LIMITS.caption_bytes
    max_cues: int = DEFAULT_LIMITS.caption_cues
    max_overlap: int = DEFAULT_LIMITS.caption_overlap
    max_line_chars: int = DEFAULT_LIMITS.caption_line_chars

    @classmethod
    def of(cls, limits: Limits) -> SubtitleLimits:
        """The caption part of the configuration's ``[limits]``."""
        return cls(max_bytes=limits.caption_bytes, max_cues=limits.caption_cues,
                   max_overlap=limits.caption_overlap, max_line_chars=limits.caption_line_chars)

    def key(self) -> str:
        return f"{self.max_bytes}:{self.max_cues}:{self.max_overlap}:{self.max_line_chars}"


#: The most a configuration may allow (``crosspost.limits.Limits`` enforces it); the renderer
#: re-reads a track the plan already judged under the configured limits with these.
CEILING = SubtitleLimits(max_bytes=CAPTION_CEILINGS["caption_bytes"],
                         max_cues=CAPTION_CEILINGS["caption_cues"],
                         max_overlap=CAPTION_CEILINGS["caption_overlap"],
                         max_line_chars=CAPTION_CEILINGS["caption_line_chars"])


def check_cue_count(text: str, limits: SubtitleLimits, path: str) -> None:
    """Refuse before parsing: every cue has a timing line with ``-->``."""
    count = text.count("-->")
    if count > limits.max_cues:
        raise SubtitleError(
            f"has {count:,} cues, more than the {limits.max_cues:,} a caption file may have "
            "(limits.caption_cues)", path=path)


def check_subtitle_bounds(subtitles: Subtitles, limits: SubtitleLimits, path: str) -> None:
    """Cue count, cues on screen at once (a sweep over start times) and line length."""
    cues = subtitles.cues
    if len(cues) > limits.max_cues:
        raise SubtitleError(
            f"has {len(cues):,} cues, more than the {limits.max_cues:,} a caption file may "
            "have (limits.caption_cues)", path=path)
    for cue in cues:
        for line in cue.lines:
            if len(line) > limits.max_line_chars:
                raise SubtitleError(
                    f"has a line of {len(line):,} characters, more than the "
                    f"{limits.max_line_chars} a caption line may have "
                    "(limits.caption_line_chars)", path=path, line=cue.line,
                    field=f"cue {cue.index}")
    showing: list[int] = []  # end times of the cues on screen
    for cue in sorted(cues, key=lambda c: (c.start_ms, c.index)):
        while showing and showing[0] <= cue.start_ms:
            heapq.heappop(showing)
        heapq.heappush(showing, cue.end_ms)
        if len(showing) > limits.max_overlap:
            raise SubtitleError(
                f"has {len(showing)} cues on screen at once at cue {cue.index}, more than the "
                f"{limits.max_overlap} a caption file may show together "
                "(limits.caption_overlap)", path=path, line=cue.line, field=f"cue {cue.index}")
