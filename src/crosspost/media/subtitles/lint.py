"""Find subtitle problems that do not stop crosspost but that a viewer would notice.

Parsing already refused what is ambiguous; these are judgements (how long is too long) with
defaults from common broadcast guidelines (42 characters per line, 2 lines per cue), the same
as adapt's, read from ``AdaptSettings``.
"""

from __future__ import annotations

from crosspost.media.facts import SubtitleCue, SubtitleIssue, SubtitleReport, Subtitles
from crosspost.media.subtitles.text import visible_text
from crosspost.specs.adapt_settings import DEFAULTS

__all__ = ["DEFAULT_MAX_CHARS_PER_LINE", "DEFAULT_MAX_LINES", "lint_subtitles"]

DEFAULT_MAX_CHARS_PER_LINE = DEFAULTS.captions.max_chars_per_line
DEFAULT_MAX_LINES = DEFAULTS.captions.max_lines


def lint_subtitles(
    subs: Subtitles,
    *,
    video_duration: float | None = None,
    max_chars_per_line: int = DEFAULT_MAX_CHARS_PER_LINE,
    max_lines: int = DEFAULT_MAX_LINES,
    max_chars_per_second: float | None = None,
) -> SubtitleReport:
    """Report issues and timing numbers; ``coverage`` needs the video duration in seconds."""
    issues: list[SubtitleIssue] = []
    if not subs.cues:
        issues.append(SubtitleIssue(code="no_cues", message="the file has no cues"))
    longest = 0
    latest_end = -1
    previous: SubtitleCue | None = None
    for cue in subs.cues:
        widths = [len(visible_text(line, subs.format)) for line in cue.lines]
        longest = max([longest, *widths])
        issues += _cue_issues(cue, widths, max_chars_per_line, max_lines, max_chars_per_second)
        if previous is not None and cue.start_ms < previous.start_ms:
            issues.append(_issue(cue, "out_of_order", f"starts before cue {previous.index}"))
        elif previous is not None and cue.start_ms < latest_end:
            issues.append(
                _issue(
                    cue,
                    "overlap",
                    f"starts {(latest_end - cue.start_ms) / 1000:.3f} s before an earlier cue ends",
                )
            )
        if video_duration is not None and cue.end_ms > round(video_duration * 1000):
            issues.append(
                _issue(
                    cue,
                    "after_video_end",
                    f"ends at {cue.end:.3f} s, after the video ends at {video_duration:.3f} s",
                )
            )
        latest_end = max(latest_end, cue.end_ms)
        previous = cue
    covered = _covered_ms(subs, video_duration)
    coverage = None
    if video_duration is not None and video_duration > 0:
        coverage = min(covered / (video_duration * 1000), 1.0)
    return SubtitleReport(
        issues=tuple(issues),
        cue_count=len(subs.cues),
        first_start=min((c.start for c in subs.cues), default=None),
        last_end=max((c.end for c in subs.cues), default=None),
        max_line_chars=longest,
        covered_seconds=covered / 1000,
        coverage=coverage,
    )


def _cue_issues(
    cue: SubtitleCue,
    widths: list[int],
    max_chars: int,
    max_lines: int,
    max_cps: float | None,
) -> list[SubtitleIssue]:
    found: list[SubtitleIssue] = []
    if cue.end_ms < cue.start_ms:
        found.append(
            _issue(
                cue,
                "end_before_start",
                f"ends at {cue.end:.3f} s, before it starts at {cue.start:.3f} s",
            )
        )
    elif cue.end_ms == cue.start_ms:
        found.append(_issue(cue, "zero_duration", "starts and ends at the same time"))
    if not any(widths):
        found.append(_issue(cue, "empty_cue", "has no visible text"))
    for number, width in enumerate(widths, start=1):
        if width > max_chars:
            found.append(
                _issue(
                    cue,
                    "line_too_long",
                    f"line {number} has {width} characters (at most {max_chars})",
                )
            )
    if len(widths) > max_lines:
        found.append(
            _issue(cue, "too_many_lines", f"has {len(widths)} lines (at most {max_lines})")
        )
    if max_cps is not None and cue.end_ms > cue.start_ms:
        cps = sum(widths) / cue.duration
        if cps > max_cps:
            found.append(
                _issue(
                    cue, "too_fast", f"needs {cps:.1f} characters per second (at most {max_cps:g})"
                )
            )
    return found


def _issue(cue: SubtitleCue, code: str, detail: str) -> SubtitleIssue:
    return SubtitleIssue.model_validate(
        {"code": code, "message": f"cue {cue.index} {detail}", "cue": cue.index, "line": cue.line}
    )


def _covered_ms(subs: Subtitles, video_duration: float | None) -> int:
    """Milliseconds with at least one cue on screen (overlaps counted once)."""
    limit = round(video_duration * 1000) if video_duration is not None else None
    spans = sorted(
        (cue.start_ms, cue.end_ms if limit is None else min(cue.end_ms, limit)) for cue in subs.cues
    )
    total = 0
    current_start, current_end = -1, -1
    for start, end in spans:
        if end <= start:
            continue
        if start > current_end:
            total += max(current_end - current_start, 0)
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    return total + max(current_end - current_start, 0)
