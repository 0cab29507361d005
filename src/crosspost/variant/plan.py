"""Variants: the typed plan of what one target gets, and the files it became.

A ``VariantPlan`` is pure data: the fitted text or thread, media operations, sidecar files, the
history of every change and why, and the findings of re-checking the result with the same rules
as the source. It is serialisable, so `crosspost plan` can show it in CI before anything is
encoded, and the manifest of a rendered variant is built from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..factories import empty_list
from ..report import Finding
from ..specs.registry import SpecFile
from ..wording import plural
from .change import Change
from .ops import CaptionEdit, MediaOp

MANIFEST_VERSION = 1

__all__ = ["MANIFEST_VERSION", "Change", "MediaPlan", "SidecarPlan", "VariantPlan",
           "expand_links"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def expand_links(text: str, facets: list[dict[str, Any]]) -> str:
    """``text`` with each link facet's span (UTF-8 byte offsets) replaced by its full URL."""
    data = text.encode("utf-8")
    out, last = b"", 0
    for facet in sorted(facets, key=lambda f: int(f["byteStart"])):
        start, end = int(facet["byteStart"]), int(facet["byteEnd"])
        out += data[last:start] + str(facet["uri"]).encode("utf-8")
        last = end
    return (out + data[last:]).decode("utf-8")


class MediaPlan(_Frozen):
    """What to do with one source medium for this target (filled by image/video transforms)."""

    index: int = Field(description="Index of the asset in the item's media.")
    kind: Literal["image", "video", "document"]
    source: str = Field(description="Path of the source file as written in the post.")
    output: str = Field(description="File name inside the variant folder.")
    operations: list[MediaOp] = Field(
        default_factory=empty_list, description="Ordered operations, each tagged by `op`: image, "
        "video, burn_captions, cover, unusable; none: the source is copied as it is."
    )
    predicted: dict[str, Any] = Field(
        default_factory=dict, description="Predicted properties of the output."
    )
    alt: str | None = None


class SidecarPlan(_Frozen):
    """A file written next to the post, such as subtitles."""

    kind: Literal["captions"]
    index: int = Field(description="Index of the video asset the captions belong to.")
    output: str
    format: str = Field(description="srt or vtt.")
    source: str = Field(description="Subtitle file as written in the post.")
    operations: list[CaptionEdit] = Field(
        default_factory=empty_list, description="Ordered edits (retime, rewrap, convert)."
    )


class VariantPlan(_Frozen):
    """Everything crosspost will produce for one item and one target."""

    item: str
    target: str
    text: str = Field(description="The text to publish (first part when it is a thread).")
    thread: list[str] = Field(
        default_factory=empty_list, description="All parts when the text is split into a thread."
    )
    title: str | None = None
    first_comment: str | None = Field(
        default=None, description="Text for a first comment (hashtags moved there)."
    )
    media: list[MediaPlan] = Field(default_factory=empty_list)
    sidecars: list[SidecarPlan] = Field(default_factory=empty_list)
    links: list[str] = Field(
        default_factory=empty_list, description="URLs taken out of the text (link in bio)."
    )
    fields: dict[str, Any] = Field(
        default_factory=dict, description="API fields to set when publishing (AI label...)."
    )
    measured: dict[str, int] = Field(
        default_factory=dict, description="Length of the text per counting method that applies."
    )
    history: list[Change] = Field(default_factory=empty_list)
    findings: list[Finding] = Field(
        default_factory=empty_list, description="What re-checking the variant still finds."
    )
    specs: list[SpecFile] = Field(
        default_factory=empty_list,
        description="The spec files the variant was planned and checked against, with their "
        "dates (an instance file that `extends:` a platform lists both).",
    )
    # Where the planner found each source medium (not serialised: a plan names sources as the
    # post writes them); previews of a plan read their picture from here.
    _source_files: dict[int, Path] = PrivateAttr(default_factory=dict)

    def source_file(self, index: int) -> Path | None:
        """The file of source medium ``index`` as the planner resolved it, when known."""
        return self._source_files.get(index)

    @property
    def publishable(self) -> bool:
        """No error left: the platform would accept it and the policy allows it."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def parts(self) -> list[str]:
        """The text, or each part of the thread, as the platform's API takes it."""
        return self.thread or [self.text]

    @property
    def paste_parts(self) -> list[str]:
        """Each part as a person pastes it into the app: every link the app itself shows
        shortened (Bluesky) written out in full again, so that the app makes a working link.

        The app shortens it back and counts the short form, so ``measured`` still holds.
        """
        facets = self.fields.get("link_facets") or []
        return [expand_links(part, facets[i] if i < len(facets) else [])
                for i, part in enumerate(self.parts)]

    def __repr__(self) -> str:
        """One line; the HTML view (and the fields) hold the detail."""
        status = "publishable" if self.publishable else "not publishable"
        text = f"thread of {len(self.thread)}" if self.thread else f"{len(self.text)} characters"
        return (f"<VariantPlan {self.item!r} for {self.target}: {status}; {text}, "
                f"{len(self.media)} media, {plural(len(self.history), 'change')}, "
                f"{plural(len(self.findings), 'finding')}>")

    def _repr_html_(self) -> str:
        from ..html.variant_view import plan_html

        return plan_html(self)
