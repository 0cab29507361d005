"""The `adapt` verb: plan every target of an item, and write the variants when asked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .checking import default_prober, probe_item
from .content.item import SourceItem
from .factories import empty_list
from .output.manifest import Manifest
from .planning import plan_item
from .report import Finding
from .specs.registry import SpecRegistry
from .variant.plan import VariantPlan

if TYPE_CHECKING:
    from .content.handles import HandleMap
    from .ignores import Ignores
    from .media.pixels.store import PixelStore
    from .media.prober import Prober
    from .render.renderer import Renderer
    from .transforms.rewrite import Rewriter


class Variant(BaseModel):
    """A planned variant and, once saved, its manifest."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    plan: VariantPlan
    manifest: Manifest | None = None
    folder: str | None = None

    @property
    def publishable(self) -> bool:
        return self.plan.publishable

    def __repr__(self) -> str:
        status = "publishable" if self.publishable else "not publishable"
        where = f", written to {self.folder}" if self.folder else ", not written"
        return f"<Variant {self.plan.item!r} for {self.plan.target}: {status}{where}>"

    def _repr_html_(self) -> str:
        from .html.variant_view import variant_html

        return variant_html(self)


class VariantSet(BaseModel, Mapping[str, Variant]):
    """The variants of one item: a mapping from target (`x.post`) to ``Variant``.

    A bare platform name finds its default format, as on the command line: ``variants["x"]``
    is ``variants["x.post"]``. Iterating gives the targets, like any mapping; ``values()``
    gives the variants.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    item: str
    variants: list[Variant] = Field(default_factory=empty_list)
    findings: list[Finding] = Field(
        default_factory=empty_list,
        description="Findings about the item that stop it being planned."
    )
    defaults: dict[str, str] = Field(
        default_factory=dict,
        description="The default format of each platform, for look-ups by a bare platform name.",
    )
    off: list[str] = Field(
        default_factory=empty_list,
        description="Targets of the item switched off by policy (its `disabled` list): not "
        "planned or rendered.",
    )
    _source: SourceItem | None = PrivateAttr(default=None)
    _prober: Prober | None = PrivateAttr(default=None)  # its pixels go to the renderer

    def __getstate__(self) -> dict[Any, Any]:
        """Pickled (to a worker process and back) without the prober: its kept decodes and
        locks stay in the process that planned."""
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        private["_prober"] = None
        return {**state, "__pydantic_private__": private}

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return (variant.plan.target for variant in self.variants)

    def __len__(self) -> int:
        return len(self.variants)

    def __getitem__(self, target: str) -> Variant:
        if isinstance(target, str):
            wanted = target.strip().lower()
            wanted = self.defaults.get(wanted, wanted)
            for variant in self.variants:
                if variant.plan.target == wanted:
                    return variant
        raise KeyError(target)

    @property
    def publishable(self) -> bool:
        return all(v.publishable for v in self.variants)

    def save(self, out_dir: str | Path, *, renderer: Renderer | None = None) -> VariantSet:
        """Write every variant below ``out_dir``; returns the set with manifests filled in.

        The default renderer encodes with Pillow and ffmpeg, taking the decodes the planning
        prober kept; pass ``FakeRenderer()`` to test saving without encoding."""
        from . import __version__
        from .output.save import refuse_inside_sources, save_variants
        from .render.renderer import FileRenderer

        if self._source is None:
            raise ValueError("this VariantSet has no source item to render from")
        out = Path(out_dir)
        item = self._source
        sources = [p for a in item.media for p in (a.resolved, a.captions_resolved) if p]
        posts = [Path(item.source_path)] if item.source_path else []
        refuse_inside_sources(out, sources, posts)
        manifests = save_variants([v.plan for v in self.variants], item, out,
                                  version=__version__,
                                  renderer=renderer or FileRenderer(pixels=_pixels(self._prober)))
        saved = [
            v.model_copy(update={"manifest": m, "folder": str(out / v.plan.item / v.plan.target)})
            for v, m in zip(self.variants, manifests, strict=True)
        ]
        result = self.model_copy(update={"variants": saved})
        result._source = item
        result._prober = self._prober
        return result

    def __repr__(self) -> str:
        """A line per variant at most: target and status (the HTML view holds the detail)."""
        ready = sum(v.publishable for v in self.variants)
        head = (f"<VariantSet {self.item!r}: {ready} of {len(self.variants)} variants "
                f"publishable")
        if self.findings:
            head += f", {len(self.findings)} findings about the item"
        lines = [f"  {v.plan.target}: {'publishable' if v.publishable else 'not publishable'}"
                 for v in self.variants]
        return "\n".join([head + (":" if lines else ">"), *lines]) + (">" if lines else "")

    def _repr_html_(self) -> str:
        from .html.variant_view import variant_set_html

        return variant_set_html(self)


def adapt_item(
    item: SourceItem,
    targets: Sequence[str] | None,
    specs: SpecRegistry,
    *,
    out: str | Path | None = None,
    handles: HandleMap | None = None,
    rewriter: Rewriter | None = None,
    prober: Prober | None = None,
    ignore: Ignores | Iterable[str] = (),
) -> VariantSet:
    """``adapt`` with every setting given: the step the CLI, the batch and ``Project`` share.

    A target switched off by policy is not planned: it is listed in ``VariantSet.off``."""
    prober = prober or default_prober()
    chosen = [specs.normalise(t) for t in (targets if targets is not None else item.targets)]
    probed = probe_item(item, prober)
    off = [t for t in dict.fromkeys(chosen) if not specs.enabled(t)]
    variants = [
        Variant(plan=plan_item(item, target, specs, handles=handles, rewriter=rewriter,
                               prober=prober, probed=probed, ignore=ignore))
        for target in dict.fromkeys(chosen) if target not in off
    ]
    defaults = {pid: specs.normalise(pid) for pid in {t.split(".", 1)[0] for t in chosen}}
    result = VariantSet(item=item.id, variants=variants, findings=list(probed.findings),
                        defaults=defaults, off=off)
    result._source = item
    result._prober = prober
    if out is not None:
        result = result.save(out)
    return result


def _pixels(prober: Prober | None) -> PixelStore | None:
    """The prober's pixel store, where it has one (a ``FileProber``)."""
    found = getattr(prober, "pixels", None)
    return found if found is not None and hasattr(found, "take") else None
