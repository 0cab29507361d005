"""What planning learned from pixels, kept for the rest of one run: analyses and decodes.

A ``FileProber`` owns one ``PixelStore``; the planner asks the prober for an analysis and the
renderer is handed the same store (``FileRenderer(pixels=prober.pixels)``) to take the decode
the analysis made. Nothing is shared between probers, so two runs, two notebooks or two tests
never see each other's pixels. Entries are keyed by the file's identity (path, size, mtime): an
edited file is analysed again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from ..image_limits import ImageLimits

if TYPE_CHECKING:
    from ..facts import ImageFacts
    from .analysis import Analysis
    from .decode import Decoded, Key

KEEP_BYTES = 96 * 2**20  # decodes kept from planning for rendering, at most
ANALYSES = 64  # analyses kept (a thumbnail and a saliency map each: small)


class PixelStore:
    """Analyses by file identity, and decodes kept from planning until the renderer takes them."""

    def __init__(self, *, keep_bytes: int = KEEP_BYTES, analyses: int = ANALYSES,
                 limits: ImageLimits | None = None) -> None:
        """``limits`` bound every decode made for this store's prober and its renderer."""
        self.limits = limits or ImageLimits()
        self.keep_bytes = keep_bytes
        self.max_analyses = analyses
        self._analyses: OrderedDict[Key, Analysis] = OrderedDict()
        self._kept: OrderedDict[Key, Decoded] = OrderedDict()
        self._lock = threading.Lock()

    def analyse(self, path: str | Path, facts: ImageFacts | None = None) -> Analysis:
        """The analysis of ``path``, made once; its decode is kept for the renderer.
        ``facts``: its probe, when the caller has it."""
        from .analysis import analyse
        from .decode import identity

        key = identity(path)
        with self._lock:
            cached = self._analyses.get(key)
            if cached is not None:
                self._analyses.move_to_end(key)
                return cached
        result, decoded = analyse(path, self.limits, facts)
        with self._lock:
            self._analyses[key] = result
            while len(self._analyses) > self.max_analyses:
                self._analyses.popitem(last=False)
            self._kept[key] = decoded
            self._kept.move_to_end(key)
            while len(self._kept) > 1 and sum(map(_bytes, self._kept.values())) > self.keep_bytes:
                self._kept.popitem(last=False)
        return result

    def take(self, path: str | Path, scale: float) -> Decoded | None:
        """The kept decode of ``path`` if it has at least ``scale`` of the pixels (handed over:
        the renderer is its last user)."""
        from .decode import identity  # on use: a store made for a video post decodes nothing

        try:
            key = identity(path)
        except OSError:
            return None
        with self._lock:
            found = self._kept.pop(key, None)
        return found if found is not None and found.scale >= min(scale, 1.0) else None

    def clear(self) -> None:
        """Forget every analysis and kept decode (a notebook that wants its memory back)."""
        with self._lock:
            self._analyses.clear()
            self._kept.clear()


def _bytes(decoded: Decoded) -> int:
    image = decoded.image
    return image.width * image.height * max(1, len(image.getbands()))
