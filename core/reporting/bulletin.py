"""The quarterly bulletin (通报) per unit and for the district (BRIEF §9, seed 000).

The items of a quarter are the matters received in it (office-local dates), whatever
became of them: every rate below divides by all of them unless it says otherwise, so an
item that never got a clock (not accepted, still waiting) counts against the rate rather
than vanishing from it. Figures are as of `today`, the day the bulletin is made.

Per unit (the unit in charge; matters without one form a row with no unit code):
- received: items received in the quarter;
- assigned: of those, assigned to a unit;
- replied_on_time: items whose reply clock (by urgency; the answer clock for a review or
  re-review) was met;
- overdue: items whose reply clock was breached, or is still running past its due date;
- replies_not_delivered: items replied to whose written reply has not been delivered;
- repeat_petitions: repeat filings (submissions marked repeat) made in the quarter;
- satisfied / basically_satisfied / unsatisfied: the petitioner's rating of the unit;
- satisfaction_rate: (satisfied + basically satisfied) / items rated — an opinion rate,
  so only those who gave an opinion count; `rated` says how many did.

District rates (None when there is nothing to divide by):
- on_time_rate: replied on time / received;
- closure_rate (结案率): closed (archived after the reply and rating) / received;
- cessation_rate (息访率): items whose petitioner stopped petitioning (`ceased`) / received;
- satisfaction_rate: as above, over the district;
- rating_rate: items rated / received;
- repeat_rate (重复访率): repeat submissions / all submissions made in the quarter.

Visibility (core.policy): the district rates are the published aggregate every unit
receives; the per-unit rows a unit liaison gets are its own unit's only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from core.deadlines.board import start_of_day_utc
from core.policy import scope_unit
from core.quarters import quarter_bounds
from core.users import UserView
from core.vocab import ClockKind, ClockState, MatterState, Rating
from db.models import CalendarYear, Clock, DeadlineRuleChange, Matter, MatterEvent, Submission, Unit

REPLY_KINDS = (ClockKind.REPLY, ClockKind.REVIEW_ANSWER, ClockKind.RE_REVIEW_ANSWER)
PER_UNIT_COLUMNS = [
    "unit_code",
    "unit_name",
    "received",
    "assigned",
    "replied_on_time",
    "overdue",
    "replies_not_delivered",
    "repeat_petitions",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "rated",
    "satisfaction_rate",
]


def report_stamp(session: Session) -> tuple:
    """Changes whenever a report over the clocks can (the bulletin, the weekly trend): a
    matter's event, a rule change or a calendar change (both recompute clocks without a
    matter event). Cheap (three index lookups); pages key their cached reports on it, with
    the day (time alone turns a running clock overdue)."""
    return (
        session.scalar(select(func.max(MatterEvent.id))) or 0,
        session.scalar(select(func.max(DeadlineRuleChange.id))) or 0,
        session.scalar(select(func.max(CalendarYear.updated_at))),
    )


#: The per-item figures a unit's row sums (each a 0/1 per matter received in the quarter).
ITEM_FIGURES = (
    "received",
    "assigned",
    "replied_on_time",
    "overdue",
    "replies_not_delivered",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "closed",
    "ceased",
)


def quarterly_bulletin(
    session: Session, quarter: str, today: dt.date, viewer: UserView | None = None
) -> tuple[pd.DataFrame, dict[str, float | int | None]]:
    """Per-unit figures and district rates for the items received in `quarter` (a unit
    liaison's per-unit rows are its own unit's only). Summed in SQL, one row per unit: a
    quarter of a large district is tens of thousands of matters."""
    first, last = quarter_bounds(quarter)
    since, until = start_of_day_utc(first), start_of_day_utc(last + dt.timedelta(days=1))
    rows: dict[tuple[str | None, str | None], dict[str, int]] = {}
    for code, name, *figures in session.execute(_item_sums(since, until, today)):
        rows[(code, name)] = dict(zip(ITEM_FIGURES, map(int, figures), strict=True))
    submissions = repeats = 0
    for code, name, filed, repeated in session.execute(_submission_sums(since, until)):
        row = rows.setdefault((code, name), dict.fromkeys(ITEM_FIGURES, 0))
        row["repeat_petitions"] = int(repeated)
        submissions, repeats = submissions + int(filed), repeats + int(repeated)

    per_unit = pd.DataFrame(
        [
            {"unit_code": code, "unit_name": name, **figures}
            for (code, name), figures in rows.items()
        ],
        columns=["unit_code", "unit_name", *ITEM_FIGURES, "repeat_petitions"],
    )
    counts = [*ITEM_FIGURES, "repeat_petitions"]
    per_unit[counts] = per_unit[counts].fillna(0).astype(int)
    per_unit["rated"] = per_unit[["satisfied", "basically_satisfied", "unsatisfied"]].sum(axis=1)
    per_unit["satisfaction_rate"] = _rate(
        per_unit["satisfied"] + per_unit["basically_satisfied"], per_unit["rated"]
    )
    per_unit = per_unit.sort_values(
        ["unit_code", "unit_name"], na_position="last", kind="stable"
    ).reset_index(drop=True)

    total = per_unit[counts + ["rated"]].sum()
    received, rated = int(total["received"]), int(total["rated"])
    district = {
        "received": received,
        "submissions": submissions,
        "rated": rated,
        "on_time_rate": _share(total["replied_on_time"], received),
        "closure_rate": _share(total["closed"], received),
        "cessation_rate": _share(total["ceased"], received),
        "satisfaction_rate": _share(total["satisfied"] + total["basically_satisfied"], rated),
        "rating_rate": _share(rated, received),
        "repeat_rate": _share(repeats, submissions),
    }
    own_unit = scope_unit(viewer)
    if own_unit is not None:
        own_code = session.scalar(select(Unit.code).where(Unit.id == own_unit))
        per_unit = per_unit[per_unit["unit_code"] == own_code]
    return per_unit[PER_UNIT_COLUMNS].reset_index(drop=True), district


def _count(condition) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _reply_clock(condition) -> Any:
    """The matter has a reply clock (by urgency, or a review's answer clock) such that …"""
    return (
        select(Clock.id)
        .where(Clock.matter_id == Matter.id, Clock.kind.in_(REPLY_KINDS), condition)
        .exists()
    )


def _item_sums(since: dt.datetime, until: dt.datetime, today: dt.date) -> Select:
    """Per unit in charge (none: a row of its own), each figure of `ITEM_FIGURES` summed
    over the matters received in the span."""
    overdue = or_(
        Clock.state == ClockState.BREACHED,
        and_(Clock.state == ClockState.RUNNING, Clock.due_on < today),
    )
    return (
        select(
            Unit.code,
            Unit.name,
            func.count(Matter.id),
            _count(Matter.assigned_at.is_not(None)),
            _count(_reply_clock(Clock.state == ClockState.MET)),
            _count(_reply_clock(overdue)),
            _count(and_(Matter.replied_at.is_not(None), Matter.delivered_at.is_(None))),
            _count(Matter.unit_rating == Rating.SATISFIED),
            _count(Matter.unit_rating == Rating.BASICALLY_SATISFIED),
            _count(Matter.unit_rating == Rating.UNSATISFIED),
            _count(Matter.state == MatterState.CLOSED),
            _count(Matter.ceased.is_(True)),
        )
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .where(Matter.received_at >= since, Matter.received_at < until)
        .group_by(Unit.code, Unit.name)
    )


def _submission_sums(since: dt.datetime, until: dt.datetime) -> Select:
    """Per unit in charge of their matter: the filings made in the span, and the repeats."""
    return (
        select(
            Unit.code, Unit.name, func.count(Submission.id), _count(Submission.is_repeat.is_(True))
        )
        .join(Matter, Matter.id == Submission.matter_id)
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .where(Submission.submitted_at >= since, Submission.submitted_at < until)
        .group_by(Unit.code, Unit.name)
    )


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype(float)


def _share(numerator, denominator) -> float | None:
    return float(numerator) / denominator if denominator else None
