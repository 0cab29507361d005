"""``fit``: examples of each stage and the properties users rely on."""

from __future__ import annotations

from crosspost_text_strategies import FAMILY, limits, posts
from hypothesis import given, settings

from crosspost.text import (
    CountMethod,
    count,
    entities,
    fit,
    grapheme_spans,
    sentences,
    strip_trailing_hashtags,
)
from crosspost.text.counting import Limits

DUTCH = (
    "Vandaag openen we de nieuwe bibliotheek. Kom langs, bijv. met de kinderen! "
    "Meer info op https://www.voorbeeld.nl/bibliotheek/opening-2024 #Gouda"
)


def test_text_that_fits_is_returned_unchanged() -> None:
    text = "Kort bericht 👋"
    result = fit(text, {"twitter": 280, "graphemes": 300})
    assert result.text is text
    assert (result.changed, result.removed_chars, result.cut_at) == (False, 0, "none")
    assert result.measured == {CountMethod.TWITTER: 15, CountMethod.GRAPHEMES: 14}


def test_cut_after_last_whole_sentence_without_ellipsis() -> None:
    result = fit(DUTCH, {"graphemes": 90})
    assert (
        result.text == "Vandaag openen we de nieuwe bibliotheek. Kom langs, bijv. met de kinderen!"
    )
    assert result.cut_at == "sentence"
    assert result.removed_chars == len(DUTCH) - len(result.text)
    assert result.measured == {CountMethod.GRAPHEMES: len(result.text)}


def test_abbreviation_is_not_a_sentence_end() -> None:
    result = fit(DUTCH, {"graphemes": 60})
    assert result.text == "Vandaag openen we de nieuwe bibliotheek."


def test_word_cut_with_ellipsis_and_dangling_punctuation_removed() -> None:
    text = "Een heel lange zin zonder punt, die maar doorgaat en doorgaat tot het einde"
    result = fit(text, {"codepoints": 33})
    assert result.text == "Een heel lange zin zonder punt…"
    assert result.cut_at == "word"
    assert count(result.text, "codepoints") <= 33


def test_ellipsis_counts_in_every_method() -> None:
    text = "aaaa bbbb cccc dddd"
    assert fit(text, {"utf8_bytes": 12}).text == "aaaa bbbb…"  # "…" is 3 bytes
    assert fit(text, {"utf8_bytes": 12}, ellipsis="...").text == "aaaa bbbb..."
    assert fit(text, {"twitter": 11}).text == "aaaa bbbb…"


def test_url_is_never_split_and_kept_apart_from_the_ellipsis() -> None:
    text = "Lees https://example.com/een/pad hier verder over alles"
    result = fit(text, {"mastodon": 31})
    assert result.text == "Lees https://example.com/een/pad …"
    assert count(result.text, "mastodon") == 30  # "Lees " + 23 + " …"
    assert all(e.text in text for e in entities(result.text))


def test_entity_longer_than_the_limit_is_dropped() -> None:
    result = fit("https://example.com/a/very/long/path/indeed and more", {"graphemes": 10})
    assert result.text == ""
    assert result.cut_at == "grapheme"


def test_grapheme_cut_keeps_clusters_whole() -> None:
    text = FAMILY * 5  # no words, no sentences: only grapheme cuts
    result = fit(text, {"utf16": 25})
    assert result.text == FAMILY * 2 + "…"
    assert result.cut_at == "grapheme"


def test_cjk_sentences_end_without_space() -> None:
    text = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。"
    assert sentences(text) == [
        "故人西辞黄鹤楼，烟花三月下扬州。",
        "孤帆远影碧空尽，唯见长江天际流。",
    ]
    assert fit(text, {"twitter": 40}).text == "故人西辞黄鹤楼，烟花三月下扬州。"


def test_protected_spans_are_not_split() -> None:
    text = "Met Jan van der Berg op pad vandaag"
    result = fit(text, {"codepoints": 17}, protected=["Jan van der Berg"])
    assert result.text == "Met…"


def test_strip_trailing_hashtags() -> None:
    assert strip_trailing_hashtags("Mooie dag!\n\n#zomer #Gouda, #nl ") == (
        "Mooie dag!",
        ["#zomer", "#Gouda", "#nl"],
    )
    assert strip_trailing_hashtags("#nl is mooi") == ("#nl is mooi", [])
    assert strip_trailing_hashtags("#a #b") == ("", ["#a", "#b"])
    assert strip_trailing_hashtags("geen tags") == ("geen tags", [])


def _assert_fits(text: str, wanted: Limits) -> None:
    for method, maximum in wanted.items():
        assert count(text, method) <= maximum, (method, text)


@settings(max_examples=150, deadline=None)
@given(posts(), limits())
def test_fit_properties(text: str, wanted: dict[CountMethod, int]) -> None:
    result = fit(text, wanted)
    _assert_fits(result.text, wanted)
    assert result.measured == {m: count(result.text, m) for m in wanted}
    # idempotent
    again = fit(result.text, wanted)
    assert again.text == result.text
    assert not again.changed
    if all(count(text, m) <= v for m, v in wanted.items()):
        assert result.text is text
        assert result.cut_at == "none"
        return
    # the kept part is a prefix made of whole graphemes; no entity straddles the cut
    kept = len(text) - result.removed_chars
    assert result.text.startswith(text[:kept])
    assert result.text[kept:] in ("", "…", " …")
    assert kept == 0 or kept in {end for _, end in grapheme_spans(text)}
    assert not any(e.start < kept < e.end for e in entities(text))
    # and every entity of the output that sits in the kept prefix exists in the input
    # (a grapheme cut inside a word may create one: "foo.comx" cut to "foo.com")
    if result.cut_at in ("sentence", "word"):
        originals = set(entities(text))
        assert all(e in originals for e in entities(result.text) if e.end <= kept)


@settings(max_examples=60, deadline=None)
@given(posts(max_fragments=80), limits(minimum=20, maximum=120))
def test_fit_long_posts_stays_within_limits(text: str, wanted: dict[CountMethod, int]) -> None:
    result = fit(text, wanted)
    _assert_fits(result.text, wanted)
    assert fit(result.text, wanted).text == result.text
