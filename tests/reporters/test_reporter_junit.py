"""JUnit XML: well-formed, one test case per item x target, failures for errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from crosspost.report import Finding, Report
from crosspost.reporters.junit import render_junit


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
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("6", "3", "1")
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
