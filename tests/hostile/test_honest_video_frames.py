"""A video's described size is what its frames decode to, first and later (issue 17, item 6).

Videos that only ffmpeg reads (AVI, MPEG-TS): ffmpeg's probe decodes the first frames and
reports their size, so an AVI whose headers were patched to claim another size is described
by its frames (tested here, so that this stays true); what the probe does not see, streams of
different sizes joined into one MPEG-TS, is found by decoding key frames (``video_frames``).
MP4, MOV, MKV and WebM are read in Python: key frames sampled over the file must bring no
parameter set or key-frame header of another size (``container.inband``,
``container.matroska_keys``). Real lavfi clips joined with ffmpeg's concat demuxer, real
ffmpeg.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from crosspost.errors import MediaError
from crosspost.media.container import read_container
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


# MP4, MOV and Matroska/WebM are read in Python (``media.container``): key frames sampled over
# the whole file must bring no parameter set or key-frame header of another size.

X265 = ("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error")
VP9 = ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-b:v", "100k")


def _joined(folder: Path, name: str, parts: list[tuple[str, float]],
            codec: tuple[str, ...] = ("-c:v", "libx264", "-preset", "ultrafast"),
            part_ext: str = "ts", options: tuple[str, ...] = ()) -> Path:
    """Clips of the given sizes and seconds joined into ``name`` without re-encoding (ffmpeg's
    concat demuxer, stream copy): H.264 and HEVC parts are MPEG-TS, whose key frames carry
    their parameter sets; VP9 parts carry their size in every key frame."""
    listed = []
    for number, (size, seconds) in enumerate(parts):
        part = folder / f"deel{number}.{part_ext}"
        part.write_bytes(_clip(folder / f"deel{number}", size, part_ext, seconds=seconds,
                               codec=(*codec, *options)))
        listed.append(f"file '{part.name}'")
    (folder / "deel.txt").write_text("\n".join(listed) + "\n")
    return encode(get_ffmpeg_exe(), folder / name, "-f", "concat", "-safe", "0", "-i",
                  str(folder / "deel.txt"), "-c", "copy")


@pytest.mark.parametrize(("name", "codec", "header"), [
    ("samen.mp4", ("-c:v", "libx264", "-preset", "ultrafast"), "parameter set"),
    ("samen.mov", ("-c:v", "libx264", "-preset", "ultrafast"), "parameter set"),
    ("hevc.mp4", X265, "parameter set"),
    ("mpeg4.mp4", ("-c:v", "mpeg4"), "VOL header (esds)"),
])
def test_an_mp4_whose_later_key_frames_bring_another_size_is_refused(
        repo: Repo, run: Run, tmp_path: Path, name: str, codec: tuple[str, ...],
        header: str) -> None:
    """Two H.264 (HEVC, MPEG-4 Part 2) streams of different sizes joined into one MP4/MOV:
    its sample description is the first stream's, the second stream's key frames bring their
    own parameter sets (VOL headers), which decoders use."""
    path = _joined(tmp_path, name, [("320x240", 2), ("640x480", 2)], codec=codec)
    media_post(repo, name, path.read_bytes())
    _refused(repo, run, name.rsplit(".", 1)[0], f"{header} says 320x240",
             "key frame at 2.00 s starts a stretch of 640x480 frames")


def test_a_short_stretch_of_another_size_mid_mp4_is_found(tmp_path: Path) -> None:
    """20 s at 320 x 240, 6 s at 160 x 120, 30 s at 320 x 240 again, a key frame every 2 s:
    the first and the last key frames are the described size; the ones sampled over the file
    find the stretch."""
    path = _joined(tmp_path, "midden.mp4", [("320x240", 20), ("160x120", 6), ("320x240", 30)],
                   options=("-g", "50"))
    with pytest.raises(MediaError, match=r"says 320x240, but its key frame at 2\d\.00 s starts "
                                         r"a stretch of 160x120 frames"):
        probe_video(path)


def test_honest_joined_streams_of_one_size_pass(tmp_path: Path) -> None:
    """The same joining with parts of one size: every key frame's parameter set agrees."""
    path = _joined(tmp_path, "eerlijk.mp4", [("320x240", 2), ("320x240", 2)])
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)


def _box_tree(data: bytes, path: list[bytes], change: Callable[[bytes], bytes]) -> bytes:
    """``data`` (a list of boxes) with the payload of the box at ``path`` changed, the sizes
    of the boxes around it set again (32-bit sizes; the file's moov is at its end, so no
    chunk offset moves)."""
    out, pos = b"", 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        payload = data[pos + 8:pos + size]
        if kind == path[0]:
            payload = change(payload) if len(path) == 1 else _box_tree(payload, path[1:], change)
        out += struct.pack(">I4s", 8 + len(payload), kind) + payload
        pos += size
    return out


def _two_descriptions(tmp_path: Path, first: str, second: str) -> Path:
    """A joined H.264 MP4 (2 s of ``first`` size, 2 s of ``second``; no audio, moov at the
    end) whose samples from the second stream on name a second sample description: the avc1
    entry of an MP4 of ``second`` size. One sample per chunk, so that the switch lies on a
    chunk boundary."""
    from crosspost.media.container.isobmff import _boxes, _child
    from crosspost.media.container.sample_table import sample_table

    joined = _joined(tmp_path, "twee.mp4", [(first, 2), (second, 2)]).read_bytes()
    other = _clip(tmp_path / "ander", second, "mp4")
    assert joined.index(b"moov") > joined.index(b"mdat")
    entry_at = other.index(b"avc1", other.index(b"stsd")) - 4
    entry = other[entry_at:entry_at + struct.unpack(">I", other[entry_at:entry_at + 4])[0]]
    moov_at = joined.index(b"moov") - 4
    moov = joined[moov_at + 8:]
    stbl = ["trak", "mdia", "minf", "stbl"]
    start, end = 0, len(moov)
    for kind in stbl:
        start, end = _child(moov, start, end, kind.encode())
    table = sample_table(moov, _boxes(moov, start, end), len(joined))
    offsets = [table.locate(index)[0] for index in range(table.count)]
    tree = [b"moov", *(k.encode() for k in stbl)]
    data = joined[:moov_at] + _box_tree(joined[moov_at:], [*tree, b"stco"],
                                        lambda _: struct.pack(f">II{len(offsets)}I", 0,
                                                              len(offsets), *offsets))
    data = _box_tree(data, [*tree, b"stsc"],
                     lambda _: struct.pack(">II6I", 0, 2, 1, 1, 1, 51, 1, 2))
    data = _box_tree(data, [*tree, b"stsd"],
                     lambda payload: payload[:4] + struct.pack(">I", 2) + payload[8:] + entry)
    path = tmp_path / "twee_beschrijvingen.mp4"
    path.write_bytes(data)
    return path


def test_samples_that_use_a_second_description_of_another_size_are_refused(
        tmp_path: Path) -> None:
    path = _two_descriptions(tmp_path, "320x240", "640x480")
    with pytest.raises(MediaError, match=r"the sample description \(stsd\) says 320x240, but "
                                         r"some samples use a second description \(entry 2\) "
                                         r"of 640x480"):
        probe_video(path)


def test_two_sample_descriptions_of_one_size_are_left_to_ffmpeg_and_pass(tmp_path: Path) -> None:
    path = _two_descriptions(tmp_path, "320x240", "320x240")
    with path.open("rb") as handle:
        assert read_container(handle, path.stat().st_size, handle.read(1024)) is None
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)


@pytest.mark.parametrize(("gop", "key_frames"), [(1, None), (50, 10)])
def test_key_frames_read_in_an_mp4_are_bounded_and_spread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gop: int, key_frames: int | None) -> None:
    """Intra-only (every one of 500 frames a key frame; the MP4 then has no sync sample
    table): at most KEY_FRAMES + 2 are read, none further apart than 1/64 of the video and a
    key frame. A key frame every 2 s (10 of them): every one is read."""
    from crosspost.media.container import isobmff

    path = tmp_path / "intra.mp4"
    path.write_bytes(_clip(tmp_path / "made", "320x240", "mp4", seconds=20,
                           codec=("-c:v", "libx264", "-preset", "ultrafast", "-g", str(gop))))
    read: list[int] = []
    real = isobmff.check_inband_sps

    def recording(handle: BinaryIO, frames: list[tuple[int, int, int]], **kwargs: Any) -> None:
        read.extend(index for index, _, _ in frames)
        real(handle, frames, **kwargs)

    monkeypatch.setattr(isobmff, "check_inband_sps", recording)
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)
    if key_frames is None:
        assert b"stss" not in path.read_bytes()
        assert 64 <= len(read) <= isobmff.KEY_FRAMES + 2
        assert read[0] == 0
        assert read[-1] == 499
        assert max(b - a for a, b in pairwise(read)) <= 500 // 64 + 1
    else:
        assert read == [50 * n for n in range(key_frames)]


VP8 = ("-c:v", "libvpx", "-deadline", "realtime", "-b:v", "100k")
X264 = ("-c:v", "libx264", "-preset", "ultrafast")


def test_a_webm_whose_later_key_frames_have_another_size_is_refused(
        repo: Repo, run: Run, tmp_path: Path) -> None:
    """Two VP9 streams of different sizes joined into one WebM: its track entry and first
    frame are the first stream's, the second stream's key frames state their own size."""
    path = _joined(tmp_path, "samen.webm", [("320x240", 2), ("640x480", 2)], codec=VP9,
                   part_ext="webm")
    media_post(repo, "samen.webm", path.read_bytes())
    _refused(repo, run, "samen", "the first frame is 320x240",
             "key frame at 2.00 s starts a stretch of 640x480 frames")


@pytest.mark.parametrize(("name", "codec", "part_ext", "phrase"), [
    ("vp9.mkv", VP9, "webm", "the first frame is 320x240"),
    ("vp8.webm", VP8, "webm", "the first frame is 320x240"),
    ("h264.mkv", X264, "ts", "the track's parameter set (CodecPrivate) says 320x240"),
    ("hevc.mkv", X265, "ts", "the track's parameter set (CodecPrivate) says 320x240"),
])
def test_matroska_streams_of_different_sizes_joined_are_refused(
        tmp_path: Path, name: str, codec: tuple[str, ...], part_ext: str, phrase: str) -> None:
    path = _joined(tmp_path, name, [("320x240", 2), ("640x480", 2)], codec=codec,
                   part_ext=part_ext)
    with pytest.raises(MediaError) as refusal:
        probe_video(path)
    assert phrase in str(refusal.value)
    assert "key frame at 2.00 s starts a stretch of 640x480 frames" in str(refusal.value)


def test_a_short_stretch_of_another_size_mid_mkv_is_found(tmp_path: Path) -> None:
    path = _joined(tmp_path, "midden.mkv", [("320x240", 20), ("160x120", 6), ("320x240", 30)],
                   options=("-g", "50"))
    with pytest.raises(MediaError, match=r"says 320x240, but its key frame at 2\d\.00 s starts "
                                         r"a stretch of 160x120 frames"):
        probe_video(path)


def test_the_cues_find_key_frames_inside_clusters(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With no Cluster's first block looked at, the key frames the Cues list still find the
    second stream (the Cues of ffmpeg's files point into the Clusters, CueRelativePosition)."""
    from crosspost.media.container import matroska_keys

    path = _joined(tmp_path, "cues.webm", [("320x240", 2), ("640x480", 2)], codec=VP9,
                   part_ext="webm")
    monkeypatch.setattr(matroska_keys, "_FIRST_ELEMENTS", 0)
    with pytest.raises(MediaError, match=r"key frame at 2\.00 s starts a stretch of 640x480"):
        probe_video(path)


def test_honest_joined_webm_of_one_size_passes(tmp_path: Path) -> None:
    path = _joined(tmp_path, "eerlijk.webm", [("320x240", 2), ("320x240", 2)], codec=VP9,
                   part_ext="webm")
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)


def test_key_frames_read_in_a_matroska_file_are_bounded_and_spread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Intra-only H.264 in Matroska (500 key frames, a Cluster and a cue point each): at most
    KEY_FRAMES + 3 are read, spread over the file from its first frame to its last."""
    from crosspost.media.container import matroska, matroska_keys

    path = tmp_path / "intra.mkv"
    path.write_bytes(_clip(tmp_path / "made", "320x240", "mkv", seconds=20,
                           codec=(*X264, "-g", "1")))
    read: list[float] = []
    real = matroska.check_key_frames

    def recording(handle: BinaryIO, frames: list[Any], **kwargs: Any) -> None:
        read.extend(frame.seconds for frame in frames)
        real(handle, frames, **kwargs)

    monkeypatch.setattr(matroska, "check_key_frames", recording)
    facts = probe_video(path)
    assert (facts.width, facts.height) == (320, 240)
    assert 60 <= len(read) <= matroska_keys.KEY_FRAMES + 3
    assert read[0] == 0
    assert read[-1] == pytest.approx(19.96)
    assert max(b - a for a, b in pairwise(read)) < 1.0


def test_one_cluster_with_many_cues_is_read_at_most_key_frames_times(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file is free to put all its frames in one Cluster and list 40,000 key frames in its
    Cues: the blocks read stay bounded (KEY_FRAMES spread over the bytes, and the first and
    last), not one per listed key frame."""
    from crosspost.media.container import matroska_keys

    cluster = matroska_keys.Cluster(at=100, data=112, end=112 + 40_000 * 1000)
    listed = [(n, 100 - 40, n * 1000) for n in range(40_000)]
    monkeypatch.setattr(matroska_keys, "_cue_points", lambda *args: listed)
    read: list[int] = []

    def block(handle: object, at: int, *args: object) -> None:
        read.append(at)

    monkeypatch.setattr(matroska_keys, "_listed_key_frame", block)
    monkeypatch.setattr(matroska_keys, "_cluster_key_frame",
                        lambda handle, found, *args: read.append(found.data))
    assert matroska_keys.key_frames(io.BytesIO(), 1, [cluster], (0, 10), 40, 1_000_000) == []
    assert 60 <= len(read) <= matroska_keys.KEY_FRAMES + 2
    assert read[0] == 112
    assert read[-1] == 112 + 39_999 * 1000
    assert max(b - a for a, b in pairwise(read)) <= 40_000 * 1000 // 64 + 1000


def test_a_fragmented_mp4_is_judged_by_ffmpeg_s_key_frame_decode(tmp_path: Path) -> None:
    """Fragmented MP4 is left to ffmpeg by the Python reader: an honest one passes, joined
    streams of two sizes are refused by the key frames ffmpeg decodes (``video_frames``)."""
    fragments = ("-movflags", "+frag_keyframe+empty_moov")
    honest = tmp_path / "eerlijk.mp4"
    encode(get_ffmpeg_exe(), honest, "-f", "lavfi", "-i",
           "testsrc2=size=320x240:rate=25:duration=4", "-c:v", "libx264", "-preset",
           "ultrafast", "-g", "25", *fragments)
    joined = _joined(tmp_path, "samen.mp4", [("320x240", 2), ("640x480", 2)])
    fragmented = encode(get_ffmpeg_exe(), tmp_path / "gefragmenteerd.mp4", "-i", str(joined),
                        "-c", "copy", *fragments)
    for path in (honest, fragmented):
        with path.open("rb") as handle:
            assert read_container(handle, path.stat().st_size, handle.read(1024)) is None
    facts = probe_video(honest)
    assert (facts.width, facts.height) == (320, 240)
    with pytest.raises(MediaError, match=r"described as 320x240, but its key frame at 2\.00 s "
                                         r"decodes to 640x480"):
        probe_video(fragmented)
