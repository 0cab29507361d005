"""Decode every frame of a WebP or AVIF in the probe: only the decoder knows the data's end.

A WebP bitstream (lossless VP8L, or a lossy VP8 file's coefficient partitions) or an AVIF's
AV1 tile data cut short and given matching RIFF, chunk, OBU, ``iloc`` and box sizes again is
whole in every structure ``webp_integrity`` and ``avif_integrity`` can read: the last part's
length is whatever its container says. libwebp and libavif notice that their data ran out
only while decoding, which used to happen in ``adapt`` alone. ``check`` must refuse what
``adapt`` would, so the probe (shared by both, cached per file) decodes every frame once with
the same Pillow decoder the renderer uses.

Cost is a render's decode and nothing more: the byte budget (``limits.image_decoded_bytes``)
was checked against the canvas before this runs, so memory stays at one decoded canvas (plus
the decoder's previous frame for an animation). Time grows with frames x canvas, and a small
file can hold thousands of frames on a large canvas, so the decode stops once
``MAX_DECODED_PIXELS`` have been decoded (the first frame always is): a longer animation's
later frames are judged only by ``adapt``'s own decode, which refuses them in the same words
of Pillow. For a 12 MP photo the decode takes about 0.2 to 0.6 s where the structural probe
took 0.01 to 0.02 s (docs/security.md has the measurements). Neither format can be decoded
in reduced form through Pillow, so there is no cheaper way to the same answer.
"""

from __future__ import annotations

import warnings

from crosspost.errors import MediaError

__all__ = ["FULLY_DECODED", "MAX_DECODED_PIXELS", "decode_every_frame"]

#: Pillow format names whose every frame the probe decodes.
FULLY_DECODED = frozenset({"WEBP", "AVIF"})
#: Pixels (frames x canvas) decoded at most, a few seconds: 28 frames of 1080 x 1080, 16 of
#: 1920 x 1080; 100 frames of 480 x 480 (23 MP) are all decoded. A still image always is.
MAX_DECODED_PIXELS = 32 * 2**20

_NAMES = {"WEBP": "WebP", "AVIF": "AVIF"}
_LIBRARIES = {"WEBP": "libwebp", "AVIF": "libavif"}


def decode_every_frame(path: str, fmt: str, frames: int) -> int:
    """Raise MediaError when a frame of the ``fmt`` image at ``path`` (``frames`` of them, as
    probed) does not decode to its end; how many frames were decoded (all of them, unless
    they hold more than ``MAX_DECODED_PIXELS``)."""
    from PIL import Image

    name, library = _NAMES[fmt], _LIBRARIES[fmt]
    frame = decoded = 0
    try:
        with warnings.catch_warnings():
            # the probe checked crosspost's own pixel and byte budgets before this
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=[fmt]) as image:
                width, height = image.size
                budget = max(1, MAX_DECODED_PIXELS // max(1, width * height))
                for frame in range(min(frames, budget)):
                    image.seek(frame)
                    image.load()
                    decoded += 1
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            RuntimeError) as exc:  # libavif's failures are RuntimeErrors
        which = f"frame {frame + 1} of {frames}" if frames > 1 else "picture"
        raise MediaError(
            f"image data disagrees with its header: the {name}'s {which} does not decode to "
            f"its end ({library}: {exc}); the data was cut and its sizes patched to match, or "
            "it is damaged; export it again", path=path) from None
    return decoded
