"""`crosspost specs ...`: show, validate, schema and audit, with their exit codes.

Exit codes: 0 fine, 1 invalid files (validate) or problems found (audit), 2 could not run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]
import pytest

from crosspost.cli import main
from crosspost.schemas import SCHEMA_FILES, schema_of, schema_text
from crosspost.specs.loader import builtin_spec_dir, spec_files

WriteFile = Callable[..., Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def demo_dir(write: WriteFile, demo_spec: str) -> Path:
    return write("specs/demo.yaml", demo_spec, dedent=False).parent


@pytest.fixture
def policy(write: WriteFile) -> Path:
    text = "name: Gemeente\nplatforms:\n  demo:\n    text: {max_hashtags: 2}\n"
    return write("policy.yaml", text, dedent=False)


# --- show ------------------------------------------------------------------------------------


def test_show_text_has_each_values_tier_and_source(
    capsys: pytest.CaptureFixture[str], demo_dir: Path, policy: Path
) -> None:
    code, out, _ = run(
        capsys, "specs", "show", "demo.post", "--spec-dir", str(demo_dir), "--policy", str(policy)
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("demo.post: Demo Post")
    assert str(demo_dir / "demo.yaml") in lines[1]

    def row(tier: str, field: str) -> str:
        hits = [line.split() for line in lines if line.split()[:2] == [tier, field]]
        assert len(hits) == 1, f"no single {tier} {field} row in:\n{out}"
        return " ".join(hits[0])

    assert "500" in row("limits", "text.max_length.graphemes")
    assert "https://example.org/docs" in row("limits", "text.max_length.graphemes")
    assert "https://example.org/docs" in row("recommended", "text.max_hashtags")
    assert "organisation policy" in row("policy", "text.max_hashtags")


def test_show_json_has_each_values_tier_and_source(
    capsys: pytest.CaptureFixture[str], demo_dir: Path, policy: Path
) -> None:
    code, out, _ = run(
        capsys, "specs", "show", "demo", "--json", "--spec-dir", str(demo_dir),
        "--policy", str(policy),
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["target"] == "demo.post"
    assert doc["verified"] == "2026-01-15"
    values = {(v["tier"], v["field"]): v for v in doc["values"]}
    assert values[("limits", "text.max_hashtags")]["value"] == 30
    assert values[("limits", "text.max_hashtags")]["sources"] == ["https://example.org/docs"]
    assert values[("recommended", "text.max_hashtags")]["value"] == 3
    assert values[("policy", "text.max_hashtags")]["value"] == 2
    assert values[("limits", "video.containers")]["value"] == ["mp4"]
    for v in doc["values"]:
        assert v["tier"] in {"limits", "recommended", "policy"}
        assert v["sources"], v


def test_show_reports_disputed_values_and_notes(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    spec = demo_spec.replace(
        "max_hashtags: 30",
        "max_hashtags: {value: 5, source: blog, note: app rule, confidence: medium,\n"
        "                       disputed: [{value: 30, source: docs}]}",
    )
    folder = write("s/demo.yaml", spec, dedent=False).parent
    code, out, _ = run(capsys, "specs", "show", "demo", "--json", "--spec-dir", str(folder))
    assert code == 0
    (value,) = [v for v in json.loads(out)["values"] if v["field"] == "text.max_hashtags"
                and v["tier"] == "limits"]
    assert value["sources"] == ["https://example.org/blog"]
    assert (value["note"], value["confidence"]) == ("app rule", "medium")
    assert value["disputed"] == [{"value": 30, "source": ["docs"], "note": None}]
    code, out, _ = run(capsys, "specs", "show", "demo", "--spec-dir", str(folder))
    assert "(app rule)" in out


def test_show_every_bundled_target(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "specs", "list", "--json")
    for row in json.loads(out):
        code, shown, _ = run(capsys, "specs", "show", row["target"], "--json")
        assert code == 0
        for value in json.loads(shown)["values"]:
            assert value["sources"], (row["target"], value["field"])


# --- validate --------------------------------------------------------------------------------


def test_validate_valid_files_and_folders(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    code, out, _ = run(capsys, "specs", "validate", str(demo_dir / "demo.yaml"))
    assert (code, out) == (0, f"{demo_dir / 'demo.yaml'}: ok\n")
    code, out, _ = run(capsys, "specs", "validate", str(demo_dir))
    assert (code, out) == (0, f"{demo_dir / 'demo.yaml'}: ok\n")


def test_validate_the_bundled_specs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "specs", "validate", str(builtin_spec_dir()))
    assert code == 0, out
    assert out.count(": ok\n") == len(spec_files(builtin_spec_dir()))


def test_validate_reports_every_invalid_file_and_exits_1(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    write("s/a.yaml", demo_spec.replace("id: demo", "id: aaa"), dedent=False)
    write("s/b.yaml", demo_spec.replace("id: demo", "id: bbb").replace("max_hashtags: 30",
                                                                       "max_hashtags: -1"))
    bad = write("s/c.yaml", "id: [\n")
    code, out, _ = run(capsys, "specs", "validate", str(bad.parent))
    assert code == 1
    assert f"{bad.parent / 'a.yaml'}: ok" in out
    assert f"{bad.parent / 'b.yaml'}:" in out
    assert "formats.post.limits.text.max_hashtags" in out
    assert f"{bad}:2: invalid YAML" in out


def test_validate_an_instance_together_with_its_base(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    write("s/demo.yaml", demo_spec, dedent=False)
    gov = write("s/gov.yaml", 'id: gov\nname: Gov\nextends: demo\nverified: "2026-02-01"\n')
    code, out, _ = run(capsys, "specs", "validate", str(gov.parent))
    assert code == 0, out
    code, out, _ = run(capsys, "specs", "validate", str(gov))
    assert code == 1  # alone, its base is unknown
    assert "extends unknown platform 'demo'" in out


@pytest.mark.parametrize("as_policy", [False, True])
def test_validate_cannot_run_on_a_missing_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, as_policy: bool
) -> None:
    args = ["specs", "validate", str(tmp_path / "nope.yaml")]
    code, out, err = run(capsys, *args, *(["--as-policy"] if as_policy else []))
    assert (code, out) == (2, "")
    assert err == f"crosspost: error: {tmp_path / 'nope.yaml'}: no such file or folder\n"


def test_validate_policies(
    capsys: pytest.CaptureFixture[str], write: WriteFile, policy: Path
) -> None:
    good = write("good.yaml", "name: Gemeente\nlanguages: [nl]\nall:\n  text: {max_hashtags: 1}\n")
    code, out, _ = run(capsys, "specs", "validate", "--as-policy", str(good))
    assert (code, out) == (0, f"{good}: ok\n")
    # The demo platform is not bundled, so this policy names an unknown platform.
    code, out, _ = run(capsys, "specs", "validate", "--as-policy", str(good), str(policy))
    assert code == 1
    assert f"{good}: ok" in out
    assert f"{policy}:3: platforms.demo:" in out


# --- schema ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name"), [("spec", "platform-spec.schema.json"), ("policy", "policy.schema.json"),
                       ("config", "config.schema.json")]
)
def test_schema_prints_valid_json_schema(
    capsys: pytest.CaptureFixture[str], kind: str, name: str
) -> None:
    code, out, _ = run(capsys, "specs", "schema", "--kind", kind)
    assert code == 0
    schema: dict[str, Any] = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == schema_of(name)
    assert schema["$id"] == name


def test_schema_out_writes_every_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "specs", "schema", "--out", str(tmp_path / "schema"))
    assert code == 0
    for name in SCHEMA_FILES:
        assert (tmp_path / "schema" / name).read_text(encoding="utf-8") == schema_text(name)
        assert f"wrote {tmp_path / 'schema' / name}" in out


# --- audit -----------------------------------------------------------------------------------


@pytest.fixture
def no_builtins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Audit only the test's spec folder: the bundled data has its own (changing) issues."""
    empty = tmp_path / "no-builtins"
    empty.mkdir()
    monkeypatch.setattr("crosspost.specs.registry.builtin_spec_dir", lambda: empty)


def audit_dir(write: WriteFile, demo_spec: str, *, verified: date, secondary: bool) -> Path:
    spec = demo_spec.replace('verified: "2026-01-15"', f'verified: "{verified.isoformat()}"')
    spec = spec.replace("kind: primary}", "kind: primary, read: first-hand}")
    spec += "unsourced:\n  - \"Caption limits: no source found.\"\n"
    if secondary:
        spec = spec.replace("max_hashtags: 3\n", "max_hashtags: {value: 3, source: blog}\n")
    return write("audit/demo.yaml", spec, dedent=False).parent


@pytest.mark.usefixtures("no_builtins")
def test_audit_clean_data_exits_0_and_lists_known_gaps(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    folder = audit_dir(write, demo_spec, verified=date.today(), secondary=False)
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder))
    assert code == 0, out
    assert "info demo: gap: unsourced: Caption limits" in out
    assert out.splitlines()[-1].startswith("0 problems, ")
    assert out.splitlines()[-1].endswith(", 1 known gap")


@pytest.mark.usefixtures("no_builtins")
def test_audit_stale_hard_limits_exit_1(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    folder = audit_dir(write, demo_spec, verified=date.today() - timedelta(days=3),
                       secondary=False)
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "2")
    assert code == 1
    assert "FAIL demo: stale: formats.post.limits." in out
    assert "confirmed 3 days ago" in out
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "3")
    assert code == 0


@pytest.mark.usefixtures("no_builtins")
def test_audit_value_confirmed_recently_is_not_stale(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    """A value's own `confirmed:` date wins over the file's older `verified:` date."""
    folder = audit_dir(write, demo_spec, verified=date.today() - timedelta(days=30),
                       secondary=False)
    path = folder / "demo.yaml"
    field = "formats.post.limits.video.max_duration"
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    assert code == 1
    assert field in {i["field"] for i in json.loads(out) if i["kind"] == "stale"}
    today = date.today().isoformat()
    path.write_text(path.read_text("utf-8").replace(
        "max_duration: 140", f'max_duration: {{value: 140, confirmed: "{today}"}}'), "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    stale = {i["field"] for i in json.loads(out) if i["kind"] == "stale"}
    assert field not in stale
    assert stale  # the other values still carry the file's date


@pytest.mark.usefixtures("no_builtins")
def test_audit_block_confirmed_dates_its_values_and_a_value_date_wins(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    """A block's `confirmed:` dates every value inside it; a value's own date wins over it;
    the summary counts hard limits dated only by the file."""
    folder = audit_dir(write, demo_spec, verified=date.today() - timedelta(days=30),
                       secondary=False)
    path = folder / "demo.yaml"
    today, old = date.today(), date.today() - timedelta(days=20)
    path.write_text(path.read_text("utf-8").replace(
        "      video:\n        max_duration: 140\n",
        f'      video:\n        confirmed: "{today.isoformat()}"\n'
        f'        max_duration: {{value: 140, confirmed: "{old.isoformat()}"}}\n'), "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    stale = {i["field"]: i["confirmed"] for i in json.loads(out) if i["kind"] == "stale"}
    assert "formats.post.limits.video.containers" not in stale  # the block's date
    assert stale["formats.post.limits.video.max_duration"] == old.isoformat()  # its own date
    assert "formats.post.limits.images.max_count" in stale  # the file's date
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "100")
    assert code == 0
    # text max_length, max_hashtags, images.max_count and the reel's two aspects
    assert "note: 5 hard limits are dated only by their file's `verified` date" in out


@pytest.mark.usefixtures("no_builtins")
def test_audit_tells_a_confirmation_through_a_guide_from_a_first_hand_primary_reread(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    """A hard limit confirmed today only through a secondary guide keeps the age of its last
    first-hand primary reading (and fails once that is too old); `confirmed_by` naming the
    primary source makes today's confirmation a primary re-read."""
    folder = audit_dir(write, demo_spec, verified=date.today() - timedelta(days=30),
                       secondary=False)
    path = folder / "demo.yaml"
    field = "formats.post.limits.video.max_duration"
    today = date.today().isoformat()
    text = path.read_text("utf-8")
    via_guide = text.replace(
        "max_duration: 140",
        f'max_duration: {{value: 140, source: [docs, blog], confirmed: "{today}"}}')
    path.write_text(via_guide, "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    issues = [i for i in json.loads(out) if i["field"] == field]
    kinds = {i["kind"]: i for i in issues}
    assert kinds["secondary-confirmation"]["failing"] is False
    assert kinds["secondary-confirmation"]["first_hand_primary"] == (
        date.today() - timedelta(days=30)).isoformat()
    assert kinds["stale"]["failing"] is True  # the guide does not make it current
    assert code == 1
    # The same date, checked against the platform's own page: a primary re-read.
    path.write_text(via_guide.replace(
        f'confirmed: "{today}"}}', f'confirmed: "{today}", confirmed_by: docs}}'), "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    assert not [i for i in json.loads(out) if i["field"] == field]
    # A guide read today (its `checked` date) dates the value only as a secondary confirmation.
    path.write_text(text.replace(
        "kind: secondary}", f'kind: secondary, checked: "{today}"}}').replace(
        "max_duration: 140", "max_duration: {value: 140, source: [docs, blog]}"), "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "100")
    assert code == 0
    assert f"info demo: secondary-confirmation: {field}: confirmed {today} only through" in out


@pytest.mark.usefixtures("no_builtins")
def test_a_block_confirmed_by_its_primary_source_dates_its_values(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    """A block's `confirmed` over values resting on a primary and a guide counts as a primary
    re-read only with `confirmed_by` naming the primary source."""
    folder = audit_dir(write, demo_spec, verified=date.today() - timedelta(days=30),
                       secondary=False)
    path = folder / "demo.yaml"
    today = date.today().isoformat()
    text = path.read_text("utf-8").replace(
        "      video:\n        max_duration: 140\n",
        f'      video:\n        source: [docs, blog]\n        confirmed: "{today}"\n'
        "        max_duration: 140\n")
    path.write_text(text, "utf-8")
    _, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    fields = {i["field"] for i in json.loads(out) if i["kind"] == "secondary-confirmation"}
    assert "formats.post.limits.video.max_duration" in fields
    path.write_text(text.replace(f'confirmed: "{today}"\n',
                                 f'confirmed: "{today}"\n        confirmed_by: docs\n'), "utf-8")
    _, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--max-age", "10",
                       "--format", "json")
    assert not {i["field"] for i in json.loads(out)
                if i["field"].startswith("formats.post.limits.video.")}


def test_confirmed_by_needs_a_date_and_a_declared_source(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    no_date = write("a/demo.yaml", demo_spec.replace(
        "max_duration: 140", "max_duration: {value: 140, confirmed_by: docs}"), dedent=False)
    code, out, _ = run(capsys, "specs", "validate", str(no_date))
    assert code == 1
    assert "`confirmed_by` names the sources of a `confirmed` date" in out
    unknown = write("b/demo.yaml", demo_spec.replace(
        "max_duration: 140",
        'max_duration: {value: 140, confirmed: "2026-01-15", confirmed_by: wiki}'), dedent=False)
    code, out, _ = run(capsys, "specs", "validate", str(unknown))
    assert code == 1
    assert "unknown source id 'wiki' in `confirmed_by`" in out


@pytest.mark.usefixtures("no_builtins")
def test_audit_second_hand_primary_fails_unless_accepted(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    folder = audit_dir(write, demo_spec, verified=date.today(), secondary=False)
    path = folder / "demo.yaml"
    second = path.read_text("utf-8").replace("read: first-hand", "read: second-hand")
    path.write_text(second, "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder))
    assert code == 1
    assert "FAIL demo: second-hand: formats.post.limits." in out
    reason = "read: second-hand, accepted: quotations agree with two schedulers}"
    path.write_text(second.replace("read: second-hand}", reason), "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder))
    assert code == 0, out
    assert "info demo: accepted: formats.post.limits." in out
    assert "quotations agree with two schedulers" in out


@pytest.mark.usefixtures("no_builtins")
def test_audit_secondary_only_hard_limit_fails_recommended_is_reported(
    capsys: pytest.CaptureFixture[str], write: WriteFile, demo_spec: str
) -> None:
    folder = audit_dir(write, demo_spec, verified=date.today(), secondary=True)
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--json")
    issues = json.loads(out)
    hashtags = [i for i in issues if i["field"] == "formats.post.recommended.text.max_hashtags"]
    assert hashtags == [{"platform": "demo", "field": "formats.post.recommended.text.max_hashtags",
                         "problem": "no primary source (secondary only)", "kind": "secondary",
                         "failing": False, "confirmed": date.today().isoformat(),
                         "first_hand_primary": None}]
    assert code == 0
    assert any(i["kind"] == "gap" for i in issues)
    # The same secondary source under a hard limit fails the gate.
    path = folder / "demo.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "max_hashtags: 30\n", "max_hashtags: {value: 30, source: blog}\n"), "utf-8")
    code, out, _ = run(capsys, "specs", "audit", "--spec-dir", str(folder), "--format", "json")
    assert code == 1
    assert {"formats.post.limits.text.max_hashtags"} == {
        i["field"] for i in json.loads(out) if i["failing"]}


def test_audit_of_the_bundled_data_passes_the_gate(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled data passes its own gate (as `.ci/run` checks), and the text and JSON agree."""
    code, out, _ = run(capsys, "specs", "audit", "--format", "json")
    issues = json.loads(out)
    assert [i for i in issues if i["failing"]] == []
    assert code == 0
    # Sources without an address are reported (the Threads page edition kept for history).
    assert any(i["kind"] == "no-url" and i["field"] == "sources.threads-docs-older"
               for i in issues)
    code, text, _ = run(capsys, "specs", "audit")
    gaps = sum(i["kind"] == "gap" for i in issues)
    reported = len(issues) - gaps
    gap_words = "known gap" if gaps == 1 else "known gaps"
    assert text.splitlines()[-1] == f"0 problems, {reported} reported, {gaps} {gap_words}"


def test_audit_cannot_run_with_a_broken_spec_dir(
    capsys: pytest.CaptureFixture[str], write: WriteFile
) -> None:
    folder = write("broken/x.yaml", "id: [\n").parent
    code, _, err = run(capsys, "specs", "audit", "--spec-dir", str(folder))
    assert code == 2
    assert err.startswith(f"crosspost: error: {folder / 'x.yaml'}:")
