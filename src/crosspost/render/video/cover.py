"""Choose and write a cover frame: sharp, not black, in the variant's own framing.

Platforms show the first frame when no cover is given, and explainers often open on a black or
faded frame. We sample small grey frames across the trim window, score them for sharpness and
exposure, and take the best one at full size. When the video variants of the source are
encoded, that happens inside their one decode (``cover_taps``): the same pass writes the grey
samples and, per cover framing, each sampled frame as raw full-range YUV, and only the best is
encoded as a JPEG (``save_frame``); the choice is made once, on the displayed source, and
shared by every framing. Otherwise (only covers are stale, or the video is remuxed) one
sampling run chooses the time for every framing and each cover is extracted at it. Covers
never carry burned-in captions: they are taken from the decode before the captions are drawn.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ...variant.video_ops import CoverOp, Frame
from .encode import Tap
from .filters import display_chain, frame_chain

__all__ = ["SAMPLES", "CoverTaps", "best_frame", "choose_times", "cover_taps", "frame_score",
           "gray_chain", "save_frame", "write_cover"]

#: Frames sampled across the window; enough to skip fades, cheap at 160 pixels wide.
SAMPLES = 24
THUMB_WIDTH = 160
#: Mean luma below this (0..255) is a black frame, above ``_WHITE`` a white flash.
_BLACK = 28.0
_WHITE = 235.0
#: The quantiser ffmpeg's MJPEG encoder writes at ``-q:v 3``, with which covers were made before
#: Pillow encoded them: MPEG-1's default intra matrix times 3/8, DC 8, in natural order. The
#: same steps keep the same detail (Pillow rounds to nearest, ffmpeg with a dead zone: its files
#: were about 5% smaller, Pillow's a little closer to the frame).
_QTABLE = [
    8, 6, 7, 8, 9, 10, 10, 12, 6, 6, 8, 9, 10, 10, 12, 13,
    7, 8, 9, 10, 10, 12, 12, 14, 8, 8, 9, 10, 10, 12, 13, 15,
    8, 9, 10, 10, 12, 13, 15, 18, 9, 10, 10, 12, 13, 15, 18, 21,
    9, 10, 10, 12, 14, 17, 21, 25, 10, 10, 13, 14, 17, 21, 25, 31,
]


def frame_bytes(width: int, height: int) -> int:
    """Bytes of one yuvj420p frame (chroma planes of half size, rounded up)."""
    return width * height + 2 * ((width + 1) // 2) * ((height + 1) // 2)


def save_frame(data: bytes, width: int, height: int, dest: Path | IO[bytes]) -> None:
    """Write one raw yuvj420p frame as a baseline JPEG (4:2:0, the ``_QTABLE`` steps).

    The planes go to libjpeg as they are: no colour conversion, and the chroma, doubled by
    repetition, is averaged back to the same values by the 4:2:0 subsampling. Encoding only the
    chosen frame costs a few milliseconds; ffmpeg encoding all 24 samples per framing cost
    about 1.5% of a short reel's encode."""
    from PIL import Image

    if len(data) != frame_bytes(width, height):
        raise ValueError(f"{len(data)} bytes is not one {width}x{height} yuvj420p frame")
    cw, ch = (width + 1) // 2, (height + 1) // 2
    luma = Image.frombytes("L", (width, height), data[:width * height])
    chroma = [Image.frombytes("L", (cw, ch), data[start:start + cw * ch])
              .resize((width, height), Image.Resampling.NEAREST)
              for start in (width * height, width * height + cw * ch)]
    image = Image.merge("YCbCr", [luma, *chroma])
    image.save(dest, "JPEG", qtables=[_QTABLE, _QTABLE], subsampling="4:2:0", optimize=True)


def gray_chain(width: int, height: int) -> str:
    """Grey samples for scoring, the same in the encode's taps and in a run of their own."""
    return f"scale={width}:{height},format=gray"


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
             f"{gray_chain(w, h)}")
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
    size = frame_bytes(op.frame.width, op.frame.height)
    with atomic_path(dest) as temp:
        args = ["-y", "-ss", f"{at:.3f}", *input_args(source),
                "-filter_complex", f"[0:V:0]{chain}[c]", "-map", "[c]", "-frames:v", "1",
                "-an", "-f", "rawvideo", "file:" + str(temp.resolve())]
        run_ffmpeg(args, timeout=op.timeout, ffmpeg=ffmpeg)
        data = temp.read_bytes()
        if len(data) < size:
            from ...errors import OutputError

            raise OutputError(f"ffmpeg wrote no cover frame at {at:.3f} s of {source}")
        save_frame(data[:size], op.frame.width, op.frame.height, temp)
    return at


def _thumb_size(frame: Frame) -> tuple[int, int]:
    """Grey sample size for the displayed source: 160 wide, even height."""
    w = THUMB_WIDTH
    return w, max(2, 2 * round(w * frame.source_height / frame.source_width / 2))


def framing_key(op: CoverOp) -> str:
    return json.dumps(op.frame.model_dump(), sort_keys=True)


@dataclass(frozen=True)
class Candidates:
    """The raw samples of one framing: ``frames`` of ``size``, in sample order."""

    frames: Path
    size: tuple[int, int]

    def frame(self, index: int) -> bytes | None:
        """Sample ``index`` as yuvj420p bytes, or None if ffmpeg did not write it."""
        length = frame_bytes(*self.size)
        if not self.frames.is_file():
            return None
        with self.frames.open("rb") as raw:
            raw.seek(index * length)
            data = raw.read(length)
        return data if len(data) == length else None


@dataclass(frozen=True)
class CoverTaps:
    """The outputs that choose covers inside a decode, and where they are written."""

    taps: list[Tap]
    start: float  # source seconds of the first sample
    rate: float  # samples per second
    size: tuple[int, int]  # grey sample width and height
    samples: Path
    candidates: dict[str, Candidates]  # framing key -> its raw samples

    def write(self, ops: Sequence[CoverOp], dests: Sequence[Path]) -> list[bool]:
        """Write each op's cover (the best sample inside its window) to its ``dests`` path;
        False where there is none (no sample in the window, or ffmpeg did not write it)."""
        w, h = self.size
        data = self.samples.read_bytes() if self.samples.is_file() else b""
        scores = [frame_score(data[i:i + w * h], w, h)
                  for i in range(0, len(data) - w * h + 1, w * h)]
        written = []
        for op, dest in zip(ops, dests, strict=True):
            inside = [i for i in range(len(scores))
                      if op.start - 1e-6 <= self.start + i / self.rate < op.end]
            if not inside:
                written.append(False)
                continue
            best = inside[best_frame([scores[i] for i in inside])]
            candidates = self.candidates[framing_key(op)]
            frame = candidates.frame(best)
            if frame is not None:
                save_frame(frame, *candidates.size, dest)
            written.append(frame is not None)
        return written


def cover_taps(ops: Sequence[CoverOp], offset: float, folder: Path) -> CoverTaps:
    """Taps for a decode that starts at source second ``offset``: grey samples of the
    displayed source across the covers' windows, and each sample, raw, per framing (in
    ``folder``: 24 frames of 0.35 MB at 360x640, 3.1 MB at 1080x1920, 14 MB at 4096x2304)."""
    start = min(op.start for op in ops)
    end = max(op.end for op in ops)
    rate = SAMPLES / (end - start)
    window = (f"trim=start={start - offset:.3f}:end={end - offset:.3f},setpts=PTS-STARTPTS,"
              f"fps={rate:.6f}")
    w, h = _thumb_size(ops[0].frame)
    samples = folder / "cover-samples.gray"
    taps = [Tap(f"{window},{gray_chain(w, h)}",
                ("-f", "rawvideo", "file:" + str(samples.resolve())))]
    candidates: dict[str, Candidates] = {}
    for op in ops:
        key = framing_key(op)
        if key in candidates:
            continue
        label = f"c{len(candidates)}"
        frames = folder / f"{label}.yuv"
        candidates[key] = Candidates(frames, (op.frame.width, op.frame.height))
        taps.append(Tap(
            f"{window},{frame_chain(op.frame, label, start)},format=yuvj420p",
            ("-f", "rawvideo", "file:" + str(frames.resolve())),
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
