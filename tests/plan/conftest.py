"""Fixtures over the example campaign (Dutch posts in examples/), see example_campaign.py.

``text_only`` switches the media planning steps off, so text tests do not depend on the image
and video transforms; ``copy_media`` plans media as plain copies for output tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from example_campaign import EXAMPLES, ExampleProber, example_prober

import crosspost.planning
from crosspost.content.handles import HandleMap, load_handles
from crosspost.specs.policy import Policy
from crosspost.specs.registry import SpecRegistry, load_specs


@pytest.fixture(scope="session")
def example_specs() -> SpecRegistry:
    """Bundled specs with the example policy (hashtags at most 3, Dutch, alt text...)."""
    return load_specs(policy=EXAMPLES / "policy.yaml")


@pytest.fixture(scope="session")
def handles() -> HandleMap:
    return load_handles(EXAMPLES / "handles.yaml")


@pytest.fixture
def prober() -> ExampleProber:
    return example_prober()


PLAN_SPEC_DIR = Path(__file__).resolve().parent / "spec"


@pytest.fixture
def p_specs() -> Callable[..., SpecRegistry]:
    """``p_specs(**policy)``: the plan test platform `p`, with a policy built from keywords."""

    def make(**policy: Any) -> SpecRegistry:
        built = Policy.model_validate({"name": "Org", **policy}) if policy else None
        return load_specs([PLAN_SPEC_DIR], built, builtin=False)

    return make


@pytest.fixture
def text_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan without the image, video and captions steps (their own tests cover them)."""
    monkeypatch.setattr(crosspost.planning, "media_transforms", lambda: ())


@pytest.fixture
def copy_media(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan media as byte-for-byte copies, so output tests need no image or video renderer."""
    from crosspost.transforms.media_passthrough import carry_media

    monkeypatch.setattr(crosspost.planning, "media_transforms", lambda: (carry_media,))
