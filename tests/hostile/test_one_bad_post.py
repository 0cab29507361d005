"""One bad post never stops the others: its failure is a finding or an error line of its own,
every other post is reported and adapted, and the exit code is the worst of them."""

from __future__ import annotations

import pytest

from crosspost.errors import ToolError

from .conftest import Repo, Run

GOOD = "---\nid: goed\n---\nHallo allemaal.\n"


def _video_post(repo: Repo) -> None:
    repo.file("posts/media/clip.mp4", b"\x00" * 64)
    repo.post("film.md", "---\nid: film\nmedia:\n  - {path: media/clip.mp4, alt: Film}\n"
                         "---\nKijk.\n")


def test_an_ffmpeg_timeout_on_one_post_is_that_posts_error_in_adapt(
    repo: Repo, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosspost import adapting

    repo.post("goed.md", GOOD)
    repo.post("traag.md", "---\nid: traag\n---\nDit bericht laat ffmpeg hangen.\n")
    real = adapting.VariantSet.save

    def save(self, out_dir, **kwargs):  # type: ignore[no-untyped-def]
        if self.item == "traag":
            raise ToolError("ffmpeg timed out after 1 s and was killed: -i traag.mp4")
        return real(self, out_dir, **kwargs)

    monkeypatch.setattr(adapting.VariantSet, "save", save)
    done = run("adapt")
    assert done.code == 2  # could not run for one post: the worst
    assert "could not be adapted: ffmpeg timed out" in done.out
    assert "crosspost: error: ffmpeg timed out" in done.err
    assert "traag.md" in done.err
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()
    assert "2 items: 1 adapted, 1 failed" in done.out


def test_an_ffmpeg_timeout_while_checking_one_post_is_a_finding(
    repo: Repo, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosspost.media.prober import FileProber

    _video_post(repo)
    repo.post("goed.md", GOOD)

    def video(self, path):  # type: ignore[no-untyped-def]
        raise ToolError("ffmpeg timed out after 30 s and was killed")

    monkeypatch.setattr(FileProber, "video", video)
    done = run("check")
    assert done.code == 1
    assert "media.unreadable" in done.out
    assert "timed out" in done.out
    assert "goed (posts/goed.md)" in done.out


def test_ffmpeg_missing_still_stops_the_run(repo: Repo, run: Run,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _video_post(repo)
    monkeypatch.setenv("CROSSPOST_FFMPEG", str(repo.root / "no-ffmpeg"))
    done = run("adapt")
    assert done.code == 2
    assert done.err.startswith("crosspost: error: $CROSSPOST_FFMPEG")


def test_an_empty_caption_file_is_a_finding_of_its_post(repo: Repo, run: Run) -> None:
    repo.file("posts/media/clip.mp4", b"\x00" * 64)
    repo.file("posts/media/leeg.srt", b"")
    repo.post("film.md", "---\nid: film\nmedia:\n  - {path: media/clip.mp4, alt: Film,\n"
                         "     captions: media/leeg.srt}\n---\nKijk.\n")
    repo.post("goed.md", GOOD)
    done = run("check")
    assert done.code == 1
    assert "goed (posts/goed.md)" in done.out
    adapted = run("adapt")
    assert adapted.code in (1, 2)
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()


def test_a_300_character_id_is_a_finding_and_the_others_go_on(repo: Repo, run: Run) -> None:
    repo.post("lang.md", f"---\nid: {'a' * 300}\n---\nHallo.\n")
    repo.post("goed.md", GOOD)
    done = run("check")
    assert done.code == 1
    assert "post.id" in done.out
    assert "300 characters" in done.out
    adapted = run("adapt")
    assert adapted.code == 1
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()
    assert [p.name for p in repo.out.iterdir()] == ["goed"]


def test_a_bug_in_one_post_is_reported_and_the_others_go_on(
    repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosspost import adapting
    from crosspost.cli import main

    repo.post("goed.md", GOOD)
    repo.post("stuk.md", "---\nid: stuk\n---\nDit bericht raakt een fout.\n")
    real = adapting.VariantSet.save

    def save(self, out_dir, **kwargs):  # type: ignore[no-untyped-def]
        if self.item == "stuk":
            raise ZeroDivisionError("a bug")
        return real(self, out_dir, **kwargs)

    monkeypatch.setattr(adapting.VariantSet, "save", save)
    assert main(["adapt"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error: ZeroDivisionError" in err
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()


def test_an_ffmpeg_timeout_on_one_post_does_not_stop_the_map(
    repo: Repo, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosspost.media.prober import FileProber

    _video_post(repo)
    repo.post("goed.md", GOOD)

    def video(self, path):  # type: ignore[no-untyped-def]
        raise ToolError("ffmpeg timed out after 30 s and was killed")

    monkeypatch.setattr(FileProber, "video", video)
    done = run("map", "--out", repo.root / "map.html")
    assert done.code == 1
    html = (repo.root / "map.html").read_text("utf-8")
    assert "timed out" in html
    assert "goed" in html
