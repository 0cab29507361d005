"""What a rule is, as data: its stable id, a readable name and its documentation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RuleMeta:
    """Documentation of one rule; the docs site, SARIF and `crosspost rules` read it."""

    id: str
    name: str
    summary: str
    why: str
    fixable: bool = False
    aliases: tuple[str, ...] = ()
    failing: tuple[str, ...] = field(default=())
    passing: tuple[str, ...] = field(default=())
