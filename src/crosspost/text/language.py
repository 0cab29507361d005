"""Which language a text is written in, chosen among the languages that can matter.

langdetect ships 55 profiles. Choosing among all of them costs about 0.4 s and 65 MB to load,
and lets a short Dutch text come out as Afrikaans with probability 1.00, where an organisation
writes in two or three languages. crosspost asks it to choose among candidates only: the
declared language, the languages the policy allows, and the policy's `detect_languages`
(default :data:`DEFAULT_CANDIDATES`). Only those profiles are loaded. West Frisian, which
langdetect lacks, comes with crosspost (``profiles/fy``, built by
``tools/build_frisian_profile.py``).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_CANDIDATES", "MIN_LETTERS", "available", "candidates", "canonical", "detect_language",
]

#: Languages a text may be detected as when the policy names none: the languages most used in
#: the European Union and by its largest communities of other languages. Each costs about
#: 5 ms to load.
DEFAULT_CANDIDATES = ("nl", "en", "de", "fr", "es", "it", "pt", "pl", "tr", "ar", "uk")
#: Fewer letters than this (links, mentions and hashtags left out) are too few to tell.
MIN_LETTERS = 40
_OWN_PROFILES = Path(__file__).resolve().parent / "profiles"
#: Tags that name a language langdetect files under another code.
_ALIASES = {"nb": "no", "nn": "no", "zh": "zh-cn"}
_lock = threading.Lock()


def primary(tag: str) -> str:
    """The primary subtag, lower case: ``nl`` for ``nl-BE`` and ``NL_nl``."""
    return tag.replace("_", "-").split("-")[0].lower()


def _langdetect_profiles() -> Path:
    """langdetect's profile folder (its ``PROFILES_DIRECTORY``), found without importing
    langdetect: listing the languages must not load the detector (about 5 ms), which a post
    that declares its language, or is too short to tell, never uses."""
    from importlib.util import find_spec

    spec = find_spec("langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("langdetect is not installed", name="langdetect")
    return Path(next(iter(spec.submodule_search_locations))) / "profiles"


@lru_cache(maxsize=1)
def _profile_files() -> dict[str, Path]:
    folder = _langdetect_profiles()
    files = {name: folder / name for name in os.listdir(folder) if not name.startswith(".")}
    files.update((p.name, p) for p in _OWN_PROFILES.iterdir() if "." not in p.name)
    return files


def available() -> list[str]:
    """Codes of every language that can be detected (langdetect's and crosspost's own)."""
    return sorted(_profile_files())


def canonical(tag: str) -> str:
    """The code langdetect files ``tag`` under: ``no`` for ``nb-NO``, ``nl`` for ``nl-BE``."""
    code = primary(tag)
    return _ALIASES.get(code, code)


def _profile_name(tag: str) -> str | None:
    code = canonical(tag)
    return code if code in _profile_files() else None


def candidates(*groups: Iterable[str]) -> tuple[str, ...]:
    """The detectable languages among ``groups`` (tags in any case), sorted, each once."""
    names = {_profile_name(tag) for group in groups for tag in group}
    return tuple(sorted(name for name in names if name is not None))


@lru_cache(maxsize=8)
def _factory(languages: tuple[str, ...]) -> Any:
    """A langdetect factory holding only ``languages`` (profile names, sorted)."""
    from langdetect.detector_factory import DetectorFactory

    profiles = []
    for name in languages:
        data = json.loads(_profile_files()[name].read_text("utf-8"))
        profiles.append((data["freq"], data["n_words"]))
    factory = DetectorFactory()
    factory.langlist = list(languages)
    factory.word_lang_prob_map = _NgramTable(profiles)
    factory.set_seed(0)  # langdetect samples at random; a fixed seed makes results repeatable
    return factory


class _NgramTable:
    """langdetect's n-gram -> per-language probability table, made per n-gram when asked.

    ``DetectorFactory.add_profile`` fills the table for every n-gram of every profile (about
    12,000 for the default candidates) although a text looks up a few hundred; the detector
    only tests ``in`` and reads ``[]``, so computing an entry on first use gives the same
    numbers (the same expression as ``add_profile``) for a fraction of the work.
    """

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]]) -> None:
        self._profiles = profiles
        self._made: dict[str, list[float]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._made or any(word in freq for freq, _ in self._profiles)

    def __getitem__(self, word: str) -> list[float]:
        made = self._made.get(word)
        if made is not None:
            return made
        if not any(word in freq for freq, _ in self._profiles):
            raise KeyError(word)
        length = len(word)
        made = [1.0 * freq[word] / n_words[length - 1] if word in freq and 1 <= length <= 3
                else 0.0 for freq, n_words in self._profiles]
        self._made[word] = made
        return made


def _plain(text: str) -> str:
    """``text`` without links, mentions (and `@{key}` placeholders) and hashtags, which are
    not written in a language: a post and its variant with handles read alike."""
    from .entities import entity_spans
    from .mentions import PLACEHOLDER

    text = PLACEHOLDER.sub(" ", text)

    parts, last = [], 0
    for start, _, end in entity_spans(text, emoji=False):
        parts.append(text[last:start])
        last = max(last, end)
    parts.append(text[last:])
    return " ".join(parts)


@lru_cache(maxsize=1024)
def detect_language(
    text: str, among: tuple[str, ...] = DEFAULT_CANDIDATES
) -> tuple[str, float] | None:
    """The likeliest of the languages ``among`` and its probability; None when the text is
    too short to tell or none of ``among`` can be detected.

    Cached: the detector is seeded, so a text always gets the same answer, and `plan`
    re-checks the same text once per target.
    """
    languages = candidates(among)
    plain = _plain(text)
    if not languages or sum(c.isalpha() for c in plain) < MIN_LETTERS:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        detector = _factory(languages).create()
        detector.append(plain)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None
    return canonical(str(best.lang)), float(best.prob)
