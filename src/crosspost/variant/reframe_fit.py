"""Crop or pad: how adapt reframes a video, as far as it is decided before the pixels are read.

The video planner (``transforms.video.step``) and check's `video.reframe` and `video.upscale`
rules ask ``reframe_fit`` the same question, so check never names an action adapt does not
take. The author's choice wins (``reframe: pad``, a focal point or focus track, ``reframe:
crop``). Otherwise, where the prober will analyse the video, its subject decides ("subject":
a crop that follows it, or a pad where no window keeps it), which check cannot know and so
words as either; without an analysis, the share of the picture a centre crop keeps decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..content.item import MediaAsset
    from ..media.prober import Prober

Fit = Literal["crop", "pad", "subject"]


def analyses(prober: Prober | None, asset: MediaAsset) -> bool:
    """Whether planning will ask ``prober`` what ``asset`` shows (``PlanContext.scene``)."""
    from ..media.prober import SceneProber

    return isinstance(prober, SceneProber) and asset.resolved is not None


def reframe_fit(asset: MediaAsset, *, analysed: bool, share: float, min_share: float) -> Fit:
    """``pad``, ``crop``, or ``subject`` (the analysis decides) for ``asset`` reframed to an
    aspect whose centre crop keeps ``share`` of the picture; ``min_share`` is the policy's
    ``adapt.video.crop_min_share``."""
    if asset.reframe == "pad":
        return "pad"
    if asset.focus_point is not None or asset.focus_track is not None or asset.reframe == "crop":
        return "crop"
    if analysed:
        return "subject"
    return "crop" if share >= min_share else "pad"


def fit_words(asset: MediaAsset, fit: Fit, share: float) -> str:
    """What check says adapt will do (``reframes it, <words>``), in the planner's terms."""
    if fit == "subject":
        return "cropped following the subject, or padded where no window keeps it"
    if fit == "pad":
        return ("padded (reframe: pad)" if asset.reframe == "pad" else
                f"padded: a centre crop would keep only {share:.0%} of the picture")
    if asset.focus_point is not None:
        return "cropped around the focal point in the post"
    if asset.focus_track is not None:
        return "cropped following the focus points in the post"
    if asset.reframe == "crop":
        return "cropped (reframe: crop)"
    return f"cropped in the centre, keeping {share:.0%} of the picture"
