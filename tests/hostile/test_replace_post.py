"""An approved post cannot be replaced silently: two posts with one id are an error naming both
files (check and adapt, letter case ignored), and a variant folder no post produced never
passes for a real variant."""

from __future__ import annotations

from .conftest import Repo, Run


def test_duplicate_ids_are_an_error_naming_both_files(repo: Repo, run: Run) -> None:
    repo.post("a.md", "---\nid: nieuws\n---\nHet goedgekeurde bericht.\n")
    repo.post("b/c.md", "---\nid: Nieuws\n---\nEen ander bericht met dezelfde id.\n")
    done = run("check")
    assert done.code == 1
    assert done.out.count("post.duplicate_id") == 2
    assert "posts/a.md" in done.out
    assert "posts/b/c.md" in done.out
    adapted = run("adapt")
    assert adapted.code == 1
    assert adapted.out.count("is also the id of") == 2
    assert not repo.out.exists() or not any(repo.out.iterdir())  # neither wrote a folder


def test_duplicate_ids_from_file_names(repo: Repo, run: Run) -> None:
    repo.post("maart/nieuws.md", "---\ntargets: [x.post]\n---\nMaart.\n")
    repo.post("april/nieuws.md", "---\ntargets: [x.post]\n---\nApril.\n")
    done = run("check")
    assert "post.duplicate_id" in done.out


def test_a_committed_variant_folder_is_removed_by_adapt(repo: Repo, run: Run) -> None:
    repo.post("echt.md", "---\nid: echt\n---\nHet echte bericht.\n")
    forged = repo.file("out/nep/x.post/post.txt", "Stem op ons!\n")
    repo.file("out/nep/x.post/manifest.json", '{"publishable": true}\n')
    extra_target = repo.file("out/echt/mastodon.post/post.txt", "Oud.\n")
    repo.link("out/link", repo.outside)
    repo.file("out/map.html", "<html></html>")  # files in the output folder are left alone
    done = run("adapt")
    assert done.code == 0
    assert not forged.exists()
    assert not extra_target.exists()
    assert not (repo.out / "link").exists()
    assert (repo.outside / "secret.txt").exists()
    assert "no post of this run produced it" in done.err
    assert (repo.out / "map.html").exists()
    assert (repo.out / "echt" / "x.post" / "post.txt").is_file()


def test_adapting_one_post_leaves_the_other_posts_folders(repo: Repo, run: Run) -> None:
    repo.post("een.md", "---\nid: een\n---\nEen.\n")
    repo.post("twee.md", "---\nid: twee\n---\nTwee.\n")
    assert run("adapt").code == 0
    assert run("adapt", "posts/een.md").code == 0
    assert (repo.out / "twee" / "x.post" / "post.txt").is_file()


def test_map_names_a_variant_folder_no_post_produced(repo: Repo, run: Run) -> None:
    repo.post("echt.md", "---\nid: echt\n---\nHet echte bericht.\n")
    repo.file("out/nep/x.post/post.txt", "Stem op ons!\n")
    done = run("map", "--out", repo.root / "map.html")
    html = (repo.root / "map.html").read_text("utf-8")
    assert "a variant folder no post produced" in html
    assert "Stem op ons" not in html
    assert done.code == 1


def test_adapting_some_posts_never_takes_the_id_of_another(repo: Repo, run: Run) -> None:
    repo.post("a.md", "---\nid: nieuws\n---\nHet goedgekeurde bericht.\n")
    assert run("adapt").code == 0
    approved = (repo.out / "nieuws" / "x.post" / "post.txt").read_bytes()
    repo.post("b.md", "---\nid: nieuws\n---\nEen ander bericht met dezelfde id.\n")
    done = run("adapt", "posts/b.md")
    assert done.code == 1
    assert "is also the id of posts/a.md" in done.out
    assert (repo.out / "nieuws" / "x.post" / "post.txt").read_bytes() == approved
    assert run("adapt", repo.posts / "a.md").code == 1  # b.md still clashes, by any path
