"""LLM rewriting with a fake Rewriter: budgeted, checked, and never trusted blindly.

crosspost makes no network calls: tokens are counted with the bundled tiktoken encoding and a
rewriter is the organisation's own callable. Any answer that breaks a limit, drops or adds a
link, blows the budget or raises falls back to deterministic fitting, and the history says so.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crosspost import plan
from crosspost.content.item import SourceItem
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import SpecRegistry
from crosspost.text import count
from crosspost.transforms.rewrite import RewriteRequest, count_tokens
from crosspost.variant.plan import VariantPlan

Specs = Callable[..., SpecRegistry]
LONG = " ".join(f"Zin nummer {i} gaat over isolatie en subsidie." for i in range(1, 6))
URL = "https://www.voorbeeldstad.nl/isolatie"


class FakeRewriter:
    """Answers with a fixed text (or raises) and records every request."""

    def __init__(self, answer: str | Exception) -> None:
        self.answer = answer
        self.requests: list[RewriteRequest] = []

    def __call__(self, request: RewriteRequest) -> str:
        self.requests.append(request)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("crosspost tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _plan(specs: SpecRegistry, target: str, text: str, rewriter: FakeRewriter,
          **fields: Any) -> VariantPlan:
    item = SourceItem(id="i", text=text, language="nl", targets=[target],
                      goal="Aanmeldingen", audience="Bewoners", core_message="Isoleren loont",
                      call_to_action="Meld je aan", **fields)
    return plan(item, target, specs=specs, prober=FakeProber(), rewriter=rewriter)


def _rewrite_change(planned: VariantPlan) -> str:
    (change,) = [c for c in planned.history if c.step == "text.rewrite"]
    return change.summary


def test_instruction_names_the_targets_limits_and_canvas(p_specs: Specs) -> None:
    rewriter = FakeRewriter("Korte versie over isoleren. Meld je aan!")
    _plan(p_specs(), "p.post", LONG, rewriter)
    (request,) = rewriter.requests
    assert request.limits == {"graphemes": 100}
    assert request.target == "p.post"
    assert request.language == "nl"
    assert request.text == LONG
    assert "Stay under 100 characters (counted as graphemes)." in request.instruction
    assert "Use at most 3 hashtags." in request.instruction
    assert "Keep every URL exactly as written; add none." in request.instruction
    assert "Core message: Isoleren loont" in request.instruction
    assert "Call to action: Meld je aan" in request.instruction
    assert request.max_output_tokens > 0


def test_instruction_forbids_links_where_not_clickable(p_specs: Specs) -> None:
    rewriter = FakeRewriter("Kort.")
    _plan(p_specs(), "p.caption", "Tekst.", rewriter)
    assert "do not add any URL" in rewriter.requests[0].instruction
    assert "Stay under 200 characters (counted as utf16)." in rewriter.requests[0].instruction


def test_a_good_answer_is_used(p_specs: Specs) -> None:
    answer = f"Isoleren loont: kom naar de avond en meld je aan via {URL}"
    planned = _plan(p_specs(), "p.post", f"{LONG} {URL}", FakeRewriter(answer))
    assert planned.text == answer
    assert planned.thread == []
    assert _rewrite_change(planned) == "rewrote the text with the organisation's model"
    change = next(c for c in planned.history if c.step == "text.rewrite")
    assert change.detail["output_tokens"] == count_tokens(answer)
    assert change.detail["budget"] == 2000


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("Veel te lang. " * 20, "breaks the length limit"),
        ("Isoleren loont, meld je aan.", "drops links"),
        (f"Isoleren loont {URL} en https://evil.com/x", "adds links"),
        ("   ", "the answer is empty"),
    ],
    ids=["too-long", "drops-link", "adds-link", "empty"],
)
def test_a_bad_answer_falls_back_to_fitting(p_specs: Specs, answer: str, why: str) -> None:
    planned = _plan(p_specs(), "p.post", f"{LONG} {URL}", FakeRewriter(answer))
    summary = _rewrite_change(planned)
    assert summary.startswith("kept the original text:")
    assert why in summary
    if why != "the answer is empty":
        assert "fell back to deterministic fitting" in summary
    assert answer.strip() not in planned.parts
    assert planned.history[-1].step == "text.thread"
    assert all(count(p, "graphemes") <= 100 for p in planned.parts)
    assert URL in " ".join(planned.parts)  # the deterministic thread keeps the link


def test_an_answer_over_the_token_budget_falls_back(p_specs: Specs) -> None:
    specs = p_specs(adapt={"text": {"token_budget": count_tokens(LONG) * 2 + 150}})
    answer = ("kort " * 400).strip()  # many tokens, and over the length limit too
    planned = _plan(specs, "p.post", LONG, FakeRewriter(answer))
    summary = _rewrite_change(planned)
    assert "tokens, over the" in summary
    assert "fell back to deterministic fitting" in summary


def test_a_prompt_that_leaves_no_room_is_not_sent(p_specs: Specs) -> None:
    rewriter = FakeRewriter("Kort.")
    planned = _plan(p_specs(adapt={"text": {"token_budget": 10}}), "p.post", LONG, rewriter)
    assert rewriter.requests == []
    assert "no room for an answer within the budget" in _rewrite_change(planned)
    assert planned.history[-1].step == "text.thread"


def test_a_failing_rewriter_does_not_stop_the_plan(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.post", LONG, FakeRewriter(TimeoutError("model timed out")))
    summary = _rewrite_change(planned)
    assert "the rewriter failed (TimeoutError: model timed out)" in summary
    assert planned.history[-1].step == "text.thread"
    assert planned.publishable


def test_where_links_are_not_clickable_dropping_them_is_fine(p_specs: Specs) -> None:
    planned = _plan(p_specs(), "p.caption", f"Lees {URL} nu.", FakeRewriter("Lees het nu."))
    assert planned.text == "Lees het nu."
    assert planned.links == [URL]


def test_count_tokens_is_exact_and_offline() -> None:
    assert count_tokens("") == 0
    assert count_tokens("hello world") == 2  # cl100k_base
    assert count_tokens("<|endoftext|>") > 1  # special tokens are plain text here


def test_tokeniser_loads_without_network_in_a_fresh_process(tmp_path: Path) -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "from crosspost.transforms.rewrite import count_tokens\n"
        "print(count_tokens('Wat doet een warmtepomp eigenlijk?'))\n"
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path / "empty-cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 0
