"""Entity extraction against twitter-text's conformance data, plus fediverse mentions."""

from __future__ import annotations

import pytest

from crosspost.text import (
    Entity,
    entities,
    extract_emoji,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    utf16_offset,
    utf16_span,
)

# twitter/twitter-text conformance/tests/extract.yml (commit 3b8031c8, the newest copy; the
# same cases are in conformance/extract.yml), section "urls".
EXTRACT_YML_URLS = [
    ("test http://example.comだよね.comtest/hogehoge", ["http://example.com"]),
    (
        "text https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-",
        ["https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-"],
    ),
    (
        "Go to https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud please",
        ["https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud"],
    ),
    (
        "http://exampleこれは日本語です.com/path/index.html http://"
        + "あ" * 300
        + ".com/path/index.html",
        ["http://exampleこれは日本語です.com/path/index.html"],
    ),
    (
        "twitter.jp日本語it.so中国語foo.jp it.so foo.jp",
        ["twitter.jp", "it.so", "foo.jp", "it.so", "foo.jp"],
    ),
    ("Hello http://xn--はじめよう.com/index.html", []),
    ("test http://leadingdash.-twitter.com", []),
    ("test http://trailingunderscore.twitter_.com", []),
    (
        "I really like http://t.co/abcdefghijklmnopqrstuvwxyz0123456789",
        ["http://t.co/abcdefghijklmnopqrstuvwxyz0123456789"],
    ),
    ("I really like http://t.co/abcdefghijklmnopqrstuvwxyz012345678901234", []),
    ("example.comてすとですtwitter.みんなです", ["example.com", "twitter.みんな"]),
    (
        "http://twitter.com\nhttp://example.com\nhttp://example.com/path\nexample.com/path\nit.so\nit.so/abcde",
        [
            "http://twitter.com",
            "http://example.com",
            "http://example.com/path",
            "example.com/path",
            "it.so",
            "it.so/abcde",
        ],
    ),
    ("http://example.com", ["http://example.com"]),
    ("text http://google.com", ["http://google.com"]),
    ("text http://foobar.com/#", ["http://foobar.com/#"]),
    (
        "text http://google.com/#search?q=iphone%20-filter%3Alinks",
        ["http://google.com/#search?q=iphone%20-filter%3Alinks"],
    ),
    (
        "text http://somedomain.com/index.php?path=/abc/def/",
        ["http://somedomain.com/index.php?path=/abc/def/"],
    ),
    ("text http://somehost.com:3000", ["http://somehost.com:3000"]),
    ("text http://xo.com/~matthew+%ff-x", ["http://xo.com/~matthew+%ff-x"]),
    ("text http://xo.com/~matthew+%ff-,.;x", ["http://xo.com/~matthew+%ff-,.;x"]),
    (
        "text http://en.wikipedia.org/wiki/Primer_(film)",
        ["http://en.wikipedia.org/wiki/Primer_(film)"],
    ),
    ("text http://✪df.ws/ejp", ["http://✪df.ws/ejp"]),
    ("text http://chilp.it/?77e8fd", ["http://chilp.it/?77e8fd"]),
    ("text http://x.com/oneletterdomain", ["http://x.com/oneletterdomain"]),
    (
        "text http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx",
        ["http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx"],
    ),
    ("text http://domain-dash_2314352345_dfasd.foo-cow_4352.com", []),
    ("text http://no-tld", []),
    ("text http://tld-too-short.x", []),
    ("(http://twitter.com", ["http://twitter.com"]),
    ("text http://foo.com?#foo text", ["http://foo.com?#foo"]),
    (
        "foo.com foo.net foo.org foo.edu foo.gov",
        ["foo.com", "foo.net", "foo.org", "foo.edu", "foo.gov"],
    ),
    ("t.co/abcde bit.ly/abcde", ["t.co/abcde", "bit.ly/abcde"]),
    ("http://foo.jp http://fooooo.jp", ["http://foo.jp", "http://fooooo.jp"]),
    (
        "Go to http://example.com/a+ or http://example.com/a-",
        ["http://example.com/a+", "http://example.com/a-"],
    ),
    (
        "Go to http://example.com/view/slug-url-?foo=bar",
        ["http://example.com/view/slug-url-?foo=bar"],
    ),
    ("@user Try http:// example.com/path", ["example.com/path"]),
    (
        "これは日本語です。example.com/path/index.html中国語example.com/path한국",
        ["example.com/path/index.html", "example.com/path"],
    ),
    ("Go to http://twitter.com/Русские_слова", ["http://twitter.com/Русские_слова"]),
    ("MLB.tv vine.co twitch.tv t.co", ["MLB.tv", "vine.co", "twitch.tv", "t.co"]),
    ("test http://sub_domain-dash.twitter.com", ["http://sub_domain-dash.twitter.com"]),
    ("test http://a.b.cd", ["http://a.b.cd"]),
    ("test http://-leadingdash.twitter.com", []),
    ("test http://twitter_underscore.com", []),
    (
        "test http://www.foo.com/foo/path-with-period./",
        ["http://www.foo.com/foo/path-with-period./"],
    ),
    ("test ELPAÍS.com", ["ELPAÍS.com"]),
    ("test http://twitter.com/.", ["http://twitter.com/"]),
    ("Test a ton of periods http://example.com/path" + "." * 42, ["http://example.com/path"]),
    ("Test a ton of periods http://example.com/" + "," * 42, ["http://example.com/"]),
    ("#test.com @test.com #http://test.com @http://test.com #t.co/abcde @t.co/abcde", []),
    ("I really like http://t.co/pbY2NfTZ's website", ["http://t.co/pbY2NfTZ"]),
    ("According to http://t.co/ulYGBYSo: the internet is cool", ["http://t.co/ulYGBYSo"]),
    ("$http://twitter.com $twitter.com $http://t.co/abcde $t.co/abcde $t.co $TVI.CA $RBS.CA", []),
    ("long.test.tar.bz2 test.tar.bz2 tar.bz2", []),
    ("john.doe.gov@mail.com", []),
    ("john.doe.jp@mail.com", []),
]

# conformance/extract.yml (commit c1f5f45d), section "urls_with_indices".
EXTRACT_YML_URL_INDICES = [
    ("text http://google.com", [(5, 22)]),
    ("皆さん見てください！ http://google.com", [(11, 28)]),
    (
        "http://twitter.com/これは日本語です。example.com中国語http://t.co/abcde한국twitter.com"
        "テストexample2.comテストhttp://twitter.com/abcde",
        [(0, 19), (28, 39), (42, 59), (61, 72), (75, 87), (90, 114)],
    ),
    (
        "http://t.co/pbY2NfTZ's http://t.co/2vYHpAc5; http://t.co/ulYGBYSo: "
        "http://t.co/8MkmHU0k+c http://t.co/TKLp64dY.x http://t.co/8t7G3ddS#a http://t.co/FNkPfmii-",
        [(0, 20), (23, 43), (45, 65), (67, 87), (90, 110), (113, 133), (136, 156)],
    ),
    ("http://t.co http://t.co", [(0, 11), (12, 23)]),
    ("test http://xn--ls8h.XN--ls8h.la/", [(5, 33)]),
    (
        "test http://foobar.みんな/ http://foobar.中国/ http://foobar.پاکستان/ ",
        [(5, 23), (24, 41), (42, 64)],
    ),
]

# conformance/extract.yml (commit c1f5f45d), section "hashtags" (expected without the hash
# sign, as in the YAML).
EXTRACT_YML_HASHTAGS = [
    ("a #hashtag here", ["hashtag"]),
    ("#1hashtag is this", ["1hashtag"]),
    ("On the #16 bus", []),
    ("#0", []),
    ("(#hashtag1 )#hashtag2 [#hashtag3 ]#hashtag4 ’#hashtag5’#hashtag6",
     ["hashtag1", "hashtag2", "hashtag3", "hashtag4", "hashtag5", "hashtag6"]),
    ("I'll write more tests #mañana", ["mañana"]),
    ("this is not valid: # 会議中 ハッシュ", []),
    ("What is #트위터 anyway?", ["트위터"]),
    ("Just random half-width Hangul #ﾣﾦﾰ", ["ﾣﾦﾰ"]),
    ("What is #ашок anyway?", ["ашок"]),
    ("日本語ハッシュテスト。#日本語ハッシュタグ", ["日本語ハッシュタグ"]),
    ("#日本語ハッシュタグ。", ["日本語ハッシュタグ"]),
    ("全角英数字ハッシュタグ ＃ｈａｓｈｔａｇ１２３", ["ｈａｓｈｔａｇ１２３"]),
    ("日本語ハッシュタグ#日本語ハッシュタグ", []),
    ("#云々 #学問のすゝめ #いすゞ #各〻 #各〃", ["云々", "学問のすゝめ", "いすゞ", "各〻", "各〃"]),
    ("#hashtag: #hashtag; #hashtag, #hashtag. #hashtag! #hashtag?", ["hashtag"] * 6),
    (":#hashtag ;#hashtag ,#hashtag .#hashtag !#hashtag ?#hashtag", ["hashtag"] * 6),
    ("#hashtag\ntest\n#hashtag2\ntest\n#hashtag3\n", ["hashtag", "hashtag2", "hashtag3"]),
    ("#http://twitter.com #https://twitter.com", []),
    ("http://twitter.com/#hashtag twitter.com/#hashtag", []),
    ("#Azərbaycanca #mûǁae #Čeština #Ċaoiṁín", ["Azərbaycanca", "mûǁae", "Čeština", "Ċaoiṁín"]),
    ("#עַל־יְדֵי #וכו׳ #מ״כ", ["עַל־יְדֵי", "וכו׳", "מ״כ"]),
    ("#ශ්‍රීලංකා", ["ශ්‍රීලංකා"]),
    ("#۳۴۵هشتگ #هشتگ۶۷۸ #ســـلام_عليكم_٤٠٦", ["۳۴۵هشتگ", "هشتگ۶۷۸", "ســـلام_عليكم_٤٠٦"]),
    ("#महात्मा #महात्मा_१२३४ #१२३४ गांधी", ["महात्मा", "महात्मा_१२३४"]),
    ("#Μαχάτμα_Γκάντι ήταν Ινδός πολιτικός", ["Μαχάτμα_Γκάντι"]),
    ("#il·lusió", ["il·lusió"]),
    ("#_ #1_2 #122 #〃", []),
]  # fmt: skip

# Same file, section "hashtags_with_indices".
EXTRACT_YML_HASHTAG_INDICES = [
    ("#hashtag here", [(0, 8)]),
    ("#123 a #hashtag in a string", [(7, 15)]),
    ("会議中 #hashtag 会議中", [(4, 12)]),
    ("Hashtags in #中文, #日本語, #한국말, and #русский! Try it out!",
     [(12, 15), (17, 21), (23, 27), (33, 41)]),
]  # fmt: skip

# Same file, sections "mentions" and "mentions_with_indices" (twitter-text rules only).
EXTRACT_YML_MENTIONS = [
    ("@username reply", ["username"]),
    ("mention @username1 @username2", ["username1", "username2"]),
    ("の@usernameに到着を待っている", ["username"]),
    ("Current Status: @_@ (cc: @username)", ["username"]),
    ("@aliceìnheiro something something", []),
    ("@username email me @test@example.com", ["username"]),
    ("@http://twitter.com", []),
    ("@username\n@mention", ["username", "mention"]),
    ("RT@username RT:@mention RT @test", ["username", "mention", "test"]),
    ("rT@username rT:@mention rT @test", ["username", "mention", "test"]),
    ("f!@kn", []),
    ("f@@kn", []),
    ("f#@kn", []),
    ("f$@kn", []),
    ("f%@kn", []),
    ("f&@kn", []),
    ("f*@kn", []),
]
EXTRACT_YML_MENTION_INDICES = [
    ("@username yo!", [(0, 9)]),
    ("username @username", [(9, 18)]),
    ("の@usernameに到着を待っている", [(1, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), EXTRACT_YML_URLS)
def test_urls(text: str, expected: list[str]) -> None:
    assert [e.text for e in extract_urls(text)] == expected


@pytest.mark.parametrize(("text", "expected"), EXTRACT_YML_URL_INDICES)
def test_url_indices(text: str, expected: list[tuple[int, int]]) -> None:
    assert [(e.start, e.end) for e in extract_urls(text)] == expected


def test_require_scheme_skips_bare_domains() -> None:
    text = "Zie https://voorbeeld.nl/a en nu.nl/b of www.example.com."
    assert [e.text for e in extract_urls(text)] == [
        "https://voorbeeld.nl/a",
        "nu.nl/b",
        "www.example.com",
    ]
    assert [e.text for e in extract_urls(text, require_scheme=True)] == ["https://voorbeeld.nl/a"]


@pytest.mark.parametrize(("text", "expected"), EXTRACT_YML_HASHTAGS)
def test_hashtags(text: str, expected: list[str]) -> None:
    assert [e.text[1:] for e in extract_hashtags(text)] == expected


@pytest.mark.parametrize(("text", "expected"), EXTRACT_YML_HASHTAG_INDICES)
def test_hashtag_indices(text: str, expected: list[tuple[int, int]]) -> None:
    assert [(e.start, e.end) for e in extract_hashtags(text)] == expected


@pytest.mark.parametrize(("text", "expected"), EXTRACT_YML_MENTIONS)
def test_mentions_twitter_rules(text: str, expected: list[str]) -> None:
    assert [e.text[1:] for e in extract_mentions(text, fediverse=False)] == expected


@pytest.mark.parametrize(("text", "expected"), EXTRACT_YML_MENTION_INDICES)
def test_mention_indices(text: str, expected: list[tuple[int, int]]) -> None:
    assert [(e.start, e.end) for e in extract_mentions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cc @alice@mastodon.social en @bob", ["@alice@mastodon.social", "@bob"]),
        ("@Jan.de-Vries@social.example.nl!", ["@Jan.de-Vries@social.example.nl"]),
        ("mail me: test@example.com", []),  # e-mail address: preceded by a letter
        ("@a@localhost", []),  # no dot in the domain
        ("@user/list", []),  # a list, not a mention
    ],
)
def test_fediverse_mentions(text: str, expected: list[str]) -> None:
    assert [e.text for e in extract_mentions(text)] == expected


def test_emoji_sequences_are_single_entities() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    text = (
        f"{family} \U0001f1f3\U0001f1f1 1\ufe0f\u20e3 \U0001f44d\U0001f3fd \u2764\ufe0f 1 \u00a9 x"
    )
    assert [e.text for e in extract_emoji(text)] == [
        family,
        "\U0001f1f3\U0001f1f1",
        "1\ufe0f\u20e3",
        "\U0001f44d\U0001f3fd",
        "\u2764\ufe0f",
    ]


def test_entities_resolve_overlaps_and_keep_offsets() -> None:
    text = "Zie http://☃.net/#tag en #nl 🇳🇱 @jan"
    found = entities(text)
    assert [(e.kind, e.text) for e in found] == [
        ("url", "http://☃.net/#tag"),
        ("hashtag", "#nl"),
        ("emoji", "🇳🇱"),
        ("mention", "@jan"),
    ]
    assert all(text[e.start : e.end] == e.text for e in found)
    assert Entity(0, 1, "url", "x").overlaps(0, 1)


def test_utf16_offsets() -> None:
    text = "\U0001f1f3\U0001f1f1 #tag"
    (tag,) = extract_hashtags(text)
    assert (tag.start, tag.end) == (3, 7)
    assert utf16_span(text, tag) == (5, 9)
    assert utf16_offset(text, 2) == 4
    with pytest.raises(IndexError):
        utf16_offset(text, 99)
