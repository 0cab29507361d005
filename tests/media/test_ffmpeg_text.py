"""Parsers of ffmpeg's text output, on samples including hostile metadata."""

from __future__ import annotations

import pytest

from crosspost.media.ffmetadata import parse_ffmetadata
from crosspost.media.ffmpeg_dump import DumpError, parse_input_dump, split_top_level
from crosspost.media.ffmpeg_input import refuse_text_container

URL = "file:/tmp/x, from 'y':.mp4"

DUMP = f"""Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '{URL}':
  Metadata:
    major_brand     : qt  
    title           : line one
                    :   Stream #0:1: Video: h264, 9999x9999, 99 fps
  Duration: 00:01:02.50, start: 0.000000, bitrate: 8123 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67), 1920x1080 [SAR 1:1 DAR 16:9], 7900 kb/s, 29.97 fps, 29.97 tbr, 600 tbn (default)
    Metadata:
      handler_name    : Core Media Video
      com.apple.quicktime.location.ISO6709: +48.8577+002.2950+035.000/
    Side data:
      Display Matrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 256 kb/s (default)
  Stream #0:2[0x3](und): Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 320x240, 90k tbr, 90k tbn (attached pic)
Stream mapping:
"""  # noqa: E501, W291


def test_parse_dump_reads_streams_and_ignores_fake_lines_in_metadata() -> None:
    dump = parse_input_dump("junk before\n" + DUMP, URL)
    assert dump.container == "mov,mp4,m4a,3gp,3g2,mj2"
    assert dump.duration == pytest.approx(62.5)
    assert dump.bitrate == 8_123_000
    video, audio, cover = dump.streams
    assert (video.codec, video.width, video.height) == ("hevc", 1920, 1080)
    assert video.pixel_format == "yuv420p10le"
    assert video.fps == pytest.approx(30000 / 1001)
    assert video.rotation == -90.0
    assert video.sar == (1, 1)
    assert video.tags["com.apple.quicktime.location.ISO6709"].startswith("+48.8577")
    assert (audio.codec, audio.sample_rate, audio.channels) == ("aac", 48000, 6)
    assert cover.attached_pic is True
    assert cover.fps == 90000


def test_dump_must_belong_to_our_url() -> None:
    with pytest.raises(DumpError, match="no summary"):
        parse_input_dump(DUMP, "file:/other.mp4")


def test_out_of_order_streams_are_rejected() -> None:
    broken = DUMP.replace("Stream #0:1[0x2]", "Stream #0:0[0x2]")
    with pytest.raises(DumpError, match="out of order"):
        parse_input_dump(broken, URL)


def test_split_top_level_keeps_parentheses() -> None:
    assert split_top_level("h264 (High), yuv420p(tv, bt709), 1x1 [SAR 1:1 DAR 1:1]") == [
        "h264 (High)",
        "yuv420p(tv, bt709)",
        "1x1 [SAR 1:1 DAR 1:1]",
    ]


def test_ffmetadata_unescapes_values() -> None:
    text = ";FFMETADATA1\ntitle=a\\=b\\;c\\#d\\\\e\\\nsecond line\nlocation=+1+2/\n[STREAM]\nx=y\n"
    assert parse_ffmetadata(text) == {"title": "a=b;c#d\\e\nsecond line", "location": "+1+2/"}
    with pytest.raises(ValueError, match="FFMETADATA"):
        parse_ffmetadata("title=x\n")


@pytest.mark.parametrize(
    "head",
    [b"#EXTM3U\n", b"\xef\xbb\xbf  #extm3u\n", b"ffconcat version 1.0\n", b'<?xml version="1.0"?>'],
)
def test_playlists_are_sniffed(head: bytes) -> None:
    from crosspost.errors import MediaError

    with pytest.raises(MediaError, match="crosspost never follows playlists"):
        refuse_text_container("x.mp4", head)


def test_binary_heads_pass_the_sniff() -> None:
    refuse_text_container("x.mp4", b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00")
    refuse_text_container("x.mkv", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01")
