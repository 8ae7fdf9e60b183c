"""The quarterly bulletin as first written, in pandas over one row per matter: kept as the
oracle the SQL aggregation in core/reporting/bulletin.py is compared with (same figures,
on the demo district and on both databases)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.deadlines.board import start_of_day_utc
from core.policy import scope_unit
from core.quarters import quarter_bounds
from core.reporting.bulletin import PER_UNIT_COLUMNS, REPLY_KINDS, _rate, _share
from core.users import UserView
from core.vocab import ClockState, MatterState, Rating
from db.models import Clock, Matter, Submission, Unit


def pandas_bulletin(
    session: Session, quarter: str, today: dt.date, viewer: UserView | None = None
) -> tuple[pd.DataFrame, dict[str, float | int | None]]:
    """Per-unit figures and district rates for the items received in `quarter` (a unit
    liaison's per-unit rows are its own unit's only)."""
    first, last = quarter_bounds(quarter)
    since, until = start_of_day_utc(first), start_of_day_utc(last + dt.timedelta(days=1))
    items = _items(session, since, until, today)
    repeats = _submissions(session, since, until)

    keys = ["unit_code", "unit_name"]
    per_unit = items.groupby(keys, dropna=False)[
        [
            "received",
            "assigned",
            "replied_on_time",
            "overdue",
            "replies_not_delivered",
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
        ]
    ].sum()
    repeat_counts = repeats.groupby(keys, dropna=False)["is_repeat"].sum()
    per_unit = per_unit.join(repeat_counts.rename("repeat_petitions"), how="outer").fillna(0)
    per_unit = per_unit.astype(int).reset_index()
    per_unit["rated"] = per_unit[["satisfied", "basically_satisfied", "unsatisfied"]].sum(axis=1)
    per_unit["satisfaction_rate"] = _rate(
        per_unit["satisfied"] + per_unit["basically_satisfied"], per_unit["rated"]
    )
    per_unit = per_unit.sort_values("unit_code", na_position="last", kind="stable")

    received = len(items)
    rated = int(items[["satisfied", "basically_satisfied", "unsatisfied"]].to_numpy().sum())
    district = {
        "received": received,
        "submissions": len(repeats),
        "rated": rated,
        "on_time_rate": _share(items["replied_on_time"].sum(), received),
        "closure_rate": _share(items["closed"].sum(), received),
        "cessation_rate": _share(items["ceased"].sum(), received),
        "satisfaction_rate": _share(
            (items["satisfied"] | items["basically_satisfied"]).sum(), rated
        ),
        "rating_rate": _share(rated, received),
        "repeat_rate": _share(repeats["is_repeat"].sum(), len(repeats)),
    }
    own_unit = scope_unit(viewer)
    if own_unit is not None:
        own_code = session.scalar(select(Unit.code).where(Unit.id == own_unit))
        per_unit = per_unit[per_unit["unit_code"] == own_code]
    return per_unit[PER_UNIT_COLUMNS].reset_index(drop=True), district


def _items(
    session: Session, since: dt.datetime, until: dt.datetime, today: dt.date
) -> pd.DataFrame:
    """One row per matter received in the span, with a 0/1 column per figure."""
    rows = session.execute(
        select(
            Matter.id,
            Unit.code,
            Unit.name,
            Matter.state,
            Matter.assigned_at.is_not(None),
            Matter.replied_at.is_not(None) & Matter.delivered_at.is_(None),
            Matter.ceased,
            Matter.unit_rating,
        )
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .where(Matter.received_at >= since, Matter.received_at < until)
    ).all()
    items = pd.DataFrame(
        rows,
        columns=[
            "matter_id",
            "unit_code",
            "unit_name",
            "state",
            "assigned",
            "replies_not_delivered",
            "ceased",
            "rating",
        ],
    )
    clocks = pd.DataFrame(
        session.execute(
            select(Clock.matter_id, Clock.state, Clock.due_on)
            .join(Matter, Matter.id == Clock.matter_id)
            .where(
                Clock.kind.in_(REPLY_KINDS),
                Matter.received_at >= since,
                Matter.received_at < until,
            )
        ).all(),
        columns=["matter_id", "clock_state", "due_on"],
    )
    met = set(clocks.loc[clocks["clock_state"] == ClockState.MET, "matter_id"])
    late = clocks["clock_state"] == ClockState.BREACHED
    running_late = (clocks["clock_state"] == ClockState.RUNNING) & (
        clocks["due_on"].map(lambda due: due < today)
    )
    overdue = set(clocks.loc[late | running_late, "matter_id"])
    return items.assign(
        received=1,
        replied_on_time=items["matter_id"].isin(met),
        overdue=items["matter_id"].isin(overdue),
        closed=items["state"] == MatterState.CLOSED,
        satisfied=items["rating"] == Rating.SATISFIED,
        basically_satisfied=items["rating"] == Rating.BASICALLY_SATISFIED,
        unsatisfied=items["rating"] == Rating.UNSATISFIED,
    ).astype({"assigned": bool, "replies_not_delivered": bool, "ceased": bool})


def _submissions(session: Session, since: dt.datetime, until: dt.datetime) -> pd.DataFrame:
    """Every filing made in the span, with the unit in charge of its matter."""
    rows = session.execute(
        select(Submission.is_repeat, Unit.code, Unit.name)
        .join(Matter, Matter.id == Submission.matter_id)
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .where(Submission.submitted_at >= since, Submission.submitted_at < until)
    ).all()
    return pd.DataFrame(rows, columns=["is_repeat", "unit_code", "unit_name"]).astype(
        {"is_repeat": bool}
    )
