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
from ..factories import empty_list
from ..ignore_scope import IgnoreValue
from ..validation import validate_doc
from ..yamlsrc import Key, YamlDoc, load_yaml_file
from .adapt_settings import DEFAULTS, AdaptSettings, as_written
from .constraints import Condition, Constraints, Publishing, build_constraints_first
from .loader import deep_merge
from .platform import FormatSpec
from .resolve import Conditions, Tiers, condition_text
from .sourced import Frozen, Sourced

Severity = Literal["error", "warning", "info"]
_SET_FIELDS = {"formats", "containers", "video_codecs", "audio_codecs", "sidecar_formats"}


class Policy(Frozen):
    """The organisation's overlay, read from a policy file or built in code."""

    name: str = Field(default="policy", description="Name shown in findings.")
    severity: Severity = Field(default="warning", description="Severity of policy findings.")
    languages: list[str] = Field(
        default_factory=empty_list,
        description="Languages posts may be written in (BCP 47), e.g. [nl]."
    )
    detect_languages: list[str] = Field(
        default_factory=empty_list,
        description="Languages language detection chooses among, besides the declared language "
        "and the allowed ones, e.g. [nl, fy, en]; empty: a default list of widely used "
        "languages (docs/policy.md).",
    )
    disabled: list[str] = Field(
        default_factory=empty_list,
        description="Platforms or targets the organisation does not use.",
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
    return policy_of(load_yaml_file(path, error=PolicyError))


def policy_of(doc: YamlDoc) -> Policy:
    """Validate a policy file read as ``doc``; its lines stay with it for messages."""
    build_constraints_first()
    policy = validate_doc(Policy, doc, PolicyError, "policy",
                          written=lambda loc: as_written(doc.data, loc))
    policy._doc = doc
    return policy


def apply_policy(fmt: FormatSpec, policy: Policy) -> FormatSpec:
    """``fmt`` with its policy tier filled in.

    A platform or format entry of the policy that loosens a limit is an error, conditional
    entries (`when:`) included. A value under `all:` that is looser than some platform's limit
    (at most 3 hashtags, where Threads allows 1) is a general cap, not a loosening: there the
    platform's limit already binds, so the value is left out for that format.
    """
    general, specific = policy.layers_for(fmt)
    for path, mine, theirs, when in loosened(Constraints.model_validate(specific), fmt, policy):
        where = _policy_key(policy, fmt, path)
        under = f" when {when}" if when else ""
        raise PolicyError(
            f"sets {_dotted(path)} to {mine!r} for {fmt.id}{under}, but the platform limit "
            f"is {theirs!r}; a policy may tighten a platform limit, never loosen it",
            path=policy.path,
            line=policy.line_of(where),
            field=".".join(map(str, where)),
        )
    for path, _, _, _ in loosened(Constraints.model_validate(general), fmt, policy):
        _drop(general, path)
    tier = Constraints.model_validate(deep_merge(general, specific))
    return fmt.model_copy(update={"policy": tier})


FieldPath = tuple[str | int, ...]


def loosened(
    tier: Constraints, fmt: FormatSpec, policy: Policy | None = None
) -> list[tuple[FieldPath, Any, Any, str]]:
    """(path in the tier, policy value, limit, condition) for every value of ``tier`` looser
    than the platform's limit.

    A value is held to the limit of every situation it covers, conditional limits applied as
    the resolver applies them: a plain value under the policy's own `accounts` and
    `publishing` (with and without media), a conditional entry under its `when` as well. An
    entry for X Premium is thus held to the Premium limits, and one whose condition the
    configuration leaves open to the stricter reading.
    """
    found: list[tuple[FieldPath, Any, Any, str]] = []
    plain: list[Tiers] | None = None  # made for the first block set: most tiers set none
    for block_name in type(tier).model_fields:
        block = getattr(tier, block_name)
        if block is None or not hasattr(type(block), "model_fields"):
            continue
        if plain is None:
            plain = _situations(fmt, policy, None)
        _compare_block(block, (block_name,), block_name, plain, "", found)
        for i, layer in enumerate(getattr(block, "conditional", None) or []):
            said = condition_text(layer)
            for method, value in layer.max_length.items():
                path: FieldPath = (block_name, "conditional", i, "max_length", method)
                _compare(path, block_name, "max_length", value, method,
                         _situations(fmt, policy, layer.when), said, found)
    for i, entry in enumerate(tier.conditional):
        situations = _situations(fmt, policy, entry.when)
        for block_name in type(entry).model_fields:
            block = getattr(entry, block_name)
            if block is None or not hasattr(type(block), "model_fields"):
                continue
            _compare_block(block, ("conditional", i, block_name), block_name, situations,
                           condition_text(entry), found)
    return found


def _situations(fmt: FormatSpec, policy: Policy | None, when: Condition | None) -> list[Tiers]:
    """The platform's limits (no policy tier) in each situation a policy value covers: the
    condition's fields, else the policy's own account type and publishing path; a post with
    and without media unless the condition says which."""
    bare = fmt.model_copy(update={"policy": Constraints()})
    account = policy.accounts.get(fmt.platform) if policy else None
    publishing = policy.publishing.get(fmt.platform) if policy else None
    if when is not None:
        account = when.account or account
        publishing = when.publishing or publishing
    media = [when.has_media] if when is not None and when.has_media is not None else [False, True]
    return [Tiers(bare, Conditions(has_media=m, account=account, publishing=publishing))
            for m in media]


def _compare_block(block: Any, path: FieldPath, block_name: str, situations: list[Tiers],
                   said: str, found: list[tuple[FieldPath, Any, Any, str]]) -> None:
    for field in type(block).model_fields:
        mine = getattr(block, field)
        if isinstance(mine, dict):
            for key, value in mine.items():
                _compare((*path, field, key), block_name, field, value, key, situations, said,
                         found)
        elif isinstance(mine, Sourced):
            _compare((*path, field), block_name, field, mine, None, situations, said, found)


def _compare(path: FieldPath, block: str, field: str, mine: Any, key: str | None,
             situations: list[Tiers], said: str,
             found: list[tuple[FieldPath, Any, Any, str]]) -> None:
    if not isinstance(mine, Sourced):
        return
    for tiers in situations:
        if key is None:
            limit = tiers.enforced(block, field)
        elif field == "max_length":
            length = tiers.lengths(block, "limits").get(key)
            limit = None if length is None else length.value
        else:
            return
        if limit is not None and _looser(field, mine.value, limit):
            found.append((path, mine.value, limit, said))
            return


def _looser(field: str, wanted: Any, limit: Any) -> bool:
    if field.startswith("max_"):
        return bool(wanted > limit)
    if field.startswith("min_"):
        return bool(wanted < limit)
    if field in _SET_FIELDS:
        return bool(set(wanted) - set(limit))
    return False


def _dotted(path: FieldPath) -> str:
    return ".".join(map(str, path))


def _drop(data: Any, path: FieldPath) -> None:
    node: Any = data
    *parents, last = path
    for part in parents:
        if isinstance(node, dict):
            node = node.get(part, {})
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return
    if isinstance(node, dict):
        node.pop(last, None)


def _policy_key(policy: Policy, fmt: FormatSpec, parts: FieldPath) -> Key:
    for key in (fmt.id, fmt.platform):
        if key in policy.platforms:
            candidate: Key = ("platforms", key, *parts)
            if policy._doc is None or candidate in policy._doc.lines:
                return candidate
    return ("all", *parts)


def adapt_settings(policy: Policy | None) -> AdaptSettings:
    """The adapt settings in force: the policy's, else the library's defaults. The one
    fallback that the rules (``ItemContext.settings``) and the planners (``PlanContext``) call."""
    return policy.adapt if policy is not None else DEFAULTS
