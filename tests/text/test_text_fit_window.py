"""The windowed ``fit`` against the plain one it replaced (tests/text/reference_fit.py).

``fit`` looks only at the cuts of a prefix that can still fit (issue #17 item 4: shortening a
megabyte post measured every one of its million cuts, per target). Here the first window is
made tiny and the slack small, so generated posts cross several windows, and every result
must be the one the plain ``fit`` gives.
"""

from __future__ import annotations

import sys
import time

import pytest
from crosspost_text_strategies import limits, posts
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_fit import reference_fit

from crosspost.text import CountMethod, fit
from crosspost.text.counting import fits

LONG_POSTS = posts(max_fragments=120)
# The module, not the function ``crosspost.text.fit`` that shadows it as an attribute.
fit_module = sys.modules["crosspost.text.fit"]


@settings(max_examples=300, deadline=None)
@given(LONG_POSTS, limits(minimum=0, maximum=120), st.sampled_from(["…", "...", ""]))
def test_windowed_fit_equals_the_plain_fit(text: str, wanted: dict[CountMethod, int],
                                           ellipsis: str) -> None:
    saved = fit_module._FIRST_WINDOW
    fit_module._FIRST_WINDOW = 8  # hypothesis and function-scoped fixtures do not mix
    try:
        assert fit(text, wanted, ellipsis=ellipsis) == reference_fit(
            text, wanted, ellipsis=ellipsis)
    finally:
        fit_module._FIRST_WINDOW = saved


@pytest.mark.parametrize(("text", "seconds"), [
    ("Dit is een zin. " * 70_000, 0.5),
    ("a." * 500_000, 0.5),
    ("#tag " * 200_000, 0.5),
    ("x" * 1_000_000, 0.5),
    ("e" + "\u0301" * 999_999, 0.5),
    # Every cut after "word" dangles, so the window grows to the whole text: linear (about
    # 0.4 s on an idle machine), where the plain fit walked the commas back once per cut.
    ("word" + "," * 1_000_000, 2.0),
])
def test_a_megabyte_post_is_shortened_in_proportion_to_what_is_kept(
        text: str, seconds: float) -> None:
    """CPU time, not wall time; 0.5 s is a wide margin over what a 280-character prefix
    costs, and the plain fit took seconds to hours on each of these."""
    start = time.process_time()
    result = fit(text, {"twitter": 280, "graphemes": 300})
    assert time.process_time() - start < seconds
    assert result.changed
    assert fits(result.text, {"twitter": 280, "graphemes": 300})
