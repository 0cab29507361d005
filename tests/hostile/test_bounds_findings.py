"""One rule lists at most ``PER_RULE`` findings per item and target; the rest are counted.

A post of thousands of one-case hashtags or unknown mention placeholders once made one
finding each: a report of megabytes that CI systems truncate. The summary finding keeps the
rule id, the worst severity and fixability, so the verdict does not change.
"""

from __future__ import annotations

import itertools
import json
import string

from crosspost.report import Finding
from crosspost.rules.capped import PER_RULE, capped

from .conftest import Repo, Run


def _names(n: int) -> list[str]:
    letters = string.ascii_lowercase
    return ["".join(p) for p in itertools.islice(itertools.product(letters, repeat=3), n)]


def test_many_one_case_hashtags_and_unknown_mentions_are_counted(repo: Repo, run: Run) -> None:
    tags = " ".join(f"#zonnepanelen{n}" for n in _names(300))
    mentions = " ".join(f"@{{{n}}}" for n in _names(200))
    repo.post("veel.md", f"---\nid: veel\n---\nZonnepanelen. {tags} {mentions}\n")
    done = run("check", "--format", "json", "--fail-on", "never")
    findings = json.loads(done.out)["findings"]
    for rule, total in (("hashtags.camelcase", 300), ("mentions.unknown", 200)):
        mine = [f for f in findings if f["rule"] == rule]
        assert len(mine) == PER_RULE + 1, rule
        assert [f["measured"] for f in mine[:PER_RULE]] == (
            [f"#zonnepanelen{n}" for n in _names(PER_RULE)] if rule.startswith("hash")
            else [f"@{{{n}}}" for n in _names(PER_RULE)])
        summary = mine[-1]
        assert summary["measured"] == total - PER_RULE
        assert summary["message"] == (f"{total - PER_RULE} more findings of {rule} not listed "
                                      f"(the first {PER_RULE} are)")
        assert summary["severity"] == mine[0]["severity"]
    # the verdict is that of the whole list: unknown mentions are errors
    assert run("check").code == 1


def _finding(rule: str, severity: str, fixable: bool, n: int) -> Finding:
    return Finding(rule=rule, severity=severity, message=f"m{n}", item="p",  # type: ignore[arg-type]
                   fixable=fixable, measured=n)


def test_the_summary_has_the_worst_severity_and_fixable_only_if_all_are() -> None:
    found = [_finding("a", "info", True, n) for n in range(5)]
    found += [_finding("a", "error", False, 5), _finding("b", "warning", True, 6)]
    found += [_finding("a", "info", True, 7)]
    kept = capped(found, per_rule=3)
    assert [(f.rule, f.measured) for f in kept] == [
        ("a", 0), ("a", 1), ("a", 2), ("b", 6), ("a", 4)]  # 4 left out
    summary = kept[-1]
    assert (summary.severity, summary.fixable, summary.unit) == ("error", False, "findings")
    assert capped(found[:3], per_rule=3) == found[:3]
    assert capped([_finding("a", "info", True, n) for n in range(4)], 3)[-1].fixable
