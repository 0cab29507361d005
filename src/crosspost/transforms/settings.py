"""How adapt behaves, set in the policy's `adapt:` block (defaults suit Dutch government posts)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HashtagPlacement = Literal["keep", "end", "first_comment", "auto"]


class AdaptSettings(BaseModel):
    """Choices an organisation makes about adapting; every one has a sensible default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    link_phrase: dict[str, str] = Field(
        default_factory=lambda: {"nl": "(link in bio)", "en": "(link in bio)"},
        description="Replaces a URL where links are not clickable, per language; `*` for any.",
    )
    ellipsis: str = Field(default="…", description="Marks text cut at a word boundary.")
    threads: bool = Field(
        default=True, description="Split long text into a thread where the format allows it."
    )
    thread_numbering: bool = Field(default=True, description="Add `1/3` to thread parts.")
    hashtags: HashtagPlacement = Field(
        default="auto",
        description="keep; end: move all to the end; first_comment: move trailing hashtags to a "
        "first comment; auto: first comment where the platform has that habit.",
    )
    camelcase: dict[str, str] = Field(
        default_factory=dict,
        description="Preferred spelling of hashtags for screen readers, e.g. "
        "{energietransitie: EnergieTransitie}.",
    )
    ai_label: dict[str, str] = Field(
        default_factory=lambda: {
            "nl": "Beeld gemaakt met AI.",
            "en": "Made with AI.",
        },
        description="Disclosure added to the text where the platform has no AI field, per "
        "language; `*` for any.",
    )
    token_budget: int = Field(
        default=2000, ge=1, description="Tokens an LLM rewrite may use (prompt and answer)."
    )
    encoding: str = Field(default="cl100k_base", description="tiktoken encoding for budgets.")

    def phrase(self, table: dict[str, str], language: str | None) -> str:
        primary = (language or "").split("-")[0].lower()
        return table.get(primary) or table.get("*") or next(iter(table.values()), "")
