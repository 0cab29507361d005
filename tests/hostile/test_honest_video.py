"""Honest video: a video whose header states another frame size than its frames have is an
error in ``check`` and is never published (issue 17, item 6).

Decoders take the frame size from the codec's own parameter sets, so crosspost's verdicts
always used the real size; but a video that passes is copied to the output byte for byte, and
a player may lay it out by the container's false size. The lying files are real ffmpeg clips
with the stated size patched: the MP4 track header (``tkhd``) and sample description
(``stsd``), the Matroska track entry (``PixelWidth``), and an ``avcC`` whose parameter set
disagrees with the one the first frame carries. Honest files of every shape the readers
handle (cropped 1080p, odd sizes, anamorphic, rotated, HEVC, in-band parameter sets, VP8,
VP9, H.264 in Matroska) still pass with the size ffmpeg reports.
"""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from crosspost.errors import MediaError
from crosspost.media.probe_video import probe_video
from crosspost.testing import encode

from .conftest import Repo, Run, media_post, refused


def _refused(repo: Repo, run: Run, stem: str, *phrases: str) -> None:
    refused(repo, run, stem, "video header disagrees with its frames", *phrases)


def _clip(dest: Path, *options: str, size: str = "320x240", ext: str = "mp4",
          codec: tuple[str, ...] = ("-c:v", "libx264", "-preset", "ultrafast")) -> bytes:
    """A 0.2 s test-pattern clip (real ffmpeg), encoded with ``codec`` and ``options``."""
    encode(get_ffmpeg_exe(), dest.with_suffix("." + ext), "-f", "lavfi", "-i",
           f"testsrc2=size={size}:rate=25:duration=0.2", *codec, "-pix_fmt", "yuv420p",
           *options)
    return dest.with_suffix("." + ext).read_bytes()


def _stsd(data: bytes, width: int, height: int) -> bytes:
    """The video sample entry's width and height set to a lie."""
    out = bytearray(data)
    entry = out.index(b"avc1", out.index(b"stsd")) + 4
    struct.pack_into(">HH", out, entry + 24, width, height)
    return bytes(out)


def _tkhd(data: bytes, width: int, height: int) -> bytes:
    """The (version 0) track header's display width and height set to a lie."""
    out = bytearray(data)
    body = out.index(b"tkhd") + 4
    assert out[body] == 0
    struct.pack_into(">II", out, body + 76, width << 16, height << 16)
    return bytes(out)


def _pixel_width(data: bytes, old: int, new: int) -> bytes:
    """Matroska ``PixelWidth`` (element B0, two bytes) changed from ``old`` to ``new``."""
    element = b"\xb0\x82" + old.to_bytes(2, "big")
    assert data.count(element) == 1
    return data.replace(element, b"\xb0\x82" + new.to_bytes(2, "big"))


def _ffmpeg_size(path: Path) -> tuple[int, int]:
    """The frame size of the first decoded frame (ffmpeg, not crosspost), rotation ignored."""
    run = subprocess.run([get_ffmpeg_exe(), "-nostdin", "-v", "error", "-noautorotate", "-i",
                          str(path), "-frames:v", "1", "-c:v", "pgm", "-f", "image2pipe",
                          "pipe:1"], capture_output=True, check=True, timeout=60)
    found = re.match(rb"P5\s+(\d+)\s+(\d+)", run.stdout)
    assert found
    return int(found[1]), int(found[2])


def test_a_track_header_that_claims_9000_square_is_refused_and_not_published(
        repo: Repo, run: Run) -> None:
    media_post(repo, "leugen.mp4", _tkhd(_clip(repo.root / "bron"), 9000, 9000))
    _refused(repo, run, "leugen", "the track header (tkhd) says 9000x9000", "frames are 320x240")


def test_a_webm_track_entry_that_lies_is_refused(repo: Repo, run: Run) -> None:
    webm = _clip(repo.root / "bron", "-b:v", "100k", ext="webm",
                 codec=("-c:v", "libvpx-vp9", "-deadline", "realtime"))
    media_post(repo, "breed.webm", _pixel_width(webm, 320, 4000))
    _refused(repo, run, "breed", "PixelWidth/PixelHeight) says 4000x240", "frames are 320x240")


@pytest.mark.parametrize(("lie", "phrase"), [
    (lambda d: _stsd(d, 9000, 9000), "the sample description (stsd) says 9000x9000"),
    (lambda d: _stsd(d, 640, 480), "the sample description (stsd) says 640x480"),
    (lambda d: _tkhd(d, 320, 480), "the track header (tkhd) says 320x480"),
    (lambda d: _tkhd(d, 16, 16), "the track header (tkhd) says 16x16"),
])
def test_stated_mp4_sizes_are_compared_with_the_frames(tmp_path: Path, lie, phrase) -> None:
    path = tmp_path / "leugen.mp4"
    path.write_bytes(lie(_clip(tmp_path / "bron")))
    with pytest.raises(MediaError, match=re.escape(phrase)):
        probe_video(path)


def test_h264_in_matroska_with_a_false_pixel_width(tmp_path: Path) -> None:
    path = tmp_path / "leugen.mkv"
    path.write_bytes(_pixel_width(_clip(tmp_path / "bron", ext="mkv"), 320, 1280))
    with pytest.raises(MediaError, match="says 1280x240, but the video's frames are 320x240"):
        probe_video(path)


def test_a_parameter_set_in_the_first_frame_outranks_the_sample_description(
        tmp_path: Path) -> None:
    """The avcC of a 352 x 240 clip put into a 320 x 240 clip that repeats its parameter sets
    in the stream (the stated sizes patched to match the avcC): the decoder makes 320 x 240
    frames, whatever the description says."""
    headers = ("-x264-params", "repeat-headers=1")
    small = _clip(tmp_path / "klein", *headers)
    wide = _clip(tmp_path / "breed", *headers, size="352x240")

    def sps(data: bytes) -> tuple[int, bytes]:
        at = data.index(b"avcC") + 4
        length = int.from_bytes(data[at + 6 : at + 8], "big")
        return at + 8, data[at + 8 : at + 8 + length]

    at, own = sps(small)
    other = sps(wide)[1]
    assert len(own) == len(other)  # same length: swapped in place
    assert own != other
    swapped = small[:at] + other + small[at + len(own):]
    path = tmp_path / "leugen.mp4"
    path.write_bytes(_tkhd(_stsd(swapped, 352, 240), 352, 240))
    assert _ffmpeg_size(path) == (320, 240)
    with pytest.raises(MediaError, match="parameter set says 352x240, but the first frame's own "
                                         "parameter set makes it 320x240"):
        probe_video(path)


HONEST = {
    "h264": ((), "320x240", "mp4", None),
    "cropped 1080p": ((), "1920x1080", "mp4", None),
    "odd size": ((), "322x242", "mp4", None),
    "anamorphic": (("-vf", "setsar=2/1"), "320x240", "mp4", None),
    "in-band parameter sets": (("-x264-params", "repeat-headers=1"), "320x240", "mp4", None),
    "hevc": (("-tag:v", "hvc1", "-x265-params", "log-level=error"), "320x240", "mp4",
             ("-c:v", "libx265", "-preset", "ultrafast")),
    "h264 in matroska": ((), "320x240", "mkv", None),
    "vp8": (("-b:v", "100k"), "320x240", "webm", ("-c:v", "libvpx", "-deadline", "realtime")),
    "vp9": (("-b:v", "100k"), "320x240", "webm",
            ("-c:v", "libvpx-vp9", "-deadline", "realtime")),
}


@pytest.mark.parametrize("name", sorted(HONEST))
def test_honest_videos_pass_with_the_size_ffmpeg_decodes(tmp_path: Path, name: str) -> None:
    options, size, ext, codec = HONEST[name]
    data = _clip(tmp_path / "bron", *options, size=size, ext=ext,
                 **({"codec": codec} if codec else {}))
    path = tmp_path / f"eerlijk.{ext}"
    path.write_bytes(data)
    facts = probe_video(path)
    decoded = _ffmpeg_size(path)
    sar = 2 if name == "anamorphic" else 1
    assert (facts.width, facts.height) == (decoded[0] * sar, decoded[1])
    assert (facts.width, facts.height) == (probe_video(path, native=False).width,
                                           probe_video(path, native=False).height)


def test_a_rotated_video_passes(tmp_path: Path) -> None:
    """A phone video: frames stored 320 x 240, shown turned a quarter (display matrix)."""
    source = tmp_path / "liggend.mp4"
    source.write_bytes(_clip(tmp_path / "bron"))
    rotated = tmp_path / "staand.mp4"
    encode(get_ffmpeg_exe(), rotated, "-display_rotation:v:0", "90", "-i", str(source),
           "-c", "copy")
    facts = probe_video(rotated)
    assert facts.rotation in (90, 270)
    assert (facts.width, facts.height) == (240, 320)


def test_a_parameter_set_in_the_first_frame_outranks_codec_private_in_matroska(
        tmp_path: Path) -> None:
    """The same in Matroska: the avcC of a 352 x 240 clip as the CodecPrivate of a 320 x 240
    clip that repeats its parameter sets in the stream (PixelWidth patched to match)."""
    headers = ("-x264-params", "repeat-headers=1")
    small = _clip(tmp_path / "klein", *headers, ext="mkv")
    wide = _clip(tmp_path / "breed", *headers, size="352x240", ext="mkv")

    def sps(data: bytes) -> tuple[int, bytes]:
        at = data.index(b"\x63\xa2")  # CodecPrivate
        record = at + 2 + (9 - data[at + 2].bit_length())  # after its EBML size
        length = int.from_bytes(data[record + 6 : record + 8], "big")
        return record + 8, data[record + 8 : record + 8 + length]

    at, own = sps(small)
    other = sps(wide)[1]
    assert len(own) == len(other)
    assert own != other
    path = tmp_path / "leugen.mkv"
    path.write_bytes(_pixel_width(small[:at] + other + small[at + len(own):], 320, 352))
    assert _ffmpeg_size(path) == (320, 240)
    with pytest.raises(MediaError, match=r"the track's parameter set \(CodecPrivate\) says "
                                         r"352x240, but the first frame's own parameter set "
                                         r"makes it 320x240"):
        probe_video(path)
