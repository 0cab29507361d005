"""How much the commands say and whether in colour: `-q`, `-v`, `--color`, NO_COLOR, FORCE_COLOR.

Colour follows https://no-color.org and https://force-color.org: an explicit ``--color`` or
``--no-color`` wins; else ``FORCE_COLOR`` set to a non-empty value turns colour on (it wins
over ``NO_COLOR``, as in Node.js); else ``NO_COLOR`` set to a non-empty value turns it off
(an empty one does not); else colour only on a terminal (``TERM=dumb`` is none).
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO


def add_output_options(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", "-q", action="store_true",
                          help="print only the findings, one line each; nothing when clean")
    loudness.add_argument("--verbose", "-v", action="store_true",
                          help="also print each finding's numbers, field, hint and sources, "
                          "and what was read (on standard error)")
    parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                        help="colour the text report (default: on a terminal; see NO_COLOR "
                        "and FORCE_COLOR)")


def use_colour(flag: bool | None, stream: TextIO | None) -> bool:
    """Whether to write ANSI colour to ``stream`` (None: a file, never coloured by default)."""
    if flag is not None:
        return flag
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    if stream is None or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
