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

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.cases.workflow import apply_transition, event_moment, load_for_change
from core.deadlines.board import open_clock_board
from core.deadlines.colours import Colour
from core.errors import UserError
from core.policy import matter_scope, require_not_accused, require_on_matter, scope_unit
from core.timeutil import local_date
from core.today import today
from core.users import UserView
from core.vocab import MatterState
from db.models import Matter, Town, Unit

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
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise UserError("error.unit_unknown", field="unit_id")
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
