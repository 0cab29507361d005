"""Validated platform specs kept between runs, so that a command does not validate them again.

Reading and validating the spec files (strict YAML, then the pydantic models, whose schemas
are built on first use) is a large part of what `crosspost check` of one post costs. The CLI
stores the validated platforms in the user's cache folder (the probe cache's, never in the
content repository; ``CROSSPOST_CACHE=off`` and ``--no-cache`` turn it off), under a key made of
everything they depend on: the path and bytes of every spec file of every layer in order,
crosspost's code (the size and time of each of its modules: an edited checkout is a miss), and
the versions of Python, pydantic and pydantic-core. Anything that changes is a miss, and the
files are validated again. A policy file has entries of its own (``policy_entry``): the
validated policy and the platforms with its tier applied, keyed by the platforms' entry, the
policy's path and parsed content and the detectable languages (which validating the policy
checks against); only a policy that validated and applied is stored.

An entry is a pickle of pydantic models, which makes loading about 20 times cheaper than
validating. It is read only from the user's own cache folder, bounded in size, by an unpickler
that builds nothing but crosspost's spec models, their enums and dates (``_Unpickler``), so an
entry someone else wrote cannot run code. A cache that cannot be read or written is skipped.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TypeGuard

import pydantic
import pydantic_core
from pydantic import BaseModel

from .. import __version__
from ..confined import read_regular
from ..yamlsrc import MAX_YAML_BYTES, YamlDoc
from .loader import spec_files
from .platform import PlatformSpec
from .policy import Policy

__all__ = ["Loaded", "cached_platforms", "policy_entry", "read_policy", "spec_cache_dir",
           "write_policy"]

#: Bump when the layout of an entry changes.
SCHEMA = 1
#: Entries larger than this are not read (the bundled specs pickle to about 130 kB).
MAX_ENTRY_BYTES = 16 * 1024 * 1024
#: Entries kept; the oldest go first (one per set of spec folders and crosspost version).
MAX_ENTRIES = 16
_PACKAGE = Path(__file__).resolve().parent.parent

#: Platforms by id, and the file each came from.
Loaded = tuple[dict[str, PlatformSpec], dict[str, str]]


def spec_cache_dir(cache: Path) -> Path:
    """The folder of spec entries in the user's cache folder ``cache``."""
    return cache / f"specs-v{SCHEMA}"


def cached_platforms(layers: Sequence[Path], build: Callable[[], Loaded],
                     folder: Path | None) -> tuple[Loaded, str | None]:
    """``build()``'s platforms, from ``folder`` when an entry for exactly these spec files and
    this code is there; otherwise built, then stored (``folder`` None: just built). With them
    the entry's key, a fingerprint of everything they were made from (None: not cached)."""
    if folder is None:
        return build(), None
    try:
        key = _key(layers)
    except OSError:
        return build(), None  # a spec file that cannot be read: build() says which, and how
    entry = folder / f"{key}.pickle"
    found = _read(entry)
    if found is not None:
        return found, key
    loaded = build()
    _write(folder, entry, loaded)
    return loaded, key


def _key(layers: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for part in (str(SCHEMA), __version__, sys.version, pydantic.VERSION,
                 pydantic_core.__version__, _code_stamp()):
        digest.update(part.encode() + b"\0")
    for directory in layers:
        digest.update(b"layer\0" + os.fsencode(directory) + b"\0")
        for path in spec_files(directory):  # refuses links out of the folder, as loading does
            data = read_regular(path, MAX_YAML_BYTES)
            digest.update(os.fsencode(path) + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def _code_stamp() -> str:
    """Size and time of every module of crosspost: any edit or reinstall changes it."""
    parts = []
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def _pair(entry: Path) -> tuple[object, object] | None:
    """The two values an entry holds; None when it is absent, damaged or of another layout (a
    damaged or foreign entry is a miss, never an error)."""
    try:
        raw = read_regular(entry, MAX_ENTRY_BYTES, follow=False)
        first, second = _Unpickler(io.BytesIO(raw)).load()
    except Exception:
        return None
    return first, second


def _read(entry: Path) -> Loaded | None:
    pair = _pair(entry)
    if pair is None:
        return None
    platforms, origins = pair
    if not (_platforms(platforms) and isinstance(origins, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in origins.items())):
        return None
    return platforms, origins


def _platforms(value: object) -> TypeGuard[dict[str, PlatformSpec]]:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, PlatformSpec)
                                           for k, v in value.items())


def policy_entry(folder: Path, fingerprint: str, doc: YamlDoc) -> Path:
    """Where the platforms under the policy read as ``doc`` are kept: keyed by the platforms'
    entry (``fingerprint``: spec files and code), by the policy's path and parsed content
    (``repr`` tells a date from a string and 1 from 1.0) and by the languages that can be
    detected, which validating ``detect_languages`` checks against (langdetect's installed
    profiles and crosspost's own: a profile removed must make that policy fail again)."""
    from ..text.language import available

    digest = hashlib.sha256()
    for part in (f"policy-{SCHEMA}", fingerprint, doc.path, repr(doc.data),
                 " ".join(available())):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return folder / f"policy-{digest.hexdigest()}.pickle"


def read_policy(entry: Path) -> tuple[dict[str, PlatformSpec], Policy] | None:
    """The platforms with the policy tier filled in, and the policy; None when absent, damaged
    or of another layout."""
    pair = _pair(entry)
    if pair is None:
        return None
    platforms, policy = pair
    if not (_platforms(platforms) and isinstance(policy, Policy)):
        return None
    return platforms, policy


def write_policy(folder: Path, entry: Path, platforms: dict[str, PlatformSpec],
                 policy: Policy) -> None:
    """Store the platforms under ``policy`` (without the parsed file, which is read again for
    its lines on every run)."""
    kept = policy.model_copy()
    kept._doc = None
    _write(folder, entry, (platforms, kept))


def _write(folder: Path, entry: Path, loaded: object) -> None:
    """Store atomically (a concurrent reader sees the old file or the new one), then keep only
    the newest ``MAX_ENTRIES``. Failing to write is not an error."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, entry)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-MAX_ENTRIES]:
            with contextlib.suppress(OSError):
                old.unlink()


_PLAIN: dict[tuple[str, str], type] = {("datetime", "date"): date,
                                       ("datetime", "datetime"): datetime}


class _Unpickler(pickle.Unpickler):
    """Builds crosspost's pydantic models and enums, and dates; refuses every other global
    (functions, other classes), which is what makes a pickle able to run code."""

    def find_class(self, module: str, name: str) -> type:
        plain = _PLAIN.get((module, name))
        if plain is not None:
            return plain
        if module.startswith("crosspost.") and "." not in name:
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type) and issubclass(found, BaseModel | enum.Enum):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a spec model")
