"""`crosspost check`: the CI gate. Exit 0 clean, 1 findings, 2 could not run (no traceback)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crosspost.cli import main

SPEC_DIR = Path(__file__).resolve().parent.parent / "cases" / "spec"
CONFIG = """\
include = ["posts/**/*.md"]
spec_dirs = ["specs"]
targets = ["t.post"]
"""
OK = "---\nid: ok\nlanguage: nl\n---\nDe gemeente nodigt je uit.\n"
WARN = "---\nid: warn\n---\nTekst #een #twee #drie\n"  # 3 hashtags: recommended is 2
ERR = "---\nid: err\ntargets: [t.post]\n---\n" + "a" * 101 + "\n"  # 101 graphemes: limit 100


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content repository with the test platform `t`; the working folder for each test."""
    root = tmp_path / "repo"
    shutil.copytree(SPEC_DIR, root / "specs")
    (root / "crosspost.toml").write_text(CONFIG, "utf-8")
    (root / "posts").mkdir()
    (root / "drafts").mkdir()
    (root / "drafts" / "draft.md").write_text(ERR.replace("id: err", "id: draft"), "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def write_post(project: Path, name: str, text: str) -> Path:
    path = project / "posts" / name
    path.write_text(text, "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- exit codes ---------------------------------------------------------------------------


def test_clean_post_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "ok.md", OK)
    code, out, _ = run(capsys, "posts/ok.md")
    assert code == 0, out


def test_error_exits_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", ERR)
    code, out, _ = run(capsys, "posts/err.md")
    assert code == 1
    assert "posts/err.md:5" in out
    assert "text.length" in out


@pytest.mark.parametrize(
    ("args", "code"),
    [((), 0), (("--fail-on", "warning"), 1), (("--fail-on", "info"), 1),
     (("--fail-on", "error"), 0)],
)
def test_fail_on_warning(project: Path, capsys: pytest.CaptureFixture[str],
                         args: tuple[str, ...], code: int) -> None:
    write_post(project, "warn.md", WARN)
    assert run(capsys, "posts/warn.md", *args)[0] == code


def test_fail_on_from_config_and_option_wins(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "warn.md", WARN)
    write_post(project, "err.md", ERR)
    (project / "crosspost.toml").write_text(CONFIG + 'fail_on = "warning"\n', "utf-8")
    assert run(capsys, "posts/warn.md")[0] == 1
    assert run(capsys, "posts/err.md", "--fail-on", "never")[0] == 0


def test_broken_post_is_a_finding_not_a_crash(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "broken.md", "---\nid: broken\ntargets: [t.post\n---\nTekst\n")
    write_post(project, "err.md", ERR)
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    rules = {(f["item"], f["rule"]) for f in json.loads(out)["findings"]}
    assert ("broken", "post.invalid") in rules
    assert ("err", "text.length") in rules


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--config", "missing.toml"), "missing.toml"),
        (("--spec-dir", "no-such-dir"), "no-such-dir"),
        (("--target", "t.psot"), "did you mean t.post"),
        (("posts/nope.md",), "no such file or folder"),
        (("--policy", "no-policy.yaml"), "no-policy.yaml"),
    ],
)
def test_could_not_run_exits_2(project: Path, capsys: pytest.CaptureFixture[str],
                               args: tuple[str, ...], message: str) -> None:
    write_post(project, "ok.md", OK)
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("crosspost: error:")
    assert message in err
    assert out == ""


def test_bad_config_exits_2_with_file_and_field(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (project / "crosspost.toml").write_text('include = "posts"\nfail_on = "sometimes"\n', "utf-8")
    code, _, err = run(capsys)
    assert code == 2
    assert "crosspost.toml" in err
    assert "include" in err or "fail_on" in err


def test_bad_spec_file_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = project / "specs" / "t.yaml"
    spec.write_text(spec.read_text("utf-8").replace("max_hashtags: 5", "max_hashtags: -5"),
                    "utf-8")
    code, _, err = run(capsys)
    assert code == 2
    assert "t.yaml" in err


def test_unknown_target_in_a_post_is_a_finding(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "typo.md", "---\nid: typo\ntargets: [t.psot]\n---\nTekst.\n")
    code, out, _ = run(capsys)
    assert code == 1
    assert "target.unknown" in out


# --- which posts ---------------------------------------------------------------------------


def test_default_paths_come_from_config_include(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "ok.md", OK)
    write_post(project, "err.md", ERR)
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert {i["id"] for i in doc["items"]} == {"ok", "err"}  # drafts/ is not included
    # posts are named relative to the working folder, as annotations need
    assert "posts/err.md" in json.dumps(doc)
    assert str(project) not in json.dumps(doc)


def test_default_targets_from_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "ok.md", OK)
    code, out, _ = run(capsys, "--format", "json")
    assert code == 0
    assert "t.post" in out
    assert "target.none" not in out


def test_target_option_limits_the_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", ERR)
    assert run(capsys, "--target", "t.textonly")[0] == 0  # 101 characters fit X's 280


def test_config_ignore_suppresses(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "warn.md", WARN)
    (project / "crosspost.toml").write_text(
        CONFIG + 'ignore = {"text.hashtags" = "campaign style"}\n', "utf-8"
    )
    code, out, _ = run(capsys, "--fail-on", "warning", "--format", "json")
    assert code == 0
    assert "text.hashtags" not in out.replace('"rules"', "")


# --- formats and output --------------------------------------------------------------------


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", ERR)
    code, out, _ = run(capsys, "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["summary"]["errors"] == 1
    (finding,) = doc["findings"]
    assert finding["rule"] == "text.length"
    assert finding["line"] == 5
    assert finding["measured"] == 101
    assert finding["limit"] == 100


def test_github_format_and_step_summary(project: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    write_post(project, "err.md", ERR)
    write_post(project, "warn.md", WARN)
    summary = project / "summary.md"
    summary.write_text("earlier step\n", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("::error file=posts/err.md,line=5,")
    assert any(line.startswith("::warning file=posts/warn.md,line=4,") for line in lines)
    written = summary.read_text("utf-8")
    assert written.startswith("earlier step\n")  # appended, never replaced
    assert written.count("## crosspost") == 1
    assert "posts\\/err\\.md\\:5" in written  # Markdown-escaped location of the error
    run(capsys, "--format", "github")
    assert summary.read_text("utf-8").count("## crosspost") == 2


def test_step_summary_only_for_github_format(project: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write_post(project, "err.md", ERR)
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "--format", "json")
    assert not summary.exists()


def test_unwritable_step_summary_exits_2(project: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write_post(project, "ok.md", OK)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(project / "no" / "such" / "summary.md"))
    code, _, err = run(capsys, "--format", "github")
    assert code == 2
    assert "GITHUB_STEP_SUMMARY" in err


def test_sarif_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", ERR)
    code, out, _ = run(capsys, "--format", "sarif")
    doc = json.loads(out)
    assert code == 1
    assert doc["version"] == "2.1.0"
    (result,) = doc["runs"][0]["results"]
    assert result["ruleId"] == "text.length"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "posts/err.md"
    assert location["region"]["startLine"] == 5


def test_junit_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", ERR)
    write_post(project, "ok.md", OK)
    code, out, _ = run(capsys, "--format", "junit")
    assert code == 1
    suites = ET.fromstring(out)
    assert suites.tag == "testsuites"
    assert int(suites.get("failures", "0")) >= 1
    assert {s.get("name") for s in suites.iter("testsuite")} == {"err", "ok"}


def test_html_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", "---\nid: err\n---\n<script>alert(1)</script>" + "a" * 90)
    code, out, _ = run(capsys, "--format", "html")
    assert code == 1
    assert out.lstrip().lower().startswith("<!doctype html>")
    assert "<script>" not in out


def test_output_file_is_written_atomically(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "err.md", ERR)
    target = project / "reports" / "check.json"
    code, out, _ = run(capsys, "--format", "json", "--output", str(target))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["errors"] == 1
    before = target.stat().st_ino
    run(capsys, "--format", "json", "--output", str(target))
    assert target.stat().st_ino != before  # replaced by rename, never rewritten in place
    assert sorted(p.name for p in target.parent.iterdir()) == ["check.json"]  # no temp files


def test_output_to_a_folder_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(project, "ok.md", OK)
    (project / "taken").mkdir()
    (project / "taken" / "keep.txt").write_text("x", "utf-8")
    code, _, err = run(capsys, "--output", str(project / "taken"))
    assert code == 2
    assert err.startswith("crosspost: error:")
    assert sorted(p.name for p in (project / "taken").iterdir()) == ["keep.txt"]
