"""Invisible characters that change how text reads or breaks: bidi overrides, stray zero-widths."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from ..wording import plural
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


# Every character _NAMES lists, plus C0 controls other than tab/LF/CR, DEL and C1 controls.
_UNSAFE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]"


# A zero-width joiner that does not follow a pictograph and its Extend characters.
_LONE_JOINER = r"(?<!\p{Extended_Pictographic}\p{GCB=Extend}*)\u200d"


def unsafe_positions(text: str) -> list[tuple[int, str]]:
    """Offsets (code points) and names of unsafe characters; ZWJ in emoji sequences allowed.

    One scan for the unsafe characters; only a zero-width joiner needs its grapheme cluster
    (is there a pictograph in it?), and each cluster is looked at once. A joiner right after
    a pictograph and its marks is in that pictograph's cluster (GB9), so only the others are
    looked at (a megabyte of family emoji holds 222,000 joiners).
    """
    import re
    from bisect import bisect_right

    hits = [(m.start(), m.group()) for m in re.finditer(_UNSAFE, text)]
    if not hits:
        return []
    if "\u200d" in text:
        import regex

        lone = [(m.start(), m.group()) for m in regex.finditer(_LONE_JOINER, text)]
        hits = sorted([hit for hit in hits if hit[1] != "\u200d"] + lone)
    bounds: list[int] = []
    pictographic: dict[int, bool] = {}
    if any(char == "\u200d" for _, char in hits):
        import regex

        from ..text.graphemes import grapheme_boundaries

        bounds = grapheme_boundaries(text)
        pict = regex.compile(r"\p{Extended_Pictographic}")
    found: list[tuple[int, str]] = []
    for offset, char in hits:
        code = ord(char)
        if code == 0x200D:
            at = bisect_right(bounds, offset)
            start, end = bounds[at - 1], bounds[at]
            if start not in pictographic:
                pictographic[start] = pict.search(text, start, end) is not None
            if pictographic[start]:
                continue
        name = _NAMES.get(code) or f"control character U+{code:04X}"
        found.append((offset, name))
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
                f"{plural(len(found), 'invisible character')}: {', '.join(names)} "
                f"(first at character {found[0][0] + 1}); remove them",
                severity="error" if control else "warning",
                key=key,
                span=(found[0][0], found[0][0] + 1),
                measured=len(found),
                limit=0,
                unit="characters",
            )


RULES = (Rule(UNSAFE, "item", check_unsafe),)
