"""China's official working-day calendar, kept in our own tables (BRIEF §7).

`calendar_days` lists only the exceptions to the Monday–Friday rule: holidays that fall on
weekdays and make-up working days (调休) that fall on weekends. `calendar_years` says which
years hold a verified official schedule; any other year is answered from weekends plus the
holidays an administrator entered, and dates in it are provisional.

The rows are seeded from `chinesecalendar` (2004–2026 at version 1.11); later years are
entered by an administrator when the State Council publishes them (usually in November).
`WorkingCalendar` is the in-memory view used by every computation: load it once per
request with `load_calendar`, never per day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

import numpy as np
from chinese_calendar import constants as official
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.errors import UserError
from core.timeutil import now_utc
from core.validation import checked_text
from core.vocab import CalendarSource
from db.models import CalendarDay, CalendarYear
from db.stamped import cached

SATURDAY = 5
#: A day's name (`CalendarDay.name`).
NAME_LIMIT = 64

#: chinesecalendar names its holidays in English; the console shows the official Chinese.
_HOLIDAY_NAMES_ZH = {holiday.value: holiday.chinese for holiday in official.Holiday}
_HOLIDAY_NAMES_ZH["Anti-Fascist 70th Day"] = "抗战胜利70周年纪念日"


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= SATURDAY


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are worked, from the exceptions to the Monday–Friday rule.

    `holidays` are listed non-working weekdays (statutory holidays), `workdays` listed
    working weekend days (调休), `names` their official names, `verified_years` the years
    whose official schedule is complete.
    """

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    verified_years: frozenset[int]
    names: Mapping[dt.date, str] = field(default_factory=dict)

    def is_working(self, day: dt.date) -> bool:
        if is_weekend(day):
            return day in self.workdays
        return day not in self.holidays

    def is_holiday(self, day: dt.date) -> bool:
        """A statutory holiday: a listed day off on a weekday (not an ordinary weekend)."""
        return day in self.holidays

    def year_verified(self, year: int) -> bool:
        return year in self.verified_years

    def working_flags(self, first: dt.date, last: dt.date) -> np.ndarray:
        """One boolean per day from `first` to `last` inclusive: is it a working day?"""
        ordinals = np.arange(first.toordinal(), last.toordinal() + 1)
        # date.toordinal() of a Monday is 1 mod 7, so weekday = (ordinal - 1) % 7.
        flags = (ordinals - 1) % 7 < SATURDAY
        for day in self.holidays:
            if first <= day <= last:
                flags[day.toordinal() - ordinals[0]] = False
        for day in self.workdays:
            if first <= day <= last:
                flags[day.toordinal() - ordinals[0]] = True
        return flags


@cache
def official_calendar() -> WorkingCalendar:
    """The calendar straight from `chinesecalendar`, for callers without a database."""
    holidays = {d: n for d, n in official.holidays.items() if not is_weekend(d)}
    workdays = {d: n for d, n in official.workdays.items() if is_weekend(d)}
    names = {d: _HOLIDAY_NAMES_ZH.get(n, n) for d, n in {**holidays, **workdays}.items()}
    return WorkingCalendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        verified_years=frozenset(official_years()),
        names=names,
    )


def official_years() -> range:
    """The years `chinesecalendar` covers (its holiday table starts and ends with them)."""
    return range(min(official.holidays).year, max(official.holidays).year + 1)


#: Changes whenever `calendar_days` or `calendar_years` do (`db.stamped`).
_CALENDAR_STAMP = select(
    select(func.count()).select_from(CalendarDay).scalar_subquery(),
    select(func.count()).select_from(CalendarDay).where(CalendarDay.is_working).scalar_subquery(),
    select(func.count()).select_from(CalendarYear).scalar_subquery(),
    select(func.count()).select_from(CalendarYear).where(CalendarYear.verified).scalar_subquery(),
    select(func.max(CalendarYear.updated_at)).scalar_subquery(),
)


def load_calendar(session: Session) -> WorkingCalendar:
    """The calendar as the database holds it (kept in memory until it changes)."""
    return cached(session, "calendar", _CALENDAR_STAMP, _read_calendar)


def _read_calendar(session: Session) -> WorkingCalendar:
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    names: dict[dt.date, str] = {}
    for day, is_working, name in session.execute(
        select(CalendarDay.day, CalendarDay.is_working, CalendarDay.name)
    ):
        (workdays if is_working else holidays).add(day)
        names[day] = name
    verified = session.scalars(select(CalendarYear.year).where(CalendarYear.verified))
    return WorkingCalendar(
        frozenset(holidays), frozenset(workdays), frozenset(verified), MappingProxyType(names)
    )


def seed_official_calendar(session: Session, recorded_by: str = "system") -> int:
    """Fill the official years from `chinesecalendar`; idempotent. Returns years added.

    A year an administrator already entered or verified is left alone.
    """
    known = set(session.scalars(select(CalendarYear.year)))
    calendar = official_calendar()
    added = [year for year in official_years() if year not in known]
    for year in added:
        in_year = [d for d in calendar.holidays | calendar.workdays if d.year == year]
        _write_year(
            session,
            year,
            {d: calendar.names[d] for d in in_year if d in calendar.holidays},
            {d: calendar.names[d] for d in in_year if d in calendar.workdays},
            CalendarSource.OFFICIAL,
            recorded_by,
        )
    return len(added)


def enter_year_schedule(
    session: Session,
    year: int,
    holidays: Mapping[dt.date, str],
    workdays: Mapping[dt.date, str],
    recorded_by: str,
) -> None:
    """Replace a year's schedule with the published one and mark the year verified.

    `holidays` may list the whole break as the State Council notice does (weekend days
    included) and `workdays` the make-up days; only the exceptions to Monday–Friday are
    stored, since the others change nothing.
    """
    for day in (*holidays, *workdays):
        if day.year != year:
            raise UserError("error.calendar_day_outside_year", field="day", day=day, year=year)
    if set(holidays) & set(workdays):
        raise UserError("error.calendar_day_both", field="day")
    holidays = {d: _day_name(n) for d, n in holidays.items()}
    workdays = {d: _day_name(n) for d, n in workdays.items()}
    _write_year(
        session,
        year,
        {d: n for d, n in holidays.items() if not is_weekend(d)},
        {d: n for d, n in workdays.items() if is_weekend(d)},
        CalendarSource.ADMIN,
        recorded_by,
    )


def add_admin_holiday(session: Session, day: dt.date, name: str, recorded_by: str) -> None:
    """Add one day off (e.g. a holiday announced early) without verifying its year."""
    name = _day_name(name)
    if is_weekend(day):
        raise UserError("error.calendar_holiday_on_weekend", field="day", day=day)
    row = session.get(CalendarDay, day)
    if row is None:
        session.add(CalendarDay(day=day, is_working=False, name=name, source=CalendarSource.ADMIN))
    else:
        row.is_working, row.name, row.source = False, name, CalendarSource.ADMIN
    year = session.get(CalendarYear, day.year)
    if year is None:
        session.add(
            CalendarYear(
                year=day.year,
                verified=False,
                source=CalendarSource.ADMIN,
                updated_at=now_utc(),
                updated_by=recorded_by,
            )
        )
    else:  # the year's schedule changed: its stamp says so (`load_calendar`)
        year.updated_at, year.updated_by = now_utc(), recorded_by


def _day_name(name: str) -> str:
    """A holiday's or make-up day's name as typed, stripped; blank, control characters or
    over `NAME_LIMIT` are refused before anything is written."""
    return checked_text(
        name, "name", NAME_LIMIT, required=True, required_key="error.calendar_name_required"
    )


def _write_year(
    session: Session,
    year: int,
    holidays: Mapping[dt.date, str],
    workdays: Mapping[dt.date, str],
    source: CalendarSource,
    recorded_by: str,
) -> None:
    session.execute(
        delete(CalendarDay).where(
            CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31)
        )
    )
    session.add_all(
        [CalendarDay(day=d, is_working=False, name=n, source=source) for d, n in holidays.items()]
        + [CalendarDay(day=d, is_working=True, name=n, source=source) for d, n in workdays.items()]
    )
    row = session.get(CalendarYear, year)
    if row is None:
        session.add(
            CalendarYear(
                year=year,
                verified=True,
                source=source,
                updated_at=now_utc(),
                updated_by=recorded_by,
            )
        )
    else:
        row.verified, row.source, row.updated_at, row.updated_by = (
            True,
            source,
            now_utc(),
            recorded_by,
        )
