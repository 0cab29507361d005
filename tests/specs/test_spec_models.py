"""Spec models: frozen, no unknown fields, bare and sourced values, ratios, conditional limits."""

from __future__ import annotations

import json
import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from crosspost.specs.constraints import (
    Constraints,
    ImageRules,
    SourcedCount,
    SourcedNames,
    SourcedRatio,
    TextRules,
    VideoRules,
)
from crosspost.specs.platform import FormatSpec, PlatformSpec
from crosspost.specs.policy import Policy
from crosspost.specs.sourced import Source, Sourced


def models_below(root: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model class reachable from ``root`` through field annotations."""
    found: set[type[BaseModel]] = set()
    todo: list[Any] = [root]
    while todo:
        hint = todo.pop()
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            if hint in found:
                continue
            found.add(hint)
            todo.extend(f.annotation for f in hint.model_fields.values())
        else:
            todo.extend(typing.get_args(hint))
            if isinstance(hint, types.GenericAlias):
                todo.append(typing.get_origin(hint))
    return found


SPEC_MODELS = sorted(models_below(PlatformSpec) | models_below(Policy), key=lambda m: m.__name__)


@pytest.mark.parametrize("model", SPEC_MODELS, ids=lambda m: m.__name__)
def test_every_spec_and_policy_model_is_frozen_and_forbids_extra_fields(
    model: type[BaseModel],
) -> None:
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "forbid"


def test_enough_models_were_found() -> None:
    names = {m.__name__ for m in SPEC_MODELS}
    assert {"PlatformSpec", "FormatSpec", "Constraints", "TextRules", "Source", "Policy"} <= names


def test_frozen_instances_refuse_assignment() -> None:
    rules = TextRules.model_validate({"max_hashtags": 3})
    with pytest.raises(ValidationError, match="frozen"):
        rules.max_hashtags = SourcedCount.model_validate(4)  # type: ignore[misc]
    assert rules.max_hashtags is not None
    with pytest.raises(ValidationError, match="frozen"):
        rules.max_hashtags.value = 4  # type: ignore[misc]


def test_unknown_fields_are_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="max_hashtag"):
        TextRules.model_validate({"max_hashtag": 3})
    with pytest.raises(ValidationError, match="sorce"):
        TextRules.model_validate({"max_hashtags": {"value": 3, "sorce": "docs"}})
    with pytest.raises(ValidationError, match="colour"):
        Source.model_validate({"title": "t", "kind": "primary", "colour": "red"})


def test_bare_value_takes_the_blocks_source() -> None:
    rules = TextRules.model_validate({"source": "docs", "max_hashtags": 3})
    assert rules.max_hashtags == SourcedCount(value=3)
    assert rules.max_hashtags.source == []
    assert rules.source == ["docs"]


def test_long_form_keeps_source_note_confidence_and_disputed() -> None:
    value = SourcedCount.model_validate(
        {
            "value": 5,
            "source": "news",
            "note": "app rule",
            "confidence": "medium",
            "disputed": [{"value": 30, "source": ["api", "blog"], "note": "API reference"}],
        }
    )
    assert value.value == 5
    assert value.source == ["news"]  # one id becomes a list
    assert value.note == "app rule"
    assert value.confidence == "medium"
    assert value.disputed[0].value == 30
    assert value.disputed[0].source == ["api", "blog"]


@pytest.mark.parametrize(
    "data",
    [
        {"value": 3, "confidence": "sure"},
        {"value": -1},
        {"value": "three"},
        {"source": "docs"},  # no value
        {"value": 3, "disputed": [{"value": 4}]},  # a disputed value needs its source
    ],
)
def test_bad_sourced_values(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SourcedCount.model_validate(data)


@pytest.mark.parametrize(
    ("written", "ratio"),
    [
        ("4:5", 0.8),
        ("1.91:1", 1.91),
        ("9:16", 9 / 16),
        (" 16 : 9 ", 16 / 9),
        ("16x9", 16 / 9),
        ("4/5", 0.8),
        (0.8, 0.8),
        (1, 1.0),
    ],
)
def test_ratio_parsing(written: Any, ratio: float) -> None:
    assert SourcedRatio.model_validate(written).value == pytest.approx(ratio)
    assert SourcedRatio.model_validate({"value": written, "source": "x"}).value == pytest.approx(
        ratio
    )


@pytest.mark.parametrize(
    "written", ["wide", "", "4:", ":5", "4:0", "0:5", "-4:5", "4:5:6", "4:5 portrait", 0, -0.8]
)
def test_bad_ratios(written: Any) -> None:
    with pytest.raises(ValidationError):
        SourcedRatio.model_validate(written)


def test_ratio_serialises_as_a_rounded_number() -> None:
    rules = ImageRules.model_validate({"min_aspect": "1:3"})
    dumped = json.loads(rules.model_dump_json(exclude_none=True))
    assert dumped["min_aspect"]["value"] == pytest.approx(0.333333)


@pytest.mark.parametrize(
    ("model", "low", "high"),
    [
        (ImageRules, "min_count", "max_count"),
        (ImageRules, "min_aspect", "max_aspect"),
        (ImageRules, "min_width", "max_width"),
        (VideoRules, "min_duration", "max_duration"),
        (VideoRules, "min_aspect", "max_aspect"),
        (VideoRules, "min_fps", "max_fps"),
    ],
)
def test_ranges_must_not_be_inverted(model: type[BaseModel], low: str, high: str) -> None:
    model.model_validate({low: 2, high: 2})  # equal is a fixed value, fine
    with pytest.raises(ValidationError, match=f"{low} .* is greater than {high}"):
        model.model_validate({low: 3, high: 2})


def test_conditional_limits() -> None:
    rules = TextRules.model_validate(
        {
            "max_length": {"twitter": 280},
            "conditional": [
                {"when": {"account": "premium"}, "max_length": {"twitter": 25000}},
                {"when": {"has_media": True}, "max_length": {"graphemes": 2200}, "note": "x"},
            ],
        }
    )
    premium, media = rules.conditional
    assert (premium.when.account, premium.when.has_media) == ("premium", None)
    assert premium.max_length["twitter"].value == 25000
    assert media.when.has_media is True
    with pytest.raises(ValidationError, match="plan"):
        TextRules.model_validate(
            {"conditional": [{"when": {"plan": "premium"}, "max_length": {"twitter": 1}}]}
        )
    with pytest.raises(ValidationError, match="max_length"):
        TextRules.model_validate({"conditional": [{"when": {"has_media": True}}]})
    with pytest.raises(ValidationError):
        TextRules.model_validate({"max_length": {"characters": 280}})  # not a counting method


def minimal_platform(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "demo",
        "name": "Demo",
        "verified": "2026-01-15",
        "default_format": "post",
        "sources": {"docs": {"title": "Docs", "kind": "primary"}},
        "formats": {"post": {"name": "Post", "kind": "post", "media": ["text"]}},
    }
    data.update(changes)
    return data


def test_platform_fills_format_ids() -> None:
    spec = PlatformSpec.model_validate(minimal_platform())
    assert spec.formats["post"].id == "demo.post"
    assert spec.formats["post"].platform == "demo"
    assert isinstance(spec.formats["post"].limits, Constraints)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"default_format": "reel"}, "default_format 'reel'"),
        ({"id": "Demo"}, "lower-case"),
        ({"formats": {}}, "at least one format"),
        ({"verified": "last week"}, "date"),
        ({"verified": "2026-13-01"}, "date"),
        ({"sources": {"docs": {"title": "Docs", "kind": "tertiary"}}}, "primary"),
    ],
)
def test_bad_platforms(changes: dict[str, Any], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        PlatformSpec.model_validate(minimal_platform(**changes))


def test_format_tier_access() -> None:
    fmt = FormatSpec.model_validate({"name": "Post", "kind": "post", "media": ["text"]})
    for tier in ("limits", "recommended", "policy"):
        assert fmt.tier(tier) == Constraints()


def test_each_sourced_kind_checks_its_value() -> None:
    assert SourcedCount.model_validate(3).value == 3
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        SourcedCount.model_validate(-1)
    names = SourcedNames.model_validate({"value": ["mp4"], "source": "a"})
    assert (names.value, names.source) == (["mp4"], ["a"])
    # Every kind declares its own value type, first and described, as the base's field was.
    kinds = Sourced.__subclasses__()
    assert len(kinds) >= 15
    for kind in kinds:
        field = kind.model_fields["value"]
        assert field.annotation is not Any, kind
        assert field.description == "The value.", kind
        assert next(iter(kind.model_fields)) == "value", kind


def test_url_length_is_free_for_mastodon_and_fixed_for_x() -> None:
    # A Mastodon server may weigh links otherwise (characters_reserved_per_url); X may not.
    rules = TextRules.model_validate({"max_length": {"mastodon": 500}, "url_length": 40})
    assert rules.url_length is not None
    assert rules.url_length.value == 40
    with pytest.raises(ValidationError, match="`twitter` count weighs a link 23"):
        TextRules.model_validate({"max_length": {"twitter": 280}, "url_length": 40})
