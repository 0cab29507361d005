"""Render image plans: decode each source once for all its targets, then crop, resize, encode.

The batch renderer gets every job of one source at once. It decodes the source a single time,
as small as the largest output allows (JPEG DCT scaling), converts it to sRGB once, and then
makes each output from that one image (on a few threads), so peak memory stays near one decoded
image. Every
output is encoded in memory first and written only when all of them succeeded, atomically: a
broken source or an impossible byte limit leaves no partial file behind. Sources are only read.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import MediaError, OutputError
from ...media.image_limits import decoded_bytes
from ...output.atomic import write_bytes_atomic
from ...variant.image_ops import ImageOp, UnusableOp
from ...variant.plan import MediaPlan

if TYPE_CHECKING:
    from PIL import Image

    from ...content.item import SourceItem
    from ...media.image_limits import ImageLimits
    from ...media.pixels.store import PixelStore
    from ...output.jobs import MediaJob
    from .metadata import Kept

Job = tuple[ImageOp | UnusableOp, Path]
MAX_THREADS = 4  # outputs of one source made at once; each holds one output frame in memory


def render_image(plan: MediaPlan, item: SourceItem, dest: Path, *,
                 pixels: PixelStore | None = None) -> None:
    """Render one image plan into ``dest``."""
    render_group(_source(plan, item), plan.source, [(_op(plan), dest)], pixels=pixels)


def render_image_batch(jobs: list[MediaJob], item: SourceItem, *,
                       pixels: PixelStore | None = None) -> None:
    """Render every job of one source (the dispatcher groups them) with a single decode."""
    by_source: dict[int, list[MediaJob]] = {}
    for job in jobs:
        by_source.setdefault(job.plan.index, []).append(job)
    for group in by_source.values():
        plan = group[0].plan
        assert isinstance(plan, MediaPlan)
        pairs = []
        for job in group:
            assert isinstance(job.plan, MediaPlan)
            pairs.append((_op(job.plan), job.dest))
        render_group(_source(plan, item), plan.source, pairs, pixels=pixels)


def render_group(source: Path, name: str, jobs: list[Job], *,
                 pixels: PixelStore | None = None) -> None:
    """Encode every job of ``source`` in memory, then write them all; ``pixels`` may hold the
    decode planning made."""
    usable: list[tuple[ImageOp, Path]] = []
    for op, dest in jobs:
        if isinstance(op, UnusableOp):
            _refuse(source, name, op.reason, pixels.limits if pixels is not None else None)
        else:
            usable.append((op, dest))
    outputs = _stills(source, name, [j for j in usable if j[0].frames == "first"], pixels)
    outputs += _animations(source, name, [j for j in usable if j[0].frames == "all"],
                           pixels.limits if pixels is not None else None)
    for dest, data in outputs:
        write_bytes_atomic(dest, data)


def _stills(source: Path, name: str, jobs: list[tuple[ImageOp, Path]],
            pixels: PixelStore | None) -> list[tuple[Path, bytes]]:
    from ...media.image_limits import ImageLimits
    from ...media.pixels.colour import to_srgb
    from ...media.pixels.decode import decode
    from .compose import premultiplied
    from .metadata import kept_metadata

    if not jobs:
        return []
    scale = max(needed_scale(op) for op, _ in jobs)
    limits = pixels.limits if pixels is not None else ImageLimits()
    # planning's decode when it kept one, else a new one
    decoded = (pixels.take(source, scale) if pixels is not None else None) or decode(
        source, scale=scale, limits=limits)
    kept: dict[tuple[str, ...], Kept] = {}
    for op, _ in jobs:
        if op.keep_metadata not in kept:
            kept[op.keep_metadata] = kept_metadata(decoded.image, op.keep_metadata)
    image, scale = to_srgb(decoded.image), decoded.scale
    del decoded  # the sRGB copy is all that is needed from here on: at most two at once
    image = premultiplied(image)  # once, not a full-size copy in every resize of RGBA
    # Targets that ask for the same output share one encode; different outputs of the one
    # decoded image are independent, and Pillow releases the GIL while it resizes and encodes.
    distinct = dict(jobs)
    workers = _workers(image, scale, list(distinct), limits.max_decoded_bytes)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {op: pool.submit(_encode_one, image, scale, op, kept[op.keep_metadata], name,
                                   dest) for op, dest in distinct.items()}
        done = {op: future.result() for op, future in futures.items()}
    return [(dest, done[op]) for op, dest in jobs]


def _workers(image: Image.Image, scale: float, ops: list[ImageOp], budget: int) -> int:
    """Outputs made at once: as many as fit beside the decoded image in the byte budget
    (at least one), so that the render holds at most about two decoded copies' worth."""
    held = decoded_bytes(image.width, image.height, image.mode)
    room = max(0, budget - held) // max(_job_bytes(image, scale, op) for op in ops)
    return max(1, min(len(ops), os.cpu_count() or 1, MAX_THREADS, room))


def _job_bytes(image: Image.Image, scale: float, op: ImageOp) -> int:
    """Memory one output takes while it is made: Pillow's resize goes through an image of the
    output's width and the source box's height; the output, its flattened or converted copy
    and the encoder's copy are output-sized."""
    width, height = op.resize
    rows = min(image.height, max(1, round((op.crop[3] - op.crop[1]) * scale)))
    return decoded_bytes(width, rows, "RGBA") + 3 * decoded_bytes(width, height, "RGBA")


def needed_scale(op: ImageOp) -> float:
    """Output pixels per source pixel: the decode may shrink the source this far, no further."""
    canvas = op.canvas
    return min(1.0, op.resize[0] / (canvas[2] - canvas[0]))


def _encode_one(image: Image.Image, scale: float, op: ImageOp, kept: Kept, name: str,
                dest: Path) -> bytes:
    from .compose import compose
    from .encode import EncodeError, encode

    frame = compose(image, scale, op, keep_alpha=op.format != "jpeg")
    try:
        return encode(frame, op.format, quality=op.quality, floor=op.quality_floor,
                      max_bytes=op.max_bytes, kept=kept).data
    except EncodeError as exc:
        raise OutputError(f"{name}: cannot write {dest.name}: {exc}") from None


def _animations(source: Path, name: str, jobs: list[tuple[ImageOp, Path]],
                limits: ImageLimits | None) -> list[tuple[Path, bytes]]:
    from .encode import EncodeError
    from .frames import render_animation

    out = []
    for op, dest in jobs:
        try:
            out.append((dest, render_animation(source, op, limits=limits).data))
        except EncodeError as exc:
            raise OutputError(f"{name}: cannot write {dest.name}: {exc}") from None
    return out


def _refuse(source: Path, name: str, reason: str, limits: ImageLimits | None) -> None:
    """Raise the source's own error under the run's limits (it may have changed since
    planning), else the plan's."""
    from ...media.pixels.decode import decode

    try:
        decode(source, scale=0.125, limits=limits)
    except MediaError as exc:
        raise MediaError(exc.detail, path=name) from None
    raise MediaError(f"{reason}; plan again", path=name)


def _op(plan: MediaPlan) -> ImageOp | UnusableOp:
    op = plan.operations[0]
    if not isinstance(op, ImageOp | UnusableOp):
        raise OutputError(f"{plan.source}: not an image plan ({op.op!r})")
    return op


def _source(plan: MediaPlan, item: SourceItem) -> Path:
    source = item.media[plan.index].resolved
    if source is None:
        raise OutputError(f"{plan.source}: source path was not resolved")
    return source
