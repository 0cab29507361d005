"""Terminal output: grep-able finding lines, grouping, summary line, safe user text."""

from __future__ import annotations

from crosspost.printable import printable
from crosspost.report import Finding, Report
from crosspost.reporters.text import render_concise, render_text

ITEM = "lancering-café-🎉"
WEIRD_PATH = "posts/2024: launch,final/100%.md"


def test_finding_line_reads_path_line_severity_rule_message(awkward_report: Report) -> None:
    out = render_text(awkward_report)
    line = next(x for x in out.splitlines() if "text.length" in x)
    assert line.strip().startswith(f"{WEIRD_PATH}:3  error    text.length  Text is 312")
    assert "source" not in line  # sources only in verbose output: lines stay short
    assert line.endswith("(adapt can fix)")


def test_verbose_puts_numbers_hint_and_sources_on_lines_of_their_own(
    awkward_report: Report,
) -> None:
    lines = render_text(awkward_report, verbose=True).splitlines()
    at = next(i for i, x in enumerate(lines) if "text.length" in x)
    assert lines[at + 1 : at + 6] == [
        "        measured: 312 / 280 characters as X counts them (limits)",
        "        field: text",
        "        hint: Shorten the text, or let `crosspost adapt` make a thread.",
        "        source: https://docs.x.com/x-api/posts",
        "        source: javascript:alert(1)",
    ]


def test_concise_is_one_line_per_finding_in_file_order() -> None:
    def at(line: int, column: int | None, rule: str) -> Finding:
        return Finding(rule=rule, severity="warning", message="m", item="a", target="x.post",
                       path="a.md", line=line, column=column,
                       end_line=line if column else None,
                       end_column=column + 3 if column else None)

    report = Report(findings=(at(7, None, "r3"), at(5, 9, "r2"), at(5, 2, "r1")), items=("a",))
    out = render_concise(report).splitlines()
    assert out == [
        "a.md:5:2: warning r1 [x.post] m",
        "a.md:5:9: warning r2 [x.post] m",
        "a.md:7: warning r3 [x.post] m",
        "0 errors, 3 warnings, 0 infos in 1 item (1 target)",
    ]
    assert render_concise(report, summary=False).splitlines() == out[:3]
    assert render_concise(Report(), summary=False) == ""


def test_summary_line_is_last_and_counts_items_and_distinct_targets(
    awkward_report: Report,
) -> None:
    last = render_text(awkward_report).splitlines()[-1]
    assert last == "2 errors, 1 warning, 1 info in 3 items (4 targets)"


def test_clean_report_summary(clean_report: Report) -> None:
    out = render_text(clean_report)
    assert out.splitlines()[-1] == "0 errors, 0 warnings, 0 infos in 1 item (2 targets)"
    assert "x.post  publishable" in out


def test_grouped_by_item_then_target(awkward_report: Report) -> None:
    lines = render_text(awkward_report).splitlines()
    heading = lines.index(f"{ITEM} ({WEIRD_PATH})")
    assert lines[heading + 1] == "  all targets"
    assert "media.missing" in lines[heading + 2]
    targets = ("x.post", "bluesky.post", "mastodon.post")
    order = [lines.index(f"  {t}  errors") for t in targets]
    assert order == sorted(order)
    assert "  no targets checked" in lines


def test_item_wide_finding_without_path_falls_back_to_post_file(awkward_report: Report) -> None:
    line = next(x for x in render_text(awkward_report).splitlines() if "media.missing" in x)
    assert line.strip().startswith(f"{WEIRD_PATH}  error")


def test_control_characters_cannot_reach_the_terminal(awkward_report: Report) -> None:
    out = render_text(awkward_report)
    assert "\x1b" not in out
    assert "\r" not in out
    assert "\\x1b[2J" in out
    assert "280.\\r\\nCut" in out
    assert printable("a\u2028b\x9bc\td") == "a\\u2028b\\x9bc\\td"
    assert printable("x\u202ey\u2066z é") == "x\\u202ey\\u2066z é"


def test_colour_only_when_asked(awkward_report: Report) -> None:
    plain = render_text(awkward_report)
    coloured = render_text(awkward_report, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31merror  \x1b[0m" in coloured
    # the user's own ESC is still escaped when colour is on
    assert "\\x1b[2J" in coloured


def test_no_path_shows_item_id() -> None:
    report = Report(
        findings=(Finding(rule="r", severity="info", message="m", item="solo", target="x.post"),),
        items=("solo",),
        targets={"solo": ("x.post",)},
    )
    assert "    solo  info     r  m" in render_text(report).splitlines()
