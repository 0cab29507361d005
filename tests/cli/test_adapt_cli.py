"""`crosspost plan` and `crosspost adapt`: text and JSON output, files, exit codes 0/1/2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from crosspost.cli import main
from crosspost.output.manifest import Manifest

PLAN_SPEC = Path(__file__).resolve().parent.parent / "plan" / "spec"
CONFIG = """\
include = ["posts/**/*.md"]
spec_dirs = ["specs"]
handles = "handles.yaml"
targets = ["p.post", "p.caption"]
"""
HANDLES = "gemeente:\n  name: Gemeente Voorbeeldstad\n  p: \"@gemeente\"\n"
LONG = " ".join(f"Zin nummer {i} gaat over isolatie en subsidie." for i in range(1, 6))
THREAD = f"---\nid: lang\n---\nMet @{{gemeente}}. {LONG}\n"
LINK = "---\nid: link\ntargets: [p.caption]\n---\nLees https://www.voorbeeldstad.nl/a nu.\n"
UNKNOWN = "---\nid: onbekend\ntargets: [p.post]\n---\nMet dank aan @{gemeentee}.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PLAN_SPEC, root / "specs")
    (root / "crosspost.toml").write_text(CONFIG, "utf-8")
    (root / "handles.yaml").write_text(HANDLES, "utf-8")
    (root / "posts").mkdir()
    (root / "posts" / "lang.md").write_text(THREAD, "utf-8")
    (root / "posts" / "link.md").write_text(LINK, "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _variants(doc: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(s["item"], v["target"]): v for s in doc for v in s["variants"]}


# --- plan -----------------------------------------------------------------------------------


def test_plan_text_shows_what_would_change_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan")
    assert code == 0
    lines = out.splitlines()
    assert "lang" in lines
    assert any(line.split()[:3] == ["p.post", "publishable,", "thread"] for line in lines)
    assert any("mapped 1 mention to p handles" in line for line in lines)
    assert any("replaced 1 link" in line for line in lines)
    assert lines[-1] == ("2 items: 2 planned, 0 failed; 3 of 3 variants publishable; nothing "
                         "written (`crosspost adapt` would write to out)")
    assert not (project / "out").exists()


def test_plan_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--format", "json")
    assert code == 0
    variants = _variants(json.loads(out))
    assert set(variants) == {("lang", "p.post"), ("lang", "p.caption"), ("link", "p.caption")}
    thread = variants[("lang", "p.post")]
    assert thread["publishable"] is True
    assert thread["folder"] is None
    assert thread["text"] == thread["thread"][0]
    assert thread["thread"][0].startswith("Met @gemeente.")
    assert [c["step"] for c in thread["history"]] == ["mentions.map", "text.thread"]
    link = variants[("link", "p.caption")]
    assert link["text"] == "Lees (link in bio) nu."
    assert link["links"] == ["https://www.voorbeeldstad.nl/a"]


def test_plan_target_option(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--format", "json", "--target", "p.short", "posts/lang.md")
    assert code == 0
    assert set(_variants(json.loads(out))) == {("lang", "p.short")}


def test_plan_unknown_placeholder_exits_1(project: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (project / "posts" / "onbekend.md").write_text(UNKNOWN, "utf-8")
    code, out, _ = run(capsys, "plan", "posts/onbekend.md")
    assert code == 1
    assert "NOT publishable" in out
    assert "error: mentions.unknown" in out
    assert run(capsys, "plan", "posts/onbekend.md", "--fail-on", "never")[0] == 0


def test_config_ignore_applies_to_variants(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (project / "posts" / "onbekend.md").write_text(UNKNOWN, "utf-8")
    (project / "crosspost.toml").write_text(CONFIG + 'ignore = {"mentions.unknown" = "test"}\n',
                                            "utf-8")
    assert run(capsys, "plan", "posts/onbekend.md")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--target", "p.psot"), "did you mean p.post"),
        (("posts/nope.md",), "no such file or folder"),
        (("--spec-dir", "no-such-dir"), "no-such-dir"),
    ],
)
@pytest.mark.parametrize("verb", ["plan", "adapt"])
def test_could_not_run_exits_2(project: Path, capsys: pytest.CaptureFixture[str], verb: str,
                               args: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, verb, *args)
    assert code == 2
    assert err.startswith("crosspost: error:")
    assert message in err
    assert not (project / "out").exists()


def test_broken_post_is_reported_and_the_others_are_adapted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "posts" / "zz-kapot.md").write_text("---\nid: kapot\ntargets: [p.post\n---\nx\n",
                                                   "utf-8")
    code, out, _ = run(capsys, "adapt")
    assert code == 1
    assert "zz-kapot.md:4" in out
    assert "could not be adapted" in out
    assert out.splitlines()[-1].startswith("3 items: 2 adapted, 1 failed")
    assert (project / "out" / "lang" / "p.post" / "manifest.json").is_file()
    assert not (project / "out" / "kapot").exists()


# --- adapt ----------------------------------------------------------------------------------


def test_adapt_writes_variants_to_the_configured_out(project: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "adapt")
    assert code == 0
    assert out.splitlines()[-1] == (
        "2 items: 2 adapted, 0 failed; 3 of 3 variants publishable; written to out"
    )
    folder = project / "out" / "lang" / "p.post"
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_bytes())
    assert len(manifest.thread) == 3
    assert (folder / "thread" / "01.txt").read_text("utf-8") == manifest.thread[0]
    link = project / "out" / "link" / "p.caption" / "post.txt"
    assert link.read_text("utf-8") == "Lees (link in bio) nu."


def test_adapt_out_option_and_json(project: Path, capsys: pytest.CaptureFixture[str],
                                   tmp_path: Path) -> None:
    target = tmp_path / "elders"
    code, out, _ = run(capsys, "adapt", "--out", str(target), "--format", "json")
    assert code == 0
    variants = _variants(json.loads(out))
    assert variants[("link", "p.caption")]["folder"] == str(target / "link" / "p.caption")
    assert (target / "link" / "p.caption" / "manifest.json").is_file()
    assert not (project / "out").exists()


def test_adapt_twice_rewrites_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "adapt")
    files = [p for p in (project / "out").rglob("*") if p.is_file()]
    before = {p: p.stat().st_mtime_ns for p in files}
    run(capsys, "adapt")
    assert {p: p.stat().st_mtime_ns for p in files} == before


def test_adapt_into_the_sources_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (project / "posts").iterdir())
    code, _, err = run(capsys, "adapt", "--out", "posts")
    assert code == 2
    assert "outside the sources" in err
    assert sorted(p.name for p in (project / "posts").iterdir()) == before


def test_adapt_exit_1_when_a_variant_is_not_publishable(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "posts" / "onbekend.md").write_text(UNKNOWN, "utf-8")
    code, out, _ = run(capsys, "adapt", "posts/onbekend.md")
    assert code == 1
    assert "0 of 1 variants publishable" in out
    manifest = Manifest.model_validate_json(
        (project / "out" / "onbekend" / "p.post" / "manifest.json").read_bytes())
    assert manifest.publishable is False
    assert [f.rule for f in manifest.findings] == ["mentions.unknown"]
