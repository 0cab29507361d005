"""The example campaign: its folder, posts and a FakeProber with the real files' facts.

Media facts are made by hand (the numbers the real files have), so planning reads no pixels;
subtitle files are parsed for real (plain text).
"""

from __future__ import annotations

from pathlib import Path

from crosspost.media.facts import ImageFacts, Subtitles, VideoFacts
from crosspost.media.prober import FakeProber
from crosspost.media.subtitles.parse import load_subtitles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POSTS = sorted(p for p in (EXAMPLES / "posts").iterdir() if p.suffix in {".md", ".yaml"})
MEDIA = EXAMPLES / "posts" / "media"


class ExampleProber(FakeProber):
    """Image and video facts by hand; subtitles parsed from the real file."""

    def subtitles(self, path: str | Path) -> Subtitles:
        self.calls.append(("subtitles", str(path)))
        return load_subtitles(path)


def example_prober() -> ExampleProber:
    prober = ExampleProber()
    images = {
        "besparing.png": {"format": "PNG", "width": 1080, "height": 1350, "bytes": 6363},
        "informatieavond.jpg": {"format": "JPEG", "width": 1200, "height": 628,
                                "bytes": 27401},
        "zonnepanelen.jpg": {"format": "JPEG", "width": 1600, "height": 1200, "bytes": 76361,
                             "has_exif": True, "has_location": True},
    }
    for name, facts in images.items():
        path = (MEDIA / name).resolve()
        prober.add(path, ImageFacts(path=str(path), **facts))
    video = (MEDIA / "warmtepomp-uitleg.mp4").resolve()
    prober.add(video, VideoFacts(
        path=str(video), container="mov,mp4,m4a,3gp,3g2,mj2", brand="isom", duration=24.0,
        width=640, height=360, fps=25.0, video_codec="h264", pixel_format="yuv420p",
        audio_codec="aac", audio_channels=1, audio_sample_rate=44100, bytes=342439,
    ))
    return prober
