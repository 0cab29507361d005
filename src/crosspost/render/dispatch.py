"""Pick the renderer for a media or sidecar plan by its operation's type; every renderer
writes atomically."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..output.atomic import atomic_path
from ..variant.ops import CoverOp, ImageOp, UnusableOp, VideoOp
from ..variant.plan import MediaPlan, SidecarPlan

if TYPE_CHECKING:
    from ..content.item import SourceItem
    from ..media.pixels.store import PixelStore
    from ..output.jobs import MediaJob

Renderer = Callable[[Any, "SourceItem", Path], None]

#: The family of each operation type: plans of one family and one source can share a decode.
#: Covers go with their source's videos (chosen inside the same decode); a plan without
#: operations is a copy; a sidecar is captions.
FAMILIES: dict[type, str] = {ImageOp: "image", UnusableOp: "image", VideoOp: "video",
                             CoverOp: "cover"}


def copy_source(plan: MediaPlan, item: SourceItem, dest: Path) -> None:
    """A medium that needs no change is copied byte for byte."""
    source = item.media[plan.index].resolved
    if source is None:
        raise OutputError(f"{plan.source}: source path was not resolved")
    with atomic_path(dest) as temp:
        shutil.copyfile(source, temp)


def _renderers(pixels: PixelStore | None) -> dict[str, Renderer]:
    """Renderers by operation family; each family's module is imported when it renders (a
    video post does not load the image renderer, nor its thread pool)."""
    def image(plan: Any, item: SourceItem, dest: Path) -> None:
        from .image.render import render_image

        render_image(plan, item, dest, pixels=pixels)

    def video(plan: Any, item: SourceItem, dest: Path) -> None:
        from .video.render import render_video

        render_video(plan, item, dest)

    def cover(plan: Any, item: SourceItem, dest: Path) -> None:
        from .video.render import render_cover

        render_cover(plan, item, dest)

    return {"copy": copy_source, "video": video, "cover": cover, "image": image}


#: Renderers that take several jobs of one source at once (one decode for every target), by
#: operation family. A family without one renders its jobs one by one.
BatchRenderer = Callable[[list["MediaJob"], "SourceItem"], None]


def _batch_renderers(pixels: PixelStore | None) -> dict[str, BatchRenderer]:
    """Batch renderers by family, imported when they render, as ``_renderers``."""
    def image(jobs: list[MediaJob], item: SourceItem) -> None:
        from .image.render import render_image_batch

        render_image_batch(jobs, item, pixels=pixels)

    def video(jobs: list[MediaJob], item: SourceItem) -> None:
        from .video.render import render_video_batch

        render_video_batch(jobs, item)

    def cover(jobs: list[MediaJob], item: SourceItem) -> None:
        from .video.render import render_cover_batch

        render_cover_batch(jobs, item)

    return {"video": video, "cover": cover, "image": image}


def family(plan: MediaPlan | SidecarPlan) -> str:
    """The renderer family of ``plan``: the type of its first operation decides."""
    if isinstance(plan, SidecarPlan):
        return "captions"
    if not plan.operations:
        return "copy"
    found = FAMILIES.get(type(plan.operations[0]))
    if found is None:
        raise OutputError(f"{plan.source}: no renderer for operation "
                          f"{plan.operations[0].op!r}")
    return found


def render_jobs(jobs: list[MediaJob], item: SourceItem, *,
                pixels: PixelStore | None = None) -> None:
    """Render every stale job; jobs of one source and family go to a batch renderer together."""
    groups: dict[tuple[int, str], list[MediaJob]] = {}
    for job in jobs:
        name = family(job.plan)
        # Covers go with their source's video jobs: chosen inside the same decode.
        groups.setdefault((job.plan.index, "video" if name == "cover" else name), []).append(job)
    batchers = _batch_renderers(pixels)
    for (_, name), group in groups.items():
        batch = batchers.get(name)
        if batch is not None and len(group) > 1:
            batch(group, item)
        else:
            for job in group:
                render_plan(job.plan, item, job.dest, pixels=pixels)


def render_plan(plan: MediaPlan | SidecarPlan, item: SourceItem, dest: Path, *,
                pixels: PixelStore | None = None) -> None:
    """Execute ``plan`` into ``dest``."""
    if isinstance(plan, SidecarPlan):
        from .captions import write_sidecar

        write_sidecar(plan, item, dest)
        return
    _renderers(pixels)[family(plan)](plan, item, dest)
