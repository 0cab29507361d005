"""Animated GIFs kept animated: every frame reframed the same way, timing and loop kept.

Only used where the target takes GIF and policy keeps animation; elsewhere the first frame is
rendered as a still like any photo. GIF has no quality knob, so a result over the byte limit
raises ``EncodeError`` (the plan already warned when its estimate did not fit).
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

from ...errors import MediaError
from ...media.probe_image import DEFAULT_MAX_IMAGE_PIXELS, probe_image
from ...variant.image_ops import ImageOp
from .compose import compose
from .encode import Encoded, EncodeError

MAX_FRAMES = 1000  # a GIF with more frames is not a social-media GIF; refuse, do not hang


def render_animation(
    path: str | Path, op: ImageOp, *, max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS
) -> Encoded:
    """Every frame of the GIF at ``path`` through ``op``'s crop, pad and resize."""
    from PIL import Image, ImageSequence

    facts = probe_image(path, max_pixels=max_pixels)
    if facts.frames > MAX_FRAMES:
        raise MediaError(f"animated image has {facts.frames} frames; crosspost takes at most "
                         f"{MAX_FRAMES}", path=os.fspath(path))
    frames, durations = [], []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(os.fspath(path), formats=["GIF", "PNG", "WEBP"]) as source:
                loop = source.info.get("loop", 0)
                for frame in ImageSequence.Iterator(source):
                    durations.append(int(frame.info.get("duration", 100)))
                    frames.append(compose(frame.convert("RGBA"), 1.0, op, keep_alpha=True))
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise MediaError(f"animated image is truncated or corrupt ({exc}); export it again",
                         path=os.fspath(path)) from None
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=durations,
                   loop=loop if isinstance(loop, int) else 0, disposal=2, optimize=False)
    data = buffer.getvalue()
    if op.max_bytes is not None and len(data) > op.max_bytes:
        raise EncodeError(f"the animated GIF takes {len(data):,} bytes; the limit is "
                          f"{op.max_bytes:,}")
    return Encoded(data, "gif", None)
