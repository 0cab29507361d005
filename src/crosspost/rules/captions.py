"""Captions: present where expected, in a format the platform takes, timed and readable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ..report import Finding
from .base import Rule
from .context import ItemContext, TargetContext
from .meta import RuleMeta

MISSING = RuleMeta("captions.missing", "Video without captions",
                   "A video has no subtitle file where captions are expected.",
                   "Most short video is watched without sound, and deaf and hard-of-hearing "
                   "people depend on captions. Add an SRT or WebVTT file as `captions:`.",
                   failing=(
                       "a snapchat.spotlight video without captions:",
                       "a video without captions: under a policy with captions: {expected: true}",
                   ),
                   passing=("a snapchat.spotlight video with captions: media/uitleg.nl.vtt",))
FORMAT = RuleMeta("captions.format", "Subtitle format not accepted",
                  "The subtitle file is in a format the platform does not take as a sidecar.",
                  "Aggregators silently drop SRT where a platform takes only WebVTT; adapt "
                  "converts it.", fixable=True,
                  failing=("an SRT file for bluesky.post",),
                  passing=("a WebVTT file for bluesky.post", "an SRT file for youtube.video"))
LINE_LENGTH = RuleMeta("captions.line_length", "Subtitle lines too long",
                       "Subtitle lines are longer than the format's norm.",
                       "Long lines run off a narrow vertical frame or shrink to unreadable; "
                       "adapt re-wraps them.", fixable=True,
                       failing=(
                           "60-character subtitle lines under a policy with max_chars_per_line: 42",
                       ),
                       passing=(
                           "30-character subtitle lines under a policy with max_chars_per_line: 42",
                       ))
TIMING = RuleMeta("captions.timing", "Subtitle timing problems",
                  "Cues overlap, end before they start, run past the video or flash by.",
                  "Viewers lose lines that overlap or flash; platforms may reject the file.",
                  failing=(
                      "two cues that overlap",
                      "a cue that ends after the video ends",
                      "a cue that ends before it starts",
                  ),
                  passing=(
                      "cues in order, each ending before the next one and before the video ends",
                  ))
COVERAGE = RuleMeta("captions.coverage", "Subtitles cover little of the video",
                    "Cues are on screen for a small share of the video.",
                    "A subtitle file for the first half of a video leaves the rest silent.",
                    failing=("subtitles for only the first 3 seconds of a 10-second video",),
                    passing=("subtitles throughout a 30-second video",))

MIN_COVERAGE = 0.4
_TIMING_CODES = {"end_before_start", "out_of_order", "overlap", "zero_duration",
                 "after_video_end", "empty_cue", "no_cues", "too_fast"}


def check_targets(ctx: TargetContext) -> Iterator[Finding]:
    if "video" not in ctx.spec.media:
        return
    for index, asset in ctx.media_of("video"):
        key = ("media", index, "captions")
        subs = ctx.subtitles.get(index)
        if asset.captions is None:
            for tier, expected in ctx.tiers.each("captions", "expected"):
                if expected.value:
                    yield ctx.limit_finding(
                        MISSING.id, tier, expected,
                        f"{asset.path} has no captions; videos of this format are "
                        "expected to have them", key=("media", index, "path"), fixable=False,
                    )
                    break
            continue
        fmt = PurePosixPath(asset.captions).suffix.lower().lstrip(".")
        if subs is not None:
            fmt = subs.format
        for tier, formats in ctx.tiers.each("captions", "sidecar_formats"):
            if formats.value and fmt not in formats.value:
                yield ctx.limit_finding(
                    FORMAT.id, tier, formats,
                    f"{asset.captions} is {fmt.upper()}; the format takes "
                    f"{', '.join(f.upper() for f in formats.value)}",
                    key=key, measured=fmt, limit=", ".join(formats.value), fixable=True,
                    hint="adapt converts the subtitle file",
                )
        if subs is not None:
            yield from _line_length(ctx, index, subs)


def _line_length(ctx: TargetContext, index: int, subs: object) -> Iterator[Finding]:
    from ..media.subtitles.lint import lint_subtitles

    for tier, limit in ctx.tiers.each("captions", "max_chars_per_line"):
        report = lint_subtitles(subs, max_chars_per_line=limit.value)  # type: ignore[arg-type]
        if report.max_line_chars > limit.value:
            yield ctx.limit_finding(
                LINE_LENGTH.id, tier, limit,
                f"subtitle lines are up to {report.max_line_chars} characters; "
                f"they read best at {limit.value}",
                key=("media", index, "captions"), measured=report.max_line_chars,
                limit=limit.value, unit="characters", fixable=True,
            )


def check_item(ctx: ItemContext) -> Iterator[Finding]:
    for index, subs in ctx.subtitles.items():
        from ..media.subtitles.lint import lint_subtitles  # only for a post with subtitles

        facts = ctx.media_facts(index)
        duration = facts.duration if facts is not None else None
        report = lint_subtitles(subs, video_duration=duration, max_chars_per_line=10_000,
                                max_lines=100)
        asset = ctx.item.media[index]
        for issue in report.issues:
            if issue.code not in _TIMING_CODES:
                continue
            line = f" (line {issue.line})" if issue.line else ""
            cue = f"cue {issue.cue}: " if issue.cue else ""
            yield ctx.finding(TIMING.id, f"{asset.captions}{line}: {cue}{issue.message}",
                              severity="warning", key=("media", index, "captions"))
        if report.coverage is not None and report.coverage < MIN_COVERAGE:
            yield ctx.finding(
                COVERAGE.id,
                f"{asset.captions} has cues on screen for {report.coverage:.0%} of "
                f"{asset.path}", severity="info", key=("media", index, "captions"),
                measured=round(report.coverage, 3), limit=MIN_COVERAGE, unit="share",
            )


RULES = (
    Rule(MISSING, "target", check_targets, also=(FORMAT, LINE_LENGTH)),
    Rule(TIMING, "item", check_item, also=(COVERAGE,)),
)
