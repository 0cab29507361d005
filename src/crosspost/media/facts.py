"""What crosspost knows about one media file, as immutable values.

Checks and renderers read these models instead of opening files again, so a post with ten
targets probes each file once. Fields are plain data (no Pillow or ffmpeg objects) so that
tests can build facts by hand (see ``FakeProber``) and reports can serialise them.
Times in subtitles are integer milliseconds: SRT and WebVTT store milliseconds, and integers
keep round trips and comparisons exact.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

__all__ = [
    "ImageFacts",
    "SubtitleCue",
    "SubtitleFormat",
    "SubtitleIssue",
    "SubtitleIssueCode",
    "SubtitleReport",
    "Subtitles",
    "VideoFacts",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ImageFacts(BaseModel):
    """Header facts of a still or animated image; pixels were not decoded to get them."""

    model_config = _FROZEN

    path: str
    format: str = Field(description='Detected format as Pillow names it, e.g. "JPEG", "PNG".')
    width: PositiveInt = Field(description="Displayed width, after EXIF orientation.")
    height: PositiveInt = Field(description="Displayed height, after EXIF orientation.")
    orientation: int = Field(1, ge=1, le=8, description="EXIF orientation tag; 1 = upright.")
    mode: str = Field("RGB", description='Pillow mode, e.g. "RGB", "RGBA", "P", "CMYK".')
    bits: PositiveInt = Field(8, description="Bits per channel as stored.")
    animated: bool = False
    frames: PositiveInt = 1
    bytes: NonNegativeInt = 0
    has_exif: bool = False
    has_location: bool = Field(False, description="GPS coordinates in EXIF or location in XMP.")
    has_icc: bool = False
    icc_description: str | None = None
    mislabelled: bool = Field(False, description="The file extension names another format.")

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def aspect_ratio(self) -> float:
        return self.width / self.height


class VideoFacts(BaseModel):
    """Container and stream facts of a video, as ffmpeg reads its header."""

    model_config = _FROZEN

    path: str
    container: str = Field(description='ffmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2".')
    brand: str | None = Field(None, description='MP4 major brand, e.g. "isom" or "qt  ".')
    duration: float = Field(gt=0, description="Seconds.")
    width: PositiveInt = Field(description="Displayed width, after rotation.")
    height: PositiveInt = Field(description="Displayed height, after rotation.")
    rotation: Literal[0, 90, 180, 270] = Field(
        0, description="Degrees clockwise a player turns the coded frame to display it."
    )
    fps: float = Field(gt=0)
    video_codec: str = Field(description='ffmpeg codec name, e.g. "h264", "hevc".')
    pixel_format: str | None = Field(None, description='e.g. "yuv420p", "yuv420p10le".')
    audio_codec: str | None = None
    audio_channels: NonNegativeInt = 0
    audio_sample_rate: PositiveInt | None = None
    bitrate: PositiveInt | None = Field(None, description="Overall bits per second.")
    bytes: NonNegativeInt = 0
    has_location: bool = Field(False, description="A location tag (ISO 6709) is present.")

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def aspect_ratio(self) -> float:
        return self.width / self.height

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None


SubtitleFormat = Literal["srt", "vtt"]


class SubtitleCue(BaseModel):
    """One cue; ``lines`` keep the source markup (``<i>``, VTT voice tags...)."""

    model_config = _FROZEN

    index: PositiveInt = Field(description="1-based position in the file, used in messages.")
    start_ms: NonNegativeInt
    end_ms: NonNegativeInt
    lines: tuple[str, ...] = ()
    line: PositiveInt | None = Field(None, description="Source line of the timing line.")
    identifier: str | None = Field(None, description="SRT number or WebVTT cue id as written.")
    settings: str | None = Field(None, description='WebVTT cue settings, e.g. "align:start".')

    @property
    def start(self) -> float:
        return self.start_ms / 1000

    @property
    def end(self) -> float:
        return self.end_ms / 1000

    @property
    def duration(self) -> float:
        return (self.end_ms - self.start_ms) / 1000

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Subtitles(BaseModel):
    """A parsed subtitle file; parsing is strict, softer problems come from the linter."""

    model_config = _FROZEN

    format: SubtitleFormat
    cues: tuple[SubtitleCue, ...] = ()
    path: str | None = None
    header: str | None = Field(None, description="Text after WEBVTT on the first line.")


SubtitleIssueCode = Literal[
    "no_cues",
    "empty_cue",
    "zero_duration",
    "end_before_start",
    "out_of_order",
    "overlap",
    "line_too_long",
    "too_many_lines",
    "too_fast",
    "after_video_end",
]


class SubtitleIssue(BaseModel):
    """A problem worth showing the user that does not stop crosspost."""

    model_config = _FROZEN

    code: SubtitleIssueCode
    message: str
    cue: PositiveInt | None = None
    line: PositiveInt | None = None


class SubtitleReport(BaseModel):
    """Lint result: issues plus the numbers a timing check needs."""

    model_config = _FROZEN

    issues: tuple[SubtitleIssue, ...] = ()
    cue_count: NonNegativeInt = 0
    first_start: float | None = None
    last_end: float | None = None
    max_line_chars: NonNegativeInt = 0
    covered_seconds: float = 0.0
    coverage: float | None = Field(
        None, description="Share of the video duration with a cue on screen (0..1)."
    )

    @property
    def ok(self) -> bool:
        return not self.issues
