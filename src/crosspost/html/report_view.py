"""The notebook view of a Report (``Report._repr_html_``): cards per item and target.

Self-contained on purpose: inline CSS, no scripts, no fonts or images to fetch, so it renders the
same in Jupyter, VS Code, a saved notebook on GitHub or an e-mail, and cannot run anything.
"""

from __future__ import annotations

from collections.abc import Mapping

from crosspost.grouping import (
    ALL_TARGETS,
    ItemGroup,
    finding_path,
    group_report,
    status_of,
)
from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta
from crosspost.wording import summary_line

from .components import CardStatus, badge, esc, finding_block, style_tag


def _card(
    report: Report,
    title: str,
    status: CardStatus,
    findings: tuple[Finding, ...],
    rules: Mapping[str, RuleMeta] | None,
    level: int,
) -> str:
    if findings:
        blocks = "".join(finding_block(f, _where(report, f), rules) for f in findings)
        body = f'<ul class="cp-findings">{blocks}</ul>'
    elif status == "unchecked":
        body = '<p class="cp-none">This item was not checked against any target.</p>'
    elif status != "publishable":
        body = '<p class="cp-none">No findings of its own; see the item-wide card.</p>'
    else:
        body = '<p class="cp-none">No findings.</p>'
    return (
        f'<li class="cp-card cp-card--{status}"><div class="cp-card-head">'
        f"<h{level}>{esc(title)}</h{level}>{badge(status)}</div>{body}</li>"
    )


def _where(report: Report, finding: Finding) -> str | None:
    path = finding_path(report, finding)
    if path and finding.line:
        return f"{path}:{finding.line}"
    return path


def _item(
    report: Report, group: ItemGroup, rules: Mapping[str, RuleMeta] | None, level: int
) -> str:
    path = f' <span class="cp-path">{esc(group.path)}</span>' if group.path else ""
    cards: list[str] = []
    if group.common:
        title = f"{ALL_TARGETS} (item-wide)"
        cards.append(_card(report, title, status_of(group.common), group.common, rules, level + 1))
    for target in group.targets:
        status = group.status_for(target)
        cards.append(_card(report, target.target, status, target.findings, rules, level + 1))
    if not cards:
        cards.append(_card(report, "no targets", "unchecked", (), rules, level + 1))
    return (
        f'<section class="cp-item" aria-label="{esc("Item " + group.item)}">'
        f"<h{level}>Item {esc(group.item)}{path}</h{level}>"
        f'<ul class="cp-cards">{"".join(cards)}</ul></section>'
    )


def report_html(
    report: Report, rules: Mapping[str, RuleMeta] | None = None, *, level: int = 2
) -> str:
    """An HTML fragment (with its own ``<style>``); ``level`` is the top heading's level."""
    level = min(max(level, 1), 4)
    overall: CardStatus = status_of(report.findings)
    groups = group_report(report)
    items = "".join(_item(report, g, rules, level + 1) for g in groups)
    if not groups:
        items = '<p class="cp-none">No items were checked.</p>'
    return (
        f'<div class="cp-report">{style_tag()}'
        f"<header><h{level}>crosspost report</h{level}>"
        f'<p class="cp-summary">{badge(overall)} <span>{esc(summary_line(report))}</span></p>'
        f"</header>{items}</div>"
    )
