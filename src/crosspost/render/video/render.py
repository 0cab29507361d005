"""Render video plans with ffmpeg: every variant of one source in one process, atomically.

The batch renderer gets all stale video jobs of one source and builds one command (one
decode, ``split`` per target). Outputs go to temporary files next to their destination and
are renamed only after ffmpeg succeeded and a re-probe confirmed size, codecs and limits, so a
failure, a timeout or a kill leaves nothing partial behind.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import OutputError, ToolError, ToolMissingError
from ...variant.plan import MediaPlan
from ...variant.video_ops import BurnOp, CoverOp, VideoOp
from ...wording import plural

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ...content.item import SourceItem
    from ...output.jobs import MediaJob
    from .encode import Branch

__all__ = ["render_cover", "render_cover_batch", "render_video", "render_video_batch"]

Progress = Callable[[float], None]
#: libass prints this when it found no font at all (glyph 0): it then draws nothing.
_NO_FONT = "failed to find any fallback with glyph 0x0 "


def render_video(plan: MediaPlan, item: SourceItem, dest: Path,
                 progress: Progress | None = None) -> None:
    """Render one video plan to ``dest``."""
    _render(item, [(plan, dest)], progress)


def render_video_batch(jobs: list[MediaJob], item: SourceItem,
                       progress: Progress | None = None) -> None:
    """Render every video and cover job of one source with a single decode; covers are
    chosen inside it when it encodes their window (see ``cover``)."""
    covers: list[tuple[CoverOp, MediaJob]] = []
    pairs: list[tuple[MediaPlan, Path]] = []
    for job in jobs:
        if not isinstance(job.plan, MediaPlan):
            continue
        if _is_cover(job.plan):
            covers.append((_cover_op(job.plan), job))
        else:
            pairs.append((job.plan, job.dest))
    left = _render(item, pairs, progress, covers)
    if left:
        render_cover_batch([job for _, job in left], item)


def render_cover(plan: MediaPlan, item: SourceItem, dest: Path) -> None:
    """Write the cover still of a video variant."""
    from .cover import write_cover

    write_cover(_source(item, plan), _cover_op(plan), dest)


def _cover_op(plan: MediaPlan) -> CoverOp:
    op = plan.operations[0] if plan.operations else None
    if not isinstance(op, CoverOp):
        raise OutputError(f"{plan.source}: not a cover plan")
    return op


def render_cover_batch(jobs: list[MediaJob], item: SourceItem) -> None:
    """Covers of one source: one choice of time shared by every framing, one extract per
    framing (targets with the same framing share it)."""
    from ...output.atomic import atomic_path
    from .cover import choose_times, write_cover

    plans = [job for job in jobs if isinstance(job.plan, MediaPlan)]
    if not plans:
        return
    ops = [_cover_op(job.plan) for job in plans]  # type: ignore[arg-type]
    source = _source(item, plans[0].plan)  # type: ignore[arg-type]
    times = choose_times(source, ops)
    done: dict[str, Path] = {}
    for job, op, at in zip(plans, ops, times, strict=True):
        key = _output_key([op.model_copy(update={"at": at})])
        if key in done:
            with atomic_path(job.dest) as temp:
                shutil.copyfile(done[key], temp)
        else:
            write_cover(source, op.model_copy(update={"at": at}), job.dest)
            done[key] = job.dest


def _is_cover(plan: MediaPlan) -> bool:
    return bool(plan.operations) and isinstance(plan.operations[0], CoverOp)


#: Operation fields that bound the run but do not change the output's bytes.
_NOT_OUTPUT = frozenset({"timeout"})


def _output_key(operations: Sequence[BaseModel]) -> str:
    """What an output is made of: plans with the same key give the same file, whatever
    their targets (LinkedIn and Facebook) allow for the run, so they are rendered once."""
    return json.dumps([op.model_dump(mode="json", exclude=set(_NOT_OUTPUT))
                       for op in operations], sort_keys=True)


def _source(item: SourceItem, plan: MediaPlan) -> Path:
    from ...media.ffmpeg_input import read_head, refuse_text_container

    source = item.media[plan.index].resolved
    if source is None:
        raise OutputError(f"{plan.source}: source path was not resolved")
    if not source.is_file():
        raise OutputError(f"{plan.source}: the source video is gone ({source})")
    refuse_text_container(source, read_head(source))
    return source


def _render(item: SourceItem, pairs: Sequence[tuple[MediaPlan, Path]],
            progress: Progress | None, covers: Sequence[tuple[CoverOp, MediaJob]] = ()
            ) -> list[tuple[CoverOp, MediaJob]]:
    """Encode ``pairs``; return the covers it could not choose inside that decode."""
    from ...fonts import font_dir
    from ...output.atomic import atomic_path
    from ...variant.video_ops import parse_ops
    from .cover import cover_taps
    from .encode import Branch, copy_args, encode_args
    from .progress import current_progress

    if not pairs:
        return list(covers)
    if len({plan.index for plan, _ in pairs}) != 1:
        raise ValueError("a video batch must come from one source")
    source = _source(item, pairs[0][0])
    unique: dict[str, int] = {}  # identical outputs (a reel and a TikTok) are encoded once
    for k, (plan, _) in enumerate(pairs):
        unique.setdefault(_output_key(plan.operations), k)
    firsts = sorted(unique.values())
    parsed = {k: parse_ops(pairs[k][0].operations) for k in firsts}
    has_audio = all(op.encoder.audio_channels > 0 for op, _ in parsed.values())
    with contextlib.ExitStack() as stack:
        scripts = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="crosspost-")))
        temps = [stack.enter_context(atomic_path(dest)) for _, dest in pairs]
        branches = []
        for k in firsts:
            op, burn = parsed[k]
            script = _script(item, pairs[k][0], op, burn, scripts / f"{k}.ass") if burn else None
            branches.append(Branch(op, temps[k], script))
        encodes = [b for b in branches if not b.op.remux]
        inside, left = _covers_inside(encodes, covers)
        chooser = cover_taps([op for op, _ in inside], min(b.op.start for b in encodes),
                             scripts) if inside else None
        cover_temps = [stack.enter_context(atomic_path(job.dest)) for _, job in inside]
        label = f"{Path(pairs[0][0].source).name} -> {plural(len(pairs), 'variant')}"
        with current_progress(label) as fallback, _disk_errors(pairs[0][1].parent):
            for branch in branches:
                if branch.op.remux:  # seconds, not worth a progress bar
                    _run(copy_args(source, branch.out, has_audio), [branch.op], None)
            run = _run(encode_args(source, encodes, font_dir(), has_audio,
                                   chooser.taps if chooser else ()),
                       [b.op for b in encodes], progress or fallback) if encodes else ""
        if any(burn for _, burn in parsed.values()) and _NO_FONT in run:
            raise ToolMissingError("libass found no font for the captions (bundled font missing?)")
        for k, branch in zip(firsts, branches, strict=True):
            _verify(pairs[k][0], branch.op, branch.out, has_audio)
        for k, (plan, _) in enumerate(pairs):
            first = unique[_output_key(plan.operations)]
            if first != k:
                shutil.copyfile(temps[first], temps[k])
        if chooser is not None:
            written = chooser.write([cover for cover, _ in inside], cover_temps)
            for (_, job), ok in zip(inside, written, strict=True):
                if not ok:
                    raise OutputError(f"{job.plan.source}: ffmpeg wrote no cover frame")
    return left


def _covers_inside(encodes: Sequence[Branch], covers: Sequence[tuple[CoverOp, MediaJob]]
                   ) -> tuple[list[tuple[CoverOp, MediaJob]], list[tuple[CoverOp, MediaJob]]]:
    """Covers whose window the encode decodes and whose time is still to choose, and the
    others (a given time, or a window outside the encoded part)."""
    if not encodes:
        return [], list(covers)
    start = min(b.op.start for b in encodes)
    end = max(b.op.end for b in encodes)
    inside = [(op, job) for op, job in covers
              if op.at is None and start - 1e-6 <= op.start and op.end <= end + 1e-6]
    return inside, [c for c in covers if c not in inside]


#: What ffmpeg prints (strerror) when the output's file system refuses a write.
_DISK_ERRORS = ("No space left on device", "Disk quota exceeded", "File too large",
                "Read-only file system")


@contextlib.contextmanager
def _disk_errors(folder: Path) -> Iterator[None]:
    """An ffmpeg run that failed because the output could not be written is an OutputError,
    with the same "could not write" message as every other output."""
    try:
        yield
    except ToolError as exc:
        reason = next((r for r in _DISK_ERRORS if r in str(exc)), None)
        if reason is None:
            raise
        raise OutputError(f"could not write {folder}: {reason} (ffmpeg stopped)") from None


def _run(args: list[str], ops: list[VideoOp], progress: Progress | None) -> str:
    from ...media.ffmpeg import run_ffmpeg

    timeout = sum(op.timeout for op in ops)
    duration = max(op.duration for op in ops)
    return run_ffmpeg(args, timeout=timeout, progress=progress, duration=duration).stderr


def _script(item: SourceItem, plan: MediaPlan, op: VideoOp, burn: BurnOp, path: Path) -> Path:
    from ...fonts import CAPTION_FONT_FAMILY
    from ...transforms.captions.layout import CaptionLayout, apply_edits
    from ..captions import load_track
    from .ass import to_ass

    subs = apply_edits(load_track(item, plan.index, burn.captions), burn.edits)
    layout = CaptionLayout(burn.font_size, 0, 0, burn.margin_left, burn.margin_right,
                           burn.margin_bottom, burn.outline, burn.box, burn.margin_top,
                           burn.position)
    w, h = op.frame.width, op.frame.height
    path.write_text(to_ass(subs, w, h, layout, CAPTION_FONT_FAMILY), encoding="utf-8")
    return path


def _verify(plan: MediaPlan, op: VideoOp, out: Path, has_audio: bool) -> None:
    """Re-probe the written file: a wrong size or codec must not replace a good output."""
    from ...media.probe_video import probe_video

    facts = probe_video(out)
    bound = plan.predicted.get("bytes")
    problems = []
    if (facts.width, facts.height) != (op.frame.width, op.frame.height):
        problems.append(f"frame {facts.width}x{facts.height}, planned "
                        f"{op.frame.width}x{op.frame.height}")
    if facts.video_codec != "h264" or (has_audio and facts.audio_codec != "aac"):
        problems.append(f"codecs {facts.video_codec}/{facts.audio_codec}")
    if isinstance(bound, int) and facts.bytes > bound:
        problems.append(f"{facts.bytes} bytes, more than the planned {bound}")
    if abs(facts.duration - op.duration) > max(0.25, 2 / (op.fps or facts.fps)):
        problems.append(f"{facts.duration:.2f} s, planned {op.duration:.2f} s")
    if problems:
        raise OutputError(f"{plan.output}: ffmpeg's output is not what was planned: "
                          + "; ".join(problems))
