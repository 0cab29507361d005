"""Notebook views of plans and variants (``VariantPlan``/``Variant``/``VariantSet._repr_html_``).

One card per target: status, the text or thread parts, each medium with a small picture of its
plan (the source with the crop or pad box, the safe area and the focal point drawn on it), the
output size and format, and, once saved, the bytes written and the JPEG quality chosen; then the
history and the findings. Same rules as the report view: inline CSS, no scripts, every value
escaped, meaning carried by words; pictures are inline PNGs with alt text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosspost.grouping import status_of
from crosspost.variant.ops import CoverOp, ImageOp, UnusableOp, VideoOp
from crosspost.variant.plan import MediaPlan, VariantPlan

from .components import badge, esc, finding_block, style_tag

if TYPE_CHECKING:
    from crosspost.adapting import Variant, VariantSet
    from crosspost.content.item import SourceItem
    from crosspost.output.manifest import Manifest

CSS = """
.cp-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0;padding:.5rem;
  background:#f6f8fa;border-radius:6px}
.cp-parts{margin:.4rem 0;padding-left:1.5rem}
.cp-media{display:flex;gap:.75rem;align-items:flex-start;flex-wrap:wrap;margin:.5rem 0;
  padding:.5rem 0;border-top:1px solid #eaeef2}
.cp-media img{border:1px solid #d0d7de;border-radius:4px;max-width:100%;height:auto}
.cp-media figcaption{flex:1 1 12rem;font-size:.85rem}
.cp-history{margin:.25rem 0;padding-left:1.25rem;font-size:.9rem}
.cp-legend{color:#424a53;font-size:.8rem}
"""
STRIP_FRAMES = 6
STRIP_EDGE = 96  # long side of each frame of the strip, and half the cover's


def plan_html(plan: VariantPlan) -> str:
    """A whole card for one plan (nothing rendered yet), naming its item."""
    return _wrap(_card(plan, None, None, None, 3, tag="div"))


def variant_html(variant: Variant) -> str:
    """A whole card for one variant; once saved, with what was written."""
    folder = Path(variant.folder) if variant.folder else None
    return _wrap(_card(variant.plan, variant.manifest, folder, None, 3, tag="div"))


def variant_set_html(variants: VariantSet) -> str:
    """Every variant of one item, with the item's own findings first."""
    source: SourceItem | None = getattr(variants, "_source", None)
    cards = "".join(
        _card(v.plan, v.manifest, Path(v.folder) if v.folder else None, source, 4)
        for v in variants.variants
    )
    findings = "".join(finding_block(f) for f in variants.findings)
    item_findings = f'<ul class="cp-findings">{findings}</ul>' if findings else ""
    ready = sum(v.publishable for v in variants.variants)
    summary = f"{ready} of {len(variants.variants)} variants publishable"
    return _wrap(
        f"<header><h3>Item {esc(variants.item)}</h3>"
        f'<p class="cp-summary">{esc(summary)}</p></header>{item_findings}'
        f'<ul class="cp-cards">{cards}</ul>'
    )


def _wrap(body: str) -> str:
    return f'<div class="cp-report">{style_tag()}<style>{CSS}</style>{body}</div>'


def _card(plan: VariantPlan, manifest: Manifest | None, folder: Path | None,
          source: SourceItem | None, level: int, tag: str = "li") -> str:
    """The card of one target; ``tag="div"`` for a card shown alone (its own list item in a
    set), which also names the item it belongs to."""
    status = status_of(tuple(plan.findings))
    parts = [_text(plan)]
    parts += [_media(plan, m, manifest, folder, source) for m in plan.media]
    sub = level + 1
    if plan.history:
        steps = "".join(f"<li>{esc(c.summary)}</li>" for c in plan.history)
        parts.append(f'<h{sub}>What changed</h{sub}><ol class="cp-history">{steps}</ol>')
    if plan.findings:
        blocks = "".join(finding_block(f) for f in plan.findings)
        parts.append(f'<h{sub}>Findings</h{sub}><ul class="cp-findings">{blocks}</ul>')
    else:
        parts.append('<p class="cp-none">No findings.</p>')
    where = f" <span class=\"cp-path\">{esc(folder)}</span>" if folder else ""
    title = esc(plan.target) if tag == "li" else f"{esc(plan.item)} for {esc(plan.target)}"
    return (
        f'<{tag} class="cp-card cp-card--{status}"><div class="cp-card-head">'
        f"<h{level}>{title}{where}</h{level}>{badge(status)}</div>"
        f"{''.join(parts)}</{tag}>"
    )


def _text(plan: VariantPlan) -> str:
    out = []
    if plan.title:
        out.append(f"<p><strong>Title:</strong> {esc(plan.title)}</p>")
    if plan.thread:
        items = "".join(f'<li><div class="cp-text">{esc(p)}</div></li>' for p in plan.thread)
        out.append(f"<p>Thread of {len(plan.thread)} parts:</p>"
                   f'<ol class="cp-parts">{items}</ol>')
    else:
        out.append(f'<div class="cp-text">{esc(plan.text)}</div>')
    if plan.first_comment:
        out.append(f'<p>First comment:</p><div class="cp-text">{esc(plan.first_comment)}</div>')
    if plan.links:
        out.append(f"<p>Links taken out of the text: {esc(', '.join(plan.links))}</p>")
    return "".join(out)


def _media(plan: VariantPlan, media: MediaPlan, manifest: Manifest | None,
           folder: Path | None, source: SourceItem | None) -> str:
    op = media.operations[0] if media.operations else None
    rows = [("Source", media.source), ("Output", media.output)]
    picture = ""
    if isinstance(op, ImageOp):
        picture = _picture(plan, media, op, source)
        rows += _image_rows(op)
    elif isinstance(op, VideoOp):
        written = _written_file(media, manifest, folder)
        picture = _sheet(plan, media, op, source)
        if written is not None:
            picture += _strip(written, media)
        rows += _video_rows(plan, media)
    elif isinstance(op, UnusableOp):
        rows.append(("Operation", f"none: {op.reason}"))
    elif isinstance(op, CoverOp):
        written = _written_file(media, manifest, folder)
        picture = _cover(written, plan, media) if written is not None else ""
        when = f"at {op.at:.1f} s" if op.at is not None else (
            f"the sharpest well-exposed frame between {op.start:.1f} and {op.end:.1f} s")
        rows.append(("Cover", f"a still in this framing: {when}"
                     + ("" if written is not None else "; chosen when rendered")))
    else:
        rows.append(("Operation", op.op if op is not None else "copy"))
    rows += _written(media, manifest, folder)
    if media.alt:
        rows.append(("Alt text", media.alt))
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return (f'<figure class="cp-media">{picture}<figcaption>'
            f'<dl class="cp-meta">{facts}</dl></figcaption></figure>')


def _image_rows(op: ImageOp) -> list[tuple[str, str]]:
    crop, size = op.crop, op.resize
    how = (f"padded on {'a blurred copy' if op.fill == 'blur' else op.fill}" if op.pad
           else "cropped" if crop != (0, 0, *op.source_size) else "whole image")
    limit = f", at most {op.max_bytes:,} bytes" if op.max_bytes else ""
    rows = [
        ("Frame", f"{how}: box {list(op.canvas)} in source pixels, focus from "
         f"{op.focus_from}"),
        ("Output size", f"{size[0]}x{size[1]} {op.format.upper()}{limit}"),
    ]
    if op.format in ("jpeg", "webp"):
        rows.append(("Quality plan", f"start at {op.quality}, never below {op.quality_floor}"))
    return rows


def _written_file(media: MediaPlan, manifest: Manifest | None,
                  folder: Path | None) -> Path | None:
    """The file written for ``media``, when the variant was saved and it is there."""
    if manifest is None or folder is None:
        return None
    if not any(f.path == media.output for f in manifest.files):
        return None
    path = folder / media.output
    return path if path.is_file() else None


def _cover(path: Path, plan: VariantPlan, media: MediaPlan) -> str:
    """The written cover, as a small inline JPEG."""
    try:
        import base64
        import io

        from PIL import Image

        with Image.open(path) as image:
            image.thumbnail((STRIP_EDGE * 2, STRIP_EDGE * 2))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=80)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
    except Exception:  # no picture rather than no view
        return ""
    alt = f"the cover of {media.source} for {plan.target}, as written"
    return (f'<div><img src="data:image/jpeg;base64,{data}" alt="{esc(alt)}">'
            '<div class="cp-legend">cover</div></div>')


def _strip(path: Path, media: MediaPlan) -> str:
    """A strip of frames of the written video, spread over its length: what will be seen."""
    try:
        import base64

        from crosspost.html.contact_sheet import sample_frames

        width, height = int(media.predicted["width"]), int(media.predicted["height"])
        duration = float(media.predicted["duration"])
        frames = sample_frames(path, width, height, 0.0, duration, count=STRIP_FRAMES)
        data = base64.b64encode(_strip_jpeg(frames)).decode("ascii")
    except Exception:  # no picture rather than no view
        return ""
    alt = f"{len(frames)} frames across {media.output}, as written"
    return (f'<div><img src="data:image/jpeg;base64,{data}" alt="{esc(alt)}">'
            '<div class="cp-legend">the written video, frame by frame</div></div>')


def _strip_jpeg(frames: list[tuple[float, Any]]) -> bytes:
    import io

    from PIL import Image, ImageDraw

    w, h = frames[0][1].size
    gap, label = 4, 14
    strip = Image.new("RGB", (len(frames) * (w + gap) + gap, h + label + 2 * gap),
                      (246, 248, 250))
    for k, (t, picture) in enumerate(frames):
        x = gap + k * (w + gap)
        strip.paste(picture, (x, gap))
        ImageDraw.Draw(strip).text((x, gap + h + 1), f"{t:.1f} s", fill=(36, 41, 47))
    out = io.BytesIO()
    strip.save(out, "JPEG", quality=75, optimize=True)
    return out.getvalue()


def _written(media: MediaPlan, manifest: Manifest | None,
             folder: Path | None) -> list[tuple[str, str]]:
    if manifest is None:
        return [("Written", "not yet (adapt with out= to render)")]
    entry = next((f for f in manifest.files if f.path == media.output), None)
    if entry is None:
        return []
    rows = [("Bytes written", f"{entry.bytes:,}")]
    quality = _quality_of(folder / media.output) if folder else None
    if quality is not None:
        rows.append(("Quality chosen", str(quality)))
    return rows


def _quality_of(path: Path) -> int | None:
    try:
        from PIL import Image

        from crosspost.render.image.encode import jpeg_quality

        with Image.open(path) as image:
            return jpeg_quality(image)
    except Exception:  # a view must not fail over a missing or odd file
        return None


def _video_rows(plan: VariantPlan, media: MediaPlan) -> list[tuple[str, str]]:
    """The reframing as the plan states it: fit, size, and per shot the window's motion."""
    change = next((c for c in plan.history if c.step == "video.reframe"
                   and c.summary.startswith(f"{media.source}:")), None)
    if change is None:
        return []
    rows = [("Frame", change.summary.removeprefix(f"{media.source}: "))]
    for n, shot in enumerate(change.detail.get("shots", []), start=1):
        inside = shot.get("subject_inside")
        seen = "" if inside is None else f", subject inside in {inside:.0%} of samples"
        rows.append((f"Shot {n}", f"{shot['start']:.1f}-{shot['end']:.1f} s: {shot['motion']}, "
                     f"{shot['salient_kept']:.0%} of the salience kept{seen}"))
    return rows


def _sheet(plan: VariantPlan, media: MediaPlan, op: VideoOp,
           source: SourceItem | None) -> str:
    """A contact sheet of the framing (frames across the trim, the window drawn)."""
    try:
        import base64

        from crosspost.html.contact_sheet import contact_sheet_jpeg

        path = None
        if source is not None and media.index < len(source.media):
            path = source.media[media.index].resolved
        path = path or plan.source_file(media.index)
        if path is None:
            return ""
        data = base64.b64encode(contact_sheet_jpeg(path, op)).decode("ascii")
    except Exception:  # no picture rather than no view
        return ""
    alt = (f"{media.source} for {plan.target}: frames across the video with the part the "
           "output shows outlined in blue")
    return (f'<div><img src="data:image/jpeg;base64,{data}" alt="{esc(alt)}">'
            '<div class="cp-legend">blue: what the output shows at that time; dimmed: '
            "cropped away</div></div>")


def _picture(plan: VariantPlan, media: MediaPlan, op: ImageOp,
             source: SourceItem | None) -> str:
    try:
        from crosspost.html.preview import (
            data_uri,
            preview_png,
            thumbnail_of,
        )

        path = None
        if source is not None and media.index < len(source.media):
            path = source.media[media.index].resolved
        path = path or plan.source_file(media.index)
        uri = data_uri(preview_png(op, thumbnail_of(path)))
    except Exception:  # no picture rather than no view
        return ""
    alt = (f"{media.source} for {plan.target}: the blue box is what the output shows, the "
           "dashed amber box the safe area, the red dot the focal point")
    return (f'<div><img src="{esc(uri)}" alt="{esc(alt)}">'
            '<div class="cp-legend">blue: output frame · amber dashes: safe area · '
            "red dot: focus</div></div>")
