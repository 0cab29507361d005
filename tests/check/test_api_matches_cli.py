"""The Python API is the CLI: the same post gives the same findings and the same plans.

``crosspost.check(path)`` and ``crosspost.adapt(path)`` find the project configuration from the
post's path as the commands do (policy, handle map, default targets, ignored rules, content
root), so a notebook and CI tell one story. Compared on every example post and on generated
posts in a configured repository.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crosspost
from crosspost.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_POSTS = sorted((ROOT / "examples" / "posts").glob("*.*"))


def cli_json(*args: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main([*args, "--format", "json"])
    return json.loads(out.getvalue())


def cli_plans(path: str) -> dict[str, dict[str, Any]]:
    (doc,) = cli_json("plan", path)
    assert doc["error"] is None, doc["error"]
    return {v["target"]: _plan_only(v) for v in doc["variants"]}


def _plan_only(variant: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in variant.items() if k not in ("publishable", "folder")}


def api_plans(path: str) -> dict[str, dict[str, Any]]:
    variants = crosspost.adapt(path)
    return {target: v.plan.model_dump(mode="json") for target, v in variants.items()}


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")


def same_as_cli(path: str) -> None:
    """``check`` judges one post; the CLI adds what the strategy canvas says about the posts
    checked together (item `canvas`), which ``Project.check_paths`` gives too."""
    cli = cli_json("check", path)["findings"]
    assert crosspost.check(path).to_records() == [f for f in cli if f["item"] != "canvas"]
    assert crosspost.Project(start=path).check_paths([path]).to_records() == cli


@pytest.mark.parametrize("post", EXAMPLE_POSTS, ids=lambda p: p.name)
def test_check_api_equals_cli_on_the_examples(post: Path, in_repo: None) -> None:
    same_as_cli(str(post.relative_to(ROOT)))


@pytest.mark.parametrize("post", EXAMPLE_POSTS, ids=lambda p: p.name)
def test_plans_api_equal_cli_on_the_examples(post: Path, in_repo: None) -> None:
    """The example policy and handle map apply in Python too (once, a post was 0 of 6
    publishable from Python and 6 of 6 from the CLI)."""
    path = str(post.relative_to(ROOT))
    assert api_plans(path) == cli_plans(path)


# --- generated posts in a configured repository ----------------------------------------------

CONFIG = """\
include = ["posts/**/*.md"]
policy = "beleid.yaml"
handles = "handles.yaml"
targets = ["x.post", "bluesky.post", "mastodon.post", "instagram.feed"]
ignore = { "language.mismatch" = "de taal is niet te raden in korte teksten" }
"""
POLICY = """\
name: Testgemeente
disabled: [snapchat]
all:
  text:
    max_hashtags: 2
  alt_text:
    required: true
adapt:
  text:
    link_phrase: {nl: "(link in bio)"}
"""
HANDLES = "gemeente:\n  name: Gemeente Test\n  x: \"@gemeentetest\"\n"

words = st.sampled_from(["zon", "wind", "warmte", "subsidie", "isolatie", "buurt", "dak",
                         "energie", "besparen", "Voorbeeldstad", "woning", "huur"])
extras = st.sampled_from(["#zonnepanelen", "#Energie", "@{gemeente}", "@{onbekend}",
                          "https://www.example.org/a/very/long/path/to/a/page", "🌞", "\n\n"])
texts = st.lists(st.one_of(words, words, extras), min_size=1, max_size=90).map(" ".join)
targets = st.one_of(st.none(), st.lists(
    st.sampled_from(["x", "bluesky", "mastodon", "threads.post", "linkedin.post", "snapchat"]),
    min_size=1, max_size=3, unique=True))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    (root / "crosspost.toml").write_text(CONFIG, "utf-8")
    (root / "beleid.yaml").write_text(POLICY, "utf-8")
    (root / "handles.yaml").write_text(HANDLES, "utf-8")
    (root / "posts").mkdir()
    return root


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, chosen=targets)
def test_api_equals_cli_on_generated_posts(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, chosen: list[str] | None
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    front = f"targets: [{', '.join(chosen)}]\n" if chosen else ""
    (repo / "posts" / "gen.md").write_text(f"---\nlanguage: nl\n{front}---\n{text}\n", "utf-8")
    path = "posts/gen.md"
    same_as_cli(path)
    assert api_plans(path) == cli_plans(path)


def test_config_argument_takes_a_file_a_config_or_a_project(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another configuration of the same repository, named instead of found."""
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    (repo / "posts" / "los.md").write_text(
        "---\nlanguage: nl\n---\nZon #een #twee #drie op het dak.\n", "utf-8")
    (repo / "strikt.toml").write_text(
        'targets = ["mastodon.post"]\npolicy = "beleid.yaml"\n', "utf-8")
    post = repo / "posts" / "los.md"
    found = crosspost.check(post)
    assert found.targets == {"los": ("x.post", "bluesky.post", "mastodon.post",
                                     "instagram.feed")}  # crosspost.toml, found from the post
    named = repo / "strikt.toml"
    config = crosspost.load_config(named)
    reports = [crosspost.check(post, config=c)
               for c in (named, str(named), config, crosspost.Project(named))]
    assert all(r == reports[0] for r in reports)
    assert reports[0].targets == {"los": ("mastodon.post",)}
    hashtags = [f for f in reports[0] if f.rule == "text.hashtags" and f.tier == "policy"]
    assert {f.limit for f in hashtags} == {2}  # that configuration's policy applied
