"""Read per-post results from analytics exports (CSV or XLSX) into one typed row each.

An export is untrusted input like any repository file: its size and row count are bounded, a
cell that is not a number where a number belongs is an error naming the file, row and column,
and numbers are read the way spreadsheets write them (``1,234``, ``3,2``, ``4.5%``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ResultsError
from .layouts import RESULT_FIELDS, Layout, detect, load_layouts

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}([,.\u00a0 ]\d{3})+$")
_RATES = {"completion_rate"}


@dataclass(frozen=True)
class ResultRow:
    """One post's results on one platform, as exported."""

    platform: str
    published: dt.datetime
    results: dict[str, float]
    file: str
    row: int
    layout: str
    post_id: str | None = None
    link: str | None = None
    text: str | None = None
    kind: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def read_results(path: str | Path, layouts: Sequence[Layout] | None = None) -> list[ResultRow]:
    """Every row of one export; the layout is recognised from its columns."""
    path = Path(path)
    header, rows = _table(path)
    layout = detect(header, path, layouts if layouts is not None else load_layouts())
    index = {name.strip().casefold(): i for i, name in enumerate(header)}
    return [row for number, cells in rows
            if (row := _row(layout, index, cells, path, number)) is not None]


def _table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ResultsError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if size > MAX_BYTES:
        raise ResultsError(f"file is {size} bytes; at most {MAX_BYTES} expected", path=path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix not in {".csv", ".txt", ".tsv"}:
        raise ResultsError(f"unsupported results file type {suffix!r}; expected .csv or .xlsx",
                           path=path)
    text = _decode(path.read_bytes(), path)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ResultsError("the file is empty; expected a header row", path=path) from None
    except csv.Error as exc:
        raise ResultsError(f"not a readable CSV: {exc}", path=path, line=1) from None
    return header, _csv_rows(reader, path)


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or, as some spreadsheet programs export, UTF-16."""
    try:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResultsError("not UTF-8 or UTF-16 text; export as CSV UTF-8", path=path) from None


def _csv_rows(reader: Iterator[list[str]], path: Path) -> Iterator[tuple[int, list[str]]]:
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise ResultsError(f"more than {MAX_ROWS} rows", path=path, line=number)
            if any(cell.strip() for cell in cells):
                yield number, cells
    except csv.Error as exc:
        raise ResultsError(f"not a readable CSV: {exc}", path=path, line=number + 1) from None


def _xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        import openpyxl
    except ImportError:
        raise ResultsError(
            "reading .xlsx needs openpyxl: pip install 'crosspost[evaluate]', or save the "
            "sheet as CSV", path=path) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ResultsError(f"not a readable XLSX workbook: {exc}", path=path) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)
    try:
        header = ["" if v is None else str(v) for v in next(rows)]
    except StopIteration:
        raise ResultsError("the first sheet is empty; expected a header row",
                           path=path) from None

    def cells() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(rows, start=2):
            shown = [_cell_text(v) for v in values]
            if any(shown):
                yield number, shown
        book.close()

    return header, cells()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row(layout: Layout, index: dict[str, int], cells: list[str], path: Path,
         number: int) -> ResultRow | None:
    def cell(column: str | None) -> str | None:
        if column is None:
            return None
        at = index.get(column.casefold())
        value = cells[at].strip() if at is not None and at < len(cells) else ""
        return value or None

    platform = layout.platform or (cell(layout.platform_column) or "").lower()
    if not platform:
        raise ResultsError(f"row {number}: no platform in column {layout.platform_column!r}",
                           path=path, line=number, field=layout.platform_column)
    published = parse_time(cell(layout.published), layout.time_formats, path, number,
                           layout.published)
    results: dict[str, float] = {}
    for name in RESULT_FIELDS:
        columns = layout.results.get(name)
        if not columns:
            continue
        values = [parse_number(cell(c), path, number, c) for c in columns]
        present = [v for v in values if v is not None]
        if present:
            total = sum(present)
            results[name] = total / layout.rate_scale if name in _RATES else total
    return ResultRow(
        platform=platform, published=published, results=results, file=str(path), row=number,
        layout=layout.id, post_id=cell(layout.post_id), link=cell(layout.link),
        text=cell(layout.text), kind=cell(layout.kind),
    )


def parse_number(value: str | None, path: Path, row: int, column: str) -> float | None:
    """A count or rate as spreadsheets write it; ``None`` for an empty cell."""
    if value is None or value in {"-", "--", "n/a", "N/A"}:
        return None
    text = value.replace("\u00a0", "").strip()
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    if _THOUSANDS.match(text):
        text = re.sub(r"[,.\u00a0 ]", "", text)
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # decimal comma (Dutch and German exports)
    try:
        number = float(text)
    except ValueError:
        raise ResultsError(f"row {row}, column {column!r}: {value!r} is not a number",
                           path=path, line=row, field=column) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ResultsError(f"row {row}, column {column!r}: {value!r} is not a finite number",
                           path=path, line=row, field=column)
    return number / 100 if percent else number


def parse_time(value: str | None, formats: Sequence[str], path: Path, row: int,
               column: str) -> dt.datetime:
    """A publication time: ISO 8601 first, then the layout's formats.

    Times with an offset are converted to UTC; times without one are taken as written (the
    exporting account's local time), so that one file always gives the same answer.
    """
    if value is None:
        raise ResultsError(f"row {row}: no publication time in column {column!r}",
                           path=path, line=row, field=column)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for fmt in formats:
            try:
                parsed = dt.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            expected = ", ".join(["ISO 8601", *formats])
            raise ResultsError(f"row {row}, column {column!r}: {value!r} is not a time "
                               f"({expected})", path=path, line=row, field=column) from None
    return parsed.astimezone(dt.timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed
