"""The content map of the example campaign: one self-contained page that renders every cell."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from crosspost.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


UNAPPROVED = """---
id: ai-zonder-akkoord
language: nl
targets: [x.post, bluesky.post]
campaign: warm-wonen-2027
ai_generated: true
---
Een tekst die met AI is geschreven en die nog niemand heeft goedgekeurd.
"""


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example campaign plus one post adapt cannot fix (AI content nobody approved)."""
    root = tmp_path_factory.mktemp("campaign") / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("out"))
    (root / "posts" / "ai-zonder-akkoord.md").write_text(UNAPPROVED, "utf-8")
    return root


@pytest.fixture(scope="module")
def map_html(campaign: Path) -> Path:
    out = campaign.parent / "map.html"
    assert main(["map", str(campaign), "--out", str(out)]) == 0
    return out


def test_map_is_self_contained(map_html: Path) -> None:
    page = map_html.read_text("utf-8")
    assert "<script" not in page.lower()
    # Nothing is loaded from elsewhere: images are data URIs, styles inline, a CSP forbids more.
    assert not re.search(r'<(img|link|iframe)[^>]+(src|href)="(?!data:)', page)
    assert "default-src 'none'" in page


def test_map_has_a_cell_per_variant_and_rows_with_canvas(map_html: Path,
                                                         campaign: Path) -> None:
    page = map_html.read_text("utf-8")
    cells = re.findall(r'<td class="cp-cell cp-cell--(publishable|warnings|errors)"', page)
    posts = [p for p in (campaign / "posts").iterdir() if p.suffix in (".md", ".yaml")]
    assert len(re.findall(r'<th scope="row"><span class="cp-item-id">', page)) == len(posts)
    expected = 0
    from crosspost.content.load import load_item

    for post in posts:
        expected += len(load_item(post, root=campaign).targets)
    assert len(cells) == expected
    assert cells.count("errors") == 2  # only the unapproved AI post stays unpublishable
    assert "Goal" in page
    assert "Audience" in page
    # Every thumbnail has alt text.
    for tag in re.findall(r"<img [^>]*>", page):
        assert re.search(r'alt="[^"]+"', tag), tag


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_map_renders_in_a_real_browser(map_html: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("chromium is not installed")
    shot = tmp_path / "map.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1600,1400",
         f"--screenshot={shot}", map_html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    from PIL import Image

    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    counts = {colour: n for n, colour in colours}
    # The cell backgrounds of each status are painted: publishable (#f3fbf5), errors (#fff5f5).
    assert counts.get((0xF3, 0xFB, 0xF5), 0) > 5000
    assert counts.get((0xFF, 0xF5, 0xF5), 0) > 5000
    assert rgb.size == (1600, 1400)


def test_map_groups_posts_by_campaign_and_draws_a_calendar(map_html: Path) -> None:
    page = map_html.read_text("utf-8")
    groups = re.findall(r'<th scope="rowgroup"[^>]*>([^<]*)</th>', page)
    # The canvas names the campaign; the fixture's unapproved post belongs to it too.
    assert groups == ["Campaign Warm wonen 2027 (2027-02-15 to 2027-04-30) · 5 posts"]
    calendar = page[page.index('<h2 id="calendar">'):]
    weeks = re.findall(r'<th scope="row">(2027-W\d\d)', calendar)
    assert weeks == ["2027-W08", "2027-W09", "2027-W10", "2027-W11"]
    assert "19:30 <strong>zonnepanelen-rijtjeshuis</strong>" in calendar
    assert "Not planned yet: ai-zonder-akkoord." in calendar


def test_groups_put_posts_without_campaign_last_and_skip_headers_without_campaigns() -> None:
    from crosspost.contentmap.model import ContentMap, Row

    def row(item: str, campaign: str | None) -> Row:
        return Row(item=item, path=None, language=None, goal=None, audience=None,
                   core_message=None, call_to_action=None, campaign=campaign)

    cmap = ContentMap(title="t", rows=[row("a", None), row("b", "z"), row("c", "y")],
                      columns=[], summaries=[], campaigns={"z": ("Zomer", "")})
    assert [(key, [r.item for r in rows]) for key, rows in cmap.groups()] == [
        ("z", ["b"]), ("y", ["c"]), (None, ["a"])]
    from crosspost.contentmap.render import render_map

    plain = ContentMap(title="t", rows=[row("a", None)], columns=[], summaries=[])
    assert "rowgroup" not in render_map(plain)
