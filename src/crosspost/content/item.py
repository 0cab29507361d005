"""The source item: one message with its media, as the author wrote it once for every target.

The field names are a public contract (post files use them); see docs/post-format.md.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from ..factories import empty_list
from ..ignore_scope import PostIgnoreValue
from ..yamlsrc import Key, YamlDoc
from .ids import id_problem

MediaType = Literal["image", "video", "document"]
Reframe = Literal["auto", "crop", "pad"]
Unit = Annotated[float, Field(ge=0, le=1)]
FocusKey = tuple[Annotated[float, Field(ge=0)], Unit, Unit]

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".avif", ".tif",
                  ".tiff", ".bmp"}
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".ts", ".m2ts", ".mts"}
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


@dataclasses.dataclass(frozen=True)
class TextPosition:
    """A span of a post file: 1-based lines and columns (characters), end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


def _occurrences(text: str, needle: str) -> int:
    """How many times ``needle`` starts in ``text`` (overlapping ones too)."""
    count, at = 0, text.find(needle)
    while at >= 0:
        count, at = count + 1, text.find(needle, at + 1)
    return count


def _position(source: str, start: int, end: int) -> TextPosition:
    """Line and column of two character offsets; CRLF counts as one line break."""
    line = source.count("\n", 0, start) + 1
    column = start - (source.rfind("\n", 0, start) + 1) + 1
    end_line = line + source.count("\n", start, end)
    end_column = end - (source.rfind("\n", 0, end) + 1) + 1
    return TextPosition(line, column, end_line, end_column)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class MediaAsset(_Model):
    """A photo, video or document of the item, with what the author knows about it."""

    path: str = Field(description="Path relative to the post file; must stay in the content root.")
    type: MediaType | None = Field(
        default=None, description="image, video or document; guessed from the extension."
    )
    alt: str | None = Field(default=None, description="Alternative text for screen readers.")
    focus: tuple[Unit, Unit] | list[FocusKey] | None = Field(
        default=None, description="Focal point as relative [x, y], 0..1 from the top left; for "
        "a video also a list of [seconds, x, y]: each point holds from its time on, and the "
        "crop pans smoothly from one to the next (it jumps only at a cut)."
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
        if isinstance(self.focus, list):
            if self.type != "video" or not self.focus:
                raise ValueError("focus with times ([seconds, x, y] points) belongs to a video")
            if any(b[0] <= a[0] for a, b in zip(self.focus, self.focus[1:], strict=False)):
                raise ValueError("focus points must be in time order, each later than the last")
        if self.trim is not None and (self.type != "video" or self.trim[0] >= self.trim[1]):
            raise ValueError("trim is [start, end] of a video, with start before end")
        return self

    @property
    def focus_point(self) -> tuple[float, float] | None:
        """The one focal point, or None when there is none or it moves over time."""
        return self.focus if isinstance(self.focus, tuple) else None

    @property
    def focus_track(self) -> list[tuple[float, float, float]] | None:
        """The focus points with their times ([seconds, x, y]), or None."""
        return list(self.focus) if isinstance(self.focus, list) else None

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
        default_factory=empty_list, description="`platform.format` ids (`instagram.reel`, `x`)."
    )
    media: list[MediaAsset] = Field(default_factory=empty_list)
    overrides: dict[str, str] = Field(
        default_factory=dict,
        description="Text per target or platform that replaces `text` there.",
    )
    goal: str | None = Field(default=None, description="Canvas: what the post should achieve.")
    audience: str | None = Field(default=None, description="Canvas: who it is for.")
    core_message: str | None = Field(default=None, description="Canvas: the one message.")
    call_to_action: str | None = Field(default=None, description="Canvas: what people should do.")
    campaign: str | None = Field(default=None, description="Canvas: key of the campaign.")
    category: str | None = Field(
        default=None, description="Canvas: key of the content category (pillar)."
    )
    publish_at: datetime | None = Field(
        default=None,
        description="Planned publication time (`2027-03-02 19:30` or a date), local time.",
    )
    ai_generated: bool = Field(default=False, description="Media or text made with generative AI.")
    approved_by: str | None = Field(
        default=None, description="Who approved AI-generated content (required when it is)."
    )
    ignore: dict[str, PostIgnoreValue] = Field(
        default_factory=dict,
        description="Rule ids suppressed for this item, each with a reason, or with a scope: "
        "`{reason, targets}` suppresses it only for those platforms or formats.",
    )
    source_path: str | None = Field(
        default=None, exclude=True, description="The post file this item was read from."
    )
    _doc: YamlDoc | None = PrivateAttr(default=None)
    _text_line: int | None = PrivateAttr(default=None)
    _source: str | None = PrivateAttr(default=None)
    _regions: dict[Key, tuple[int, int]] = PrivateAttr(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        problem = id_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def __repr__(self) -> str:
        """One line; the HTML view shows the text, the media and the settings."""
        where = f" from {self.source_path}" if self.source_path else ""
        targets = ", ".join(self.targets) if 0 < len(self.targets) <= 3 else \
            f"{len(self.targets)} targets"
        media = f"{len(self.media)} medium" if len(self.media) == 1 else \
            f"{len(self.media)} media"
        return f"<SourceItem {self.id!r}{where}: {targets}; {len(self.text)} characters, {media}>"

    def _repr_html_(self) -> str:
        from ..html.item_view import item_html

        return item_html(self)

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

    def position_of(self, key: Key, start: int, end: int) -> TextPosition | None:
        """Where ``text[start:end]`` of the field ``key`` stands in the post file.

        The value of a field is found again in the file's characters that hold it: the
        ``n``-th occurrence of the span's text in the value is its ``n``-th occurrence there.
        That holds for a Markdown body, block scalars and plain or quoted strings without
        escapes; when it cannot hold (an escape inside the span, a value the item no longer
        has as written), there is no position, never a wrong one.
        """
        region = self._regions.get(key)
        value = self._value_of(key)
        if region is None or self._source is None or value is None or not 0 <= start < end:
            return None
        needle = value[start:end]
        if len(needle) != end - start:
            return None
        nth = _occurrences(value[:start], needle)
        written = self._source[region[0]:region[1]]
        at = -1
        for _ in range(nth + 1):
            at = written.find(needle, at + 1)
            if at < 0:
                return None
        return _position(self._source, region[0] + at, region[0] + at + len(needle))

    def _value_of(self, key: Key) -> str | None:
        """The value of a text field as loaded (``text``, ``title``, ``overrides.<t>``)."""
        value: object = None
        if key == ("text",):
            value = self.text
        elif key == ("title",):
            value = self.title
        elif len(key) == 2 and key[0] == "overrides":
            value = self.overrides.get(str(key[1]))
        return value if isinstance(value, str) else None

    def line_of(self, key: Key) -> int | None:
        """Line in the post file of a field path (``("media", 0, "alt")``)."""
        if key[:1] == ("text",) and self._text_line is not None:
            return self._text_line
        return self._doc.line_of(key) if self._doc else None
