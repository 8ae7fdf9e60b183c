"""The deadline board's figures computed in SQL: counts by colour, due day, unit and town,
and the overdue list one page at a time (BRIEF §7).

Same answers as slicing `open_clock_board` (`colour_counts`, `due_counts`,
`overdue_by_unit`, `oldest_overdue`), without fetching every open clock: a clock's colour
is a comparison of its due date with dates worked out once per request
(`core.deadlines.lights`), and the counts are GROUP BYs. Counts are of matters, each at the
colour of its most urgent open clock. A unit's board (`unit_scope`) holds the clocks it
answers for and never a matter accusing it, as `core.deadlines.lists.scope_board`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    case,
    false,
    func,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from core.deadlines.board import (
    COLOUR_NAMES,
    INTERNAL_KINDS,
    ClockScope,
    add_measures,
    board_frame,
    board_query,
    open_on,
)
from core.deadlines.calendar import WorkingCalendar, load_calendar
from core.deadlines.clocks import PETITIONER_WINDOWS
from core.deadlines.colours import Colour, Thresholds
from core.deadlines.lights import (
    OVERDUE_CODE,
    LightDates,
    clock_code,
    lights_join_condition,
    load_light_dates,
)
from db.models import Clock, Matter, SupervisionNotice, Town, Unit

COUNT_COLUMNS = [*COLOUR_NAMES, "total"]
DUE_BUCKETS = ("overdue", "today", "tomorrow", "this_week")


def clock_filter(
    today: dt.date,
    *,
    include_windows: bool = False,
    scope: ClockScope = ClockScope.ALL,
):
    """SQL condition: the clocks a board on `today` shows (before any unit scope)."""
    condition = open_on(today)
    if not include_windows:
        condition = condition & Clock.kind.not_in(PETITIONER_WINDOWS)
    if scope is ClockScope.LEGAL:
        condition = condition & Clock.kind.not_in(INTERNAL_KINDS)
    elif scope is ClockScope.INTERNAL:
        condition = condition & Clock.kind.in_(INTERNAL_KINDS)
    return condition


def open_clocks(
    today: dt.date,
    lights: LightDates | None,
    *,
    include_windows: bool = False,
    scope: ClockScope = ClockScope.ALL,
    unit_scope: int | None = None,
) -> Select:
    """One row per open clock: clock_id, matter_id, unit_id (the notice's unit for a
    supervision clock), town_id, started_on, due_on, provisional, code (0–3; without
    `lights` only overdue is told apart: 3, else 0)."""
    table = lights.table() if lights is not None else None
    if table is not None:
        code = clock_code(table, today)
    else:
        code = case((Clock.due_on < today, literal(OVERDUE_CODE)), else_=literal(0))
    unit_id = func.coalesce(SupervisionNotice.unit_id, Matter.unit_id)
    query = (
        select(
            Clock.id.label("clock_id"),
            Clock.matter_id.label("matter_id"),
            unit_id.label("unit_id"),
            Matter.town_id.label("town_id"),
            Clock.started_on.label("started_on"),
            Clock.due_on.label("due_on"),
            Clock.provisional.label("provisional"),
            code.label("code"),
        )
        .join(Matter, Matter.id == Clock.matter_id)
        .outerjoin(SupervisionNotice, SupervisionNotice.id == Clock.supervision_notice_id)
        .where(clock_filter(today, include_windows=include_windows, scope=scope))
    )
    if table is not None:
        query = query.join(table, lights_join_condition(table))
    if unit_scope is not None:
        query = query.where(
            unit_id == unit_scope,
            or_(Matter.accused_unit_id.is_(None), Matter.accused_unit_id != unit_scope),
        )
    return query


@dataclass(frozen=True)
class BoardFigures:
    """Everything the board tab counts (matters, each at its worst colour)."""

    colours: dict[str, int]  # green, yellow, red, overdue, total
    due: dict[str, int]  # overdue, today, tomorrow, this_week
    oldest_overdue_due: dt.date | None  # due date of the clock overdue longest
    provisional_matters: int
    provisional_years: list[int]  # unverified years the provisional clocks run through
    per_unit: pd.DataFrame  # unit_id, unit_code, unit_name, COUNT_COLUMNS
    per_town: pd.DataFrame  # town_id, town_name, COUNT_COLUMNS
    overdue_by_unit: pd.DataFrame  # unit_code, unit_name, overdue_matters (most first)


def board_figures(
    session: Session,
    today: dt.date,
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
    *,
    unit_scope: int | None = None,
    scope: ClockScope = ClockScope.ALL,
    include_windows: bool = False,
) -> BoardFigures:
    """The board's counts in one statement (a UNION ALL of small GROUP BYs)."""
    calendar = calendar or load_calendar(session)
    thresholds = thresholds or Thresholds.from_settings(session)
    condition = clock_filter(today, include_windows=include_windows, scope=scope)
    lights = load_light_dates(session, today, calendar, thresholds, condition)
    bc = open_clocks(
        today, lights, include_windows=include_windows, scope=scope, unit_scope=unit_scope
    ).cte("bc")
    sunday = today + dt.timedelta(days=6 - today.weekday())

    def flag(condition):
        return func.max(case((condition, 1), else_=0))

    mm = (
        select(
            bc.c.matter_id,
            func.max(bc.c.town_id).label("town_id"),
            func.max(bc.c.code).label("mc"),
            flag(bc.c.due_on == today).label("d_today"),
            flag(bc.c.due_on == today + dt.timedelta(days=1)).label("d_tomorrow"),
            flag((bc.c.due_on >= today) & (bc.c.due_on <= sunday)).label("d_week"),
            flag(bc.c.provisional).label("prov"),
        )
        .group_by(bc.c.matter_id)
        .cte("mm")
    )
    no_int, no_day = null().cast(Integer), null().cast(Date)

    def part(name, key, mc, n, a=None, b=None, c=None, d=None, day=None):
        return [
            literal(name, String(8)).label("part"),
            key.label("key"),
            mc.label("mc"),
            n.label("n"),
            (a if a is not None else no_int).label("a"),
            (b if b is not None else no_int).label("b"),
            (c if c is not None else no_int).label("c"),
            (d if d is not None else no_int).label("d"),
            (day if day is not None else no_day).label("day"),
        ]

    district = select(
        *part(
            "all",
            no_int,
            mm.c.mc,
            func.count(),
            func.sum(mm.c.d_today),
            func.sum(mm.c.d_tomorrow),
            func.sum(mm.c.d_week),
            func.sum(mm.c.prov),
        )
    ).group_by(mm.c.mc)
    overdue_matter = case((bc.c.code == OVERDUE_CODE, bc.c.matter_id))
    per_unit = (
        select(
            *part(
                "unit",
                bc.c.unit_id,
                mm.c.mc,
                func.count(func.distinct(bc.c.matter_id)),
                func.count(func.distinct(overdue_matter)),
                day=func.min(case((bc.c.code == OVERDUE_CODE, bc.c.due_on))),
            )
        )
        .join(mm, mm.c.matter_id == bc.c.matter_id)
        .group_by(bc.c.unit_id, mm.c.mc)
    )
    per_town = select(*part("town", mm.c.town_id, mm.c.mc, func.count())).group_by(
        mm.c.town_id, mm.c.mc
    )
    start_year = func.extract("year", bc.c.started_on)
    due_year = func.extract("year", bc.c.due_on)
    provisional = (
        select(*part("prov", start_year.cast(Integer), due_year.cast(Integer), func.count()))
        .where(bc.c.provisional)
        .group_by(start_year, due_year)
    )
    rows = session.execute(district.union_all(per_unit, per_town, provisional)).all()
    return _figures(session, rows, calendar)


def _figures(session: Session, rows, calendar: WorkingCalendar) -> BoardFigures:
    colours = dict.fromkeys(COLOUR_NAMES, 0)
    due = dict.fromkeys(DUE_BUCKETS, 0)
    provisional = 0
    units: dict[int | None, dict[str, int]] = {}
    towns: dict[int, dict[str, int]] = {}
    overdue_units: dict[int | None, int] = {}
    oldest: dt.date | None = None
    years: set[int] = set()
    for part, key, mc, n, a, b, c, d, day in rows:
        if part == "all":
            colours[COLOUR_NAMES[mc]] += n
            due["today"] += a
            due["tomorrow"] += b
            due["this_week"] += c
            provisional += d
            if mc == OVERDUE_CODE:
                due["overdue"] += n
        elif part == "unit":
            units.setdefault(key, dict.fromkeys(COLOUR_NAMES, 0))[COLOUR_NAMES[mc]] += n
            if a:
                overdue_units[key] = overdue_units.get(key, 0) + a
            if day is not None:
                oldest = day if oldest is None else min(oldest, day)
        elif part == "town":
            towns.setdefault(key, dict.fromkeys(COLOUR_NAMES, 0))[COLOUR_NAMES[mc]] += n
        elif part == "prov":
            years.update(range(int(key), int(mc) + 1))
    colours["total"] = sum(colours[c] for c in COLOUR_NAMES)
    unit_rows = {
        r.id: (r.code, r.name)
        for r in session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(units)))
    }
    town_names = dict(
        session.execute(select(Town.id, Town.name).where(Town.id.in_(list(towns)))).all()
    )
    per_unit = pd.DataFrame(
        [
            {
                "unit_id": key,
                "unit_code": unit_rows.get(key, (None, None))[0],
                "unit_name": unit_rows.get(key, (None, None))[1],
                **counts,
                "total": sum(counts.values()),
            }
            for key, counts in units.items()
        ],
        columns=["unit_id", "unit_code", "unit_name", *COUNT_COLUMNS],
    )
    # the order of `colour_counts`: by unit code, the unassigned last
    per_unit = per_unit.sort_values("unit_code", na_position="last", kind="stable")
    per_town = pd.DataFrame(
        [
            {"town_id": key, "town_name": town_names.get(key), **c, "total": sum(c.values())}
            for key, c in towns.items()
        ],
        columns=["town_id", "town_name", *COUNT_COLUMNS],
    ).sort_values("town_id", kind="stable")
    overdue = pd.DataFrame(
        [
            {
                "unit_code": unit_rows.get(key, (None, None))[0],
                "unit_name": unit_rows.get(key, (None, None))[1],
                "overdue_matters": n,
            }
            for key, n in overdue_units.items()
        ],
        columns=["unit_code", "unit_name", "overdue_matters"],
    )
    overdue = overdue.sort_values(["unit_code"], na_position="last", kind="stable")
    overdue = overdue.sort_values("overdue_matters", ascending=False, kind="stable")
    return BoardFigures(
        colours=colours,
        due=due,
        oldest_overdue_due=oldest,
        provisional_matters=provisional,
        provisional_years=sorted(y for y in years if not calendar.year_verified(y)),
        per_unit=per_unit.reset_index(drop=True),
        per_town=per_town.reset_index(drop=True),
        overdue_by_unit=overdue.reset_index(drop=True),
    )


def overdue_page(
    session: Session,
    today: dt.date,
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
    *,
    unit_scope: int | None = None,
    scope: ClockScope = ClockScope.ALL,
    include_windows: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> tuple[pd.DataFrame, int]:
    """One page of the overdue matters, the one due longest ago first (each matter once, at
    its oldest overdue clock), as `open_clock_board` rows; and how many there are."""
    calendar = calendar or load_calendar(session)
    thresholds = thresholds or Thresholds.from_settings(session)
    # only overdue clocks are wanted: no light dates needed, the due date says it
    bc = (
        open_clocks(
            today,
            None,
            include_windows=include_windows,
            scope=scope,
            unit_scope=unit_scope,
        )
        .where(Clock.due_on < today)
        .add_columns(
            func.row_number()
            .over(partition_by=Clock.matter_id, order_by=(Clock.due_on, Clock.id))
            .label("nth")
        )
        .subquery("bc")
    )
    first = (
        select(bc.c.clock_id, bc.c.matter_id, bc.c.due_on).where(bc.c.nth == 1).subquery("first")
    )
    total = session.scalar(select(func.count()).select_from(first))
    ids = list(
        session.scalars(
            select(first.c.clock_id)
            .order_by(first.c.due_on, first.c.matter_id)
            .limit(page_size)
            .offset(max(page - 1, 0) * page_size)
        )
    )
    frame = board_frame(
        session.execute(
            board_query(today, include_windows=include_windows).where(Clock.id.in_(ids))
        ).all()
    )
    frame = add_measures(frame, today, calendar, thresholds)
    order = {clock_id: i for i, clock_id in enumerate(ids)}
    frame = frame.assign(_o=frame["clock_id"].map(order)).sort_values("_o")
    return frame.drop(columns="_o").reset_index(drop=True), int(total or 0)


# --- the drill-down: the clocks behind a count, one page at a time ------------------------


@dataclass(frozen=True)
class DrillFilters:
    """What the drill-down narrows to: `colour` matches the matter's colour (its most urgent
    clock on the board, as the counts do), `due` is overdue / today / tomorrow / this_week
    and matches the clock itself."""

    colour: str | None = None
    unit_code: str | None = None
    town_id: int | None = None
    due: str | None = None


@dataclass(frozen=True)
class DrillPage:
    """One page of the clocks matching the filters (`open_clock_board` rows, `matter_colour`
    over the board's clocks of the matter), how many matters and clocks match, the page
    shown (clamped to the pages there are) and the number of pages."""

    rows: pd.DataFrame
    matters: int
    clocks: int
    page: int
    pages: int


def drill_page(
    session: Session,
    today: dt.date,
    filters: DrillFilters = DrillFilters(),
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
    *,
    unit_scope: int | None = None,
    scope: ClockScope = ClockScope.ALL,
    include_windows: bool = False,
    page: int = 1,
    page_size: int = 50,
) -> DrillPage:
    """`drill_down` of the (unit-scoped) board, filtered, counted, sorted (due date, matter,
    clock) and paged in SQL: one page of rows is fetched, never the board."""
    calendar = calendar or load_calendar(session)
    thresholds = thresholds or Thresholds.from_settings(session)
    condition = clock_filter(today, include_windows=include_windows, scope=scope)
    lights = load_light_dates(session, today, calendar, thresholds, condition)
    bc = open_clocks(
        today, lights, include_windows=include_windows, scope=scope, unit_scope=unit_scope
    ).subquery("bc")
    # the matter's colour over all its clocks on the board, before the other filters
    bw = select(*bc.c, func.max(bc.c.code).over(partition_by=bc.c.matter_id).label("mc")).subquery(
        "bw"
    )
    where = []
    if filters.colour is not None:
        where.append(bw.c.mc == COLOUR_NAMES.index(Colour(filters.colour).value))
    if filters.unit_code is not None:
        unit_id = session.scalar(select(Unit.id).where(Unit.code == filters.unit_code))
        where.append(bw.c.unit_id == unit_id if unit_id is not None else false())
    if filters.town_id is not None:
        where.append(bw.c.town_id == int(filters.town_id))
    if filters.due is not None:
        where.append(_due_condition(bw.c.due_on, today, filters.due))
    clocks, matters = session.execute(
        select(func.count(), func.count(func.distinct(bw.c.matter_id))).where(*where)
    ).one()
    pages = max(1, -(-int(clocks) // page_size))
    page = min(max(int(page), 1), pages)
    picked = session.execute(
        select(bw.c.clock_id, bw.c.mc)
        .where(*where)
        .order_by(bw.c.due_on, bw.c.matter_id, bw.c.clock_id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    ids = [clock_id for clock_id, _ in picked]
    frame = _clock_rows(session, today, ids, calendar, thresholds, include_windows)
    worst = {clock_id: COLOUR_NAMES[mc] for clock_id, mc in picked}
    frame["matter_colour"] = pd.Categorical(
        frame["clock_id"].map(worst), categories=COLOUR_NAMES, ordered=True
    )
    return DrillPage(frame, int(matters), int(clocks), page, pages)


def _due_condition(due_on, today: dt.date, due: str):
    sunday = today + dt.timedelta(days=6 - today.weekday())
    if due == "overdue":
        return due_on < today
    if due == "today":
        return due_on == today
    if due == "tomorrow":
        return due_on == today + dt.timedelta(days=1)
    if due == "this_week":
        return (due_on >= today) & (due_on <= sunday)
    raise ValueError(f"unknown due bucket: {due}")


def _clock_rows(
    session: Session,
    today: dt.date,
    ids: list[int],
    calendar: WorkingCalendar,
    thresholds: Thresholds,
    include_windows: bool,
) -> pd.DataFrame:
    """`open_clock_board` rows of these clocks, in the order of `ids`."""
    frame = board_frame(
        session.execute(
            board_query(today, include_windows=include_windows).where(Clock.id.in_(ids))
        ).all()
        if ids
        else []
    )
    frame = add_measures(frame, today, calendar, thresholds)
    order = {clock_id: i for i, clock_id in enumerate(ids)}
    frame = frame.assign(_o=frame["clock_id"].map(order)).sort_values("_o", kind="stable")
    return frame.drop(columns="_o").reset_index(drop=True)


def drill_options(
    session: Session,
    today: dt.date,
    *,
    unit_scope: int | None = None,
    scope: ClockScope = ClockScope.ALL,
    include_windows: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units (unit_code, unit_name, by code) and towns (town_id, town_name, by id) that
    have an open clock on the board: the drill-down's filter options (one small query)."""
    bc = open_clocks(
        today, None, include_windows=include_windows, scope=scope, unit_scope=unit_scope
    ).subquery("bc")
    pairs = session.execute(select(bc.c.unit_id, bc.c.town_id).distinct()).all()
    unit_ids = {u for u, _ in pairs if u is not None}
    town_ids = {t for _, t in pairs if t is not None}
    units = pd.DataFrame(
        [
            tuple(r)
            for r in session.execute(
                select(Unit.code, Unit.name).where(Unit.id.in_(unit_ids)).order_by(Unit.code)
            )
        ],
        columns=["unit_code", "unit_name"],
    )
    towns = pd.DataFrame(
        [
            tuple(r)
            for r in session.execute(
                select(Town.id, Town.name).where(Town.id.in_(town_ids)).order_by(Town.id)
            )
        ],
        columns=["town_id", "town_name"],
    )
    return units, towns
