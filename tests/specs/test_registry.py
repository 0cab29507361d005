"""Precedence: built-ins < user spec folders in order < policy; `extends:`; unknown targets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crosspost.cli import main
from crosspost.errors import SpecError, UnknownTargetError
from crosspost.specs.platform import FormatSpec, iter_source_refs
from crosspost.specs.registry import SpecRegistry, load_specs

WriteFile = Callable[..., Path]


def value(fmt: FormatSpec, dotted: str) -> Any:
    """The value at ``tier.block.field`` of a resolved format, or None where nothing is set."""
    node: Any = fmt
    for part in dotted.split("."):
        if node is None:
            return None
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return None if node is None else node.value


def graphemes(specs: SpecRegistry, target: str) -> int:
    text = specs.resolve(target).limits.text
    assert text is not None
    return int(text.max_length["graphemes"].value)


@pytest.fixture(scope="module")
def builtins() -> SpecRegistry:
    return load_specs()


def test_a_user_folder_replaces_a_bundled_platform_whole(
    builtins: SpecRegistry, write: WriteFile, demo_spec: str
) -> None:
    pid = next(iter(builtins.platforms))
    path = write(f"mine/{pid}.yaml", demo_spec.replace("id: demo", f"id: {pid}"), dedent=False)
    specs = load_specs([path.parent])
    assert specs.origins[pid] == str(path)
    assert specs.platforms[pid].name == "Demo"
    # Replaced whole: only the user file's formats remain, with its numbers.
    assert [t for t in specs.targets() if t.startswith(f"{pid}.")] == [f"{pid}.post", f"{pid}.reel"]
    assert graphemes(specs, f"{pid}.post") == 500
    # The other bundled platforms are still there.
    assert set(builtins.platforms) <= set(specs.platforms)


def test_later_user_folders_win(write: WriteFile, demo_spec: str) -> None:
    first = write("one/demo.yaml", demo_spec.replace("name: Demo", "name: First"), dedent=False)
    second = write("two/demo.yaml", demo_spec.replace("name: Demo", "name: Second"), dedent=False)
    assert load_specs([first.parent, second.parent]).platforms["demo"].name == "Second"
    assert load_specs([second.parent, first.parent]).platforms["demo"].name == "First"


def test_policy_comes_last(write: WriteFile, demo_spec: str) -> None:
    folder = write("specs/demo.yaml", demo_spec, dedent=False).parent
    policy = write("policy.yaml", "platforms:\n  demo:\n    text: {max_hashtags: 10}\n")
    fmt = load_specs([folder], policy).resolve("demo.post")
    assert value(fmt, "policy.text.max_hashtags") == 10
    assert value(fmt, "limits.text.max_hashtags") == 30


GOV = """\
id: demo-gov
name: Demo (government instance)
extends: demo
verified: "2026-02-01"
sources:
  gov-about: {url: https://gov.example.org/about, title: About this instance, kind: primary}
formats:
  post:
    limits:
      text:
        max_length: {graphemes: {value: 1000, source: gov-about}}
"""


@pytest.mark.parametrize("layout", ["one folder", "two folders"])
def test_extends_derives_an_instance_with_its_own_limit(
    write: WriteFile, demo_spec: str, layout: str
) -> None:
    base = write("base/demo.yaml", demo_spec, dedent=False)
    gov = write(("base" if layout == "one folder" else "inst") + "/gov.yaml", GOV, dedent=False)
    specs = load_specs(dict.fromkeys([base.parent, gov.parent]), builtin=False)
    assert graphemes(specs, "demo-gov.post") == 1000
    assert graphemes(specs, "demo.post") == 500  # the base is not changed
    derived = specs.platforms["demo-gov"]
    assert derived.name == "Demo (government instance)"
    assert str(derived.verified) == "2026-02-01"
    assert {"docs", "blog", "gov-about"} <= set(derived.sources)
    # Everything the instance does not say is the base's.
    post = specs.resolve("demo-gov")
    assert post.id == "demo-gov.post"
    assert value(post, "limits.text.max_hashtags") == 30
    assert value(post, "limits.images.max_count") == 4
    assert "demo-gov.reel" in specs.targets()
    assert specs.origins["demo-gov"] == str(gov)


def test_extends_a_bundled_platform(builtins: SpecRegistry, write: WriteFile) -> None:
    pid = next(iter(builtins.platforms))
    instance = (
        f"id: {pid}-inst\nname: Instance\nextends: {pid}\n"
        'verified: "2026-02-01"\nnote: same limits, own name\n'
    )
    specs = load_specs([write("inst/i.yaml", instance).parent])
    own = {t.split(".", 1)[1] for t in specs.targets() if t.startswith(f"{pid}-inst.")}
    base = {t.split(".", 1)[1] for t in specs.targets() if t.startswith(f"{pid}.")}
    assert own == base


def test_extends_an_unknown_platform(write: WriteFile) -> None:
    path = write("inst/gov.yaml", GOV)
    with pytest.raises(SpecError) as caught:
        load_specs([path.parent], builtin=False)
    err = caught.value
    assert (err.path, err.line, err.field) == (str(path), 3, "extends")
    assert "unknown platform 'demo'" in str(err)


def test_extends_cycle(write: WriteFile, capsys: pytest.CaptureFixture[str]) -> None:
    a = GOV.replace("id: demo-gov", "id: aa").replace("extends: demo", "extends: bb")
    b = GOV.replace("id: demo-gov", "id: bb").replace("extends: demo", "extends: aa")
    write("cyc/a.yaml", a, dedent=False)
    folder = write("cyc/b.yaml", b, dedent=False).parent
    with pytest.raises(SpecError, match="cycle") as caught:
        load_specs([folder], builtin=False)
    assert caught.value.field == "extends"
    assert caught.value.line == 3
    assert main(["specs", "list", "--spec-dir", str(folder)]) == 2
    assert "cycle" in capsys.readouterr().err


def test_extends_itself(write: WriteFile) -> None:
    path = write("cyc/a.yaml", GOV.replace("extends: demo", "extends: demo-gov"), dedent=False)
    with pytest.raises(SpecError, match="cycle"):
        load_specs([path.parent], builtin=False)


def test_an_instance_needs_its_own_id(write: WriteFile, demo_spec: str) -> None:
    write("s/demo.yaml", demo_spec, dedent=False)
    path = write("s/gov.yaml", GOV.replace("id: demo-gov\n", ""), dedent=False)
    with pytest.raises(SpecError, match="own `id`") as caught:
        load_specs([path.parent], builtin=False)
    assert caught.value.path == str(path)


def test_unknown_target_suggests_close_matches(
    builtins: SpecRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    target = "instagram.reel" if "instagram.reel" in builtins.targets() else builtins.targets()[0]
    typo = target + target[-1]  # instagram.reell
    with pytest.raises(UnknownTargetError) as caught:
        builtins.resolve(typo)
    assert target in caught.value.suggestions
    assert f"did you mean {target}" in str(caught.value)
    assert main(["specs", "show", typo]) == 2
    err = capsys.readouterr().err
    assert f"unknown target '{typo}'" in err
    assert f"did you mean {target}" in err
    with pytest.raises(UnknownTargetError) as nothing:
        builtins.resolve("zzzzzzzz")
    assert nothing.value.suggestions == []
    assert "did you mean" not in str(nothing.value)


def test_targets_normalise(write: WriteFile, demo_spec: str) -> None:
    specs = load_specs([write("s/demo.yaml", demo_spec, dedent=False).parent], builtin=False)
    assert specs.targets() == ["demo.post", "demo.reel"]
    assert specs.normalise("demo") == "demo.post"  # the default format
    assert specs.normalise(" Demo.Reel ") == "demo.reel"
    assert specs.platform_of("demo.reel").id == "demo"
    assert specs.resolve("demo.reel").platform == "demo"


def refs_of(specs: SpecRegistry, pid: str) -> dict[str, list[str]]:
    return {".".join(map(str, path)): refs
            for path, refs in iter_source_refs(specs.platforms[pid])}


def test_extends_keeps_the_sources_of_the_values_it_inherits(
    write: WriteFile, demo_spec: str
) -> None:
    # The instance puts its own source on the format: only the values it sets come from it.
    gov = GOV.replace(
        "  post:\n    limits:", "  post:\n    source: gov-about\n    limits:"
    ).replace("{value: 1000, source: gov-about}", "1000")
    write("s/demo.yaml", demo_spec.replace(
        "max_hashtags: 30", "max_hashtags: {value: 30, note: from the base}"), dedent=False)
    folder = write("s/gov.yaml", gov, dedent=False).parent
    specs = load_specs([folder], builtin=False)
    refs = refs_of(specs, "demo-gov")
    assert refs["formats.post.limits.text.max_length.graphemes"] == ["gov-about"]
    assert refs["formats.post.limits.text.max_hashtags"] == ["docs"]
    assert refs["formats.post.limits.images.max_count"] == ["docs"]
    assert refs["formats.reel.limits.video.min_aspect"] == ["docs"]
    assert refs_of(specs, "demo") == {
        key.replace("demo-gov", "demo"): ids for key, ids in refs.items()
    } | {"formats.post.limits.text.max_length.graphemes": ["docs"]}


def test_an_instance_value_replaces_the_base_value_whole(write: WriteFile, demo_spec: str) -> None:
    write("s/demo.yaml", demo_spec.replace(
        "max_hashtags: 30", "max_hashtags: {value: 30, note: base note, confidence: low}"),
        dedent=False)
    gov = GOV.replace(
        "        max_length: {graphemes: {value: 1000, source: gov-about}}\n",
        "        max_hashtags: {value: 10, source: gov-about}\n",
    )
    specs = load_specs([write("s/gov.yaml", gov, dedent=False).parent], builtin=False)
    text = specs.resolve("demo-gov.post").limits.text
    assert text is not None
    assert text.max_hashtags is not None
    assert (text.max_hashtags.value, text.max_hashtags.note) == (10, None)
    assert text.max_hashtags.confidence is None
    assert text.max_length["graphemes"].value == 500


def test_an_instance_value_needs_a_source_in_the_instance_file(
    write: WriteFile, demo_spec: str
) -> None:
    # Without one, the number would silently be credited to the base platform's documents.
    write("s/demo.yaml", demo_spec, dedent=False)
    gov = GOV.replace("{value: 1000, source: gov-about}", "1000")
    path = write("s/gov.yaml", gov, dedent=False)
    with pytest.raises(SpecError, match="names no source in that file") as caught:
        load_specs([path.parent], builtin=False)
    err = caught.value
    assert err.path == str(path)
    assert err.line == gov.splitlines().index("        max_length: {graphemes: 1000}") + 1
    assert err.field == "formats.post.limits.text.max_length.graphemes"
