"""Generate the example campaign's media: Pillow drawings and an ffmpeg lavfi video.

Run `python examples/make_media.py` to regenerate; the results are committed so that the quick
start needs no generation step. Everything is synthetic: no photo of a real person or place.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
MEDIA = HERE / "posts" / "media"


def _sky(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / max(1, size[1] - 1)
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        draw.line([(0, y), (size[0], y)], fill=colour)
    return image


def house_with_panels(path: Path, size: tuple[int, int] = (1600, 1200)) -> None:
    """A terraced house with solar panels; the subject sits right of centre (focus 0.62, 0.45)."""
    w, h = size
    image = _sky(size, (120, 170, 230), (200, 225, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(h * 0.78), w, h], fill=(90, 150, 70))
    for i, x in enumerate(range(int(w * 0.05), int(w * 0.95), int(w * 0.18))):
        left, right = x, x + int(w * 0.17)
        top = int(h * 0.42)
        colour = (170, 90, 70) if i % 2 else (150, 80, 65)
        draw.rectangle([left, top, right, int(h * 0.8)], fill=colour)
        draw.polygon([(left - 10, top), (right + 10, top), ((left + right) // 2, int(h * 0.22))],
                     fill=(70, 60, 60))
        if i == 3:  # the house in focus: solar panels and a heat pump
            for row in range(3):
                for col in range(3):
                    px = left + 25 + col * 55 + row * 18
                    py = int(h * 0.36) - row * 45
                    draw.rectangle([px, py, px + 45, py + 35], fill=(20, 40, 90),
                                   outline=(200, 200, 220), width=3)
            draw.rectangle([right - 70, int(h * 0.68), right - 10, int(h * 0.78)],
                           fill=(230, 230, 230), outline=(60, 60, 60), width=3)
        draw.rectangle([left + 30, int(h * 0.62), left + 80, int(h * 0.8)], fill=(60, 40, 30))
    image.save(path, "JPEG", quality=88, exif=_gps_exif())


def _gps_exif() -> bytes:
    """EXIF with a GPS position, as a phone would write it: crosspost must strip it."""
    exif = Image.Exif()
    exif[0x0110] = "Voorbeeldtelefoon"  # Model
    gps = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}
    exif[0x8825] = gps
    return exif.tobytes()


def infographic(path: Path, size: tuple[int, int] = (1080, 1350)) -> None:
    """A portrait infographic: text-like bars that must not be cropped (reframe: pad)."""
    w, h = size
    image = Image.new("RGB", size, (250, 246, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, w, int(h * 0.14)], fill=(0, 82, 147))
    for i, share in enumerate((0.8, 0.55, 0.35, 0.2)):
        top = int(h * (0.22 + i * 0.17))
        draw.rectangle([80, top, 80 + int((w - 160) * share), top + 90], fill=(230, 120, 40))
        draw.rectangle([80, top + 105, w - 80, top + 125], fill=(180, 180, 180))
    image.save(path, "PNG", optimize=True)


def event_banner(path: Path, size: tuple[int, int] = (1200, 628)) -> None:
    """A wide banner for the information evening (1.91:1)."""
    image = _sky(size, (0, 82, 147), (0, 120, 190))
    draw = ImageDraw.Draw(image)
    draw.ellipse([820, 120, 1100, 400], fill=(255, 200, 40))
    draw.rectangle([80, 420, 700, 470], fill=(255, 255, 255))
    draw.rectangle([80, 500, 560, 530], fill=(220, 230, 240))
    image.save(path, "JPEG", quality=85)


def explainer_video(path: Path, seconds: int = 24) -> None:
    """A horizontal 16:9 explainer with a tone: the kind of video that needs reframing."""
    import imageio_ffmpeg

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run(
        [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"gradients=s=640x360:r=25:d={seconds}:speed=0.02",
         "-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=44100:duration={seconds}",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "30", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart", str(path)],
        check=True,
    )


def main() -> None:
    MEDIA.mkdir(exist_ok=True)
    house_with_panels(MEDIA / "zonnepanelen.jpg")
    infographic(MEDIA / "besparing.png")
    event_banner(MEDIA / "informatieavond.jpg")
    explainer_video(MEDIA / "warmtepomp-uitleg.mp4")


if __name__ == "__main__":
    main()
