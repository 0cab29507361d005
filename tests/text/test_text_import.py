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


def test_tld_data_is_bundled() -> None:
    from crosspost.text.tlds import country_tlds, generic_tlds

    assert "com" in generic_tlds()
    assert "nl" in country_tlds()
    assert "みんな" in generic_tlds()
    assert "پاکستان" in country_tlds()
