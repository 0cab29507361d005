"""The notebook view of a post (``SourceItem._repr_html_``): what crosspost read from it.

Its targets, the text and each override, every medium with its alt text and subtitles (images
as a small thumbnail), the canvas fields and the rules it switches off with the reasons. A
view must never fail over a missing or odd file: a medium that cannot be read is listed
without a picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .components import esc, style_tag

if TYPE_CHECKING:
    from crosspost.content.item import MediaAsset, SourceItem

CSS = """
.cp-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0;padding:.5rem;
  background:#f6f8fa;border-radius:6px}
.cp-media{display:flex;gap:.75rem;align-items:flex-start;flex-wrap:wrap;margin:.5rem 0;
  padding:.5rem 0;border-top:1px solid #eaeef2}
.cp-media img{border:1px solid #d0d7de;border-radius:4px;max-width:100%;height:auto}
.cp-media figcaption{flex:1 1 12rem;font-size:.85rem}
"""

CANVAS_FIELDS = ("goal", "audience", "core_message", "call_to_action", "campaign", "category",
                 "publish_at")


def item_html(item: SourceItem) -> str:
    parts = []
    facts = [("Targets", ", ".join(item.targets) or "none (the configuration's, or --target)")]
    if item.language:
        facts.append(("Language", item.language))
    facts += [(name.replace("_", " ").capitalize(), str(getattr(item, name)))
              for name in CANVAS_FIELDS if getattr(item, name, None) is not None]
    if item.ai_generated:
        facts.append(("AI-generated", f"yes, approved by {item.approved_by or 'nobody yet'}"))
    parts.append('<dl class="cp-meta">' + "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts) + "</dl>")
    if item.title:
        parts.append(f"<p><strong>Title:</strong> {esc(item.title)}</p>")
    parts.append(f'<div class="cp-text">{esc(item.text)}</div>')
    for target, text in item.overrides.items():
        parts.append(f"<p>For <code>{esc(target)}</code>:</p><div class=\"cp-text\">"
                     f"{esc(text)}</div>")
    parts += [_medium(asset) for asset in item.media]
    if item.ignore:
        from crosspost.ignore_scope import scopes

        rows = "".join(
            f"<li><code>{esc(rule)}</code>{esc(_scope_text(s.targets))}: {esc(s.reason)}</li>"
            for rule, value in item.ignore.items() for s in scopes(value))
        parts.append(f"<p>Rules switched off:</p><ul>{rows}</ul>")
    where = (f' <span class="cp-path">{esc(item.source_path)}</span>'
             if item.source_path else "")
    return (f'<div class="cp-report">{style_tag()}<style>{CSS}</style>'
            f"<header><h3>Post {esc(item.id)}{where}</h3></header>{''.join(parts)}</div>")


def _scope_text(targets: list[str]) -> str:
    return f" (for {', '.join(targets)})" if targets else ""


def _medium(asset: MediaAsset) -> str:
    rows = [("File", asset.path), ("Kind", asset.kind)]
    rows.append(("Alt text", asset.alt or "none"))
    if asset.captions:
        rows.append(("Subtitles", asset.captions))
    if asset.trim:
        rows.append(("Trim", f"{asset.trim[0]:g}-{asset.trim[1]:g} s"))
    picture = _thumbnail(asset) if asset.kind == "image" else ""
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return (f'<figure class="cp-media">{picture}<figcaption><dl class="cp-meta">{facts}</dl>'
            "</figcaption></figure>")


def _thumbnail(asset: MediaAsset) -> str:
    try:
        import io

        from .preview import data_uri, thumbnail_of

        thumb = thumbnail_of(asset.resolved)
        if thumb is None:
            return ""
        buffer = io.BytesIO()
        thumb.convert("RGB").save(buffer, "PNG")
    except Exception:  # no picture rather than no view
        return ""
    return f'<img src="{esc(data_uri(buffer.getvalue()))}" alt="{esc(asset.alt or asset.path)}">'
