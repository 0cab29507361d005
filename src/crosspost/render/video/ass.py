"""Write captions as an ASS script for libass, so burn-in has exact pixel sizes and margins.

Burning an SRT through ``force_style`` leaves sizes to libass's 384x288 default canvas and the
font to fontconfig. An ASS script with ``PlayResX/Y`` equal to the output frame states every
size in output pixels, names the bundled font, and keeps the text above the safe area.
"""

from __future__ import annotations

import re

from ...media.facts import Subtitles
from ...transforms.captions.layout import CaptionLayout

__all__ = ["ass_text", "to_ass"]

_TAG = re.compile(r"<(/?)([a-zA-Z]+)[^<>]*>|\{\\[^{}]*\}")
_ASS_CODES = {"i": "i", "b": "b", "u": "u"}
_FORMAT = ("Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
           "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
           "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding")


def _escape(text: str) -> str:
    """Plain text for an ASS event: no override blocks, no ``\\N``-style escapes."""
    text = text.replace("\\", "\\\u2060")  # a word joiner stops \N, \n, \h being read as codes
    return text.replace("{", "(").replace("}", ")")


def ass_text(line: str, fmt: str) -> str:
    """One cue line as ASS event text: i/b/u kept as override tags, other markup dropped."""
    from ...media.subtitles.text import to_srt_markup

    line = to_srt_markup(line, "vtt") if fmt == "vtt" else line
    out: list[str] = []
    last = 0
    for match in _TAG.finditer(line):
        out.append(_escape(line[last:match.start()]))
        name = (match.group(2) or "").lower()
        if name in _ASS_CODES:
            out.append(f"{{\\{_ASS_CODES[name]}{0 if match.group(1) else 1}}}")
        last = match.end()
    out.append(_escape(line[last:]))
    return "".join(out).strip()


def _time(ms: int) -> str:
    centis = round(ms / 10)
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    seconds, centis = divmod(rest, 100)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"


def to_ass(subs: Subtitles, width: int, height: int, layout: CaptionLayout, family: str) -> str:
    """An ASS script drawing ``subs`` bottom-centre (or top-centre) on a ``width x height``
    frame, inside the layout's margins."""
    top = layout.position == "top"
    border_style, outline = (3, max(2, round(layout.font_size * 0.25))) if layout.box else (
        1, layout.outline)
    # &HAABBGGRR: white text, black outline (or a 38% transparent black box), soft shadow.
    back = "&H60000000" if layout.box else "&H80000000"
    outline_colour = back if layout.box else "&H00000000"
    style = (f"Style: Default,{family},{layout.font_size},&H00FFFFFF,&H00FFFFFF,"
             f"{outline_colour},{back},-1,0,0,0,100,100,0,0,{border_style},{outline},"
             f"{0 if layout.box else 1},{8 if top else 2},{layout.margin_left},"
             f"{layout.margin_right},{layout.margin_top if top else layout.margin_bottom},1")
    lines = [
        "[Script Info]", "ScriptType: v4.00+", f"PlayResX: {width}", f"PlayResY: {height}",
        "WrapStyle: 0", "ScaledBorderAndShadow: yes", "YCbCr Matrix: TV.709", "",
        "[V4+ Styles]", _FORMAT, style, "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    for cue in subs.cues:
        if cue.end_ms <= cue.start_ms:
            continue
        text = "\\N".join(t for t in (ass_text(x, subs.format) for x in cue.lines) if t)
        if text:
            lines.append(f"Dialogue: 0,{_time(cue.start_ms)},{_time(cue.end_ms)},Default,,"
                         f"0,0,0,,{text}")
    return "\n".join(lines) + "\n"
