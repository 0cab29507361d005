"""One sanitiser for every value from a repository that crosspost prints.

Ids, file names, texts and messages come from strangers' pull requests. Shown raw, a newline
could start a line a CI system reads as a command (``::error ...``, ``::add-mask::``), ESC could
move the cursor or recolour the log, and a bidi override could show a name backwards. Every
reporter, progress bar and log line passes such values through ``printable``; JSON output
passes through ``json_safe``. See docs/security.md.
"""

from __future__ import annotations

import re

#: C0 and C1 controls (newlines and ESC included), line/paragraph separators, bidi controls,
#: and what no XML or UTF-8 file can hold (lone surrogates, U+FFFE, U+FFFF).
CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff\ufffe\uffff]"
)
#: The part of CONTROL that ``json.dumps`` leaves raw (it escapes U+0000..U+001F itself).
_RAW_IN_JSON = re.compile(
    r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff\ufffe\uffff]"
)
#: What the GitHub Actions runner (and Azure Pipelines) take as a command at a line's start.
_COMMAND_START = re.compile(r"^([ \t]*)([:#])(?=:|#\[|\[)", re.MULTILINE)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    r"""``text`` with every control character shown as a visible escape (``\n``, ``\x1b``).

    A value that starts like a CI command (``::``, ``##[``) gets its first character escaped
    too, so that no line crosspost prints can begin one. ``keep_newlines`` leaves line breaks
    and tabs alone, for text shown as a block (HTML, XML, an annotation whose format encodes
    them), never for lines of a log.
    """
    if keep_newlines:
        escaped = CONTROL.sub(
            lambda m: m.group() if m.group() in "\n\r\t" else _escape(m.group()), text
        )
    else:
        escaped = CONTROL.sub(lambda m: _escape(m.group()), text)
    return _COMMAND_START.sub(lambda m: m.group(1) + _escape(m.group(2)), escaped)


def json_safe(dumped: str) -> str:
    r"""JSON text with the controls ``json.dumps(ensure_ascii=False)`` leaves raw as ``\uXXXX``.

    Those characters (C1 controls, separators, bidi controls) can only stand inside strings of
    the document, where the escape means the same character.
    """
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
