"""The one tier resolver: which of a format's limits, recommended and policy values applies.

Every rule, planner and transform asks this module; no other code walks the tiers. The
precedence, in one place:

- ``limits`` are what the platform rejects or silently cuts: always enforced.
- ``policy`` is the organisation's overlay: enforced like a limit, at the policy's severity. It
  may tighten a limit and never loosen it (``apply_policy`` refuses a policy that does).
- ``recommended`` is the platform's norm and **never a limit**: ``check`` reports it as a
  warning and ``adapt`` aims at it where it lies inside the enforced range, but it never makes
  a variant unpublishable and never overrides an enforced value.

What a field means follows its name: ``max_*`` is an upper bound (the smallest wins), ``min_*``
and the safe-area shares are lower bounds (the largest wins), a list of names is a set of
accepted values (the intersection wins), ``preferred_*`` is a preference (the most specific
tier wins: policy, then recommended, then limits), and a yes/no fact is decided by the policy,
else the platform's limits, else its norms.

Conditional values (``text.conditional``: a caption with media, a premium account; a tier's
``conditional``: values of any other block for an account type or a publishing path) are
applied for the ``Conditions`` of one post; a condition names fields of ``Conditions`` and
matches when each named field is equal, so a new kind of condition is one field here and one
in the model. Where the configuration does not name the account type or the publishing path,
a tier's conditional value applies only where it is the stricter one, and ``assumption`` says
so for the findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal

from ..text.counting import url_weighted
from .constraints import ConditionalBlocks, ConditionalLength, TextRules
from .platform import TIERS, FormatSpec, Tier, iter_sourced
from .sourced import Sourced

if TYPE_CHECKING:
    from .constraints import Condition
    from .policy import Policy

ENFORCED: tuple[Tier, ...] = ("limits", "policy")
"""The tiers that decide whether a variant is publishable."""

_SPECIFIC_FIRST: tuple[Tier, ...] = ("policy", "recommended", "limits")
_FLAG_ORDER: tuple[Tier, ...] = ("policy", "limits", "recommended")
_SET_FIELDS = frozenset(
    {"formats", "containers", "video_codecs", "audio_codecs", "sidecar_formats", "allowed"}
)


@dataclass(frozen=True)
class Conditions:
    """What conditional values of a format depend on, for one post."""

    has_media: bool = False
    account: str | None = None
    publishing: str | None = None

    @classmethod
    def of(cls, fmt: FormatSpec, policy: Policy | None, *, has_media: bool) -> Conditions:
        """The conditions of a post on ``fmt``: its media, the policy's account type and
        publishing path for the platform (None: the configuration does not say)."""
        if policy is None:
            return cls(has_media=has_media)
        return cls(has_media=has_media, account=policy.accounts.get(fmt.platform),
                   publishing=policy.publishing.get(fmt.platform))

    def status(self, when: Condition) -> Literal["yes", "no", "unknown"]:
        """``yes`` when every field ``when`` sets is known and equal, ``no`` when one known
        field differs, ``unknown`` when the others match but the configuration leaves one
        unset."""
        unknown = False
        names = {f.name for f in fields(self)}
        for name in type(when).model_fields:
            wanted = getattr(when, name)
            if wanted is None:
                continue
            mine = getattr(self, name) if name in names else None
            if mine is None:
                unknown = True
            elif mine != wanted:
                return "no"
        return "unknown" if unknown else "yes"

    def matches(self, when: Condition) -> bool:
        """Every field that ``when`` sets equals this post's."""
        names = {f.name for f in fields(self)}
        for name in type(when).model_fields:
            wanted = getattr(when, name)
            if wanted is not None and (name not in names or getattr(self, name) != wanted):
                return False
        return True


@dataclass(frozen=True)
class _Index:
    blocks: dict[str, tuple[tuple[Tier, Any], ...]]
    values: dict[tuple[str, str], tuple[tuple[Tier, Sourced], ...]]
    refs: dict[int, tuple[str, ...]]  # id(sourced value) -> effective source ids


# A memo of a pure function of a frozen value: formats live in the registry for the whole run,
# and walking the models for every lookup dominated check time. Identity is checked on a hit.
_INDEXES: dict[int, tuple[FormatSpec, _Index]] = {}
_MAX_INDEXES = 1024


def _index_of(fmt: FormatSpec) -> _Index:
    hit = _INDEXES.get(id(fmt))
    if hit is not None and hit[0] is fmt:
        return hit[1]
    if len(_INDEXES) >= _MAX_INDEXES:
        _INDEXES.clear()
    index = _build(fmt)
    _INDEXES[id(fmt)] = (fmt, index)
    return index


def _build(fmt: FormatSpec) -> _Index:
    blocks: dict[str, list[tuple[Tier, Any]]] = {}
    values: dict[tuple[str, str], list[tuple[Tier, Any]]] = {}
    refs: dict[int, tuple[str, ...]] = {}
    for tier in TIERS:
        constraints = fmt.tier(tier)
        for name in type(constraints).model_fields:
            block = getattr(constraints, name)
            if block is None or not hasattr(type(block), "model_fields"):
                continue
            blocks.setdefault(name, []).append((tier, block))
            for field in type(block).model_fields:
                value = getattr(block, field)
                if isinstance(value, Sourced):
                    values.setdefault((name, field), []).append((tier, value))
        for _, value, found in iter_sourced(constraints, list(fmt.source)):
            refs[id(value)] = tuple(found)
    return _Index(
        blocks={k: tuple(v) for k, v in blocks.items()},
        values={k: tuple(v) for k, v in values.items()},
        refs=refs,
    )


class Tiers:
    """The tiers of one format for one post: ask here which value applies."""

    def __init__(self, fmt: FormatSpec, conditions: Conditions | None = None) -> None:
        self.fmt = fmt
        self.conditions = conditions or Conditions()
        self._index = _index_of(fmt)
        self._values = self._index.values
        self._assumed: dict[int, str] = {}
        if any(fmt.tier(t).conditional for t in TIERS):
            self._apply_conditional()

    def _apply_conditional(self) -> None:
        values = {k: dict(v) for k, v in self._index.values.items()}
        for tier in TIERS:
            for entry in self.fmt.tier(tier).conditional:
                status = self.conditions.status(entry.when)
                if status != "no":
                    self._overlay(values, tier, entry, status == "unknown")
        order = {t: i for i, t in enumerate(TIERS)}
        self._values = {k: tuple(sorted(v.items(), key=lambda tv: order[tv[0]]))
                        for k, v in values.items()}

    def _overlay(self, values: dict[tuple[str, str], dict[Tier, Sourced]], tier: Tier,
                 entry: ConditionalBlocks, assumed: bool) -> None:
        said = condition_text(entry)
        for name in type(entry).model_fields:
            block = getattr(entry, name)
            if block is None or not hasattr(type(block), "model_fields"):
                continue
            for field in type(block).model_fields:
                value = getattr(block, field)
                if not isinstance(value, Sourced):
                    continue
                by_tier = values.setdefault((name, field), {})
                base = by_tier.get(tier)
                if not assumed:
                    by_tier[tier] = value
                    continue
                stricter = value if base is None else _pick(field, [base.value, value.value])
                if base is None or (stricter == value.value and stricter != base.value):
                    by_tier[tier] = value
                    self._assumed[id(value)] = _ASSUMING.format(said=said)
                elif value.value != base.value:
                    self._assumed[id(base)] = _STRICTER.format(said=said, value=value.value)

    def assumption(self, value: Sourced) -> str | None:
        """Why ``value`` applies although the configuration did not choose its condition
        (None: no assumption was made)."""
        return self._assumed.get(id(value))

    # Each tier on its own: rules hold a measured value to every tier that sets it.
    def each(self, block: str, name: str) -> tuple[tuple[Tier, Sourced], ...]:
        """Every tier's value of ``block.name`` that is set, in the order limits, recommended,
        policy."""
        return self._values.get((block, name), ())

    def blocks(self, block: str) -> tuple[tuple[Tier, Any], ...]:
        """Every tier's block ``block`` that is set."""
        return self._index.blocks.get(block, ())

    def has(self, block: str) -> bool:
        """Some tier sets the block (a format with a title, with captions rules...)."""
        return bool(self.blocks(block))

    def source_ids(self, value: Sourced) -> tuple[str, ...] | None:
        """Source ids of a value as the spec file inherits them (None: not from this format)."""
        return self._index.refs.get(id(value))

    # One value: what planning and the verdict use.
    def enforced(self, block: str, name: str) -> Any:
        """The value that decides publishable: limits and policy combined (None: unset)."""
        return self._combine(block, name, ENFORCED)

    def binding(self, block: str, name: str) -> tuple[Tier, Any] | None:
        """The enforced tier and its block whose bound ``enforced`` returns (the block holds
        how the value is meant, e.g. the alt text's counting method). Where a conditional
        value binds, the block is the tier's own: read the number from ``enforced``."""
        value = self.enforced(block, name)
        if value is None:
            return None
        for tier, found in self.each(block, name):
            if tier in ENFORCED and found.value == value:
                return tier, dict(self.blocks(block)).get(tier, found)
        return None

    def aim(self, block: str, name: str) -> Any:
        """What adapt aims for: the enforced value, tightened by the recommended one where that
        stays inside the enforced range (a norm never loosens and never overrides a limit)."""
        hard = self.enforced(block, name)
        norm = self._combine(block, name, ("recommended",))
        if norm is None:
            return hard
        if hard is None:
            return norm
        tighter = _pick(name, [hard, norm])
        return tighter if tighter not in (None, []) else hard

    def aim_range(self, block: str, low: str, high: str) -> tuple[Any, Any]:
        """``aim`` of a lower and an upper bound; where the norms would cross, the enforced
        range alone."""
        lo, hi = self.aim(block, low), self.aim(block, high)
        if lo is not None and hi is not None and lo > hi:
            return self.enforced(block, low), self.enforced(block, high)
        return lo, hi

    def preferred(self, block: str, name: str) -> Any:
        """A preference (``preferred_*``): the most specific tier that sets it."""
        return self._first(block, name, _SPECIFIC_FIRST)

    def fact(self, block: str, name: str) -> Any:
        """A fact or a choice that is not a bound (an API field name, a label text): the
        policy decides, else the platform's limits, else its norms."""
        return self._first(block, name, _FLAG_ORDER)

    def flag(self, block: str, name: str) -> bool | None:
        """A yes/no fact, decided as ``fact`` decides."""
        value = self.fact(block, name)
        return None if value is None else bool(value)

    # Text lengths: per counting method, with the post's conditional values applied.
    def lengths(self, block: str, tier: Tier) -> dict[str, Sourced]:
        """``block``'s max_length per counting method in one tier, conditions applied. A
        method whose links weigh what the platform's `url_length` says (a Mastodon instance's
        own) comes as a ``UrlWeighted`` key, which ``count`` measures with that weight."""
        found = getattr(self.fmt.tier(tier), block)
        if not isinstance(found, TextRules):
            return {}
        weight = dict(self.each(block, "url_length")).get("limits")
        url_length = None if weight is None else weight.value
        lengths: dict[str, Sourced] = {}
        for own, value in found.max_length.items():
            lengths[url_weighted(own, url_length)] = value
        for layer in found.conditional:
            status = self.conditions.status(layer.when)
            if status == "no":
                continue
            said = condition_text(layer)
            for name, value in layer.max_length.items():
                method = url_weighted(name, url_length)
                base = lengths.get(method)
                if status == "yes" or base is None or value.value < base.value:
                    lengths[method] = value
                    if status == "unknown":
                        self._assumed[id(value)] = _ASSUMING.format(said=said)
                elif value.value != base.value:
                    self._assumed[id(base)] = _STRICTER.format(said=said, value=value.value)
        return lengths

    def enforced_lengths(self, block: str = "text") -> dict[str, int]:
        """The smallest enforced max_length per counting method (limits and policy)."""
        out: dict[str, int] = {}
        for tier in ENFORCED:
            for method, value in self.lengths(block, tier).items():
                out[method] = min(out.get(method, value.value), value.value)
        return out

    def _combine(self, block: str, name: str, tiers: Iterable[Tier]) -> Any:
        wanted = set(tiers)
        found = [v.value for t, v in self.each(block, name) if t in wanted]
        return _pick(name, found) if found else None

    def _first(self, block: str, name: str, order: tuple[Tier, ...]) -> Any:
        by_tier = dict(self.each(block, name))
        for tier in order:
            if tier in by_tier:
                return by_tier[tier].value
        return None


_ASSUMING = "assuming {said}: the configuration does not say, so the stricter reading applies"
_STRICTER = "the stricter reading; with {said} (set in the policy) it is {value}"


def condition_text(entry: ConditionalBlocks | ConditionalLength) -> str:
    """``account: premium``: the condition as a finding names it."""
    return ", ".join(f"{k}: {v}" for k, v in entry.when.model_dump(exclude_none=True).items())


def _pick(name: str, found: list[Any]) -> Any:
    """The binding one of several values of field ``name`` (see the module docstring)."""
    if name.startswith("max_"):
        return min(found)
    if name.startswith("min_") or name in ("top", "bottom", "left", "right"):
        return max(found)
    if name in _SET_FIELDS:
        common = list(found[0])
        for accepted in found[1:]:
            common = [v for v in common if v in accepted]
        return common
    if name.startswith("preferred_"):
        return found[-1]
    return found[0]


def tiers_for(fmt: FormatSpec, policy: Policy | None = None, *, has_media: bool = False) -> Tiers:
    """The resolver of ``fmt`` for a post with or without media under ``policy``."""
    return Tiers(fmt, Conditions.of(fmt, policy, has_media=has_media))
