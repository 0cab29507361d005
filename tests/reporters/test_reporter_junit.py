"""JUnit XML: well-formed, one test case per item x target, failures for errors."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from crosspost.cli import main
from crosspost.report import Finding, Report
from crosspost.reporters.junit import render_junit

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def junit_schema() -> xmlschema.XMLSchema:
    """The common JUnit schema: the shape of Jenkins' junit-10.xsd (see its SOURCE.md)."""
    return xmlschema.XMLSchema(str(DATA / "junit-common.xsd"))


def _parse(report: Report) -> ET.Element:
    return ET.fromstring(render_junit(report))


def _case(root: ET.Element, item: str, target: str) -> ET.Element:
    for case in root.iter("testcase"):
        if case.get("classname") == item and case.get("name") == target:
            return case
    raise AssertionError(f"no testcase {item} / {target}")


def test_one_suite_per_item_one_case_per_target(awkward_report: Report) -> None:
    root = _parse(awkward_report)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == list(awkward_report.items)
    pairs = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    expected = [(i, t) for i in awkward_report.items for t in awkward_report.targets.get(i, ())]
    assert pairs[: len(expected)] == expected
    assert pairs[len(expected) :] == [("no-targets", "all targets")]


def test_failures_for_errors_item_wide_ones_included(awkward_report: Report) -> None:
    root = _parse(awkward_report)
    item = awkward_report.items[0]
    x_post = _case(root, item, "x.post")
    # one failure per case, naming item-wide findings first, then the target's own
    (failure,) = x_post.findall("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == "2 errors: media.missing, text.length"
    text = failure.text or ""
    assert text.index("error media.missing") < text.index("error text.length")
    # errors present, so the warning is not a failure but output
    bluesky = _case(root, item, "bluesky.post")
    assert [f.get("type") for f in bluesky.findall("failure")] == ["media.missing"]
    out = bluesky.find("system-out")
    assert out is not None
    assert out.text is not None
    assert "hashtags.count" in out.text


def test_warnings_fail_when_they_are_the_worst() -> None:
    report = Report(
        findings=(
            Finding(rule="w", severity="warning", message="warn", item="i", target="x.post"),
            Finding(rule="n", severity="info", message="note", item="i", target="x.post"),
        ),
        items=("i",),
        targets={"i": ("x.post",)},
    )
    case = _case(_parse(report), "i", "x.post")
    assert [f.get("type") for f in case.findall("failure")] == ["w"]
    out = case.find("system-out")
    assert out is not None
    assert out.text is not None
    assert "note" in out.text


def test_infos_only_pass_with_output(awkward_report: Report) -> None:
    case = _case(_parse(awkward_report), "second", "x.post")
    assert case.find("failure") is None
    assert case.find("system-out") is not None
    assert len(_case(_parse(awkward_report), "second", "linkedin.post")) == 0


def test_no_targets_is_skipped(awkward_report: Report) -> None:
    case = _case(_parse(awkward_report), "no-targets", "all targets")
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "no targets checked"


def test_counts(awkward_report: Report) -> None:
    root = _parse(awkward_report)
    assert (root.get("tests"), root.get("failures")) == ("6", "3")
    assert sum(int(suite.get("skipped", "0")) for suite in root) == 1
    first = root.findall("testsuite")[0]
    assert (first.get("tests"), first.get("failures"), first.get("errors")) == ("3", "3", "0")


def test_user_text_survives_escaping(awkward_report: Report) -> None:
    xml = render_junit(awkward_report)
    assert "<script>" not in xml
    root = ET.fromstring(xml)
    case = _case(root, awkward_report.items[0], "x.post")
    (failure,) = case.iter("failure")
    assert "Cut 32 <script>alert('x')</script> 100%" in (failure.text or "")
    assert "posts/2024: launch,final/100%.md:3" in (failure.text or "")
    # ESC is not allowed in XML 1.0 at all: it is shown, not written raw
    assert "\x1b" not in xml
    assert "\\x1b[2J" in xml


def test_control_characters_never_break_the_document() -> None:
    report = Report(
        findings=(Finding(rule="r", severity="error", message="a\x00b\x0bc\ufffe", item="i\x01"),),
        items=("i\x01",),
    )
    root = _parse(report)
    failure = next(root.iter("failure"))
    assert failure.get("message") == "a\\x00b\\x0bc\\ufffe"  # the one sanitiser's escapes



def test_shape_of_the_common_junit_schema(awkward_report: Report) -> None:
    """The constraints the widely used JUnit schemas (Ant's, Jenkins' junit-10.xsd) put on
    what we write: at most one failure, error or skipped per test case, each before
    system-out; name and classname on every case; counts that are whole numbers and add up."""
    root = _parse(awkward_report)
    for suite in root.findall("testsuite"):
        assert suite.get("name")
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(c.find("failure") is not None
                                                       for c in cases)
        for case in cases:
            assert case.get("name")
            assert case.get("classname")
            tags = [child.tag for child in case]
            assert tags in ([], ["system-out"], ["failure"], ["failure", "system-out"],
                            ["skipped"]), tags


def test_valid_against_the_common_junit_schema(
    junit_schema: xmlschema.XMLSchema, awkward_report: Report
) -> None:
    junit_schema.validate(render_junit(awkward_report))
    junit_schema.validate(render_junit(Report()))  # nothing checked: still a valid document


def test_the_example_repository_report_is_valid(
    junit_schema: xmlschema.XMLSchema, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A real run (every post of the examples, item-wide findings, the canvas) through the
    CLI, as a CI system would read it."""
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("out"))
    monkeypatch.chdir(tmp_path / "examples")
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    assert main(["check", "--format", "junit", "--fail-on", "never"]) == 0
    xml = capsys.readouterr().out
    junit_schema.validate(xml)
    root = ET.fromstring(xml)
    assert int(root.get("failures", "0")) > 0
    suite = next(s for s in root if s.get("name") == "besparing-infographic")
    assert suite.get("file") == "posts/besparing.yaml"


@pytest.mark.parametrize(("change", "why"), [
    (lambda case: case.set("file", "posts/a.md"), "a testcase has no file attribute"),
    (lambda case: case.attrib.pop("name"), "a testcase needs a name"),
    (lambda case: ET.SubElement(case, "properties"), "no properties inside a testcase"),
])
def test_the_schema_rejects_what_junit_10_rejects(
    junit_schema: xmlschema.XMLSchema, awkward_report: Report, change: object, why: str
) -> None:
    """The validation can fail: documents the common schema rejects are rejected."""
    root = _parse(awkward_report)
    change(next(root.iter("testcase")))  # type: ignore[operator]
    assert not junit_schema.is_valid(ET.tostring(root, encoding="unicode")), why
    root = _parse(awkward_report)
    root.set("skipped", "0")
    assert not junit_schema.is_valid(ET.tostring(root, encoding="unicode"))
