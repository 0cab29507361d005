"""The default budgets of probing a video: probe_video and the prober share them, and the
prober states them without importing the probe (a post without media loads none). Image and
caption bounds are settings (``crosspost.limits``)."""

from __future__ import annotations

__all__ = [
    "DEFAULT_MAX_DURATION",
    "DEFAULT_MAX_VIDEO_PIXELS",
    "DEFAULT_PROBE_TIMEOUT",
]

#: 10 hours: longer than any platform accepts, short enough to catch broken headers.
DEFAULT_MAX_DURATION = 10 * 3600.0
#: 16384 x 16384 coded pixels: above 8K and 360-degree video, below what exhausts memory.
DEFAULT_MAX_VIDEO_PIXELS = 16384 * 16384
DEFAULT_PROBE_TIMEOUT = 30.0
