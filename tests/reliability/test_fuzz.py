"""Fuzzing: no exception escapes the loader or the text functions except the documented ones.

* ``load_item`` on any bytes, any YAML-ish text and any structure of post fields raises only
  ``InputError`` subclasses (``PostError``, ``PathEscapeError``, ``MediaError``); a post it
  accepts can be checked and planned for its targets without any other exception
  (``UnknownTargetError`` is the documented one for a target that does not exist).
* The text functions take any Unicode text: counting, entities, sentences and graphemes never
  raise; ``fit`` always meets its limits; ``split_thread`` meets them or raises ``ValueError``.

Budgets are small (CI runs this on every push; ``RELIABILITY_FUZZ_EXAMPLES`` raises them) and
the examples database is off, so a run writes nothing into the working tree.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import crosspost
from crosspost.content.load import load_item
from crosspost.errors import InputError, UnknownTargetError
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import SpecRegistry, load_specs
from crosspost.text import (
    CountMethod,
    count,
    entities,
    extract_emoji,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    fit,
    grapheme_count,
    graphemes,
    mastodon_length,
    sentences,
    split_thread,
    strip_trailing_hashtags,
    twitter_weighted_length,
    utf16_length,
)

pytestmark = pytest.mark.reliability

#: ``RELIABILITY_FUZZ_EXAMPLES=5000`` for a deeper run than CI's.
FUZZ = settings(max_examples=int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "120")),
                deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ------------------------------------------------------------------------ strategies

#: Characters that stress parsers: YAML syntax, controls, BOM, bidi, joiners, marks, CJK.
NASTY = [*":-?&*!|>'\"%@`#,[]{}\t\r\n\x00\x85\u2028\ufeff\u200d\u200e\u202e\u0301\ufe0f",
         "\U0001f468", "\U0001f1f3", "日本語", "---", "...", "<<", "~", "0o17", "012", "12:30",
         "NO", "yes", "null", ".inf", "1e999", "!!binary", "&a", "*a", "? ", "- "]
text_chars = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), text_chars), max_size=25).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True), text_chars, nasty_text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(text_chars, inner, max_size=4)), max_leaves=12)
FIELDS = ["id", "text", "title", "language", "targets", "media", "overrides", "goal",
          "ai_generated", "ignore", "approved_by", "audience"]
MEDIA_FIELDS = ["path", "type", "alt", "focus", "captions", "trim", "reframe"]
TARGETS = ["x.post", "mastodon.post", "instagram.feed", "linkedin.post", "x.psot", "", "x"]
media_items = st.fixed_dictionaries({}, optional={
    name: st.one_of(values, st.sampled_from(["a.jpg", "../a.jpg", "/etc/passwd", "a\0.jpg",
                                             "media/", ".", "clip.mp4", "a.srt"]))
    for name in MEDIA_FIELDS})
posts = st.fixed_dictionaries({}, optional={
    **dict.fromkeys(FIELDS, values),
    "text": st.one_of(nasty_text, values),
    "targets": st.one_of(st.lists(st.sampled_from(TARGETS), max_size=3), values),
    "media": st.one_of(st.lists(media_items, max_size=2), values),
    "language": st.one_of(st.sampled_from(["nl", "en", "NO", "zz-ZZ", ""]), values),
})

#: Posts of the right shape with nasty values: most of them load, and then reach the verbs.
plausible = st.fixed_dictionaries({"text": nasty_text}, optional={
    "id": st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True),
    "title": nasty_text,
    "language": st.sampled_from(["nl", "en", "de", "zz", "nl-BE"]),
    "targets": st.lists(st.sampled_from(TARGETS[:5]), max_size=3),
    "media": st.lists(st.fixed_dictionaries({"path": st.sampled_from(["a.jpg", "media/b.png"])},
                                            optional={"alt": nasty_text,
                                                      "focus": st.lists(st.floats(0, 1),
                                                                        min_size=2, max_size=2)}),
                      max_size=2),
    "ai_generated": st.booleans(),
    "goal": nasty_text,
    "ignore": st.dictionaries(st.sampled_from(["text.length", "hashtags.count"]), nasty_text,
                              max_size=2),
    "overrides": st.dictionaries(st.sampled_from(TARGETS[:3]), nasty_text, max_size=2),
})


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _mutate(text: str, data: st.DataObject) -> str:
    """Cut, splice or duplicate a slice: valid YAML made slightly invalid."""
    if not text:
        return text
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    how = data.draw(st.sampled_from(["cut", "splice", "dup", "none"]))
    if how == "cut":
        return text[:i] + text[j:]
    if how == "splice":
        return text[:i] + data.draw(nasty_text) + text[j:]
    return text[:j] + text[i:j] + text[j:] if how == "dup" else text


@st.composite
def post_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """``(suffix, content)`` of a post file: raw bytes, YAML, or Markdown with front matter."""
    kind = draw(st.sampled_from(["bytes", "yaml", "markdown", "text", "plausible",
                                 "plausible"]))
    if kind == "bytes":
        return draw(st.sampled_from([".md", ".yaml"])), draw(st.binary(max_size=600))
    if kind == "text":
        return draw(st.sampled_from([".md", ".yml"])), draw(nasty_text).encode(
            "utf-8", "surrogatepass")
    if kind == "plausible":
        fields = draw(plausible)
        body = _dump({k: v for k, v in fields.items() if k != "text"})
        return ".md", f"---\n{body}---\n{fields['text']}\n".encode("utf-8", "surrogatepass")
    body = _dump(draw(posts))
    body = _mutate(body, draw(st.data()))
    if kind == "yaml":
        return ".yaml", body.encode("utf-8", "surrogatepass")
    text = draw(nasty_text)
    return ".md", f"---\n{body}---\n{text}\n".encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------------------ loader


@pytest.fixture(scope="module")
def specs() -> SpecRegistry:
    return load_specs()


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    # Module-scoped (hypothesis reruns the test body, not function fixtures): one content
    # root with a few real files for the media paths to find.
    with tempfile.TemporaryDirectory(prefix="crosspost-fuzz-") as folder:
        base = Path(folder)
        (base / "crosspost.toml").write_text("")
        (base / "media").mkdir()
        (base / "a.jpg").write_bytes(b"")
        (base / "media" / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (base / "a.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nx\n")
        yield base


@FUZZ
@given(post_files())
def test_loader_raises_only_input_errors(root: Path, specs: SpecRegistry,
                                         post: tuple[str, bytes]) -> None:
    suffix, content = post
    path = root / f"post{suffix}"
    path.write_bytes(content)
    try:
        item = load_item(path, root=root)
    except InputError as exc:
        error: InputError | None = exc
    else:
        error = None
    if error is not None:
        assert error.path is not None  # the message names the file
        event("refused")
        return
    event("loaded")
    # What the loader accepts, the verbs handle: only documented errors come out.
    prober = FakeProber()
    try:
        crosspost.check(item, specs=specs, prober=prober)
        crosspost.adapt(item, specs=specs, prober=prober)
    except UnknownTargetError:
        pass


# -------------------------------------------------------------------------------- text

any_text = st.one_of(st.text(max_size=300), nasty_text,
                     st.lists(st.sampled_from([*NASTY, "https://example.org/a?b=c", "#tag",
                                               "@user@example.social", "www.nu.nl", ". ", "! ",
                                               "\n\n"]), max_size=60).map("".join))
limits = st.dictionaries(st.sampled_from(list(CountMethod)), st.integers(0, 120), min_size=1,
                         max_size=3)


@FUZZ
@given(any_text)
def test_measuring_and_finding_never_raise(text: str) -> None:
    for method in CountMethod:
        assert count(text, method) >= 0
    assert twitter_weighted_length(text) >= 0
    assert mastodon_length(text) >= 0
    assert utf16_length(text) >= len(text)
    assert "".join(graphemes(text)) == text
    assert grapheme_count(text) == len(graphemes(text))
    for found in (entities(text), extract_urls(text), extract_hashtags(text),
                  extract_mentions(text), extract_emoji(text)):
        for entity in found:
            assert text[entity.start:entity.end] == entity.text
    assert all(part in text for part in sentences(text))
    body, tags = strip_trailing_hashtags(text)
    assert text.startswith(body.rstrip(",; \t\n\r")) or not tags


@FUZZ
@given(any_text, limits)
def test_fit_always_meets_its_limits(text: str, wanted: dict[CountMethod, int]) -> None:
    result = fit(text, wanted)
    for method, maximum in wanted.items():
        assert count(result.text, method) <= maximum


@FUZZ
@given(any_text, limits, st.booleans())
def test_split_thread_meets_its_limits_or_says_why(
    text: str, wanted: dict[CountMethod, int], numbering: bool
) -> None:
    try:
        parts = split_thread(text, wanted, numbering=numbering)
    except ValueError as exc:  # documented: an entity or grapheme longer than a limit
        if "cannot fit" not in str(exc):
            raise
        return
    for part in parts:
        for method, maximum in wanted.items():
            assert count(part, method) <= maximum
