"""Shared HTML pieces: CSS, status badges, severity labels and the finding block.

The report view, and later map or variant views, build on these so that a status or severity
looks and reads the same everywhere. Every value from a post, spec or path goes through
``esc``; meaning is always carried by words (colour and symbols only repeat it); links are only
made for ``http(s)`` URLs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Literal

from crosspost.printable import printable
from crosspost.report import Finding
from crosspost.rules.meta import RuleMeta
from crosspost.wording import format_value

CardStatus = Literal["publishable", "warnings", "errors", "unchecked", "off"]

STATUS_TEXT: dict[str, tuple[str, str]] = {
    "publishable": ("✓", "publishable"),
    "warnings": ("!", "warnings"),
    "errors": ("✗", "errors"),
    "unchecked": ("–", "no targets checked"),
    "off": ("–", "off by policy"),
}
SEVERITY_TEXT: dict[str, tuple[str, str]] = {
    "error": ("✗", "Error"),
    "warning": ("!", "Warning"),
    "info": ("i", "Info"),
}

CSS = """
.cp-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  color:#1f2328;background:#fff;line-height:1.45;padding:1rem;border-radius:8px;
  max-width:80rem;box-sizing:border-box}
.cp-report *{box-sizing:border-box}
.cp-report h1,.cp-report h2{font-size:1.3rem;margin:0 0 .25rem}
.cp-report h3,.cp-report h4{font-size:1.1rem;margin:1.25rem 0 .5rem}
.cp-report .cp-card h3,.cp-report .cp-card h4,.cp-report .cp-card h5{font-size:1rem;margin:0}
.cp-summary{margin:.25rem 0 0;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.cp-path{font-weight:400;color:#57606a;font-size:.9rem;overflow-wrap:anywhere}
.cp-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.75rem;
  margin:0;padding:0;list-style:none}
.cp-card{border:1px solid #d0d7de;border-left:4px solid #6e7781;border-radius:6px;
  padding:.75rem;background:#fff}
.cp-card--errors{border-left-color:#cf222e}
.cp-card--warnings{border-left-color:#9a6700}
.cp-card--publishable{border-left-color:#1a7f37}
.cp-card-head{display:flex;justify-content:space-between;align-items:center;gap:.5rem;
  flex-wrap:wrap}
.cp-badge{display:inline-block;padding:.05rem .55rem;border-radius:999px;font-size:.8rem;
  font-weight:600;border:1px solid currentColor;white-space:nowrap}
.cp-badge--errors{color:#a40e26;background:#ffebe9}
.cp-badge--warnings{color:#7d4e00;background:#fff8c5}
.cp-badge--publishable{color:#116329;background:#dafbe1}
.cp-badge--unchecked{color:#424a53;background:#f6f8fa}
.cp-badge--off{color:#424a53;background:#f6f8fa}
.cp-findings{list-style:none;margin:.5rem 0 0;padding:0}
.cp-finding{border-top:1px solid #eaeef2;padding:.5rem 0 .25rem}
.cp-sev{font-weight:700}
.cp-sev--error{color:#a40e26}
.cp-sev--warning{color:#7d4e00}
.cp-sev--info{color:#0550ae}
.cp-rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;
  background:#f6f8fa;color:#1f2328;padding:0 .3rem;border-radius:4px}
.cp-rule-name{color:#424a53}
.cp-message{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.cp-meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;
  margin:.4rem 0 0;font-size:.85rem;color:#424a53}
.cp-meta dt{font-weight:600}
.cp-meta dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.cp-meta a{color:#0550ae}
.cp-none{color:#424a53;margin:.5rem 0 0}
"""


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute; controls and bidi overrides
    are shown as escapes (``crosspost.printable``), line breaks kept."""
    return html.escape(printable(str(value), keep_newlines=True), quote=True)


def style_tag() -> str:
    return f"<style>{CSS}</style>"


def badge(status: CardStatus) -> str:
    """A pill whose words carry the status; the symbol and colour only repeat it."""
    symbol, words = STATUS_TEXT[status]
    return (
        f'<span class="cp-badge cp-badge--{status}">'
        f'<span aria-hidden="true">{symbol}</span> {esc(words)}</span>'
    )


def severity_label(severity: str) -> str:
    symbol, words = SEVERITY_TEXT[severity]
    return (
        f'<span class="cp-sev cp-sev--{severity}">'
        f'<span aria-hidden="true">{symbol}</span> {words}</span>'
    )


def source_link(source: str) -> str:
    """A link for web sources, plain escaped text for anything else (no ``javascript:``)."""
    if source.startswith(("https://", "http://")):
        return f'<a href="{esc(source)}" rel="noopener noreferrer">{esc(source)}</a>'
    return esc(source)


def _meta_rows(finding: Finding, where: str | None) -> list[tuple[str, str]]:
    unit = f" {finding.unit}" if finding.unit else ""
    rows: list[tuple[str, str]] = []
    if finding.measured is not None:
        rows.append(("Measured", esc(format_value(finding.measured) + unit)))
    if finding.limit is not None:
        tier = f" ({finding.tier})" if finding.tier else ""
        rows.append(("Limit", esc(format_value(finding.limit) + unit + tier)))
    if where:
        rows.append(("Where", esc(where)))
    if finding.field:
        rows.append(("Field", esc(finding.field)))
    if finding.sources:
        rows.append(("Source", "<br>".join(source_link(s) for s in finding.sources)))
    if finding.hint:
        rows.append(("Hint", esc(finding.hint)))
    if finding.fixable:
        rows.append(("Fix", "<code>crosspost adapt</code> can fix this"))
    return rows


def finding_block(
    finding: Finding, where: str | None = None, rules: Mapping[str, RuleMeta] | None = None
) -> str:
    """One finding: severity, rule id (and name), message, then the facts as a list."""
    meta = (rules or {}).get(finding.rule)
    name = f' <span class="cp-rule-name">{esc(meta.name)}</span>' if meta else ""
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in _meta_rows(finding, where))
    facts = f'<dl class="cp-meta">{rows}</dl>' if rows else ""
    return (
        f'<li class="cp-finding cp-finding--{finding.severity}">'
        f"<div>{severity_label(finding.severity)} "
        f'<code class="cp-rule">{esc(finding.rule)}</code>{name}</div>'
        f'<p class="cp-message">{esc(finding.message)}</p>{facts}</li>'
    )
