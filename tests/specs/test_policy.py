"""The organisation policy: it fills the `policy` tier, may tighten limits and never loosen them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crosspost import check
from crosspost.cli import main
from crosspost.content.item import SourceItem
from crosspost.errors import PolicyError
from crosspost.specs.platform import FormatSpec
from crosspost.specs.policy import Policy, load_policy
from crosspost.specs.registry import SpecRegistry, load_specs

WriteFile = Callable[..., Path]


def value(fmt: FormatSpec, dotted: str) -> Any:
    """The value at ``tier.block.field`` of a resolved format, or None where nothing is set."""
    node: Any = fmt
    for part in dotted.split("."):
        if node is None:
            return None
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return None if node is None else node.value


def line_no(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def spec_dir(write: WriteFile, demo_spec: str) -> Path:
    other = demo_spec.replace("id: demo", "id: other").replace("name: Demo", "name: Other")
    write("specs/other.yaml", other, dedent=False)
    return write("specs/demo.yaml", demo_spec, dedent=False).parent


def registry(spec_dir: Path, policy: Path | Policy | None) -> SpecRegistry:
    return load_specs([spec_dir], policy, builtin=False)


def test_tightening_fills_the_policy_tier_and_keeps_the_limit(
    spec_dir: Path, write: WriteFile
) -> None:
    policy = write("policy.yaml", """\
        name: Gemeente
        severity: error
        platforms:
          demo:
            text:
              max_hashtags: 5
            images:
              max_count: 2
        """)
    fmt = registry(spec_dir, policy).resolve("demo.post")
    assert value(fmt, "policy.text.max_hashtags") == 5
    assert value(fmt, "policy.images.max_count") == 2
    # The platform's own tiers are untouched.
    assert value(fmt, "limits.text.max_hashtags") == 30
    assert value(fmt, "recommended.text.max_hashtags") == 3


def test_format_key_beats_platform_key_beats_all(spec_dir: Path, write: WriteFile) -> None:
    policy = write("policy.yaml", """\
        all:
          text: {max_hashtags: 3}
        platforms:
          demo:
            text: {max_hashtags: 2}
          demo.reel:
            text: {max_hashtags: 1}
        """)
    specs = registry(spec_dir, policy)

    def hashtags(target: str) -> int:
        return int(value(specs.resolve(target), "policy.text.max_hashtags"))

    assert hashtags("demo.reel") == 1
    assert hashtags("demo.post") == 2
    assert hashtags("other.post") == 3
    assert hashtags("other.reel") == 3


def loose_case(specs: SpecRegistry) -> tuple[str, int]:
    """A bundled target with a hashtag limit, and that limit (read now, never hard-coded)."""
    for target in specs.targets():
        text = specs.resolve(target).limits.text
        if text is not None and text.max_hashtags is not None:
            return target, int(text.max_hashtags.value)
    pytest.skip("no bundled format has a hashtag limit")


@pytest.mark.parametrize("key", ["platform", "format"])
def test_loosening_a_bundled_limit_names_both_values_file_and_line(
    write: WriteFile, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target, limit = loose_case(load_specs())
    name = target if key == "format" else target.split(".")[0]
    wanted = limit + 10
    text = f"name: Loose\nplatforms:\n  {name}:\n    text:\n      max_hashtags: {wanted}\n"
    policy = write("policy.yaml", text, dedent=False)
    with pytest.raises(PolicyError) as caught:
        load_specs(policy=policy)
    err = caught.value
    assert err.path == str(policy)
    assert err.line == line_no(text, "max_hashtags")
    assert err.field == f"platforms.{name}.text.max_hashtags"
    assert f"to {wanted} for" in str(err)
    assert f"limit is {limit}" in str(err)
    assert "never loosen" in str(err)

    assert main(["specs", "list", "--policy", str(policy)]) == 2
    assert f"{policy}:{err.line}:" in capsys.readouterr().err
    assert main(["specs", "validate", "--as-policy", str(policy)]) == 1
    assert f"{policy}:{err.line}:" in capsys.readouterr().out


def test_tightening_a_bundled_limit_shows_in_resolve(write: WriteFile) -> None:
    target, limit = loose_case(load_specs())
    if limit == 0:
        pytest.skip("a limit of 0 cannot be tightened")
    text = f"platforms:\n  {target}:\n    text: {{max_hashtags: {limit - 1}}}\n"
    policy = write("policy.yaml", text, dedent=False)
    fmt = load_specs(policy=policy).resolve(target)
    assert value(fmt, "policy.text.max_hashtags") == limit - 1


@pytest.mark.parametrize(
    ("block", "loose", "field"),
    [
        ("video:\n      min_aspect: '1:2'", "0.5", "video.min_aspect"),  # wider than 9:16
        ("video:\n      max_aspect: '1:1'", "1.0", "video.max_aspect"),  # wider than 4:5
        ("video:\n      containers: [mp4, mov]", "mov", "video.containers"),
    ],
)
def test_loosening_a_minimum_or_a_set_is_refused(
    spec_dir: Path, write: WriteFile, block: str, loose: str, field: str
) -> None:
    policy = write("policy.yaml", f"platforms:\n  demo:\n    {block}\n", dedent=False)
    with pytest.raises(PolicyError, match=field.replace(".", r"\.")) as caught:
        registry(spec_dir, policy)
    assert loose in str(caught.value)
    assert caught.value.field == f"platforms.demo.{field}"


def test_a_general_cap_looser_than_one_platform_is_not_an_error(
    spec_dir: Path, write: WriteFile
) -> None:
    # `all` caps every format; where a platform's own limit is stricter, that limit binds.
    policy = write("policy.yaml", "all:\n  text: {max_hashtags: 50}\n")
    fmt = registry(spec_dir, policy).resolve("demo.post")
    assert value(fmt, "policy.text.max_hashtags") is None
    assert value(fmt, "limits.text.max_hashtags") == 30


def test_disabled_platforms_and_targets(
    spec_dir: Path, write: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = write("policy.yaml", "disabled: [demo.reel, other]\n")
    specs = registry(spec_dir, policy)
    assert specs.enabled("demo.post")
    assert specs.enabled("demo")
    assert not specs.enabled("demo.reel")
    assert not specs.enabled("other.post")
    assert not specs.enabled("other")

    args = ["specs", "list", "--json", "--spec-dir", str(spec_dir), "--policy", str(policy)]
    assert main(args) == 0
    rows = {row["target"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["demo.post"]["enabled"] is True
    assert rows["demo.reel"]["enabled"] is False
    assert rows["other.post"]["enabled"] is False
    assert main(args[:2] + args[3:]) == 0
    listing = capsys.readouterr().out
    assert "(off by policy)" in next(line for line in listing.splitlines() if "demo.reel" in line)


def test_languages_apply_everywhere_and_a_platform_entry_wins(
    spec_dir: Path, write: WriteFile
) -> None:
    policy = write("policy.yaml", """\
        languages: [nl]
        platforms:
          other:
            language:
              allowed: [nl, en]
        """)
    specs = registry(spec_dir, policy)

    def allowed(target: str) -> list[str]:
        return list(value(specs.resolve(target), "policy.language.allowed"))

    assert allowed("demo.post") == ["nl"]
    assert allowed("demo.reel") == ["nl"]
    assert allowed("other.post") == ["nl", "en"]


@pytest.fixture
def premium_dir(write: WriteFile, demo_spec: str) -> Path:
    spec = demo_spec.replace(
        "        max_hashtags: 30\n",
        "        max_hashtags: 30\n"
        "        conditional:\n"
        "          - when: {account: premium}\n"
        "            max_length: {graphemes: 1000}\n",
        1,
    )
    return write("premium/demo.yaml", spec, dedent=False).parent


def length_findings(specs: SpecRegistry, text: str) -> list[Any]:
    report = check(SourceItem(id="p", text=text), ["demo.post"], specs=specs)
    return [f for f in report.findings if f.rule == "text.length"]


def test_accounts_switch_on_conditional_limits(premium_dir: Path, write: WriteFile) -> None:
    text = "a" * 700  # over the default 500, under the premium 1000
    assert length_findings(load_specs([premium_dir], builtin=False), text)
    policy = write("policy.yaml", "accounts: {demo: premium}\n")
    premium = load_specs([premium_dir], policy, builtin=False)
    assert premium.policy is not None
    assert premium.policy.accounts == {"demo": "premium"}
    assert not length_findings(premium, text)
    assert length_findings(premium, "a" * 1001)
    other = load_specs([premium_dir], write("basic.yaml", "accounts: {demo: basic}\n"),
                       builtin=False)
    assert length_findings(other, text)


def test_unknown_platform_key_is_an_error_with_a_suggestion(
    spec_dir: Path, write: WriteFile
) -> None:
    text = "platforms:\n  deom:\n    text: {max_hashtags: 1}\n"
    policy = write("policy.yaml", text, dedent=False)
    with pytest.raises(PolicyError) as caught:
        registry(spec_dir, policy)
    assert caught.value.line == 2
    assert caught.value.field == "platforms.deom"
    assert "did you mean demo" in str(caught.value)


def test_policy_built_in_code(spec_dir: Path) -> None:
    policy = Policy.model_validate({"platforms": {"demo": {"text": {"max_hashtags": 4}}}})
    fmt = registry(spec_dir, policy).resolve("demo")
    assert value(fmt, "policy.text.max_hashtags") == 4
    with pytest.raises(PolicyError, match="<policy>"):
        registry(spec_dir, Policy.model_validate({"all": {}, "platforms": {
            "demo": {"text": {"max_hashtags": 31}}}}))


BAD_POLICIES = {
    "unknown field": ("severity: error\nlanguage: [nl]\n", 2, "language", "unknown field"),
    "wrong type": ("severity: loud\n", 1, "severity", "'loud'"),
    "nested unknown field": (
        "all:\n  text:\n    max_hashtag: 3\n", 3, "all.text.max_hashtag", "unknown field"
    ),
    "YAML 1.1 NO in a list": ("languages: [nl, NO]\n", 1, "languages.1", "'NO'"),
    "YAML 1.1 octal": ("all:\n  text:\n    max_hashtags: 03\n", 3, "all.text.max_hashtags",
                       "leading zero"),
    "alias": ("name: &n x\nseverity: *n\n", 1, "name", "anchors"),
    "tag": ("name: !!python/name:os.system x\n", 1, "name", "tag"),
    "syntax": ("languages: [nl\n", 2, None, "invalid YAML"),
    "two documents": ("name: a\n---\nname: b\n", 2, None, "more than one"),
    "empty": ("", 1, None, "found empty"),
    "ignore without reason": ("ignore: {text.length: }\n", 1, "ignore.text.length",
                              "expected the reason (a string), or a table with `reason`"),
    "ignore with a blank reason": ("ignore:\n  text.length: ' '\n", 2, "ignore.text.length",
                                   "needs a reason"),
    "adapt: unknown field in a group": (
        "adapt:\n  image:\n    qualiti: 70\n", 3, "adapt.image.qualiti", "unknown field"
    ),
    "adapt: a group's field out of range": (
        "adapt:\n  video:\n    crf: 60\n", 3, "adapt.video.crf", "less than or equal to 51"
    ),
    "adapt: an old flat name out of range": (
        "name: x\nadapt:\n  link_phrase: {nl: x}\n  image_quality: 200\n", 4,
        "adapt.image_quality", "less than or equal to 100"
    ),
    "adapt: an old flat name misspelt": (
        "adapt:\n  video_crff: 20\n", 2, "adapt.video_crff", "unknown field"
    ),
    "adapt: an old name next to its new one": (
        "adapt:\n  image_quality: 80\n  image:\n    quality: 70\n", 1, "adapt",
        "`image_quality` is the old name of `image.quality`, and both are set"
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_POLICIES), ids=str)
def test_bad_policy_file(
    case: str, write: WriteFile, spec_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, field, says = BAD_POLICIES[case]
    policy = write("policy.yaml", text, dedent=False)
    with pytest.raises(PolicyError) as caught:
        load_policy(policy)
    err = caught.value
    assert (err.path, err.line, err.field) == (str(policy), line, field), str(err)
    assert says in str(err)
    assert "\n" not in str(err)
    assert main(["specs", "list", "--spec-dir", str(spec_dir), "--policy", str(policy)]) == 2
    assert capsys.readouterr().err.startswith(f"crosspost: error: {policy}:{line}: ")
    assert main(["specs", "validate", "--as-policy", str(policy)]) == 1
    assert f"{policy}:{line}: " in capsys.readouterr().out


def test_non_utf8_policy(write: WriteFile) -> None:
    policy = write("policy.yaml", "name: Gemeente\nnote: caf\xe9\n".encode("latin-1"))
    with pytest.raises(PolicyError, match="not UTF-8") as caught:
        load_policy(policy)
    assert caught.value.line == 2


def test_missing_policy_file_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.yaml")
    assert main(["specs", "validate", "--as-policy", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_detect_languages_without_a_profile_names_the_line_and_what_can_be_detected(
    write: WriteFile,
) -> None:
    text = "name: Org\nlanguages: [nl]\ndetect_languages: [nl, fy, xx]\n"
    policy = write("policy.yaml", text, dedent=False)
    with pytest.raises(PolicyError) as caught:
        load_policy(policy)
    assert caught.value.line == 3
    assert caught.value.field == "detect_languages"
    assert "'xx'" in str(caught.value)
    assert "fy" in str(caught.value)
    assert load_policy(write("ok.yaml", "detect_languages: [nl-NL, FY, en]\n",
                             dedent=False)).detect_languages == ["nl-NL", "FY", "en"]


@pytest.fixture
def conditional_dir(write: WriteFile, premium_dir: Path) -> Path:
    """premium_dir's demo (Premium text length 1000) with a Premium video length (600 s)."""
    spec = (premium_dir / "demo.yaml").read_text("utf-8").replace(
        "        containers: [mp4]\n",
        "        containers: [mp4]\n"
        "      conditional:\n"
        "        - when: {account: premium}\n"
        "          video: {max_duration: 600}\n",
        1,
    )
    return write("conditional/demo.yaml", spec, dedent=False).parent


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        # Looser than the Premium limit it stands beside.
        ("conditional:\n      - when: {account: premium}\n        video: {max_duration: 900}",
         "conditional.0.video.max_duration", "to 900.0 for demo.post when account: premium, "
         "but the platform limit is 600.0"),
        ("text:\n      conditional:\n        - when: {account: premium}\n"
         "          max_length: {graphemes: 1200}",
         "text.conditional.0.max_length.graphemes", "to 1200 for demo.post when account: "
         "premium, but the platform limit is 1000"),
        # A condition the platform has no limit for is held to the plain limit.
        ("conditional:\n      - when: {publishing: app}\n        video: {max_duration: 300}",
         "conditional.0.video.max_duration", "when publishing: app, but the platform limit "
         "is 140.0"),
        ("conditional:\n      - when: {publishing: app}\n        video: {containers: [mov]}",
         "conditional.0.video.containers", "when publishing: app"),
    ],
)
def test_a_conditional_policy_entry_that_loosens_a_limit_is_refused(
    conditional_dir: Path, write: WriteFile, entry: str, field: str, message: str
) -> None:
    text = f"name: Loose\nplatforms:\n  demo:\n    {entry}\n"
    policy = write("policy.yaml", text, dedent=False)
    with pytest.raises(PolicyError) as caught:
        registry(conditional_dir, policy)
    err = caught.value
    assert err.field == f"platforms.demo.{field}"
    assert message in str(err)
    assert "never loosen" in str(err)
    assert err.line == line_no(text, entry.splitlines()[-1].strip())


def test_a_conditional_policy_entry_within_the_limit_tightens_under_its_condition(
    conditional_dir: Path, write: WriteFile
) -> None:
    policy = write("policy.yaml", """\
        accounts: {demo: premium}
        platforms:
          demo:
            text:
              conditional:
                - when: {account: premium}
                  max_length: {graphemes: 800}
            conditional:
              - when: {account: premium}
                video: {max_duration: 300}
        """)
    specs = registry(conditional_dir, policy)
    fmt = specs.resolve("demo.post")
    assert fmt.policy.conditional[0].video is not None
    assert fmt.policy.conditional[0].video.max_duration is not None
    assert fmt.policy.conditional[0].video.max_duration.value == 300
    # Premium allows 1000 characters; the policy's Premium entry holds posts to 800.
    assert not length_findings(specs, "a" * 800)
    assert length_findings(specs, "a" * 801)


def test_a_plain_policy_value_is_held_to_the_limit_of_the_configured_account(
    conditional_dir: Path, write: WriteFile
) -> None:
    # 300 s is looser than the default 140 s but within Premium's 600 s: allowed only when the
    # policy says the account is Premium.
    entry = "platforms:\n  demo:\n    video: {max_duration: 300}\n"
    with pytest.raises(PolicyError, match="limit is 140"):
        registry(conditional_dir, write("basic.yaml", entry, dedent=False))
    premium = registry(conditional_dir,
                       write("premium.yaml", "accounts: {demo: premium}\n" + entry, dedent=False))
    assert value(premium.resolve("demo.post"), "policy.video.max_duration") == 300


def test_a_general_conditional_cap_looser_than_a_platform_is_left_out_there(
    conditional_dir: Path, write: WriteFile
) -> None:
    policy = write("policy.yaml", """\
        all:
          conditional:
            - when: {account: premium}
              video: {max_duration: 900, max_bytes: 1000000}
        """)
    fmt = registry(conditional_dir, policy).resolve("demo.post")
    video = fmt.policy.conditional[0].video
    assert video is not None
    assert video.max_duration is None  # looser than Premium's 600 s: the limit binds
    assert video.max_bytes is not None
    assert video.max_bytes.value == 1000000


def test_old_flat_adapt_names_are_read_into_their_groups(write: WriteFile) -> None:
    """A policy written before the groups keeps working: every old name lands where the new
    one would, and the same file written the new way gives the same settings."""
    from crosspost.specs.adapt_settings import LEGACY_KEYS

    old = write("old.yaml", """\
        adapt:
          threads: false
          link_phrase: {nl: "(link in bio)"}
          image_quality: 80
          image_max_edge: 1600
          pad_colour: "#00527f"
          gif: first_frame
          video_preset: ultrafast
          video_max_upscale: 1.5
          captions_box: true
          captions_safe_area: {top: 0.1, bottom: 0.25}
        """)
    new = write("new.yaml", """\
        adapt:
          text: {threads: false, link_phrase: {nl: "(link in bio)"}}
          image: {quality: 80, max_edge: 1600, pad_colour: "#00527f", gif: first_frame}
          video: {preset: ultrafast, max_upscale: 1.5}
          captions: {box: true, safe_area: {top: 0.1, bottom: 0.25}}
        """)
    assert load_policy(old).adapt == load_policy(new).adapt
    assert load_policy(old).adapt.image.quality == 80
    # Every field of every group had an old flat name (37 of them), and no two share a home.
    homes = list(LEGACY_KEYS.values())
    groups = load_policy(new).adapt
    fields = sum(len(type(getattr(groups, g)).model_fields) for g in type(groups).model_fields)
    assert len(set(homes)) == len(homes) == fields == 37
    for old_name, (group, name) in LEGACY_KEYS.items():
        group_model = type(getattr(load_policy(new).adapt, group))
        assert name in group_model.model_fields, old_name


def test_the_policy_schema_lists_old_names_as_deprecated() -> None:
    from crosspost.schemas import schema_of

    adapt = schema_of("policy.schema.json")["$defs"]["AdaptSettings"]["properties"]
    assert adapt["image_quality"]["deprecated"] is True
    assert adapt["image_quality"]["maximum"] == 100
    assert "image.quality" in adapt["image_quality"]["description"]
    assert {"text", "image", "video", "captions"} <= set(adapt)
