"""Encoder rate settings that keep an output under a byte limit, and the size they promise.

x264 in CRF mode picks the bits a picture needs; a VBV cap (``-maxrate``/``-bufsize``) bounds
them: over any stretch of time the video never takes more than ``maxrate x seconds +
bufsize`` bits. So the cap is derived from the duration and the byte limit (less a margin for
the container and for audio), and the same formula gives an upper bound of the file size that
the re-check holds against the limit before anything is encoded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Rates", "plan_rates", "size_bound"]

#: Bits per pixel per frame at which x264 (CRF ~23) is visually transparent for social video;
#: used as the cap when no byte limit is tighter, so a noisy source cannot balloon the file.
CEILING_BITS_PER_PIXEL = 0.12
#: Below this a 720p picture falls apart; a plan that needs less cannot fit and says so.
MIN_VIDEO_BITRATE = 150_000
#: VBV buffer in seconds of maxrate: 2 s lets x264 spend bits on hard scenes.
BUFFER_SECONDS = 2.0
#: MP4 index and headers: a fixed part plus a share of the payload.
CONTAINER_FIXED = 64 * 1024
CONTAINER_SHARE = 0.01
#: AAC in ABR mode overshoots its nominal rate a little.
AUDIO_SLACK = 1.05


@dataclass(frozen=True)
class Rates:
    """Video cap, buffer and audio rate in bits per second, and the promised byte bound."""

    maxrate: int
    bufsize: int
    audio_bitrate: int
    max_bytes: int
    fits: bool


def size_bound(duration: float, maxrate: int, bufsize: int, audio_bitrate: int) -> int:
    """Largest file x264's VBV and the audio rate allow for ``duration`` seconds."""
    payload = (maxrate * duration + bufsize + audio_bitrate * AUDIO_SLACK * duration) / 8
    return math.ceil(payload * (1 + CONTAINER_SHARE) + CONTAINER_FIXED)


def plan_rates(
    duration: float,
    width: int,
    height: int,
    fps: float,
    *,
    audio_bitrate: int,
    max_bytes: int | None,
    margin: float,
) -> Rates:
    """The highest cap that keeps ``size_bound`` under ``max_bytes x (1 - margin)``."""
    ceiling = max(MIN_VIDEO_BITRATE, round(width * height * fps * CEILING_BITS_PER_PIXEL))
    maxrate = ceiling
    if max_bytes is not None:
        budget = max_bytes * (1 - margin)
        payload_bits = ((budget - CONTAINER_FIXED) / (1 + CONTAINER_SHARE)) * 8
        video_bits = payload_bits - audio_bitrate * AUDIO_SLACK * duration
        maxrate = min(ceiling, math.floor(video_bits / (duration + BUFFER_SECONDS)))
    fits = maxrate >= MIN_VIDEO_BITRATE
    maxrate = max(maxrate, MIN_VIDEO_BITRATE)
    bufsize = round(maxrate * BUFFER_SECONDS)
    bound = size_bound(duration, maxrate, bufsize, audio_bitrate)
    return Rates(maxrate, bufsize, audio_bitrate, bound, fits)
