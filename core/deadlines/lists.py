"""Read models behind the deadlines page and CLI, beside `core.deadlines.board`.

Supervision notices with the colour of their own clock, the rules table and its change
log, the calendar years and their days, the units to choose from and the matters whose
conclusion limit may still be extended. Plain DataFrames out: pages render them and never
query.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.deadlines.calendar import (
    WorkingCalendar,
    load_calendar,
)
from core.deadlines.colours import COLOUR_ORDER, Colour, Thresholds, measure_clocks, to_ordinals
from core.deadlines.rules import DEFAULT_RULES, load_rules
from core.timeutil import local_date
from core.vocab import ClockKind, ClockState, DayBasis
from db.models import (
    CalendarDay,
    CalendarYear,
    Clock,
    DeadlineRule,
    DeadlineRuleChange,
    Matter,
    SupervisionNotice,
    Unit,
)

NOTICE_COLUMNS = [
    "notice_id",
    "matter_id",
    "case_number",
    "unit_id",
    "unit_code",
    "unit_name",
    "text",
    "issued_at",
    "issued_by",
    "due_on",
    "answered_at",
    "answer",
    "clock_state",
    "basis",
    "started_on",
    "matter_state",
    "accused_unit_id",
]


def scope_board(board: pd.DataFrame, unit_id: int | None) -> pd.DataFrame:
    """A unit's share of the board: the clocks it answers for, never a matter accusing it."""
    if unit_id is None:
        return board
    mine = (board["unit_id"] == unit_id) & (board["accused_unit_id"] != unit_id)
    return board[mine].reset_index(drop=True)


def unit_choices(session: Session, *, active_only: bool = False) -> pd.DataFrame:
    """Every handling unit (id, code, name), by code; `active_only` for pickers that hand
    something to a unit (a deactivated unit receives nothing new)."""
    query = select(Unit.id, Unit.code, Unit.name).order_by(Unit.code)
    if active_only:
        query = query.where(Unit.is_active)
    rows = session.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["unit_id", "unit_code", "unit_name"])


def default_notice_due(session: Session, today: dt.date) -> dt.date:
    """The due date a supervision notice issued today gets without one of its own."""
    return load_rules(session)["supervision"].due(today, load_calendar(session))


def max_extension_days(session: Session) -> int:
    return load_rules(session)["conclusion"].max_extension_days


def extension_candidates(board: pd.DataFrame) -> pd.DataFrame:
    """Matters whose conclusion clock is still running and not yet past its due date."""
    conclusion = board[
        (board["kind"] == ClockKind.CONCLUSION) & (board["colour"] != Colour.OVERDUE)
    ]
    return conclusion.drop_duplicates("matter_id").reset_index(drop=True)


def notice_board(
    session: Session,
    today: dt.date,
    *,
    unit_id: int | None = None,
    answered: bool = False,
    calendar: WorkingCalendar | None = None,
    thresholds: Thresholds | None = None,
) -> pd.DataFrame:
    """Supervision notices, unanswered ones (or, with `answered`, answered ones) with the
    colour of their own clock (None once it stopped or was cancelled) and days left.

    Unanswered: the one due first first. Answered: the latest answer first. `unit_id`
    keeps the notices sent to one unit (a liaison's view)."""
    query = (
        select(
            SupervisionNotice.id,
            SupervisionNotice.matter_id,
            Matter.case_number,
            SupervisionNotice.unit_id,
            Unit.code,
            Unit.name,
            SupervisionNotice.text,
            SupervisionNotice.issued_at,
            SupervisionNotice.issued_by,
            SupervisionNotice.due_on,
            SupervisionNotice.answered_at,
            SupervisionNotice.answer,
            Clock.state,
            Clock.basis,
            Clock.started_on,
            Matter.state,
            Matter.accused_unit_id,
        )
        .join(Matter, Matter.id == SupervisionNotice.matter_id)
        .join(Unit, Unit.id == SupervisionNotice.unit_id)
        .outerjoin(Clock, Clock.supervision_notice_id == SupervisionNotice.id)
        .where(
            SupervisionNotice.answered_at.is_not(None)
            if answered
            else SupervisionNotice.answered_at.is_(None) & SupervisionNotice.closed_at.is_(None)
        )
    )
    if unit_id is not None:  # a unit's notices, never about a matter accusing it
        query = query.where(
            SupervisionNotice.unit_id == unit_id,
            or_(Matter.accused_unit_id.is_(None), Matter.accused_unit_id != unit_id),
        )
    if answered:
        query = query.order_by(SupervisionNotice.answered_at.desc(), SupervisionNotice.id)
    else:
        query = query.order_by(SupervisionNotice.due_on, SupervisionNotice.id)
    frame = pd.DataFrame([tuple(r) for r in session.execute(query)], columns=NOTICE_COLUMNS)
    if frame.empty:
        return frame.assign(colour=pd.Series(dtype=object), days_left=pd.Series(dtype=int))
    started = [
        s if s is not None else local_date(issued)
        for s, issued in zip(frame["started_on"], frame["issued_at"], strict=True)
    ]
    working = (frame["basis"].fillna(DayBasis.WORKING) == DayBasis.WORKING).to_numpy()
    measures = measure_clocks(
        to_ordinals(started),
        to_ordinals(frame["due_on"]),
        working,
        today,
        calendar or load_calendar(session),
        thresholds or Thresholds.from_settings(session),
    )
    running = (frame["clock_state"] == ClockState.RUNNING).to_numpy()
    colours = np.array([COLOUR_ORDER[c].value for c in measures.codes], dtype=object)
    return frame.assign(
        colour=np.where(running, colours, None),
        days_left=measures.days_left,
    )


def rules_table(session: Session) -> pd.DataFrame:
    """The deadline rules in the order of the regulation (then any others by key)."""
    order = {rule.key: i for i, rule in enumerate(DEFAULT_RULES)}
    rows = session.execute(
        select(
            DeadlineRule.key,
            DeadlineRule.clock_kind,
            DeadlineRule.days,
            DeadlineRule.basis,
            DeadlineRule.roll_over_holiday,
            DeadlineRule.max_extension_days,
            DeadlineRule.version,
            DeadlineRule.updated_at,
            DeadlineRule.updated_by,
        )
    ).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[
            "key",
            "clock_kind",
            "days",
            "basis",
            "roll_over_holiday",
            "max_extension_days",
            "version",
            "updated_at",
            "updated_by",
        ],
    )
    rank = frame["key"].map(lambda key: order.get(key, len(order)))
    return (
        frame.assign(_rank=rank)
        .sort_values(["_rank", "key"])
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def rule_changes(session: Session, limit: int = 100) -> pd.DataFrame:
    """The latest rule changes: when, which rule and version, what changed, why, by whom,
    and how many running clocks were recomputed."""
    rows = session.execute(
        select(
            DeadlineRuleChange.changed_at,
            DeadlineRule.key,
            DeadlineRuleChange.version,
            DeadlineRuleChange.before,
            DeadlineRuleChange.after,
            DeadlineRuleChange.reason,
            DeadlineRuleChange.actor,
            DeadlineRuleChange.clocks_recomputed,
        )
        .join(DeadlineRule, DeadlineRule.id == DeadlineRuleChange.rule_id)
        .order_by(DeadlineRuleChange.changed_at.desc(), DeadlineRuleChange.id.desc())
        .limit(limit)
    ).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[
            "changed_at",
            "key",
            "version",
            "before",
            "after",
            "reason",
            "actor",
            "clocks_recomputed",
        ],
    )
    frame["change"] = [
        "; ".join(f"{k}: {b.get(k)} → {a[k]}" for k in a if b.get(k) != a[k])
        for b, a in zip(frame["before"], frame["after"], strict=True)
    ]
    return frame.drop(columns=["before", "after"])


def calendar_years(session: Session, today: dt.date, back: int = 1) -> pd.DataFrame:
    """The calendar years from `back` years before today's on: verified or not, where the
    days came from, how many holidays and make-up working days are listed. Next year is
    always listed, as not verified and without a source, until an administrator enters it."""
    first = today.year - back
    counts = {
        (year, working): n
        for year, working, n in session.execute(
            select(
                func.extract("year", CalendarDay.day).label("year"),
                CalendarDay.is_working,
                func.count(),
            )
            .where(CalendarDay.day >= dt.date(first, 1, 1))
            .group_by("year", CalendarDay.is_working)
        )
    }
    years = {
        row.year: row
        for row in session.scalars(select(CalendarYear).where(CalendarYear.year >= first))
    }
    listed = sorted(set(years) | {today.year, today.year + 1})
    records = []
    for year in listed:
        row = years.get(year)
        records.append(
            {
                "year": year,
                "verified": bool(row and row.verified),
                "source": row.source if row else None,
                "holidays": int(counts.get((year, False), 0)),
                "workdays": int(counts.get((year, True), 0)),
                "updated_at": row.updated_at if row else None,
                "updated_by": row.updated_by if row else None,
            }
        )
    return pd.DataFrame(records)


def calendar_days(session: Session, year: int) -> pd.DataFrame:
    """The listed days of a year: holidays on weekdays and make-up working weekend days."""
    rows = session.execute(
        select(CalendarDay.day, CalendarDay.is_working, CalendarDay.name, CalendarDay.source)
        .where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31))
        .order_by(CalendarDay.day)
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["day", "is_working", "name", "source"])


def provisional_years(board: pd.DataFrame, calendar: WorkingCalendar) -> list[int]:
    """The unverified years the board's provisional clocks run through."""
    flagged = board.loc[board["provisional"].astype(bool)]
    years: set[int] = set()
    for start, due in zip(flagged["started_on"], flagged["due_on"], strict=True):
        years.update(range(min(start, due).year, max(start, due).year + 1))
    return sorted(y for y in years if not calendar.year_verified(y))
