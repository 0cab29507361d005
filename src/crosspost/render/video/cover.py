"""Choose and write a cover frame: sharp, not black, in the variant's own framing.

Platforms show the first frame when no cover is given, and explainers often open on a black or
faded frame. We sample small grey frames across the trim window, score them for sharpness and
exposure, and take the best one at full size. When the video variants of the source are
encoded, that happens inside their one decode (``cover_taps``): the same pass writes the grey
samples and, per cover framing, each sampled frame as a JPEG, and the best is kept; the choice
is made once, on the displayed source, and shared by every framing. Otherwise (only covers
are stale, or the video is remuxed) one sampling run chooses the time for every framing and
each cover is extracted at it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...variant.video_ops import CoverOp, Frame
from .encode import Tap
from .filters import display_chain, frame_chain

__all__ = ["SAMPLES", "CoverTaps", "best_frame", "choose_times", "cover_taps", "frame_score",
           "write_cover"]

#: Frames sampled across the window; enough to skip fades, cheap at 160 pixels wide.
SAMPLES = 24
THUMB_WIDTH = 160
#: Mean luma below this (0..255) is a black frame, above ``_WHITE`` a white flash.
_BLACK = 28.0
_WHITE = 235.0


def frame_score(gray: Sequence[int] | bytes, width: int, height: int) -> float:
    """Sharpness (mean absolute Laplacian) times an exposure weight; black frames score ~0.

    With Pillow, whose import costs a fifth of numpy's: on a video adapt that was a tenth of
    the Python around the encode. The Laplacian is summed in 32-bit floats, exact for these
    integers; the mean and deviation come from the histogram."""
    from PIL import Image, ImageMath, ImageStat

    image = Image.frombytes("L", (width, height), bytes(gray))
    stat = ImageStat.Stat(image)
    mean, spread = stat.mean[0], stat.stddev[0]
    if mean < _BLACK or mean > _WHITE or spread < 4.0 or width < 3 or height < 3:
        return 0.0
    pixels = image.convert("F")
    w, h = width, height
    shifted = {  # the interior and its four neighbours, as images of the interior's size
        "c": pixels.crop((1, 1, w - 1, h - 1)), "n": pixels.crop((1, 0, w - 1, h - 2)),
        "s": pixels.crop((1, 2, w - 1, h)), "w": pixels.crop((0, 1, w - 2, h - 1)),
        "e": pixels.crop((2, 1, w, h - 1)),
    }
    lap = ImageMath.lambda_eval(
        lambda p: abs(p["c"] * 4 - p["n"] - p["s"] - p["w"] - p["e"]), **shifted)
    assert isinstance(lap, Image.Image)
    average = lap.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # the mean
    exposure = 1.0 - abs(mean - 128.0) / 160.0
    return float(average) * exposure  # type: ignore[arg-type]


def best_frame(scores: Sequence[float]) -> int:
    """Index of the best score; ties go to the earliest frame (closest to the opening)."""
    if not scores:
        raise ValueError("no frames to choose from")
    return max(range(len(scores)), key=lambda i: (scores[i], -i))


def _choose_time(source: Path, op: CoverOp, ffmpeg: str | None) -> float:
    from ...media.ffmpeg import input_args, run_ffmpeg

    span = op.end - op.start
    rate = SAMPLES / span
    w = THUMB_WIDTH
    h = max(2, 2 * round(w * op.frame.height / op.frame.width / 2))
    chain = (f"{display_chain(op.frame)},fps={rate:.6f},{frame_chain(op.frame, 'c', op.start)},"
             f"scale={w}:{h},format=gray")
    with tempfile.TemporaryDirectory(prefix="crosspost-cover-") as tmp:
        raw = Path(tmp) / "frames.gray"
        args = ["-ss", f"{op.start:.3f}", "-t", f"{span:.3f}", *input_args(source),
                "-filter_complex", f"[0:V:0]{chain}[c]", "-map", "[c]", "-an",
                "-f", "rawvideo", "file:" + str(raw)]
        run_ffmpeg(args, timeout=op.timeout, ffmpeg=ffmpeg)
        data = raw.read_bytes()
    size = w * h
    frames = [data[i:i + size] for i in range(0, len(data) - size + 1, size)]
    if not frames:
        return op.start
    index = best_frame([frame_score(f, w, h) for f in frames])
    return min(op.start + (index + 0.5) / rate, op.end - 0.001)


def write_cover(source: Path, op: CoverOp, dest: Path, ffmpeg: str | None = None) -> float:
    """Write the cover JPEG to ``dest`` (atomically); returns the source time used."""
    from ...media.ffmpeg import input_args, run_ffmpeg
    from ...output.atomic import atomic_path

    at = op.at if op.at is not None else _choose_time(source, op, ffmpeg)
    at = min(max(at, op.start), max(op.end - 0.001, op.start))
    at = round(at, 3)  # the seek below is written with 3 decimals; the crop path's clock too
    chain = f"{display_chain(op.frame)},{frame_chain(op.frame, 'c', at)},format=yuvj420p"
    with atomic_path(dest) as temp:
        args = ["-y", "-ss", f"{at:.3f}", *input_args(source),
                "-filter_complex", f"[0:V:0]{chain}[c]", "-map", "[c]", "-frames:v", "1",
                "-an", "-map_metadata", "-1", "-c:v", "mjpeg", "-q:v", "3",
                "-f", "image2pipe", "file:" + str(temp.resolve())]
        run_ffmpeg(args, timeout=op.timeout, ffmpeg=ffmpeg)
        if temp.stat().st_size == 0:
            from ...errors import OutputError

            raise OutputError(f"ffmpeg wrote no cover frame at {at:.3f} s of {source}")
    return at


def _thumb_size(frame: Frame) -> tuple[int, int]:
    """Grey sample size for the displayed source: 160 wide, even height."""
    w = THUMB_WIDTH
    return w, max(2, 2 * round(w * frame.source_height / frame.source_width / 2))


def framing_key(op: CoverOp) -> str:
    return json.dumps(op.frame.model_dump(), sort_keys=True)


@dataclass(frozen=True)
class CoverTaps:
    """The outputs that choose covers inside a decode, and where they are written."""

    taps: list[Tap]
    start: float  # source seconds of the first sample
    rate: float  # samples per second
    size: tuple[int, int]  # grey sample width and height
    samples: Path
    candidates: dict[str, str]  # framing key -> JPEG name pattern in the folder

    def chosen(self, ops: Sequence[CoverOp]) -> list[Path | None]:
        """Per cover: the JPEG of the best sample inside its window (None: none there)."""
        w, h = self.size
        data = self.samples.read_bytes() if self.samples.is_file() else b""
        scores = [frame_score(data[i:i + w * h], w, h)
                  for i in range(0, len(data) - w * h + 1, w * h)]
        found: list[Path | None] = []
        for op in ops:
            inside = [i for i in range(len(scores))
                      if op.start - 1e-6 <= self.start + i / self.rate < op.end]
            if not inside:
                found.append(None)
                continue
            best = inside[best_frame([scores[i] for i in inside])]
            path = self.samples.parent / (self.candidates[framing_key(op)] % best)
            found.append(path if path.is_file() else None)
        return found


def cover_taps(ops: Sequence[CoverOp], offset: float, folder: Path) -> CoverTaps:
    """Taps for a decode that starts at source second ``offset``: grey samples of the
    displayed source across the covers' windows, and each sample as a JPEG per framing."""
    start = min(op.start for op in ops)
    end = max(op.end for op in ops)
    rate = SAMPLES / (end - start)
    window = (f"trim=start={start - offset:.3f}:end={end - offset:.3f},setpts=PTS-STARTPTS,"
              f"fps={rate:.6f}")
    w, h = _thumb_size(ops[0].frame)
    samples = folder / "cover-samples.gray"
    taps = [Tap(f"{window},scale={w}:{h},format=gray",
                ("-f", "rawvideo", "file:" + str(samples.resolve())))]
    candidates: dict[str, str] = {}
    for op in ops:
        key = framing_key(op)
        if key in candidates:
            continue
        label = f"c{len(candidates)}"
        candidates[key] = f"{label}-%03d.jpg"
        taps.append(Tap(
            f"{window},{frame_chain(op.frame, label, start)},format=yuvj420p",
            ("-c:v", "mjpeg", "-q:v", "3", "-map_metadata", "-1", "-start_number", "0",
             # image2 reads % in the whole path as a pattern: the folder's own % are doubled
             "-f", "image2", "file:" + os.path.join(str(folder.resolve()).replace("%", "%%"),
                                                    candidates[key])),
        ))
    return CoverTaps(taps, start, rate, (w, h), samples, candidates)


def choose_times(source: Path, ops: Sequence[CoverOp], ffmpeg: str | None = None
                 ) -> list[float]:
    """The cover time of every op: its own ``at``, or one choice per window shared by every
    framing (made on the displayed source)."""
    chosen: dict[tuple[float, float], float] = {}
    times = []
    for op in ops:
        if op.at is None:
            window = (op.start, op.end)
            if window not in chosen:
                neutral = Frame(source_width=op.frame.source_width,
                                source_height=op.frame.source_height, fit="scale",
                                width=_thumb_size(op.frame)[0], height=_thumb_size(op.frame)[1])
                chosen[window] = _choose_time(source, op.model_copy(update={"frame": neutral}),
                                              ffmpeg)
            times.append(chosen[window])
        else:
            times.append(op.at)
    return times
