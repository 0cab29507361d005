"""``count`` for every method, with Mastodon's own spec cases."""

from __future__ import annotations

import pytest

from crosspost.text import CountMethod, count, mastodon_length, threads_length
from crosspost.text.counting import normalize_limits

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦
FLAG_NL = "\U0001f1f3\U0001f1f1"  # 🇳🇱
KEYCAP_1 = "1\ufe0f\u20e3"  # 1️⃣
THUMBS_MEDIUM = "\U0001f44d\U0001f3fd"  # 👍🏽
E_ACUTE_NFD = "e\u0301"
TRANS_FLAG = "\U0001f3f3\ufe0f\u200d\u26a7\ufe0f"  # 🏳️‍⚧️


@pytest.mark.parametrize(
    ("text", "utf16", "codepoints", "utf8", "graphemes"),
    [
        ("", 0, 0, 0, 0),
        ("abc", 3, 3, 3, 3),
        (FAMILY, 11, 7, 25, 1),
        (FLAG_NL, 4, 2, 8, 1),
        (KEYCAP_1, 3, 3, 7, 1),
        (THUMBS_MEDIUM, 4, 2, 8, 1),
        (E_ACUTE_NFD, 2, 2, 3, 1),
        ("café", 4, 4, 5, 4),
        ("日本語", 3, 3, 9, 3),
        ("𝐁", 2, 1, 4, 1),
        ("a\r\nb", 4, 4, 4, 3),  # CR LF is one cluster
    ],
)
def test_basic_units(text: str, utf16: int, codepoints: int, utf8: int, graphemes: int) -> None:
    assert count(text, "utf16") == utf16
    assert count(text, "codepoints") == codepoints
    assert count(text, "utf8_bytes") == utf8
    assert count(text, "graphemes") == graphemes


def test_methods_accept_enum_or_string_and_reject_unknown() -> None:
    assert count("abc", CountMethod.UTF16) == count("abc", "utf16") == 3
    assert {CountMethod.TWITTER: 1}["twitter"] == 1  # type: ignore[index]  # same hash
    assert str(CountMethod.GRAPHEMES) == "graphemes"
    with pytest.raises(ValueError, match="tweets"):
        count("abc", "tweets")


def test_bluesky_counts_raw_text_without_trimming() -> None:
    # The Bluesky app trims trailing whitespace before posting; counting the raw text can
    # only over-estimate, never let a too-long post through.
    assert count("hi  \n", "graphemes") == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", 3),
        ("\U0001f600", 4),  # 😀 is 4 UTF-8 bytes
        ("a\U0001f600b", 6),
        (FAMILY, 25),
        (KEYCAP_1, 7),
        ("\u2764\ufe0f", 6),  # ❤️
        ("café", 4),  # non-emoji characters count one each
        ("日本語", 3),
    ],
)
def test_threads_counts_emoji_as_utf8_bytes(text: str, expected: int) -> None:
    assert threads_length(text) == expected == count(text, "threads")


def _status(text: str, spoiler_text: str = "") -> int:
    """What StatusLengthValidator compares with MAX_CHARS: spoiler plus countable text."""
    return count(spoiler_text, "graphemes") + mastodon_length(text)


# mastodon/mastodon spec/validators/status_length_validator_spec.rb (commit d5e278df),
# MAX_CHARS stubbed to 500: (description, text, spoiler_text, over the limit?).
MASTODON_SPEC = [
    ("content warning over character limit", "", "a" * 520, True),
    ("text over character limit", "a" * 520, "", True),
    ("text and content warning over character limit total", "b" * 251, "a" * 250, True),
    (
        "reduces calculated length of auto-linkable space-separated URLs",
        "a" * 476 + " " + "http://" + "b" * 30 + ".com/example",
        "",
        False,
    ),
    (
        "does not reduce calculated length of non-autolinkable URLs",
        "a" * 476 + "http://" + "b" * 30 + ".com/example",
        "",
        True,
    ),
    (
        "does not reduce calculated length of count overly long URLs",
        "http://example.com/valid?" + "#foo?" * 1000,
        "",
        True,
    ),
    (
        "counts only the front part of remote usernames",
        "a" * 475 + " @alice@" + "b" * 30 + ".com",
        "",
        False,
    ),
    (
        "does count both parts of remote usernames for overly long domains",
        "@alice@" + "b" * 500 + ".com",
        "",
        True,
    ),
    ("counts multi byte emoji as single character", "\u2728" * 500, "", False),
    ("counts ZWJ sequence emoji as single character", TRANS_FLAG * 500, "", False),
]


@pytest.mark.parametrize(("description", "text", "spoiler", "over"), MASTODON_SPEC)
def test_mastodon_status_length_validator_spec(
    description: str, text: str, spoiler: str, over: bool
) -> None:
    assert (_status(text, spoiler) > 500) is over, description


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/een/heel/lange/pagina?met=query", 23),
        ("Zie https://voorbeeld.nl/nieuws/2024/artikel-over-iets.", 4 + 23 + 1),
        ("voorbeeld.nl/zonder/scheme", 26),  # no scheme: counted as written
        ("gemini://example.org/a/b/c/d/e/f/g/h/i", 23),  # Mastodon's extra schemes
        ("@alice@mastodon.social hoi", 10),  # counted as "@alice hoi"
        ("https://mastodon.social/@alice", 23),  # the @ inside the URL is no mention
        ("  hallo  \n", 5),  # Status#prepare_contents strips ASCII whitespace
        ("\u3000", 0),  # blank text counts 0
        (FAMILY + FLAG_NL + E_ACUTE_NFD, 3),
        ("https://example.com/" + FAMILY, 23),  # any non-space path character
    ],
)
def test_mastodon_length(text: str, expected: int) -> None:
    assert mastodon_length(text) == expected == count(text, "mastodon")


def test_normalize_limits_validates() -> None:
    assert normalize_limits({"twitter": 280, CountMethod.GRAPHEMES: 300}) == {
        CountMethod.TWITTER: 280,
        CountMethod.GRAPHEMES: 300,
    }
    for bad in ({"twitter": -1}, {"twitter": 1.5}, {"twitter": True}):
        with pytest.raises(ValueError, match="integer >= 0"):
            normalize_limits(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nope"):
        normalize_limits({"nope": 3})
