"""Warning lights in SQL: a clock's colour on one day as a comparison of its due date.

`core.deadlines.colours` colours clocks in numpy; this module gives the same answer inside a
query, so lists can filter, count, sort and page by colour without fetching every clock.

For one `today`, a running clock that is not overdue is red when its due date falls before
a date that depends only on its start date and day basis, and yellow likewise: the "working
days left" thresholds are the dates N working days after today, and "share used" turns into
"due before some date" once the start date is fixed (a later due date means a smaller share
used and more days left, so the colour only gets milder). `light_dates` works those dates
out once per request, with the calendar, for every start date of the open clocks, by
running `measure_clocks` itself over start × due; `clock_code` is the SQL CASE that compares
a clock's due date with them (0 green, 1 yellow, 2 red, 3 overdue, as `COLOUR_ORDER`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from sqlalchemy import (
    Column,
    Date,
    MetaData,
    String,
    Table,
    bindparam,
    case,
    column,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.deadlines.calendar import WorkingCalendar
from core.deadlines.colours import COLOUR_ORDER, Colour, Thresholds, measure_clocks
from core.vocab import DayBasis
from db.models import Clock

OVERDUE_CODE = COLOUR_ORDER.index(Colour.OVERDUE)
RED_CODE = COLOUR_ORDER.index(Colour.RED)
YELLOW_CODE = COLOUR_ORDER.index(Colour.YELLOW)


@dataclass(frozen=True)
class LightDates:
    """Per start date and basis: a clock due before `red_before` is red, before
    `yellow_before` yellow (when not overdue). `rows` are (started_on, basis value,
    red_before, yellow_before)."""

    today: dt.date
    rows: tuple[tuple[dt.date, str, dt.date, dt.date], ...]
    #: SQLite: the rows sit in a keyed temporary table (a table in the query would be scanned
    #: once per clock there); PostgreSQL hashes the rows of `unnest` over four arrays.
    in_temp_table: bool = False

    def table(self):
        """The dates as a table with the columns of `LIGHTS`: on PostgreSQL the rows of four
        arrays (unnest), on SQLite the temporary table filled by `load_light_dates`."""
        if self.in_temp_table:
            return LIGHTS
        rows = self.rows or ((self.today, DayBasis.WORKING.value, self.today, self.today),)
        # four array parameters: the statement's shape, and so its compiled form, stays
        # the same whatever the dates (hundreds of VALUES bind parameters took longer to
        # compile than the query takes to run)
        starts, bases, reds, yellows = (list(c) for c in zip(*rows, strict=True))
        return (
            func.unnest(
                bindparam("lights_start", starts, type_=ARRAY(Date)),
                bindparam("lights_basis", bases, type_=ARRAY(String)),
                bindparam("lights_red", reds, type_=ARRAY(Date)),
                bindparam("lights_yellow", yellows, type_=ARRAY(Date)),
            )
            .table_valued(
                column("started_on", Date),
                column("basis", String),
                column("red_before", Date),
                column("yellow_before", Date),
            )
            .render_derived(name="lights")
        )


def light_dates(
    today: dt.date,
    calendar: WorkingCalendar,
    thresholds: Thresholds,
    first_start: dt.date | None,
    last_due: dt.date | None,
) -> LightDates:
    """The red / yellow due-date limits for clocks started `first_start`..today."""
    if first_start is None or last_due is None or first_start > today:
        return LightDates(today, ())
    t = today.toordinal()
    starts = np.arange(first_start.toordinal(), t + 1, dtype=np.int64)
    # one day past the last due date: there every clock is as mild as it gets
    dues = np.arange(t, max(last_due.toordinal(), t) + 2, dtype=np.int64)
    rows = []
    for working in (True, False):
        s_grid, d_grid = np.meshgrid(starts, dues, indexing="ij")
        codes = measure_clocks(
            s_grid.ravel(),
            d_grid.ravel(),
            np.full(s_grid.size, working),
            today,
            calendar,
            thresholds,
        ).codes.reshape(s_grid.shape)
        red = codes >= RED_CODE
        yellow = codes >= YELLOW_CODE
        # the colour gets milder as the due date moves later: count the leading run
        red_n = _leading(red)
        yellow_n = _leading(yellow)
        for i, start in enumerate(starts):
            rows.append(
                (
                    dt.date.fromordinal(int(start)),
                    (DayBasis.WORKING if working else DayBasis.CALENDAR).value,
                    dt.date.fromordinal(t + int(red_n[i])),
                    dt.date.fromordinal(t + int(yellow_n[i])),
                )
            )
    return LightDates(today, tuple(rows))


def _leading(flags: np.ndarray) -> np.ndarray:
    """Per row, how many leading True values (and check none follow a False)."""
    n = np.argmin(flags, axis=1)
    n = np.where(flags.all(axis=1), flags.shape[1], n)
    if int(flags.sum()) != int(n.sum()):
        raise AssertionError("warning colours are not monotonic in the due date")
    return n


#: SQLite's per-connection temporary table of the light dates (see `LightDates`).
LIGHTS = Table(
    "light_dates",
    MetaData(),
    Column("started_on", Date, primary_key=True),
    Column("basis", String(16), primary_key=True),
    Column("red_before", Date),
    Column("yellow_before", Date),
    prefixes=["TEMPORARY"],
)


def load_light_dates(
    session: Session,
    today: dt.date,
    calendar: WorkingCalendar,
    thresholds: Thresholds,
    open_condition: ColumnElement[bool],
) -> LightDates:
    """`light_dates` for the clocks matching `open_condition` (one small aggregate)."""
    first, last = session.execute(
        select(func.min(Clock.started_on), func.max(Clock.due_on)).where(open_condition)
    ).one()
    lights = light_dates(today, calendar, thresholds, first, last)
    if session.get_bind().dialect.name != "sqlite":
        return lights
    connection = session.connection()
    LIGHTS.create(connection, checkfirst=True)
    connection.execute(LIGHTS.delete())
    if lights.rows:
        keys = ["started_on", "basis", "red_before", "yellow_before"]
        connection.execute(LIGHTS.insert(), [dict(zip(keys, r, strict=True)) for r in lights.rows])
    return LightDates(today, lights.rows, in_temp_table=True)


def clock_code(lights, today: dt.date) -> ColumnElement[int]:
    """SQL: the colour code (0–3) of a clock joined to `lights` (see `join_lights`)."""
    return case(
        (Clock.due_on < today, literal(OVERDUE_CODE)),
        (Clock.due_on < lights.c.red_before, literal(RED_CODE)),
        (Clock.due_on < lights.c.yellow_before, literal(YELLOW_CODE)),
        else_=literal(0),
    )


def lights_join_condition(lights) -> ColumnElement[bool]:
    return (lights.c.started_on == Clock.started_on) & (lights.c.basis == Clock.basis)
