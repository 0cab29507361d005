"""A small picture of an image plan: the source, the crop or pad box, the safe area, the focus.

Notebook views embed it as an inline PNG (no files to fetch, no scripts). The source comes
from the plan (``VariantPlan.source_file``, where the planner found it) and its thumbnail is
made on demand; without one the picture is drawn as a grey diagram in proportion.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..variant.image_ops import ImageOp

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

EDGE = 240  # long side of the preview in pixels
BOX = (9, 105, 218)  # crop or canvas outline (blue)
SAFE = (191, 135, 0)  # safe-area outline (amber)

def thumbnail_of(path: Path | None) -> Image.Image | None:
    """The analysis thumbnail of ``path``, or None when it cannot be read."""
    if path is None or not path.is_file():
        return None
    from ..errors import MediaError
    from ..media.pixels.analysis import analyse

    try:
        return analyse(path)[0].thumb
    except (MediaError, OSError):
        return None


def preview_png(op: ImageOp, thumb: Image.Image | None) -> bytes:
    """PNG bytes of the plan drawn over the source thumbnail (or a diagram)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = op.source_size
    canvas = op.canvas
    left, top = min(0, canvas[0]), min(0, canvas[1])
    right, bottom = max(width, canvas[2]), max(height, canvas[3])
    scale = EDGE / max(right - left, bottom - top)

    def at(x: float, y: float) -> tuple[int, int]:
        return round((x - left) * scale), round((y - top) * scale)

    size = at(right, bottom)
    picture = PILImage.new("RGBA", (max(1, size[0]), max(1, size[1])), (234, 238, 242, 255))
    image_box = (*at(0, 0), *at(width, height))
    if thumb is not None:
        shown = thumb.convert("RGBA").resize(
            (max(1, image_box[2] - image_box[0]), max(1, image_box[3] - image_box[1])))
        picture.alpha_composite(shown, image_box[:2])
    else:
        ImageDraw.Draw(picture).rectangle(image_box, fill=(175, 184, 193, 255))
    shade = PILImage.new("RGBA", picture.size, (31, 35, 40, 140))
    mask = PILImage.new("L", picture.size, 255)
    frame = (*at(canvas[0], canvas[1]), *at(canvas[2], canvas[3]))
    ImageDraw.Draw(mask).rectangle(frame, fill=0)
    picture.paste(shade, (0, 0), mask)
    draw = ImageDraw.Draw(picture)
    draw.rectangle(frame, outline=(*BOX, 255), width=2)
    if op.safe_area:
        s = op.safe_area
        cw, ch = canvas[2] - canvas[0], canvas[3] - canvas[1]
        inner = (*at(canvas[0] + s.left * cw, canvas[1] + s.top * ch),
                 *at(canvas[2] - s.right * cw, canvas[3] - s.bottom * ch))
        _dashed(draw, inner, (*SAFE, 255))
    fx, fy = at(op.focus[0] * width, op.focus[1] * height)
    draw.ellipse((fx - 4, fy - 4, fx + 4, fy + 4), outline=(255, 255, 255, 255), width=2,
                 fill=(207, 34, 46, 255))
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _dashed(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int],
            colour: tuple[int, int, int, int], dash: int = 5) -> None:
    x0, y0, x1, y1 = box
    for x in range(x0, x1, 2 * dash):
        draw.line((x, y0, min(x + dash, x1), y0), fill=colour, width=2)
        draw.line((x, y1, min(x + dash, x1), y1), fill=colour, width=2)
    for y in range(y0, y1, 2 * dash):
        draw.line((x0, y, x0, min(y + dash, y1)), fill=colour, width=2)
        draw.line((x1, y, x1, min(y + dash, y1)), fill=colour, width=2)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
