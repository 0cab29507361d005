"""Alt text: present where required, within the platform's length."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import TargetContext
from .meta import RuleMeta

MISSING = RuleMeta("alt.missing", "Image or video without alt text",
                   "A photo or video has no alt text where it is required.",
                   "Blind and low-vision people hear the alt text instead of seeing the image; "
                   "government communication must be accessible to everyone.",
                   failing=(
                       "a photo without alt: under a policy with alt_text: {required: true}",
                   ),
                   passing=(
                       "a photo with alt: Wethouder knipt het lint door bij het nieuwe zwembad",
                   ))
TOO_LONG = RuleMeta("alt.too_long", "Alt text too long",
                    "The alt text is longer than the platform's alt text field takes.",
                    "Platforms cut or refuse long alt text; adapt cuts it at a sentence.",
                    fixable=True,
                    failing=("an alt text of 1,500 characters for instagram.feed",),
                    passing=("a two-sentence alt text for instagram.feed",))


def check_alt(ctx: TargetContext) -> Iterator[Finding]:
    from ..text import count

    accepted = set(ctx.spec.media) & {"image", "video"}
    no_field = ctx.tiers.flag("alt_text", "supported") is False
    for index, asset in enumerate(ctx.item.media):
        if asset.kind not in accepted:
            continue
        key = ("media", index, "alt")
        if no_field:  # nothing to fill in: at most a reminder, whatever the tier asks
            yield from _no_field(ctx, index, asset.path)
            continue
        if not (asset.alt or "").strip():
            for tier, required in ctx.tiers.each("alt_text", "required"):
                if required.value:
                    yield ctx.limit_finding(
                        MISSING.id, tier, required, f"{asset.path} has no alt text",
                        key=("media", index, "path"),
                    )
                    break
            continue
        blocks = dict(ctx.tiers.blocks("alt_text"))
        # adapt cuts to the enforced length (limits and policy), never to a norm: a longer
        # norm is met by that cut, a shorter one is not.
        cut_to = ctx.tiers.enforced("alt_text", "max_length")
        # Through the resolver: a conditional maximum (an account type, a publishing path)
        # applies here too; the tier's block says how the length is counted.
        for tier, maximum in ctx.tiers.each("alt_text", "max_length"):
            block = blocks.get(tier)
            method = block.count_method if block is not None else "graphemes"
            measured = count(asset.alt or "", method)
            fixable = cut_to is not None and cut_to <= maximum.value
            if measured > maximum.value:
                yield ctx.limit_finding(
                    TOO_LONG.id, tier, maximum,
                    f"alt text of {asset.path} is {measured} characters; "
                    f"at most {maximum.value} fit",
                    key=key, block=block, measured=measured, limit=maximum.value,
                    unit=method, fixable=fixable,
                )


def _no_field(ctx: TargetContext, index: int, path: str) -> Iterator[Finding]:
    """A format without an alt text field (stories): a tier that asks for alt text cannot be
    met there, so it is an info, the same for the post as for its variant (adapt drops the
    alt text there)."""
    for tier, required in ctx.tiers.each("alt_text", "required"):
        if required.value:
            yield ctx.limit_finding(
                MISSING.id, tier, required,
                f"{path}: {ctx.target} has no alt text field; say what it shows in the text",
                key=("media", index, "path"), severity="info",
            )
            return


RULES = (Rule(MISSING, "target", check_alt, also=(TOO_LONG,)),)
