"""Notebook views of the platform data (``FormatSpec``/``SpecRegistry._repr_html_``).

A format is a table of every value it sets, tier by tier (limits the platform enforces, what it
recommends, the organisation's policy), each with where it comes from; the registry is one row
per platform with its formats, the date its numbers were checked and what the policy switches
off. Same rules as the other views: inline CSS, no scripts, every value escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crosspost.specs.platform import TIERS, FormatSpec, PlatformSpec, iter_sourced
from crosspost.specs.show import resolved_values

from .components import esc, source_link, style_tag

if TYPE_CHECKING:
    from crosspost.specs.registry import SpecRegistry

CSS = """
.cp-table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
.cp-table th,.cp-table td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;
  vertical-align:top}
.cp-table th{background:#f6f8fa}
.cp-muted{color:#59636e}
"""

TIER_TEXT = {
    "limits": "limit (the platform rejects more)",
    "recommended": "recommended (the platform's advice)",
    "policy": "policy (the organisation's rule)",
}


def _wrap(body: str) -> str:
    return f'<div class="cp-report">{style_tag()}<style>{CSS}</style>{body}</div>'


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _rows(fmt: FormatSpec, platform: PlatformSpec | None) -> list[dict[str, Any]]:
    """Every value the format sets; with its platform, sources as addresses, else as ids."""
    if platform is not None:
        return resolved_values(fmt, platform)
    return [{"tier": tier, "field": ".".join(map(str, path)),
             "value": value.model_dump(mode="json")["value"], "sources": refs,
             "note": value.note}
            for tier in TIERS
            for path, value, refs in iter_sourced(fmt.tier(tier), list(fmt.source))]


def format_table(fmt: FormatSpec, platform: PlatformSpec | None = None) -> str:
    rows = _rows(fmt, platform)
    if not rows:
        return '<p class="cp-none">This format sets no values.</p>'
    body = "".join(
        f"<tr><td>{esc(TIER_TEXT[r['tier']])}</td><td><code>{esc(r['field'])}</code></td>"
        f"<td>{esc(_value(r['value']))}</td>"
        f"<td>{'<br>'.join(source_link(str(s)) for s in r['sources'])}"
        f"{'<br><span class=cp-muted>' + esc(r['note']) + '</span>' if r.get('note') else ''}"
        "</td></tr>"
        for r in rows)
    return ('<table class="cp-table"><thead><tr><th>Tier</th><th>Field</th><th>Value</th>'
            f"<th>Source</th></tr></thead><tbody>{body}</tbody></table>")


def format_html(fmt: FormatSpec, platform: PlatformSpec | None = None) -> str:
    """One format: what it takes, and every value it sets with its tier and source."""
    takes = ", ".join(fmt.media)
    needs = "; needs at least one medium" if fmt.requires_media else ""
    note = f'<p class="cp-muted">{esc(fmt.note)}</p>' if fmt.note else ""
    return _wrap(
        f"<header><h3>{esc(fmt.id or fmt.name)}: {esc(fmt.name)}</h3>"
        f'<p class="cp-summary">A {esc(fmt.kind)} that takes {esc(takes)}{esc(needs)}.</p>'
        f"</header>{note}{format_table(fmt, platform)}")


def registry_html(specs: SpecRegistry) -> str:
    """Every platform: its formats, when its numbers were checked, and the policy on top."""
    policy = specs.policy
    rows = []
    for pid in sorted(specs.platforms):
        platform = specs.platforms[pid]
        formats = []
        for key, fmt in platform.formats.items():
            target = f"{pid}.{key}"
            off = " (switched off by the policy)" if not specs.enabled(target) else ""
            default = " (default)" if key == platform.default_format else ""
            formats.append(f"<code>{esc(target)}</code> {esc(fmt.name)}{esc(default + off)}")
        rows.append(f"<tr><td>{esc(platform.name)} <code>{esc(pid)}</code></td>"
                    f"<td>{'<br>'.join(formats)}</td><td>{esc(platform.verified)}</td>"
                    f"<td>{len(platform.sources)}</td></tr>")
    count = len(specs.targets())
    on_top = (f"; the policy {esc(policy.name)} applies on top" if policy is not None
              else "; no organisation policy")
    ignored = ""
    if policy is not None and policy.ignore:
        ignored = ("<p>Rules the policy switches off: "
                   f"{', '.join(f'<code>{esc(r)}</code>' for r in policy.ignore)}.</p>")
    return _wrap(
        f"<header><h3>Platform specs</h3><p class=\"cp-summary\">{len(specs.platforms)} "
        f"platforms, {count} formats{on_top}.</p></header>{ignored}"
        '<table class="cp-table"><thead><tr><th>Platform</th><th>Formats</th>'
        "<th>Numbers checked</th><th>Sources</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<p class="cp-muted">Show one format with <code>specs.resolve("instagram.reel")</code>.'
        "</p>")
