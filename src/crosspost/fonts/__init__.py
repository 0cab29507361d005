"""The font crosspost burns captions with, shipped in the package.

libass finds fonts through fontconfig, and a CI runner or a slim container often has none: libass
then renders nothing and says so only in a log line. So captions never depend on system fonts:
the renderer hands this folder to libass as ``fontsdir`` and names the family below.
DejaVu Sans Bold: wide Latin, Greek and Cyrillic coverage, and a licence that allows
redistribution (LICENSE-DejaVu.txt, next to the font).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CAPTION_FONT_FAMILY", "CAPTION_FONT_FILE", "font_dir", "font_path"]

#: Family name inside the font file; libass matches the ASS style's Fontname against it.
CAPTION_FONT_FAMILY = "DejaVu Sans"
CAPTION_FONT_FILE = "DejaVuSans-Bold.ttf"


def font_dir() -> Path:
    """The folder holding the bundled font (a real folder: the wheel is installed unzipped)."""
    return Path(__file__).resolve().parent


def font_path() -> Path:
    """The bundled caption font; a missing file means a broken install, so say so."""
    path = font_dir() / CAPTION_FONT_FILE
    if not path.is_file():
        from ..errors import ToolMissingError

        raise ToolMissingError(f"the bundled caption font {path} is missing; reinstall crosspost")
    return path
