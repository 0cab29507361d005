"""The text as the platform will count it: the one place that says what ``check`` measures.

``adapt`` writes `@{key}` mentions as the platform's handle (or the name) before anything
else; ``check`` measures the text after this same step (``content.handles.map_mentions``, which
the transform calls too), so both say the same number for the same text. Later steps that
change the text (links shortened as Bluesky's app shows them, an AI label, dropped hashtags)
are named by the plan's fitting step ("measured after: ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.handles import HandleMap, map_mentions


@dataclass(frozen=True)
class PlatformText:
    """The text as counted, and how many placeholders were written for the platform."""

    text: str
    mentions: int = 0

    @property
    def changes(self) -> tuple[str, ...]:
        """What differs from the written text, in words (empty: counted as written)."""
        return ("mentions written as handles",) if self.mentions else ()


def platform_text(text: str, handles: HandleMap | None, platform: str) -> PlatformText:
    """``text`` with its mentions written for ``platform``."""
    mentions = map_mentions(text, handles, platform)
    return PlatformText(mentions.text, len(mentions.mapped) + len(mentions.named))
