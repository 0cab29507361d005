"""Safe ffmpeg input arguments for an untrusted file name and untrusted file content.

ffmpeg treats an input "name" as a URL and its content as whatever demuxer scores best: a file
called ``concat:a|b.mp4`` or ``x:y.mp4`` is a protocol, and a text playlist called ``.mp4`` (HLS,
ffconcat) makes ffmpeg open the files or URLs listed inside. We therefore always pass an
absolute ``file:`` URL, allow only the ``file`` protocol and a short list of demuxers, and sniff
the first bytes ourselves so the user gets a clear message before ffmpeg runs at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from crosspost.errors import MediaError

__all__ = [
    "VIDEO_DEMUXERS",
    "input_args",
    "input_url",
    "refuse_text_container",
]

#: Demuxers allowed for user video. ``mov`` covers MP4/MOV/M4V/3GP, ``matroska`` covers MKV and
#: WebM, ``avi`` old cameras and screen recorders, ``mpegts`` camcorder ``.mts``/``.m2ts``.
#: Playlists and indirections (``hls``, ``concat``, ``dash``, ``image2``, ``tee``...) are absent.
VIDEO_DEMUXERS: tuple[str, ...] = ("mov", "matroska", "avi", "mpegts")

_SNIFF_BYTES = 1024
_PLAYLIST_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"#EXTM3U", "an HLS/M3U playlist"),
    (b"ffconcat", "an ffconcat playlist"),
    (b"<?xml", "an XML document (for example a DASH manifest)"),
    (b"<MPD", "a DASH manifest"),
    (b"[playlist]", "a PLS playlist"),
)


def input_url(path: str | Path) -> str:
    """Return ``file:/abs/path``: a literal file whatever characters the name contains."""
    text = os.fspath(path)
    if "\0" in text:
        raise MediaError("file name contains a NUL byte", path=text)
    return "file:" + os.path.abspath(text)


def input_args(path: str | Path, formats: Sequence[str] = VIDEO_DEMUXERS) -> list[str]:
    """Return ffmpeg arguments that open ``path`` as a local file with an allowed demuxer.

    Place the result right where ``-i FILE`` would go; options before it apply to this input.
    """
    if not formats:
        raise ValueError("formats must name at least one demuxer")
    for name in formats:
        if not name or any(c in name for c in ",\0") or name.startswith("-"):
            raise ValueError(f"invalid demuxer name {name!r}")
    return [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        ",".join(formats),
        "-i",
        input_url(path),
    ]


def refuse_text_container(path: str | Path, head: bytes) -> None:
    """Raise MediaError if ``head`` (the first bytes of the file) is a playlist or plain text.

    Every allowed container starts with binary bytes, so text is never a video; playlists get
    a message of their own because following them is what we must never do.
    """
    sample = head[:_SNIFF_BYTES]
    stripped = sample.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    for magic, what in _PLAYLIST_MAGIC:
        if stripped[: len(magic)].lower() == magic.lower():
            raise MediaError(
                f"is {what}, not a video file; crosspost never follows playlists: "
                "export the video itself",
                path=path,
            )
    if sample and _looks_like_text(sample):
        raise MediaError(
            "is a text file, not a video (expected MP4, MOV, MKV/WebM, AVI or MPEG-TS data)",
            path=path,
        )


def _looks_like_text(sample: bytes) -> bool:
    if b"\0" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off by the sample size is still text.
        if exc.start < len(sample) - 3:
            return False
        text = sample[: exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\r\n\f" for ch in text)


def read_head(path: str | Path, size: int = _SNIFF_BYTES) -> bytes:
    """Read the first ``size`` bytes of a file (helper for sniffing)."""
    with open(path, "rb") as handle:
        return handle.read(size)
