"""Media facts for crosspost: probe images, videos and subtitles, and adapt subtitles.

Importing this package is cheap: its names are imported from their modules on first use
(PEP 562), and Pillow, imageio-ffmpeg and numpy inside the functions that need them, so
``crosspost --help`` and the check of a post without media do not pay for them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "CompletedRun": "crosspost.media.ffmpeg",
    "DEFAULT_MAX_DURATION": "crosspost.media.probe_video",
    "DEFAULT_MAX_IMAGE_PIXELS": "crosspost.media.probe_image",
    "DEFAULT_MAX_SUBTITLE_BYTES": "crosspost.media.subtitles.parse",
    "DEFAULT_MAX_VIDEO_PIXELS": "crosspost.media.probe_video",
    "DEFAULT_PROBE_TIMEOUT": "crosspost.media.probe_video",
    "FFMPEG_ENV": "crosspost.media.ffmpeg",
    "FakeProber": "crosspost.media.prober",
    "FileProber": "crosspost.media.prober",
    "IMAGE_FORMATS": "crosspost.media.probe_image",
    "ImageFacts": "crosspost.media.facts",
    "ProbeCache": "crosspost.media.cache",
    "Prober": "crosspost.media.prober",
    "SubtitleCue": "crosspost.media.facts",
    "SubtitleFormat": "crosspost.media.facts",
    "SubtitleIssue": "crosspost.media.facts",
    "SubtitleIssueCode": "crosspost.media.facts",
    "SubtitleReport": "crosspost.media.facts",
    "Subtitles": "crosspost.media.facts",
    "VIDEO_DEMUXERS": "crosspost.media.ffmpeg",
    "VideoFacts": "crosspost.media.facts",
    "find_ffmpeg": "crosspost.media.ffmpeg",
    "input_args": "crosspost.media.ffmpeg",
    "lint_subtitles": "crosspost.media.subtitles.lint",
    "load_subtitles": "crosspost.media.subtitles.parse",
    "parse_srt": "crosspost.media.subtitles.parse",
    "parse_subtitles": "crosspost.media.subtitles.parse",
    "parse_vtt": "crosspost.media.subtitles.parse",
    "retime": "crosspost.media.subtitles.edit",
    "rewrap": "crosspost.media.subtitles.edit",
    "run_ffmpeg": "crosspost.media.ffmpeg",
    "to_srt": "crosspost.media.subtitles.write",
    "to_vtt": "crosspost.media.subtitles.write",
    "verify_image": "crosspost.media.probe_image",
    "probe_image": "crosspost.media.probe_image",
    "probe_video": "crosspost.media.probe_video",
}


class _Package(types.ModuleType):
    """``probe_image`` and ``probe_video`` are also the names of their modules: importing a
    submodule sets the package attribute of the same name, which would hide the function from
    ``from crosspost.media import probe_video``. This package keeps the function instead, and
    imports it (and its module) only when it is first asked for."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("probe_image", "probe_video") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
