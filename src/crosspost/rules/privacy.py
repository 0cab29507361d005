"""Privacy: location metadata in photos and videos."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import ItemContext
from .meta import RuleMeta

LOCATION = RuleMeta("media.location", "Location in media metadata",
                    "A photo or video carries GPS coordinates or another location tag.",
                    "Phone photos record where they were taken, often the photographer's home. "
                    "Some platforms strip it, not all, and the files also travel by mail and "
                    "chat. adapt removes it.", fixable=True,
                    failing=(
                        "a phone photo with GPS coordinates in its EXIF data",
                        "an iPhone video with the recording location in its metadata",
                    ),
                    passing=("a photo exported without location metadata",))


def check_location(ctx: ItemContext) -> Iterator[Finding]:
    for index, facts in sorted(ctx.facts.items()):
        if getattr(facts, "has_location", False):
            asset = ctx.item.media[index]
            yield ctx.finding(
                LOCATION.id,
                f"{asset.path} contains a location (GPS) in its metadata",
                severity="warning", key=("media", index, "path"), fixable=True,
                hint="adapt strips location metadata from every variant",
            )


RULES = (Rule(LOCATION, "item", check_location),)
