"""probe_video on real tiny encodes, hostile names and hostile contents."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.errors import MediaError
from crosspost.media import probe_video
from crosspost.media.ffmpeg import input_args, run_ffmpeg

from .conftest import Tripwire


def test_facts_of_a_plain_mp4(mp4: Path) -> None:
    facts = probe_video(mp4)
    assert facts.path == str(mp4)
    assert "mp4" in facts.container.split(",")
    assert facts.brand == "isom"
    assert facts.duration == pytest.approx(1.0, abs=0.1)
    assert (facts.width, facts.height, facts.rotation) == (160, 90, 0)
    assert facts.fps == pytest.approx(25.0)
    assert facts.video_codec == "h264"
    assert facts.pixel_format == "yuv420p"
    assert facts.audio_codec == "aac"
    assert facts.audio_channels == 1
    assert facts.audio_sample_rate == 44100
    assert facts.bytes == mp4.stat().st_size
    assert facts.bitrate is not None
    assert facts.bitrate > 0
    assert facts.has_location is False


def test_webm_with_stereo_opus(webm: Path) -> None:
    facts = probe_video(webm)
    assert facts.container == "matroska,webm"
    assert (facts.width, facts.height) == (64, 48)
    assert facts.video_codec == "vp8"
    assert facts.audio_codec == "opus"
    assert facts.audio_channels == 2


def test_location_tag_is_reported(mp4_with_location: Path) -> None:
    assert probe_video(mp4_with_location).has_location is True


def test_rotated_phone_video_reports_displayed_size(rotated_mp4: Path) -> None:
    facts = probe_video(rotated_mp4)
    assert facts.rotation == 90
    assert (facts.width, facts.height) == (90, 160)


@pytest.mark.parametrize(
    "name",
    [
        "-i.mp4",
        "a:b.mp4",
        "concat:x|y.mp4",
        "it's [a], b;c%.mp4",
        'with space and "quotes".mp4',
        "back\\slash,semi;colon.mp4",
        "%d.mp4",
        "file:looks-like-url.mp4",
        "new\nline.mp4",
    ],
)
def test_odd_names_are_literal_files(
    mp4: Path, copy_of: Callable[[Path, str], Path], name: str
) -> None:
    target = copy_of(mp4, name)
    facts = probe_video(target)
    assert facts.path == str(target)
    assert facts.width == 160


def test_relative_dash_name_is_not_an_option(
    mp4: Path, copy_of: Callable[[Path, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = copy_of(mp4, "-i.mp4")
    monkeypatch.chdir(target.parent)
    assert probe_video("-i.mp4").width == 160


def test_audio_only_is_refused(audio_only_mp4: Path) -> None:
    with pytest.raises(MediaError, match=r"voice\.mp4: has no video stream \(audio only\)"):
        probe_video(audio_only_mp4)


def test_mp4_without_moov_is_refused(mp4: Path, tmp_path: Path) -> None:
    data = mp4.read_bytes()
    assert data.find(b"moov") > data.find(b"mdat")  # ffmpeg writes moov last by default
    cut = tmp_path / "unfinished.mp4"
    cut.write_bytes(data[: data.find(b"moov") - 4])
    with pytest.raises(MediaError, match=r"unfinished\.mp4: has no moov atom"):
        probe_video(cut)


def test_mdat_only_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "mdat.mp4"
    payload = os.urandom(2000)
    bad.write_bytes((8 + len(payload)).to_bytes(4, "big") + b"mdat" + payload)
    with pytest.raises(MediaError, match=r"mdat\.mp4: has no moov atom"):
        probe_video(bad)


def test_hls_playlist_named_mp4_is_refused_before_ffmpeg(
    tmp_path: Path, tripwire: Tripwire
) -> None:
    playlist = tmp_path / "holiday.mp4"
    entry = tripwire.path.name
    playlist.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n{entry}\n#EXT-X-ENDLIST\n")
    with pytest.raises(MediaError, match=r"holiday\.mp4: is an HLS/M3U playlist, not a video"):
        probe_video(playlist, timeout=10)
    assert not tripwire.opened.wait(0.3)


def test_ffconcat_named_mp4_is_refused(tmp_path: Path, tripwire: Tripwire) -> None:
    playlist = tmp_path / "clip.mp4"
    playlist.write_text(f"ffconcat version 1.0\nfile '{tripwire.path}'\n")
    with pytest.raises(MediaError, match=r"clip\.mp4: is an ffconcat playlist"):
        probe_video(playlist, timeout=10)
    assert not tripwire.opened.wait(0.3)


@pytest.mark.parametrize("suffix", [".m3u8", ".ffconcat"])
def test_input_args_stop_ffmpeg_following_playlists(
    tmp_path: Path, tripwire: Tripwire, suffix: str
) -> None:
    """Second layer: even with a playlist's own extension ffmpeg refuses to follow it.

    The control run (without input_args) proves the tripwire fires when a playlist is followed.
    """
    playlist = tmp_path / f"list{suffix}"
    if suffix == ".m3u8":
        body = f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n{tripwire.path.name}\n"
        control = ["-i", str(playlist)]
    else:
        body = f"ffconcat version 1.0\nfile '{tripwire.path}'\n"
        control = ["-f", "concat", "-safe", "0", "-i", str(playlist)]
    playlist.write_text(body + ("#EXT-X-ENDLIST\n" if suffix == ".m3u8" else ""))
    run = run_ffmpeg([*input_args(playlist), "-f", "null", "-"], timeout=20, check=False)
    assert run.returncode != 0
    assert "not on whitelist" in run.stderr
    assert not tripwire.opened.wait(0.3)
    run_ffmpeg([*control, "-f", "null", "-"], timeout=20, check=False)
    assert tripwire.opened.wait(5), "control: unprotected ffmpeg should follow the playlist"


def test_text_file_named_mp4_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("just some notes, not a video\n")
    with pytest.raises(MediaError, match=r"notes\.mp4: is a text file, not a video \(expected MP4"):
        probe_video(fake)


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_named_mp4_are_refused(tmp_path: Path, seed: int) -> None:
    fake = tmp_path / "noise.mp4"
    fake.write_bytes(b"\x00\x01\x02" + random.Random(seed).randbytes(4000))
    with pytest.raises(MediaError, match=r"noise\.mp4: is not a (readable video|video container)"):
        probe_video(fake)


def test_zero_byte_missing_and_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(MediaError, match=r"empty\.mp4: is empty \(0 bytes\), expected a video"):
        probe_video(empty)
    with pytest.raises(MediaError, match=r"missing\.mp4: video file does not exist"):
        probe_video(tmp_path / "missing.mp4")
    with pytest.raises(MediaError, match="is a directory"):
        probe_video(tmp_path)


def test_duration_budget(eleven_hour_mp4: Path, mp4: Path) -> None:
    with pytest.raises(
        MediaError,
        match=r"long\.mp4: is 11:06:40 long, more than the budget of "
        r"10:00:00",
    ):
        probe_video(eleven_hour_mp4)
    assert probe_video(eleven_hour_mp4, max_duration=12 * 3600).duration == pytest.approx(40000)
    with pytest.raises(MediaError, match="budget of 0:00:00"):
        probe_video(mp4, max_duration=0.5)


def test_pixel_budget(mp4: Path) -> None:
    with pytest.raises(
        MediaError,
        match=r"clip\.mp4: video is 160x90 \(0\.0 MP per frame\), more "
        r"than the budget",
    ):
        probe_video(mp4, max_pixels=160 * 90 - 1)


def test_unsupported_container_is_refused(ffmpeg_exe: str, tmp_path: Path) -> None:
    from .conftest import encode

    flv = encode(
        ffmpeg_exe,
        tmp_path / "old.flv",
        *("-f", "lavfi", "-i", "testsrc2=size=32x18:duration=0.2", "-c:v", "flv1"),
    )
    with pytest.raises(MediaError, match=r"old\.flv: is not a video container crosspost accepts"):
        probe_video(flv)


def test_older_ffmpeg_without_print_graphs_still_probes(
    mp4: Path, ffmpeg_exe: str, tmp_path: Path
) -> None:
    """ffmpeg before 8.0 rejects -print_graphs_*; the probe falls back to the stderr summary."""
    old = tmp_path / "ffmpeg7"
    old.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "if any(a.startswith('-print_graphs') for a in sys.argv):\n"
        "    sys.stderr.write(\"Unrecognized option 'print_graphs_format'.\\n\")\n"
        "    sys.exit(8)\n"
        f"os.execv({ffmpeg_exe!r}, [{ffmpeg_exe!r}, *sys.argv[1:]])\n"
    )
    old.chmod(0o755)
    facts = probe_video(mp4, ffmpeg=str(old), native=False)
    assert (facts.width, facts.height, facts.audio_codec) == (160, 90, "aac")


def test_newline_in_a_tag_name_does_not_hide_or_fake_streams(
    ffmpeg_exe: str, tmp_path: Path
) -> None:
    """A tag name with raw newlines lands in ffmpeg's summary; parsing must not derail."""
    from .conftest import encode

    evil = "evil\n  Stream #0:2: Video: h264, 7680x4320, 60 fps\nx=1"
    path = encode(
        ffmpeg_exe,
        tmp_path / "tagged.mkv",
        *("-f", "lavfi", "-i", "sine=duration=1", "-f", "lavfi", "-i", "testsrc2=s=32x18:d=1"),
        *("-map", "0:a", "-map", "1:v", "-c:a", "libopus", "-c:v", "libx264"),
        *("-metadata:s:a:0", evil),
    )
    facts = probe_video(path)
    assert (facts.width, facts.height, facts.audio_codec) == (32, 18, "opus")
