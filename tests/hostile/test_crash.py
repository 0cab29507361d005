"""Inputs that used to crash crosspost: each is a clear finding or a clear error (exit 2 where
crosspost could not run), never a traceback or an "internal error"."""

from __future__ import annotations

import pytest

from .conftest import Repo, Run


def test_a_5000_digit_integer_in_front_matter_is_a_finding(repo: Repo, run: Run) -> None:
    repo.post("groot.md", f"---\nid: groot\nai_generated: {'9' * 5000}\n---\nHallo.\n")
    repo.post("goed.md", "---\nid: goed\n---\nHallo.\n")
    done = run("check")
    assert done.code == 1
    assert "5000 digits" in done.out
    assert "goed (posts/goed.md)" in done.out
    assert run("adapt").code == 1


@pytest.mark.parametrize("toml", [
    "a = " + "[" * 5000 + "]" * 5000,
    "a = " + "{b = " * 3000 + "1" + "}" * 3000,
    "[" + ".".join(["t"] * 200) + "]\nx = 1",
    "targets = " + "9" * 5000,
])
def test_a_hostile_configuration_is_a_clear_error(repo: Repo, run: Run, toml: str) -> None:
    repo.file("crosspost.toml", toml + "\n")
    repo.post("p.md", "---\nid: p\n---\nHallo.\n")
    for verb in ("check", "adapt", "plan"):
        done = run(verb)
        assert done.code == 2
        assert done.err.startswith("crosspost: error: ")
        assert "crosspost.toml" in done.err


def test_a_deep_pyproject_table_is_a_clear_error(repo: Repo, run: Run) -> None:
    (repo.root / "crosspost.toml").unlink()
    repo.file("pyproject.toml", "[tool.crosspost]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    repo.post("p.md", "---\nid: p\n---\nHallo.\n")
    done = run("check")
    assert done.code == 2
    assert "pyproject.toml" in done.err


def test_an_srt_time_with_a_400_digit_hour_is_a_finding(repo: Repo, run: Run) -> None:
    repo.file("posts/media/clip.mp4", b"\x00" * 64)
    repo.file("posts/media/sub.srt", f"1\n{'9' * 400}:00:00,000 --> 00:00:01,000\nHoi\n")
    repo.post("film.md", "---\nid: film\nmedia:\n  - {path: media/clip.mp4, alt: Film,\n"
                         "     captions: media/sub.srt}\n---\nKijk.\n")
    done = run("check")
    assert done.code == 1
    assert "captions.invalid" in done.out
    assert "bad start time" in done.out


def test_a_nul_in_an_id_is_a_finding_in_check_and_an_error_line_in_adapt(
    repo: Repo, run: Run
) -> None:
    repo.post("nul.yaml", 'id: "x\\0y"\ntext: Hallo.\n')
    repo.post("goed.md", "---\nid: goed\n---\nHallo.\n")
    done = run("check")
    assert done.code == 1
    assert "post.id" in done.out
    assert "(adapt can fix)" not in done.out
    adapted = run("adapt")
    assert adapted.code == 1
    assert "could not be adapted" in adapted.out
    assert "\\x00" in adapted.out
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()


def test_a_url_with_port_99999_is_adapted(repo: Repo, run: Run) -> None:
    words = " ".join(["woord"] * 60)
    repo.post("poort.md", f"---\nid: poort\ntargets: [bluesky.post, x.post]\n---\n"
                          f"Zie https://example.org:99999/pad/naar/iets/heel/lang {words}\n")
    assert run("check").code == 1  # too long: fixable
    done = run("adapt")
    assert done.code == 0, done.out
    folder = repo.out / "poort" / "bluesky.post"
    written = "".join(p.read_text("utf-8") for p in sorted(folder.rglob("*.txt")))
    assert "example.org:99999" in written
