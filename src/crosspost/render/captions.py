"""Write a subtitle sidecar: the source track re-timed, re-wrapped and converted, atomically.

The edits are the plan's, applied by the same function the re-check used, so the file on disk
is the track the plan was judged by. The result is parsed back before it replaces anything: a
sidecar that its own parser refuses would be refused by the platform too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..output.atomic import write_text_atomic
from ..variant.plan import SidecarPlan

if TYPE_CHECKING:
    from ..content.item import SourceItem
    from ..media.facts import Subtitles

__all__ = ["load_track", "sidecar_bytes", "write_sidecar"]


def load_track(item: SourceItem, index: int, declared: str) -> Subtitles:
    """Parse the subtitle file of ``item.media[index]`` (strict: a broken one names its line)."""
    from ..media.subtitles.bounds import CEILING
    from ..media.subtitles.parse import load_subtitles

    path = item.media[index].captions_resolved
    if path is None:
        raise OutputError(f"{declared}: subtitle path was not resolved")
    return load_subtitles(path, limits=CEILING)  # the plan judged it under the configured ones


def sidecar_bytes(plan: SidecarPlan, subs: Subtitles) -> bytes:
    """The file content for ``plan`` from the parsed source track."""
    from ..media.subtitles.parse import parse_subtitles
    from ..transforms.captions.layout import apply_edits, sidecar_text

    if plan.format not in ("srt", "vtt"):
        raise OutputError(f"{plan.output}: unknown subtitle format {plan.format!r}")
    text = sidecar_text(apply_edits(subs, plan.operations), plan.format)
    parse_subtitles(text, "vtt" if plan.format == "vtt" else "srt", path=plan.output)
    return text.encode("utf-8")


def write_sidecar(plan: SidecarPlan, item: SourceItem, dest: Path) -> None:
    """Render ``plan`` to ``dest`` (UTF-8 without BOM, ``\\n`` line ends)."""
    data = sidecar_bytes(plan, load_track(item, plan.index, plan.source))
    write_text_atomic(dest, data.decode("utf-8"))
