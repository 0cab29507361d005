"""Do a video's frames decode at the size its description states? Two short decodes answer.

For AVI, MPEG-TS and the other containers crosspost leaves to ffmpeg, the size in the probe's
description is already the decoder's: ffmpeg decodes the first frames while it probes and
reports what they decode to, so a container header that lies (an AVI's ``avih`` and
``BITMAPINFOHEADER`` claiming 640x480 around 320x240 frames) never reaches crosspost. What
the probe does not see is a stream whose frames change size later: two MPEG-TS files of
different sizes joined with ``cat`` are a valid MPEG-TS that ffmpeg describes by its first
part, and a re-mux (a compliant video is copied as it is) would publish an MP4 whose header
says one size and whose later frames are another.

A frame size can only change at a key frame (a new sequence header), so only key frames are
decoded (``-skip_frame nokey``), in two runs: one over the whole file, and one over the last
twelve seconds, where a cut-on tail would be. In each, a bitstream filter on the input
(``noise`` with a ``drop`` expression) passes a key frame on to the decoder only when it
starts at least 1/64 of the run's bytes after the last one passed on; the demuxer still reads
every packet (as fast as the disk, like ``video_integrity``'s scan). So each run decodes at
most 65 key frames however long the file or short its key frame interval (every frame of an
intra-only video is a key frame), and key frames further apart than that are all decoded. A
stretch of another size shorter than 1/64 of the file, between two sampled key frames, can
be missed.
"""

from __future__ import annotations

import re

from crosspost.errors import MediaError
from crosspost.media.ffmpeg import run_ffmpeg
from crosspost.media.ffmpeg_input import input_args

__all__ = ["SAMPLED_KEY_FRAMES", "check_frame_sizes"]

#: Seconds from the end whose key frames are decoded: more than the key frame interval of
#: common encoders (x264's default is 250 frames, 10 s at 25 fps).
_LAST_SECONDS = 12.0
#: Key frames decoded in a run, at most (one per 1/64 of its bytes, and the first).
SAMPLED_KEY_FRAMES = 64
#: An MPEG-TS packet: the tail of such a file is read from a packet boundary.
_TS_PACKET = 188
_SHOWINFO = re.compile(r"\bpts_time:\s*(-?[0-9.]+|nan|NOPTS)\b.*?\bs:(\d+)x(\d+)")


def check_frame_sizes(path: str, stated: tuple[int, int], *, container: str, size: int,
                      duration: float, timeout: float, ffmpeg: str | None = None) -> None:
    """Raise MediaError when a key frame of the first video stream of ``path`` (one of those
    sampled over the whole file, or of the last twelve seconds) decodes to another size than
    ``stated`` (width, height as the probe described the stream, before rotation)."""
    tail, tail_bytes = _tail(container, size, duration)
    for where in (_thin(size, duration), [*tail, *_thin(tail_bytes, _LAST_SECONDS)]):
        args = ["-skip_frame", "nokey", "-noautorotate", *where, *input_args(path),
                "-map", "0:v:0", "-vf", "showinfo", "-fps_mode", "passthrough"]
        run = run_ffmpeg([*args, "-f", "null", "-"], timeout=timeout, check=False,
                         ffmpeg=ffmpeg)
        if run.returncode != 0:
            raise MediaError(f"ffmpeg could not decode the video's key frames:\n"
                             f"{run.stderr_tail(4)}", path=path)
        for seconds, width, height in _decoded(run.stderr):
            if (width, height) != stated:
                when = f" at {seconds}" if seconds else ""
                raise MediaError(
                    f"video header disagrees with its frames: the stream is described as "
                    f"{stated[0]}x{stated[1]}, but its key frame{when} decodes to "
                    f"{width}x{height} (streams of different sizes joined, or a header "
                    "altered); a player may show it at the wrong size: export it again",
                    path=path)


def _thin(span: int, seconds: float) -> list[str]:
    """Input options that pass on to the decoder only key frames at least ``span / 64``
    bytes apart (the first always). ``pos`` is a packet's byte offset; a demuxer that does not
    know it (-1) is spaced by time instead, ``seconds / 64``. ``st``/``ld`` keep the next
    offset (and time) due between packets; a kept packet's ``drop`` is 0."""
    step = max(1, span // SAMPLED_KEY_FRAMES)
    every = max(seconds / SAMPLED_KEY_FRAMES, 1e-3)
    by_bytes = f"if(gte(pos,ld(0)),st(0,pos+{step})*0,1)"
    by_time = f"if(gte(pts*tb,ld(1)),st(1,pts*tb+{every:.6f})*0,1)"
    expression = f"if(key,if(gte(pos,0),{by_bytes},{by_time}),1)"
    # Two levels parse this: the filter list (quotes keep the commas) and the options (the
    # backslashes do).
    return ["-bsf:v", "noise=drop='" + expression.replace(",", "\\,") + "'"]


def _tail(container: str, size: int, duration: float) -> tuple[list[str], int]:
    """Input options that start reading at the last twelve seconds, and about how many bytes
    those are. Joined MPEG-TS has timestamps that jump back, so seeking by time can miss its
    end: it is entered at a packet boundary by bytes instead (MPEG-TS needs no header), at the
    share of the file those seconds take on average."""
    share = min(1.0, _LAST_SECONDS / duration) if duration > 0 else 1.0
    if "mpegts" in container:
        skip = int(size * (1 - share)) // _TS_PACKET * _TS_PACKET
        return ["-skip_initial_bytes", str(skip)], size - skip
    return ["-sseof", f"-{_LAST_SECONDS:g}", "-noaccurate_seek"], int(size * share)


def _decoded(stderr: str) -> list[tuple[str, int, int]]:
    """(time, width, height) of every frame showinfo logged."""
    found = []
    for match in _SHOWINFO.finditer(stderr):
        seconds = match.group(1)
        shown = f"{float(seconds):.2f} s" if seconds[0].isdigit() else ""
        found.append((shown, int(match.group(2)), int(match.group(3))))
    return found
