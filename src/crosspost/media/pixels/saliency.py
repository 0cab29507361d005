"""Where the subject of a photo probably is: a small saliency map from a thumbnail.

The features follow smartcrop.js (edges, skin tones, saturation; skin and saturation count
where there is also detail), computed with numpy on a thumbnail of at most 256 pixels, which
takes a few milliseconds. crosspost does not depend on the ``smartcrop`` package: it returns a
crop per output size (weighted to the rule of thirds), while crosspost needs one focal point per
image, shared by every target so that a series stays consistent, and the salient share a crop
loses. The map is blurred so that an object's inside counts, not only its outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

SKIN = (0.78, 0.57, 0.44)  # smartcrop.js's skin colour direction
SKIN_THRESHOLD = 0.8
SATURATION_THRESHOLD = 0.4
WEIGHTS = {"detail": 0.2, "skin": 1.8, "saturation": 0.3}
CENTRE_PRIOR = 0.25  # photographers frame subjects near the middle: a gentle pull


@dataclass(frozen=True)
class Saliency:
    """A saliency map (rows of floats summing to 1) and the focal point found in it."""

    grid: Any  # numpy array (h, w), float64, sums to 1
    focus: tuple[float, float]  # relative x, y of the most salient region
    flat: bool  # nothing stands out: the map is uniform

    def share(self, box: tuple[float, float, float, float]) -> float:
        """Share of the salience inside ``box`` given as fractions (0..1) of the image."""
        import numpy as np

        h, w = self.grid.shape
        left, top = _index(box[0], w), _index(box[1], h)
        right, bottom = _index(box[2], w), _index(box[3], h)
        if right <= left or bottom <= top:
            return 0.0
        return float(np.clip(self.grid[top:bottom, left:right].sum(), 0.0, 1.0))


def _index(fraction: float, size: int) -> int:
    return min(size, max(0, round(fraction * size)))


def saliency(thumb: Image.Image) -> Saliency:
    """Saliency of an RGB thumbnail (at most about 256 pixels on the long side)."""
    import numpy as np

    rgb = np.asarray(thumb.convert("RGB"), dtype=np.float64) / 255.0
    luma = rgb @ np.array([0.2126, 0.7152, 0.0722])
    detail = _edges(luma)
    skin = _skin(rgb, luma) * (detail + 0.01)
    sat = _saturation(rgb, luma) * (detail + 0.2)
    raw = WEIGHTS["detail"] * detail + WEIGHTS["skin"] * skin + WEIGHTS["saturation"] * sat
    radius = max(1, round(min(raw.shape) * 0.04))
    smooth = box_blur(raw, radius)
    total = float(smooth.sum())
    if total <= 1e-9 or float(smooth.max() - smooth.min()) <= 1e-3 * total / smooth.size:
        grid = np.full(smooth.shape, 1.0 / smooth.size)
        return Saliency(grid, (0.5, 0.5), True)
    smooth *= 1.0 - CENTRE_PRIOR + CENTRE_PRIOR * _centre_weight(*smooth.shape)
    total = float(smooth.sum())
    grid = smooth / total
    return Saliency(grid, _focus(grid), False)


def _edges(luma: Any) -> Any:
    """Absolute Laplacian, scaled so a hard black/white edge is 1."""
    import numpy as np

    padded = np.pad(luma, 1, mode="edge")
    lap = (4 * padded[1:-1, 1:-1] - padded[:-2, 1:-1] - padded[2:, 1:-1]
           - padded[1:-1, :-2] - padded[1:-1, 2:])
    return np.clip(np.abs(lap), 0.0, 1.0)


def _skin(rgb: Any, luma: Any) -> Any:
    import numpy as np

    mag = np.sqrt((rgb**2).sum(axis=2)) + 1e-3
    dist = np.sqrt(((rgb / mag[..., None] - np.array(SKIN)) ** 2).sum(axis=2))
    score = (1.0 - dist - SKIN_THRESHOLD) / (1.0 - SKIN_THRESHOLD)
    return np.where((score > 0) & (luma >= 0.2), score, 0.0)


def _saturation(rgb: Any, luma: Any) -> Any:
    import numpy as np

    high, low = rgb.max(axis=2), rgb.min(axis=2)
    lightness = high + low
    denom = np.where(lightness > 1, 2 - lightness, lightness)
    sat = np.where(denom > 1e-6, (high - low) / np.maximum(denom, 1e-6), 0.0)
    score = (sat - SATURATION_THRESHOLD) / (1 - SATURATION_THRESHOLD)
    return np.where((score > 0) & (luma >= 0.05) & (luma <= 0.9), score, 0.0)


def box_blur(grid: Any, radius: int) -> Any:
    """Mean over a (2r+1)^2 window with edge padding, via a summed-area table."""
    import numpy as np

    size = 2 * radius + 1
    padded = np.pad(grid, radius, mode="edge")
    table = np.pad(padded.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    h, w = grid.shape
    total = (table[size:size + h, size:size + w] - table[:h, size:size + w]
             - table[size:size + h, :w] + table[:h, :w])
    return total / (size * size)


def _centre_weight(h: int, w: int) -> Any:
    import numpy as np

    ys = (np.arange(h) + 0.5) / h - 0.5
    xs = (np.arange(w) + 0.5) / w - 0.5
    return np.exp(-(ys[:, None] ** 2 + xs[None, :] ** 2) / (2 * 0.3**2))


def _focus(grid: Any) -> tuple[float, float]:
    """Centre of mass of the densest region (a quarter of the frame wide), not of the whole
    map: two subjects left and right must not put the focus on the empty middle."""
    import numpy as np

    h, w = grid.shape
    radius = max(1, round(min(h, w) * 0.12))
    dense = box_blur(grid, radius)
    y, x = np.unravel_index(int(np.argmax(dense)), dense.shape)
    top, bottom = max(0, y - 2 * radius), min(h, y + 2 * radius + 1)
    left, right = max(0, x - 2 * radius), min(w, x + 2 * radius + 1)
    window = grid[top:bottom, left:right]
    mass = float(window.sum())
    ys = np.arange(top, bottom)[:, None] + 0.5
    xs = np.arange(left, right)[None, :] + 0.5
    fy = float((window * ys).sum() / mass) / h
    fx = float((window * xs).sum() / mass) / w
    return min(max(fx, 0.0), 1.0), min(max(fy, 0.0), 1.0)
