"""`crosspost canvas`: one printable A4 page, escaped, and a one-page PDF through Chromium."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from crosspost.cli import main
from crosspost.html.canvas_page import render_canvas
from crosspost.output.pdf import find_browser
from crosspost.strategy.canvas import load_canvas

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_page_holds_platforms_and_campaigns() -> None:
    page = render_canvas(load_canvas(EXAMPLES / "canvas.yaml"))
    assert "@page{size:A4 landscape" in page
    assert "<script" not in page
    assert "Gemeente Voorbeeldstad" in page
    assert "Warm wonen 2027" in page
    assert "leaving (last day 2027-03-01)" in page
    assert "Ook een klein dak levert veel op." in page


def test_values_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "canvas.yaml"
    path.write_text("organisation: \"<script>alert(1)</script>\"\nplatforms:\n  x:\n"
                    "    role: \"<img src=x onerror=alert(1)>\"\n", "utf-8")
    page = render_canvas(load_canvas(path))
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_cli_writes_html_and_counts_planned_posts(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "examples"
    shutil.copytree(EXAMPLES, work, ignore=shutil.ignore_patterns("out"))
    monkeypatch.chdir(work)
    assert main(["canvas", "--output", "canvas.html"]) == 0
    page = (work / "canvas.html").read_text("utf-8")
    assert "<strong>Posts planned:</strong> 4" in page


def test_a_post_that_cannot_be_read_is_named_not_silently_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "examples"
    shutil.copytree(EXAMPLES, work, ignore=shutil.ignore_patterns("out"))
    monkeypatch.chdir(work)
    broken = next(p for p in sorted((work / "posts").rglob("*.md")))
    broken.write_text("---\nid: [kapot\n---\nx\n", "utf-8")
    assert main(["canvas", "--output", "canvas.html"]) == 1  # as `map`: a post was not read
    out = capsys.readouterr().out
    where = str(broken.relative_to(work))
    assert f"{where}\n  not counted: " in out
    page = (work / "canvas.html").read_text("utf-8")
    assert "<strong>Posts planned:</strong> 4" not in page
    assert f"could not be read (<code>crosspost check</code> says why): {where}" in page


def test_a_repository_without_posts_gets_the_page(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["canvas", "--canvas", str(EXAMPLES / "canvas.yaml"), "-o", "c.html"]) == 0
    assert "Posts planned" not in (tmp_path / "c.html").read_text("utf-8")
    assert main(["canvas", "--canvas", str(EXAMPLES / "canvas.yaml"), "-o", "c.html",
                 "leeg"]) == 2  # a named path must hold posts


def test_cli_without_a_canvas_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["canvas", "--output", "c.html"]) == 2
    assert "no canvas: pass --canvas FILE" in capsys.readouterr().err


@pytest.mark.slow
def test_pdf_is_one_a4_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a folder without posts: the page only
    if find_browser() is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs chromium (.ci/run); the PDF path must be tested there")
        pytest.skip("no Chromium on this machine")
    assert main(["canvas", "--canvas", str(EXAMPLES / "canvas.yaml"), "--output",
                 str(tmp_path / "c.html"), "--pdf", str(tmp_path / "c.pdf")]) == 0
    pdf = (tmp_path / "c.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
    assert box is not None
    width, height = float(box[1]), float(box[2])
    assert (round(width), round(height)) in {(842, 595), (595, 842)}  # A4 in points
