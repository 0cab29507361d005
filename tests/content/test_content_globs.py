"""Glob matching: the semantics of the old regex translation, without its backtracking."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.content.walk import glob_match


def _reference(pattern: str) -> re.Pattern[str]:
    """The regex crosspost translated globs to before (exponential in the number of ``**/``)."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(["**/", "**", "*", "?", "a", "b", "/", ".md", "."]), max_size=8).map(
        "".join
    ),
    st.lists(st.sampled_from(["a", "b", "/", ".md", ".", "ab/"]), max_size=10).map("".join),
)
def test_same_verdict_as_the_regex(pattern: str, path: str) -> None:
    assert glob_match(pattern, path) == bool(_reference(pattern).match(path))


def test_examples() -> None:
    assert glob_match("posts/**/*.md", "posts/a/b/c.md")
    assert glob_match("posts/**/*.md", "posts/c.md")
    assert not glob_match("posts/*.md", "posts/a/c.md")
    assert glob_match("**", "x/y")


def test_many_double_stars_do_not_backtrack() -> None:
    pattern = "**/" * 40 + "x"
    path = "a/" * 2_000 + "y"
    start = time.process_time()
    assert not glob_match(pattern, path)
    assert time.process_time() - start < 2.0  # the regex needs longer than the universe
