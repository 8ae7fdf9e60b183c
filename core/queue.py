"""The assignment queue: accepted matters on their way to a delivered, rated reply.

Priority follows the scheme: overdue first, then agent-proxied items (优先办理), then
risk-flagged ones, then the oldest assignment. A unit liaison sees only its unit's items.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.colours import COLOUR_ORDER, Colour
from core.deadline_board import open_clock_board
from core.timeutil import local_date
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
COLUMNS = [
    "matter_id", "case_number", "state", "summary", "unit_id", "unit", "town", "assigned_at",
    "agent_proxied", "risk_flagged", "version",
]


def assignment_queue(
    session: Session,
    today: dt.date,
    *,
    unit_id: int | None = None,
    state: MatterState | None = None,
    colour: Colour | None = None,
) -> pd.DataFrame:
    """The queue in priority order, each matter with the colour of its most urgent clock."""
    risk = or_(Matter.risk_collective, Matter.risk_skip_level, Matter.risk_repeat,
               Matter.risk_emotion)
    query = (
        select(Matter.id, Matter.case_number, Matter.state, Matter.summary, Matter.unit_id,
               Unit.name, Town.name, Matter.assigned_at, Matter.agent_proxied,
               risk.label("risk"), Matter.version)
        .join(Town, Town.id == Matter.town_id)
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .where(Matter.state.in_(QUEUE_STATES if state is None else (state,)))
    )
    if unit_id is not None:
        query = query.where(Matter.unit_id == unit_id)
    frame = pd.DataFrame([tuple(r) for r in session.execute(query)], columns=COLUMNS)
    frame["state"] = frame["state"].map(lambda s: MatterState(s).value)
    frame["risk_flagged"] = frame["risk_flagged"].astype(bool)
    board = open_clock_board(session, today)
    worst = board.drop_duplicates("matter_id").set_index("matter_id")["matter_colour"]
    due = board.groupby("matter_id")["due_on"].min()
    frame["colour"] = frame["matter_id"].map(worst.astype(str)).fillna(Colour.GREEN.value)
    frame["due_on"] = frame["matter_id"].map(due)
    frame["days_since_assigned"] = [
        None if pd.isna(at) else (today - local_date(pd.Timestamp(at).to_pydatetime())).days
        for at in frame["assigned_at"]
    ]
    if colour is not None:
        frame = frame[frame["colour"] == Colour(colour).value]
    severity = {c.value: i for i, c in enumerate(COLOUR_ORDER)}  # mildest first
    frame = frame.assign(_urgency=-frame["colour"].map(severity).astype(int))
    return frame.sort_values(
        ["_urgency", "agent_proxied", "risk_flagged", "assigned_at", "matter_id"],
        ascending=[True, False, False, True, True],
        na_position="last",
        ignore_index=True,
    ).drop(columns="_urgency")
