"""Video: count, aspect ratio, duration, file size, resolution, frame rate, container, codecs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..report import Finding
from ..variant.frame_rate import target_fps
from ..variant.reframe_fit import Fit, analyses, fit_words, reframe_fit
from ..wording import plural
from .base import Rule
from .context import TargetContext
from .limits import aspect, bounds, ratio_text, reframe_text, within_ranges
from .meta import RuleMeta

if TYPE_CHECKING:
    from ..content.item import MediaAsset
    from ..media.facts import VideoFacts
    from ..specs.resolve import Tiers
    from ..variant.video_size import SizeChoice

COUNT = RuleMeta("video.count", "Number of videos", "More videos than the format takes.",
                 "Most formats take one video per post. Which one is the author's choice: "
                 "adapt renders only the first, and the variant keeps this error.",
                 failing=("x.post with two videos",),
                 passing=("x.post with one video",))
ASPECT = RuleMeta("video.aspect", "Video aspect ratio",
                  "The video's width/height is outside the range the format shows.",
                  "A horizontal explainer on Reels, TikTok or Shorts plays as a small strip "
                  "between black bars; adapt reframes it to 9:16, following the subject shot by "
                  "shot (or the author's focus), and pads only when no window keeps it.",
                  fixable=True,
                  failing=("a 16:9 video for youtube.short", "a 16:9 video for facebook.reel"),
                  passing=("a 9:16 video for youtube.short", "a 16:9 video for youtube.video"))
DURATION = RuleMeta("video.duration", "Video duration",
                    "The video is longer (or shorter) than the format allows.",
                    "Uploads over the limit are refused or cut by the platform at an arbitrary "
                    "point; adapt trims at the last subtitle cue before the limit.",
                    fixable=True,
                    failing=(
                        "a 5-minute video for youtube.short",
                        "a 2-second clip for instagram.reel",
                    ),
                    passing=("a 45-second video for instagram.reel",))
BYTES = RuleMeta("video.bytes", "Video file size", "The video file is larger than allowed.",
                 "Uploads over the size limit fail; adapt encodes at a bitrate that fits.",
                 fixable=True,
                 failing=(
                     "a 5 GB raw export for instagram.reel",
                     "a video over the format's upload limit",
                 ),
                 passing=("a 40 MB MP4 for instagram.reel",))
REFRAME = RuleMeta("video.reframe", "Video that adapt reframes",
                   "The video's ratio is accepted, but the format prefers another: adapt crops "
                   "it following the subject, or pads it.",
                   "A landscape explainer is accepted on Reels and TikTok, but shown small; "
                   "adapt makes it 9:16, following the subject (or around `focus:`), and pads "
                   "only where no window keeps the subject or the post says `reframe: pad`. "
                   "check says so before anything is encoded.",
                   failing=("a 16:9 video for a format that takes 16:9 but prefers 9:16",),
                   passing=("a 9:16 video for a format that prefers 9:16",))
RESOLUTION = RuleMeta("video.resolution", "Video resolution",
                      "The frame is larger (or smaller) than the format takes.",
                      "Platforms refuse or downscale oversized frames.", fixable=True,
                      failing=(
                          "a vertical 4K video (2160x3840) for instagram.reel",
                          "a 360x640 video for facebook.reel",
                      ),
                      passing=("a 1080x1920 video for instagram.reel",))
FPS = RuleMeta("video.fps", "Video frame rate", "The frame rate is outside the allowed range.",
               "Platforms refuse high frame rates or convert them with judder.", fixable=True,
               failing=(
                   "a 120 fps slow-motion clip for instagram.reel",
                   "a 15 fps screen recording for instagram.reel",
               ),
               passing=("a 30 fps video for instagram.reel", "a 25 fps video for tiktok.video"))
CODEC = RuleMeta("video.codec", "Video container or codec",
                 "The container, video codec or audio codec is not one the platform accepts.",
                 "H.264 video and AAC audio in MP4 is accepted everywhere; other codecs are "
                 "refused or re-encoded badly.", fixable=True,
                 failing=("an MKV file for instagram.reel", "a video with Opus audio for x.post"),
                 passing=(
                     "an H.264/AAC MP4 for instagram.reel",
                     "an HEVC .mov from an iPhone for instagram.reel",
                 ))

UPSCALE = RuleMeta("video.upscale", "Video enlarged beyond the bound",
                   "The source has too few pixels for the frame the format needs (or "
                   "recommends) without enlarging it more than `adapt.video.max_upscale`.",
                   "A 640x360 video cropped to 9:16 keeps 202 pixels across; Reels recommend "
                   "1080x1920, a 5.3x enlargement that only looks soft. adapt picks an exact "
                   "smaller scaling of the platform's size (360x640) and says so; where even "
                   "the minimum needs more (Facebook Reels: 540x960), it enlarges and warns.",
                   failing=("a 640x360 video for facebook.reel",),
                   passing=("a 1920x1080 video for facebook.reel",))


def container_name(container: str, brand: str | None, codec: str) -> str:
    """A spec-style container name from ffmpeg's demuxer name and the MP4 brand."""
    if container.startswith("mov,mp4"):
        return "mov" if (brand or "").strip() == "qt" else "mp4"
    if container.startswith("matroska"):
        return "webm" if codec in {"vp8", "vp9", "av1"} else "mkv"
    return container.split(",")[0]


def check_video(ctx: TargetContext) -> Iterator[Finding]:
    videos = ctx.media_of("video")
    if not videos or "video" not in ctx.spec.media:
        return
    yield from bounds(ctx, COUNT.id, "video", len(videos), low=None, high="max_count",
                      what="videos", unit="videos", key=("media",),
                      said=f"the post has {plural(len(videos), 'video')}",
                      fixable_high=False)  # the author chooses (``left_out``)
    for index, asset in videos:
        facts = ctx.media_facts(index)
        if facts is None:
            continue
        from ..variant.geometry import aspect_aim, crop_share  # for a post with videos only

        key = ("media", index, "path")
        ratio = facts.width / facts.height
        target = aspect_aim(ctx.tiers, "video").target(ratio)
        how = fit_words(asset, _fit(ctx, asset, target, ratio), crop_share(ratio, target))
        yield from aspect(ctx, ASPECT.id, "video", ratio, path=asset.path, key=key,
                          hint=f"adapt reframes it to {ratio_text(target)}, {how}")
        planned = planned_reframe(ctx.tiers, facts.width, facts.height)
        if planned is not None:
            yield ctx.finding(
                REFRAME.id, reframe_text(asset.path, ratio, planned, f"reframes it, {how}"),
                severity="warning",
                key=key, target=ctx.target, tier="recommended", measured=round(ratio, 4),
                limit=round(planned, 4), unit="width/height",
                hint="set `focus:` to choose what stays, or `reframe: pad` to keep it whole")
        yield from bounds(ctx, DURATION.id, "video", facts.duration, low="min_duration",
                          high="max_duration", what=f"{asset.path} duration", unit="s",
                          key=key, fixable_high=True, show=f"{facts.duration:.1f}",
                          cuts_to=ctx.tiers.enforced("video", "max_duration"))
        yield from bounds(ctx, BYTES.id, "video", facts.bytes, low=None, high="max_bytes",
                          what=f"{asset.path} size", unit="bytes", key=key, fixable_high=True)
        size = _size(ctx, asset, facts)
        for name, measured, out in (("width", facts.width, size.width),
                                    ("height", facts.height, size.height)):
            # Below a minimum, adapt enlarges to its chosen size: fixable where that reaches it.
            yield from bounds(ctx, RESOLUTION.id, "video", measured, low=f"min_{name}",
                              high=f"max_{name}", what=f"{asset.path} {name}", unit="px",
                              key=key, fixable_high=True,
                              reaches=_reaches(out),
                              hint=f"adapt enlarges it to {size.width}x{size.height}"
                              if size.upscale > 1.001 else None)
        yield from bounds(ctx, RESOLUTION.id, "video", facts.width * facts.height, low=None,
                          high="max_pixels", what=f"{asset.path} frame", unit="pixels",
                          key=key, fixable_high=True)
        # adapt encodes at ``target_fps`` (the planner's own decision): fixable where that
        # rate meets the bound, a norm stricter than the enforced range not.
        fps = target_fps(facts.fps, ctx.tiers.enforced("video", "min_fps"),
                         ctx.tiers.enforced("video", "max_fps")) or facts.fps
        yield from bounds(ctx, FPS.id, "video", facts.fps, low="min_fps", high="max_fps",
                          what=f"{asset.path} frame rate", unit="fps", key=key,
                          fixable_high=True, show=f"{facts.fps:.3g}", reaches=_reaches(fps),
                          cuts_to=fps,
                          hint=f"adapt encodes it at {fps:.3g} fps" if fps != facts.fps
                          else None)
        yield from _codecs(ctx, key, asset.path, facts)
        yield from _upscale(ctx, key, asset.path, size)


def planned_reframe(tiers: Tiers, width: int, height: int) -> float | None:
    """The ratio adapt reframes a video to although its own is accepted (the format prefers
    another), or None. The video planner notes `video.reframe` where this says so."""
    from ..variant.geometry import aspect_aim

    ratio, tolerance = width / height, tiers.fmt.aspect_tolerance
    planned = aspect_aim(tiers, "video").target(ratio)
    if abs(planned / ratio - 1) <= tolerance or not within_ranges(tiers, "video", ratio,
                                                                  tolerance):
        return None
    return planned


def _reaches(out: float) -> Callable[[float], bool]:
    """Whether an output of ``out`` (pixels across, frames per second) meets a minimum."""
    return lambda limit: out >= limit - 1e-9


def _bound(ctx: TargetContext) -> float:
    return ctx.settings.video.max_upscale


def _fit(ctx: TargetContext, asset: MediaAsset, aspect: float, ratio: float) -> Fit:
    """Crop, pad or "the subject decides", as the video planner decides it
    (``variant.reframe_fit``) for ``asset`` of ``ratio`` reframed to ``aspect``."""
    from ..variant.geometry import crop_share

    return reframe_fit(asset, analysed=analyses(ctx.prober, asset),
                       share=crop_share(ratio, aspect),
                       min_share=ctx.settings.video.crop_min_share)


def _size(ctx: TargetContext, asset: MediaAsset, facts: VideoFacts) -> SizeChoice:
    """The output frame adapt will choose: the same functions decide
    (``variant.video_size``, ``variant.reframe_fit``). Where the subject decides, a crop is
    assumed; where the planner pads instead (no window keeps the subject), its frame may
    differ and the plan's re-check says so."""
    from ..variant import video_size
    from ..variant.geometry import aspect_aim

    ratio = facts.width / facts.height
    aspect = aspect_aim(ctx.tiers, "video").target(ratio)
    fit: video_size.Fit = "scale"
    if abs(aspect / ratio - 1) > ctx.spec.aspect_tolerance:
        fit = "pad" if _fit(ctx, asset, aspect, ratio) == "pad" else "crop"
    natural = video_size.natural_width(facts.width, facts.height, aspect, fit)
    return video_size.honest_size(natural, aspect,
                                  video_size.size_limits(ctx.tiers, _bound(ctx)))


def _upscale(ctx: TargetContext, key: tuple[str | int, ...], path: str,
             choice: SizeChoice) -> Iterator[Finding]:
    """What adapt's size choice will say, before anything is encoded."""
    from ..variant import video_size

    bound = _bound(ctx)
    message = video_size.describe(choice, bound)
    if message is None or choice.short_of is None or choice.needs is None:
        return
    yield ctx.finding(UPSCALE.id, f"{path}: {message}",
                      severity=video_size.SEVERITY[choice.short_of], key=key,
                      target=ctx.target, measured=round(choice.needs, 2), limit=bound,
                      unit="x", fixable=False)


def _codecs(ctx: TargetContext, key: tuple[str | int, ...], path: str,
            facts: VideoFacts) -> Iterator[Finding]:
    container = container_name(facts.container, facts.brand, facts.video_codec)
    checks = (("containers", container, "container"),
              ("video_codecs", facts.video_codec, "video codec"),
              ("audio_codecs", facts.audio_codec, "audio codec"))
    for field, measured, what in checks:
        if measured is None:
            continue
        for tier, accepted in ctx.tiers.each("video", field):
            if measured not in accepted.value:
                yield ctx.limit_finding(
                    CODEC.id, tier, accepted,
                    f"{path} has {what} {measured}; the format takes "
                    f"{', '.join(accepted.value)}",
                    key=key, measured=measured, limit=", ".join(accepted.value), fixable=True,
                )


RULES = (
    Rule(COUNT, "target", check_video,
         also=(ASPECT, REFRAME, DURATION, BYTES, RESOLUTION, FPS, CODEC, UPSCALE)),
)
