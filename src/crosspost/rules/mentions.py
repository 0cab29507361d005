"""Mention placeholders (`@{key}`) that the handle map does not know."""

from __future__ import annotations

from collections.abc import Iterator

from ..content.handles import map_mentions
from ..report import Finding
from .base import Rule
from .context import ItemContext
from .meta import RuleMeta

UNKNOWN = RuleMeta(
    id="mentions.unknown",
    name="Unknown mention placeholder",
    summary="A `@{key}` placeholder in the text that the handle map does not know.",
    why="crosspost never guesses a handle: a wrong one tags someone else. Add the key to the "
    "handle map (the `handles` setting), or write the name without a placeholder. Without a "
    "handle map every placeholder is unknown. check, plan and adapt report it alike.",
    failing=("@{wethouderjansen} when the handle map has no key wethouderjansen",),
    passing=(
        "@{energieloket} with energieloket in the handle map",
        "the name written out: wethouder Jansen",
    ),
)


def check_unknown(ctx: ItemContext) -> Iterator[Finding]:
    texts: list[tuple[tuple[str | int, ...], str]] = [(("text",), ctx.item.text)]
    texts += [(("overrides", target), text) for target, text in ctx.item.overrides.items()]
    for key, text in texts:
        # Which keys are unknown does not depend on the platform: any platform will do.
        for name, start, end in map_mentions(text, ctx.handles, "").unknown:
            where = "is not in the handle map" if ctx.handles is not None else \
                "cannot be written: no handle map is configured (the `handles` setting)"
            yield ctx.finding(
                UNKNOWN.id,
                f"mention placeholder @{{{name}}} {where}; add it rather than guess",
                key=key, span=(start, end), measured=f"@{{{name}}}",
            )


RULES = (Rule(UNKNOWN, "item", check_unknown),)
