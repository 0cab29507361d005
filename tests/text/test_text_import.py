"""``import crosspost.text`` stays cheap: the large regexes compile on first use."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import crosspost.text
from crosspost.text import emoji, hashtags, tlds, url_scan, urls
assert urls._tail.cache_info().currsize == 0
assert url_scan._other_tlds.cache_info().currsize == 0
assert emoji._pattern.cache_info().currsize == 0
assert hashtags._pattern.cache_info().currsize == 0
assert tlds._sections.cache_info().currsize == 0
assert sorted(crosspost.text.__all__) == sorted(set(crosspost.text.__all__))
"""


def test_import_compiles_nothing_big() -> None:
    subprocess.run([sys.executable, "-c", CHECK], check=True, env=None)


def test_a_sentence_without_a_link_does_not_compile_the_url_tail() -> None:
    """The tail (port, path, query) of the URL pattern is compiled once a domain is followed
    by one of them: not for a text whose only dots end sentences."""
    code = (
        "from crosspost.text import urls\n"
        "assert urls.url_spans('Kom naar De Linde. Tot dan.') == []\n"
        "assert urls._tail.cache_info().currsize == 0\n"
        "assert urls.url_spans('Zie example.com voor meer.') == [(4, 15)]\n"
        "assert urls._tail.cache_info().currsize == 0\n"
        "assert urls.url_spans('Zie example.com/pad voor meer.') == [(4, 19)]\n"
        "assert urls._tail.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_tld_data_is_bundled() -> None:
    from crosspost.text.tlds import country_tlds, generic_tlds

    assert "com" in generic_tlds()
    assert "nl" in country_tlds()
    assert "みんな" in generic_tlds()
    assert "پاکستان" in country_tlds()
