"""The ``Prober`` interface the rest of crosspost uses to learn about media files.

Checks depend on this protocol, not on Pillow or ffmpeg: production code passes a
``FileProber``; tests of other modules pass a ``FakeProber`` filled with hand-made facts and
never touch real media.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from crosspost.errors import CrosspostError, MediaError
from crosspost.media.budgets import (
    DEFAULT_MAX_DURATION,
    DEFAULT_MAX_VIDEO_PIXELS,
    DEFAULT_PROBE_TIMEOUT,
)
from crosspost.media.cache import ProbeCache
from crosspost.media.image_limits import ImageLimits
from crosspost.media.subtitles.bounds import SubtitleLimits

if TYPE_CHECKING:  # the facts models load with the first medium probed, not for a text post
    from pydantic import BaseModel

    from crosspost.media.disk_cache import DiskStore
    from crosspost.media.facts import ImageFacts, Subtitles, VideoFacts
    from crosspost.media.pixels.analysis import Analysis
    from crosspost.media.pixels.store import PixelStore
    from crosspost.media.scene.model import Scene

    Facts = ImageFacts | VideoFacts | Subtitles | Scene
    F = TypeVar("F", ImageFacts, VideoFacts, Subtitles)

__all__ = ["FakeProber", "FileProber", "Prober", "SceneProber", "image_limits_of"]


@runtime_checkable
class Prober(Protocol):
    """Answers "what is this file?"; raises MediaError/SubtitleError for unusable files."""

    def image(self, path: str | Path) -> ImageFacts: ...

    def video(self, path: str | Path) -> VideoFacts: ...

    def subtitles(self, path: str | Path) -> Subtitles: ...

    def analyse(self, path: str | Path) -> Analysis:
        """What the planner needs from an image's pixels: subject, alpha, format hints."""
        ...


@runtime_checkable
class SceneProber(Protocol):
    """A Prober that can also say what a video shows (shots and subjects) for reframing."""

    def scene(self, path: str | Path) -> Scene: ...


class FileProber:
    """Probes real files with Pillow and ffmpeg, within budgets, through a cache."""

    def __init__(
        self,
        *,
        cache: ProbeCache | None = None,
        max_image_pixels: int | None = None,
        image_limits: ImageLimits | None = None,
        max_video_pixels: int = DEFAULT_MAX_VIDEO_PIXELS,
        max_duration: float = DEFAULT_MAX_DURATION,
        max_subtitle_bytes: int | None = None,
        subtitle_limits: SubtitleLimits | None = None,
        timeout: float = DEFAULT_PROBE_TIMEOUT,
        ffmpeg: str | None = None,
        persistent: bool = False,
    ) -> None:
        """``persistent`` keeps facts across runs in the user's cache folder (the CLI's choice:
        re-checking a repository should not probe unchanged media again). ``image_limits``
        bound every image probe and decode (``max_image_pixels`` replaces its pixel count);
        ``subtitle_limits`` every subtitle file (``max_subtitle_bytes`` replaces its size)."""
        image_limits = image_limits or ImageLimits()
        if max_image_pixels is not None:
            from dataclasses import replace

            image_limits = replace(image_limits, max_pixels=max_image_pixels)
        self.image_limits = image_limits
        subtitle_limits = subtitle_limits or SubtitleLimits()
        if max_subtitle_bytes is not None:
            from dataclasses import replace

            subtitle_limits = replace(subtitle_limits, max_bytes=max_subtitle_bytes)
        self.subtitle_limits = subtitle_limits
        if cache is None:
            cache = ProbeCache(store=_disk_store() if persistent else None)
        self.cache = cache
        self.max_image_pixels = image_limits.max_pixels
        self.max_video_pixels = max_video_pixels
        self.max_duration = max_duration
        self.max_subtitle_bytes = subtitle_limits.max_bytes
        self.timeout = timeout
        self.ffmpeg = ffmpeg
        self._pixels: PixelStore | None = None

    @property
    def pixels(self) -> PixelStore:
        """This prober's analyses and the decodes it keeps for the renderer (made on use)."""
        if self._pixels is None:
            from crosspost.media.pixels.store import PixelStore

            self._pixels = PixelStore(limits=self.image_limits)
        return self._pixels

    def analyse(self, path: str | Path) -> Analysis:
        return self.pixels.analyse(path, self.image(path))  # the cached probe, not another

    def identity(self) -> dict[str, object]:
        """What the facts depend on besides the files: the limits (for result caches)."""
        return {"prober": type(self).__name__, "image_limits": self.image_limits.key(),
                "max_video_pixels": self.max_video_pixels, "max_duration": self.max_duration,
                "subtitle_limits": self.subtitle_limits.key(), "timeout": self.timeout,
                "ffmpeg": self.ffmpeg}

    def image(self, path: str | Path) -> ImageFacts:
        from crosspost.media.probe_image import probe_image

        kind = f"image:{self.image_limits.key()}"
        return self.cache.get(kind, path, lambda: probe_image(path, limits=self.image_limits))

    def video(self, path: str | Path) -> VideoFacts:
        from crosspost.media.probe_video import probe_video

        kind = f"video:{self.max_video_pixels}:{self.max_duration}"
        return self.cache.get(
            kind,
            path,
            lambda: probe_video(
                path,
                max_duration=self.max_duration,
                max_pixels=self.max_video_pixels,
                timeout=self.timeout,
                ffmpeg=self.ffmpeg,
            ),
        )

    def scene(self, path: str | Path) -> Scene:
        """Shots and subjects of a video, from one low-resolution decode (cached like facts:
        every target of the source plans from the same analysis)."""
        from crosspost.media.scene.analyse import ANALYSIS_VERSION, analyse_video

        facts = self.video(path)
        return self.cache.get(
            f"scene:{ANALYSIS_VERSION}", path,
            lambda: analyse_video(path, facts.width, facts.height, facts.duration, facts.fps,
                                  timeout=self.timeout + 2 * facts.duration,
                                  ffmpeg=self.ffmpeg),
        )

    def subtitles(self, path: str | Path) -> Subtitles:
        from crosspost.media.subtitles.parse import load_subtitles

        kind = f"subtitles:{self.subtitle_limits.key()}"
        return self.cache.get(
            kind, path, lambda: load_subtitles(path, limits=self.subtitle_limits)
        )


def _disk_store() -> DiskStore | None:
    from crosspost.media.disk_cache import DiskStore, default_cache_dir

    folder = default_cache_dir()
    if folder is None:
        return None
    return DiskStore(folder, _facts_models)


def _facts_models() -> dict[str, type[BaseModel]]:
    """The model of each kind of fact the disk cache keeps, imported when one is first read
    or written: a post without media never needs them."""
    from crosspost.media.facts import ImageFacts, Subtitles, VideoFacts
    from crosspost.media.scene.model import Scene

    return {"image": ImageFacts, "video": VideoFacts, "subtitles": Subtitles, "scene": Scene}


def image_limits_of(prober: Prober | None) -> ImageLimits:
    """The image limits ``prober`` reads under: a ``FileProber``'s (the configuration's
    ``[limits]``), else the defaults. The planner decides what fits them (an animation's
    frames), so ``check`` and ``adapt`` must ask the one prober of the run."""
    limits = getattr(prober, "image_limits", None)
    return limits if isinstance(limits, ImageLimits) else ImageLimits()


class FakeProber:
    """A Prober backed by a dict, for tests: ``FakeProber({"a.jpg": ImageFacts(...)})``.

    A value may also be an exception instance, which is raised when that path is probed.
    Every call is recorded in ``calls`` as ``(kind, path)``.
    """

    def __init__(self, facts: Mapping[str | Path, Facts | CrosspostError] | None = None) -> None:
        self._facts: dict[str, Facts | CrosspostError] = {}
        self._analyses: dict[str, Analysis] = {}
        self.calls: list[tuple[str, str]] = []
        for path, value in (facts or {}).items():
            self.add(path, value)

    def add(self, path: str | Path, value: Facts | CrosspostError) -> None:
        from crosspost.media.scene.model import Scene

        prefix = "scene:" if isinstance(value, Scene) else ""
        self._facts[prefix + _norm(path)] = value

    def image(self, path: str | Path) -> ImageFacts:
        from crosspost.media.facts import ImageFacts

        return self._lookup("image", path, ImageFacts)

    def video(self, path: str | Path) -> VideoFacts:
        from crosspost.media.facts import VideoFacts

        return self._lookup("video", path, VideoFacts)

    def subtitles(self, path: str | Path) -> Subtitles:
        from crosspost.media.facts import Subtitles

        return self._lookup("subtitles", path, Subtitles)

    def analyse(self, path: str | Path) -> Analysis:
        """The analysis added for ``path``, else what the facts alone say (no pixels read:
        no saliency, so planning centres the subject)."""
        from crosspost.media.pixels.analysis import Analysis

        self.calls.append(("analyse", os.fspath(path)))
        found = self._analyses.get(_norm(path))
        if found is not None:
            return found
        from crosspost.media.facts import ImageFacts

        facts = self._lookup("image", path, ImageFacts)
        return Analysis(thumb=None, saliency=None, alpha_used=facts.mode in ("RGBA", "LA", "PA"),
                        png_smaller=False)

    def add_analysis(self, path: str | Path, analysis: Analysis) -> None:
        self._analyses[_norm(path)] = analysis

    def scene(self, path: str | Path) -> Scene:
        """The scene added for ``path``; MediaError without one (a planner then reframes
        without looking at the pixels)."""
        from crosspost.media.scene.model import Scene

        self.calls.append(("scene", os.fspath(path)))
        value = self._facts.get("scene:" + _norm(path))
        if not isinstance(value, Scene):
            raise MediaError("no scene analysis (FakeProber has none)", path=path)
        return value

    def _lookup(self, kind: str, path: str | Path, expected: type[F]) -> F:
        self.calls.append((kind, os.fspath(path)))
        value = self._facts.get(_norm(path))
        if value is None:
            raise MediaError(f"{kind} file does not exist (FakeProber has no facts)", path=path)
        if isinstance(value, CrosspostError):
            raise value
        if not isinstance(value, expected):
            raise MediaError(f"is a {type(value).__name__}, not a {kind} file", path=path)
        return value


def _norm(path: str | Path) -> str:
    return os.path.normpath(os.fspath(path))
