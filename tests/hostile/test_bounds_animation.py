"""Bounded memory for animations: a small GIF can hold hundreds of large frames.

A 375 KB GIF of 300 frames of 600x600 made ``adapt`` peak at about 490 MB (every composed RGBA
frame held, then Pillow's copies of them) against the 256 MiB budget. The image planner now
decides, from frames x output size, whether the animation fits ``limits.image_decoded_bytes``
as it is, at a smaller size, or not at all (its first frame, or an error where policy asks);
``limits.animation_frames`` bounds the frame count. ``check`` says what ``adapt`` does, with
the same finding, and ``adapt`` does it within the budget (issue 17, item 4).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from .conftest import Repo, Run, peak_of_adapt

_MIB = 2**20


def animation(fmt: str, frames: int, size: int) -> bytes:
    """A square moving across a flat background: every frame differs, the file stays small."""
    shots = []
    for n in range(frames):
        shot = Image.new("P", (size, size), 1)
        shot.putpalette([0, 0, 0, 20, 60, 120, 250, 220, 0] + [0] * 759)
        step = (n * 7) % (size - size // 8)
        shot.paste(2, (step, step, step + size // 8, step + size // 8))
        shots.append(shot if fmt == "GIF" else shot.convert("RGB"))
    buffer = io.BytesIO()
    options = {"lossless": True, "method": 0} if fmt == "WEBP" else {}
    shots[0].save(buffer, fmt, save_all=True, append_images=shots[1:], duration=40, loop=0,
                  **options)
    return buffer.getvalue()


def gif_post(repo: Repo, data: bytes, *, limits: str = "", name: str = "beweging.gif") -> None:
    repo.file("crosspost.toml", f'targets = ["x.post"]\n{limits}')
    repo.file(f"posts/media/{name}", data)
    repo.post("beweging.md", f"---\nid: beweging\nmedia:\n  - {{path: media/{name}, "
                             "alt: Een bewegend vierkant}\n---\nKijk eens.\n")


def test_adapt_of_a_many_frame_gif_stays_within_its_budget(repo: Repo) -> None:
    """200 frames of 600x600 (288 MB as RGBA) under a 32 MiB budget: before, adapt held every
    frame at full size (peak about 360 MB above the process itself); now it makes the frames
    small enough that all of them fit, and its peak stays under the budget above the peak of
    the same run on a one-frame GIF (the Python process, Pillow and crosspost: about 70 MB)."""
    budget = 32 * _MIB
    limits = f"[limits]\nimage_decoded_bytes = {budget}\n"
    gif_post(repo, animation("GIF", 1, 64), limits=limits)
    code, baseline, said = peak_of_adapt(repo.root)
    assert code == 0, said
    gif_post(repo, animation("GIF", 200, 600), limits=limits)
    code, peak, said = peak_of_adapt(repo.root)
    assert code == 0, said
    assert (peak - baseline) * 1024 < budget, (
        f"adapt peaked at {peak // 1024} MiB, {(peak - baseline) // 1024} MiB above a one-frame "
        f"run; the budget is {budget // _MIB} MiB")
    with Image.open(repo.out / "beweging" / "x.post" / "01-beweging.gif") as made:
        assert made.n_frames == 200
        # 32 MiB less reading three 600x600 RGBA frames, over 200 frames x 4 bytes: 36,543
        # pixels a frame
        assert made.size == (191, 191)
        assert made.size[0] * made.size[1] * 4 * 200 + 3 * 600 * 600 * 4 <= budget


def _findings(run: Run, command: str) -> list[dict[str, object]]:
    if command == "check":
        done = run("check", "--format", "json")
        return [f for f in json.loads(done.out)["findings"] if f["rule"] == "image.animation"]
    done = run("adapt")
    manifest = Path("out/beweging/x.post/manifest.json")
    assert manifest.is_file(), done.out
    found = json.loads(manifest.read_text("utf-8"))["findings"]
    return [f for f in found if f["rule"] == "image.animation"]


@pytest.mark.parametrize(("fmt", "frames", "limits", "policy", "expect"), [
    ("GIF", 40, "image_decoded_bytes = 8388608", "", ("info", "stays animated at 201x201")),
    ("WEBP", 40, "image_decoded_bytes = 8388608", "", ("info", "stays animated at 201x201")),
    ("PNG", 40, "image_decoded_bytes = 8388608", "", ("info", "stays animated at 201x201")),
    ("GIF", 40, "animation_frames = 30", "", ("warning", "more than the 30 an animation may "
                                                        "have (limits.animation_frames): the "
                                                        "first frame is used")),
    ("GIF", 40, "animation_frames = 30", "gif: finding", ("error", "policy asks for a "
                                                                   "finding instead of the "
                                                                   "first frame")),
])
def test_check_says_what_adapt_does_with_an_animation(
        repo: Repo, run: Run, fmt: str, frames: int, limits: str, policy: str,
        expect: tuple[str, str]) -> None:
    """One verdict: the finding ``check`` gives is the one ``adapt`` writes in the manifest,
    and the file ``adapt`` writes is what it says (animated and how large, or a still)."""
    name = {"GIF": "beweging.gif", "WEBP": "beweging.webp", "PNG": "beweging.png"}[fmt]
    gif_post(repo, animation(fmt, frames, 400), limits=f"[limits]\n{limits}\n", name=name)
    if policy:
        repo.file("policy.yaml", f"name: Test\nadapt:\n  image:\n    {policy}\n")
        repo.file("crosspost.toml", f'targets = ["x.post"]\npolicy = "policy.yaml"\n'
                                    f"[limits]\n{limits}\n")
    checked = _findings(run, "check")
    adapted = _findings(run, "adapt")
    keys = ("rule", "severity", "message", "line", "field", "target")
    assert [{k: f[k] for k in keys} for f in checked] == [
        {k: f[k] for k in keys} for f in adapted]
    assert len(checked) == 1
    severity, words = expect
    assert checked[0]["severity"] == severity
    assert words in str(checked[0]["message"])
    made = next((repo.out / "beweging" / "x.post").glob("01-beweging.*"))
    with Image.open(made) as image:
        if severity == "info":
            assert (image.format, image.n_frames, image.size) == ("GIF", frames, (201, 201))
        else:
            assert not getattr(image, "is_animated", False)
            assert image.size == (400, 400)
