"""`ignore` scoped to targets and post paths: in the configuration, the policy and a post.

A scoped entry switches its rule off where the scope says and nowhere else, in `check`, in the
re-check of `plan` and through the CLI; an unknown target in a scope is an error naming it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import crosspost
from crosspost.cli import main
from crosspost.project import Project

SPEC_DIR = Path(__file__).resolve().parent.parent / "cases" / "spec"
CONFIG = ('include = ["posts/**/*.md"]\nspec_dirs = ["specs"]\n'
          'targets = ["t.post", "t.textonly"]\n')
# 300 characters: over the limits of t.post (100) and t.textonly (280), an error on both.
POST = "---\nid: {id}\n{extra}---\n" + "Tekst " * 49 + "Einde.\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SPEC_DIR, root / "specs")
    (root / "crosspost.toml").write_text(CONFIG, "utf-8")
    for folder, post_id in (("posts", "nieuw"), ("posts/archief/2025", "oud")):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"{post_id}.md").write_text(POST.format(id=post_id, extra=""), "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    return root


def length_errors(root: Path) -> set[tuple[str, str | None]]:
    """(item, target) of every text.length finding of a check of the whole repository."""
    report = Project(start=root).check_paths()
    return {(f.item, f.target) for f in report if f.rule == "text.length"}


EVERY = {("nieuw", "t.post"), ("nieuw", "t.textonly"), ("oud", "t.post"), ("oud", "t.textonly")}


def configure(root: Path, ignore: str) -> None:
    (root / "crosspost.toml").write_text(CONFIG + ignore, "utf-8")


def test_without_ignore_every_post_and_target_has_the_finding(repo: Path) -> None:
    assert length_errors(repo) == EVERY


def test_config_ignore_for_one_target(repo: Path) -> None:
    configure(repo, '[ignore."text.length"]\nreason = "feed tags are brand names"\n'
                    'targets = ["t.textonly"]\n')
    assert length_errors(repo) == {("nieuw", "t.post"), ("oud", "t.post")}


def test_a_platform_in_targets_covers_its_formats(repo: Path) -> None:
    configure(repo, 'ignore = { "text.length" = { reason = "r", targets = ["t"] } }\n')
    assert length_errors(repo) == set()


def test_config_ignore_for_a_path_glob(repo: Path) -> None:
    configure(repo, '[ignore."text.length"]\nreason = "archived posts stay as published"\n'
                    'paths = ["posts/archief/**"]\n')
    assert length_errors(repo) == {("nieuw", "t.post"), ("nieuw", "t.textonly")}


def test_paths_are_relative_to_the_content_root_not_the_working_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(repo, '[ignore."text.length"]\nreason = "r"\npaths = ["posts/archief/**"]\n')
    monkeypatch.chdir(repo / "posts")
    assert length_errors(repo) == {("nieuw", "t.post"), ("nieuw", "t.textonly")}


def test_targets_and_paths_together_both_must_hold(repo: Path) -> None:
    configure(repo, '[ignore."text.length"]\nreason = "r"\ntargets = ["t.textonly"]\n'
                    'paths = ["posts/archief/**"]\n')
    assert length_errors(repo) == EVERY - {("oud", "t.textonly")}


def test_several_scopes_for_one_rule(repo: Path) -> None:
    configure(repo, '[[ignore."text.length"]]\nreason = "feed"\ntargets = ["t.textonly"]\n'
                    '[[ignore."text.length"]]\nreason = "archief"\n'
                    'paths = ["posts/archief/**"]\n')
    assert length_errors(repo) == {("nieuw", "t.post")}


def test_policy_ignore_with_scopes(repo: Path) -> None:
    (repo / "policy.yaml").write_text(
        "name: Gemeente\nignore:\n  text.length:\n    reason: afgesproken\n"
        "    targets: [t.post]\n    paths: ['posts/archief/**']\n", "utf-8")
    configure(repo, 'policy = "policy.yaml"\n')
    assert length_errors(repo) == EVERY - {("oud", "t.post")}


def test_post_ignore_for_one_target(repo: Path) -> None:
    extra = "ignore:\n  text.length: {reason: merknamen, targets: [t.post]}\n"
    (repo / "posts" / "nieuw.md").write_text(POST.format(id="nieuw", extra=extra), "utf-8")
    assert length_errors(repo) == EVERY - {("nieuw", "t.post")}


def test_a_post_cannot_scope_its_ignore_by_path(repo: Path) -> None:
    extra = "ignore:\n  text.length: {reason: r, paths: ['posts/**']}\n"
    (repo / "posts" / "nieuw.md").write_text(POST.format(id="nieuw", extra=extra), "utf-8")
    report = Project(start=repo).check_paths()
    (invalid,) = [f for f in report if f.rule == "post.invalid"]
    assert invalid.item == "nieuw"
    assert invalid.line == 4
    assert "`paths` belongs in the configuration's or the policy's `ignore`" in invalid.message
    assert ("oud", "t.post") in {(f.item, f.target) for f in report}  # the others still run


def test_unknown_target_in_config_is_an_error_with_a_suggestion(repo: Path) -> None:
    configure(repo, 'ignore = { "text.length" = { reason = "r", targets = ["t.textonl"] } }\n')
    with pytest.raises(crosspost.ConfigError) as caught:
        Project(start=repo)
    message = str(caught.value)
    assert "crosspost.toml" in message
    assert "ignore.text.length.targets" in message
    assert "unknown target 't.textonl' in targets; did you mean t.textonly" in message


def test_unknown_target_in_policy_names_its_line(repo: Path) -> None:
    (repo / "policy.yaml").write_text(
        "name: Gemeente\nignore:\n  text.length: {reason: r, targets: [t.reeel]}\n", "utf-8")
    configure(repo, 'policy = "policy.yaml"\n')
    with pytest.raises(crosspost.PolicyError, match=r"policy.yaml:3.*did you mean t.reel"):
        Project(start=repo)


def test_unknown_target_in_a_post_is_a_finding_of_that_post(repo: Path) -> None:
    extra = "ignore:\n  text.length: {reason: r, targets: [t.poost]}\n"
    (repo / "posts" / "nieuw.md").write_text(POST.format(id="nieuw", extra=extra), "utf-8")
    report = Project(start=repo).check_paths()
    (invalid,) = [f for f in report if f.rule == "post.invalid"]
    assert (invalid.item, invalid.line) == ("nieuw", 4)
    assert "unknown target 't.poost'" in invalid.message
    assert "did you mean t.post" in invalid.message


def test_a_scope_needs_a_reason_and_known_keys(repo: Path) -> None:
    configure(repo, 'ignore = { "text.length" = { targets = ["t.textonly"] } }\n')
    with pytest.raises(crosspost.ConfigError, match="reason"):
        Project(start=repo)
    configure(repo, 'ignore = { "text.length" = { reason = "r", target = ["t.textonly"] } }\n')
    with pytest.raises(crosspost.ConfigError, match="target"):
        Project(start=repo)
    configure(repo, 'ignore = { "text.length" = [] }\n')
    with pytest.raises(crosspost.ConfigError, match=r"text\.length"):
        Project(start=repo)


def test_plan_recheck_follows_the_scope(repo: Path) -> None:
    """The variant's own findings (what `plan` reports) honour the scope as `check` does:
    four mentions on t.post (limit 3) are nothing adapt can fix, so the plan reports them."""
    configure(repo, '[ignore."text.mentions"]\nreason = "r"\ntargets = ["t.post"]\n'
                    'paths = ["posts/archief/**"]\n')
    mentions = "---\nid: {id}\n---\nHoi @a@x.nl @b@x.nl @c@x.nl @d@x.nl\n"
    old = repo / "posts" / "archief" / "2025" / "oud.md"
    new = repo / "posts" / "nieuw.md"
    old.write_text(mentions.format(id="oud"), "utf-8")
    new.write_text(mentions.format(id="nieuw"), "utf-8")
    project = Project(start=repo)
    assert [f.rule for f in project.plan(new, "t.post").findings] == ["text.mentions"]
    assert project.plan(old, "t.post").findings == []
    assert "text.mentions" in {f.rule for f in project.check(new)}
    assert "text.mentions" not in {f.rule for f in project.check(old)}


def test_cli_check_with_a_scoped_ignore(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(repo, '[ignore."text.length"]\nreason = "r"\npaths = ["posts/archief/**"]\n'
                    'targets = ["t"]\n')
    code = main(["check", "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    items = {f["item"] for f in json.loads(out)["findings"] if f["rule"] == "text.length"}
    assert items == {"nieuw"}


def test_the_result_cache_keys_on_the_scope(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    """Changing only a scope must not serve the verdicts made under the old one."""
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CROSSPOST_CACHE", raising=False)

    def items() -> set[str]:
        main(["check", "--format", "json", "--fail-on", "never"])
        out = capsys.readouterr().out
        return {f["item"] for f in json.loads(out)["findings"] if f["rule"] == "text.length"}

    configure(repo, '[ignore."text.length"]\nreason = "r"\npaths = ["posts/archief/**"]\n')
    assert items() == {"nieuw"}
    configure(repo, '[ignore."text.length"]\nreason = "r"\npaths = ["posts/*.md"]\n')
    assert items() == {"oud"}


DOCS = Path(__file__).resolve().parents[2] / "docs"


def _block(page: str, kind: str, start: str) -> str:
    import re

    text = (DOCS / page).read_text("utf-8")
    found = [b for b in re.findall(rf"^```{kind}\n(.*?)^```", text, re.S | re.M)
             if b.startswith(start)]
    assert len(found) == 1, (page, start)
    return found[0]


def test_the_documented_scopes_load_and_name_real_rules_and_targets(
    repo: Path, tmp_path: Path
) -> None:
    """The ignore examples of docs/configuration.md, policy.md and post-format.md."""
    real = tmp_path / "real"
    (real / "posts").mkdir(parents=True)
    (real / "posts" / "a.md").write_text("---\nid: a\ntargets: [x.post]\n---\nTekst\n", "utf-8")
    (real / "crosspost.toml").write_text(
        'policy = "policy.yaml"\n' + _block("configuration.md", "toml", "[ignore]"), "utf-8")
    (real / "policy.yaml").write_text(
        "name: Gemeente\n" + _block("policy.md", "yaml", "ignore:\n  text.emoji_density"),
        "utf-8")
    project = Project(start=real)  # unknown rules or targets would raise here
    assert project.ignore.key()
    post = real / "posts" / "b.md"
    post.write_text("---\nid: b\ntargets: [instagram.story]\n"
                    + _block("post-format.md", "yaml", "ignore:\n  video.fps") + "---\nT\n",
                    "utf-8")
    report = project.check_paths()
    assert not [f for f in report if f.rule == "post.invalid"]


def test_adapt_many_reads_policy_paths_from_the_content_root(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Called directly (no Project), with the working folder elsewhere: the policy's path
    scope is still relative to ``root``."""
    from crosspost.batch import adapt_many

    (repo / "policy.yaml").write_text(
        "name: Gemeente\nignore:\n  text.mentions: {reason: r, paths: ['posts/archief/**']}\n",
        "utf-8")
    mentions = "---\nid: {id}\n---\nHoi @a@x.nl @b@x.nl @c@x.nl @d@x.nl\n"
    old = repo / "posts" / "archief" / "2025" / "oud.md"
    new = repo / "posts" / "nieuw.md"
    old.write_text(mentions.format(id="oud"), "utf-8")
    new.write_text(mentions.format(id="nieuw"), "utf-8")
    monkeypatch.chdir(tmp_path)
    result = adapt_many([old, new], ["t.post"], spec_dirs=[repo / "specs"],
                        policy=repo / "policy.yaml", root=repo)
    rules = {r.item: [f.rule for v in r.variants.variants for f in v.plan.findings]
             for r in result.results if r.variants is not None}
    assert rules == {"oud": [], "nieuw": ["text.mentions"]}
