"""The map's data: one row per item, one column per target, a cell per variant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..report import Finding

if TYPE_CHECKING:
    from ..adapting import VariantSet
    from ..content.item import SourceItem
    from ..specs.registry import SpecRegistry
    from ..strategy.canvas import Canvas

Status = Literal["publishable", "warnings", "errors", "off"]


@dataclass(frozen=True)
class Cell:
    """One variant as the map shows it."""

    target: str
    status: Status
    text: str
    parts: int
    lengths: list[tuple[str, int, int]]  # (method, measured, limit)
    thumbnail: str | None
    thumbnail_alt: str
    findings: list[Finding]
    changes: list[str]
    sheet: str | None = None  # a video's crop path: frames with the window (JPEG data URI)


@dataclass(frozen=True)
class Row:
    item: str
    path: str | None
    language: str | None
    goal: str | None
    audience: str | None
    core_message: str | None
    call_to_action: str | None
    cells: dict[str, Cell] = field(default_factory=dict)
    campaign: str | None = None
    category: str | None = None
    publish_at: dt.datetime | None = None


@dataclass(frozen=True)
class PlatformSummary:
    platform: str
    name: str
    items: int
    formats: list[str]
    errors: int
    publishable: int
    variants: int


@dataclass(frozen=True)
class ContentMap:
    title: str
    rows: list[Row]
    columns: list[tuple[str, str, list[tuple[str, str]]]]  # (platform id, name, [(target, name)])
    summaries: list[PlatformSummary]
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    #: Campaign key -> (shown name, period), from the canvas when one is given.
    campaigns: dict[str, tuple[str, str]] = field(default_factory=dict)

    def groups(self) -> list[tuple[str | None, list[Row]]]:
        """Rows by campaign (the canvas's order, then others by key), those without last."""
        keys = list(self.campaigns) + sorted(
            {r.campaign for r in self.rows if r.campaign and r.campaign not in self.campaigns})
        grouped = [(key, [r for r in self.rows if r.campaign == key]) for key in keys]
        grouped = [(key, rows) for key, rows in grouped if rows]
        rest = [r for r in self.rows if not r.campaign]
        return grouped + ([(None, rest)] if rest else [])

    def calendar(self) -> list[tuple[str, list[list[Row]]]]:
        """Planned posts per ISO week (``2027-W09``), a list of rows per weekday, every week
        from the first to the last planned post included."""
        planned = sorted((r for r in self.rows if r.publish_at), key=lambda r: r.publish_at
                         or dt.datetime.min)
        if not planned:
            return []
        first = planned[0].publish_at.date()  # type: ignore[union-attr]
        last = planned[-1].publish_at.date()  # type: ignore[union-attr]
        monday = first - dt.timedelta(days=first.weekday())
        weeks: list[tuple[str, list[list[Row]]]] = []
        while monday <= last:
            year, week, _ = monday.isocalendar()
            days: list[list[Row]] = [[] for _ in range(7)]
            for row in planned:
                day = row.publish_at.date()  # type: ignore[union-attr]
                if monday <= day < monday + dt.timedelta(days=7):
                    days[day.weekday()].append(row)
            weeks.append((f"{year}-W{week:02d} (from {monday})", days))
            monday += dt.timedelta(days=7)
        return weeks


def status_of(findings: list[Finding]) -> Status:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "errors"
    return "warnings" if "warning" in severities else "publishable"


def build_map(
    pairs: list[tuple[SourceItem, VariantSet]],
    specs: SpecRegistry,
    *,
    variants_dir: Path | None = None,
    title: str = "Content map",
    failures: list[tuple[str, str]] | None = None,
    canvas: Canvas | None = None,
) -> ContentMap:
    """Build the map from items and their (planned or saved) variants; with a ``canvas``,
    campaigns are shown by name and period."""
    from ..specs.resolve import tiers_for

    rows: list[Row] = []
    used: dict[str, set[str]] = {}
    decoded: dict[tuple[str, float, float], Any] = {}  # one decode per source and window
    for item, variants in pairs:
        cells: dict[str, Cell] = {}
        for variant in variants.values():
            plan = variant.plan
            fmt = specs.resolve(plan.target)
            used.setdefault(fmt.platform, set()).add(plan.target)
            limits = tiers_for(fmt, specs.policy, has_media=bool(item.media)).enforced_lengths()
            lengths = [(m, plan.measured.get(m, 0), limit) for m, limit in limits.items()]
            thumb, alt = _thumbnail(item, plan, variants_dir)
            cells[plan.target] = Cell(
                target=plan.target, status=status_of(plan.findings), text=plan.parts[0],
                parts=len(plan.parts), lengths=lengths, thumbnail=thumb, thumbnail_alt=alt,
                findings=sorted(plan.findings, key=_severity_order),
                changes=[c.summary for c in plan.history],
                sheet=_sheet(item, plan, decoded),
            )
        for target in variants.off:  # switched off by policy: shown, never planned
            used.setdefault(specs.resolve(target).platform, set()).add(target)
            cells[target] = Cell(target=target, status="off", text="", parts=0, lengths=[],
                                 thumbnail=None, thumbnail_alt="", findings=[], changes=[])
        rows.append(Row(item=item.id, path=item.source_path, language=item.language,
                        goal=item.goal, audience=item.audience, core_message=item.core_message,
                        call_to_action=item.call_to_action, cells=cells,
                        campaign=item.campaign, category=item.category,
                        publish_at=item.publish_at))
    columns = []
    for pid in sorted(used):
        platform = specs.platforms[pid]
        names = [(t, platform.formats[t.split(".", 1)[1]].name) for t in sorted(used[pid])]
        columns.append((pid, platform.name, names))
    campaigns = {key: (c.name or key, str(c.period))
                 for key, c in (canvas.campaigns.items() if canvas else ())}
    return ContentMap(title=title, rows=rows, columns=columns,
                      summaries=_summaries(rows, columns), failures=list(failures or []),
                      campaigns=campaigns)


def _severity_order(finding: Finding) -> int:
    return {"error": 0, "warning": 1, "info": 2}[finding.severity]


def _summaries(rows: list[Row], columns: list[tuple[str, str, list[tuple[str, str]]]]
               ) -> list[PlatformSummary]:
    out = []
    for pid, name, targets in columns:
        cells = [row.cells[t] for row in rows for t, _ in targets
                 if t in row.cells and row.cells[t].status != "off"]
        items = sum(any(t in row.cells for t, _ in targets) for row in rows)
        formats = [fname for t, fname in targets if any(t in row.cells for row in rows)]
        out.append(PlatformSummary(
            platform=pid, name=name, items=items, formats=formats,
            errors=sum(1 for c in cells for f in c.findings if f.severity == "error"),
            publishable=sum(c.status != "errors" for c in cells), variants=len(cells),
        ))
    return out


def _sheet(item: SourceItem, plan: Any, decoded: dict[tuple[str, float, float], Any]
           ) -> str | None:
    """The contact sheet of a reframed video variant, or None (not a crop, not readable)."""
    import base64

    from ..errors import CrosspostError
    from ..html.contact_sheet import sample_frames, sheet_jpeg
    from ..variant.video_ops import VideoOp

    video = next((m for m in plan.media if m.kind == "video" and m.operations), None)
    op = video.operations[0] if video is not None else None
    if video is None or not isinstance(op, VideoOp):
        return None
    source = item.media[video.index].resolved
    if op.frame.fit != "crop" or source is None:
        return None
    key = (str(source), op.start, op.end)
    try:
        if key not in decoded:
            decoded[key] = sample_frames(source, op.frame.source_width,
                                         op.frame.source_height, op.start, op.end)
        data = sheet_jpeg(decoded[key], op.frame)
    except (CrosspostError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def _thumbnail(item: SourceItem, plan: object, variants_dir: Path | None) -> tuple[str | None, str]:
    """The rendered variant's first medium if it was saved, else the source medium."""
    from .thumbs import thumbnail

    media = getattr(plan, "media", [])
    if not media:
        return None, ""
    first = media[0]
    alt = first.alt or f"{first.kind} of {item.id}"
    if variants_dir is not None:
        from ..output.save import written_output

        rendered = written_output(variants_dir, plan, first, item)  # type: ignore[arg-type]
        if rendered is not None:
            return thumbnail(rendered, first.kind), alt
    source = item.media[first.index].resolved
    if source is None:
        return None, alt
    return thumbnail(source, first.kind), alt
