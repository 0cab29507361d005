"""Images: count, aspect ratio, pixel size, file size, format, and one ratio per carousel."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..report import Finding
from ..wording import plural
from .base import Rule
from .context import TargetContext
from .limits import aspect, bounds, ratio_text, reframe_text, within_ranges
from .meta import RuleMeta

if TYPE_CHECKING:
    from ..content.item import MediaAsset
    from ..specs.resolve import Tiers

#: Pillow's format names to the names spec files use.
PILLOW_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp",
                  "HEIF": "heic", "AVIF": "avif", "TIFF": "tiff", "BMP": "bmp"}

COUNT = RuleMeta("image.count", "Number of images",
                 "More (or fewer) images than the format takes.",
                 "Instagram takes at most 10 images in a carousel via its API, Bluesky 4, X 4; "
                 "extra images are refused.", fixable=True,
                 failing=(
                     "x.post with five photos",
                     "bluesky.post with five photos",
                     "linkedin.multi_image with one photo",
                 ),
                 passing=("bluesky.post with four photos", "x.post with one photo"))
ASPECT = RuleMeta("image.aspect", "Image aspect ratio",
                  "The image's width/height is outside the range the format shows.",
                  "Platforms crop images outside their range themselves, often through a face "
                  "or the text of an infographic. adapt crops around the focal point or pads.",
                  fixable=True,
                  failing=(
                      "a 9:16 phone screenshot for instagram.feed",
                      "a 3:1 panorama for instagram.feed",
                  ),
                  passing=(
                      "a 4:5 photo (1080x1350) for instagram.feed",
                      "a 1:1 photo for instagram.feed",
                  ))
SIZE = RuleMeta("image.size", "Image pixel size",
                "The image is smaller or larger in pixels than the format takes.",
                "A small image is blurred when the platform scales it up; a huge one is "
                "refused or recompressed badly.", fixable=True,
                failing=(
                    "a 200-pixel-wide logo for instagram.feed",
                    "a 50-megapixel camera photo for linkedin.post",
                ),
                passing=(
                    "a 1080x1350 photo for instagram.feed",
                    "a 12-megapixel phone photo for linkedin.post",
                ))
BYTES = RuleMeta("image.bytes", "Image file size", "The image file is larger than allowed.",
                 "Uploads over the size limit fail; adapt searches the JPEG quality that fits.",
                 fixable=True,
                 failing=(
                     "a 12 MB camera JPEG for x.post",
                     "a JPEG over the platform's file size limit",
                 ),
                 passing=("a 400 KB JPEG for instagram.feed",))
FORMAT = RuleMeta("image.format", "Image file format",
                  "The image is in a format the platform does not accept.",
                  "Instagram's API takes JPEG only; HEIC from phones is refused by most APIs.",
                  fixable=True,
                  failing=("a PNG infographic for instagram.feed", "a TIFF scan for x.post"),
                  passing=("a JPEG photo for instagram.feed", "a PNG infographic for x.post"))
REFRAME = RuleMeta("image.reframe", "Image that adapt reframes",
                   "The image's ratio is accepted, but the format prefers another: adapt crops "
                   "or pads it to the preferred ratio.",
                   "A format that shows one ratio best (LinkedIn's 1.91:1 link card, a story's "
                   "9:16) gets it from adapt: a crop around the focal point, or padding where a "
                   "crop would lose the subject or the post says `reframe: pad`. check says so "
                   "before anything is made, so a crop that matters can be chosen by hand "
                   "(`focus:`, `reframe:`).",
                   failing=("a 4:5 infographic for a format that prefers 1.91:1",),
                   passing=("a 1.91:1 photo for a format that prefers 1.91:1",))
ANIMATION = RuleMeta("image.animation", "Animation too large to keep as it is",
                    "An animated image has more frames, or larger ones, than the run's limits "
                    "let adapt hold: adapt makes it smaller, or uses its first frame.",
                    "Every frame of an animation is decoded, and a small GIF can hold hundreds "
                    "of large frames: a pull request could exhaust the CI runner's memory. "
                    "The bounds are settings (`limits.image_decoded_bytes`, "
                    "`limits.animation_frames`); check says what adapt will do, before it does.",
                    fixable=True,
                    failing=("a GIF of 300 frames of 2000x2000 for x.post",
                             "a GIF of 1,500 frames for x.post"),
                    passing=("a GIF of 60 frames of 480x480 for x.post",))
CAROUSEL = RuleMeta("image.carousel_aspect", "Carousel images of different ratios",
                    "A carousel whose images have different aspect ratios.",
                    "Instagram shows every image of a carousel at the ratio of the first and "
                    "crops the others.", fixable=True,
                    failing=("instagram.carousel of a 1:1 and a 4:5 photo",),
                    passing=("instagram.carousel of three 4:5 photos",))


def check_images(ctx: TargetContext) -> Iterator[Finding]:
    images = ctx.media_of("image")
    if "image" not in ctx.spec.media:
        return
    # A minimum is about carousels (LinkedIn multi-image: 2 at least); a post without images
    # is a text or video post, and formats that need media say so with `requires_media`.
    yield from bounds(ctx, COUNT.id, "images", len(images),
                      low="min_count" if images else None, high="max_count",
                      what="images", unit="images", key=("media",),
                      said=f"the post has {plural(len(images), 'image')}",
                      fixable_high=True)
    for index, asset in images:
        facts = ctx.media_facts(index)
        if facts is None:
            continue
        key = ("media", index, "path")
        ratio = facts.width / facts.height
        yield from aspect(ctx, ASPECT.id, "images", ratio, path=asset.path, key=key,
                          hint="adapt crops around the focal point or pads")
        yield from _reframe(ctx, asset, facts.width, facts.height, key)
        for name, measured, unit in (("width", facts.width, "px"),
                                     ("height", facts.height, "px")):
            yield from bounds(ctx, SIZE.id, "images", measured, low=f"min_{name}",
                              high=f"max_{name}", what=f"{asset.path} {name}", unit=unit,
                              key=key, fixable_high=True,
                              hint="adapt scales a large image down; a small one needs a "
                              "better source")
        yield from bounds(ctx, SIZE.id, "images", facts.width * facts.height, low=None,
                          high="max_pixels", what=f"{asset.path} area", unit="pixels", key=key,
                          fixable_high=True)
        yield from bounds(ctx, BYTES.id, "images", facts.bytes, low=None, high="max_bytes",
                          what=f"{asset.path} size", unit="bytes", key=key, fixable_high=True)
        fmt = PILLOW_FORMATS.get(facts.format.upper(), facts.format.lower())
        for tier, formats in ctx.tiers.each("images", "formats"):
            if fmt not in formats.value:
                yield ctx.limit_finding(
                    FORMAT.id, tier, formats,
                    f"{asset.path} is {fmt.upper()}; the format takes "
                    f"{', '.join(f.upper() for f in formats.value)}",
                    key=key, measured=fmt, limit=", ".join(formats.value), fixable=True,
                )
    yield from _carousel(ctx, images)


def planned_reframe(tiers: Tiers, width: int, height: int) -> float | None:
    """The ratio adapt reframes an image to although its own is accepted (the format prefers
    another), or None. The image planner notes `image.reframe` where this says so."""
    from ..variant.geometry import aspect_aim, same_ratio  # for a post with images only

    ratio, tolerance = width / height, tiers.fmt.aspect_tolerance
    planned = aspect_aim(tiers, "images").target(ratio)
    if same_ratio(width, height, planned, tolerance=tolerance) or not within_ranges(
            tiers, "images", ratio, tolerance):
        return None
    return planned


def reframe_message(path: str, width: int, height: int, planned: float, reframe: str) -> str:
    how = "padded (reframe: pad)" if reframe == "pad" else (
        "cropped (reframe: crop)" if reframe == "crop" else
        "cropped around the focal point, or padded where a crop would lose the subject")
    return reframe_text(path, width / height, planned, f"reframes it, {how}")


def _reframe(ctx: TargetContext, asset: MediaAsset, width: int, height: int,
             key: tuple[str | int, ...]) -> Iterator[Finding]:
    planned = planned_reframe(ctx.tiers, width, height)
    if planned is None:
        return
    yield ctx.finding(REFRAME.id, reframe_message(asset.path, width, height, planned,
                                                  asset.reframe),
                      severity="warning", key=key, target=ctx.target, tier="recommended",
                      measured=round(width / height, 4), limit=round(planned, 4),
                      unit="width/height",
                      hint="choose the crop with `focus:`, or `reframe: pad` to keep it whole")


def _carousel(ctx: TargetContext, images: Sequence[tuple[int, object]]) -> Iterator[Finding]:
    ratios = []
    for index, _ in images:
        facts = ctx.media_facts(index)
        if facts is not None:
            ratios.append(facts.width / facts.height)
    if len(ratios) < 2:
        return
    spread = max(ratios) / min(ratios) - 1
    if spread <= ctx.spec.aspect_tolerance:
        return
    for tier, same in ctx.tiers.each("images", "same_aspect"):
        if same.value:
            shown = ", ".join(ratio_text(r) for r in ratios)
            yield ctx.limit_finding(
                CAROUSEL.id, tier, same,
                f"carousel images have different ratios ({shown}); the format shows them "
                "all at one ratio", key=("media",), fixable=True,
            )
            return


RULES = (Rule(COUNT, "target", check_images,
              also=(ASPECT, REFRAME, SIZE, BYTES, FORMAT, ANIMATION, CAROUSEL)),)
