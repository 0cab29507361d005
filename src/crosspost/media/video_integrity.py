"""Does a video's data hold what its header claims? One demux pass, nothing decoded.

An MP4 whose upload stopped half-way keeps its index (``moov``, written first with
``+faststart``): ffmpeg reports the full duration from it, ``check`` passed the file, and
``adapt`` failed on an output half as long as planned. Reading every packet of the video and
audio streams (stream copy into the null muxer: no decoding, as fast as the disk) tells where
the data really ends; a video whose packets end well before the duration its header states, or
that has no video packets at all, is refused in ``check``. The Python container readers answer
the same question without this pass where they can (``container``): the MP4 sample tables, the
Matroska Clusters (``refuse_short_data`` then judges their end as it judges the scan's).
"""

from __future__ import annotations

from crosspost.errors import MediaError
from crosspost.media.facts import VideoFacts
from crosspost.media.ffmpeg import run_ffmpeg
from crosspost.media.ffmpeg_input import input_args

__all__ = ["check_video_data", "refuse_short_data", "scan_video_data"]

#: Share of the stated duration the packets must reach, and seconds of slack on top: streams
#: of one file legitimately end a little apart (audio priming, a last long frame).
_SHARE = 0.9
_SLACK = 0.5


def check_video_data(path: str, facts: VideoFacts, *, timeout: float,
                     ffmpeg: str | None = None) -> None:
    """Raise MediaError when the packets of ``path`` end well before its stated duration."""
    frames, seconds = scan_video_data(path, facts.duration, timeout=timeout, ffmpeg=ffmpeg)
    if frames < 1:
        raise MediaError("video data disagrees with its header: it has no video frames; "
                         "export it again", path=path)
    refuse_short_data(path, facts, seconds, f"{frames} frames; ")


def scan_video_data(path: str, duration: float, *, timeout: float,
                    ffmpeg: str | None = None) -> tuple[int, float]:
    """ffmpeg's packet scan of the first video and audio stream: (video frames, seconds where
    the packets end); MediaError when ffmpeg cannot read them."""
    args = [*input_args(path), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-f", "null",
            "-"]
    run = run_ffmpeg(args, timeout=timeout, check=False, ffmpeg=ffmpeg,
                     progress=lambda _: None, duration=duration)
    values = _last_progress(run.stdout)
    frames = _number(values.get("frame"))
    ended = _number(values.get("out_time_us"))
    if run.returncode != 0 or frames is None or ended is None:
        raise MediaError(f"ffmpeg could not read the video's data:\n{run.stderr_tail(4)}",
                         path=path)
    return int(frames), ended / 1e6


def refuse_short_data(path: str, facts: VideoFacts, seconds: float, counted: str = "") -> None:
    """Raise MediaError when the data, ending at ``seconds``, falls well short of the stated
    duration (``counted``: what the scan counted, for the message)."""
    if seconds < facts.duration * _SHARE - _SLACK:
        raise MediaError(
            f"video data disagrees with its header: the header says {facts.duration:.2f} s, "
            f"but the data ends at {seconds:.2f} s ({counted}the upload or copy stopped "
            "half-way, or the header was altered); export it again", path=path)


def _last_progress(stdout: str) -> dict[str, str]:
    """The last ``key=value`` of each key ffmpeg's ``-progress`` wrote (the final block)."""
    values: dict[str, str] = {}
    for line in stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip()
    return values


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
