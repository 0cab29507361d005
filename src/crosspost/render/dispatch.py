"""Pick the renderer for a media or sidecar plan; every renderer writes atomically."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..output.atomic import atomic_path
from ..variant import MediaPlan, SidecarPlan

if TYPE_CHECKING:
    from ..content.item import SourceItem

Renderer = Callable[[Any, "SourceItem", Path], None]


def copy_source(plan: MediaPlan, item: SourceItem, dest: Path) -> None:
    """A medium that needs no change is copied byte for byte."""
    source = item.media[plan.index].resolved
    if source is None:
        raise OutputError(f"{plan.source}: source path was not resolved")
    with atomic_path(dest) as temp:
        shutil.copyfile(source, temp)


def _renderers() -> dict[str, Renderer]:
    """Renderers by operation family; the first operation of a plan names its family."""
    table: dict[str, Renderer] = {"copy": copy_source}
    return table


def render_plan(plan: MediaPlan | SidecarPlan, item: SourceItem, dest: Path) -> None:
    """Execute ``plan`` into ``dest``."""
    if isinstance(plan, SidecarPlan):
        from .captions import write_sidecar

        write_sidecar(plan, item, dest)
        return
    family = plan.operations[0]["op"] if plan.operations else "copy"
    renderer = _renderers().get(family)
    if renderer is None:
        raise OutputError(f"{plan.source}: no renderer for operation {family!r}")
    renderer(plan, item, dest)
