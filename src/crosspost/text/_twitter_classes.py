"""Character classes shared by the twitter-text ports (URLs, hashtags, mentions).

Each constant is the *inside* of a regex character class, transcribed from twitter-text v3
(js/src/regexp/*.js in https://github.com/twitter/twitter-text, as published in npm 3.1.0),
so the extractors built from them agree with twitter-text character for character.
Python's ``regex`` module understands the ``\\uXXXX`` escapes used here.
"""

from __future__ import annotations

__all__ = [
    "AT_SIGNS",
    "CYRILLIC",
    "DIRECTIONAL",
    "HASHTAG_SPECIAL",
    "HASH_SIGNS",
    "INVALID",
    "LATIN_ACCENTS",
    "PUNCT",
    "SPACES",
]

# regexp/spacesGroup.js: the Unicode White_Space set as twitter-text enumerates it.
SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"

# regexp/invalidCharsGroup.js: characters that make a Tweet invalid.
INVALID = r"\uFFFE\uFEFF\uFFFF"

# regexp/directionalMarkersGroup.js: bidi controls, allowed before a URL.
DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"

# regexp/punct.js: ASCII punctuation (escaped for use inside a class).
PUNCT = r"!'#%&'()*+,\\\-./:;<=>?@\[\]\^_{|}~$"

# regexp/latinAccentChars.js
LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
    r"\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)

# regexp/cyrillicLettersAndMarks.js
CYRILLIC = r"\u0400-\u04FF"

# regexp/atSigns.js and regexp/hashSigns.js (ASCII and full-width forms).
AT_SIGNS = "@\uff20"
HASH_SIGNS = "#\uff03"

# regexp/hashtagSpecialChars.js: non-letters allowed inside a hashtag.
HASHTAG_SPECIAL = (
    r"_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003"
    r"\u0f0b\u0f0c\xb7"
)
