"""HTML: escaped user text, one card per item x target, self-contained, well-formed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from crosspost.html.components import badge, severity_label
from crosspost.html.report_view import report_html
from crosspost.report import Report
from crosspost.reporters.html import render_html
from crosspost.rules.meta import RuleMeta

VOID = {"meta", "br", "link", "img", "hr", "input"}


class _Shape(HTMLParser):
    """Collects tags, attributes and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _shape(markup: str) -> _Shape:
    parser = _Shape()
    parser.feed(markup)
    parser.close()
    assert not parser.errors
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


def _cards(shape: _Shape) -> list[dict[str, str | None]]:
    return [a for t, a in shape.tags if t == "li" and "cp-card" in (a.get("class") or "").split()]


def test_user_text_is_escaped(awkward_report: Report) -> None:
    markup = report_html(awkward_report)
    assert not re.search(r"<script", markup, re.IGNORECASE)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup
    shape = _shape(markup)
    assert not [t for t, _ in shape.tags if t in {"script", "iframe", "object", "img"}]
    text = "".join(shape.text)
    assert "<script>alert('x')</script>" in text  # shown to the reader as text
    assert "één of twee is genoeg 😅" in text


def test_one_card_per_item_and_target(awkward_report: Report) -> None:
    cards = _cards(_shape(report_html(awkward_report)))
    pairs = sum(len(awkward_report.targets.get(i, ())) for i in awkward_report.items)
    item_wide = 1  # the missing video card of the first item
    no_targets = 1  # the item checked against nothing
    assert len(cards) == pairs + item_wide + no_targets


def test_cards_for_a_clean_report(clean_report: Report) -> None:
    shape = _shape(report_html(clean_report))
    cards = _cards(shape)
    assert len(cards) == 2
    assert all("cp-card--publishable" in (c.get("class") or "") for c in cards)
    assert "No findings." in "".join(shape.text)


def test_status_and_severity_are_words_not_only_colour(awkward_report: Report) -> None:
    text = "".join(_shape(report_html(awkward_report)).text)
    for words in ("errors", "publishable", "no targets checked", "Error", "Warning", "Info"):
        assert words in text
    assert "✗ errors" in "".join(_shape(badge("errors")).text)
    assert "Warning" in "".join(_shape(severity_label("warning")).text)


def test_facts_shown_with_rule_names(awkward_report: Report, rules: dict[str, RuleMeta]) -> None:
    text = "".join(_shape(report_html(awkward_report, rules)).text)
    assert "Text too long" in text
    assert "312 characters as X counts them" in text
    assert "280 characters as X counts them (limits)" in text
    assert "posts/2024: launch,final/100%.md:3" in text
    assert "crosspost adapt can fix this" in text


def test_only_web_sources_become_links(awkward_report: Report) -> None:
    shape = _shape(report_html(awkward_report))
    hrefs = [a.get("href") for t, a in shape.tags if t == "a"]
    assert hrefs == ["https://docs.x.com/x-api/posts"]
    assert "javascript:alert(1)" in "".join(shape.text)


def test_self_contained(awkward_report: Report) -> None:
    markup = render_html(awkward_report)
    shape = _shape(markup)
    for tag, attrs in shape.tags:
        assert "src" not in attrs, tag
        assert tag != "link"
    assert "@import" not in markup
    assert "url(" not in markup


def test_full_document(awkward_report: Report) -> None:
    doc = render_html(awkward_report)
    assert doc.startswith('<!DOCTYPE html>\n<html lang="en">')
    shape = _shape(doc)
    metas = [a for t, a in shape.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    csp = next(a["content"] for a in metas if a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None
    assert "default-src 'none'" in csp
    headings = [t for t, _ in shape.tags if re.fullmatch(r"h[1-6]", t)]
    assert headings[0] == "h1"
    assert headings.count("h1") == 1
    assert "<title>crosspost report</title>" in doc


def test_empty_report() -> None:
    text = "".join(_shape(report_html(Report())).text)
    assert "No items were checked." in text
