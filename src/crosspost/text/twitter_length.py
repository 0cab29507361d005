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

import re
import unicodedata

from .emoji import emoji_spans
from .urls import url_spans

__all__ = ["MAX_WEIGHTED_LENGTH", "twitter_weighted_length"]

MAX_WEIGHTED_LENGTH = 280  # config v3 maxWeightedTweetLength
_SCALE = 100
_DEFAULT_WEIGHT = 200
_URL_WEIGHT = 23 * _SCALE  # transformedURLLength
# config v3 "ranges", each weight 100: Latin-1 .. Georgian (0-4351), general punctuation
# (8192-8205), quotes (8208-8223) and primes (8242-8247); the rest weighs 200.


# Code points outside the light ranges weigh the default 200.
_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def _plain_weight(text: str) -> int:
    """Weight of text without URLs or emoji: 100 per code point, 200 outside the ranges."""
    if text.isascii():
        return len(text) * 100
    return (2 * len(text) - len(_HEAVY.sub("", text))) * 100


def twitter_weighted_length(text: str) -> int:
    """``parseTweet(text).weightedLength`` (config v3): what X compares with 280."""
    normalized = unicodedata.normalize("NFC", text)
    # One list by start; URLs (0) before emoji (1) starting at the same index, as in
    # parseTweet.js. Both lists are sorted already, so the sort is a linear merge.
    entities = sorted([(start, 0, end) for start, end in url_spans(normalized)]
                      + [(start, 1, end) for start, end in emoji_spans(normalized)])
    weights = (_URL_WEIGHT, _DEFAULT_WEIGHT)
    total = 0
    i = 0
    plain: list[str] = []  # the text between entities, weighed in one pass at the end
    for start, kind, end in entities:
        if start < i:
            continue  # inside a URL or emoji already counted, as parseTweet skips it
        plain.append(normalized[i:start])
        total += weights[kind]
        i = end
    plain.append(normalized[i:])
    return (total + _plain_weight("".join(plain))) // _SCALE
