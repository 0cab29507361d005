"""`adapt(..., out=dir)`: the variant folders, their manifests, and what is never touched.

Media are planned as byte-for-byte copies (``copy_media``), so these tests need no image or
video renderer; the platform is the plan test platform `p` (tests/plan/spec).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from example_campaign import MEDIA

from crosspost import adapt
from crosspost.content.load import load_item
from crosspost.errors import OutputError
from crosspost.media.facts import ImageFacts
from crosspost.media.prober import FakeProber
from crosspost.output.atomic import TEMP_PREFIX
from crosspost.output.manifest import Manifest
from crosspost.specs.registry import SpecRegistry

Specs = Callable[..., SpecRegistry]
LONG = " ".join(f"Zin nummer {i} gaat over isolatie en subsidie." for i in range(1, 6))
THREAD_POST = f"---\nid: lang\ntargets: [p.post]\n---\n{LONG}\n"
PHOTO_POST = """\
---
id: foto
language: nl
targets: [p.post, p.caption]
media:
  - path: media/foto.jpg
    alt: Een rij huizen met zonnepanelen
---
Kijk op https://www.voorbeeldstad.nl/dakscan wat jouw dak oplevert.

#zonnepanelen #wonen
"""

pytestmark = pytest.mark.usefixtures("copy_media")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "posts" / "media").mkdir(parents=True)
    (root / "crosspost.toml").write_text("", "utf-8")
    (root / "posts" / "lang.md").write_text(THREAD_POST, "utf-8")
    (root / "posts" / "foto.md").write_text(PHOTO_POST, "utf-8")
    shutil.copyfile(MEDIA / "zonnepanelen.jpg", root / "posts" / "media" / "foto.jpg")
    return root


@pytest.fixture
def prober(content: Path) -> FakeProber:
    photo = (content / "posts" / "media" / "foto.jpg").resolve()
    return FakeProber({photo: ImageFacts(path=str(photo), format="JPEG", width=1600,
                                         height=1200, bytes=photo.stat().st_size)})


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _adapt(content: Path, name: str, out: Path, specs: SpecRegistry, prober: FakeProber,
           ) -> list[Manifest]:
    item = load_item(content / "posts" / name)
    result = adapt(item, out=out, specs=specs, prober=prober)
    manifests = [v.manifest for v in result.values()]
    assert all(m is not None for m in manifests)
    return [m for m in manifests if m is not None]


def test_layout_and_manifest(content: Path, tmp_path: Path, p_specs: Specs,
                             prober: FakeProber) -> None:
    out = tmp_path / "out"
    specs = p_specs()
    _adapt(content, "lang.md", out, specs, prober)
    _adapt(content, "foto.md", out, specs, prober)
    listed = sorted(str(p.relative_to(out)) for p in out.rglob("*")
                    if p.is_file() and p.name != ".crosspost.lock")
    assert listed == [
        "foto/p.caption/01-foto.jpg", "foto/p.caption/first_comment.txt",
        "foto/p.caption/manifest.json", "foto/p.caption/post.txt",
        "foto/p.post/01-foto.jpg", "foto/p.post/manifest.json", "foto/p.post/post.txt",
        "lang/p.post/manifest.json", "lang/p.post/thread/01.txt", "lang/p.post/thread/02.txt",
        "lang/p.post/thread/03.txt",
    ]
    caption = (out / "foto" / "p.caption" / "post.txt").read_text("utf-8")
    assert caption == "Kijk op (link in bio) wat jouw dak oplevert."
    assert (out / "foto" / "p.caption" / "first_comment.txt").read_text("utf-8") == (
        "#zonnepanelen #wonen")
    source = (content / "posts" / "media" / "foto.jpg").read_bytes()
    assert (out / "foto" / "p.post" / "01-foto.jpg").read_bytes() == source


def test_manifest_validates_and_hashes_every_file(content: Path, tmp_path: Path,
                                                  p_specs: Specs, prober: FakeProber) -> None:
    out = tmp_path / "out"
    returned = {m.target: m for m in _adapt(content, "foto.md", out, p_specs(), prober)}
    assert set(returned) == {"p.post", "p.caption"}
    for target, expected in returned.items():
        folder = out / "foto" / target
        manifest = Manifest.model_validate_json((folder / "manifest.json").read_bytes())
        assert manifest == expected
        assert manifest.item == "foto"
        assert manifest.source_path is not None
        assert manifest.source_path.endswith("foto.md")
        on_disk = {f: p for f, p in _hashes(folder).items()
                   if f not in {"manifest.json", ".crosspost.lock"}}
        assert {f.path: f.sha256 for f in manifest.files} == on_disk
        for entry in manifest.files:
            assert (folder / entry.path).stat().st_size == entry.bytes
        media = [f for f in manifest.files if f.role == "media"]
        assert [(f.source, f.alt) for f in media] == [
            ("media/foto.jpg", "Een rij huizen met zonnepanelen")]
    caption = Manifest.model_validate_json((out / "foto" / "p.caption" / "manifest.json")
                                           .read_bytes())
    assert caption.links == ["https://www.voorbeeldstad.nl/dakscan"]
    assert caption.first_comment == "#zonnepanelen #wonen"
    assert [c.step for c in caption.history][:2] == ["links.replace", "hashtags.first_comment"]
    assert caption.publishable
    raw = json.loads((out / "foto" / "p.caption" / "manifest.json").read_text("utf-8"))
    assert raw["manifest_version"] == 1


def test_thread_manifest_lists_the_parts(content: Path, tmp_path: Path, p_specs: Specs,
                                         prober: FakeProber) -> None:
    out = tmp_path / "out"
    (manifest,) = _adapt(content, "lang.md", out, p_specs(), prober)
    assert [f.path for f in manifest.files] == ["thread/01.txt", "thread/02.txt",
                                                "thread/03.txt"]
    assert all(f.role == "thread" for f in manifest.files)
    for index, part in enumerate(manifest.thread, 1):
        text = (out / "lang" / "p.post" / "thread" / f"{index:02d}.txt").read_text("utf-8")
        assert text == part  # exactly the part: no newline to paste
    assert manifest.text == manifest.thread[0]


def test_rerun_on_unchanged_input_rewrites_nothing(content: Path, tmp_path: Path,
                                                   p_specs: Specs, prober: FakeProber) -> None:
    out = tmp_path / "out"
    specs = p_specs()
    for name in ("lang.md", "foto.md"):
        _adapt(content, name, out, specs, prober)
    before = _mtimes(out)
    for name in ("lang.md", "foto.md"):
        _adapt(content, name, out, specs, prober)
    assert _mtimes(out) == before


def test_changed_text_rewrites_only_text(content: Path, tmp_path: Path, p_specs: Specs,
                                         prober: FakeProber) -> None:
    out = tmp_path / "out"
    specs = p_specs()
    _adapt(content, "foto.md", out, specs, prober)
    before = _mtimes(out)
    post = content / "posts" / "foto.md"
    post.write_text(post.read_text("utf-8").replace("wat jouw dak", "wat je dak"), "utf-8")
    _adapt(content, "foto.md", out, specs, prober)
    after = _mtimes(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"foto/p.post/post.txt", "foto/p.post/manifest.json",
                       "foto/p.caption/post.txt", "foto/p.caption/manifest.json"}


def test_stale_thread_parts_are_removed(content: Path, tmp_path: Path, p_specs: Specs,
                                        prober: FakeProber) -> None:
    out = tmp_path / "out"
    specs = p_specs()
    _adapt(content, "lang.md", out, specs, prober)
    assert (out / "lang" / "p.post" / "thread" / "03.txt").exists()
    (content / "posts" / "lang.md").write_text(THREAD_POST.replace(LONG, "Nu kort."), "utf-8")
    (manifest,) = _adapt(content, "lang.md", out, specs, prober)
    assert [f.path for f in manifest.files] == ["post.txt"]
    assert not list((out / "lang" / "p.post" / "thread").glob("*.txt"))


@pytest.mark.parametrize("where", ["media-folder", "content-root", "post-folder"])
def test_output_inside_the_sources_is_refused(content: Path, p_specs: Specs,
                                              prober: FakeProber, where: str) -> None:
    out = {"media-folder": content / "posts" / "media", "content-root": content,
           "post-folder": content / "posts"}[where]
    before = _hashes(content)
    with pytest.raises(OutputError, match="outside the sources"):
        adapt(load_item(content / "posts" / "foto.md"), out=out, specs=p_specs(),
              prober=prober)
    assert _hashes(content) == before


def test_output_folder_below_the_posts_is_taken(content: Path, p_specs: Specs,
                                               prober: FakeProber) -> None:
    """`out/` beside the posts holds no source: the first-contact default when posts lie at
    the top of the content root."""
    before = _hashes(content)
    out = content / "posts" / "out"
    variants = adapt(load_item(content / "posts" / "foto.md"), out=out, specs=p_specs(),
                     prober=prober)
    assert all(v.manifest is not None for v in variants.values())
    assert {k: v for k, v in _hashes(content).items() if "out" not in Path(k).parts} == before


def test_output_holding_a_post_is_refused(content: Path, p_specs: Specs,
                                          prober: FakeProber) -> None:
    """A text-only post has no media to protect, but its own file must not end up inside OUT."""
    with pytest.raises(OutputError, match="contains the source file"):
        adapt(load_item(content / "posts" / "lang.md"), out=content, specs=p_specs(),
              prober=prober)
    assert not (content / "lang").exists()


def test_no_temp_files_left_and_sources_untouched(content: Path, tmp_path: Path,
                                                  p_specs: Specs, prober: FakeProber) -> None:
    before = _hashes(content)
    out = tmp_path / "out"
    for name in ("lang.md", "foto.md", "lang.md"):
        _adapt(content, name, out, p_specs(), prober)
    assert not list(out.rglob(f"{TEMP_PREFIX}*"))
    assert not list(content.rglob(f"{TEMP_PREFIX}*"))
    assert _hashes(content) == before


def test_save_returns_folders_and_manifests(content: Path, tmp_path: Path, p_specs: Specs,
                                            prober: FakeProber) -> None:
    planned = adapt(load_item(content / "posts" / "foto.md"), specs=p_specs(), prober=prober)
    assert all(v.manifest is None and v.folder is None for v in planned.values())
    assert not (tmp_path / "out").exists()  # planning writes nothing
    saved = planned.save(tmp_path / "out")
    assert [v.folder for v in saved.values()] == [str(tmp_path / "out" / "foto" / t)
                                         for t in ("p.post", "p.caption")]
    assert saved["p.caption"].manifest is not None
    assert saved["p.caption"].manifest.text == saved["p.caption"].plan.text


def test_a_fake_renderer_stands_in_for_pillow_and_ffmpeg(content: Path, tmp_path: Path,
                                                         p_specs: Specs,
                                                         prober: FakeProber) -> None:
    """Saving, manifests and up-to-date checks run against the Renderer protocol."""
    from crosspost.render.renderer import Renderer
    from crosspost.testing import FakeRenderer

    renderer = FakeRenderer()
    assert isinstance(renderer, Renderer)
    planned = adapt(load_item(content / "posts" / "foto.md"), specs=p_specs(), prober=prober)
    saved = planned.save(tmp_path / "out", renderer=renderer)
    media = [m for v in saved.values() for m in v.plan.media]
    assert media
    assert len(renderer.rendered) == len(media)
    for variant in saved.values():
        assert variant.manifest is not None
        for plan in variant.plan.media:
            written = json.loads((Path(variant.folder or "") / plan.output).read_text("utf-8"))
            assert written["plan"]["source"] == plan.source
            assert [op["op"] for op in written["plan"]["operations"]] == [
                op.op for op in plan.operations]
    again = FakeRenderer()
    planned.save(tmp_path / "out", renderer=again)
    assert again.rendered == []  # nothing changed: nothing is rendered again
