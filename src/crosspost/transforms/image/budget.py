"""Upper bounds of encoded file sizes, so a plan can promise a byte limit before encoding.

A plan is made before any pixel is encoded, yet its re-check needs the output's size. These
bounds come from the worst content for each encoder: random black-and-white pixels, which
leave nothing to compress (measured with Pillow 11 / libjpeg-turbo 3, 4:2:0 chroma, optimised
Huffman tables; ``benchmarks/bench_images.py --worst-case`` prints the table again). Real
photos need a third to a half of it, so a size chosen from these bounds always fits and the
quality search at render time never fails; the price is a smaller image than needed when a
byte limit is very tight.
"""

from __future__ import annotations

import itertools
import math

#: Bits per pixel of binary noise by JPEG quality (512 x 512, optimised Huffman tables).
JPEG_WORST_BPP: tuple[tuple[int, float], ...] = (
    (1, 2.0), (30, 3.16), (60, 4.78), (70, 5.40), (85, 6.87), (90, 7.80), (95, 9.33),
    (100, 12.42),
)
MARGIN = 1.10  # encoder versions and small images (headers) differ by a few percent
HEADER_BYTES = 4096  # markers, tables and the little metadata crosspost keeps
PNG_PALETTE_BPP = 8.0  # the PNG fallback quantises to 256 colours: at most a byte per pixel


def jpeg_worst_bpp(quality: int) -> float:
    """Worst-case bits per pixel of a JPEG at ``quality`` (linear between measured points)."""
    points = JPEG_WORST_BPP
    quality = min(max(quality, points[0][0]), points[-1][0])
    for (q0, b0), (q1, b1) in itertools.pairwise(points):
        if q0 <= quality <= q1:
            return b0 + (b1 - b0) * (quality - q0) / (q1 - q0)
    return points[-1][1]  # pragma: no cover - the clamp above keeps quality in the table


def worst_bytes(fmt: str, pixels: int, *, quality: int, channels: int = 3) -> int:
    """Most bytes an image of ``pixels`` can take in ``fmt`` at ``quality``."""
    if fmt in ("jpeg", "webp"):
        bits = jpeg_worst_bpp(quality) * MARGIN
    elif fmt == "png":
        bits = 8.0 * channels * 1.01  # stored deflate blocks and one filter byte per row
    else:  # gif: one byte per pixel per frame, plus LZW codes that can grow past it
        bits = 12.0
    return math.ceil(pixels * bits / 8) + HEADER_BYTES


def pixels_within(fmt: str, max_bytes: int, *, quality: int) -> int:
    """Most pixels whose worst case at ``quality`` still fits ``max_bytes`` (0 if none)."""
    room = max_bytes - HEADER_BYTES
    if room <= 0:
        return 0
    if fmt == "png":  # the palette fallback is what must fit
        bits = PNG_PALETTE_BPP * 1.01
    elif fmt in ("jpeg", "webp"):
        bits = jpeg_worst_bpp(quality) * MARGIN
    else:
        bits = 12.0
    return math.floor(room * 8 / bits)
