"""What saving hands to a renderer: the files to make (``MediaJob``) and the ``Renderer`` protocol.

Saving (``output.save``) decides which files of a variant are stale and hands them to a
renderer in one call, so a renderer can decode one source once for every target. The protocol
lives here, beside the value it consumes, so that saving depends on no renderer: ``render/``
implements it (``FileRenderer``, ``FakeRenderer``) and imports this package, never the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..variant.plan import MediaPlan, SidecarPlan
from .manifest import Role

if TYPE_CHECKING:
    from ..content.item import SourceItem


@dataclass(frozen=True)
class MediaJob:
    """One media or sidecar file to produce for one variant."""

    plan: MediaPlan | SidecarPlan
    name: str  # path inside the variant folder
    dest: Path
    recipe: str
    role: Role


@runtime_checkable
class Renderer(Protocol):
    """Writes every job's file (atomically) from the item's sources."""

    def render(self, jobs: list[MediaJob], item: SourceItem) -> None: ...
