"""The supervisors' morning view as DataFrames: open clocks, colour counts, overdue lists,
due-soon lists, the weekly trend (BRIEF §7).

`open_clock_board` is the one query; the other functions slice its frame, so a count and
the drill-down behind it always agree. Counts are of matters, each at the colour of its
most urgent open clock (`matter_colour`), so a matter with two late clocks counts once.
The petitioner's request windows are left out by default: they are not the office's duty.
"""

from __future__ import annotations

import datetime as dt
import enum

import numpy as np
import pandas as pd
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from core.deadlines.calendar import WorkingCalendar, load_calendar
from core.deadlines.clocks import PETITIONER_WINDOWS
from core.deadlines.colours import (
    COLOUR_ORDER,
    Colour,
    Thresholds,
    colour_categorical,
    measure_clocks,
    to_ordinals,
)
from core.timeutil import OFFICE_TZ
from core.vocab import ClockKind, ClockState, DayBasis
from db.models import Clock, Matter, SupervisionNotice, Town, Unit

COLOUR_NAMES = [c.value for c in COLOUR_ORDER]
RISK_COLUMNS = ["risk_collective", "risk_skip_level", "risk_repeat", "risk_emotion"]
BOARD_COLUMNS = [
    "clock_id",
    "matter_id",
    "case_number",
    "kind",
    "unit_id",
    "unit_code",
    "unit_name",
    "town_id",
    "town_name",
    "started_on",
    "due_on",
    "basis",
    "provisional",
    "agent_proxied",
    *RISK_COLUMNS,
    "accused_unit_id",  # a unit's share of the board never holds what accuses it
]


def start_of_day_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), OFFICE_TZ).astimezone(dt.UTC)


class ClockScope(enum.StrEnum):
    """Which limits a board shows: the legal ones, the office's internal workflow, or all."""

    ALL = "all"
    LEGAL = "legal"
    INTERNAL = "internal"


#: The internal online-workflow limits (seed 000): assign 2, feedback 10, check 3, reply 15
#: working days. Breaching them is an office matter, not a breach of the regulation.
INTERNAL_KINDS = frozenset(
    {
        ClockKind.INTERNAL_ASSIGN,
        ClockKind.INTERNAL_FEEDBACK,
        ClockKind.INTERNAL_CHECK,
        ClockKind.INTERNAL_REPLY,
    }
)


def open_clock_board(
    session: Session,
    today: dt.date,
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
    *,
    include_windows: bool = False,
    scope: ClockScope = ClockScope.ALL,
) -> pd.DataFrame:
    """One row per clock open on `today`, most overdue first, then by due date.

    Open on a day: started by then and not stopped by its end (running now, or met or
    breached later — so a past `today` shows the picture of that day). Adds the columns
    days_left (on the clock's basis, negative once overdue), working_days_left, share_used,
    colour, matter_colour, due_today, due_tomorrow, due_this_week (ISO week, from today).
    The supervision clock belongs to the unit the notice went to; others to the matter's.
    """
    calendar = calendar or load_calendar(session)
    thresholds = thresholds or Thresholds.from_settings(session)
    query = board_query(today, include_windows=include_windows)
    if scope is ClockScope.LEGAL:
        query = query.where(Clock.kind.not_in(INTERNAL_KINDS))
    elif scope is ClockScope.INTERNAL:
        query = query.where(Clock.kind.in_(INTERNAL_KINDS))
    rows = session.execute(query).all()
    return add_measures(board_frame(rows), today, calendar, thresholds)


#: What a notice cites: the limits the regulation sets on the office and the units (not the
#: office's internal workflow, the supervision notice's own clock or the petitioner's windows).
LEGAL_CITED_KINDS = (
    ClockKind.ACCEPTANCE,
    ClockKind.REPLY,
    ClockKind.CONCLUSION,
    ClockKind.REVIEW_ANSWER,
    ClockKind.RE_REVIEW_ANSWER,
)


def matter_clocks(
    session: Session,
    today: dt.date,
    matter_ids,
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
    *,
    unit_scope: int | None = None,
) -> pd.DataFrame:
    """`open_clock_board` rows of a few matters only (all their open clocks, so
    `matter_colour` is each matter's worst), plus each clock's rule_key, days and
    extension_days: what the notice and extension forms need, fetched by id. With
    `unit_scope`, only what that unit's board holds (never a matter accusing it)."""
    ids = sorted({int(m) for m in matter_ids})
    columns = [*BOARD_COLUMNS, "rule_key", "days", "extension_days"]
    if not ids:
        return add_measures(
            pd.DataFrame([], columns=columns),
            today,
            calendar or load_calendar(session),
            thresholds or Thresholds.from_settings(session),
        )
    calendar = calendar or load_calendar(session)
    thresholds = thresholds or Thresholds.from_settings(session)
    query = (
        board_query(today)
        .add_columns(Clock.rule_key, Clock.days, Clock.extension_days)
        .where(Clock.matter_id.in_(ids))
    )
    rows = pd.DataFrame([tuple(r) for r in session.execute(query)], columns=columns)
    board = add_measures(rows, today, calendar, thresholds)
    if unit_scope is not None:
        mine = (board["unit_id"] == unit_scope) & (board["accused_unit_id"] != unit_scope)
        board = board[mine].reset_index(drop=True)
    return board


def legal_clock(clocks: pd.DataFrame) -> pd.Series | None:
    """The legal limit a supervision notice on this matter cites: of its open clocks of
    `LEGAL_CITED_KINDS`, the one due first (so an overdue one before any other); None when
    none is open (only internal or supervision clocks run)."""
    legal = clocks[clocks["kind"].isin([k.value for k in LEGAL_CITED_KINDS])]
    if legal.empty:
        return None
    return legal.sort_values(["due_on", "clock_id"], kind="stable").iloc[0]


def board_frame(rows) -> pd.DataFrame:
    """A frame of `board_query` rows (plain tuples build it three times faster than Rows)."""
    return pd.DataFrame([tuple(row) for row in rows], columns=BOARD_COLUMNS)


def board_query(today: dt.date, *, include_windows: bool = False) -> Select:
    """The SQL behind `open_clock_board` (BOARD_COLUMNS, one row per open clock)."""
    unit_id = func.coalesce(SupervisionNotice.unit_id, Matter.unit_id)
    query = (
        select(
            Clock.id,
            Clock.matter_id,
            Matter.case_number,
            Clock.kind,
            unit_id,
            Unit.code,
            Unit.name,
            Matter.town_id,
            Town.name,
            Clock.started_on,
            Clock.due_on,
            Clock.basis,
            Clock.provisional,
            Matter.agent_proxied,
            *(getattr(Matter, c) for c in RISK_COLUMNS),
            Matter.accused_unit_id,
        )
        .join(Matter, Matter.id == Clock.matter_id)
        .outerjoin(SupervisionNotice, SupervisionNotice.id == Clock.supervision_notice_id)
        .outerjoin(Unit, Unit.id == unit_id)
        .join(Town, Town.id == Matter.town_id)
        .where(open_on(today))
    )
    if not include_windows:
        query = query.where(Clock.kind.not_in(PETITIONER_WINDOWS))
    return query


def open_on(day: dt.date):
    """SQL condition: the clock was open at the end of `day`."""
    return and_(
        Clock.started_on <= day,
        or_(
            Clock.state == ClockState.RUNNING,
            and_(
                Clock.state.in_([ClockState.MET, ClockState.BREACHED]),
                Clock.met_at >= start_of_day_utc(day + dt.timedelta(days=1)),
            ),
        ),
    )


def add_measures(
    board: pd.DataFrame, today: dt.date, calendar: WorkingCalendar, thresholds: Thresholds
) -> pd.DataFrame:
    """Colour and days-left columns for a frame with started_on, due_on and basis."""
    due = to_ordinals(board["due_on"])
    measures = measure_clocks(
        to_ordinals(board["started_on"]),
        due,
        (board["basis"] == DayBasis.WORKING).to_numpy(),
        today,
        calendar,
        thresholds,
    )
    codes = pd.Series(measures.codes, index=board.index)
    worst = codes.groupby(board["matter_id"]).transform("max")
    t = today.toordinal()
    sunday = t + 6 - today.weekday()
    board = board.assign(
        days_left=measures.days_left,
        working_days_left=measures.working_days_left,
        share_used=measures.share_used,
        colour=measures.colour_labels(),
        matter_colour=colour_categorical(worst.to_numpy(np.int8)),
        due_today=due == t,
        due_tomorrow=due == t + 1,
        due_this_week=(due >= t) & (due <= sunday),
    )
    return board.sort_values(["due_on", "matter_id"], kind="stable").reset_index(drop=True)


def colour_counts(board: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Matters per colour for the district (`by=None`), per unit (`"unit"`) or per town."""
    keys = {None: [], "unit": ["unit_code", "unit_name"], "town": ["town_id", "town_name"]}[by]
    matters = board.drop_duplicates([*keys, "matter_id"])
    colours = matters.groupby(keys, dropna=False) if keys else matters
    counts = colours["matter_colour"].value_counts()
    counts = counts.unstack(fill_value=0) if keys else counts.to_frame().T
    counts = counts.reindex(columns=COLOUR_NAMES, fill_value=0).rename_axis(columns=None)
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index(drop=not keys)


def oldest_overdue(board: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Overdue clocks, the one due longest ago first; one row per matter (its oldest)."""
    overdue = board[board["colour"] == Colour.OVERDUE].drop_duplicates("matter_id")
    return overdue.head(limit) if limit else overdue


def due_counts(board: pd.DataFrame) -> dict[str, int]:
    """Matters with a clock due today, tomorrow, this week (today to Sunday), overdue."""
    return {
        "overdue": board.loc[board["colour"] == Colour.OVERDUE, "matter_id"].nunique(),
        "today": board.loc[board["due_today"], "matter_id"].nunique(),
        "tomorrow": board.loc[board["due_tomorrow"], "matter_id"].nunique(),
        "this_week": board.loc[board["due_this_week"], "matter_id"].nunique(),
    }


def overdue_by_unit(board: pd.DataFrame) -> pd.DataFrame:
    """Overdue matters per unit, most first (for the bar chart)."""
    overdue = board[board["colour"] == Colour.OVERDUE]
    counts = (
        overdue.groupby(["unit_code", "unit_name"], dropna=False)["matter_id"]
        .nunique()
        .rename("overdue_matters")
        .reset_index()
    )
    return counts.sort_values("overdue_matters", ascending=False, kind="stable").reset_index(
        drop=True
    )


def drill_down(
    board: pd.DataFrame,
    *,
    colour: Colour | str | None = None,
    unit_code: str | None = None,
    town_id: int | None = None,
    due: str | None = None,
) -> pd.DataFrame:
    """The clocks behind a count: `colour` matches `matter_colour` (as the counts do),
    `due` is one of today / tomorrow / this_week / overdue."""
    mask = pd.Series(True, index=board.index)
    if colour is not None:
        mask &= board["matter_colour"] == Colour(colour).value
    if unit_code is not None:
        mask &= board["unit_code"] == unit_code
    if town_id is not None:
        mask &= board["town_id"] == town_id
    if due == "overdue":
        mask &= board["colour"] == Colour.OVERDUE
    elif due is not None:
        mask &= board[f"due_{due}"]
    return board[mask]


def weekly_trend(session: Session, today: dt.date, weeks: int = 26) -> pd.DataFrame:
    """Per ISO week, the last `weeks` up to today's: overdue matters and the on-time rate.

    overdue_matters: matters with an office clock past its due date and still open at the
    end of the week (today, for the current week). on_time_rate: of the office clocks that
    stopped during the week, the share met on time (NaN when none stopped). Cancelled
    clocks and the petitioner's windows are not counted.

    The stopped and met counts are summed in SQL, one pair of columns per week; only the
    clocks that were ever late (running, or breached) are read to count overdue matters.
    """
    monday = today - dt.timedelta(days=today.weekday())
    spans = []
    for back in range(weeks - 1, -1, -1):
        start = monday - dt.timedelta(weeks=back)
        spans.append((start, min(start + dt.timedelta(days=6), today)))
    counted = and_(Clock.state != ClockState.CANCELLED, Clock.kind.not_in(PETITIONER_WINDOWS))
    first, after = start_of_day_utc(spans[0][0]), start_of_day_utc(today + dt.timedelta(days=1))
    sums = []
    for start, end in spans:
        in_week = and_(
            Clock.met_at >= start_of_day_utc(start),
            Clock.met_at < start_of_day_utc(end + dt.timedelta(days=1)),
        )
        sums.append(func.sum(case((in_week, 1), else_=0)))
        sums.append(func.sum(case((and_(in_week, Clock.state == ClockState.MET), 1), else_=0)))
    stopped_met = session.execute(
        select(*sums).where(counted, Clock.met_at >= first, Clock.met_at < after)
    ).one()
    # overdue at a week's end needs due < end < stopped: a clock met on time never is
    late = session.execute(
        select(Clock.matter_id, Clock.started_on, Clock.due_on, Clock.met_at).where(
            counted,
            Clock.state != ClockState.MET,
            Clock.started_on <= today,
            Clock.due_on < today,
            or_(Clock.met_at.is_(None), Clock.met_at >= first),
        )
    ).all()
    clocks = pd.DataFrame(late, columns=["matter_id", "started_on", "due_on", "met_at"])
    matter = clocks["matter_id"].to_numpy()
    started, due = to_ordinals(clocks["started_on"]), to_ordinals(clocks["due_on"])
    stopped = _local_ordinals(clocks["met_at"])

    result = []
    for i, (start, end) in enumerate(spans):
        e = end.toordinal()
        overdue = (started <= e) & (due < e) & (stopped > e)
        done, met = int(stopped_met[2 * i] or 0), int(stopped_met[2 * i + 1] or 0)
        result.append(
            {
                "week": f"{start.isocalendar().year}-W{start.isocalendar().week:02d}",
                "week_start": start,
                "overdue_matters": int(np.unique(matter[overdue]).size),
                "stopped_clocks": done,
                "met_clocks": met,
                "on_time_rate": met / done if done else np.nan,
            }
        )
    return pd.DataFrame(result)


def _local_ordinals(moments: pd.Series) -> np.ndarray:
    """Office-local date ordinals of UTC timestamps; a clock not stopped gets +infinity."""
    local = pd.to_datetime(moments, utc=True).dt.tz_convert(OFFICE_TZ).dt.tz_localize(None)
    days = local.dt.normalize().to_numpy()
    ordinals = np.full(len(days), np.iinfo(np.int64).max)
    known = ~np.isnat(days)
    ordinals[known] = to_ordinals(days[known])
    return ordinals
