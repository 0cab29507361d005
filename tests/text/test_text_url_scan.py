"""The URL scanner's shortcut must find exactly what plain ``finditer`` finds."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.text.urls import _finditer, _pattern, url_spans

PIECES = [
    "故人", "日本語", "한국", "。", ".", ".com", ".nl", ".xyzzy", ".co", "_", "-", "x", "ab",
    "http://", "https://", "gemini://", " ", "/", "?q=1", "#", "@", "$", "ÁÉ", "\u202a", ":80",
    "xn--ls8h", "example", "t.co/", "みんな",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_scanner_matches_plain_finditer(text: str) -> None:
    for flavor in ("twitter", "mastodon"):
        pattern = _pattern(flavor)
        fast = [m.span() for m in _finditer(pattern, text, flavor)]
        assert fast == [m.span() for m in pattern.finditer(text)]


def test_long_cjk_run_is_linear() -> None:
    rng = random.Random(1)
    text = "".join(rng.choice("故人西辞黄鹤楼烟花三月下扬州") for _ in range(20_000)) + ".xyzzy"
    start = time.perf_counter()
    assert url_spans(text) == []
    assert time.perf_counter() - start < 2.0  # plain finditer needs minutes here
