"""Administrators' calendar entries, and the running clocks they move.

A published year schedule is typed as lines (``2027-01-01 元旦`` or
``2027-10-01~2027-10-07 国庆节``). `core.deadlines.calendar.enter_year_schedule` and
`add_admin_holiday` change the calendar only; `apply_year_schedule` and
`apply_admin_holiday` also recompute the running clocks whose span reaches into the changed
days (their due dates and provisional flags), as a rule change does. Met, breached and
cancelled clocks keep their result; a supervision clock keeps the date printed on its
notice and only updates its provisional flag.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.deadlines.calendar import (
    NAME_LIMIT,
    add_admin_holiday,
    enter_year_schedule,
    load_calendar,
)
from core.deadlines.rules import OWN_DATE_RULES, is_provisional, load_rules, refresh_due
from core.errors import UserError, ValidationErrors
from core.policy import actor_name, require
from core.users import UserView
from core.validation import check_text, control_characters
from core.vocab import ClockState
from db.models import Clock

#: At most this many days in one range line of a year schedule (the longest break is 9).
MAX_RANGE_DAYS = 31
#: Years an administrator may enter (as the command line's dates): far around any office's
#: today, and inside what every date computation handles.
FIRST_YEAR, LAST_YEAR = 2000, 2100

_LINE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|～|\.\.|至|--)\s*(\d{4}-\d{2}-\d{2}))?[\s,，、:：]+(.+)$"
)


def parse_schedule(text: str, field: str = "schedule") -> dict[dt.date, str]:
    """Days and names from lines ``DATE NAME`` or ``DATE~DATE NAME`` (a range, both ends
    included). Blank lines and lines starting with # are skipped. Every bad line is
    reported at once (error.schedule_line with its number); a day listed twice too."""
    days: dict[dt.date, str] = {}
    errors = ValidationErrors()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        try:
            if match is None:
                raise ValueError(line)
            first = dt.date.fromisoformat(match[1])
            last = dt.date.fromisoformat(match[2]) if match[2] else first
        except ValueError:
            errors.add("error.schedule_line", field, line=number, text=line)
            continue
        name = match[3].strip()
        problem = check_text(name, NAME_LIMIT)
        if problem == "error.control_character":
            chars = control_characters(name)
            errors.add("error.schedule_name_control", field, line=number, chars=chars)
            continue
        if problem:
            errors.add("error.schedule_name_too_long", field, line=number, limit=NAME_LIMIT)
            continue
        span = (last - first).days
        if span < 0 or span >= MAX_RANGE_DAYS:
            errors.add("error.schedule_range", field, line=number, text=line, limit=MAX_RANGE_DAYS)
            continue
        for offset in range(span + 1):
            day = first + dt.timedelta(days=offset)
            if day in days:
                errors.add("error.schedule_day_twice", field, line=number, day=day.isoformat())
                break
            days[day] = name
    errors.raise_if_any()
    return days


# --- calendar changes that move running clocks --------------------------------------------


def apply_year_schedule(
    session: Session,
    year: int,
    holidays: dict[dt.date, str],
    workdays: dict[dt.date, str],
    actor: UserView,
) -> int:
    """Enter a year's published schedule, then recompute the running clocks that reach
    into it. Returns how many were recomputed."""
    require(actor, "deadlines.calendar")
    _check_year(year)
    enter_year_schedule(session, year, holidays, workdays, actor_name(actor))
    return recompute_running_clocks(session, dt.date(year, 1, 1), dt.date(year, 12, 31))


def apply_admin_holiday(session: Session, day: dt.date, name: str, actor: UserView) -> int:
    """Add one holiday, then recompute the running clocks that reach that day."""
    require(actor, "deadlines.calendar")
    _check_year(day.year)
    add_admin_holiday(session, day, name, actor_name(actor))
    return recompute_running_clocks(session, day, day)


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserError("error.calendar_year_range", field="year", low=FIRST_YEAR, high=LAST_YEAR)


def recompute_running_clocks(session: Session, first: dt.date, last: dt.date) -> int:
    """Due date and provisional flag of every running clock whose span (start to due)
    reaches the days from `first` to `last`, under the calendar as it now stands."""
    session.flush()
    calendar, rules = load_calendar(session), load_rules(session)
    clocks = session.scalars(
        select(Clock).where(
            Clock.state == ClockState.RUNNING,
            Clock.started_on <= last,
            Clock.due_on >= first,
        )
    ).all()
    for clock in clocks:
        if clock.supervision_notice_id is not None or clock.rule_key in OWN_DATE_RULES:
            clock.provisional = is_provisional(clock.started_on, clock.due_on, calendar)
        else:
            refresh_due(clock, rules[clock.rule_key], calendar)
    session.flush()
    return len(clocks)
