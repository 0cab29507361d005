"""Write a variant to its folder: text, media, sidecars, then the manifest, all atomically.

Layout: ``OUT/<item id>/<target>/`` with ``post.txt`` (or ``thread/01.txt``...), optional
``first_comment.txt`` and ``title.txt``, the media, the sidecars and ``manifest.json``, which is
written last. A file whose content (or, for media, whose inputs) did not change is not rewritten,
so a CI job can run adapt on every push and only touch what changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..variant import VariantPlan
from .atomic import clean_stale_temps, write_bytes_atomic
from .lock import folder_lock
from .manifest import Manifest, ManifestFile, Role

if TYPE_CHECKING:
    from ..content.item import SourceItem

#: Renders one media plan: (plan, source item, destination path) -> None, writing atomically.
MediaRenderer = Callable[..., None]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def refuse_inside_sources(out_dir: Path, sources: Iterable[Path], posts: Iterable[Path]) -> None:
    """An output folder must not hold a source file nor sit in a post's folder."""
    out = out_dir.resolve()
    for source in sources:
        if source.resolve().is_relative_to(out):
            raise OutputError(
                f"output folder {out_dir} contains the source file {source}; choose a folder "
                "outside the sources"
            )
    for post in posts:
        if out.is_relative_to(post.resolve().parent):
            raise OutputError(
                f"output folder {out_dir} is inside the folder of the post {post}; choose a "
                "folder outside the sources"
            )


def save_variant(
    plan: VariantPlan,
    item: SourceItem,
    out_dir: Path,
    *,
    version: str,
    render_media: MediaRenderer | None = None,
) -> Manifest:
    """Write one variant below ``out_dir``; returns its manifest."""
    folder = out_dir / plan.item / plan.target
    with folder_lock(folder):
        clean_stale_temps(folder)
        previous = _previous(folder / "manifest.json")
        files: list[ManifestFile] = []
        texts: list[tuple[str, Role, str]] = []
        if plan.thread:
            width = max(2, len(str(len(plan.thread))))
            texts += [(f"thread/{i:0{width}d}.txt", "thread", part)
                      for i, part in enumerate(plan.thread, 1)]
        else:
            texts.append(("post.txt", "text", plan.text))
        if plan.first_comment:
            texts.append(("first_comment.txt", "first_comment", plan.first_comment))
        if plan.title:
            texts.append(("title.txt", "title", plan.title))
        for name, role, text in texts:
            files.append(_write_if_changed(folder / name, name, role, (text + "\n").encode()))
        for media in plan.media:
            recipe = _recipe(media.model_dump_json(), item, media.index)
            files.append(
                _media_file(folder, media.output, recipe, previous, media.alt,
                            lambda dest, m=media: _render(m, item, dest, render_media), "media",
                            media.source)
            )
        for sidecar in plan.sidecars:
            recipe = sha256_bytes(sidecar.model_dump_json().encode())
            files.append(
                _media_file(folder, sidecar.output, recipe, previous, None,
                            lambda dest, s=sidecar: _render(s, item, dest, render_media),
                            "captions", sidecar.source)
            )
        _remove_stale(folder, previous, {f.path for f in files})
        manifest = Manifest(
            crosspost_version=version,
            item=plan.item,
            target=plan.target,
            publishable=plan.publishable,
            text=plan.text,
            thread=plan.thread,
            title=plan.title,
            first_comment=plan.first_comment,
            links=plan.links,
            fields=plan.fields,
            measured=plan.measured,
            history=plan.history,
            findings=plan.findings,
            files=files,
            source_path=item.source_path,
        )
        body = json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        _write_if_changed(folder / "manifest.json", "manifest.json", "text", body.encode())
        return manifest


def _previous(path: Path) -> dict[str, ManifestFile]:
    try:
        manifest = Manifest.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return {f.path: f for f in manifest.files}


def _write_if_changed(path: Path, name: str, role: Role, data: bytes) -> ManifestFile:
    digest = sha256_bytes(data)
    if not (path.is_file() and path.stat().st_size == len(data) and sha256_file(path) == digest):
        write_bytes_atomic(path, data)
    return ManifestFile(path=name, role=role, sha256=digest, bytes=len(data))


def _recipe(plan_json: str, item: SourceItem, index: int) -> str:
    """A hash of everything a media output depends on: the plan and the source's bytes."""
    asset = item.media[index]
    parts = [plan_json.encode()]
    for path in (asset.resolved, asset.captions_resolved):
        if path is not None:
            stat = path.stat()
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return sha256_bytes(b"\0".join(parts))


def _media_file(
    folder: Path,
    name: str,
    recipe: str,
    previous: dict[str, ManifestFile],
    alt: str | None,
    render: Callable[[Path], None],
    role: Role,
    source: str,
) -> ManifestFile:
    dest = folder / name
    old = previous.get(name)
    if old is not None and old.recipe == recipe and dest.is_file() and (
        dest.stat().st_size == old.bytes and sha256_file(dest) == old.sha256
    ):
        return old
    render(dest)
    return ManifestFile(path=name, role=role, sha256=sha256_file(dest), bytes=dest.stat().st_size,
                        recipe=recipe, source=source, alt=alt)


def _render(plan: object, item: SourceItem, dest: Path, render_media: MediaRenderer | None) -> None:
    from ..render.dispatch import render_plan

    (render_media or render_plan)(plan, item, dest)


def _remove_stale(folder: Path, previous: dict[str, ManifestFile], keep: set[str]) -> None:
    """Files an earlier run wrote that this plan no longer has (a thread became one post)."""
    for name in previous:
        if name not in keep:
            (folder / name).unlink(missing_ok=True)
