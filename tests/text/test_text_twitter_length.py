"""X's weighted length against twitter-text's own conformance data."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosspost.text import CountMethod, count, twitter_weighted_length

POEM = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
X10 = "xxxxxxxxxx-"
KANA = "あいうえおかきくけこ"
LONG_LABELS = "somesuperlongurl" * 249  # a 3984-character label: not a valid domain
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
PUNCTUATION = (
    "This is a tweet with general punctuation characters: "
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b"
    " ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷"
)

# twitter/twitter-text conformance/tests/validate.yml (commit 3b8031c8), sections
# WeightedTweetsWithDiscountedEmojiCounterTest (config v3) and
# UnicodeDirectionalMarkerCounterTest; expected = "weightedLength". Long texts are rebuilt
# from their repeated pieces (lengths checked against each case's displayRangeEnd).
VALIDATE_YML_V3 = [
    ("Regular Tweet with url", "Hi http://test.co", 26),
    ("Just url", "http://test.co", 23),
    ("Long tweet, overflow at char index 280", "285 chars-" + X10 * 25, 285),
    (
        "Long tweet with url in the middle",
        "285 chars- http://www.twitter.com/jack " + X10 * 24,
        299,
    ),
    ("Long tweet with url at the end", X10 * 24 + " http://www.twitter.com/jack ", 289),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240),
    ("160 CJK char", POEM, 320),
    ("160 emoji char", "\U0001f637" * 160, 320),
    ("3 latin char + 160 CJK char", "the" + POEM, 323),
    ("'Á' is normalized into 1 char", "A\u0301B", 2),
    ("שּׁ is normalized into 3 chars", "A\ufb2c", 4),
    (
        "282 chars with a normalized character within valid range but outside 280",
        "282 chars-" + X10 * 24 + "xxxxxA\u0301x",
        281,
    ),
    ("single byte, double word and ZWJ family", "H\U0001f431\u263a" + FAMILY, 7),
    ("emoji inside the BMP", "\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9", 10),
    ("skin tone modifiers", "\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4", 4),
    ("General Punctuation with visible spaces, no ZWJ/ZWNJ", PUNCTUATION, 110),
    (
        "Long url with invalid domain labels and short url",
        "Long url with invalid domain labels and a short url: "
        + " ".join(f"https://{LONG_LABELS}.com/foo" for _ in range(3))
        + " https://validurl.com",
        12079,
    ),
    ("a 64 character domain without protocol", "randomurl" * 7 + "s.com", 68),
    (
        "CJK host longer than 63 punycode characters is no URL",
        KANA * 12 + " http://" + KANA * 5 + "あいう.com",
        358,
    ),
    (
        "CJK host shorter than 63 punycode characters is a URL",
        KANA * 12 + " http://" + KANA * 5 + "あい.com",
        264,
    ),
    ("140 family emoji", FAMILY * 140, 280),
    (
        "Unicode 10.0 emoji",
        "Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; "
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        34,
    ),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29),
    ("Handle invalid characters", "ABC\u202a\uffffABC\ufffe", 12),
    (
        "directional characters around a URL",
        "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069",
        31,
    ),
]

# Same file, section "lengths" (these do not depend on the config version).
VALIDATE_YML_LENGTHS = [
    ("This is a test.", 15),
    ("http://test.com", 23),
    ("https://test.com", 23),
    ("test.com", 23),
    ("Test https://test.com test https://test.com test.com test", 86),
]


@pytest.mark.parametrize(("description", "text", "expected"), VALIDATE_YML_V3)
def test_weighted_length_matches_twitter_text_v3(
    description: str, text: str, expected: int
) -> None:
    assert twitter_weighted_length(text) == expected, description


@pytest.mark.parametrize(("text", "expected"), VALIDATE_YML_LENGTHS)
def test_urls_count_23(text: str, expected: int) -> None:
    assert count(text, "twitter") == expected


# Same file, section "tweets": texts X accepts are 1..280, the others exceed 280.
@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("I am a Tweet", True),
        (
            "A lie gets halfway around the world before the truth has a chance to get its pants "
            "on. Winston Churchill (1874-1965) http://bit.ly/dJpywL",
            True,
        ),
        ("の" * 140, True),
        ("\U0001f431" * 140, True),
        ("x" * 281, False),
        ("の" * 141, False),
    ],
)
def test_tweet_validity_boundary(text: str, valid: bool) -> None:
    assert (0 < count(text, CountMethod.TWITTER) <= 280) is valid


# Cases chosen for this project, checked against twitter-text 3.1.0 (npm) parseTweet.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FAMILY, 2),  # ZWJ sequence: one emoji
        ("\U0001f1f3\U0001f1f1", 2),  # flag 🇳🇱
        ("1\ufe0f\u20e3", 2),  # keycap 1️⃣ (1 + VS16 + U+20E3 would be 5)
        ("\U0001f44d\U0001f3fd", 2),  # thumbs up, medium skin tone
        ("\u261d\U0001f3fd", 2),  # text-default base with a modifier
        ("\u00a9\ufe0f", 2),  # ©️ is an emoji ...
        ("\u00a9", 1),  # ... © alone is Latin-1 text
        ("\u2764", 2),  # ❤ without VS16: twemoji shows it as emoji
        ("e\u0301", 1),  # NFD input is normalised first
        ("caf\u00e9", 4),
        ("日本語", 6),
        ("한국어", 6),
        ("русский", 7),
        (
            "Lees het artikel op https://www.nu.nl/binnenland/123/titel.html of nu.nl/x!",
            20 + 23 + 4 + 23 + 1,
        ),
        ("Mail jan@voorbeeld.nl", 21),  # no URL: the domain follows "@"
        ("versie 3.5 en bijv. o.a.", 24),
        ("a\r\nb", 4),  # CR LF counts as two (twitter-text-parser on PyPI says 3)
        ("\U0001f600\ufe0f", 4),  # 😀 + a stray VS16, as twemoji-parser splits it
    ],
)
def test_weighted_length_edge_cases(text: str, expected: int) -> None:
    assert twitter_weighted_length(text) == expected


# Deliberate differences from twitter-text 3.1.0, whose twemoji-parser 11 only knows the
# Emoji 11 list (see crosspost/text/emoji.py): recommended ZWJ sequences of the current emoji
# set count once, as X's current parser counts them; the npm package weighs them part by part.
@pytest.mark.parametrize(
    ("text", "expected", "twitter_text_3_1_0"),
    [
        ("\U0001f426\u200d\U0001f525", 2, 5),  # 🐦‍🔥 (Emoji 15.1)
        ("\u2764\ufe0f\u200d\U0001f525", 2, 5),  # ❤️‍🔥 (Emoji 13.1)
        ("\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1", 2, 8),  # 🧑‍🤝‍🧑 (Emoji 12)
        ("\U0001f9d1\u200d\U0001fa70", 2, 5),  # 🧑‍🩰 (Emoji 17)
        ("\U0001f441\ufe0f\u200d\U0001f5e8\ufe0f", 2, 5),  # 👁️‍🗨️: not in twemoji 11's list
    ],
)
def test_weighted_length_newer_emoji(text: str, expected: int, twitter_text_3_1_0: int) -> None:
    assert twitter_weighted_length(text) == expected < twitter_text_3_1_0


def _zwj_table() -> list[tuple[str, int, str]]:
    rows = []
    path = Path(__file__).with_name("twitter_text_zwj.tsv")
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cps, weight, note = line.split("\t")
            rows.append(("".join(chr(int(c, 16)) for c in cps.split()), int(weight), note))
    return rows


# Generated from twitter-text 3.1.0 (npm) by tools/twitter_text_weights.js: ZWJ chains that are
# not a recommended sequence are weighed part by part, each known sequence or emoji 2, each
# ZWJ 1 (man, ZWJ, laptop, ZWJ, rocket is 👨‍💻, ZWJ, 🚀: 5).
@pytest.mark.parametrize(("text", "expected", "note"), _zwj_table(),
                         ids=[row[2] for row in _zwj_table()])
def test_zwj_chains_weigh_as_twitter_text(text: str, expected: int, note: str) -> None:
    assert twitter_weighted_length(text) == expected, note


def test_every_recommended_zwj_sequence_counts_once() -> None:
    """Each sequence of the bundled Emoji 17 list weighs 2, alone and inside text."""
    from crosspost.text.emoji import _zwj_sequences

    known, _ = _zwj_sequences()
    assert len(known) > 1500
    for sequence in known:
        assert twitter_weighted_length(sequence) == 2, sequence.encode("unicode_escape")
        assert twitter_weighted_length(f"a{sequence}b") == 4
