"""What each text step does to a variant, on the plan test platform `p` (tests/plan/spec).

p.post: 100 graphemes, 3 hashtags, clickable links, threads of at most 4 parts, title 20,
an AI API field. p.caption: 200 UTF-16 units, 5 hashtags, links not clickable, hashtags in a
first comment by habit, an AI label without a field. p.short: 80 as X counts, no threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crosspost import plan
from crosspost.content.handles import HandleMap
from crosspost.content.item import SourceItem
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import SpecRegistry
from crosspost.text import count, extract_hashtags
from crosspost.variant.plan import VariantPlan

Specs = Callable[..., SpecRegistry]
HANDLES = HandleMap.model_validate({
    "gemeente": {"name": "Gemeente Voorbeeldstad", "p": "@gemeente"},
})
LONG = " ".join(f"Zin nummer {i} gaat over isolatie en subsidie." for i in range(1, 9))


def _plan(specs: SpecRegistry, target: str, text: str, handles: HandleMap | None = HANDLES,
          **fields: Any) -> VariantPlan:
    item = SourceItem(id="i", text=text, language=fields.pop("language", "nl"),
                      targets=[target], **fields)
    return plan(item, target, specs=specs, prober=FakeProber(), handles=handles)


def _steps(planned: VariantPlan) -> list[str]:
    return [change.step for change in planned.history]


def _rules(planned: VariantPlan) -> set[str]:
    return {f.rule for f in planned.findings}


# --- unchanged ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["p.post", "p.caption", "p.short"])
def test_a_text_that_fits_is_returned_unchanged(p_specs: Specs, target: str) -> None:
    text = "Kom naar de informatieavond in het buurthuis. 👨‍👩‍👧 Koffie staat klaar!"
    planned = _plan(p_specs(), target, text)
    assert planned.text == text
    assert planned.thread == []
    assert planned.history == []
    assert planned.publishable


# --- links ----------------------------------------------------------------------------------


def test_links_replaced_where_not_clickable(p_specs: Specs) -> None:
    text = "Lees https://example.org/een en https://example.org/twee voor meer."
    planned = _plan(p_specs(), "p.caption", text)
    assert planned.text == "Lees (link in bio) en voor meer."
    assert planned.links == ["https://example.org/een", "https://example.org/twee"]
    (change,) = planned.history
    assert change.step == "links.replace"
    assert change.detail["urls"] == planned.links
    assert "text.link_not_clickable" not in _rules(planned)


def test_links_kept_where_clickable(p_specs: Specs) -> None:
    text = "Lees https://example.org/een voor meer."
    planned = _plan(p_specs(), "p.post", text)
    assert planned.text == text
    assert planned.links == []


def test_link_phrase_per_language_from_policy(p_specs: Specs) -> None:
    specs = p_specs(adapt={"text": {"link_phrase": {"nl": "(link in bio)", "*": "(see profile)"}}})
    planned = _plan(specs, "p.caption", "Read https://example.org/a now.", language="en")
    assert planned.text == "Read (see profile) now."


# --- hashtags -------------------------------------------------------------------------------


def test_hashtags_capped_in_source_order(p_specs: Specs) -> None:
    text = "Tekst over #isolatie en #subsidie voor iedereen #een #twee #drie"
    planned = _plan(p_specs(), "p.post", text)
    assert [h.text for h in extract_hashtags(planned.text)] == ["#isolatie", "#subsidie", "#een"]
    assert planned.text == "Tekst over #isolatie en #subsidie voor iedereen #een"
    cap = next(c for c in planned.history if c.step == "hashtags.cap")
    assert cap.detail == {"limit": 3, "dropped": ["#twee", "#drie"]}
    assert "text.hashtags" not in _rules(planned)


def test_inline_hashtags_over_the_cap_keep_their_word(p_specs: Specs) -> None:
    specs = p_specs(all={"text": {"max_hashtags": 1}})
    planned = _plan(specs, "p.post", "Over #isolatie en #subsidie praten we #energie")
    assert planned.text == "Over #isolatie en subsidie praten we"


def test_hashtags_moved_to_first_comment_where_that_is_the_habit(p_specs: Specs) -> None:
    text = "Kom naar de avond in het buurthuis.\n\n#isolatie #subsidie"
    planned = _plan(p_specs(), "p.caption", text)
    assert planned.text == "Kom naar de avond in het buurthuis."
    assert planned.first_comment == "#isolatie #subsidie"
    assert _steps(planned) == ["hashtags.first_comment"]


def test_hashtag_placement_setting_keep(p_specs: Specs) -> None:
    text = "Kom naar de avond.\n\n#isolatie #subsidie"
    planned = _plan(p_specs(adapt={"text": {"hashtags": "keep"}}), "p.caption", text)
    assert planned.text == text
    assert planned.first_comment is None


def test_hashtag_placement_setting_end(p_specs: Specs) -> None:
    specs = p_specs(adapt={"text": {"hashtags": "end"}})
    planned = _plan(specs, "p.post", "Over #isolatie praten #wij")
    assert planned.text == "Over isolatie praten #isolatie #wij"


def test_hashtags_respelled_in_camelcase(p_specs: Specs) -> None:
    specs = p_specs(adapt={"text": {"camelcase": {"energietransitie": "EnergieTransitie"}}})
    planned = _plan(specs, "p.post", "Samen aan de slag #energietransitie")
    assert planned.text == "Samen aan de slag #EnergieTransitie"
    assert _steps(planned) == ["hashtags.camelcase"]


# --- mentions -------------------------------------------------------------------------------


def test_mentions_mapped_from_the_handle_map(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", "Met dank aan @{gemeente}!")
    assert planned.text == "Met dank aan @gemeente!"
    (change,) = planned.history
    assert change.step == "mentions.map"
    assert change.detail == {"mapped": ["gemeente -> @gemeente"], "named": []}


def test_mention_without_a_handle_on_the_platform_becomes_the_name(p_specs: Specs) -> None:
    handles = HandleMap.model_validate({"gemeente": {"name": "Gemeente Voorbeeldstad",
                                                     "x": "@vbs"}})
    planned = _plan(p_specs(), "p.post", "Met dank aan @{gemeente}!", handles=handles)
    assert planned.text == "Met dank aan Gemeente Voorbeeldstad!"
    assert planned.history[0].detail == {"mapped": [], "named": ["gemeente"]}


@pytest.mark.parametrize("handles", [HANDLES, None], ids=["unknown-key", "no-handle-map"])
def test_unknown_placeholder_is_an_error_never_a_guess(p_specs: Specs,
                                                       handles: HandleMap | None) -> None:
    planned = _plan(p_specs(), "p.post", "Met dank aan @{gemeentee}!", handles=handles)
    assert "@{gemeentee}" in planned.text  # left as written: a wrong handle tags someone else
    assert "@gemeente" not in planned.text
    unknown = [f for f in planned.findings if f.rule == "mentions.unknown"]
    assert [(f.severity, f.target) for f in unknown] == [("error", "p.post")]
    assert not planned.publishable


# --- AI disclosure --------------------------------------------------------------------------


def test_ai_field_set_where_the_platform_has_one(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", "Een tekst.", ai_generated=True, approved_by="Team")
    assert planned.fields == {"is_ai_generated": True}
    assert planned.text == "Een tekst."
    assert _steps(planned) == ["ai.field"]
    assert "ai.disclosure" not in _rules(planned)  # done by adapt, not left as a warning
    assert planned.publishable


def test_ai_label_added_and_kept_when_fitting(p_specs: Specs) -> None:
    specs = p_specs(adapt={"text": {"ai_label": {"nl": "Gemaakt met AI."}}})
    planned = _plan(specs, "p.caption", LONG, ai_generated=True, approved_by="Team")
    assert planned.text.endswith("\n\nGemaakt met AI.")
    assert count(planned.text, "utf16") <= 200
    assert _steps(planned) == ["ai.label", "text.fit"]
    # The text label does not switch on the platform's own AI label: still a reminder.
    assert [(f.rule, f.severity) for f in planned.findings] == [
        ("ai.disclosure", "warning"), ("text.cut", "warning")]
    assert planned.publishable


def test_library_default_ai_label_is_neutral_and_the_policy_picks_per_language(
    p_specs: Specs,
) -> None:
    """Without a policy the label is the neutral English one, whatever the post's language;
    a policy's table is read per language, its `*` entry for any other."""
    bare = _plan(p_specs(), "p.caption", "Een tekst.", ai_generated=True, approved_by="Team")
    assert bare.text == "Een tekst.\n\nMade with AI."
    table = {"nl": "Gemaakt met AI.", "*": "AI-generated."}
    specs = p_specs(adapt={"text": {"ai_label": table}})
    dutch = _plan(specs, "p.caption", "Een tekst.", ai_generated=True, approved_by="Team")
    german = _plan(specs, "p.caption", "Ein Text.", language="de", ai_generated=True,
                   approved_by="Team")
    assert dutch.text.endswith("\n\nGemaakt met AI.")
    assert german.text.endswith("\n\nAI-generated.")


def test_a_policy_label_text_wins_over_the_adapt_table(p_specs: Specs) -> None:
    """The spec's `ai_disclosure.label_text` comes through the one resolver: the policy's value
    first, then the platform's."""
    specs = p_specs(all={"ai_disclosure": {"label_text": "Door AI gemaakt."}},
                    adapt={"text": {"ai_label": {"nl": "Gemaakt met AI."}}})
    planned = _plan(specs, "p.caption", "Een tekst.", ai_generated=True, approved_by="Team")
    assert planned.text == "Een tekst.\n\nDoor AI gemaakt."


def test_ai_label_not_added_twice(p_specs: Specs) -> None:
    specs = p_specs(adapt={"text": {"ai_label": {"nl": "Gemaakt met AI."}}})
    text = "Een tekst.\n\nGemaakt met AI."
    planned = _plan(specs, "p.caption", text, ai_generated=True, approved_by="Team")
    assert planned.text == text


def test_ai_item_without_approval_is_not_publishable(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", "Een tekst.", ai_generated=True)
    assert planned.fields == {"is_ai_generated": True}
    assert "ai.approval" in _rules(planned)
    assert not planned.publishable


# --- fitting and threads --------------------------------------------------------------------


def test_long_text_becomes_a_numbered_thread(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", LONG)
    assert len(planned.thread) > 1
    assert planned.text == planned.thread[0]
    n = len(planned.thread)
    for i, part in enumerate(planned.thread, 1):
        assert part.endswith(f" {i}/{n}")
        assert count(part, "graphemes") <= 100
    joined = " ".join(p.rsplit(" ", 1)[0] for p in planned.thread)
    assert joined == LONG  # split at sentence boundaries, nothing lost
    assert _steps(planned) == ["text.thread"]
    assert planned.measured == {"graphemes": max(count(p, "graphemes") for p in planned.thread)}


def test_a_thread_summary_says_where_the_text_was_cut(p_specs: Specs) -> None:
    """Sentences that fit a part are cut at their ends, and the summary says so; one
    sentence longer than a part is cut between words, and the summary says that too."""
    [step] = [c for c in _plan(p_specs(), "p.post", LONG).history if c.step == "text.thread"]
    assert "at sentence boundaries" in step.summary
    run_on = "Dit is een zin die maar doorgaat " + "en nog verder " * 20 + "tot het eind."
    [step] = [c for c in _plan(p_specs(), "p.post", run_on).history
              if c.step == "text.thread"]
    assert "sentence boundaries" not in step.summary
    assert "between words" in step.summary
    assert set(step.detail["cuts"]) == {"word"}


def test_too_many_thread_parts_fall_back_to_fitting(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", LONG * 3)
    assert planned.thread == []
    assert count(planned.text, "graphemes") <= 100
    assert _steps(planned) == ["text.fit"]
    assert LONG.startswith(planned.text)


def test_threads_switched_off_by_settings(p_specs: Specs) -> None:
    planned = _plan(p_specs(adapt={"text": {"threads": False}}), "p.post", LONG)
    assert planned.thread == []
    assert _steps(planned) == ["text.fit"]


def test_fitting_without_threads_counts_like_the_platform(p_specs: Specs) -> None:
    text = "Kijk op https://example.org/" + "a" * 100 + " voor alles. " + "Meer tekst. " * 10
    planned = _plan(p_specs(), "p.short", text)
    assert count(planned.text, "twitter") <= 80
    assert "https://example.org/" + "a" * 100 in planned.text  # a URL counts 23 on X


def test_title_fitted(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", "Tekst.", title="Een veel te lange titel voor dit")
    assert planned.title is not None
    assert count(planned.title, "graphemes") <= 20
    assert "title.fit" in _steps(planned)
    assert "title.length" not in _rules(planned)


def test_a_thread_marker_splits_even_short_text_where_threads_exist() -> None:
    from crosspost import plan as make_plan
    from crosspost.content.item import SourceItem

    item = SourceItem(id="m", text="Eerste deel.\n---\nTweede deel.",
                      targets=["x.post", "linkedin.post"])
    assert make_plan(item, "x.post").parts == ["Eerste deel. 1/2", "Tweede deel. 2/2"]
    linkedin = make_plan(item, "linkedin.post")
    assert linkedin.parts == ["Eerste deel.\n\nTweede deel."]
    assert [c.step for c in linkedin.history] == ["text.markers"]
