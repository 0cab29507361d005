"""Invisible characters that change how text reads or breaks: bidi overrides, stray zero-widths."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import ItemContext
from .meta import RuleMeta

UNSAFE = RuleMeta(
    id="text.unsafe_chars",
    name="Invisible control characters",
    summary="Bidirectional overrides, zero-width spaces or control characters in the text; "
    "control characters (NUL, ESC) are errors, the others warnings.",
    why="Bidi overrides can make text display differently from what it says (a link that reads "
    "as another); zero-width spaces break hashtags, search and counting. They usually arrive by "
    "copy-paste. A zero-width joiner inside an emoji sequence is fine.",
    fixable=False,
    failing=(
        "a zero-width space (U+200B) pasted into #Energietransitie",
        "a right-to-left override (U+202E) that shows a file name backwards",
    ),
    passing=(
        "the family emoji 👨\u200d👩\u200d👧 (zero-width joiners inside an emoji)",
        "plain text with line breaks",
    ),
)

_NAMES = {
    0x200B: "ZERO WIDTH SPACE",
    0x200D: "ZERO WIDTH JOINER outside an emoji",
    0x2060: "WORD JOINER",
    0xFEFF: "ZERO WIDTH NO-BREAK SPACE (BOM)",
    **dict.fromkeys(range(0x202A, 0x202F), "bidirectional override"),
    **dict.fromkeys(range(0x2066, 0x206A), "bidirectional isolate"),
}


def unsafe_positions(text: str) -> list[tuple[int, str]]:
    """Offsets (code points) and names of unsafe characters; ZWJ in emoji sequences allowed."""
    import regex

    found: list[tuple[int, str]] = []
    offset = 0
    for cluster in regex.findall(r"\X", text):
        pictographic = regex.search(r"\p{Extended_Pictographic}", cluster) is not None
        for index, char in enumerate(cluster):
            code = ord(char)
            name = _NAMES.get(code)
            if code == 0x200D and pictographic:
                name = None
            elif name is None and ((code < 0x20 and char not in "\n\t\r") or 0x7F <= code < 0xA0):
                name = f"control character U+{code:04X}"
            if name:
                found.append((offset + index, name))
        offset += len(cluster)
    return found


def check_unsafe(ctx: ItemContext) -> Iterator[Finding]:
    texts: list[tuple[tuple[str, ...], str]] = [
        (("text",), ctx.item.text), (("title",), ctx.item.title or "")
    ]
    texts += [(("overrides", t), s) for t, s in ctx.item.overrides.items()]
    for key, text in texts:
        found = unsafe_positions(text)
        if found:
            names = sorted({name for _, name in found})
            # NUL, ESC and other controls corrupt files and terminals: never published.
            control = any(name.startswith("control character") for name in names)
            yield ctx.finding(
                UNSAFE.id,
                f"{len(found)} invisible character(s): {', '.join(names)} "
                f"(first at character {found[0][0] + 1}); remove them",
                severity="error" if control else "warning",
                key=key,
                span=(found[0][0], found[0][0] + 1),
                measured=len(found),
                limit=0,
                unit="characters",
            )


RULES = (Rule(UNSAFE, "item", check_unsafe),)
