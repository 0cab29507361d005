"""What a notebook shows, on the example campaign: short text reprs (a line, or a line per
variant), whole cards for a single plan or variant, a saved video variant's cover and a strip
of its frames, and HTML views of formats, the spec registry and posts."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crosspost.adapting import VariantSet
from crosspost.project import Project
from crosspost.specs.platform import TIERS, iter_sourced

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VOID = {"meta", "br", "link", "img", "hr", "input"}


class _Tree(HTMLParser):
    """Well-formedness, and each element with its ancestors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.elements: list[tuple[str, str, tuple[str, ...]]] = []  # tag, class, ancestors
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        self.elements.append((tag, cls, tuple(t for t, _ in self.stack)))
        if tag not in VOID:
            self.stack.append((tag, cls))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop()[0] != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tree(markup: str) -> _Tree:
    parsed = _Tree()
    parsed.feed(markup)
    parsed.close()
    assert not parsed.errors, parsed.errors
    assert not parsed.stack, parsed.stack
    assert "<script" not in markup
    for tag, _, ancestors in parsed.elements:
        if tag == "li":  # never a bare list item: it belongs to a list
            assert ancestors[-1:] in (("ul",), ("ol",)), ancestors
    return parsed


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nb") / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("out"))
    return root


@pytest.fixture(scope="module")
def project(campaign: Path) -> Project:
    return Project(start=campaign)


@pytest.fixture(scope="module")
def saved_reel(project: Project, campaign: Path,
               tmp_path_factory: pytest.TempPathFactory) -> VariantSet:
    out = tmp_path_factory.mktemp("out")
    return project.adapt(campaign / "posts" / "warmtepomp.md", ["instagram.reel", "x.post"],
                         out=out)


def test_text_reprs_are_short(project: Project, campaign: Path, monkeypatch: pytest.MonkeyPatch,
                              saved_reel: VariantSet) -> None:
    monkeypatch.chdir(campaign)
    report = project.check_paths()
    assert len(report) > 20
    text = repr(report)
    assert "\n" not in text
    assert len(text) < 100, text
    assert text == (f"<Report of {len(report.items)} items, 14 targets: "
                    f"{report.counts['error']} errors, {report.counts['warning']} warnings, "
                    f"{report.counts['info']} infos>")
    variants = project.adapt(campaign / "posts" / "warmtepomp.md")
    lines = repr(variants).splitlines()
    assert len(lines) == 1 + len(variants.variants)
    assert lines[0].startswith("<VariantSet 'warmtepomp-uitleg': ")
    assert all(len(line) < 100 for line in lines), lines
    for value in (variants["instagram.reel"], variants["instagram.reel"].plan,
                  saved_reel["instagram.reel"], project.specs,
                  project.specs.resolve("instagram.reel"),
                  project.load(campaign / "posts" / "warmtepomp.md")):
        one = repr(value)
        assert "\n" not in one
        assert len(one) < 240, one
        assert one.startswith(f"<{type(value).__name__}"), one


def test_a_saved_video_variant_shows_its_cover_and_a_strip_of_frames(
    saved_reel: VariantSet,
) -> None:
    reel = saved_reel["instagram.reel"]
    markup = reel._repr_html_()
    tree(markup)
    assert 'alt="the cover of media/warmtepomp-uitleg.mp4 for instagram.reel, as written"' \
        in markup
    assert "frames across 01-warmtepomp-uitleg.mp4, as written" in markup
    assert markup.count("data:image/jpeg;base64,") == 3  # framing sheet, strip, cover
    plan_only = reel.plan._repr_html_()
    assert "chosen when rendered" in plan_only
    assert "the cover of" not in plan_only  # not written yet: nothing to show


@pytest.mark.parametrize("which", ["plan", "variant"])
def test_a_single_plan_or_variant_is_a_whole_card(saved_reel: VariantSet, which: str) -> None:
    variant = saved_reel["x.post"]
    markup = (variant.plan if which == "plan" else variant)._repr_html_()
    parsed = tree(markup)
    cards = [(tag, ancestors) for tag, cls, ancestors in parsed.elements
             if "cp-card" in cls.split()]
    assert cards == [("div", ("div",))]  # the card itself, inside the view's frame
    assert "warmtepomp-uitleg for x.post" in "".join(parsed.text)
    whole_set = tree(saved_reel._repr_html_())
    assert [t for t, cls, _ in whole_set.elements if "cp-card" in cls.split()] == ["li", "li"]


def test_format_registry_and_post_have_html_views(project: Project, campaign: Path) -> None:
    reel = project.specs.resolve("instagram.reel")
    markup = reel._repr_html_()
    parsed = tree(markup)
    text = "".join(parsed.text)
    assert "instagram.reel: Reel" in text
    assert "limit (the platform rejects more)" in text
    assert "policy (the organisation's rule)" in text  # the example policy sets values
    values = sum(1 for t in TIERS for _ in iter_sourced(reel.tier(t), list(reel.source)))
    assert markup.count("<tr>") == values + 1  # a row per value, and the header
    registry = tree(project.specs._repr_html_())
    text = "".join(registry.text)
    assert "12 platforms, 24 formats; the policy Gemeente Voorbeeldstad applies on top" in text
    assert "snapchat.story" in text
    assert "(switched off by the policy)" in text
    post = project.load(campaign / "posts" / "besparing.yaml")
    markup = post._repr_html_()
    text = "".join(tree(markup).text)
    assert "Post besparing-infographic" in text
    assert "Staafdiagram" in text  # the alt text
    assert markup.count("data:image/png;base64,") == 1  # the infographic's thumbnail


def test_views_escape_what_a_post_says(project: Project, campaign: Path, tmp_path: Path) -> None:
    from crosspost.content.item import SourceItem

    item = SourceItem(id="x", text="<script>alert(1)</script> & meer", targets=["x.post"],
                      ignore={"text.length": {"reason": "<b>r</b>", "targets": ["x.post"]}})
    markup = item._repr_html_()
    tree(markup)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in markup
    assert "text.length</code> (for x.post): &lt;b&gt;r&lt;/b&gt;" in markup
