"""The renderers: what writes the files of a variant, and a fake for tests.

``output.save`` decides which files are stale and hands them to a renderer in one call, so a
renderer can decode one source once for every target. The ``Renderer`` protocol it calls is
defined beside ``MediaJob`` in ``output.jobs`` (saving depends on no renderer) and re-exported
here. ``FileRenderer`` executes the plans with Pillow and ffmpeg (dispatching on each plan's
operation type); ``FakeRenderer`` writes a small file that names the plan, so saving,
manifests and up-to-date checks can be tested without encoding anything, like httpx's
``MockTransport``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..output.atomic import write_bytes_atomic
from ..output.jobs import Renderer

if TYPE_CHECKING:
    from ..content.item import SourceItem
    from ..media.pixels.store import PixelStore
    from ..output.jobs import MediaJob

__all__ = ["FakeRenderer", "FileRenderer", "Renderer"]


class FileRenderer:
    """Pillow for images, ffmpeg for video and covers, the subtitle writer for sidecars.

    ``pixels`` is the prober's store: a decode made while planning is taken from it instead of
    decoding the source again.
    """

    def __init__(self, *, pixels: PixelStore | None = None) -> None:
        self.pixels = pixels

    def render(self, jobs: list[MediaJob], item: SourceItem) -> None:
        from .dispatch import render_jobs

        render_jobs(jobs, item, pixels=self.pixels)


class FakeRenderer:
    """Writes a few bytes naming each job's plan; records every job in ``rendered``."""

    def __init__(self) -> None:
        self.rendered: list[MediaJob] = []

    def render(self, jobs: list[MediaJob], item: SourceItem) -> None:
        for job in jobs:
            self.rendered.append(job)
            body = {"item": item.id, "file": job.name, "plan": job.plan.model_dump(mode="json")}
            write_bytes_atomic(job.dest, json.dumps(body, sort_keys=True).encode("utf-8"))
