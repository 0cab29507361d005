"""What the container readers share: the "not sure" signal and ffmpeg's way of printing facts.

The readers produce the same facts ffmpeg's input summary gives (the probe's other source), so
values are rounded as ffmpeg prints them: a cached fact does not depend on which reader made it.
"""

from __future__ import annotations

import math

from crosspost.media.ffmpeg_dump import snap_ntsc

__all__ = ["Contradiction", "Unsure", "printed_bitrate", "printed_duration", "printed_rate",
           "rotation_of"]


class Unsure(Exception):
    """The reader cannot vouch for a fact of this file; ffmpeg reads it instead."""


class Contradiction(Exception):
    """The container's header and the codec's own header disagree: the file is refused.

    ffmpeg (and the readers) report what the decoder produces, so crosspost's verdicts hold,
    but a file copied to a platform as it is would carry the false header with it."""


def printed_duration(microseconds: int) -> float:
    """Seconds as ffmpeg's summary prints them (``HH:MM:SS.cc``, rounded to centiseconds)."""
    centis = (microseconds + 5000) // 10000
    return centis / 100


def printed_bitrate(size: int, microseconds: int) -> int | None:
    """ffmpeg's overall bit rate (file size over duration), as printed in whole kb/s."""
    if microseconds <= 0:
        return None
    kbps = int(size * 8.0 * 1_000_000 / microseconds) // 1000
    return kbps * 1000 if kbps > 0 else None


def printed_rate(fps: float) -> float | None:
    """A frame rate as ffmpeg prints it (2 decimals, ``k`` above 1000), NTSC rates restored."""
    hundredths = round(fps * 100)
    if hundredths == 0:
        text = f"{fps:1.4f}"
    elif hundredths % 100:
        text = f"{fps:3.2f}"
    elif hundredths % (100 * 1000):
        text = f"{fps:1.0f}"
    else:
        text = f"{fps / 1000:1.0f}"
        return snap_ntsc(float(text) * 1000)
    return snap_ntsc(float(text))


def rotation_of(matrix: tuple[float, float, float, float]) -> float | None:
    """ffmpeg's display-matrix angle (counter-clockwise degrees) of ``(a, b, c, d)``, or None
    for the identity; Unsure for flips, scaling and angles other than quarter turns."""
    a, b, c, d = matrix
    if (a, b, c, d) == (1.0, 0.0, 0.0, 1.0):
        return None
    if a * d - b * c <= 0 or {abs(a), abs(b), abs(c), abs(d)} != {0.0, 1.0}:
        raise Unsure("display matrix with a flip, a scale or a skew")
    scale0 = math.hypot(a, c)
    scale1 = math.hypot(b, d)
    angle = -math.degrees(math.atan2(b / scale1, a / scale0))
    return float(f"{angle:.2f}") + 0.0
