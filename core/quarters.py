"""Quarters (``2026Q3``): the period bonuses are paid and bulletins are published for.

The one home of the quarter vocabulary: parsing, the quarter of a day or a stored moment,
its first and last day, the next one, and the quarters a page offers. Pages show a quarter
through `console.i18n.quarter_label` (``2026年第3季度``); files and settings keep the code.
"""

from __future__ import annotations

import datetime as dt
import re

from core.errors import UserError
from core.timeutil import OFFICE_TZ, local_date

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(quarter: str) -> tuple[int, int]:
    """(year, number) of ``2026Q3`` (spaces and a lower-case q forgiven); else a UserError."""
    match = _QUARTER.match((quarter or "").strip().upper())
    if match is None:
        raise UserError("error.quarter_format", "quarter", quarter=quarter)
    return int(match[1]), int(match[2])


def quarter_of_date(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_of(moment: dt.datetime) -> str:
    """The office-time quarter of a stored (UTC) timestamp."""
    return quarter_of_date(local_date(moment))


def quarter_first_day(quarter: str) -> dt.date:
    year, q = parse_quarter(quarter)
    return dt.date(year, 3 * q - 2, 1)


def next_quarter(quarter: str) -> str:
    year, q = parse_quarter(quarter)
    return f"{year + q // 4}Q{q % 4 + 1}"


def quarter_last_day(quarter: str) -> dt.date:
    return quarter_first_day(next_quarter(quarter)) - dt.timedelta(days=1)


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    return quarter_first_day(quarter), quarter_last_day(quarter)


def quarter_span_utc(quarter: str) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the quarter in office time, as aware timestamps for SQL comparisons."""

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), OFFICE_TZ).astimezone(dt.UTC)

    return midnight(quarter_first_day(quarter)), midnight(quarter_first_day(next_quarter(quarter)))


def quarters_back(today: dt.date, count: int) -> list[str]:
    """Today's quarter and the `count - 1` before it, newest first."""
    index = today.year * 4 + (today.month - 1) // 3
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index, index - count, -1)]
