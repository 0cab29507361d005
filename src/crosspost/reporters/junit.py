"""JUnit XML, because every CI system can show test results even when it knows no linter.

``testsuites`` > one ``testsuite`` per item (with the post's ``file``) > one ``testcase`` per
target (classname = item, name = target). Valid against the common JUnit schema, the shape of
Jenkins' junit-10.xsd (``tests/reporters/data/junit-common.xsd``). A test case has at most one
``failure`` (CI systems show only one): it lists the case's errors, or its warnings when
warnings are the worst it has; everything else goes to ``system-out``. An item with no targets
is a skipped case. Item-wide findings (no target) count for every target of the item.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from crosspost.grouping import ALL_TARGETS, ItemGroup, finding_path, group_report, status_of
from crosspost.printable import printable
from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta
from crosspost.wording import measured_vs_limit

from .text import location


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold and a CI log can show: controls (forbidden in XML 1.0 or not)
    and bidi overrides as visible escapes (``crosspost.printable``), line breaks kept."""
    return printable(str(value), keep_newlines=True)


def _details(report: Report, finding: Finding) -> str:
    path = finding_path(report, finding)
    lines = [f"{finding.severity} {finding.rule}: {finding.message}"]
    if path:
        lines.append(f"at {location(report, finding)}")
    numbers = measured_vs_limit(finding)
    if numbers:
        lines.append(f"measured / limit: {numbers}")
    if finding.sources:
        lines.append(f"source: {', '.join(finding.sources)}")
    if finding.hint:
        lines.append(f"hint: {finding.hint}")
    if finding.fixable:
        lines.append("adapt can fix")
    return "\n".join(lines)


def _testcase(
    report: Report, group: ItemGroup, name: str, findings: tuple[Finding, ...]
) -> ET.Element:
    case = ET.Element("testcase", {"classname": xml_text(group.item), "name": xml_text(name)})
    status = status_of(findings)
    failing = {"errors": "error", "warnings": "warning"}.get(status)
    failed = [f for f in findings if f.severity == failing]
    rest = [_details(report, f) for f in findings if f.severity != failing]
    if failed:
        # One <failure> per test case: CI systems (and Ant's schema) show only one.
        first = failed[0]
        message = first.message if len(failed) == 1 else (
            f"{len(failed)} {failing}s: " + ", ".join(dict.fromkeys(f.rule for f in failed)))
        failure = ET.SubElement(case, "failure", {
            "message": xml_text(message),
            "type": xml_text(first.rule if len(failed) == 1 else str(failing)),
        })
        failure.text = xml_text("\n\n".join(_details(report, f) for f in failed))
    if rest:
        ET.SubElement(case, "system-out").text = xml_text("\n\n".join(rest))
    return case


def _testsuite(report: Report, group: ItemGroup) -> ET.Element:
    suite = ET.Element("testsuite", {"name": xml_text(group.item)})
    if group.path:  # on the suite: the common schema (junit-10.xsd) has no `file` on a case
        suite.set("file", xml_text(group.path))
    if group.targets:
        cases = [_testcase(report, group, t.target, group.findings_for(t)) for t in group.targets]
    elif group.common:
        cases = [_testcase(report, group, ALL_TARGETS, group.common)]
    else:
        case = _testcase(report, group, ALL_TARGETS, ())
        ET.SubElement(case, "skipped", {"message": "no targets checked"})
        cases = [case]
    suite.extend(cases)
    _count(suite, cases)
    return suite


def _count(element: ET.Element, cases: list[ET.Element], *, skipped: bool = True) -> None:
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    element.set("errors", "0")
    if skipped:  # testsuite only: the common schema has no `skipped` on testsuites
        element.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))


def render_junit(report: Report, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """The JUnit XML document, indented, with an XML declaration."""
    del rules
    root = ET.Element("testsuites", {"name": "crosspost"})
    suites = [_testsuite(report, group) for group in group_report(report)]
    root.extend(suites)
    _count(root, [case for suite in suites for case in suite.iter("testcase")], skipped=False)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
