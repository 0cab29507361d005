"""The rules crosspost runs: the built-in tuple plus rules that packages register.

Third parties add rules through the ``crosspost.rules`` entry point group; each entry point
names an iterable of ``Rule``. Nothing registers itself on import.
"""

from __future__ import annotations

from functools import lru_cache

from ..entry_groups import may_declare
from . import (
    accessibility,
    ai,
    alt_text,
    captions,
    empty_post,
    images,
    language,
    media_count,
    mentions,
    privacy,
    targets,
    text_entities,
    text_length,
    unsafe_chars,
    video,
)
from .base import Rule
from .canvas import METAS as CANVAS_RULES
from .meta import RuleMeta
from .structural import ENGINE_RULES

BUILTIN_RULES: tuple[Rule, ...] = (
    *targets.RULES,
    *empty_post.RULES,
    *text_length.RULES,
    *text_entities.RULES,
    *mentions.RULES,
    *accessibility.RULES,
    *unsafe_chars.RULES,
    *language.RULES,
    *ai.RULES,
    *media_count.RULES,
    *images.RULES,
    *video.RULES,
    *captions.RULES,
    *alt_text.RULES,
    *privacy.RULES,
)

ENTRY_POINT_GROUP = "crosspost.rules"


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Built-in rules, then those of installed plugins (importlib.metadata is asked only when
    a distribution may declare the group: its import costs more than a check's rules)."""
    found: list[Rule] = list(BUILTIN_RULES)
    if may_declare(ENTRY_POINT_GROUP):
        from importlib.metadata import entry_points

        for entry in entry_points(group=ENTRY_POINT_GROUP):
            found.extend(entry.load())
    return tuple(found)


def rule_catalogue() -> dict[str, RuleMeta]:
    """Rule metadata by id (and by each alias), for reporters and docs."""
    catalogue: dict[str, RuleMeta] = {}
    for meta in (*ENGINE_RULES, *CANVAS_RULES, *(m for rule in all_rules() for m in rule.metas)):
        catalogue[meta.id] = meta
        for alias in meta.aliases:
            catalogue.setdefault(alias, meta)
    return catalogue


def canonical(rule_id: str) -> str:
    """The current id of a rule given by its id or an old alias."""
    meta = rule_catalogue().get(rule_id)
    return meta.id if meta else rule_id


def unknown_rule(rule_id: str) -> str | None:
    """None for a rule id or alias crosspost knows; else what to say, with close ids."""
    import difflib

    known = rule_catalogue()
    if rule_id in known:
        return None
    close = difflib.get_close_matches(rule_id, list(known), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else "`crosspost rule` lists them"
    return f"unknown rule {rule_id!r}; {hint}"
