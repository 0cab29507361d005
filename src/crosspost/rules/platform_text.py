"""The text as the platform will count it: the one place that says what ``check`` measures.

``adapt`` writes `@{key}` mentions as the platform's handle (or the name) before anything
else; ``check`` measures the text after this same step (``content.handles.map_mentions``, which
the transform calls too). Where the platform's app shows links shortened (Bluesky), the app
counts the short form, so ``check`` counts it too (``text.short_links``, the rule the plan's
``links.shorten`` step writes with): both say the same number for the same text. Later steps
that change the text (an AI label, dropped hashtags) are named by the plan's fitting step
("measured after: ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.handles import HandleMap, map_mentions
from ..text.short_links import ShortLinkForm

if TYPE_CHECKING:
    from ..specs.platform import FormatSpec
    from ..specs.resolve import Tiers


@dataclass(frozen=True)
class PlatformText:
    """The text as counted, how many placeholders were written for the platform and how many
    links are counted in the app's short form."""

    text: str
    mentions: int = 0
    short_links: int = 0

    @property
    def changes(self) -> tuple[str, ...]:
        """What differs from the written text, in words (empty: counted as written)."""
        return (*(("mentions written as handles",) if self.mentions else ()),
                *(("links counted as the app shows them",) if self.short_links else ()))


def short_form(tiers: Tiers) -> ShortLinkForm | None:
    """The short form in which the format's app shows links, from its spec data (None: as
    written)."""
    path = tiers.fact("text", "shortened_link_path")
    kept = tiers.fact("text", "shortened_link_kept")
    if not tiers.flag("text", "shortened_links") or path is None or kept is None:
        return None
    return ShortLinkForm(path=int(path), kept=int(kept))


def short_form_for(fmt: FormatSpec) -> ShortLinkForm | None:
    """``short_form`` of a format on its own (no policy)."""
    from ..specs.resolve import Tiers

    return short_form(Tiers(fmt))


def platform_text(text: str, handles: HandleMap | None, platform: str,
                  form: ShortLinkForm | None = None) -> PlatformText:
    """``text`` with its mentions written for ``platform`` and its links in ``form``."""
    mentions = map_mentions(text, handles, platform)
    shortened = form.shorten(mentions.text) if form else None
    return PlatformText(shortened.text if shortened else mentions.text,
                        len(mentions.mapped) + len(mentions.named),
                        len(shortened.links) if shortened else 0)
