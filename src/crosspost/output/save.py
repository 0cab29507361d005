"""Write the variants of one item: text, media, sidecars, then each manifest, atomically.

Layout: ``OUT/<item id>/<target>/`` with ``post.txt`` (or ``thread/01.txt``...: the text to
paste into the app, exactly, with no final newline added), optional
``first_comment.txt`` and ``title.txt``, the media, the sidecars and ``manifest.json``, which is
written last. A file whose content (or, for media, whose inputs) did not change is not rewritten,
so a CI job can run adapt on every push and only touch what changed. Media of all targets are
rendered together, so a renderer can decode one source once for every target that needs it.

Before the first file of a folder changes, its old manifest is moved aside to
``.crosspost-previous.json``: a run stopped half-way (Ctrl-C, SIGKILL, a full disk) leaves a folder
without ``manifest.json`` rather than one whose manifest lists hashes its files no longer have.
A run that fails or is interrupted puts the manifest back where the folder still holds exactly
the files it lists. The next run reads a set-aside manifest to skip what is still up to date and
removes it once the new manifest is written.

Nothing already in the output folder is trusted (it may come from the repository): folders and
the lock are made without following links (a committed symlink is replaced), manifests are read
no-follow with a size bound, and a file counts as written only if it is a regular file itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..confined import read_regular, real_folder, regular_size
from ..errors import OutputError
from ..variant.image_ops import UnusableOp
from ..variant.plan import MediaPlan, VariantPlan
from ..variant.video_ops import CoverOp
from .atomic import TEMP_PREFIX, clean_stale_temps, write_bytes_atomic
from .jobs import MediaJob, Renderer
from .lock import LOCK_NAME, folder_lock
from .manifest import Manifest, ManifestFile, Role

MANIFEST_NAME = "manifest.json"
PREVIOUS_NAME = ".crosspost-previous.json"
#: A manifest larger than this is not one crosspost wrote (it is ignored, then replaced).
MAX_MANIFEST_BYTES = 32 * 1024 * 1024

if TYPE_CHECKING:
    from ..content.item import SourceItem


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def refuse_inside_sources(out_dir: Path, sources: Iterable[Path], posts: Iterable[Path]) -> None:
    """An output folder must not hold a source file (media, captions or post).

    It may sit in a post's folder (`out/` at the root of a repository whose posts lie at its
    top): the variant folders hold no post files, and the configured `out` is never walked.
    """
    out = out_dir.resolve()
    for source in [*sources, *posts]:
        if source.resolve().is_relative_to(out):
            raise OutputError(
                f"output folder {out_dir} contains the source file {source}; choose a folder "
                "outside the sources"
            )


def save_variants(
    plans: list[VariantPlan],
    item: SourceItem,
    out_dir: Path,
    *,
    version: str,
    renderer: Renderer,
) -> list[Manifest]:
    """Write every variant of ``item`` below ``out_dir``; returns their manifests in order.

    ``renderer`` makes the stale media and sidecar files (``render.FileRenderer`` encodes them).
    """
    try:  # real folders: a symlink committed as out/<id> or out/<id>/<target> is replaced
        folders = [real_folder(out_dir, p.item, p.target) for p in plans]
    except OSError as exc:
        raise OutputError(f"could not write {out_dir}: {exc.strerror or exc}") from None
    with contextlib.ExitStack() as stack:
        for folder in sorted(set(folders)):  # one order everywhere: no deadlock between runs
            stack.enter_context(folder_lock(folder))
            clean_stale_temps(folder)
        previous = [_previous(folder) for folder in folders]
        jobs = [_jobs(plan, item, folder) for plan, folder in zip(plans, folders, strict=True)]
        for plan, folder, plan_jobs in zip(plans, folders, jobs, strict=True):
            _real_subfolders(folder, [n for n, _, _ in _texts(plan)] + [j.name for j in plan_jobs])
        stale = [job for plan_jobs, old in zip(jobs, previous, strict=True) for job in plan_jobs
                 if not _up_to_date(job, old)]
        rendered = {job.dest for job in stale}
        aside = [folder for plan, folder, plan_jobs, old
                 in zip(plans, folders, jobs, previous, strict=True)
                 if _will_change(plan, folder, plan_jobs, old, rendered)]
        for folder in aside:
            _set_aside(folder)
        try:
            renderer.render(stale, item)
            return [
                _finish(plan, item, folder, plan_jobs, old, version, rendered)
                for plan, folder, plan_jobs, old
                in zip(plans, folders, jobs, previous, strict=True)
            ]
        except BaseException:  # an error or Ctrl-C: put back each manifest still true
            for folder in aside:
                _restore_if_true(folder)
            raise


def written_output(out_dir: Path, plan: VariantPlan, media: MediaPlan, item: SourceItem
                   ) -> Path | None:
    """The file adapt wrote for ``media`` of ``plan`` under ``out_dir``, or None.

    Only a file its folder's manifest lists with this plan's recipe (which includes the
    sources' modification times) and hash counts, in a folder reached without a link: a
    variant folder committed to the repository, or a symlink in it, never passes for output.
    """
    folder = out_dir / plan.item / plan.target
    real = Path(os.path.realpath(out_dir))
    if Path(os.path.realpath(folder / media.output)) != real / plan.item / plan.target / \
            media.output:
        return None
    manifest = read_manifest(folder / MANIFEST_NAME)
    entry = next((f for f in manifest.files if f.path == media.output), None) if manifest else None
    recipe = _recipe(media.model_dump_json(), item, media.index)
    path = folder / media.output
    if entry is None or entry.recipe != recipe or regular_size(path) != entry.bytes:
        return None
    return path if sha256_file(path) == entry.sha256 else None


def _real_subfolders(folder: Path, names: list[str]) -> None:
    """Make the folders of ``names`` (``thread/01.txt``) real before anything is written."""
    for parents in sorted({PurePosixPath(name).parent.parts for name in names}):
        if parents:
            try:
                real_folder(folder, *parents)
            except OSError as exc:
                raise OutputError(f"could not write {folder}: {exc.strerror or exc}") from None


def _jobs(plan: VariantPlan, item: SourceItem, folder: Path) -> list[MediaJob]:
    jobs = []
    for media in plan.media:
        if media.operations and isinstance(media.operations[0], UnusableOp):
            # A file that cannot be read makes no file: the plan's error finding says why
            # and the variant is not publishable, as for a video that cannot be read.
            continue
        recipe = _recipe(media.model_dump_json(), item, media.index)
        is_cover = bool(media.operations) and isinstance(media.operations[0], CoverOp)
        role: Role = "cover" if is_cover else "media"
        jobs.append(MediaJob(media, media.output, folder / media.output, recipe, role))
    for sidecar in plan.sidecars:
        recipe = _recipe(sidecar.model_dump_json(), item, sidecar.index)
        jobs.append(
            MediaJob(sidecar, sidecar.output, folder / sidecar.output, recipe, "captions")
        )
    return jobs


def _finish(
    plan: VariantPlan,
    item: SourceItem,
    folder: Path,
    jobs: list[MediaJob],
    previous: dict[str, ManifestFile],
    version: str,
    rendered: set[Path],
) -> Manifest:
    files = [_write_if_changed(folder / name, name, role, text.encode())
             for name, role, text in _texts(plan)]
    for job in jobs:
        old = previous.get(job.name)
        if old is not None and job.dest not in rendered:
            files.append(old)  # found up to date before rendering: not hashed a second time
            continue
        size = regular_size(job.dest)
        if size is None:
            raise OutputError(f"renderer did not write {job.dest}")
        files.append(ManifestFile(
            path=job.name, role=job.role, sha256=sha256_file(job.dest),
            bytes=size, recipe=job.recipe, source=job.plan.source,
            alt=job.plan.alt if isinstance(job.plan, MediaPlan) else None,
        ))
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
        specs=plan.specs,
    )
    body = json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    _write_if_changed(folder / MANIFEST_NAME, MANIFEST_NAME, "text", body.encode())
    (folder / PREVIOUS_NAME).unlink(missing_ok=True)
    return manifest


#: Controls a text file to paste must never carry raw (NUL, ESC...); line breaks and tabs stay.
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _texts(plan: VariantPlan) -> list[tuple[str, Role, str]]:
    """The text files: exactly what to paste into the app (see ``_raw_texts``). Control
    characters (an error finding: the variant is not publishable) are written as U+FFFD, so a
    file never carries a raw NUL or ESC."""
    return [(name, role, _RAW_CONTROL.sub("\ufffd", text))
            for name, role, text in _raw_texts(plan)]


def _raw_texts(plan: VariantPlan) -> list[tuple[str, Role, str]]:
    """Without a final newline (a part of 300 graphemes is 300 when pasted), links written
    out in full (see ``paste_parts``)."""
    texts: list[tuple[str, Role, str]] = []
    parts = plan.paste_parts
    if plan.thread:
        width = max(2, len(str(len(parts))))
        texts += [(f"thread/{i:0{width}d}.txt", "thread", part)
                  for i, part in enumerate(parts, 1)]
    else:
        texts.append(("post.txt", "text", parts[0]))
    if plan.first_comment:
        texts.append(("first_comment.txt", "first_comment", plan.first_comment))
    if plan.title:
        texts.append(("title.txt", "title", plan.title))
    return texts


def _previous(folder: Path) -> dict[str, ManifestFile]:
    """The files of the last manifest: the current one, else one a stopped run set aside."""
    for name in (MANIFEST_NAME, PREVIOUS_NAME):
        manifest = read_manifest(folder / name)
        if manifest is not None:
            return {f.path: f for f in manifest.files}
    return {}


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at ``path``, or None when there is none crosspost could have written
    (missing, a symlink, not a regular file, too large, not a valid manifest)."""
    try:
        return Manifest.model_validate_json(read_regular(path, MAX_MANIFEST_BYTES, follow=False))
    except (OSError, ValueError):
        return None


def _will_change(plan: VariantPlan, folder: Path, jobs: list[MediaJob],
                 previous: dict[str, ManifestFile], rendered: set[Path]) -> bool:
    """Whether saving ``plan`` writes or removes any file of ``folder`` besides the manifest."""
    texts = _texts(plan)
    keep = {name for name, _, _ in texts} | {job.name for job in jobs}
    return (any(job.dest in rendered for job in jobs) or bool(set(previous) - keep)
            or any(not _same(folder / name, text.encode()) for name, _, text in texts))


def _restore_if_true(folder: Path) -> None:
    """Move the set-aside manifest back when the folder still holds exactly its files."""
    with contextlib.suppress(OSError, ValueError):  # never hide the error being handled
        aside = folder / PREVIOUS_NAME
        manifest = read_manifest(aside)
        if manifest is None:
            return
        listed = {f.path: f for f in manifest.files}
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if regular_size(p) is not None
                   and p.name not in (LOCK_NAME, PREVIOUS_NAME, MANIFEST_NAME)
                   and not p.name.startswith(TEMP_PREFIX)}
        if present == set(listed) and not (folder / MANIFEST_NAME).exists() and all(
            regular_size(folder / name) == f.bytes and sha256_file(folder / name) == f.sha256
            for name, f in listed.items()
        ):
            os.replace(aside, folder / MANIFEST_NAME)


def _set_aside(folder: Path) -> None:
    """Move the manifest out of the way before its files change (see the module doc)."""
    try:
        os.replace(folder / MANIFEST_NAME, folder / PREVIOUS_NAME)
    except FileNotFoundError:  # a first run, or a stopped run set it aside already
        pass
    except OSError as exc:
        raise OutputError(f"could not write {folder / PREVIOUS_NAME}: "
                          f"{exc.strerror or exc}") from None


def _up_to_date(job: MediaJob, previous: dict[str, ManifestFile]) -> bool:
    """The file exists with the bytes the last run recorded, made from the same inputs."""
    old = previous.get(job.name)
    return bool(
        old is not None and old.recipe == job.recipe and regular_size(job.dest) == old.bytes
        and sha256_file(job.dest) == old.sha256
    )


def _write_if_changed(path: Path, name: str, role: Role, data: bytes) -> ManifestFile:
    if not _same(path, data):
        write_bytes_atomic(path, data)
    return ManifestFile(path=name, role=role, sha256=sha256_bytes(data), bytes=len(data))


def _same(path: Path, data: bytes) -> bool:
    """``path`` holds exactly ``data`` already."""
    return regular_size(path) == len(data) and sha256_file(path) == sha256_bytes(data)


def _recipe(plan_json: str, item: SourceItem, index: int) -> str:
    """A hash of everything an output depends on: the plan and the sources' size and time."""
    asset = item.media[index]
    parts = [plan_json.encode()]
    for path in (asset.resolved, asset.captions_resolved):
        if path is not None:
            stat = path.stat()
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return sha256_bytes(b"\0".join(parts))


def _remove_stale(folder: Path, previous: dict[str, ManifestFile], keep: set[str]) -> None:
    """Files an earlier run wrote that this plan no longer has (a thread became one post)."""
    root = folder.resolve()
    for name in previous:
        path = (folder / name).resolve()
        # A manifest is data on disk: never let an edited one delete outside its folder.
        if name not in keep and path.is_relative_to(root) and path != root:
            path.unlink(missing_ok=True)
