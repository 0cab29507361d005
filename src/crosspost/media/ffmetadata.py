"""Parse ffmpeg's ``-f ffmetadata`` output: the one structured view of tags the binary offers.

Tag values come from the file and may contain ``=``, ``;``, ``#``, backslashes and newlines;
the ffmetadata muxer escapes them, so unlike the stderr dump this text cannot be confused.
"""

from __future__ import annotations

__all__ = ["parse_ffmetadata"]


def parse_ffmetadata(text: str) -> dict[str, str]:
    """Return the global tags (the part before the first ``[STREAM]``/``[CHAPTER]`` section)."""
    lines = _logical_lines(text)
    if not lines or not lines[0].startswith(";FFMETADATA"):
        raise ValueError("not ffmetadata output (missing ';FFMETADATA1' header)")
    tags: dict[str, str] = {}
    for line in lines[1:]:
        if line.startswith("["):
            break
        if not line or line[0] in ";#":
            continue
        key, value = _split_unescaped(line)
        tags[key] = value
    return tags


def _logical_lines(text: str) -> list[str]:
    """Join lines whose newline was escaped with a backslash, keeping other escapes."""
    lines: list[str] = []
    current = ""
    escaped = False
    for char in text:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "\n":
            lines.append(current)
            current = ""
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def _split_unescaped(line: str) -> tuple[str, str]:
    key: list[str] = []
    value: list[str] = []
    target = key
    chars = iter(line)
    for char in chars:
        if char == "\\":
            target.append(next(chars, ""))
        elif char == "=" and target is key:
            target = value
        else:
            target.append(char)
    return "".join(key), "".join(value)
