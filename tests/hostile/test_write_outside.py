"""Writes stay inside the output folder: links committed in it are replaced, never followed;
configuration values that name paths stay inside the repository."""

from __future__ import annotations

import os

import pytest

from .conftest import Repo, Run

POST = "---\nid: nieuws\n---\nHallo allemaal, dit is het nieuws van vandaag.\n"


@pytest.mark.parametrize("link", [
    "out/nieuws",                    # the id folder
    "out/nieuws/x.post",             # the variant folder
])
def test_a_symlinked_variant_folder_is_replaced_not_followed(repo: Repo, run: Run,
                                                             link: str) -> None:
    repo.post("nieuws.md", POST)
    target = repo.outside / "victim"
    target.mkdir()
    repo.link(link, target)
    before = repo.outside_tree()
    done = run("adapt")
    assert done.code == 0, done.out + done.err
    assert repo.outside_tree() == before
    assert not any(target.iterdir())  # nothing written through the link
    folder = repo.out / "nieuws" / "x.post"
    assert not folder.is_symlink()
    assert not folder.parent.is_symlink()
    assert (folder / "post.txt").read_text("utf-8").startswith("Hallo allemaal")


def test_a_symlinked_lock_file_is_replaced_not_followed(repo: Repo, run: Run) -> None:
    repo.post("nieuws.md", POST)
    victim = repo.outside / "created-by-lock"  # dangling: O_CREAT would create it
    repo.link("out/nieuws/x.post/.crosspost.lock", victim)
    repo.link("out/nieuws/bluesky.post/.crosspost.lock", repo.outside / "secret.txt")
    before = repo.outside_tree()
    assert run("adapt").code == 0
    assert not victim.exists()
    assert repo.outside_tree() == before
    assert not (repo.out / "nieuws" / "x.post" / ".crosspost.lock").is_symlink()


@pytest.mark.parametrize("name", ["post.txt", "manifest.json"])
def test_a_symlinked_output_file_is_replaced_not_written_through(repo: Repo, run: Run,
                                                                 name: str) -> None:
    repo.post("nieuws.md", POST)
    repo.link(f"out/nieuws/x.post/{name}", repo.outside / "secret.txt")
    before = repo.outside_tree()
    assert run("adapt").code == 0
    assert repo.outside_tree() == before
    written = repo.out / "nieuws" / "x.post" / name
    assert not written.is_symlink()
    assert written.is_file()


def test_a_symlinked_thread_folder_is_replaced(repo: Repo, run: Run) -> None:
    long = " ".join(f"Zin {i} over de warmtepomp en de subsidie voor isolatie." for i in range(12))
    repo.post("lang.md", f"---\nid: lang\ntargets: [x.post]\n---\n{long}\n")
    victim = repo.outside / "thread"
    victim.mkdir()
    repo.link("out/lang/x.post/thread", victim)
    assert run("adapt").code == 0
    assert not any(victim.iterdir())
    assert sorted(p.name for p in (repo.out / "lang" / "x.post" / "thread").iterdir())


@pytest.mark.parametrize("setting", [
    'out = "../elsewhere"',
    'handles = "{outside}/handles.yaml"',
    'policy = "../outside/policy.yaml"',
    'spec_dirs = ["{outside}"]',
    'out = "escape"',  # a link in the repository that leads out
])
def test_configuration_paths_stay_inside_the_repository(repo: Repo, run: Run,
                                                        setting: str) -> None:
    (repo.outside / "handles.yaml").write_text("gemeente:\n  name: Gemeente\n", "utf-8")
    (repo.outside / "policy.yaml").write_text("name: Buiten\n", "utf-8")
    repo.link("escape", repo.outside)
    repo.post("nieuws.md", POST)
    repo.file("crosspost.toml", setting.format(outside=repo.outside) + "\n")
    before = repo.outside_tree()
    for verb in ("check", "adapt"):
        done = run(verb)
        assert done.code == 2
        assert "leads outside the project root" in done.err
        assert "crosspost.toml" in done.err
    assert repo.outside_tree() == before
    assert not (repo.root.parent / "elsewhere").exists()


def test_the_output_folder_given_on_the_command_line_is_the_users_choice(
    repo: Repo, run: Run
) -> None:
    repo.post("nieuws.md", POST)
    chosen = repo.outside / "site"
    assert run("adapt", "--out", chosen).code == 0
    assert (chosen / "nieuws" / "x.post" / "post.txt").is_file()


def test_temporary_files_stay_in_the_variant_folder(repo: Repo, run: Run,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    made: list[str] = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        fd, name = real(*args, **kwargs)
        made.append(name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    repo.post("nieuws.md", POST)
    assert run("adapt").code == 0
    assert made
    out = os.path.realpath(repo.out)
    assert all(os.path.realpath(name).startswith(out + os.sep) for name in made)


def test_a_configured_output_folder_reached_through_a_link_is_refused(repo: Repo,
                                                                      run: Run) -> None:
    repo.post("nieuws.md", POST)
    repo.file("src/keep/me.txt", "broncode\n")
    repo.link("out", repo.root / "src")  # inside the repository, but another folder
    done = run("adapt")
    assert done.code == 2
    assert "reached through a symbolic link" in done.err
    assert (repo.root / "src" / "keep" / "me.txt").read_text() == "broncode\n"
    assert sorted(p.name for p in (repo.root / "src").iterdir()) == ["keep"]


def test_without_a_configuration_a_linked_output_folder_is_refused_too(repo: Repo,
                                                                       run: Run) -> None:
    (repo.root / "crosspost.toml").unlink()
    repo.post("nieuws.md", "---\nid: nieuws\ntargets: [x.post]\n---\nHallo allemaal.\n")
    repo.link("out", repo.outside)
    before = repo.outside_tree()
    done = run("adapt")
    assert done.code == 2
    assert "reached through a symbolic link" in done.err
    assert repo.outside_tree() == before
    assert run("check").code == 0  # reading is not affected
    assert run("adapt", "--out", repo.outside / "site").code == 0  # the workflow's choice


@pytest.mark.parametrize("args", [
    ("check", "--format", "sarif", "-o", "reports/check.sarif"),
    ("map", "--out", "reports/map.html"),
])
def test_a_report_path_through_a_committed_link_is_refused(repo: Repo, run: Run,
                                                           args: tuple[str, ...]) -> None:
    repo.post("nieuws.md", POST)
    repo.link("reports", repo.outside)
    before = repo.outside_tree()
    done = run(*args)
    assert done.code == 2
    assert "leads outside" in done.err
    assert repo.outside_tree() == before


def test_a_report_file_that_is_a_committed_link_is_replaced(repo: Repo, run: Run) -> None:
    repo.post("nieuws.md", POST)
    repo.link("check.sarif", repo.outside / "secret.txt")
    before = repo.outside_tree()
    run("check", "--format", "sarif", "-o", "check.sarif")
    assert repo.outside_tree() == before
    assert not (repo.root / "check.sarif").is_symlink()
