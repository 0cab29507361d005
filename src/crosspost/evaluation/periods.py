"""Evaluation periods as people say them: `2027-Q1`, `2027-03`, `2027`, or two dates."""

from __future__ import annotations

import datetime as dt
import re

from ..strategy.canvas import Period

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def parse_period(text: str) -> Period:
    """``2027-Q1``, ``2027-03``, ``2027`` or ``2027-01-01..2027-02-15``; ValueError otherwise."""
    text = text.strip()
    if m := _QUARTER.match(text):
        year, quarter = int(m[1]), int(m[2])
        return Period(start=dt.date(year, 3 * quarter - 2, 1),
                      end=_month_end(year, 3 * quarter))
    if (m := _MONTH.match(text)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        return Period(start=dt.date(year, month, 1), end=_month_end(year, month))
    if m := _YEAR.match(text):
        return Period(start=dt.date(int(m[1]), 1, 1), end=dt.date(int(m[1]), 12, 31))
    if m := _RANGE.match(text):
        return Period(start=dt.date.fromisoformat(m[1]), end=dt.date.fromisoformat(m[2]))
    raise ValueError(f"{text!r} is not a period; write 2027-Q1, 2027-03, 2027 or "
                     "2027-01-01..2027-03-31")


def previous(period: Period) -> Period:
    """The period of the same kind just before: the previous month, quarter or year when
    ``period`` is one, else the same number of days."""
    start, end = period.start, period.end
    if start.day == 1 and end == _month_end(end.year, end.month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        first = dt.date(index // 12, index % 12 + 1, 1)
        last = start - dt.timedelta(days=1)
        return Period(start=first, end=last)
    length = (end - start).days + 1
    return Period(start=start - dt.timedelta(days=length), end=start - dt.timedelta(days=1))
