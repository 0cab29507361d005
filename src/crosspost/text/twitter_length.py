"""X's weighted length: twitter-text v3 ``parseTweet(text).weightedLength``.

Port of js/src/parseTweet.js and lib/getCharacterWeight.js of twitter-text 3.1.0 with
``configs.version3`` (config/v3.json): the text is NFC-normalised, every URL twitter-text
extracts (with or without scheme) weighs ``transformedURLLength`` (23) x ``scale``, every
emoji sequence weighs ``defaultWeight`` (200) once, and any other code point weighs 100 if it
lies in one of the cheap ranges (Latin and most alphabetic scripts, some punctuation) and 200
otherwise (CJK, most symbols, astral characters). The result is divided by ``scale`` (100):
280 is the limit of a standard account.

twitter-text walks UTF-16 code units and skips the low half of a surrogate pair; weighing
the code point instead gives the same number because every range lies in the BMP.
"""

from __future__ import annotations

import unicodedata

from .emoji import emoji_spans
from .urls import url_spans

__all__ = ["MAX_WEIGHTED_LENGTH", "twitter_weighted_length"]

MAX_WEIGHTED_LENGTH = 280  # config v3 maxWeightedTweetLength
_SCALE = 100
_DEFAULT_WEIGHT = 200
_URL_WEIGHT = 23 * _SCALE  # transformedURLLength
# config v3 "ranges", each weight 100: Latin-1 .. Georgian, general punctuation, quotes.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _weight(code_point: int) -> int:
    for low, high in _LIGHT_RANGES:
        if low <= code_point <= high:
            return 100
    return _DEFAULT_WEIGHT


def twitter_weighted_length(text: str) -> int:
    """``parseTweet(text).weightedLength`` (config v3): what X compares with 280."""
    normalized = unicodedata.normalize("NFC", text)
    urls = dict(url_spans(normalized))
    emoji = dict(emoji_spans(normalized))
    total = 0
    i = 0
    while i < len(normalized):
        # URLs take precedence over emoji starting at the same index, as in parseTweet.js.
        if i in urls:
            total += _URL_WEIGHT
            i = urls[i]
        elif i in emoji:
            total += _DEFAULT_WEIGHT
            i = emoji[i]
        else:
            total += _weight(ord(normalized[i]))
            i += 1
    return total // _SCALE
