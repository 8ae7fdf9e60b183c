"""Time conventions: store timezone-aware UTC, reason and show in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Shanghai")


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """The office's calendar date of an aware timestamp."""
    return moment.astimezone(OFFICE_TZ).date()


def local_noon_utc(day: dt.date) -> dt.datetime:
    """Midday of an office date, in UTC: a safe timestamp for an event known only by its day."""
    return dt.datetime.combine(day, dt.time(12), OFFICE_TZ).astimezone(dt.UTC)


def show(moment: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Format a stored UTC timestamp for display in office time."""
    return "" if moment is None else moment.astimezone(OFFICE_TZ).strftime(fmt)
