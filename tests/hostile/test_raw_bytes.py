"""Raw bytes never slip through: NUL and ESC in a text are errors and never written raw, an
id with a bidi override is refused (and shown escaped), an empty post is not publishable."""

from __future__ import annotations

import json

from .conftest import Repo, Run


def test_nul_and_esc_in_the_text_are_errors_and_never_written_raw(repo: Repo, run: Run) -> None:
    repo.post("p.md", "---\nid: p\n---\nTekst \x1b[31mrood\x1b[0m en \x00 nul.\n")
    done = run("check", "--format", "json")
    assert done.code == 1
    found = [f for f in json.loads(done.out)["findings"] if f["rule"] == "text.unsafe_chars"]
    assert found
    assert found[0]["severity"] == "error"
    adapted = run("adapt")
    assert adapted.code == 1
    assert "NOT publishable" in adapted.out
    for path in repo.out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"\x00" not in data, path
            assert b"\x1b" not in data, path


def test_a_zero_width_space_stays_a_warning(repo: Repo, run: Run) -> None:
    repo.post("p.md", "---\nid: p\n---\n#Energie\u200btransitie voor iedereen.\n")
    done = run("check", "--format", "json")
    found = [f for f in json.loads(done.out)["findings"] if f["rule"] == "text.unsafe_chars"]
    assert found
    assert found[0]["severity"] == "warning"


def test_a_bidi_override_in_an_id_is_refused_and_never_shown_raw(repo: Repo, run: Run) -> None:
    repo.post("p.yaml", 'id: "factuur\\u202Egpj.exe"\ntext: Hallo.\n')
    for fmt in ("text", "html", "json", "junit", "sarif", "github"):
        done = run("check", "--format", fmt)
        assert done.code == 1
        assert "\u202e" not in done.out
    assert "post.id" in run("check").out


def test_an_empty_post_is_not_publishable(repo: Repo, run: Run) -> None:
    repo.post("leeg.yaml", 'id: leeg\ntext: ""\n')
    repo.post("spaties.md", "---\nid: spaties\ntext: \"   \"\n---\n")
    done = run("check")
    assert done.code == 1
    assert done.out.count("post.empty") == 4  # two posts, two targets
    adapted = run("adapt", "--format", "json")
    assert adapted.code == 1
    assert not any(v["publishable"] for entry in json.loads(adapted.out)
                   for v in entry["variants"])
