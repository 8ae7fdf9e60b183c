"""Warning lights of running clocks (BRIEF §7): four levels, mildest first.

What people see (console.locales: labels; console.views.deadlines.common: colours) follows
the source documents' 红黄绿 lights, with a last-days step before red:

=============  ===========  =====================================================
stored value   light        label
=============  ===========  =====================================================
``green``      green        正常 on track
``yellow``     yellow       预警 near the limit
``red``        **orange**   临期 last days (never 紧急: that is the urgency class)
``overdue``    **red**      已超期 overdue
=============  ===========  =====================================================

The stored values stay as they were (URLs, settings keys and frames use them); only the
words and colours shown changed.

A clock turns yellow once `deadline.yellow_share` of it is used (measured on the clock's own
day basis) or only `deadline.yellow_days_left` working days are left, red likewise with the
red thresholds, and overdue the day after its due date. "Working days left" are the working
days after today up to and including the due date: a clock due today has 0 left, one due
on the next working day 1. Only running clocks have a colour; met and breached ones none.

`colour` answers for one clock; `colours` for many at once over day ordinals, with a
cumulative working-day index so counting working days between two dates costs O(1).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from core import settings
from core.deadlines.calendar import WorkingCalendar
from core.deadlines.rules import count_days
from core.vocab import DayBasis

#: pandas stores dates as datetime64; this turns days since 1970 into date ordinals.
UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class Colour(enum.StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    OVERDUE = "overdue"


COLOUR_ORDER = list(Colour)  # codes 0..3 of `colours`, mildest first


@dataclass(frozen=True)
class Thresholds:
    yellow_share: float = 0.5
    yellow_days_left: int = 3
    red_share: float = 0.8
    red_days_left: int = 1

    @classmethod
    def from_settings(cls, session: Session) -> Thresholds:
        values = settings.get_all(session)
        return cls(
            yellow_share=values["deadline.yellow_share"],
            yellow_days_left=values["deadline.yellow_days_left"],
            red_share=values["deadline.red_share"],
            red_days_left=values["deadline.red_days_left"],
        )


def colour(
    started: dt.date,
    due: dt.date,
    basis: DayBasis | str,
    today: dt.date,
    calendar: WorkingCalendar,
    thresholds: Thresholds = Thresholds(),
) -> Colour:
    """The warning colour of one running clock."""
    if today > due:
        return Colour.OVERDUE
    total = count_days(started, due, basis, calendar)
    used = count_days(started, today, basis, calendar)
    share = used / total if total else 1.0
    left = count_days(today, due, DayBasis.WORKING, calendar)
    if share >= thresholds.red_share or left <= thresholds.red_days_left:
        return Colour.RED
    if share >= thresholds.yellow_share or left <= thresholds.yellow_days_left:
        return Colour.YELLOW
    return Colour.GREEN


def to_ordinals(values) -> np.ndarray:
    """Date ordinals (`date.toordinal`) of a column of dates or datetime64 values."""
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.datetime64):
        return array.astype("datetime64[D]").astype(np.int64) + UNIX_EPOCH_ORDINAL
    return np.fromiter((d.toordinal() for d in array), dtype=np.int64, count=len(array))


class WorkingDayIndex:
    """Working days counted from a fixed first day, so any span is one subtraction."""

    def __init__(self, calendar: WorkingCalendar, first: int, last: int) -> None:
        flags = calendar.working_flags(dt.date.fromordinal(first), dt.date.fromordinal(last))
        self._first = first
        self._through = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))

    def through(self, ordinals: np.ndarray | int) -> np.ndarray:
        """Working days from the first day up to and including each ordinal."""
        return self._through[np.asarray(ordinals) - self._first + 1]


def colour_categorical(codes: np.ndarray) -> pd.Categorical:
    """Colour names from codes, ordered mildest to worst (so max() is the worst)."""
    names = [c.value for c in COLOUR_ORDER]
    return pd.Categorical.from_codes(codes, categories=names, ordered=True)


@dataclass(frozen=True)
class ClockMeasures:
    """Per clock: colour codes (index into COLOUR_ORDER), days left on its basis (negative
    once overdue), working days left, share used."""

    codes: np.ndarray
    days_left: np.ndarray
    working_days_left: np.ndarray
    share_used: np.ndarray

    def colour_labels(self) -> pd.Categorical:
        return colour_categorical(self.codes)


def measure_clocks(
    started: np.ndarray,
    due: np.ndarray,
    working_basis: np.ndarray,
    today: dt.date,
    calendar: WorkingCalendar,
    thresholds: Thresholds = Thresholds(),
) -> ClockMeasures:
    """`colour` for many running clocks at once; dates as ordinals, basis as a bool mask."""
    started, due = np.asarray(started, np.int64), np.asarray(due, np.int64)
    working_basis = np.asarray(working_basis, bool)
    t = today.toordinal()
    if len(started) == 0:
        empty = np.zeros(0, np.int64)
        return ClockMeasures(empty, empty, empty, np.zeros(0))
    index = WorkingDayIndex(calendar, min(started.min(), t), max(due.max(), t))
    w_started, w_due, w_today = index.through(started), index.through(due), index.through(t)
    until = np.minimum(due, t)
    total = np.where(working_basis, w_due - w_started, due - started)
    used = np.where(working_basis, index.through(until) - w_started, until - started)
    used = np.maximum(used, 0)
    share = np.divide(used, total, out=np.ones(len(total)), where=total > 0)
    working_left = w_due - w_today
    days_left = np.where(working_basis, working_left, due - t)

    codes = np.zeros(len(started), np.int8)
    yellow = (share >= thresholds.yellow_share) | (working_left <= thresholds.yellow_days_left)
    red = (share >= thresholds.red_share) | (working_left <= thresholds.red_days_left)
    codes[yellow] = 1
    codes[red] = 2
    codes[due < t] = 3
    return ClockMeasures(codes, days_left, np.maximum(working_left, 0), share)
