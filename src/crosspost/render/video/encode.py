"""The ffmpeg command for every video variant of one source: one decode, split per target.

Decoding is a large share of the work for short social video and the same for every target,
so all variants of a source come from one ffmpeg process: the input is read once (cut to the
union of the trim windows), ``split`` hands each frame to each target's chain, and each chain
feeds its own H.264 + AAC encoder and MP4 file. Pixels stay in ffmpeg's own formats throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...variant.video_ops import VideoOp
from .filters import display_chain, fps_value, frame_chain, subtitles_filter

__all__ = ["Branch", "Tap", "copy_args", "encode_args", "output_args"]


@dataclass(frozen=True)
class Branch:
    """One output of the command: its video operation, captions script and temp file."""

    op: VideoOp
    out: Path
    captions: Path | None = None  # an ASS script to burn in


@dataclass(frozen=True)
class Tap:
    """A further output of the same decode that is not a variant (cover candidates): a video
    chain from the displayed source, relative to the command's start, and its output options."""

    chain: str
    output: tuple[str, ...]


def encode_args(source: Path, branches: Sequence[Branch], fonts: Path,
                has_audio: bool, taps: Sequence[Tap] = ()) -> list[str]:
    """Arguments after ``ffmpeg -nostdin``: input, one filter graph, then every output."""
    from ...media.ffmpeg_input import input_args

    if not branches:
        raise ValueError("nothing to encode")
    start = min(b.op.start for b in branches)
    end = max(b.op.end for b in branches)
    args = ["-y", "-ss", f"{start:.3f}", "-t", f"{end - start:.3f}", *input_args(source)]
    n = len(branches)
    first = branches[0].op.frame
    copies = n + len(taps)
    graph = [f"[0:V:0]{display_chain(first)}" + (f",split={copies}" if copies > 1 else "")
             + "".join(f"[v{k}]" for k in range(n)) + "".join(f"[t{j}]" for j in range(len(taps)))]
    graph += [f"[t{j}]{tap.chain}[to{j}]" for j, tap in enumerate(taps)]
    if has_audio:
        graph.append("[0:a:0]" + (f"asplit={n}" if n > 1 else "anull")
                     + "".join(f"[a{k}]" for k in range(n)))
    for k, branch in enumerate(branches):
        graph.append(_video_chain(k, branch, start, fonts))
        if has_audio:
            graph.append(f"[a{k}]{_trim(branch.op, start, audio=True)}[ao{k}]")
    args += ["-filter_complex", ";".join(graph)]
    for k, branch in enumerate(branches):
        args += ["-map", f"[vo{k}]"]
        if has_audio:
            args += ["-map", f"[ao{k}]"]
        args += output_args(branch.op, has_audio, branch.out)
    for j, tap in enumerate(taps):
        args += ["-map", f"[to{j}]", "-an", *tap.output]
    return args


def copy_args(source: Path, out: Path, has_audio: bool) -> list[str]:
    """Re-mux without re-encoding: the same streams in a clean MP4, index first, no metadata."""
    from ...media.ffmpeg_input import input_args

    maps = ["-map", "0:V:0"] + (["-map", "0:a:0"] if has_audio else [])
    return ["-y", *input_args(source), *maps, "-c", "copy", "-map_metadata", "-1",
            "-map_metadata:s", "-1", "-map_chapters", "-1", "-movflags", "+faststart",
            "-f", "mp4", "file:" + str(out.resolve())]


def _trim(op: VideoOp, start: float, *, audio: bool = False) -> str:
    prefix = "a" if audio else ""
    return (f"{prefix}trim=start={op.start - start:.3f}:end={op.end - start:.3f},"
            f"{prefix}setpts=PTS-STARTPTS")


def _video_chain(k: int, branch: Branch, start: float, fonts: Path) -> str:
    op = branch.op
    steps = [_trim(op, start)]
    if op.fps is not None:
        steps.append(f"fps={fps_value(op.fps)}")
    steps.append(frame_chain(op.frame, str(k), op.start))
    if branch.captions is not None:
        steps.append(subtitles_filter(branch.captions, fonts))
    steps.append("format=yuv420p,setsar=1")
    return f"[v{k}]" + ",".join(steps) + f"[vo{k}]"


def output_args(op: VideoOp, has_audio: bool, out: Path) -> list[str]:
    """Encoder and muxer options of one output: H.264 High, AAC-LC, MP4 with the index first,
    no metadata from the source (location, device, creation time) and no chapters."""
    enc = op.encoder
    args = ["-c:v", "libx264", "-preset", enc.preset, "-crf", f"{enc.crf:g}",
            "-maxrate", str(enc.maxrate), "-bufsize", str(enc.bufsize),
            "-profile:v", "high", "-pix_fmt", "yuv420p"]
    if has_audio and enc.audio_channels > 0:
        args += ["-c:a", "aac", "-b:a", str(enc.audio_bitrate), "-ac", str(enc.audio_channels)]
        if enc.audio_sample_rate is not None:
            args += ["-ar", str(enc.audio_sample_rate)]
    args += ["-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart",
             "-f", "mp4", "file:" + str(out.resolve())]
    return args
