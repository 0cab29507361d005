"""Videos that only ffmpeg reads (AVI, MPEG-TS): their described size is what their frames
decode to, first and last (issue 17, item 6).

ffmpeg's probe decodes the first frames and reports their size, so an AVI whose headers were
patched to claim another size is described by its frames (tested here, so that this stays
true); what the probe does not see, streams of different sizes joined into one MPEG-TS, is
found by decoding key frames (``video_frames``). Real lavfi clips, real ffmpeg.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from crosspost.errors import MediaError
from crosspost.media.probe_video import probe_video
from crosspost.testing import encode

from .conftest import Repo, Run, media_post
from .test_honest_video import _refused


def _clip(dest: Path, size: str, ext: str, seconds: float = 1.0,
          codec: tuple[str, ...] = ("-c:v", "libx264", "-preset", "ultrafast")) -> bytes:
    encode(get_ffmpeg_exe(), dest.with_suffix("." + ext), "-f", "lavfi", "-i",
           f"testsrc2=size={size}:rate=25:duration={seconds}", *codec, "-pix_fmt", "yuv420p",
           *(["-f", "mpegts"] if ext == "ts" else []))
    return dest.with_suffix("." + ext).read_bytes()


@pytest.mark.parametrize(("ext", "codec", "size"), [
    ("avi", ("-c:v", "mpeg4"), "320x240"),
    ("avi", ("-c:v", "libx264", "-preset", "ultrafast"), "322x180"),
    ("ts", ("-c:v", "libx264", "-preset", "ultrafast"), "320x240"),
    ("ts", ("-c:v", "mpeg2video"), "176x144"),
])
def test_honest_avi_and_ts_pass_with_their_size(tmp_path: Path, ext: str,
                                                codec: tuple[str, ...], size: str) -> None:
    path = tmp_path / f"clip.{ext}"
    path.write_bytes(_clip(tmp_path / "made", size, ext, seconds=6.5, codec=codec))
    facts = probe_video(path)
    assert f"{facts.width}x{facts.height}" == size


def test_an_avi_whose_headers_claim_another_size_is_described_by_its_frames(
        tmp_path: Path) -> None:
    data = bytearray(_clip(tmp_path / "made", "320x240", "avi", codec=("-c:v", "mpeg4")))
    main = data.index(b"avih") + 8
    data[main + 32:main + 40] = struct.pack("<II", 1920, 1080)  # dwWidth, dwHeight
    info = data.index(b"strf") + 8
    data[info + 4:info + 12] = struct.pack("<ii", 1920, 1080)  # biWidth, biHeight
    path = tmp_path / "leugen.avi"
    path.write_bytes(bytes(data))
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)


def test_mpeg_ts_streams_of_different_sizes_joined_are_refused(repo: Repo, run: Run,
                                                               tmp_path: Path) -> None:
    joined = (_clip(tmp_path / "klein", "320x240", "ts", seconds=2)
              + _clip(tmp_path / "groot", "640x480", "ts", seconds=2))
    media_post(repo, "samen.ts", joined)
    _refused(repo, run, "samen", "described as 320x240", "decodes to 640x480")


def test_a_size_change_within_the_last_seconds_is_found(tmp_path: Path) -> None:
    joined = (_clip(tmp_path / "lang", "320x240", "ts", seconds=8)
              + _clip(tmp_path / "kort", "160x120", "ts", seconds=1))
    path = tmp_path / "staart.ts"
    path.write_bytes(joined)
    with pytest.raises(MediaError, match="decodes to 160x120"):
        probe_video(path)


def test_a_size_change_that_changes_back_mid_file_is_found(repo: Repo, run: Run,
                                                          tmp_path: Path) -> None:
    """320x240 for 20 s, 160x120 for 6 s, 320x240 again for 30 s: the first key frame and the
    last 12 s are the described size; only the key frames spread over the file find it."""
    joined = (_clip(tmp_path / "a", "320x240", "ts", seconds=20)
              + _clip(tmp_path / "b", "160x120", "ts", seconds=6)
              + _clip(tmp_path / "c", "320x240", "ts", seconds=30))
    media_post(repo, "midden.ts", joined)
    _refused(repo, run, "midden", "described as 320x240", "decodes to 160x120")


@pytest.mark.parametrize("clear_key_flags", [False, True])
def test_a_size_change_mid_file_in_an_avi_is_found(tmp_path: Path,
                                                   clear_key_flags: bool) -> None:
    """The joined stream re-muxed into AVI (H.264 with its parameter sets in band); also with
    the index's key-frame flags cleared after the first, which the file's author controls:
    ffmpeg's H.264 parser finds the key frames in the data itself."""
    joined = tmp_path / "joined.ts"
    joined.write_bytes(_clip(tmp_path / "a", "320x240", "ts", seconds=20)
                       + _clip(tmp_path / "b", "160x120", "ts", seconds=6)
                       + _clip(tmp_path / "c", "320x240", "ts", seconds=30))
    avi = tmp_path / "midden.avi"
    encode(get_ffmpeg_exe(), avi, "-fflags", "+genpts", "-i", str(joined), "-map", "0:v",
           "-c", "copy")
    data = bytearray(avi.read_bytes())
    index = data.index(b"idx1")
    entries = struct.unpack("<I", data[index + 4:index + 8])[0] // 16
    for entry in range(1, entries if clear_key_flags else 1):
        at = index + 8 + 16 * entry + 4
        flags = struct.unpack("<I", data[at:at + 4])[0]
        data[at:at + 4] = struct.pack("<I", flags & ~0x10)  # AVIIF_KEYFRAME
    avi.write_bytes(bytes(data))
    with pytest.raises(MediaError, match=r"described as 320x240.*decodes to 160x120"):
        probe_video(avi)


def test_key_frames_decoded_over_the_file_are_bounded(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An intra-only video (every frame a key frame, 500 of them) passes, and each run, over
    the whole file and over the last 12 seconds, decodes at most SAMPLED_KEY_FRAMES + 1 of
    them, spread over its part."""
    from crosspost.media import video_frames

    path = tmp_path / "intra.avi"
    path.write_bytes(_clip(tmp_path / "made", "320x240", "avi", seconds=20,
                           codec=("-c:v", "mjpeg", "-q:v", "8")))
    decoded: list[int] = []
    real = video_frames.run_ffmpeg

    def counting(args: list[str], **kwargs: object) -> object:
        done = real(args, **kwargs)  # type: ignore[arg-type]
        decoded.append(len(video_frames._decoded(done.stderr)))
        return done

    monkeypatch.setattr(video_frames, "run_ffmpeg", counting)
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)
    assert len(decoded) == 2
    for count in decoded:
        assert 32 <= count <= video_frames.SAMPLED_KEY_FRAMES + 1
