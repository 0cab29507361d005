"""Rule cases as data: every ``tests/cases/<family>.yaml`` case is one check run.

Cases run against the test platform ``t`` of ``tests/cases/spec/t.yaml`` (its numbers are the
cases' own, so a change to the bundled specs never breaks these tests; a case file may give its
own ``spec``), loaded with ``load_specs([dir], builtin=False)``. A case:

``post``     the post file as written (Markdown with front matter, or YAML), so lines are real;
``file``     its name under ``posts/`` (default ``post.md``);
``targets``  targets to check (default: the post's own);
``policy``   a policy file as a mapping;
``canvas``   a strategy canvas as a mapping (posts are then held against it);
``handles``  a handle map as a mapping (none: every `@{key}` mention is unknown);
``spec``     replaces the family's spec for this case;
``files``    extra files, path relative to ``posts/`` -> text (subtitles are parsed for real);
``facts``    media facts by path relative to ``posts/``: ``image:``/``video:`` fields, or
             ``error:`` to make probing fail (the file is created empty);
``expect``   findings that must appear; every key given must match one finding;
``absent``   rule ids (``rule`` or ``rule@target``) that must not appear;
``exact``    when true, no rule id outside ``expect`` may appear;
``xfail``    the reason a case documents a known bug (strict: it fails when fixed).

Every rule in the catalogue needs a failing case (in ``expect``) and a passing case (in
``absent``), so a new rule without cases fails ``test_every_rule_has_cases``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from crosspost.checking import check_paths
from crosspost.content.handles import HandleMap
from crosspost.errors import MediaError
from crosspost.media.facts import ImageFacts, Subtitles, VideoFacts
from crosspost.media.prober import FakeProber
from crosspost.media.subtitles.parse import load_subtitles
from crosspost.report import Finding
from crosspost.rules.registry import rule_catalogue
from crosspost.specs.registry import SpecRegistry, load_specs
from crosspost.strategy.canvas import Canvas, load_canvas

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"
DEFAULT_SPEC = CASES_DIR / "spec" / "t.yaml"
CASE_KEYS = {"name", "post", "file", "targets", "policy", "canvas", "handles", "spec", "files",
             "facts",
             "expect", "absent", "exact", "note", "xfail"}
FINDING_KEYS = set(Finding.model_fields) | {"message_contains", "sources_contain"}
IMAGE_DEFAULTS: dict[str, Any] = {"format": "JPEG", "width": 1080, "height": 1080,
                                  "bytes": 100_000}
VIDEO_DEFAULTS: dict[str, Any] = {
    "container": "mov,mp4,m4a,3gp,3g2,mj2", "brand": "isom", "duration": 10.0, "width": 1080,
    "height": 1920, "fps": 30.0, "video_codec": "h264", "audio_codec": "aac",
    "bytes": 1_000_000,
}


@dataclass(frozen=True)
class Case:
    family: str
    spec: dict[str, Any]
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def id(self) -> str:
        return f"{self.family}:{self.name}"


def load_cases() -> list[Case]:
    cases: list[Case] = []
    default = yaml.safe_load(DEFAULT_SPEC.read_text("utf-8"))
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        spec = doc.get("spec", default)
        for data in doc["cases"]:
            unknown = set(data) - CASE_KEYS
            assert not unknown, f"{path.name}: {data.get('name')}: unknown keys {unknown}"
            cases.append(Case(path.stem, data.get("spec", spec), data))
    return cases


CASES = load_cases()
PARAMS = [
    pytest.param(c, id=c.id, marks=pytest.mark.xfail(reason=c.data["xfail"], strict=True))
    if c.data.get("xfail") else pytest.param(c, id=c.id)
    for c in CASES
]


class CaseProber(FakeProber):
    """Hand-made image and video facts; subtitle files are parsed for real (pure text)."""

    def subtitles(self, path: str | Path) -> Subtitles:
        self.calls.append(("subtitles", str(path)))
        return load_subtitles(path)


def _prober(case: Case, posts: Path) -> CaseProber:
    prober = CaseProber()
    for relative, given in (case.data.get("facts") or {}).items():
        path = (posts / relative).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        if "error" in given:
            prober.add(path, MediaError(given["error"], path=path))
        elif "image" in given:
            prober.add(path, ImageFacts(path=str(path), **{**IMAGE_DEFAULTS, **given["image"]}))
        else:
            prober.add(path, VideoFacts(path=str(path), **{**VIDEO_DEFAULTS, **given["video"]}))
    return prober


@dataclass(frozen=True)
class CaseFiles:
    """A case written to disk: its post, specs, prober, content root and canvas."""

    post: Path
    specs: SpecRegistry
    prober: CaseProber
    root: Path
    canvas: Canvas | None


def write_case(case: Case, tmp_path: Path) -> CaseFiles:
    """Write the case's spec, policy, post and files under ``tmp_path``."""
    spec_dir = tmp_path / "specs"
    spec_dir.mkdir()
    (spec_dir / "t.yaml").write_text(yaml.safe_dump(case.spec, sort_keys=False), "utf-8")
    policy = None
    if case.data.get("policy") is not None:
        policy = tmp_path / "policy.yaml"
        policy.write_text(yaml.safe_dump(case.data["policy"], sort_keys=False), "utf-8")
    root = tmp_path / "content"
    posts = root / "posts"
    posts.mkdir(parents=True)
    (root / "crosspost.toml").write_text("", "utf-8")
    for relative, text in (case.data.get("files") or {}).items():
        target = posts / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    post = posts / case.data.get("file", "post.md")
    post.write_text(case.data["post"], "utf-8")
    specs = load_specs([spec_dir], policy, builtin=False)
    canvas = None
    if case.data.get("canvas") is not None:
        canvas_file = tmp_path / "canvas.yaml"
        canvas_file.write_text(yaml.safe_dump(case.data["canvas"], sort_keys=False), "utf-8")
        canvas = load_canvas(canvas_file)
    return CaseFiles(post, specs, _prober(case, posts), root, canvas)


def run_case(case: Case, tmp_path: Path) -> list[Finding]:
    """Write the case under ``tmp_path`` and check the post."""
    files = write_case(case, tmp_path)
    report = check_paths([files.post], case.data.get("targets"), specs=files.specs,
                         prober=files.prober, root=files.root, canvas=files.canvas,
                         handles=case_handles(case))
    return list(report.findings)


def case_handles(case: Case) -> HandleMap | None:
    given = case.data.get("handles")
    return HandleMap.model_validate(given) if given is not None else None


def _matches(finding: Finding, wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        if key == "message_contains":
            if value not in finding.message:
                return False
        elif key == "sources_contain":
            if not any(value in s for s in finding.sources):
                return False
        elif key == "sources":
            if tuple(value) != finding.sources:
                return False
        elif getattr(finding, key) != value:
            return False
    return True


def _show(findings: list[Finding]) -> str:
    return "\n".join(
        f"  {f.rule} {f.severity} target={f.target} line={f.line} field={f.field} "
        f"measured={f.measured!r} limit={f.limit!r} tier={f.tier} fixable={f.fixable}: {f.message}"
        for f in findings
    ) or "  (no findings)"


@pytest.mark.parametrize("case", PARAMS)
def test_rule_case(case: Case, tmp_path: Path) -> None:
    findings = run_case(case, tmp_path)
    for wanted in case.data.get("expect") or []:
        assert set(wanted) <= FINDING_KEYS, f"unknown keys in expect: {set(wanted) - FINDING_KEYS}"
        assert any(_matches(f, wanted) for f in findings), (
            f"no finding matches {wanted}; found:\n{_show(findings)}"
        )
    for absent in case.data.get("absent") or []:
        rule, _, target = absent.partition("@")
        hits = [f for f in findings if f.rule == rule and (not target or f.target == target)]
        assert not hits, f"{absent} must not appear; found:\n{_show(hits)}"
    if case.data.get("exact"):
        allowed = {w["rule"] for w in case.data.get("expect") or []}
        extra = [f for f in findings if f.rule not in allowed]
        assert not extra, f"unexpected findings:\n{_show(extra)}"
    for finding in findings:  # every finding carries what reporters rely on
        assert finding.item
        assert finding.path is not None
        # Findings about the repository as a whole point at the canvas file.
        expected = "canvas.yaml" if finding.item == "canvas" else case.data.get("file", "post.md")
        assert finding.path.endswith(expected)


PLAN_ONLY: set[str] = set()  # rules only planning reports (none now)
MANY_POSTS = {"post.duplicate_id"}  # needs two posts: tests/hostile/test_replace_post.py


def test_every_rule_has_cases() -> None:
    """A failing and a passing case for every rule in the catalogue (aliases included).

    Rules that only planning reports (``PLAN_ONLY``) are tested in tests/plan instead.
    """
    catalogue = {meta.id for meta in rule_catalogue().values()} - PLAN_ONLY - MANY_POSTS
    sound = [c for c in CASES if not c.data.get("xfail")]
    failing = {w["rule"] for c in sound for w in c.data.get("expect") or []}
    passing = {a.partition("@")[0] for c in sound for a in c.data.get("absent") or []}
    assert not catalogue - failing, f"rules without a failing case: {sorted(catalogue - failing)}"
    assert not catalogue - passing, f"rules without a passing case: {sorted(catalogue - passing)}"
    assert not failing - catalogue, f"cases name unknown rules: {sorted(failing - catalogue)}"


def test_case_names_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
