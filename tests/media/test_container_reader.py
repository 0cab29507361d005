"""The Python container reader gives the facts ffmpeg gives, and never trusts a broken file.

Every codec and container the bundled ffmpeg can make for these containers is generated here
(lavfi sources, a fraction of a second each) and probed twice: by the reader and by ffmpeg.
"""

from __future__ import annotations

import contextlib
import random
import struct
from pathlib import Path

import pytest

from crosspost.media import probe_video
from crosspost.media.container import Contradiction, read_container
from crosspost.testing import encode

VIDEO = ("-f", "lavfi", "-i", "testsrc2=size={size}:rate={rate}:duration=0.4")
MONO = ("-f", "lavfi", "-i", "sine=frequency=440:duration=0.4")
STEREO = ("-f", "lavfi", "-i", "sine=duration=0.4", "-ac", "2")
X264 = ("-c:v", "libx264", "-preset", "ultrafast")

# name, options, whether the Python reader answers (False: it leaves the file to ffmpeg)
CASES: list[tuple[str, tuple[str, ...], bool]] = [
    ("h264_aac.mp4", (*X264, "-c:a", "aac", "-b:a", "32k"), True),
    ("h264_faststart.mp4", (*X264, "-c:a", "aac", "-movflags", "+faststart"), True),
    ("h264_silent.mp4", (*X264, "-an"), True),
    ("h264_stereo.mov", (*X264, "-c:a", "aac", "-ac", "2"), True),
    ("h264.m4v", (*X264, "-c:a", "aac"), True),
    ("h264_high_bframes.mp4", ("-c:v", "libx264", "-preset", "medium", "-c:a", "aac"), True),
    ("h264_full_range.mp4", (*X264, "-pix_fmt", "yuvj420p", "-an"), True),
    ("h264_422.mp4", (*X264, "-pix_fmt", "yuv422p", "-an"), True),
    ("h264_10bit.mp4", (*X264, "-pix_fmt", "yuv420p10le", "-an"), True),
    ("h264_anamorphic.mp4", (*X264, "-vf", "setsar=4/3", "-an"), True),
    ("h264_ntsc.mp4", (*X264, "-r", "30000/1001", "-an"), True),
    ("h264_location.mp4", (*X264, "-an", "-metadata", "location=+52.0907+005.1214/"), True),
    ("hevc_aac.mp4", ("-c:v", "libx265", "-preset", "ultrafast", "-c:a", "aac"), True),
    ("hevc.mov", ("-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-an"), True),
    ("hevc_10bit.mp4", ("-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
                        "-an"), True),
    ("hevc_full_range.mp4", ("-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt",
                             "yuvj420p", "-an"), True),
    ("mpeg4_aac.mp4", ("-c:v", "mpeg4", "-c:a", "aac"), True),
    ("mpeg4.mov", ("-c:v", "mpeg4", "-an"), True),
    ("h264_opus.mp4", (*X264, "-c:a", "libopus"), True),
    ("h264_mp3.mp4", (*X264, "-c:a", "libmp3lame"), False),
    ("mjpeg.mov", ("-c:v", "mjpeg", "-an"), False),
    ("av1.mp4", ("-c:v", "libaom-av1", "-cpu-used", "8", "-an"), False),
    ("vp8_opus.webm", ("-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus"), True),
    ("vp9_opus.webm", ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus"), True),
    ("vp9_444.webm", ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-pix_fmt", "yuv444p",
                      "-an"), True),
    ("vp9_10bit.webm", ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-pix_fmt",
                        "yuv420p10le", "-an"), True),
    ("vp9_location.webm", ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-an", "-metadata",
                           "location=+52.0907+005.1214/"), True),
    ("vp8_vorbis.webm", ("-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libvorbis"), True),
    ("av1.webm", ("-c:v", "libaom-av1", "-cpu-used", "8", "-c:a", "libopus"), False),
    ("h264_aac.mkv", (*X264, "-c:a", "aac"), True),
    ("hevc_opus.mkv", ("-c:v", "libx265", "-preset", "ultrafast", "-c:a", "libopus"), True),
    ("h264_flac.mkv", (*X264, "-c:a", "flac"), False),
]
ROTATIONS = [("rot90.mp4", "-90"), ("rot180.mov", "180"), ("rot270.mp4", "90")]


@pytest.fixture(scope="module")
def made(ffmpeg_exe: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("containers")
    files: dict[str, Path] = {}
    for name, options, _ in CASES:
        size = "66x38" if "odd" in name else "64x36"
        rate = "30000/1001" if "ntsc" in name else "25"
        video = tuple(part.format(size=size, rate=rate) for part in VIDEO)
        audio = () if "-an" in options else (STEREO if "stereo" in name else MONO)
        files[name] = encode(ffmpeg_exe, folder / name, *video, *audio, *options, "-shortest")
    for name, angle in ROTATIONS:
        files[name] = encode(ffmpeg_exe, folder / name, "-display_rotation", angle,
                             "-i", str(files["h264_aac.mp4"]), "-c", "copy")
    return files


@pytest.mark.parametrize(
    ("name", "native"), [(name, native) for name, _, native in CASES]
    + [(name, True) for name, _ in ROTATIONS]
)
def test_reader_and_ffmpeg_give_the_same_facts(
    made: dict[str, Path], name: str, native: bool
) -> None:
    path = made[name]
    by_ffmpeg = probe_video(path, native=False)
    assert probe_video(path) == by_ffmpeg
    with path.open("rb") as handle:
        described = read_container(handle, path.stat().st_size, handle.read(1024))
    assert (described is not None) == native, "the reader answered where it should not, or not"


def test_facts_the_reader_must_get_right(made: dict[str, Path]) -> None:
    """Spot checks that both readers could not get wrong the same way unnoticed."""
    assert probe_video(made["rot90.mp4"]).rotation == 90
    assert (probe_video(made["rot90.mp4"]).width, probe_video(made["rot90.mp4"]).height) == (
        36, 64)
    assert probe_video(made["rot180.mov"]).rotation == 180
    assert probe_video(made["rot270.mp4"]).rotation == 270
    assert probe_video(made["h264_full_range.mp4"]).pixel_format == "yuvj420p"
    assert probe_video(made["hevc_10bit.mp4"]).pixel_format == "yuv420p10le"
    assert probe_video(made["vp9_444.webm"]).pixel_format == "yuv444p"
    assert probe_video(made["h264_anamorphic.mp4"]).width == round(64 * 4 / 3)
    assert probe_video(made["h264_ntsc.mp4"]).fps == pytest.approx(30000 / 1001)
    assert probe_video(made["h264_location.mp4"]).has_location
    assert probe_video(made["vp9_location.webm"]).has_location
    assert not probe_video(made["h264_silent.mp4"]).has_audio
    assert probe_video(made["h264_stereo.mov"]).audio_channels == 2


def _read(data: bytes, folder: Path) -> object:
    path = folder / "x.bin"
    path.write_bytes(data)
    with path.open("rb") as handle:
        return read_container(handle, len(data), data[:1024])


@pytest.mark.parametrize("name", ["h264_aac.mp4", "h264_faststart.mp4", "vp9_opus.webm",
                                  "hevc_opus.mkv"])
def test_cut_files_are_left_to_ffmpeg(made: dict[str, Path], name: str, tmp_path: Path) -> None:
    """A file cut anywhere in its headers is never described: ffmpeg then says what is wrong."""
    data = made[name].read_bytes()
    whole = _read(data, tmp_path)
    assert whole is not None
    header_end = data.find(b"mdat") if name.endswith(".mp4") else data.find(b"\x1f\x43\xb6\x75")
    stops = {*range(0, min(len(data), 2048), 7), *range(header_end, len(data), 97)}
    if name == "h264_aac.mp4":  # moov at the end: cutting it anywhere loses it
        stops = {*range(data.find(b"moov") - 4, len(data), 5)}
    for stop in sorted(stops):
        if stop < len(data):
            assert _read(data[:stop], tmp_path) is None, f"described a file cut at {stop}"


@pytest.mark.parametrize("name", ["h264_faststart.mp4", "hevc_aac.mp4", "vp9_opus.webm",
                                  "h264_aac.mkv"])
def test_corrupted_headers_never_raise(made: dict[str, Path], name: str, tmp_path: Path) -> None:
    """Random bytes written over the headers: the reader answers, declines or refuses a stated
    frame size that its codec header denies (Contradiction), nothing else."""
    data = made[name].read_bytes()
    rng = random.Random(name)
    limit = min(len(data), 4096)
    for _ in range(150):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            mutated[rng.randrange(limit)] = rng.randrange(256)
        with contextlib.suppress(Contradiction):
            _read(bytes(mutated), tmp_path)  # facts or None, or a refusal with its reason


def _box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


@pytest.mark.parametrize(
    "data",
    [
        _box(b"ftyp", b"isom\0\0\0\0") + struct.pack(">I", 1) + b"moov" + (2**63).to_bytes(8,
                                                                                          "big"),
        _box(b"ftyp", b"isom\0\0\0\0") + struct.pack(">I", 0x7FFFFFFF) + b"moov" + b"\0" * 64,
        _box(b"ftyp", b"isom\0\0\0\0") + _box(b"free") * 5000 + _box(b"moov"),
        _box(b"ftyp", b"isom\0\0\0\0") + _box(b"moov", _box(b"trak") * 5000),
        _box(b"ftyp", b"isom\0\0\0\0") + _box(b"moov", struct.pack(">I", 3) + b"trak"),
        b"\x1a\x45\xdf\xa3\x01\xff\xff\xff\xff\xff\xff\xff",
        b"\x1a\x45\xdf\xa3\x80\x18\x53\x80\x67\xff" + b"\x15\x49\xa9\x66\x08" + b"\0" * 8,
        b"\x1a\x45\xdf\xa3\x80\x18\x53\x80\x67\xff" + b"\x16\x54\xae\x6b\x01\xff\xff\xff\xff\xff"
        + b"\xff\xff",
    ],
    ids=["huge-largesize", "moov-past-end", "many-top-boxes", "many-traks", "box-too-small",
         "ebml-huge-header", "segment-unknown-size-no-tracks", "tracks-unknown-size"],
)
def test_hostile_boxes_and_elements_are_declined(data: bytes, tmp_path: Path) -> None:
    assert _read(data, tmp_path) is None


def test_deeply_nested_tags_are_declined(made: dict[str, Path], tmp_path: Path) -> None:
    """SimpleTags nest; the reader follows a few levels, then gives the file to ffmpeg."""
    from crosspost.media.container.matroska import _has_location

    def size(n: int) -> bytes:
        return bytes([0x08]) + n.to_bytes(7, "big")  # an 8-byte EBML size

    tag = b"\x45\xa3" + size(8) + b"location"
    for _ in range(50):
        tag = b"\x67\xc8" + size(len(tag)) + tag
    tags = b"\x73\x73" + size(len(tag)) + tag
    from crosspost.media.container.common import Unsure

    with pytest.raises(Unsure):
        _has_location(tags)


def test_an_index_pointing_past_the_data_is_left_to_ffmpeg(
    made: dict[str, Path], tmp_path: Path
) -> None:
    """A +faststart MP4 cut half-way, its mdat size rewritten to fit: the boxes look whole, but
    the sample tables point past the end, so the reader declines and ffmpeg's packet scan
    reports the missing data."""
    data = made["h264_faststart.mp4"].read_bytes()
    at = data.find(b"mdat") - 4
    cut = bytearray(data[: at + (len(data) - at) // 2])
    cut[at : at + 4] = struct.pack(">I", len(cut) - at)
    assert _read(data, tmp_path) is not None
    assert _read(bytes(cut), tmp_path) is None


def _sample_offsets_one_by_one(moov: bytes, boxes: dict[bytes, tuple[int, int]]) -> list[int]:
    """Every sample's offset, walked chunk by chunk as ISO/IEC 14496-12 describes it."""
    def ints(kind: bytes, skip: int, code: str, per_entry: int = 1) -> list[int]:
        s, _ = boxes[kind]
        count = struct.unpack(">I", moov[s + skip - 4 : s + skip])[0] * per_entry
        step = struct.calcsize(code)
        return [struct.unpack(">" + code, moov[s + skip + step * i : s + skip + step * (i + 1)])[0]
                for i in range(count)]

    s, _ = boxes[b"stsz"]
    uniform = struct.unpack(">I", moov[s + 4 : s + 8])[0]
    sizes = ints(b"stsz", 12, "I") if not uniform else [uniform] * struct.unpack(
        ">I", moov[s + 8 : s + 12])[0]
    chunks = ints(b"stco", 8, "I") if b"stco" in boxes else ints(b"co64", 8, "Q")
    flat = ints(b"stsc", 8, "I", 3)
    runs = [tuple(flat[i : i + 3]) for i in range(0, len(flat), 3)]
    offsets: list[int] = []
    for number, (first, per_chunk, _) in enumerate(runs):
        last = runs[number + 1][0] - 1 if number + 1 < len(runs) else len(chunks)
        for chunk in range(first - 1, last):
            at = chunks[chunk]
            for _ in range(per_chunk):
                if len(offsets) == len(sizes):
                    break
                offsets.append(at)
                at += sizes[len(offsets) - 1]
    return offsets


@pytest.mark.parametrize("name", ["h264_aac.mp4", "h264_faststart.mp4", "hevc.mov",
                                  "mpeg4_aac.mp4", "h264_opus.mp4"])
def test_every_sample_is_located_where_the_tables_put_it(made: dict[str, Path],
                                                        name: str) -> None:
    """The sample table (one bisection a sample) against a walk of every chunk, for every
    track: the key frames the reader samples are read where they are."""
    from crosspost.media.container.isobmff import _boxes, _child, _children
    from crosspost.media.container.sample_table import sample_table

    data = made[name].read_bytes()
    at = data.index(b"moov") - 4
    moov = data[at + 8 : at + struct.unpack(">I", data[at : at + 4])[0]]
    tracks = [(s, e) for kind, s, e in _children(moov, 0, len(moov)) if kind == b"trak"]
    assert len(tracks) == (1 if "-an" in {n: o for n, o, _ in CASES}[name] else 2)
    for start, end in tracks:
        stbl = _child(moov, *_child(moov, *_child(moov, start, end, b"mdia"), b"minf"), b"stbl")
        boxes = _boxes(moov, *stbl)
        table = sample_table(moov, boxes, len(data))
        expected = _sample_offsets_one_by_one(moov, boxes)
        assert table.count == len(expected) > 0
        assert [table.locate(index)[0] for index in range(table.count)] == expected
