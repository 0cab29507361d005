"""Parse the input summary ffmpeg prints on stderr (``Input #0, ... Stream #0:0: Video: ...``).

The shipped ffmpeg has no ffprobe, and the ffmpeg binary offers nothing structured for stream
facts: ``-f ffmetadata`` gives only tags (we use it for those), and ``-print_graphs_format
json`` needs a decode and still lacks duration, codecs and frame rate. So stream facts come from
this dump, read defensively:

* the dump is located by the exact input URL we passed, so a file name cannot fake it;
* only lines at the dump's fixed indentation are read; ffmpeg prints metadata values (which the
  file controls) deeper and prefixes their continuation lines with ``:``, so a tag value
  cannot pose as a ``Stream`` line;
* stream numbers must be 0, 1, 2... in order, or the dump is rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "DumpError",
    "InputDump",
    "StreamInfo",
    "parse_input_dump",
    "snap_ntsc",
    "split_top_level",
]


class DumpError(ValueError):
    """The stderr text does not contain a well-formed input summary."""


@dataclass(frozen=True)
class StreamInfo:
    """One ``Stream #0:N`` line, split into the facts crosspost uses."""

    index: int
    kind: str  # "Video", "Audio", "Subtitle", "Data", "Attachment"
    codec: str
    details: tuple[str, ...]
    attached_pic: bool = False
    width: int | None = None
    height: int | None = None
    pixel_format: str | None = None
    fps: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    rotation: float | None = None
    sar: tuple[int, int] | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InputDump:
    """The ``Input #0`` block: demuxer name, duration, bitrate and streams."""

    container: str
    duration: float | None
    bitrate: int | None
    streams: tuple[StreamInfo, ...]


_STREAM = re.compile(r"^  Stream #0:(\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: (\w+): (.*)$")
_DURATION = re.compile(r"^  Duration: (?P<d>N/A|(\d+):(\d\d):(\d\d(?:\.\d+)?))(?P<rest>.*)$")
_BITRATE = re.compile(r"bitrate: (\d+) kb/s")
_SIZE = re.compile(r"^(\d+)x(\d+)(?:\s|$)")
_SAR = re.compile(r"\[SAR (\d+):(\d+) ")
_PIXFMT = re.compile(r"^([a-z][a-z0-9_]*)(?:\(.*\))?$")
_RATE = re.compile(r"^(\d+(?:\.\d+)?)(k?) (fps|tbr)$")
_HZ = re.compile(r"^(\d+) Hz$")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees")
_TAG = re.compile(r"^ {6}(\S[^:]*?)\s*: (.*)$")
_LAYOUT_CHANNELS = {
    "mono": 1,
    "stereo": 2,
    "2.1": 3,
    "3.0": 3,
    "quad": 4,
    "4.0": 4,
    "4.1": 5,
    "5.0": 5,
    "5.1": 6,
    "6.0": 6,
    "6.1": 7,
    "7.0": 7,
    "7.1": 8,
    "hexagonal": 6,
    "octagonal": 8,
    "downmix": 2,
}


def parse_input_dump(stderr: str, url: str) -> InputDump:
    """Parse the summary of the input opened as ``url`` from ffmpeg's stderr."""
    marker = f", from '{url}':\n"
    start = stderr.find(marker)
    if start < 0:
        raise DumpError("ffmpeg printed no summary for the input")
    line_start = stderr.rfind("\n", 0, start) + 1
    head = stderr[line_start:start]
    if not head.startswith("Input #0, "):
        raise DumpError("ffmpeg's input summary does not start with 'Input #0'")
    container = head[len("Input #0, ") :]
    duration: float | None = None
    bitrate: int | None = None
    streams: list[StreamInfo] = []
    current: dict[str, object] | None = None
    for line in stderr[start + len(marker) :].splitlines():
        if line.startswith(("Stream mapping:", "Output #", "Input #")):
            break  # the summary is over
        if not line.startswith("  "):
            continue  # a log line, or a tag name with a raw newline from a crafted file
        if match := _DURATION.match(line):
            duration = _duration(match)
            if found := _BITRATE.search(match.group("rest")):
                bitrate = int(found.group(1)) * 1000
        elif match := _STREAM.match(line):
            if int(match.group(1)) != len(streams) + (current is not None):
                raise DumpError("ffmpeg's stream list is out of order")
            if current is not None:
                streams.append(_stream(current))
            current = {"index": int(match.group(1)), "kind": match.group(2), "rest": match.group(3)}
            current["tags"] = {}
        elif current is not None:
            if found := _ROTATION.search(line):
                if line.strip().startswith("Display Matrix:"):
                    current["rotation"] = float(found.group(1))
            elif (tag := _TAG.match(line)) and not line.startswith("       "):
                tags = current["tags"]
                assert isinstance(tags, dict)
                tags[tag.group(1).strip()] = tag.group(2)
    if current is not None:
        streams.append(_stream(current))
    return InputDump(container, duration, bitrate, tuple(streams))


def _duration(match: re.Match[str]) -> float | None:
    if match.group("d") == "N/A":
        return None
    return int(match.group(2)) * 3600 + int(match.group(3)) * 60 + float(match.group(4))


def split_top_level(text: str) -> list[str]:
    """Split on ", " outside parentheses and brackets (``yuv420p(tv, bt709)`` stays whole)."""
    parts: list[str] = []
    depth = 0
    last = 0
    for pos, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0 and text.startswith(", ", pos):
            parts.append(text[last:pos].strip())
            last = pos + 2
    parts.append(text[last:].strip())
    return [part for part in parts if part]


def _stream(raw: dict[str, object]) -> StreamInfo:
    rest = str(raw["rest"])
    parts = split_top_level(rest)
    codec = parts[0].split(" ", 1)[0] if parts else "unknown"
    info: dict[str, object] = {}
    fps: float | None = None
    tbr: float | None = None
    for pos, part in enumerate(parts[1:], start=1):
        if (size := _SIZE.match(part)) and "width" not in info:
            info["width"], info["height"] = int(size.group(1)), int(size.group(2))
            if (sar := _SAR.search(part)) and int(sar.group(1)) > 0 and int(sar.group(2)) > 0:
                info["sar"] = (int(sar.group(1)), int(sar.group(2)))
        elif pos == 1 and raw["kind"] == "Video" and (pix := _PIXFMT.match(part)):
            info["pixel_format"] = pix.group(1)
        elif rate := _RATE.match(part.removesuffix(" (default)")):
            value = float(rate.group(1)) * (1000 if rate.group(2) else 1)
            if rate.group(3) == "fps":
                fps = value
            else:
                tbr = value
        elif hz := _HZ.match(part):
            info["sample_rate"] = int(hz.group(1))
        elif raw["kind"] == "Audio" and pos <= 3 and "channels" not in info:
            channels = _channels(part)
            if channels is not None:
                info["channels"] = channels
    rotation = raw.get("rotation")
    tags = raw["tags"]
    assert isinstance(tags, dict)
    return StreamInfo(
        index=int(str(raw["index"])),
        kind=str(raw["kind"]),
        codec=codec,
        details=tuple(parts),
        attached_pic="(attached pic)" in rest,
        width=_int_or_none(info.get("width")),
        height=_int_or_none(info.get("height")),
        pixel_format=str(info["pixel_format"]) if "pixel_format" in info else None,
        fps=snap_ntsc(fps if fps else tbr),
        sample_rate=_int_or_none(info.get("sample_rate")),
        channels=_int_or_none(info.get("channels")),
        rotation=float(rotation) if isinstance(rotation, float) else None,
        sar=_sar(info.get("sar")),
        tags={str(k): str(v) for k, v in tags.items()},
    )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _sar(value: object) -> tuple[int, int] | None:
    if isinstance(value, tuple) and len(value) == 2:
        return (int(value[0]), int(value[1]))
    return None


def _channels(part: str) -> int | None:
    layout = part.split("(", 1)[0].strip()
    if layout in _LAYOUT_CHANNELS:
        return _LAYOUT_CHANNELS[layout]
    if match := re.match(r"^(\d+) channels", part):
        return int(match.group(1))
    return None


def snap_ntsc(fps: float | None) -> float | None:
    """ffmpeg prints 2 decimals: restore 30000/1001-style rates (29.97 -> 29.97002997...)."""
    if fps is None or fps <= 0:
        return None
    for base in (24, 30, 48, 60, 120, 240):
        exact = base * 1000 / 1001
        if abs(fps - exact) < 0.006:
            return exact
    return fps
