"""Validated specs kept between runs are never stale, and an entry can never run code."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.cli import main
from crosspost.specs import loader, spec_cache
from crosspost.specs.registry import load_specs

WriteFile = Callable[..., Path]


CACHE = Path("cache")  # the user's cache folder, relative to each test's own folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / CACHE))
    monkeypatch.delenv("CROSSPOST_CACHE", raising=False)
    return tmp_path / CACHE / f"specs-v{spec_cache.SCHEMA}"


@pytest.fixture
def spec_dir(write: WriteFile, demo_spec: str) -> Path:
    return write("specs/demo.yaml", demo_spec, dedent=False).parent


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the layers validated (``build_platforms`` calls): none on a cache hit."""
    calls: list[int] = []
    real = loader.build_platforms

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("crosspost.specs.registry.build_platforms", counted)
    return calls


def max_length(spec_dir: Path, policy: Path | None = None) -> int:
    """The policy's text length for demo.post, else the platform's (in graphemes)."""
    fmt = load_specs([spec_dir], policy, cache=CACHE).resolve("demo.post")
    for tier in (fmt.policy, fmt.limits):
        limit = tier.text.max_length if tier is not None and tier.text else None
        if limit is not None:
            return int(limit["graphemes"].value)
    raise AssertionError("no text length")


def test_a_second_load_validates_nothing_and_gives_the_same_specs(
    cache: Path, spec_dir: Path, validations: list[int]
) -> None:
    first = load_specs([spec_dir], cache=CACHE)
    assert len(validations) == 2  # the bundled layer and the folder
    assert len(list(cache.glob("*.pickle"))) == 1
    second = load_specs([spec_dir], cache=CACHE)
    assert len(validations) == 2, "the second load validated again"
    assert second.platforms == first.platforms
    assert second.origins == first.origins
    assert second.fingerprint == first.fingerprint is not None
    assert load_specs([spec_dir]).platforms == first.platforms  # as without the cache


def test_an_edited_spec_file_is_read_again(cache: Path, spec_dir: Path,
                                           validations: list[int]) -> None:
    assert max_length(spec_dir) == 500
    demo = spec_dir / "demo.yaml"
    text = demo.read_text("utf-8")
    demo.write_text(text.replace("graphemes: 500", "graphemes: 480"), "utf-8")
    os.utime(demo, ns=(1, 1))  # even with the old time: the key holds the bytes
    assert max_length(spec_dir) == 480
    demo.write_text(text, "utf-8")
    assert max_length(spec_dir) == 500  # and back: the first entry again
    assert len(validations) == 4  # two layers, twice; the last load was a hit


def test_a_new_spec_file_in_a_folder_is_seen(cache: Path, spec_dir: Path,
                                             demo_spec: str) -> None:
    assert "other" not in load_specs([spec_dir], cache=CACHE).platforms
    (spec_dir / "other.yaml").write_text(
        demo_spec.replace("id: demo", "id: other").replace("name: Demo", "name: Other"), "utf-8")
    assert "other" in load_specs([spec_dir], cache=CACHE).platforms


def test_the_policy_is_applied_on_every_load(cache: Path, spec_dir: Path,
                                             write: WriteFile) -> None:
    policy = write("policy.yaml", """\
        name: Gemeente
        platforms:
          demo:
            text:
              max_length: {graphemes: 280}
        """)
    assert max_length(spec_dir) == 500
    assert max_length(spec_dir, policy) == 280
    policy.write_text(policy.read_text("utf-8").replace("280", "260"), "utf-8")
    assert max_length(spec_dir, policy) == 260


@pytest.mark.parametrize("change", ["version", "code"])
def test_another_crosspost_misses(cache: Path, spec_dir: Path, validations: list[int],
                                  monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    load_specs([spec_dir], cache=CACHE)
    if change == "version":
        monkeypatch.setattr(spec_cache, "__version__", "999.0")
    else:  # an edited module of crosspost, as a checkout under development has
        real = spec_cache._code_stamp
        monkeypatch.setattr(spec_cache, "_code_stamp", lambda: real() + "edited")
    load_specs([spec_dir], cache=CACHE)
    assert len(validations) == 4
    assert len(list(cache.glob("*.pickle"))) == 2


def test_an_entry_cannot_run_code(cache: Path, spec_dir: Path, tmp_path: Path,
                                  validations: list[int]) -> None:
    """A pickle that calls a function (here: one that writes a file) is refused, not run."""
    key = spec_cache._key([loader.builtin_spec_dir(), spec_dir])
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, ...]:
            return (Path.touch, (marker,))

    cache.mkdir(parents=True)
    (cache / f"{key}.pickle").write_bytes(pickle.dumps(({"demo": Payload()}, {})))
    specs = load_specs([spec_dir], cache=CACHE)
    assert not marker.exists()
    assert "demo" in specs.platforms
    assert len(validations) == 2  # the entry was a miss and was written again
    assert load_specs([spec_dir], cache=CACHE).platforms == specs.platforms
    assert len(validations) == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(({"demo": 1}, {})),
                                     pickle.dumps("text")])
def test_a_damaged_entry_is_a_miss(cache: Path, spec_dir: Path, content: bytes) -> None:
    key = spec_cache._key([loader.builtin_spec_dir(), spec_dir])
    cache.mkdir(parents=True)
    (cache / f"{key}.pickle").write_bytes(content)
    assert "demo" in load_specs([spec_dir], cache=CACHE).platforms


def test_no_cache_writes_nothing(cache: Path, spec_dir: Path, write: WriteFile,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    post = write("post.md", "---\nid: p\nlanguage: nl\ntargets: [x.post]\n---\nHallo\n")
    monkeypatch.chdir(post.parent)
    main(["check", "--no-cache", str(post)])
    assert not cache.exists()
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    main(["check", str(post)])
    assert not cache.exists()
    monkeypatch.delenv("CROSSPOST_CACHE")
    main(["check", str(post)])  # the CLI keeps them otherwise
    assert len(list(cache.glob("*.pickle"))) == 1


POLICY = """\
    name: Gemeente
    platforms:
      demo:
        text:
          max_length: {graphemes: 280}
    """


def test_a_validated_policy_is_kept_with_the_specs(
    cache: Path, spec_dir: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load validates and applies the policy no more, and gives the same registry,
    with the policy's lines for messages."""
    from crosspost.specs import policy as policy_module

    policy = write("policy.yaml", POLICY)
    validated: list[Path] = []
    real = policy_module.policy_of

    def counted(doc: object) -> object:
        validated.append(Path(str(getattr(doc, "path", ""))))
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(policy_module, "policy_of", counted)
    first = load_specs([spec_dir], policy, cache=CACHE)
    second = load_specs([spec_dir], policy, cache=CACHE)
    assert len(validated) == 1, "the second load validated the policy again"
    assert len(list(cache.glob("policy-*.pickle"))) == 1
    plain = load_specs([spec_dir], policy)  # without the cache
    assert second.platforms == first.platforms == plain.platforms
    assert second.policy == first.policy == plain.policy
    assert second.policy is not None
    assert second.policy.path == str(policy)
    assert second.policy.line_of(("platforms", "demo", "text")) == 4
    assert max_length(spec_dir, policy) == 280


def test_a_policy_that_loosens_a_limit_fails_on_every_load(
    cache: Path, spec_dir: Path, write: WriteFile
) -> None:
    from crosspost.errors import PolicyError

    policy = write("policy.yaml", POLICY.replace("280", "900"))
    for _ in range(2):
        with pytest.raises(PolicyError, match="never loosen"):
            load_specs([spec_dir], policy, cache=CACHE)
    assert not list(cache.glob("policy-*.pickle"))


def test_a_cached_policy_fails_once_its_detect_language_has_no_profile(
    cache: Path, spec_dir: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached policy is keyed by the detectable languages: with a language's profile gone
    (langdetect upgraded, crosspost's own profile removed), a policy naming it in
    `detect_languages` is validated again and refused, never served from the cache."""
    from crosspost.errors import PolicyError
    from crosspost.text import language

    policy = write("policy.yaml", "detect_languages: [nl, fy]\n")
    load_specs([spec_dir], policy, cache=CACHE)
    assert len(list(cache.glob("policy-*.pickle"))) == 1
    without_frisian = {k: v for k, v in language._profile_files().items() if k != "fy"}
    monkeypatch.setattr(language, "_profile_files", lambda: without_frisian)
    with pytest.raises(PolicyError, match="no language profile for 'fy'"):
        load_specs([spec_dir], policy, cache=CACHE)
