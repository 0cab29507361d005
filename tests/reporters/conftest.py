"""Hand-built reports with the strings that break reporters: ``%``, newlines, ``:`` and ``,``
in paths, ``<script>``, ESC, Dutch accents and emoji."""

from __future__ import annotations

import pytest

from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta

WEIRD_PATH = "posts/2024: launch,final/100%.md"
NASTY_MESSAGE = "Text is 312 characters; X allows 280.\r\nCut 32 <script>alert('x')</script> 100%"
ITEM = "lancering-café-🎉"


def _findings() -> tuple[Finding, ...]:
    return (
        Finding(
            rule="text.length",
            severity="error",
            message=NASTY_MESSAGE,
            item=ITEM,
            target="x.post",
            tier="limits",
            path=WEIRD_PATH,
            line=3,
            field="text",
            measured=312,
            limit=280,
            unit="characters as X counts them",
            sources=("https://docs.x.com/x-api/posts", "javascript:alert(1)"),
            fixable=True,
            hint="Shorten the text, or let `crosspost adapt` make a thread.",
        ),
        Finding(
            rule="hashtags.count",
            severity="warning",
            message="Zeven hashtags; één of twee is genoeg 😅 | a,b:c",
            item=ITEM,
            target="bluesky.post",
            tier="recommended",
            path=WEIRD_PATH,
            line=5,
            measured=7,
            limit=2,
            unit="hashtags",
        ),
        Finding(
            rule="media.missing",
            severity="error",
            message="Video clip.mp4 is missing\x1b[2J (ESC in user text)",
            item=ITEM,
            field="media[0].path",
        ),
        Finding(
            rule="plugin.unknown_rule",
            severity="info",
            message="Taal lijkt Nederlands (nl) – geen alt-tekst nodig?",
            item="second",
            target="x.post",
            path="posts/second.md",
            line=1,
        ),
    )


@pytest.fixture
def awkward_report() -> Report:
    """Two items with findings, one without targets; item-wide finding; unknown rule id."""
    return Report(
        findings=_findings(),
        items=(ITEM, "second", "no-targets"),
        targets={
            ITEM: ("x.post", "bluesky.post", "mastodon.post"),
            "second": ("x.post", "linkedin.post"),
        },
        paths={ITEM: WEIRD_PATH, "second": "posts/second.md"},
    )


@pytest.fixture
def clean_report() -> Report:
    return Report(items=("ok",), targets={"ok": ("x.post", "bluesky.post")}, paths={"ok": "ok.md"})


@pytest.fixture
def rules() -> dict[str, RuleMeta]:
    """A catalogue as ``rule_catalogue()`` builds it: ids and aliases as keys."""
    text_length = RuleMeta(
        id="text.length",
        name="Text too long",
        summary="The text is longer than the format allows.",
        why="Platforms reject or cut text over their limit <b>silently</b>.",
        fixable=True,
        aliases=("length",),
        failing=("x.post with 300 characters",),
        passing=("x.post with 200 characters",),
    )
    media = RuleMeta(
        id="media.missing",
        name="Media file missing",
        summary="A media path points at no file.",
        why="A post without its video is a different post.",
    )
    hashtags = RuleMeta(
        id="hashtags.count",
        name="Too many hashtags",
        summary="More hashtags than the platform's norm.",
        why="Many hashtags read as spam.",
    )
    unused = RuleMeta(id="alt.missing", name="Alt text missing", summary="s", why="w")
    return {
        "text.length": text_length,
        "length": text_length,
        "media.missing": media,
        "hashtags.count": hashtags,
        "alt.missing": unused,
    }
