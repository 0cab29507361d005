"""One decision for the aspect of images and video (``variant.geometry.AspectAim``), and one
for crop or pad (``variant.reframe_fit``), called by check and by both planners.

- The maths: the chosen aspect is one the format accepts; a format with a range that is not
  shown full screen keeps an accepted source ratio; one shown full screen (or without a range)
  gets a preferred ratio where it accepts one; choosing again from the result changes nothing
  (a variant is never reframed a second time).
- The planners: for every bundled format, the image planner's ratio and the video planner's
  aspect are the decision's, whatever the source's size.
- The wording: on real generated videos (ffmpeg, scene analysis), what check's
  `video.reframe` says adapt will do is what adapt does.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_one_verdict import present

from crosspost.checking import check_item
from crosspost.content.item import MediaAsset, SourceItem
from crosspost.media.facts import ImageFacts, VideoFacts
from crosspost.media.prober import FakeProber, FileProber
from crosspost.planning import plan_item
from crosspost.specs.registry import load_specs
from crosspost.specs.resolve import tiers_for
from crosspost.variant.geometry import AspectAim, aspect_aim
from crosspost.variant.video_ops import VideoOp

RATIOS = st.floats(min_value=0.2, max_value=5.0, allow_nan=False)
SPECS = load_specs()


def _allowed(aim: AspectAim, ratio: float) -> bool:
    return (aim.low is None or ratio >= aim.low * (1 - aim.tolerance)) and (
        aim.high is None or ratio <= aim.high * (1 + aim.tolerance))


@st.composite
def aims(draw: st.DrawFn) -> AspectAim:
    low = draw(st.none() | RATIOS)
    high = draw(st.none() | RATIOS)
    if low is not None and high is not None and low > high:
        low, high = high, low
    preferred = tuple(draw(st.lists(RATIOS, max_size=4)))
    return AspectAim(low=low, high=high, preferred=preferred, fill=draw(st.booleans()),
                     tolerance=draw(st.sampled_from([0.0, 0.005, 0.01, 0.05])))


@given(aim=aims(), source=RATIOS)
def test_the_aspect_is_accepted_and_chosen_once(aim: AspectAim, source: float) -> None:
    out = aim.target(source)
    assert _allowed(aim, out)
    assert math.isclose(aim.target(out), out, rel_tol=1e-9)  # never reframed a second time
    ranged = aim.low is not None or aim.high is not None
    matches = [p for p in aim.preferred if abs(source / p - 1) <= aim.tolerance]
    candidates = [p for p in aim.preferred if _allowed(aim, p)]
    if ranged and not aim.fill:
        # a feed: an accepted ratio is kept, another is brought to the nearest bound
        if _allowed(aim, source):
            assert out == source
        else:
            assert out in (aim.low, aim.high)
    elif _allowed(aim, source) and (matches or not aim.preferred):
        assert out == source
    elif candidates:  # full screen, or no range: the nearest preferred ratio it accepts
        assert out in candidates
        nearest = min(abs(math.log(p / source)) for p in candidates)
        assert math.isclose(abs(math.log(out / source)), nearest, rel_tol=1e-9)


def test_a_feed_keeps_a_four_by_three_video_and_a_reel_fills_the_screen() -> None:
    """The two planners once disagreed: images kept an accepted ratio, video took the
    preferred one even in a feed (a 4:3 video became 16:9 on X)."""
    x = aspect_aim(tiers_for(SPECS.resolve("x.post")), "video")
    reel = aspect_aim(tiers_for(SPECS.resolve("instagram.reel")), "video")
    feed = aspect_aim(tiers_for(SPECS.resolve("instagram.feed")), "images")
    assert x.target(4 / 3) == 4 / 3
    assert feed.target(4 / 3) == 4 / 3
    assert reel.target(16 / 9) == pytest.approx(9 / 16)


# --- the planners ask the same decision -------------------------------------------------------

MEDIA = Path(tempfile.gettempdir()) / "crosspost-aspect"  # empty files: facts by hand
IMAGE_TARGETS = [t for t in SPECS.targets() if "image" in SPECS.resolve(t).media]
VIDEO_TARGETS = [t for t in SPECS.targets() if "video" in SPECS.resolve(t).media]
SIDES = st.sampled_from([180, 360, 640, 720, 1080, 1200, 1350, 1920, 3024, 4032])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(IMAGE_TARGETS + VIDEO_TARGETS), width=SIDES, height=SIDES,
       video=st.booleans())
def test_both_planners_reach_the_one_decision(target: str, width: int, height: int,
                                              video: bool) -> None:
    kind = "video" if video else "image"
    assume(kind in SPECS.resolve(target).media)
    prober = FakeProber()
    path = present(MEDIA / ("v.mp4" if video else "i.jpg"))
    if video:
        prober.add(path, VideoFacts(path=str(path), container="mov,mp4,m4a,3gp,3g2,mj2",
                                    brand="isom", duration=8.0, width=width, height=height,
                                    fps=25.0, video_codec="h264", audio_codec="aac",
                                    bytes=3_000_000))
    else:
        prober.add(path, ImageFacts(path=str(path), format="JPEG", width=width,
                                    height=height, bytes=300_000))
    item = SourceItem(id="p", text="Tekst.", language="nl", targets=[target],
                      media=[MediaAsset(path=path.name, alt="Een beeld", resolved=path)])
    plan = plan_item(item, target, SPECS, prober=prober)
    step = "video.reframe" if video else "image.adapt"
    [change] = [c for c in plan.history if c.step == step]
    wanted = aspect_aim(tiers_for(SPECS.resolve(target), SPECS.policy, has_media=True),
                        "video" if video else "images").target(width / height)
    chosen = change.detail["aspect"] if video else change.detail["ratio"]
    if not video and change.detail["mode"] == "keep":
        chosen = wanted  # kept: the source is the decision's ratio (within the tolerance)
        assert abs(width / height / wanted - 1) <= SPECS.resolve(target).aspect_tolerance + 0.01
    assert chosen == pytest.approx(wanted, abs=1e-4)


# --- check's wording is adapt's action, on real videos ----------------------------------------

SCENES_TARGETS = ["tiktok.video", "instagram.reel", "youtube.video", "youtube.short"]
SCENE_NAMES = ["walk", "talking_head", "empty", "portrait", "two_people"]
#: Two people at the far edges of a 16:9 frame: no 9:16 window keeps both, so adapt pads.
TWO_PEOPLE = ("color=c=0x707070:s=320x180:d=2:r=12,noise=alls=20:allf=t,"
              "drawbox=x=8:y=30:w=60:h=130:color=0xe0ac8c:t=fill,"
              "drawbox=x=252:y=30:w=60:h=130:color=0x2040c0:t=fill")


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small generated scenes (16:9 unless said): a subject walking across, one standing
    off-centre, nothing salient, a portrait clip (9:16) with a subject, two people far apart."""
    from crosspost.testing import encode, ffmpeg_path
    from video.scenes import make_video

    folder = tmp_path_factory.mktemp("aspect-scenes")
    out = {}
    for name, scene, size in (("walk", "walk", (320, 180)),
                              ("talking_head", "talking_head", (320, 180)),
                              ("empty", "empty", (320, 180)),
                              ("portrait", "talking_head", (180, 320))):
        path = folder / f"{name}.mp4"
        make_video(scene, path, width=size[0], height=size[1], fps=12.0, seconds=2.0)
        out[name] = path
    out["two_people"] = encode(ffmpeg_path(), folder / "two_people.mp4", "-f", "lavfi",
                               "-i", TWO_PEOPLE, "-c:v", "libx264", "-preset", "ultrafast",
                               "-pix_fmt", "yuv420p")
    return out


@pytest.fixture(scope="module")
def prober() -> FileProber:
    """One prober for the module: each video is analysed once for every case."""
    return FileProber()


def _says(message: str) -> set[str]:
    """What check promises (`video.reframe`'s message, `video.aspect`'s hint): crop, pad or
    either."""
    words = message.split("reframes it", 1)[1].split(", ", 1)[1]
    if ", or padded" in words:
        return {"crop", "pad"}
    return {"pad"} if words.startswith("padded") else {"crop"}


def _check_and_adapt(video: Path, target: str, reframe: str,
                     focus: tuple[float, float] | None, prober: FileProber
                     ) -> tuple[list[str], str, list[str]]:
    """What check says adapt does to ``video`` (reframe finding, or the aspect's hint), what
    the plan does (crop, pad or scale) and the plan's own `video.reframe` notes."""
    extra = {"focus": focus} if focus is not None else {}
    asset = MediaAsset(path=video.name, alt="Een video", reframe=reframe, resolved=video,
                       **extra)
    item = SourceItem(id="p", text="Tekst.", language="nl", targets=[target], media=[asset])
    report = check_item(item, None, SPECS, prober, None, set())
    said = [f.message for f in report.findings if f.rule == "video.reframe"]
    said += [f.hint or "" for f in report.findings if f.rule == "video.aspect"]
    plan = plan_item(item, target, SPECS, prober=prober)
    [op] = [o for m in plan.media for o in m.operations if isinstance(o, VideoOp)]
    notes = [f.message for f in plan.findings if f.rule == "video.reframe"]
    return said, op.frame.fit, notes


@pytest.mark.parametrize("focus", [None, (0.7, 0.4)], ids=["no-focus", "focus"])
@pytest.mark.parametrize("reframe", ["auto", "pad", "crop"])
@pytest.mark.parametrize("target", SCENES_TARGETS)
@pytest.mark.parametrize("name", SCENE_NAMES)
def test_check_says_what_adapt_does_to_a_real_video(videos: dict[str, Path], prober: FileProber,
                                                    name: str, target: str, reframe: str,
                                                    focus: tuple[float, float] | None) -> None:
    said, fit, notes = _check_and_adapt(videos[name], target, reframe, focus, prober)
    if fit == "scale":
        assert said == [], "check says adapt reframes a video it only scales"
        return
    assert said, f"adapt {fit}s the video, check said nothing"
    for words in said:
        assert fit in _says(words), f"adapt {fit}s; check: {words}"
    done = "cropped it" if fit == "crop" else "padded it"
    assert all(n.endswith(done) for n in notes), notes


def test_the_subject_decides_and_check_says_so(videos: dict[str, Path],
                                               prober: FileProber) -> None:
    """Where the analysis decides, check cannot know the answer and says both; adapt crops
    around one person and pads two people far apart."""
    one, fit_one, _ = _check_and_adapt(videos["talking_head"], "tiktok.video", "auto", None,
                                       prober)
    two, fit_two, _ = _check_and_adapt(videos["two_people"], "tiktok.video", "auto", None,
                                       prober)
    assert (fit_one, fit_two) == ("crop", "pad")
    assert _says(one[0]) == _says(two[0]) == {"crop", "pad"}
