"""Animated GIFs kept animated: every frame reframed the same way, timing and loop kept.

Only used where the target takes GIF and policy keeps animation; elsewhere the first frame is
rendered as a still like any photo. GIF has no quality knob, so a result over the byte limit
raises ``EncodeError`` (the plan already warned when its estimate did not fit).

Memory: the plan sized the output so that all its frames fit the byte budget at four bytes a
pixel (``transforms.image.decide``). Frames are made one at a time while Pillow's GIF writer
reads them, so only its 256-colour copies (a byte a pixel) are held, never every RGBA frame;
the source is read one frame at a time. A file that changed since planning so that its frames
no longer fit is refused, not rendered.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import MediaError
from ...media.image_limits import ImageLimits, animation_bytes, reader_bytes
from ...media.probe_image import probe_image
from ...variant.image_ops import ImageOp
from .compose import compose
from .encode import Encoded, EncodeError

if TYPE_CHECKING:
    from PIL import Image

_SOURCES = ["GIF", "PNG", "WEBP"]  # animated formats Pillow reads frame by frame
_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)


def render_animation(path: str | Path, op: ImageOp, *, limits: ImageLimits | None = None
                     ) -> Encoded:
    """Every frame of the animation at ``path`` through ``op``'s crop, pad and resize, as GIF."""
    from PIL import Image

    limits = limits or ImageLimits()
    text = os.fspath(path)
    facts = probe_image(text, limits=limits)
    need = animation_bytes(facts.frames, *op.resize) + reader_bytes(facts.width, facts.height)
    if facts.frames > limits.max_frames or need > limits.max_decoded_bytes:
        raise MediaError(
            f"animated image has {facts.frames:,} frames of {op.resize[0]}x{op.resize[1]} "
            f"({need / 2**20:,.0f} MiB), more than the plan allowed for "
            "(limits.animation_frames, limits.image_decoded_bytes): it changed since planning; "
            "plan again", path=text)
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(text, formats=_SOURCES) as source:
                loop = source.info.get("loop", 0)
                frames = _frames(source, op)
                first = next(frames)
                # A generator: Pillow's writer keeps its 256-colour copy of each frame and
                # drops the RGBA one before asking for the next.
                first.save(buffer, "GIF", save_all=True, append_images=frames,
                           loop=loop if isinstance(loop, int) else 0, disposal=2,
                           optimize=False)
    except _ERRORS as exc:
        raise MediaError(f"animated image is truncated or corrupt ({exc}); export it again",
                         path=text) from None
    data = buffer.getvalue()
    if op.max_bytes is not None and len(data) > op.max_bytes:
        raise EncodeError(f"the animated GIF takes {len(data):,} bytes; the limit is "
                          f"{op.max_bytes:,}")
    return Encoded(data, "gif", None)


def _frames(source: Image.Image, op: ImageOp) -> Iterator[Image.Image]:
    """Each output frame in turn, its display time in ``info`` (where the writer reads it)."""
    from PIL import ImageSequence

    for frame in ImageSequence.Iterator(source):
        # Pillow's reader already holds this frame and the one before it at the source's
        # size: an RGB or RGBA frame is composed as it is, without a third copy.
        image = frame if frame.mode in ("RGB", "RGBA") else frame.convert("RGBA")
        out = compose(image, 1.0, op, keep_alpha=True)
        del image
        out.info["duration"] = int(frame.info.get("duration", 100))
        yield out
