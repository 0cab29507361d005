"""The bad-input catalogue of the earlier issues, through `check`, `plan` and `adapt`.

Each case is a small content repository with one broken file. Every verb must give the expected
exit code and a message that names the problem, never a traceback; no source file may change
by a single byte, and the output folder may hold nothing partial or temporary. A YAML tag is
never executed and a playlist is never followed.

Exit codes: a post or medium that cannot be used is a finding of that post (1); a spec, policy,
configuration or ``--target`` that is wrong stops the run (2).
"""

from __future__ import annotations

import io
import os
import struct
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from crosspost.media.probe_video import probe_video

from .conftest import FAST_POLICY, CliRunner, Media, ProjectFactory, post_text
from .helpers import assert_consistent, temps, tree

pytestmark = pytest.mark.reliability

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
SRT = "1\n00:00:00,100 --> 00:00:00,900\nHallo allemaal.\n"


@dataclass(frozen=True)
class Case:
    """Files of the repository (``post.md`` is the post), the exit codes of check, plan and
    adapt, and what every verb's output must say."""

    files: dict[str, str | bytes]
    codes: tuple[int, int, int]
    says: str
    line: int | None = None  # the post line every verb must point at
    args: tuple[str, ...] = ()
    config: str = 'policy = "policy.yaml"\n'
    policy: str = FAST_POLICY
    post: str = "post.md"
    extra: dict[str, str] = field(default_factory=dict)


def _post(media: list[tuple[str, str | None]] = (), targets: tuple[str, ...] = ("x.post",),
          **front: str) -> str:
    text = post_text("post", list(targets), media)
    extra = "".join(f"{key}: {value}\n" for key, value in front.items())
    return text.replace("\n---\n", "\n" + extra + "---\n", 1) if extra else text


def _png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG header claiming 900 megapixels, with a token of data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _with_media(name: str, data: bytes,
                captions: str | bytes | None = None) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"media/{name}": data}
    subs = None
    if captions is not None:
        subs = "media/clip.nl.srt"
        files[subs] = captions
    files["post.md"] = _post([(f"media/{name}", subs)])
    return files


def catalogue(media: Media, tmp: Path, demo_spec: str) -> dict[str, Case]:
    """Every case by name; ``demo_spec`` is a valid spec file (the ``demo_spec`` fixture)."""
    sentinel = tmp / "EXECUTED"
    fifo = tmp / "secret.ts"
    finding, run_stops = (1, 1, 1), (2, 2, 2)  # exit codes of check, plan, adapt
    spec = {"args": ("--spec-dir", "specs")}
    return {
        # -- post files (YAML and front matter) ------------------------------------------
        "invalid YAML": Case({"post.md": "---\ntitle: [x\n---\nbody\n"}, finding,
                             "invalid YAML: did not find expected ',' or ']'", line=3),
        "YAML tag, not executed": Case(
            {"post.md": f'---\ntitle: !!python/object/apply:os.system ["touch {sentinel}"]\n'
                        "---\nbody\n"},
            finding, "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
            "supported", line=2),
        "custom YAML tag": Case({"post.md": "---\ntitle: !secret x\n---\nb\n"}, finding,
                                "YAML tag '!secret' is not supported", line=2),
        "alias bomb": Case({"post.yaml": BOMB + "text: *i\n"}, finding, "anchors",
                           line=1, post="post.yaml"),
        "duplicate key": Case({"post.md": "---\ntitle: a\nlanguage: nl\ntitle: b\n---\nbody\n"},
                              finding, "first at line 2", line=4),
        "YAML 1.1 NO": Case({"post.md": "---\nlanguage: NO\n---\nbody\n"}, finding,
                            "quote", line=2),
        "YAML 1.1 octal": Case({"post.yaml": "id: 012345\ntext: x\n"}, finding,
                               "leading zero", line=1, post="post.yaml"),
        "YAML 1.1 base-60": Case({"post.yaml": "text: x\ntitle: 12:30\n"}, finding,
                                 "base-60", line=2, post="post.yaml"),
        "front matter over 64 KiB": Case(
            {"post.md": "---\ntitle: x\ngoal: " + "a" * 65536 + "\n---\nbody\n"}, finding,
            "front matter is larger than 64 KiB", line=1),
        "non-UTF-8 post": Case({"post.md": "---\ntitle: caf\xe9\n---\nbody\n".encode("latin-1")},
                               finding, "not UTF-8", line=2),
        "empty post": Case({"post.md": ""}, finding, "empty", line=1),
        # -- targets -------------------------------------------------------------------
        "unknown target in the post": Case({"post.md": _post(targets=("x.psot",))}, finding,
                                           "unknown target 'x.psot' (did you mean x.post?)"),
        "unknown --target": Case({"post.md": _post()}, run_stops,
                                 "unknown target 'x.psot' (did you mean x.post?)",
                                 args=("--target", "x.psot")),
        # -- media paths ---------------------------------------------------------------
        "missing media, did you mean": Case(
            {"media/photo.jpg": media.photo, "post.md": _post([("media/phot.jpg", None)])},
            finding, "media file 'media/phot.jpg' not found (did you mean 'photo.jpg'?)",
            line=6),
        "path escape with ..": Case({"post.md": _post([("../outside.jpg", None)])}, finding,
                                    "'../outside.jpg' goes up with '..'", line=6),
        "absolute path": Case({"post.md": _post([(str(tmp / "outside.jpg"), None)])},
                              finding, "absolute", line=6),
        "symlink out of the root": Case(
            {"post.md": _post([("media/link.jpg", None)])}, finding,
            "leads outside the content root (through a symbolic link)", line=6,
            extra={"media/link.jpg": str(tmp / "outside.jpg")}),
        # -- images --------------------------------------------------------------------
        "zero-byte image": Case(_with_media("photo.jpg", b""), finding,
                                "media/photo.jpg: is empty (0 bytes)"),
        "text named .jpg": Case(_with_media("photo.jpg", b"not an image\n" * 20), finding,
                                "media/photo.jpg: is not an image crosspost can read"),
        "JPEG cut in its header": Case(_with_media("photo.jpg", media.photo[:300]), finding,
                                       "media/photo.jpg: image header is corrupt"),
        "30000x30000 PNG bomb": Case(_with_media("bomb.png", _png_bomb()), finding,
                                     "more than the budget of 120.0 MP (possible decompression "
                                     "bomb)"),
        "PNG named .jpg (works)": Case(_with_media("photo.jpg", _png()), (0, 0, 0), "post"),
        # -- videos --------------------------------------------------------------------
        "text named .mp4": Case(_with_media("clip.mp4", b"hello, not a video\n" * 10),
                                finding, "media/clip.mp4: is a text file, not a video"),
        "ffconcat named .mp4": Case(
            _with_media("clip.mp4", f"ffconcat version 1.0\nfile '{fifo}'\n".encode()),
            finding, "is an ffconcat playlist, not a video file; crosspost never follows "
            "playlists"),
        "HLS named .mp4": Case(
            _with_media("clip.mp4", f"#EXTM3U\n#EXTINF:1,\nfile://{fifo}\n".encode()),
            finding, "is an HLS/M3U playlist, not a video file; crosspost never follows "
            "playlists"),
        "MP4 without moov": Case(_with_media("clip.mp4", media.clip[:48]), finding,
                                 "has no moov atom"),
        "video without frames": Case(_with_media("clip.mp4", media.no_frames), finding,
                                     "has no video stream; expected a video"),
        "audio only": Case(_with_media("clip.mp4", media.audio_only), finding,
                           "has no video stream (audio only)"),
        "rotated phone video (works)": Case(_with_media("clip.mp4", media.portrait),
                                            (0, 0, 0), "post"),
        # -- subtitles -----------------------------------------------------------------
        "subtitle with a bad timestamp": Case(
            _with_media("clip.mp4", media.clip, "1\n00:00:00,100 --> 00:00:00.900\nHallo.\n"),
            finding, "media/clip.nl.srt (line 2): bad end time '00:00:00.900'"),
        "subtitle in Latin-1": Case(
            _with_media("clip.mp4", media.clip, SRT.replace("allemaal", "café").encode("cp1252")),
            finding, "it looks like Latin-1/Windows-1252: re-save the file as UTF-8"),
        "subtitle ending before it starts": Case(
            _with_media("clip.mp4", media.clip, "1\n00:00:00,900 --> 00:00:00,100\nHallo.\n"),
            (0, 0, 0), "cue 1 ends at 0.100 s, before it starts at 0.900 s"),
        # -- spec, policy and configuration files ----------------------------------------
        "spec: unknown field": Case(
            {"post.md": _post(), "specs/demo.yaml": demo_spec + "foo: 1\n"}, run_stops,
            f"specs/demo.yaml:{demo_spec.count(chr(10)) + 1}: foo: unknown field", **spec),
        "spec: wrong type": Case(
            {"post.md": _post(),
             "specs/demo.yaml": demo_spec.replace("max_hashtags: 30", "max_hashtags: many")},
            run_stops, "specs/demo.yaml:18: formats.post.limits.text.max_hashtags: input "
            "should be a valid integer", **spec),
        "spec: negative duration": Case(
            {"post.md": _post(),
             "specs/demo.yaml": demo_spec.replace("max_duration: 140", "max_duration: -1")},
            run_stops, "formats.post.limits.video.max_duration: input should be greater than "
            "or equal to 0, got -1", **spec),
        "spec: min > max": Case(
            {"post.md": _post(), "specs/demo.yaml": demo_spec.replace(
                "max_duration: 140", "max_duration: 10\n        min_duration: 20")},
            run_stops, "min_duration (20.0) is greater than max_duration (10.0)", **spec),
        "spec: bad YAML": Case({"post.md": _post(), "specs/demo.yaml": "id: [demo\n"},
                               run_stops, "specs/demo.yaml:2: invalid YAML", **spec),
        "policy: unknown field": Case({"post.md": _post()}, run_stops,
                                      "policy.yaml:2: foo: unknown field",
                                      policy="name: x\nfoo: 1\n"),
        "policy: wrong type": Case({"post.md": _post()}, run_stops,
                                   "policy.yaml:2: severity: input should be 'error', "
                                   "'warning' or 'info', got 'loud'",
                                   policy="name: x\nseverity: loud\n"),
        "policy: negative duration": Case(
            {"post.md": _post()}, run_stops, "all.video.max_duration: input should be greater "
            "than or equal to 0, got -5", policy="name: x\nall:\n  video:\n    max_duration: -5\n"),
        "policy: min > max": Case(
            {"post.md": _post()}, run_stops, "min_duration (10.0) is greater than max_duration",
            policy="name: x\nall:\n  video:\n    min_duration: 10\n    max_duration: 5\n"),
        "policy: loosens a limit": Case(
            {"post.md": _post()}, run_stops, "a policy may tighten a platform limit, never "
            "loosen it", policy="name: x\nplatforms:\n  x.post:\n    text:\n"
            "      max_length: {twitter: 99999}\n"),
        "policy: bad YAML": Case({"post.md": _post()}, run_stops, "policy.yaml:2: invalid YAML",
                                 policy="name: [x\n"),
        "config: unknown field": Case({"post.md": _post()}, run_stops,
                                      "crosspost.toml: includ: unknown field",
                                      config="includ = []\n"),
        "config: wrong type": Case({"post.md": _post()}, run_stops,
                                   "crosspost.toml: targets: input should be a valid list",
                                   config="targets = 'x.post'\n"),
        "config: bad TOML": Case({"post.md": _post()}, run_stops,
                                 "crosspost.toml: invalid TOML", config="targets = [\n"),
    }


def _names() -> list[str]:
    # The names only (the cases need the session's media): build with placeholders.
    fake = Media(*(b"" for _ in Media.__dataclass_fields__))
    return sorted(catalogue(fake, Path("/nowhere"), ""))


class Tripwire:
    """A FIFO that records whether anything opened it for reading (a followed playlist)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self._thread = threading.Thread(target=self._wait, daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)  # blocks until a reader opens the FIFO
        self.opened.set()
        os.close(fd)

    def close(self) -> None:
        if not self.opened.is_set():
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # release the writer
            self._thread.join(5)
            os.close(fd)
            self.opened.clear()


@pytest.mark.parametrize("name", _names())
def test_bad_input(name: str, media: Media, make_project: ProjectFactory, cli: CliRunner,
                   tmp_path: Path, demo_spec: str) -> None:
    case = catalogue(media, tmp_path, demo_spec)[name]
    (tmp_path / "outside.jpg").write_bytes(media.photo)
    wire = Tripwire(tmp_path / "secret.ts")
    project = make_project(files=case.files, config=case.config, policy=case.policy)
    for link, target in case.extra.items():
        (project.root / link).parent.mkdir(parents=True, exist_ok=True)
        (project.root / link).symlink_to(target)
    sources = tree(project.root)
    try:
        for verb, code in zip(("check", "plan", "adapt"), case.codes, strict=True):
            out = ("--out", project.out) if verb == "adapt" else ()
            done = cli(verb, case.post, *case.args, *out, cwd=project.root)
            assert done.code == code, f"{verb}: {done.text}"
            assert case.says in done.text, f"{verb}: {done.text}"
            if case.line is not None:
                assert f"{case.post}:{case.line}" in done.text, f"{verb}: {done.text}"
            if code == 2:
                assert done.err.startswith("crosspost: error: "), done.err
                assert "\n" not in done.err.rstrip("\n"), done.err
    finally:
        wire.close()
    assert not wire.opened.is_set(), "a playlist entry was opened"
    assert not (tmp_path / "EXECUTED").exists(), "a YAML tag was executed"
    assert tree(project.root) == sources, "a source file changed"
    assert not temps(project.root)
    if project.out.exists():
        assert_consistent(project.out)
    if case.codes == (0, 0, 0):
        _assert_outputs_usable(project.out, portrait=name.startswith("rotated"))


def _assert_outputs_usable(out: Path, *, portrait: bool) -> None:
    """A case that must work wrote media that decode as what their names say."""
    written = [p for p in out.rglob("01-*") if p.is_file()]
    assert written
    for path in written:
        if path.suffix == ".mp4":
            facts = probe_video(path)
            assert (facts.width < facts.height) == portrait, "the video's rotation is wrong"
        else:
            with Image.open(path) as decoded:
                assert decoded.format == {".jpg": "JPEG", ".png": "PNG"}[path.suffix]
                decoded.load()


def test_check_finds_a_jpeg_cut_in_its_pixel_data(media: Media, make_project: ProjectFactory,
                                                  cli: CliRunner) -> None:
    project = make_project(files=_with_media("photo.jpg", media.photo[: len(media.photo) // 2]))
    assert "image is truncated" in cli("plan", "post.md", cwd=project.root).out
    assert cli("check", "post.md", cwd=project.root).code == 1
