"""The Matroska reader checks a WebM/MKV's data in Python, as ffmpeg's packet scan does.

Files of every video codec the bundled ffmpeg writes into WebM/MKV, with and without audio
and with several Clusters, are generated here; the seconds the reader finds the data to hold
are compared with what ffmpeg's packet scan reports. Cut and altered files must get the same
verdict from both, or be left to ffmpeg.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from crosspost.errors import MediaError
from crosspost.media import probe_video
from crosspost.media.container import read_container
from crosspost.media.container.matroska import matroska_data_seconds
from crosspost.media.video_integrity import scan_video_data
from crosspost.testing import encode

CLUSTER = b"\x1f\x43\xb6\x75"
SEGMENT = b"\x18\x53\x80\x67"

VP8 = ("-c:v", "libvpx", "-deadline", "realtime")
VP9 = ("-c:v", "libvpx-vp9", "-deadline", "realtime")
AV1 = ("-c:v", "libaom-av1", "-cpu-used", "8")
X264 = ("-c:v", "libx264", "-preset", "ultrafast")
# name, video options, audio options; every file is 2.6 s with a key frame each second and a
# Cluster at least each second, so that it has several
CASES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("vp8.webm", VP8, ()),
    ("vp8_vorbis.webm", VP8, ("-c:a", "libvorbis")),
    ("vp9.webm", VP9, ()),
    ("vp9_opus.webm", VP9, ("-c:a", "libopus")),
    ("av1.webm", AV1, ()),
    ("av1_opus.webm", AV1, ("-c:a", "libopus")),
    ("h264_aac.mkv", X264, ("-c:a", "aac")),
    ("h264_bframes.mkv", ("-c:v", "libx264", "-preset", "medium"), ("-c:a", "aac")),
    ("hevc_opus.mkv", ("-c:v", "libx265", "-preset", "ultrafast"), ("-c:a", "libopus")),
]
SECONDS = 2.6


@pytest.fixture(scope="module")
def made(ffmpeg_exe: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("matroska")
    files = {}
    for name, video, audio in CASES:
        sound = ("-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}") if audio else ()
        files[name] = encode(
            ffmpeg_exe, folder / name,
            "-f", "lavfi", "-i", f"testsrc2=size=64x36:rate=25:duration={SECONDS}", *sound,
            *video, "-g", "25", *(audio or ("-an",)), "-cluster_time_limit", "1000",
            "-shortest")
    return files


def _seconds(path: Path) -> float:
    with path.open("rb") as handle:
        return matroska_data_seconds(handle, path.stat().st_size)


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_the_reader_finds_where_ffmpeg_finds_the_data_ends(made: dict[str, Path],
                                                          name: str) -> None:
    path = made[name]
    assert path.read_bytes().count(CLUSTER) >= 2, "the file should have several Clusters"
    frames, by_ffmpeg = scan_video_data(str(path), SECONDS, timeout=30)
    assert frames > 0
    # ffmpeg reports the last packet's end as its muxer saw it; both within a frame (40 ms)
    assert _seconds(path) == pytest.approx(by_ffmpeg, abs=0.045)


@pytest.mark.parametrize("name", ["vp8_vorbis.webm", "vp9_opus.webm", "h264_aac.mkv",
                                  "hevc_opus.mkv"])
def test_a_probe_of_a_whole_file_starts_no_process(
    made: dict[str, Path], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = probe_video(made[name], native=False)

    def no_ffmpeg(*args: object, **kwargs: object) -> None:
        raise AssertionError("ffmpeg was started")

    # the package binds the function probe_video over its module's name
    monkeypatch.setattr(sys.modules["crosspost.media.probe_video"], "run_ffmpeg", no_ffmpeg)
    monkeypatch.setattr("crosspost.media.video_integrity.run_ffmpeg", no_ffmpeg)
    assert probe_video(made[name]) == expected


def _segment_fits(data: bytearray) -> bytearray:
    """Rewrite the Segment's size (8 bytes, as ffmpeg writes it) to end where ``data`` ends."""
    at = data.find(SEGMENT) + 4
    assert data[at] == 0x01, "ffmpeg writes the Segment size in 8 bytes"
    data[at : at + 8] = b"\x01" + (len(data) - at - 8).to_bytes(7, "big")
    return data


def _cut_at_cluster(path: Path, index: int) -> bytearray:
    """The file cut where its Cluster number ``index`` starts, the Segment made to fit."""
    data = path.read_bytes()
    at = -1
    for _ in range(index + 1):
        at = data.find(CLUSTER, at + 1)
    assert at > 0
    return _segment_fits(bytearray(data[:at]))


def _probe(data: bytes, folder: Path, *, native: bool) -> str:
    path = folder / "cut.webm"
    path.write_bytes(data)
    with pytest.raises(MediaError) as caught:
        probe_video(path, native=native)
    return str(caught.value)


@pytest.mark.parametrize("name", ["vp9_opus.webm", "h264_aac.mkv"])
def test_data_cut_at_a_cluster_is_refused_by_both(made: dict[str, Path], name: str,
                                                  tmp_path: Path) -> None:
    """An upload that stopped between Clusters, its Segment size made to fit: the header still
    says 2.6 s, the data ends after the first second; both readers say so."""
    cut = bytes(_cut_at_cluster(made[name], 1))
    path = tmp_path / "cut.webm"
    path.write_bytes(cut)
    with path.open("rb") as handle:
        assert read_container(handle, len(cut), cut[:1024]) is not None  # Python answers
    assert _seconds(path) < 1.5
    for native in (True, False):
        assert "video data disagrees with its header" in _probe(cut, tmp_path, native=native)


def test_an_altered_duration_is_refused_by_both(made: dict[str, Path], tmp_path: Path) -> None:
    """The Info's Duration doubled: the Clusters are whole but end at half of it."""
    data = bytearray(made["vp8_vorbis.webm"].read_bytes())
    at = data.find(b"\x44\x89\x88") + 3  # Duration, an 8-byte float
    (duration,) = struct.unpack(">d", data[at : at + 8])
    data[at : at + 8] = struct.pack(">d", duration * 2)
    for native in (True, False):
        assert "the header says 5.2" in _probe(bytes(data), tmp_path, native=native)


def test_a_cut_inside_a_cluster_is_left_to_ffmpeg(made: dict[str, Path], tmp_path: Path) -> None:
    data = made["vp9_opus.webm"].read_bytes()
    last = data.rfind(CLUSTER)
    for stop in range(last + 3, len(data), 61):
        cut = _segment_fits(bytearray(data[:stop]))
        path = tmp_path / "cut.webm"
        path.write_bytes(cut)
        with path.open("rb") as handle:
            assert read_container(handle, len(cut), bytes(cut[:1024])) is None, stop


def test_a_cluster_of_unknown_size_is_left_to_ffmpeg(made: dict[str, Path],
                                                     tmp_path: Path) -> None:
    """As live WebM writes them: the reader cannot say where such a Cluster ends."""
    data = bytearray(made["vp8.webm"].read_bytes())
    at = data.rfind(CLUSTER) + 4
    assert data[at] & 0xC0 == 0x40, "ffmpeg writes a Cluster's size in 2 bytes"
    data[at : at + 2] = b"\x7f\xff"  # all ones: unknown size
    path = tmp_path / "live.webm"
    path.write_bytes(data)
    with path.open("rb") as handle:
        assert read_container(handle, len(data), bytes(data[:1024])) is None


def test_a_flood_of_clusters_is_left_to_ffmpeg(made: dict[str, Path], tmp_path: Path) -> None:
    """70,000 empty Clusters: the walk stops at its bound instead of reading them all."""
    data = _cut_at_cluster(made["vp8.webm"], 1)
    data = _segment_fits(data + CLUSTER + b"\x80" + (CLUSTER + b"\x80") * 70_000)
    path = tmp_path / "flood.webm"
    path.write_bytes(data)
    with path.open("rb") as handle:
        assert read_container(handle, len(data), bytes(data[:1024])) is None
