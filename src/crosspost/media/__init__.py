"""Media facts for crosspost: probe images, videos and subtitles, and adapt subtitles.

Importing this package is cheap: Pillow, imageio-ffmpeg and numpy are imported inside
the functions that need them, so ``crosspost --help`` and spec checks do not pay for them.
"""

from __future__ import annotations

from crosspost.media.cache import ProbeCache
from crosspost.media.facts import (
    ImageFacts,
    SubtitleCue,
    SubtitleFormat,
    SubtitleIssue,
    SubtitleIssueCode,
    SubtitleReport,
    Subtitles,
    VideoFacts,
)
from crosspost.media.ffmpeg import (
    FFMPEG_ENV,
    VIDEO_DEMUXERS,
    CompletedRun,
    find_ffmpeg,
    input_args,
    run_ffmpeg,
)
from crosspost.media.probe_image import (
    DEFAULT_MAX_IMAGE_PIXELS,
    IMAGE_FORMATS,
    probe_image,
    verify_image,
)
from crosspost.media.probe_video import (
    DEFAULT_MAX_DURATION,
    DEFAULT_MAX_VIDEO_PIXELS,
    DEFAULT_PROBE_TIMEOUT,
    probe_video,
)
from crosspost.media.prober import FakeProber, FileProber, Prober
from crosspost.media.subtitles.edit import retime, rewrap
from crosspost.media.subtitles.lint import lint_subtitles
from crosspost.media.subtitles.parse import (
    DEFAULT_MAX_SUBTITLE_BYTES,
    load_subtitles,
    parse_srt,
    parse_subtitles,
    parse_vtt,
)
from crosspost.media.subtitles.write import to_srt, to_vtt

__all__ = [
    "DEFAULT_MAX_DURATION",
    "DEFAULT_MAX_IMAGE_PIXELS",
    "DEFAULT_MAX_SUBTITLE_BYTES",
    "DEFAULT_MAX_VIDEO_PIXELS",
    "DEFAULT_PROBE_TIMEOUT",
    "FFMPEG_ENV",
    "IMAGE_FORMATS",
    "VIDEO_DEMUXERS",
    "CompletedRun",
    "FakeProber",
    "FileProber",
    "ImageFacts",
    "ProbeCache",
    "Prober",
    "SubtitleCue",
    "SubtitleFormat",
    "SubtitleIssue",
    "SubtitleIssueCode",
    "SubtitleReport",
    "Subtitles",
    "VideoFacts",
    "find_ffmpeg",
    "input_args",
    "lint_subtitles",
    "load_subtitles",
    "parse_srt",
    "parse_subtitles",
    "parse_vtt",
    "probe_image",
    "probe_video",
    "retime",
    "rewrap",
    "run_ffmpeg",
    "to_srt",
    "to_vtt",
    "verify_image",
]
