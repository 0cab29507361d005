"""Which posts use a media or subtitle file: a commit that changes only a photo re-checks the
posts that show it (pre-commit passes the changed files, not the posts)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..errors import InputError
from .item import DOCUMENT_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES

SUBTITLE_SUFFIXES = {".srt", ".vtt"}
MEDIA_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES | DOCUMENT_SUFFIXES | SUBTITLE_SUFFIXES


def is_media_file(path: Path) -> bool:
    """A photo, video, document or subtitle file: never a post, maybe used by one."""
    return PurePosixPath(path.name).suffix.lower() in MEDIA_SUFFIXES


def posts_using(media: Iterable[Path], posts: Iterable[Path], *, root: Path) -> list[Path]:
    """The ``posts`` whose media or captions resolve to one of ``media``, in ``posts`` order.

    A post is read only when the file name of one of the media occurs in its bytes; a post
    that cannot be read is left out here (checking it on its own reports why).
    """
    from .load import load_item

    wanted = {p.resolve() for p in media}
    names = {p.name.encode("utf-8") for p in wanted}
    found: list[Path] = []
    for post in posts:
        try:
            raw = post.read_bytes()
        except OSError:
            continue
        if not any(name in raw for name in names):
            continue
        try:
            item = load_item(post, root=root, check_files=False, content=raw)
        except InputError:
            continue
        used = {a.resolved for a in item.media} | {a.captions_resolved for a in item.media}
        if used & wanted:
            found.append(post)
    return found
