"""The source item: one message with its media, as the author wrote it once for every target.

The field names are a public contract (post files use them); see docs/post-format.md.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from ..validation import Reason
from ..yamlsrc import Key, YamlDoc

MediaType = Literal["image", "video", "document"]
Reframe = Literal["auto", "crop", "pad"]
Unit = Annotated[float, Field(ge=0, le=1)]

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".avif", ".tif",
                  ".tiff", ".bmp"}
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi"}
DOCUMENT_SUFFIXES = {".pdf", ".pptx", ".ppt", ".docx", ".doc"}


def media_type_of(path: str) -> MediaType | None:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in DOCUMENT_SUFFIXES:
        return "document"
    return None


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MediaAsset(_Model):
    """A photo, video or document of the item, with what the author knows about it."""

    path: str = Field(description="Path relative to the post file; must stay in the content root.")
    type: MediaType | None = Field(
        default=None, description="image, video or document; guessed from the extension."
    )
    alt: str | None = Field(default=None, description="Alternative text for screen readers.")
    focus: tuple[Unit, Unit] | None = Field(
        default=None, description="Focal point as relative [x, y], 0..1 from the top left."
    )
    captions: str | None = Field(
        default=None, description="Subtitle file (SRT or WebVTT) for a video, relative path."
    )
    captions_language: str | None = Field(
        default=None, description="Language of the subtitles (BCP 47); defaults to the item's."
    )
    trim: tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(gt=0)]] | None = Field(
        default=None,
        description="Part of a video to use, [start, end] in seconds; a target with a shorter "
        "limit still ends at the last subtitle cue or sentence before its limit.",
    )
    reframe: Reframe = Field(
        default="auto",
        description="auto: crop around the subject unless too much is lost; crop; pad (never "
        "crop: infographics, images with text).",
    )
    resolved: Path | None = Field(
        default=None, exclude=True, description="Absolute path after confinement (set on load)."
    )
    captions_resolved: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _type(self) -> MediaAsset:
        if self.type is None:
            guessed = media_type_of(self.path)
            if guessed is None:
                raise ValueError(
                    f"cannot tell the media type of {self.path!r} from its extension; "
                    "add `type: image|video|document`"
                )
            object.__setattr__(self, "type", guessed)
        if self.captions is not None and self.type != "video":
            raise ValueError("captions belong to a video")
        if self.trim is not None and (self.type != "video" or self.trim[0] >= self.trim[1]):
            raise ValueError("trim is [start, end] of a video, with start before end")
        return self

    @property
    def kind(self) -> MediaType:
        assert self.type is not None
        return self.type


class SourceItem(_Model):
    """One message, written once, to be checked and adapted for each target."""

    id: str = Field(description="Stable id; defaults to the post file's name without extension.")
    text: str = Field(default="", description="The text (in Markdown posts: the body).")
    title: str | None = Field(default=None, description="A title, for formats that have one.")
    language: str | None = Field(default=None, description="BCP 47 tag of the text, e.g. nl.")
    targets: list[str] = Field(
        default_factory=list, description="`platform.format` ids (`instagram.reel`, `x`)."
    )
    media: list[MediaAsset] = Field(default_factory=list)
    overrides: dict[str, str] = Field(
        default_factory=dict,
        description="Text per target or platform that replaces `text` there.",
    )
    goal: str | None = Field(default=None, description="Canvas: what the post should achieve.")
    audience: str | None = Field(default=None, description="Canvas: who it is for.")
    core_message: str | None = Field(default=None, description="Canvas: the one message.")
    call_to_action: str | None = Field(default=None, description="Canvas: what people should do.")
    ai_generated: bool = Field(default=False, description="Media or text made with generative AI.")
    approved_by: str | None = Field(
        default=None, description="Who approved AI-generated content (required when it is)."
    )
    ignore: dict[str, Reason] = Field(
        default_factory=dict, description="Rule ids suppressed for this item, with a reason."
    )
    source_path: str | None = Field(
        default=None, exclude=True, description="The post file this item was read from."
    )
    _doc: YamlDoc | None = PrivateAttr(default=None)
    _text_line: int | None = PrivateAttr(default=None)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not value.strip() or "/" in value or "\\" in value or value in {".", ".."}:
            raise ValueError("id must be a non-empty name without slashes")
        return value

    def text_for(self, target: str) -> str:
        """The text for a target: its override, its platform's override, or the text."""
        platform = target.split(".", 1)[0]
        return self.overrides.get(target, self.overrides.get(platform, self.text))

    def with_media(self, kept: list[tuple[int, MediaAsset]]) -> SourceItem:
        """A copy with only ``kept`` media (original index, asset), whose findings still point
        at each asset's own lines in the post file."""
        copy = self.model_copy(update={"media": [asset for _, asset in kept]})
        if self._doc is not None:
            lines = {k: v for k, v in self._doc.lines.items() if k[:1] != ("media",)
                     or len(k) == 1}
            for new, (old, _) in enumerate(kept):
                for key, line in self._doc.lines.items():
                    if key[:2] == ("media", old):
                        moved: Key = ("media", new, *key[2:])
                        lines[moved] = line
            copy._doc = dataclasses.replace(self._doc, lines=lines)
        return copy

    def line_of(self, key: Key) -> int | None:
        """Line in the post file of a field path (``("media", 0, "alt")``)."""
        if key[:1] == ("text",) and self._text_line is not None:
            return self._text_line
        return self._doc.line_of(key) if self._doc else None
