"""Golden plans: the Dutch example posts planned for every bundled target.

Each ``golden/<item>.json`` holds, per target, the planned text (or thread parts), title,
first comment, links taken out, API fields and the ids of the history steps. A change to a
transform, a spec number or the example policy shows up here as a readable diff. Regenerate
after an intended change with ``CROSSPOST_UPDATE_GOLDEN=1 pytest tests/plan`` and review it.
Media planning is switched off (``text_only``): the image and video steps have their own tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from example_campaign import POSTS

from crosspost import adapt
from crosspost.content.handles import HandleMap
from crosspost.content.load import load_item
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import SpecRegistry
from crosspost.variant.plan import VariantPlan

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CROSSPOST_UPDATE_GOLDEN") == "1"


def summary(plan: VariantPlan) -> dict[str, Any]:
    return {
        "text": plan.text,
        "thread": plan.thread,
        "title": plan.title,
        "first_comment": plan.first_comment,
        "links": plan.links,
        "fields": plan.fields,
        "steps": [change.step for change in plan.history],
    }


@pytest.mark.usefixtures("text_only")
@pytest.mark.parametrize("post", POSTS, ids=[p.stem for p in POSTS])
def test_example_post_on_every_target(post: Path, example_specs: SpecRegistry,
                                      handles: HandleMap, prober: FakeProber) -> None:
    item = load_item(post)
    targets = [t for t in example_specs.targets() if example_specs.enabled(t)]
    variants = adapt(item, targets, specs=example_specs, handles=handles, prober=prober)
    got = {v.plan.target: summary(v.plan) for v in variants.values()}
    assert set(got) == set(targets)
    path = GOLDEN / f"{item.id}.json"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                        "utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with CROSSPOST_UPDATE_GOLDEN=1"
    want = json.loads(path.read_text("utf-8"))
    for target in sorted(set(want) | set(got)):
        assert got.get(target) == want.get(target), f"{item.id} on {target}"
