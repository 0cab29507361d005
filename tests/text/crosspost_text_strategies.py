"""Hypothesis strategies for post-like texts: words, emoji, URLs, hashtags, mentions, CJK."""

from __future__ import annotations

from hypothesis import strategies as st

from crosspost.text import CountMethod

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"

WORDS = [
    "de", "het", "een", "voorbeeld", "zin", "bijv.", "o.a.", "d.w.z.", "Dr.", "e.g.", "3.5",
    "café", "e\u0301tude", "naïef", "straße", "x", "foo_bar", "a-b", "well-known", "C#",
]  # fmt: skip
EMOJI = [
    FAMILY, "\U0001f1f3\U0001f1f1", "1\ufe0f\u20e3", "\U0001f44d\U0001f3fd", "\u2764\ufe0f",
    "\U0001f637", "\U0001f3f3\ufe0f\u200d\u26a7\ufe0f", "\U0001fae0", "\u261d\U0001f3fd",
]  # fmt: skip
URLS = [
    "https://example.com/pad/naar/iets?x=1&y=2", "http://t.co/abc123", "example.com",
    "www.nu.nl/artikel", "https://nl.wikipedia.org/wiki/Gouda_(kaas)", "gemini://x.org/a",
    "https://example.com/" + "lang" * 12,
]  # fmt: skip
TAGS = ["#tag", "#Zomer2024", "#café", "#日本語", "#a_b", "＃ｈａｓｈ"]
MENTIONS = ["@user", "@Jan_1", "@alice@mastodon.social", "@bob@example.nl"]
CJK = ["日本語", "故人西辞黄鹤楼", "これは", "한국어", "。", "！"]
PUNCT = [".", ",", "!", "?", "…", ":", ";", "(", ")", '"', "'", "-", "—"]
MARKS = ["\u0301", "\u0308", "\u0327"]  # combining marks (may land after any character)
SEPARATORS = [" ", " ", " ", " ", "", "\n", "\n\n", ". ", "! ", "? ", ", ", "。"]

fragments = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(EMOJI),
    st.sampled_from(URLS),
    st.sampled_from(TAGS),
    st.sampled_from(MENTIONS),
    st.sampled_from(CJK),
    st.sampled_from(PUNCT),
    st.sampled_from(MARKS),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=4),  # utf-8: no surrogates
)


@st.composite
def posts(draw: st.DrawFn, max_fragments: int = 40) -> str:
    """A post-like text made of random fragments and separators."""
    parts = draw(
        st.lists(st.tuples(fragments, st.sampled_from(SEPARATORS)), max_size=max_fragments)
    )
    return "".join(f + s for f, s in parts)


def limits(minimum: int = 0, maximum: int = 300) -> st.SearchStrategy[dict[CountMethod, int]]:
    """One to three ``{method: max}`` pairs."""
    return st.dictionaries(
        st.sampled_from(list(CountMethod)),
        st.integers(minimum, maximum),
        min_size=1,
        max_size=3,
    )
