"""Flatten a resolved format into rows: tier, field, value, sources, note."""

from __future__ import annotations

from typing import Any

from .platform import TIERS, FormatSpec, PlatformSpec, iter_sourced


def resolved_values(fmt: FormatSpec, platform: PlatformSpec) -> list[dict[str, Any]]:
    """Every set value of every tier, with the addresses of its sources."""
    rows: list[dict[str, Any]] = []
    parts: list[tuple[str, Any]] = [(tier, fmt.tier(tier)) for tier in TIERS]
    if fmt.display is not None:
        parts.append(("display", fmt.display))
    for tier, model in parts:
        for path, value, refs in iter_sourced(model, list(fmt.source)):
            if tier == "policy":
                sources = ["organisation policy"]
            else:
                sources = [
                    platform.sources[r].url or platform.sources[r].title
                    for r in refs
                    if r in platform.sources
                ]
            rows.append(
                {
                    "tier": tier,
                    "field": ".".join(map(str, path)),
                    "value": value.model_dump(mode="json")["value"],
                    "sources": sources,
                    "note": value.note,
                    "confidence": value.confidence,
                    "disputed": [a.model_dump(mode="json") for a in value.disputed],
                }
            )
    return rows
