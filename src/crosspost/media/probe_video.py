"""Read a video's facts, refusing files crosspost must not process.

MP4/MOV/M4V and Matroska/WebM headers are read in Python (``crosspost.media.container``), well
under a millisecond; an MP4 needs no process at all, a Matroska file still gets the packet scan
of ``video_integrity``. Anything else, and any file that reader is not sure of,
goes to one short ffmpeg run (and the two key-frame decodes of ``video_frames``), which gives
three views: the ``-print_graphs_format json`` file
(structured list of streams and the demuxer; the authority on what exists), ``-f ffmetadata``
on stdout (structured global tags) and the stderr summary (sizes, rates, codecs, rotation).
Nothing is decoded, so probing stays fast for long files; the budgets stop absurd headers
before any render allocates frames.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from crosspost.errors import MediaError
from crosspost.media.budgets import (
    DEFAULT_MAX_DURATION,
    DEFAULT_MAX_VIDEO_PIXELS,
    DEFAULT_PROBE_TIMEOUT,
)
from crosspost.media.container import Contradiction, read_container
from crosspost.media.facts import VideoFacts
from crosspost.media.ffmetadata import parse_ffmetadata
from crosspost.media.ffmpeg import CompletedRun, exit_status, input_args, input_url, run_ffmpeg
from crosspost.media.ffmpeg_dump import DumpError, InputDump, StreamInfo, parse_input_dump
from crosspost.media.ffmpeg_input import refuse_text_container
from crosspost.media.files import check_media_file
from crosspost.media.video_frames import check_frame_sizes
from crosspost.media.video_integrity import check_video_data, refuse_short_data

__all__ = [
    "DEFAULT_MAX_DURATION",
    "DEFAULT_MAX_VIDEO_PIXELS",
    "DEFAULT_PROBE_TIMEOUT",
    "probe_video",
]


# First boxes of a real MP4/MOV; other data that ffmpeg merely guessed to be MP4 is garbage.
_MP4_BOXES = (b"ftyp", b"mdat", b"moov", b"free", b"skip", b"wide", b"uuid", b"pnot")
_LOCATION_KEYS = ("location", "com.apple.quicktime.location", "gps")


def probe_video(
    path: str | Path,
    *,
    max_duration: float = DEFAULT_MAX_DURATION,
    max_pixels: int = DEFAULT_MAX_VIDEO_PIXELS,
    timeout: float = DEFAULT_PROBE_TIMEOUT,
    ffmpeg: str | None = None,
    native: bool = True,
) -> VideoFacts:
    """Return the facts of the first real video stream of ``path`` (cover art is skipped).

    ``native=False`` skips the Python container reader and asks ffmpeg (for comparisons)."""
    text = os.fspath(path)
    size = check_media_file(text, kind="video file")
    with open(text, "rb") as handle:
        head = handle.read(1024)
        refuse_text_container(text, head)
        try:
            described = read_container(handle, size, head) if native else None
        except Contradiction as exc:
            raise MediaError(f"video header disagrees with its frames: {exc}; a player may "
                             "show it at the wrong size: export it again", path=text) from None
    if described is not None:
        video = _pick_video(text, described.dump)
        facts = _facts(text, size, described.dump, video, described.tags,
                       max_duration=max_duration, max_pixels=max_pixels)
        if described.data_seconds is not None:
            refuse_short_data(text, facts, described.data_seconds)
        elif not described.data_checked:
            check_video_data(text, facts, timeout=timeout, ffmpeg=ffmpeg)
        return facts
    args = input_args(text)
    args += ["-map_metadata", "0", "-vn", "-an", "-sn", "-dn", "-f", "ffmetadata", "pipe:1"]
    listed: list[str] | None = None
    with tempfile.TemporaryDirectory(prefix="crosspost-probe-") as tmp:
        graphs = os.path.join(tmp, "graphs.json")
        graph_args = ["-print_graphs_format", "json", "-print_graphs_file", "file:" + graphs]
        run = run_ffmpeg(graph_args + args, timeout=timeout, check=False, ffmpeg=ffmpeg)
        if run.returncode != 0 and "Unrecognized option 'print_graphs" in run.stderr:
            # ffmpeg before 8.0: no structured stream list, so no cross-check either.
            run = run_ffmpeg(args, timeout=timeout, check=False, ffmpeg=ffmpeg)
        elif run.returncode == 0:
            listed = _listed_streams(text, graphs)
        if run.returncode != 0:
            raise _open_failure(text, run, head)
    try:
        dump = parse_input_dump(run.stderr, input_url(text))
        tags = parse_ffmetadata(run.stdout)
    except (DumpError, ValueError) as exc:
        raise MediaError(
            f"could not read ffmpeg's description of the file: {exc}", path=text
        ) from None
    if listed is not None:
        _cross_check(text, dump, listed)
    video = _pick_video(text, dump)
    facts = _facts(text, size, dump, video, tags, max_duration=max_duration,
                   max_pixels=max_pixels)
    check_video_data(text, facts, timeout=timeout, ffmpeg=ffmpeg)
    check_frame_sizes(text, (video.width or 0, video.height or 0), container=facts.container,
                      size=size, duration=facts.duration, timeout=timeout, ffmpeg=ffmpeg)
    return facts


def _open_failure(path: str, run: CompletedRun, head: bytes) -> MediaError:
    err = run.stderr
    if "moov atom not found" in err and head[4:8] in _MP4_BOXES:
        return MediaError(
            "has no moov atom: the MP4/MOV is incomplete (recording interrupted or upload cut "
            "off); export it again",
            path=path,
        )
    if "Format not on whitelist" in err:
        return MediaError(
            "is not a video container crosspost accepts (expected MP4/MOV, MKV/WebM, AVI or "
            "MPEG-TS)",
            path=path,
        )
    if "Protocol not on whitelist" in err:
        return MediaError("refers to other files or URLs; crosspost opens only the file", path=path)
    if "Invalid data found when processing input" in err:
        return MediaError(
            "is not a readable video (ffmpeg found invalid data; expected MP4/MOV, MKV/WebM, "
            "AVI or MPEG-TS)",
            path=path,
        )
    if run.returncode < 0:  # killed by a signal: ffmpeg itself crashed, the tail says nothing
        return MediaError(
            f"ffmpeg {exit_status(run.returncode)} while reading the file", path=path
        )
    return MediaError(f"ffmpeg could not open the video:\n{run.stderr_tail(4)}", path=path)


def _listed_streams(path: str, graphs: str) -> list[str]:
    """Media types of the input's streams from the structured graph description."""
    try:
        with open(graphs, encoding="utf-8", errors="surrogateescape") as handle:
            data: Any = json.load(handle)
        streams = data["inputfiles"][0]["inputstreams"]
        return [str(stream["media_type"]) for stream in streams]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise MediaError(f"ffmpeg did not describe the file's streams ({exc})", path=path) from exc


def _cross_check(path: str, dump: InputDump, listed: list[str]) -> None:
    kinds = [stream.kind.lower() for stream in dump.streams]
    if kinds != listed:
        raise MediaError(
            f"ffmpeg's stream summary is inconsistent ({kinds} vs {listed}); the file's metadata "
            "may be crafted",
            path=path,
        )


def _pick_video(path: str, dump: InputDump) -> StreamInfo:
    for stream in dump.streams:
        if stream.kind == "Video" and not stream.attached_pic:
            return stream
    if any(stream.kind == "Audio" for stream in dump.streams):
        raise MediaError("has no video stream (audio only); expected a video", path=path)
    raise MediaError("has no video stream; expected a video", path=path)


def _facts(
    path: str,
    size: int,
    dump: InputDump,
    video: StreamInfo,
    tags: dict[str, str],
    *,
    max_duration: float,
    max_pixels: int,
) -> VideoFacts:
    if not video.width or not video.height:
        raise MediaError(f"video stream #{video.index} has no frame size", path=path)
    coded = video.width * video.height
    if coded > max_pixels:
        raise MediaError(
            f"video is {video.width}x{video.height} ({coded / 1e6:.1f} MP per frame), more than "
            f"the budget of {max_pixels / 1e6:.1f} MP",
            path=path,
        )
    if dump.duration is None or dump.duration <= 0:
        raise MediaError("has no duration (empty or a live stream); expected a video", path=path)
    if dump.duration > max_duration:
        raise MediaError(
            f"is {_hms(dump.duration)} long, more than the budget of {_hms(max_duration)}",
            path=path,
        )
    if video.fps is None:
        raise MediaError(f"video stream #{video.index} has no frame rate", path=path)
    rotation = _clockwise(video)
    width = video.width
    if video.sar is not None and video.sar != (1, 1):
        width = max(1, round(width * video.sar[0] / video.sar[1]))
    height = video.height
    if rotation in (90, 270):
        width, height = height, width
    audio = next((s for s in dump.streams if s.kind == "Audio"), None)
    all_tags = [tags, *(stream.tags for stream in dump.streams)]
    return VideoFacts(
        path=path,
        container=dump.container,
        brand=(tags.get("major_brand") or None),
        duration=dump.duration,
        width=width,
        height=height,
        rotation=rotation,
        fps=video.fps,
        video_codec=video.codec,
        pixel_format=video.pixel_format,
        audio_codec=audio.codec if audio else None,
        audio_channels=(audio.channels or 0) if audio else 0,
        audio_sample_rate=audio.sample_rate if audio else None,
        bitrate=dump.bitrate or _average_bitrate(size, dump.duration),
        bytes=size,
        has_location=any(_is_location(key, value) for t in all_tags for key, value in t.items()),
    )


def _clockwise(video: StreamInfo) -> Literal[0, 90, 180, 270]:
    """ffmpeg prints the display matrix angle counter-clockwise; old files have a ``rotate`` tag
    that is already clockwise."""
    if video.rotation is not None:
        degrees = -video.rotation
    else:
        try:
            degrees = float(video.tags.get("rotate", "0"))
        except ValueError:
            degrees = 0.0
    turned = round(degrees / 90) % 4
    if turned == 1:
        return 90
    if turned == 2:
        return 180
    if turned == 3:
        return 270
    return 0


def _is_location(key: str, value: str) -> bool:
    lowered = key.lower()
    return bool(value.strip()) and any(lowered.startswith(k) for k in _LOCATION_KEYS)


def _average_bitrate(size: int, duration: float) -> int | None:
    bits = round(size * 8 / duration)
    return bits if bits > 0 else None


def _hms(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
