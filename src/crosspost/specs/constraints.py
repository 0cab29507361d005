"""Constraint blocks: one shape for the three tiers (limits, recommended, policy).

Naming carries meaning that rules and the policy overlay rely on: ``max_*`` is an upper bound,
``min_*`` a lower bound, a list of names is the set of accepted values. A policy may tighten these
(lower a max, raise a min, shrink a set) and never loosen them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema, model_validator

from ..factories import empty_list
from .sourced import VALUE_DESCRIPTION, Frozen, Sourced, SourceRefs

CountMethod = Literal[
    "utf16", "codepoints", "utf8_bytes", "graphemes", "twitter", "mastodon", "threads"
]
MediaKind = Literal["text", "image", "video", "document", "link"]
ImageFormat = Literal["jpeg", "png", "gif", "webp", "heic", "heif", "avif", "tiff", "bmp"]
SidecarFormat = Literal["srt", "vtt"]

_RATIO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)\s*$")


def parse_ratio(value: Any) -> Any:
    """Read an aspect ratio (width / height) from ``"4:5"``, ``"1.91:1"`` or a number."""
    if isinstance(value, str):
        match = _RATIO.match(value)
        if not match:
            raise ValueError(f"expected an aspect ratio such as '4:5' or 0.8, got {value!r}")
        width, height = float(match.group(1)), float(match.group(2))
        if width <= 0 or height <= 0:
            raise ValueError(f"aspect ratio {value!r} must have positive sides")
        return width / height
    return value


Ratio = Annotated[
    float,
    Field(gt=0),
    BeforeValidator(parse_ratio),
    PlainSerializer(lambda v: round(v, 6), return_type=float),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*[:x/]\s*\d+(\.\d+)?\s*$"},
            ],
            "description": "Width / height: a number or 'W:H' such as '4:5'.",
        }
    ),
]
Count = Annotated[int, Field(ge=0)]
Pixels = Annotated[int, Field(ge=1)]
Bytes = Annotated[int, Field(ge=1)]
Seconds = Annotated[float, Field(ge=0)]
Fraction = Annotated[float, Field(ge=0, le=0.5)]
Fps = Annotated[float, Field(gt=0)]
Positive = Annotated[int, Field(ge=1)]


# Concrete classes give the JSON Schema readable names and editors readable completions.
class SourcedCount(Sourced):
    """A whole number >= 0, with its source."""

    value: Count = Field(description=VALUE_DESCRIPTION)


class SourcedPositive(Sourced):
    """A whole number >= 1, with its source."""

    value: Positive = Field(description=VALUE_DESCRIPTION)


class SourcedPixels(Sourced):
    """A size in pixels, with its source."""

    value: Pixels = Field(description=VALUE_DESCRIPTION)


class SourcedBytes(Sourced):
    """A file size in bytes, with its source."""

    value: Bytes = Field(description=VALUE_DESCRIPTION)


class SourcedSeconds(Sourced):
    """A duration in seconds, with its source."""

    value: Seconds = Field(description=VALUE_DESCRIPTION)


class SourcedFps(Sourced):
    """A frame rate, with its source."""

    value: Fps = Field(description=VALUE_DESCRIPTION)


class SourcedFraction(Sourced):
    """A share of the frame from 0 to 0.5, with its source."""

    value: Fraction = Field(description=VALUE_DESCRIPTION)


class SourcedRatio(Sourced):
    """An aspect ratio (width / height), with its source."""

    value: Ratio = Field(description=VALUE_DESCRIPTION)


class SourcedRatios(Sourced):
    """Aspect ratios, most preferred first, with their source."""

    value: list[Ratio] = Field(description=VALUE_DESCRIPTION)


ComboKind = Literal["image", "video", "document"]


class SourcedCombinations(Sourced):
    """Media that may go together in one post: each entry maps kinds to their most; a post fits
    one entry, and a kind an entry leaves out is not allowed with it. Most permissive first."""

    value: list[dict[ComboKind, Count]] = Field(description=VALUE_DESCRIPTION)


class SourcedBool(Sourced):
    """A yes/no fact, with its source."""

    value: bool = Field(description=VALUE_DESCRIPTION)


class SourcedText(Sourced):
    """A piece of text, with its source."""

    value: str = Field(description=VALUE_DESCRIPTION)


class SourcedNames(Sourced):
    """A set of names (containers, codecs, languages), with its source."""

    value: list[str] = Field(description=VALUE_DESCRIPTION)


class SourcedImageFormats(Sourced):
    """Accepted image formats, with their source."""

    value: list[ImageFormat] = Field(description=VALUE_DESCRIPTION)


class SourcedSidecarFormats(Sourced):
    """Accepted subtitle file formats, with their source."""

    value: list[SidecarFormat] = Field(description=VALUE_DESCRIPTION)


class Block(Frozen):
    """Common to every block: a default source for the values inside it."""

    source: SourceRefs = Field(
        default_factory=empty_list, description="Default source ids for values in this block."
    )
    note: str | None = Field(default=None, description="Free text for maintainers.")
    confirmed: date | None = Field(
        default=None,
        description="When the values in this block were last confirmed against their sources; "
        "a value's own `confirmed` wins, and without either the audit takes the newest `checked` "
        "date of the value's sources, else the file's `verified` date.",
    )
    confirmed_by: SourceRefs = Field(
        default_factory=empty_list,
        description="The sources the block's `confirmed` date was checked against (as on a "
        "value): only a first-hand primary source named here makes it a primary re-read.",
    )

    @model_validator(mode="after")
    def _confirmation_has_date(self) -> Block:
        if self.confirmed_by and self.confirmed is None:
            raise ValueError("`confirmed_by` names the sources of a `confirmed` date; add it")
        return self


def _check_ranges(block: Frozen, pairs: tuple[tuple[str, str], ...]) -> None:
    for low, high in pairs:
        lo, hi = getattr(block, low), getattr(block, high)
        if lo is not None and hi is not None and lo.value > hi.value:
            raise ValueError(f"{low} ({lo.value}) is greater than {high} ({hi.value})")


Publishing = Literal["api", "app"]


class Condition(Frozen):
    """When a conditional value applies; every given field must match. Where the
    configuration does not say (no account type, no publishing path), the stricter of the
    values applies and findings say so."""

    has_media: bool | None = Field(default=None, description="The post carries media.")
    account: str | None = Field(
        default=None, description="Account type named in the policy `accounts` (e.g. premium)."
    )
    publishing: Publishing | None = Field(
        default=None,
        description="How the post is published, named in the policy `publishing`: `api` "
        "(through the platform's API, as schedulers do) or `app` (a person posts it in the "
        "platform's own app or website).",
    )


class ConditionalLength(Frozen):
    """A text limit that depends on the post (caption with media, premium accounts)."""

    when: Condition
    max_length: dict[CountMethod, SourcedCount] = Field(
        description="Replaces the max_length for these counting methods when `when` matches."
    )
    source: SourceRefs = Field(default_factory=empty_list, description="Default source ids.")
    note: str | None = Field(default=None, description="Free text for maintainers.")


#: Characters a link counts as in the counting methods that replace links (X's
#: transformedURLLength, Mastodon's URL_PLACEHOLDER_CHARS); a test holds them to the counters.
LINK_LENGTHS: dict[str, int] = {"twitter": 23, "mastodon": 23}
#: Methods whose link weight a server may change (a Mastodon instance's
#: characters_reserved_per_url); the count then uses the spec's `url_length`.
VARIABLE_LINK_LENGTHS = frozenset({"mastodon"})


class TextRules(Block):
    """Text of a post (or of its title)."""

    max_length: dict[CountMethod, SourcedCount] = Field(
        default_factory=dict,
        description="Maximum length per counting method; all listed methods apply at once.",
    )
    conditional: list[ConditionalLength] = Field(
        default_factory=empty_list, description="Limits that depend on the post or account."
    )
    max_hashtags: SourcedCount | None = Field(default=None, description="Hashtags at most.")
    max_mentions: SourcedCount | None = Field(default=None, description="Mentions at most.")
    max_links: SourcedCount | None = Field(default=None, description="Links at most.")
    links_clickable: SourcedBool | None = Field(
        default=None, description="Whether a URL in the text becomes a link."
    )
    threads: SourcedBool | None = Field(
        default=None, description="Whether a long text can be posted as a thread of replies."
    )
    max_thread_parts: SourcedPositive | None = Field(
        default=None, description="Parts in a thread at most."
    )
    first_comment_hashtags: SourcedBool | None = Field(
        default=None, description="Norm: hashtags are moved to a first comment."
    )
    shortened_links: SourcedBool | None = Field(
        default=None,
        description="The official app shows a link shortened (host and the start of the path) "
        "and links the full URL; the post's text, and its length, hold the short form.",
    )
    url_length: SourcedPositive | None = Field(
        default=None,
        description="Characters a link counts as in the platform's count (Mastodon: "
        "configuration.statuses.characters_reserved_per_url). The `mastodon` count uses it "
        "(default 23); `twitter` weighs a link 23, so there it must be 23.",
    )
    shortened_link_path: SourcedPositive | None = Field(
        default=None,
        description="With `shortened_links`: the longest path (with query and fragment) the app "
        "shows whole; a longer one is cut.",
    )
    shortened_link_kept: SourcedPositive | None = Field(
        default=None,
        description="With `shortened_links`: characters of a longer path the app keeps before "
        "it adds `...`.",
    )

    @model_validator(mode="after")
    def _url_length(self) -> TextRules:
        _check_url_length(self)
        return self


class Display(Block):
    """How the platform shows a post of this format: facts that adapt plans by."""

    full_screen: SourcedBool | None = Field(
        default=None,
        description="Media fill the screen with the app's buttons and text over them (stories, "
        "reels): adapt keeps text and burned captions inside the safe area.",
    )
    cover: SourcedBool | None = Field(
        default=None,
        description="A video takes a cover image (a thumbnail or cover photo): adapt makes one.",
    )
    captions_burned_in: SourcedBool | None = Field(
        default=None,
        description="Captions show only when drawn into the picture (the format takes no "
        "subtitle file, or does not show one): adapt burns them in.",
    )


def _check_url_length(rules: TextRules) -> None:
    if rules.url_length is None:
        return
    for method in rules.max_length:
        fixed = LINK_LENGTHS.get(method)
        if method in VARIABLE_LINK_LENGTHS:
            continue
        if fixed is not None and fixed != rules.url_length.value:
            raise ValueError(
                f"url_length is {rules.url_length.value}, but the `{method}` count weighs a "
                f"link {fixed} characters: crosspost cannot count this platform's posts")


class ImageRules(Block):
    """Still images attached to a post."""

    min_count: SourcedCount | None = Field(default=None, description="Images at least.")
    max_count: SourcedCount | None = Field(default=None, description="Images at most.")
    min_aspect: SourcedRatio | None = Field(default=None, description="Narrowest ratio.")
    max_aspect: SourcedRatio | None = Field(default=None, description="Widest ratio.")
    preferred_aspects: SourcedRatios | None = Field(
        default=None, description="Ratios the platform shows best, most preferred first."
    )
    min_width: SourcedPixels | None = Field(default=None, description="Pixels wide at least.")
    min_height: SourcedPixels | None = Field(default=None, description="Pixels high at least.")
    max_width: SourcedPixels | None = Field(default=None, description="Pixels wide at most.")
    max_height: SourcedPixels | None = Field(default=None, description="Pixels high at most.")
    preferred_width: SourcedPixels | None = Field(
        default=None, description="Width the platform displays at full quality."
    )
    max_pixels: SourcedPixels | None = Field(
        default=None, description="Width x height at most (LinkedIn, Mastodon)."
    )
    max_bytes: SourcedBytes | None = Field(default=None, description="File size at most.")
    formats: SourcedImageFormats | None = Field(
        default=None, description="Accepted file formats."
    )
    same_aspect: SourcedBool | None = Field(
        default=None, description="All images of a carousel are shown at one ratio."
    )

    @model_validator(mode="after")
    def _ranges(self) -> ImageRules:
        _check_ranges(
            self,
            (
                ("min_count", "max_count"),
                ("min_aspect", "max_aspect"),
                ("min_width", "max_width"),
                ("min_height", "max_height"),
            ),
        )
        return self


class VideoRules(Block):
    """A video attached to a post."""

    min_aspect: SourcedRatio | None = Field(default=None, description="Narrowest ratio.")
    max_aspect: SourcedRatio | None = Field(default=None, description="Widest ratio.")
    preferred_aspects: SourcedRatios | None = Field(
        default=None, description="Ratios the platform shows best, most preferred first."
    )
    min_duration: SourcedSeconds | None = Field(default=None, description="Seconds at least.")
    max_duration: SourcedSeconds | None = Field(default=None, description="Seconds at most.")
    max_bytes: SourcedBytes | None = Field(default=None, description="File size at most.")
    min_width: SourcedPixels | None = Field(default=None, description="Pixels wide at least.")
    min_height: SourcedPixels | None = Field(default=None, description="Pixels high at least.")
    max_width: SourcedPixels | None = Field(default=None, description="Pixels wide at most.")
    max_height: SourcedPixels | None = Field(default=None, description="Pixels high at most.")
    preferred_width: SourcedPixels | None = Field(
        default=None, description="Width of the frame the platform displays best."
    )
    max_pixels: SourcedPixels | None = Field(
        default=None, description="Width x height of a frame at most."
    )
    min_fps: SourcedFps | None = Field(default=None, description="Frames per second at least.")
    max_fps: SourcedFps | None = Field(default=None, description="Frames per second at most.")
    containers: SourcedNames | None = Field(
        default=None, description="Accepted containers (mp4, mov, webm...)."
    )
    video_codecs: SourcedNames | None = Field(
        default=None, description="Accepted video codecs as ffmpeg names (h264, hevc, vp9...)."
    )
    audio_codecs: SourcedNames | None = Field(
        default=None, description="Accepted audio codecs as ffmpeg names (aac, mp3, opus...)."
    )
    max_count: SourcedCount | None = Field(default=None, description="Videos per post.")

    @model_validator(mode="after")
    def _ranges(self) -> VideoRules:
        _check_ranges(
            self,
            (
                ("min_aspect", "max_aspect"),
                ("min_duration", "max_duration"),
                ("min_width", "max_width"),
                ("min_height", "max_height"),
                ("min_fps", "max_fps"),
            ),
        )
        return self


class MediaRules(Block):
    """Limits over all media of a post together (a carousel mixing photos and videos)."""

    min_count: SourcedCount | None = Field(
        default=None,
        description="Photos and videos together at least, when the post has any (a carousel).",
    )
    max_count: SourcedCount | None = Field(
        default=None, description="Photos and videos together at most."
    )
    combinations: SourcedCombinations | None = Field(
        default=None,
        description="Kinds and counts that may go together in one post; a post must fit one "
        "entry. `[{image: 4}, {video: 1}]`: up to four photos, or one video, never both.",
    )

    @model_validator(mode="after")
    def _ranges(self) -> MediaRules:
        _check_ranges(self, (("min_count", "max_count"),))
        return self


class DocumentRules(Block):
    """Documents (PDF, slides) attached to a post (LinkedIn)."""

    formats: SourcedNames | None = Field(
        default=None, description="Accepted file types by extension: pdf, pptx, docx..."
    )
    max_bytes: SourcedBytes | None = Field(default=None, description="File size at most.")
    max_pages: SourcedPositive | None = Field(default=None, description="Pages at most.")


class CaptionRules(Block):
    """Subtitles for video: sidecar upload or burned into the picture."""

    sidecar_formats: SourcedSidecarFormats | None = Field(
        default=None, description="Subtitle files the platform accepts; empty: burn-in only."
    )
    expected: SourcedBool | None = Field(
        default=None, description="Captions are expected (most short video plays muted)."
    )
    max_chars_per_line: SourcedPositive | None = Field(
        default=None, description="Characters per subtitle line that stay readable."
    )
    max_lines: SourcedPositive | None = Field(
        default=None, description="Lines per subtitle cue at most."
    )


class AltTextRules(Block):
    """Alternative text for images and video."""

    supported: SourcedBool | None = Field(
        default=None, description="The platform has an alt text field."
    )
    required: SourcedBool | None = Field(
        default=None, description="Every image needs alt text (a norm or a policy)."
    )
    max_length: SourcedCount | None = Field(default=None, description="Length at most.")
    count_method: CountMethod = Field(
        default="graphemes", description="How max_length is counted."
    )


class SafeArea(Block):
    """Share of the frame that UI overlays cover on vertical video (0 to 0.5 per side)."""

    top: SourcedFraction | None = Field(default=None, description="Share covered at the top.")
    bottom: SourcedFraction | None = Field(
        default=None, description="Share covered at the bottom (caption, buttons)."
    )
    left: SourcedFraction | None = Field(default=None, description="Share covered on the left.")
    right: SourcedFraction | None = Field(
        default=None, description="Share covered on the right (like and share buttons)."
    )


class AIDisclosureRules(Block):
    """How the platform lets an author disclose AI-generated or altered media."""

    label: SourcedBool | None = Field(
        default=None, description="The platform has a label or toggle for AI-generated content."
    )
    api_field: SourcedText | None = Field(
        default=None, description="The API field that sets the label, where there is one."
    )
    label_text: SourcedText | None = Field(
        default=None, description="Text to add to the post where there is no field."
    )
    required: SourcedBool | None = Field(
        default=None, description="Realistic AI media must be disclosed."
    )


class LanguageRules(Block):
    """Languages the text may be written in (mostly a policy matter)."""

    allowed: SourcedNames | None = Field(
        default=None, description="BCP 47 primary language subtags, e.g. [nl]."
    )


class ConditionalBlocks(Block):
    """Values of a tier that apply only under a condition (an X Premium account, a post made
    through the API): a value set here replaces the tier's own value when `when` matches."""

    when: Condition = Field(description="When these values apply.")
    media: MediaRules | None = None
    images: ImageRules | None = None
    video: VideoRules | None = None
    documents: DocumentRules | None = None
    captions: CaptionRules | None = None
    alt_text: AltTextRules | None = None
    safe_area: SafeArea | None = None
    ai_disclosure: AIDisclosureRules | None = None


class Constraints(Block):
    """One tier of constraints for a format."""

    text: TextRules | None = None
    title: TextRules | None = Field(default=None, description="A separate title (YouTube).")
    media: MediaRules | None = Field(default=None, description="All media of a post together.")
    images: ImageRules | None = None
    video: VideoRules | None = None
    documents: DocumentRules | None = None
    captions: CaptionRules | None = None
    alt_text: AltTextRules | None = None
    safe_area: SafeArea | None = None
    ai_disclosure: AIDisclosureRules | None = None
    language: LanguageRules | None = None
    conditional: list[ConditionalBlocks] = Field(
        default_factory=empty_list,
        description="Values that depend on the account or the publishing path, for any block "
        "but text (text lengths have `text.conditional`).",
    )


def build_constraints_first() -> None:
    """Build the validator of ``Constraints`` before that of a model holding it (a platform
    spec, a policy): pydantic then reuses it there instead of generating the same schema a
    second time inline, which took about 10 ms of every command that reads a policy, as
    applying a policy validates ``Constraints`` on its own too. Cheap once built."""
    Constraints.model_rebuild()
