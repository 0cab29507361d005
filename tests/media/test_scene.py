"""Shot cuts from frame distances, the crop path's ffmpeg expression, streamed decoding."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.errors import ToolError
from crosspost.media.ffmpeg import input_args, stream_ffmpeg
from crosspost.media.scene.shots import cuts
from crosspost.render.video.filters import crop_expression
from crosspost.testing import encode, ffmpeg_path
from crosspost.variant.crop_path import CropPath, ShotWindow, position


def test_a_spike_is_a_cut_motion_and_fades_are_not() -> None:
    times = [i / 25 for i in range(101)]
    steady = [0.05 + 0.02 * math.sin(i) for i in range(100)]
    assert cuts(steady, times) == []
    spiked = list(steady)
    spiked[49] = 1.2
    assert cuts(spiked, times) == [pytest.approx((times[49] + times[50]) / 2)]
    fade = [0.2] * 100  # every frame changes a little: no single cut
    assert cuts(fade, times) == []
    early = list(steady)
    early[3] = 1.5  # a flash in the first half second is not a shot
    assert cuts(early, times) == []


def _eval(expr: str, t: float) -> float:
    text = expr.replace("\\,", ",")
    text = re.sub(r"\bt\b", repr(t), text)
    return float(eval(text, {"gte": lambda a, b: float(a >= b),
                              "clip": lambda v, lo, hi: min(max(v, lo), hi)}))


keys = st.lists(st.tuples(st.floats(0.01, 2.0), st.floats(0, 1000)), min_size=1, max_size=8)


@settings(max_examples=100, deadline=None)
@given(st.lists(keys, min_size=1, max_size=4), st.floats(0, 3), st.floats(0, 30))
def test_expression_is_the_planned_path(shots: list[list[tuple[float, float]]], offset: float,
                                        at: float) -> None:
    windows, t0 = [], 0.0
    for raw in shots:
        ts, t = [], t0
        for step, x in raw:
            ts.append((round(t, 4), round(x, 2)))
            t += step
        end = round(t + 0.5, 4)
        windows.append(ShotWindow(start=t0, end=end, motion="pan", keys=ts, kept=1.0))
        t0 = end
    path = CropPath(axis="x", w=100, h=100, source="subject", shots=windows)
    expected = position(path, at + offset)[0]
    assert _eval(crop_expression(path, offset), at) == pytest.approx(expected, abs=0.01)


def test_stream_yields_whole_frames_and_stops_cleanly(tmp_path: Path) -> None:
    video = encode(ffmpeg_path(), tmp_path / "v.mp4", "-f", "lavfi", "-i",
                   "testsrc2=s=64x36:r=10:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p")
    args = [*input_args(video), "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]
    pieces = list(stream_ffmpeg(args, chunk=64 * 36, timeout=30))
    assert len(pieces) == 20
    assert all(len(p) == 64 * 36 for p in pieces)
    stream = stream_ffmpeg(args, chunk=64 * 36, timeout=30)
    next(stream)
    stream.close()  # the consumer stops early: ffmpeg is ended, nothing raised


def test_stream_reports_ffmpeg_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x01 not a video" * 100)
    with pytest.raises(ToolError, match="ffmpeg failed"):
        list(stream_ffmpeg([*input_args(bad), "-f", "rawvideo", "pipe:1"], chunk=10,
                           timeout=30))
