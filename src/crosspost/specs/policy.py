"""An organisation's policy: its own norms layered over the platforms' limits.

The policy tier may tighten a platform limit (fewer hashtags, Dutch only, alt text required) and
never loosen it: a policy that allows 40 hashtags where Instagram allows 30 is an error naming
both values, because a post that passes the policy would still be rejected by the platform.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator

from ..errors import PolicyError
from ..ignore_scope import IgnoreValue
from ..validation import validate_doc
from ..yamlsrc import Key, YamlDoc, load_yaml_file
from .adapt_settings import AdaptSettings
from .constraints import Constraints, Publishing
from .loader import deep_merge
from .platform import FormatSpec
from .sourced import Frozen, Sourced

Severity = Literal["error", "warning", "info"]
_SET_FIELDS = {"formats", "containers", "video_codecs", "audio_codecs", "sidecar_formats"}


class Policy(Frozen):
    """The organisation's overlay, read from a policy file or built in code."""

    name: str = Field(default="policy", description="Name shown in findings.")
    severity: Severity = Field(default="warning", description="Severity of policy findings.")
    languages: list[str] = Field(
        default_factory=list, description="Languages posts may be written in (BCP 47), e.g. [nl]."
    )
    detect_languages: list[str] = Field(
        default_factory=list,
        description="Languages language detection chooses among, besides the declared language "
        "and the allowed ones, e.g. [nl, fy, en]; empty: a default list of widely used "
        "languages (docs/policy.md).",
    )
    disabled: list[str] = Field(
        default_factory=list, description="Platforms or targets the organisation does not use."
    )
    accounts: dict[str, str] = Field(
        default_factory=dict, description="Account type per platform, e.g. {x: premium}."
    )
    publishing: dict[str, Publishing] = Field(
        default_factory=dict,
        description="How posts reach each platform: `api` (through its API or a scheduler) or "
        "`app` (a person posts in its app), e.g. {linkedin: app}. Unset: where limits differ, "
        "the stricter one applies.",
    )
    all: Constraints = Field(
        default_factory=Constraints, description="Constraints for every format."
    )
    platforms: dict[str, Constraints] = Field(
        default_factory=dict,
        description="Constraints per platform (`instagram`) or format (`instagram.reel`); a "
        "format's entry wins over its platform's, which wins over `all`.",
    )
    ignore: dict[str, IgnoreValue] = Field(
        default_factory=dict,
        description="Rule ids switched off for the organisation, each with the reason, or "
        "with a scope: `{reason, targets, paths}` switches it off only for those targets "
        "(platforms or formats) and post paths (globs relative to the content root).",
    )
    adapt: AdaptSettings = Field(
        default_factory=AdaptSettings, description="How `adapt` rewrites posts."
    )
    _doc: YamlDoc | None = PrivateAttr(default=None)

    @property
    def path(self) -> str:
        return self._doc.path if self._doc else "<policy>"

    @field_validator("detect_languages")
    @classmethod
    def _detectable(cls, value: list[str]) -> list[str]:
        from ..text.language import available, candidates

        unknown = [tag for tag in value if not candidates([tag])]
        if unknown:
            raise ValueError(f"no language profile for {', '.join(map(repr, unknown))}; "
                             f"crosspost can detect {', '.join(available())}")
        return value

    def written_languages(self) -> list[str]:
        """Every language this policy names: `languages`, `detect_languages` and each
        `language.allowed` (the candidates of language detection)."""
        found = [*self.languages, *self.detect_languages]
        for block in (self.all, *self.platforms.values()):
            if block.language is not None and block.language.allowed is not None:
                found += block.language.allowed.value
        return found

    def is_disabled(self, target: str) -> bool:
        return target in self.disabled or target.split(".", 1)[0] in self.disabled

    def layers_for(self, fmt: FormatSpec) -> tuple[dict[str, Any], dict[str, Any]]:
        """The general layer (`languages`, then `all`) and the merged platform/format layers.

        `languages` is shorthand for `all.language.allowed`, so a platform's or format's own
        `language.allowed` wins over it (Dutch everywhere, Dutch and English on LinkedIn).
        """
        general: dict[str, Any] = {}
        if self.languages:
            general = {"language": {"allowed": {"value": list(self.languages)}}}
        general = deep_merge(general, self.all.model_dump(exclude_unset=True, by_alias=True))
        specific: dict[str, Any] = {}
        for key in (fmt.platform, fmt.id):
            if key in self.platforms:
                layer = self.platforms[key].model_dump(exclude_unset=True, by_alias=True)
                specific = deep_merge(specific, layer)
        return general, specific

    def constraints_for(self, fmt: FormatSpec) -> Constraints:
        """The merged policy tier for one format, without checking it against the limits."""
        general, specific = self.layers_for(fmt)
        return Constraints.model_validate(deep_merge(general, specific))

    def line_of(self, key: Key) -> int | None:
        return self._doc.line_of(key) if self._doc else None


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file."""
    doc = load_yaml_file(path, error=PolicyError)
    policy = validate_doc(Policy, doc, PolicyError, "policy")
    policy._doc = doc
    return policy


def apply_policy(fmt: FormatSpec, policy: Policy) -> FormatSpec:
    """``fmt`` with its policy tier filled in.

    A platform or format entry of the policy that loosens a limit is an error. A value under
    `all:` that is looser than some platform's limit (at most 3 hashtags, where Threads allows
    1) is a general cap, not a loosening: there the platform's limit already binds, so the
    value is left out for that format.
    """
    general, specific = policy.layers_for(fmt)
    for block, field, mine, theirs in loosened(Constraints.model_validate(specific), fmt):
        where = _policy_key(policy, fmt, block, field)
        raise PolicyError(
            f"sets {block}.{field} to {mine!r} for {fmt.id}, but the platform limit is "
            f"{theirs!r}; a policy may tighten a platform limit, never loosen it",
            path=policy.path,
            line=policy.line_of(where),
            field=".".join(map(str, where)),
        )
    for block, field, _, _ in loosened(Constraints.model_validate(general), fmt):
        _drop(general, block, field)
    tier = Constraints.model_validate(deep_merge(general, specific))
    return fmt.model_copy(update={"policy": tier})


def loosened(tier: Constraints, fmt: FormatSpec) -> list[tuple[str, str, Any, Any]]:
    """(block, field, policy value, limit) for every value of ``tier`` looser than the limit."""
    found: list[tuple[str, str, Any, Any]] = []
    for block_name in type(tier).model_fields:
        block = getattr(tier, block_name)
        limit_block = getattr(fmt.limits, block_name)
        if block is None or limit_block is None or not hasattr(type(block), "model_fields"):
            continue
        for field in type(block).model_fields:
            _compare(block_name, field, getattr(block, field), getattr(limit_block, field), found)
    return found


def _compare(
    block: str, field: str, mine: Any, theirs: Any, found: list[tuple[str, str, Any, Any]]
) -> None:
    if mine is None or theirs is None:
        return
    if isinstance(mine, dict):
        for key, value in mine.items():
            if key in theirs:
                _compare(block, f"{field}.{key}", value, theirs[key], found)
        return
    if not isinstance(mine, Sourced):
        return
    name = field.split(".", 1)[0]
    wanted, limit = mine.value, theirs.value
    if name.startswith("max_"):
        loosens = wanted > limit
    elif name.startswith("min_"):
        loosens = wanted < limit
    elif name in _SET_FIELDS:
        loosens = bool(set(wanted) - set(limit))
    else:
        return
    if loosens:
        found.append((block, field, wanted, limit))


def _drop(data: dict[str, Any], block: str, field: str) -> None:
    node: Any = data.get(block, {})
    *parents, last = field.split(".")
    for part in parents:
        node = node.get(part, {})
    if isinstance(node, dict):
        node.pop(last, None)


def _policy_key(policy: Policy, fmt: FormatSpec, block: str, field: str) -> Key:
    parts = (block, *field.split("."))
    for key in (fmt.id, fmt.platform):
        if key in policy.platforms:
            candidate: Key = ("platforms", key, *parts)
            if policy._doc is None or candidate in policy._doc.lines:
                return candidate
    return ("all", *parts)

