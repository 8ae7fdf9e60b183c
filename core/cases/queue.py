"""The assignment queue (交办队列): accepted matters on their way to a delivered, rated reply.

Priority follows the scheme: overdue first, then agent-proxied items (代理事项优先办理),
then risk-flagged ones, then the oldest assignment. A unit liaison sees only its own unit's
items and never an accusation against its unit (BRIEF §10).

`assignment_queue` is the one query; `narrow` and `state_counts` slice its frame, so the
counts by state and the table always agree. `assign_to_unit` moves an accepted matter that
has no unit yet (a review request, 复查/复核) to the unit that will handle it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, case, exists, func, or_, select, true
from sqlalchemy.orm import Session

from core.cases.workflow import apply_transition, event_moment, load_for_change
from core.deadlines.board import open_clock_board
from core.deadlines.colours import COLOUR_ORDER, Colour
from core.deadlines.lights import OVERDUE_CODE
from core.places import receiving_unit
from core.policy import (
    matter_scope,
    may_receive,
    require_not_accused,
    require_on_matter,
    scope_unit,
)
from core.timeutil import local_date
from core.today import today
from core.users import UserView
from core.vocab import Channel, ContentType, MatterState, RiskSignal, Topic
from db.models import Agent, Matter, Submission, Town, Unit

QUEUE_STATES = (
    MatterState.ACCEPTED,
    MatterState.ASSIGNED,
    MatterState.IN_HANDLING,
    MatterState.REPLIED,
    MatterState.DELIVERED,
    MatterState.RATED,
)
_LOADED = [
    "matter_id",
    "case_number",
    "state",
    "summary",
    "unit_id",
    "unit",
    "town",
    "accepted_at",
    "assigned_at",
    "agent_proxied",
    "risk_flagged",
    "version",
]
#: Columns of the queue frame, in this order.
COLUMNS = [*_LOADED, "colour", "overdue", "due_on", "days_since_assigned"]


def assignment_queue(
    session: Session,
    today: dt.date,
    *,
    viewer: UserView | None = None,
    unit_id: int | None = None,
    state: MatterState | str | None = None,
    colour: Colour | str | None = None,
) -> pd.DataFrame:
    """The queue in priority order (COLUMNS), each matter with its worst open clock colour.

    `colour` is None for a matter with no open office clock (e.g. one waiting for its
    rating). A unit liaison (`viewer`) is limited to its unit whatever `unit_id` says; a
    liaison without a unit sees nothing.
    """
    unit_id = scope_unit(viewer, unit_id)
    risk = or_(
        Matter.risk_collective, Matter.risk_skip_level, Matter.risk_repeat, Matter.risk_emotion
    )
    query = (
        select(
            Matter.id,
            Matter.case_number,
            Matter.state,
            Matter.summary,
            Matter.unit_id,
            Unit.name,
            Town.name,
            Matter.accepted_at,
            Matter.assigned_at,
            Matter.agent_proxied,
            risk,
            Matter.version,
        )
        .join(Town, Town.id == Matter.town_id)
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .where(Matter.state.in_(QUEUE_STATES))
    )
    query = query.where(matter_scope(viewer))
    if unit_id is not None:
        query = query.where(Matter.unit_id == unit_id)
    frame = pd.DataFrame([tuple(r) for r in session.execute(query)], columns=_LOADED)
    frame["state"] = frame["state"].map(lambda s: MatterState(s).value).astype(object)
    frame["agent_proxied"] = frame["agent_proxied"].astype(bool)
    frame["risk_flagged"] = frame["risk_flagged"].fillna(False).astype(bool)
    board = open_clock_board(session, today)
    worst = board.drop_duplicates("matter_id").set_index("matter_id")["matter_colour"]
    worst = worst[worst.notna()].astype(str)  # met or not yet started: no warning colour
    frame["colour"] = frame["matter_id"].map(worst.astype(str)).astype(object)
    frame["colour"] = frame["colour"].where(frame["colour"].notna(), None)
    frame["overdue"] = frame["colour"] == Colour.OVERDUE.value
    frame["due_on"] = frame["matter_id"].map(board.groupby("matter_id")["due_on"].min())
    frame["days_since_assigned"] = pd.array(
        [
            None if pd.isna(at) else (today - local_date(pd.Timestamp(at).to_pydatetime())).days
            for at in frame["assigned_at"]
        ],
        dtype="Int64",
    )
    frame["_since"] = frame["assigned_at"].fillna(frame["accepted_at"])
    frame = frame.sort_values(
        ["overdue", "agent_proxied", "risk_flagged", "_since", "matter_id"],
        ascending=[False, False, False, True, True],
        na_position="last",
        ignore_index=True,
    ).drop(columns="_since")
    return narrow(frame[COLUMNS], state=state, colour=colour)


def narrow(
    queue: pd.DataFrame,
    *,
    state: MatterState | str | None = None,
    colour: Colour | str | None = None,
) -> pd.DataFrame:
    """The rows of one state and/or one clock colour, priority order kept."""
    keep = pd.Series(True, index=queue.index)
    if state is not None:
        keep &= queue["state"] == MatterState(state).value
    if colour is not None:
        keep &= queue["colour"] == Colour(colour).value
    return queue[keep].reset_index(drop=True)


def state_counts(queue: pd.DataFrame) -> pd.DataFrame:
    """Matters per queue state (state, count), in workflow order, zeros included."""
    counts = queue["state"].value_counts()
    return pd.DataFrame(
        {
            "state": [s.value for s in QUEUE_STATES],
            "count": [int(counts.get(s.value, 0)) for s in QUEUE_STATES],
        }
    )


def assign_to_unit(
    session: Session,
    matter_id: int,
    expected_version: int,
    unit_id: int | None,
    actor: UserView,
    *,
    occurred_at: dt.datetime | None = None,
) -> Matter:
    """Assign an accepted matter without a unit (a review request) to its handling unit.

    Refused: no unit or an unknown one, and the unit the matter accuses (BRIEF §10).
    """
    unit = receiving_unit(session, unit_id)
    matter = load_for_change(session, matter_id, expected_version)
    # who may not assign learns nothing, not even that the matter accuses its unit
    require_on_matter(actor, "assign", matter)
    require_not_accused(matter, unit.id)
    when = event_moment(occurred_at, today(session))
    return apply_transition(
        session,
        matter_id,
        expected_version,
        MatterState.ASSIGNED,
        actor,
        occurred_at=when,
        changes={"unit_id": unit.id, "assigned_at": when},
    )


# --- the queue in SQL: one page of rows and the counts shown beside it -------------------

#: Rows per page of the queue table.
PAGE_SIZE = 50
#: The most rows one Excel export of the filtered queue holds (the page says so).
EXPORT_LIMIT = 10_000

_RISK_COLUMNS = {
    RiskSignal.COLLECTIVE: Matter.risk_collective,
    RiskSignal.SKIP_LEVEL: Matter.risk_skip_level,
    RiskSignal.REPEAT: Matter.risk_repeat,
    RiskSignal.EMOTION: Matter.risk_emotion,
}


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters beside unit, state and colour; the defaults narrow nothing.

    A matter's channel and agent are those of any of its submissions (a repeat filing by
    another agent counts too); `risks` keeps matters with any of the signals;
    `due_this_week` keeps matters with an open clock due from today to Sunday. They narrow
    every count of the page, the workload table included."""

    town_id: int | None = None
    content_type: ContentType | None = None
    topic: Topic | None = None
    channel: Channel | None = None
    agent_id: int | None = None
    risks: frozenset[RiskSignal] = frozenset()
    due_this_week: bool = False

    def condition(self):
        """The SQL condition of every filter but `due_this_week` (which needs the lights)."""
        parts = []
        if self.town_id is not None:
            parts.append(Matter.town_id == self.town_id)
        if self.content_type is not None:
            parts.append(Matter.content_type == ContentType(self.content_type))
        if self.topic is not None:
            parts.append(Matter.topic == Topic(self.topic))
        filed = []
        if self.channel is not None:
            filed.append(Submission.channel == Channel(self.channel))
        if self.agent_id is not None:
            filed.append(Submission.agent_id == self.agent_id)
        if filed:
            parts.append(exists().where(Submission.matter_id == Matter.id, *filed))
        if self.risks:
            parts.append(or_(*(_RISK_COLUMNS[RiskSignal(r)] for r in sorted(self.risks))))
        return and_(true(), *parts)


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue (COLUMNS, priority order) and the counts the page shows."""

    rows: pd.DataFrame
    page: int  # 1-based, clamped to the pages there are
    pages: int  # at least 1
    shown: int  # matters matching every filter (all pages)
    total: int  # queue matters in the viewer's scope and unit filter
    overdue: int  # of those, overdue
    states: pd.DataFrame  # state, count (workflow order, zeros included), as `state_counts`
    #: per unit in the viewer's scope (whatever the unit filter): unit_id, unit, open,
    #: overdue, due_this_week; most overdue first
    workload: pd.DataFrame


def matter_lights(session: Session, today: dt.date, calendar=None, thresholds=None):
    """SQL subquery, one row per matter with an open office clock on `today`: matter_id,
    code (worst colour, 0–3), due_on (earliest due), due_week (1 if a clock is due from
    today to Sunday). The clocks are those of `open_clock_board(session, today)`."""
    from core.deadlines.board_sql import clock_filter
    from core.deadlines.calendar import load_calendar
    from core.deadlines.colours import Thresholds
    from core.deadlines.lights import clock_code, lights_join_condition, load_light_dates
    from db.models import Clock

    calendar = calendar or load_calendar(session)
    thresholds = thresholds or Thresholds.from_settings(session)
    condition = clock_filter(today)
    table = load_light_dates(session, today, calendar, thresholds, condition).table()
    clocks = (
        select(
            Clock.matter_id.label("matter_id"),
            Clock.due_on.label("due_on"),
            clock_code(table, today).label("code"),
        )
        .join(table, lights_join_condition(table))
        .where(condition)
        .subquery("open_clocks")
    )
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return (
        select(
            clocks.c.matter_id,
            func.max(clocks.c.code).label("code"),
            func.min(clocks.c.due_on).label("due_on"),
            func.max(
                case(((clocks.c.due_on >= today) & (clocks.c.due_on <= sunday), 1), else_=0)
            ).label("due_week"),
        )
        .group_by(clocks.c.matter_id)
        .subquery("matter_lights")
    )


def _queue_base(viewer: UserView | None, unit_id: int | None):
    unit_id = scope_unit(viewer, unit_id)
    condition = and_(Matter.state.in_(QUEUE_STATES), matter_scope(viewer))
    if unit_id is not None:
        condition = and_(condition, Matter.unit_id == unit_id)
    return condition


def queue_page(
    session: Session,
    today: dt.date,
    *,
    viewer: UserView | None = None,
    unit_id: int | None = None,
    state: MatterState | str | None = None,
    colour: Colour | str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    filters: QueueFilters | None = None,
) -> QueuePage:
    """`assignment_queue` filtered, counted, sorted and paged in SQL: the same rows in the
    same order, `page_size` at a time, with the counts by state of the queue without its
    state and colour filters (`filters` narrow the counts too)."""
    filters = filters or QueueFilters()
    lights = matter_lights(session, today)
    groups = _queue_groups(session, lights, viewer, filters.condition())
    unit_id = scope_unit(viewer, unit_id)
    mine = groups if unit_id is None else groups[groups["unit_id"] == unit_id]
    by_state = mine.groupby("state")["n"].sum()
    states = pd.DataFrame(
        {
            "state": [s.value for s in QUEUE_STATES],
            "count": [int(by_state.get(s.value, 0)) for s in QUEUE_STATES],
        }
    )
    total = int(mine["n"].sum())
    overdue_total = int(mine.loc[mine["code"] == OVERDUE_CODE, "n"].sum())
    keep = pd.Series(True, index=mine.index)
    if state is not None:
        keep &= mine["state"] == MatterState(state).value
    if colour is not None:
        keep &= mine["code"] == COLOUR_ORDER.index(Colour(colour))
    counted = "due_week" if filters.due_this_week else "n"
    shown = int(mine.loc[keep, counted].sum())
    pages = max(1, -(-shown // page_size))
    page = min(max(1, page), pages)
    condition = _filtered(viewer, unit_id, state, colour, filters, lights)
    rows = session.execute(
        _rows_query(lights, condition).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return QueuePage(
        rows=_page_frame(rows, today),
        page=page,
        pages=pages,
        shown=shown,
        total=total,
        overdue=overdue_total,
        states=states,
        workload=_workload(groups),
    )


def _filtered(viewer, unit_id, state, colour, filters: QueueFilters, lights):
    """The WHERE of the queue's rows: scope, unit, state, colour and every other filter."""
    condition = and_(_queue_base(viewer, unit_id), filters.condition())
    if state is not None:
        condition = and_(condition, Matter.state == MatterState(state))
    if colour is not None:
        condition = and_(condition, lights.c.code == COLOUR_ORDER.index(Colour(colour)))
    if filters.due_this_week:
        condition = and_(condition, lights.c.due_week == 1)
    return condition


def _rows_query(lights, condition):
    """The queue's rows (`_page_frame` input) in priority order."""
    code = lights.c.code
    overdue = case((code == OVERDUE_CODE, 1), else_=0)
    risk = or_(
        Matter.risk_collective, Matter.risk_skip_level, Matter.risk_repeat, Matter.risk_emotion
    )
    since = func.coalesce(Matter.assigned_at, Matter.accepted_at)
    return (
        select(
            Matter.id,
            Matter.case_number,
            Matter.state,
            Matter.summary,
            Matter.unit_id,
            Unit.name,
            Town.name,
            Matter.accepted_at,
            Matter.assigned_at,
            Matter.agent_proxied,
            risk,
            Matter.version,
            code,
            lights.c.due_on,
        )
        .join(Town, Town.id == Matter.town_id)
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .outerjoin(lights, lights.c.matter_id == Matter.id)
        .where(condition)
        .order_by(
            overdue.desc(),
            case((Matter.agent_proxied, 1), else_=0).desc(),
            case((risk, 1), else_=0).desc(),
            case((since.is_(None), 1), else_=0),
            since,
            Matter.id,
        )
    )


@dataclass(frozen=True)
class QueueExport:
    """The whole filtered queue (COLUMNS, priority order), at most `limit` rows."""

    rows: pd.DataFrame
    limit: int
    truncated: bool  # more matters matched than `limit`


def queue_export(
    session: Session,
    today: dt.date,
    *,
    viewer: UserView | None = None,
    unit_id: int | None = None,
    state: MatterState | str | None = None,
    colour: Colour | str | None = None,
    filters: QueueFilters | None = None,
    limit: int = EXPORT_LIMIT,
) -> QueueExport:
    """Every matter of the filtered queue, not one page: one SQL query, capped at `limit`
    rows (the viewer's scope applies whatever the filters say)."""
    filters = filters or QueueFilters()
    lights = matter_lights(session, today)
    unit_id = scope_unit(viewer, unit_id)
    condition = _filtered(viewer, unit_id, state, colour, filters, lights)
    rows = session.execute(_rows_query(lights, condition).limit(limit + 1)).all()
    return QueueExport(_page_frame(rows[:limit], today), limit, len(rows) > limit)


def _queue_groups(session: Session, lights, viewer: UserView | None, extra=None) -> pd.DataFrame:
    """Queue matters in the viewer's scope counted by unit, state and worst colour code
    (-1: no open clock), with how many have a clock due this week: one small GROUP BY that
    every count of the page is a sum over."""
    code = func.coalesce(lights.c.code, -1)
    rows = session.execute(
        select(
            Matter.unit_id,
            Unit.name,
            Matter.state,
            code,
            func.count(),
            func.sum(func.coalesce(lights.c.due_week, 0)),
        )
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .outerjoin(lights, lights.c.matter_id == Matter.id)
        .where(_queue_base(viewer, None), extra if extra is not None else true())
        .group_by(Matter.unit_id, Unit.name, Matter.state, code)
    ).all()
    return pd.DataFrame(
        [
            (u, name, MatterState(st).value, int(c), int(n), int(w or 0))
            for u, name, st, c, n, w in rows
        ],
        columns=["unit_id", "unit", "state", "code", "n", "due_week"],
    )


def _workload(groups: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "unit_id": groups["unit_id"],
            "unit": groups["unit"],
            "open": groups["n"],
            "overdue": groups["n"].where(groups["code"] == OVERDUE_CODE, 0),
            "due_this_week": groups["due_week"],
        }
    )
    frame = frame.groupby(["unit_id", "unit"], dropna=False, as_index=False).sum()
    frame = frame.astype({"open": int, "overdue": int, "due_this_week": int})
    frame["unit_id"] = frame["unit_id"].astype(object).where(frame["unit_id"].notna(), None)
    return frame.sort_values(
        ["overdue", "open", "unit"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _page_frame(rows, today: dt.date) -> pd.DataFrame:
    records = []
    for *loaded, code, due_on in rows:
        record = dict(zip(_LOADED, loaded, strict=True))
        record["state"] = MatterState(record["state"]).value
        record["agent_proxied"] = bool(record["agent_proxied"])
        record["risk_flagged"] = bool(record["risk_flagged"])
        name = COLOUR_ORDER[code].value if code is not None else None
        record["colour"] = name
        record["overdue"] = name == Colour.OVERDUE.value
        record["due_on"] = due_on
        assigned = record["assigned_at"]
        record["days_since_assigned"] = (
            None if assigned is None else (today - local_date(assigned)).days
        )
        records.append(record)
    frame = pd.DataFrame(records, columns=COLUMNS)
    frame["days_since_assigned"] = pd.array(frame["days_since_assigned"], dtype="Int64")
    frame["colour"] = frame["colour"].astype(object)
    return frame


def unit_workload(
    session: Session, today: dt.date, *, viewer: UserView | None = None
) -> pd.DataFrame:
    """Per handling unit in the viewer's scope: open queue matters, overdue ones, ones with
    a clock due this week (today to Sunday). Columns unit_id, unit, open, overdue,
    due_this_week; most overdue first, then most open (also `QueuePage.workload`)."""
    return _workload(_queue_groups(session, matter_lights(session, today), viewer))


def filter_choices(session: Session) -> dict[str, list[tuple[int, str]]]:
    """What the queue's town and agent filters offer: (id, label) pairs, by name / code."""
    towns = session.execute(select(Town.id, Town.name).order_by(Town.code, Town.id)).all()
    agents = session.execute(select(Agent.id, Agent.code, Agent.name).order_by(Agent.code)).all()
    return {
        "towns": [(i, name) for i, name in towns],
        "agents": [(i, f"{code} {name}") for i, code, name in agents],
    }


def bulk_targets(
    session: Session, matter_ids: Sequence[int], *, viewer: UserView | None = None
) -> pd.DataFrame:
    """The active units a bulk action may route all of these matters to (unit_id,
    unit_code, unit_name, by code): never a unit that any of them accuses
    (`core.policy.may_receive`). Only matters in the viewer's scope are looked at."""
    matters = [
        dict(row)
        for row in session.execute(
            select(Matter.id, Matter.unit_id, Matter.accused_unit_id).where(
                Matter.id.in_(list(matter_ids)), matter_scope(viewer)
            )
        ).mappings()
    ]
    units = session.execute(
        select(Unit.id, Unit.code, Unit.name).where(Unit.is_active).order_by(Unit.code)
    ).all()
    return pd.DataFrame(
        [tuple(u) for u in units if all(may_receive(m, u.id) for m in matters)],
        columns=["unit_id", "unit_code", "unit_name"],
    )
