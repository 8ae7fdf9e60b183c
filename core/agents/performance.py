"""Agent performance per quarter, the quarterly ranking, and who needs a follow-up call.

Quarters are strings like ``2026Q3``; a filing belongs to the quarter of its
``submitted_at`` in office time (Asia/Shanghai). Rates stand beside the counts they come
from, and agents with fewer than `MIN_RANKED_CASES` original filings are listed but not
ranked: two satisfied cases out of two say little next to forty out of fifty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.deadlines.rules import DEFAULT_RULES, add_days, load_rules, reply_rule_key
from core.quarters import quarter_of, quarter_span_utc
from core.timeutil import local_date
from core.vocab import AgentStatus, ClockKind, MatterState, Rating, TriageOutcome
from db.models import Agent, Clock, Matter, Submission, Town, Village

MIN_RANKED_CASES = 3

#: Triage outcomes under which the office took the matter on (BRIEF §6 rules 1-3).
ACCEPTED_OUTCOMES = frozenset(
    {TriageOutcome.HANDLE_LOCALLY, TriageOutcome.ASSIGN_UNIT, TriageOutcome.COORDINATE}
)


def final_rating(agent_rating: Rating | None, unit_rating: Rating | None) -> Rating | None:
    """The petitioner's rating that counts for an agent: of the agent if given, else of the
    handling unit (petitioners rate both; older records may carry only the unit's)."""
    return agent_rating or unit_rating


# --- figures ----------------------------------------------------------------------------

COUNT_COLUMNS = (
    "filed",
    "repeats",
    "originals",
    "accepted",
    "replied",
    "replied_on_time",
    "delivered",
    "rated",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "ceased",
)
RATE_COLUMNS = {
    # rate: (numerator, denominator)
    "acceptance_rate": ("accepted", "originals"),
    "on_time_rate": ("replied_on_time", "replied"),
    "satisfaction_rate": ("satisfied_any", "rated"),
    "cessation_rate": ("ceased", "accepted"),
}


def _reply_due(session: Session, matters: Iterable[Matter]) -> dict[int, dt.date]:
    """matter id → reply due date.

    From the matter's reply clock when the deadline engine made one; otherwise (matters
    from before clocks existed, demo data) the reply rule for its urgency counted from the
    acceptance — or the registration when no acceptance time was recorded — with the
    configured rules or, when none are stored, the defaults (1/5/15/30 calendar days).
    """
    matters = list(matters)
    due = dict(
        session.execute(
            select(Clock.matter_id, Clock.due_on)
            .where(Clock.kind == ClockKind.REPLY, Clock.matter_id.in_([m.id for m in matters]))
            .order_by(Clock.id)
        ).all()
    )
    rules = load_rules(session) or {r.key: r for r in DEFAULT_RULES}
    for m in matters:
        if m.id not in due:
            rule = rules[reply_rule_key(m.urgency)]
            start = local_date(m.accepted_at or m.registered_at)
            due[m.id] = add_days(
                start, rule.days, rule.basis, roll_over_holiday=rule.roll_over_holiday
            )
    return due


def _filing_rows(session: Session, quarter: str | None, agent_id: int | None) -> list[dict]:
    stmt = (
        select(Submission, Matter)
        .join(Matter, Submission.matter_id == Matter.id)
        .where(Submission.agent_id.is_not(None))
    )
    if quarter is not None:
        start, end = quarter_span_utc(quarter)
        stmt = stmt.where(Submission.submitted_at >= start, Submission.submitted_at < end)
    if agent_id is not None:
        stmt = stmt.where(Submission.agent_id == agent_id)
    pairs = session.execute(stmt).all()
    due = _reply_due(session, {m.id: m for _, m in pairs if m.replied_at}.values())
    rows = []
    for sub, m in pairs:
        accepted = (
            not sub.is_repeat
            and m.triage_outcome in ACCEPTED_OUTCOMES
            and m.state is not MatterState.WITHDRAWN
        )
        rating = final_rating(m.agent_rating, m.unit_rating) if accepted else None
        replied = accepted and m.replied_at is not None
        rows.append(
            {
                "agent_id": sub.agent_id,
                "quarter": quarter_of(sub.submitted_at),
                "filed": 1,
                "repeats": int(sub.is_repeat),
                "originals": int(not sub.is_repeat),
                "accepted": int(accepted),
                "replied": int(replied),
                "replied_on_time": int(replied and local_date(m.replied_at) <= due[m.id]),
                "delivered": int(accepted and m.delivered_at is not None),
                "rated": int(rating is not None),
                "satisfied": int(rating is Rating.SATISFIED),
                "basically_satisfied": int(rating is Rating.BASICALLY_SATISFIED),
                "unsatisfied": int(rating is Rating.UNSATISFIED),
                "ceased": int(accepted and m.ceased),
            }
        )
    return rows


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["satisfied_any"] = frame["satisfied"] + frame["basically_satisfied"]
    for rate, (num, den) in RATE_COLUMNS.items():
        frame[rate] = (frame[num] / frame[den].where(frame[den] > 0)).astype(float)
    return frame.drop(columns="satisfied_any")


def performance(
    session: Session, quarter: str | None = None, agent_id: int | None = None
) -> pd.DataFrame:
    """Counts and rates per agent and quarter (only agents and quarters with filings).

    Accepted, replied, on time, ratings and cessation count original filings only: a
    repeat filing is the same matter again. On time: the reply's office date is on or
    before the reply due date (see `_reply_due`).
    """
    rows = _filing_rows(session, quarter, agent_id)
    frame = pd.DataFrame(rows, columns=["agent_id", "quarter", *COUNT_COLUMNS])
    frame = frame.groupby(["agent_id", "quarter"], as_index=False)[list(COUNT_COLUMNS)].sum()
    return _with_rates(frame).sort_values(["quarter", "agent_id"], ignore_index=True)


def quarterly_ranking(
    session: Session, quarter: str, min_count: int = MIN_RANKED_CASES
) -> pd.DataFrame:
    """Active agents and anyone who filed in the quarter, best first.

    Ranked (``rank`` 1, 2, …) only with at least `min_count` original filings and as many
    rated matters (a satisfaction rate of 1/1 says nothing), by satisfaction rate, then
    on-time rate, then accepted count; the others keep their figures with an empty rank.
    ``follow_up`` marks active agents who filed nothing.
    """
    figures = performance(session, quarter)
    agents = pd.DataFrame(
        session.execute(
            select(
                Agent.id,
                Agent.code,
                Agent.name,
                Agent.status,
                Agent.is_public_servant,
                Town.name,
                Village.name,
            )
            .join(Village, Agent.village_id == Village.id)
            .join(Town, Village.town_id == Town.id)
        ).all(),
        columns=["agent_id", "code", "name", "status", "public_servant", "town", "village"],
    )
    frame = agents.merge(figures.drop(columns="quarter"), on="agent_id", how="left")
    frame = frame[(frame["status"] == AgentStatus.ACTIVE) | frame["filed"].notna()].copy()
    frame[list(COUNT_COLUMNS)] = frame[list(COUNT_COLUMNS)].fillna(0).astype(int)
    frame["status"] = frame["status"].map(lambda s: AgentStatus(s).value)
    frame["quarter"] = quarter
    frame["ranked"] = (frame["originals"] >= min_count) & (frame["rated"] >= min_count)
    frame["follow_up"] = (frame["status"] == AgentStatus.ACTIVE.value) & (frame["filed"] == 0)
    frame = frame.sort_values(
        ["ranked", "satisfaction_rate", "on_time_rate", "accepted", "code"],
        ascending=[False, False, False, False, True],
        na_position="last",
        ignore_index=True,
    )
    frame["rank"] = pd.Series(range(1, len(frame) + 1), dtype="Int64").where(frame["ranked"])
    return frame
