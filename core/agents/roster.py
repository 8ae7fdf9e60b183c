"""The agent roster: add and edit, the status lifecycle, and the agent page.

Field checks live in `core.agents.checks`, search in `core.agents.search`. Pages get pandas
DataFrames with English column names (labels in ``console/locales/roster.py`` as
``roster.col.<name>``) and enum columns as their stored values (shown with
`console.i18n.label`).

Status-change reasons the system writes itself are i18n keys (``roster.reason.…``); a
reason typed by a user is stored as typed. `console.i18n.translate` returns unknown text
unchanged, so a page can pass every reason through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.agents.bonus import agent_bonus_by_quarter
from core.agents.checks import TEXT_LIMITS, AgentInput, checked_values
from core.agents.search import ROSTER_COLUMNS, AgentFilter, filtered, plain_frame
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.history import AGENT, record_changes
from core.policy import actor_name, require
from core.timeutil import now_utc
from core.today import today as office_today
from core.users import UserView
from core.validation import (
    check_not_future,
    check_required,
    check_text,
    checked_text,
    control_characters,
)
from core.vocab import AgentStatus
from db.models import (
    Agent,
    AgentStatusChange,
    Matter,
    Submission,
    TrainingRecord,
    TrainingSession,
)

#: Allowed status changes (BRIEF §4): trainee → active → suspended ⇄ active; any → retired.
TRANSITIONS: dict[AgentStatus, frozenset[AgentStatus]] = {
    AgentStatus.TRAINEE: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.ACTIVE: frozenset({AgentStatus.SUSPENDED, AgentStatus.RETIRED}),
    AgentStatus.SUSPENDED: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.RETIRED: frozenset(),
}

REASON_REGISTERED = "roster.reason.registered"
REASON_TRAINING_PASSED = "roster.reason.training_passed"
REASON_IMPORTED = "roster.reason.imported"
#: The reason given for an edit (kept in the change log), as typed.
CHANGE_REASON_LIMIT = 1_000

# --- add, edit, status ------------------------------------------------------------------


def status_change_row(
    agent_id: int,
    from_status: AgentStatus | None,
    to_status: AgentStatus,
    effective_on: dt.date,
    reason: str,
    recorded_by: str,
) -> dict:
    """One `AgentStatusChange` as a dict, for a single insert or a bulk one (import)."""
    return {
        "agent_id": agent_id,
        "from_status": from_status,
        "to_status": to_status,
        "effective_on": effective_on,
        "reason": reason,
        "actor": recorded_by,
        "recorded_at": now_utc(),
    }


def add_agent(session: Session, data: AgentInput, actor: UserView) -> int:
    """Register a new agent as a trainee (history starts with that step); returns its id.

    Raises `ValidationErrors` with every field error at once; nothing is written then.
    """
    require(actor, "roster.edit")
    values = checked_values(session, data, None)
    agent = Agent(**values.as_row(), status=AgentStatus.TRAINEE)
    session.add(agent)
    session.flush()
    session.add(
        AgentStatusChange(
            **status_change_row(
                agent.id,
                None,
                AgentStatus.TRAINEE,
                values.joined_on,
                REASON_REGISTERED,
                actor_name(actor),
            )
        )
    )
    return agent.id


def _load_for_change(session: Session, agent_id: int, expected_version: int | None) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise UserError("error.agent_unknown", agent_id=agent_id)
    if expected_version is not None and agent.version != expected_version:
        raise ConcurrentEditError()
    return agent


def _flush(session: Session) -> None:
    """Flush, turning a lost optimistic-lock race into the error a user can act on."""
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentEditError() from None


def edit_agent(
    session: Session,
    agent_id: int,
    data: AgentInput,
    expected_version: int,
    actor: UserView,
    *,
    reason: str | None = None,
) -> int:
    """Save a form loaded at `expected_version`; returns the new version.

    Every changed field (is_public_servant too, which decides pay) is logged with its old and
    new value (`core.history`, entity ``agent``). Status is not a form field: it changes only
    through `change_status`.
    """
    require(actor, "roster.edit")
    reason = checked_text(reason, "reason", CHANGE_REASON_LIMIT, multiline=True)
    agent = _load_for_change(session, agent_id, expected_version)
    values = checked_values(session, data, agent_id)
    new = values.as_row()
    old = {name: getattr(agent, name) for name in new}
    record_changes(session, AGENT, agent_id, old, new, actor, reason)
    for name, value in new.items():
        setattr(agent, name, value)
    _flush(session)
    return agent.version


def has_passed_training(session: Session, agent_id: int) -> bool:
    return session.scalar(
        select(exists().where(TrainingRecord.agent_id == agent_id, TrainingRecord.passed))
    )


def check_status_change(
    current: AgentStatus,
    to_status: AgentStatus,
    trained: bool,
    effective_on: dt.date,
    last_effective_on: dt.date | None,
    reason: str,
    today: dt.date,
) -> None:
    """The lifecycle rules, shared by the agent page and the import."""
    if to_status not in TRANSITIONS[current]:
        raise UserError("error.status_transition", "status", current=current, to=to_status)
    if current is AgentStatus.TRAINEE and to_status is AgentStatus.ACTIVE and not trained:
        raise UserError("error.training_required", "status")
    errors = ValidationErrors()
    if check_required(reason):
        errors.add("error.required", "reason")
    elif (problem := check_text(reason, TEXT_LIMITS["reason"])) == "error.control_character":
        errors.add("error.control_character_named", "reason", chars=control_characters(reason))
    elif problem:
        errors.add(problem, "reason", limit=TEXT_LIMITS["reason"])
    if check_not_future(effective_on, today):
        errors.add("error.date_in_future", "effective_on")
    elif last_effective_on is not None and effective_on < last_effective_on:
        errors.add("error.date_before_last_change", "effective_on", last=last_effective_on)
    errors.raise_if_any()


def last_status_dates(session: Session, agent_ids: Iterable[int] | None = None) -> dict:
    """agent id → effective date of its latest status change."""
    stmt = select(AgentStatusChange.agent_id, func.max(AgentStatusChange.effective_on))
    if agent_ids is not None:
        stmt = stmt.where(AgentStatusChange.agent_id.in_(list(agent_ids)))
    return dict(session.execute(stmt.group_by(AgentStatusChange.agent_id)).all())


def apply_status_change(
    session: Session,
    agent_id: int,
    to_status: AgentStatus | str,
    effective_on: dt.date,
    reason: str,
    actor: UserView,
    expected_version: int | None = None,
) -> int:
    """Activate, suspend, reinstate or retire an agent, with a reason and an effective date
    (not in the future, not before the previous change). Returns the new version.
    The caller has checked the policy (`change_status`, or training for its passed trainees)."""
    agent = _load_for_change(session, agent_id, expected_version)
    to_status = AgentStatus(to_status)
    check_status_change(
        agent.status,
        to_status,
        has_passed_training(session, agent_id),
        effective_on,
        last_status_dates(session, [agent_id]).get(agent_id),
        reason,
        office_today(session),
    )
    row = status_change_row(
        agent_id, agent.status, to_status, effective_on, reason.strip(), actor_name(actor)
    )
    session.add(AgentStatusChange(**row))
    agent.status = to_status
    _flush(session)
    return agent.version


# --- the agent page -------------------------------------------------------------------


@dataclass(frozen=True)
class AgentDetail:
    """Everything the agent page shows; `profile` is one roster row (see ROSTER_COLUMNS)."""

    profile: dict
    status_history: pd.DataFrame
    training: pd.DataFrame
    matters: pd.DataFrame
    bonuses: pd.DataFrame


def agent_detail(session: Session, agent_id: int) -> AgentDetail:
    found = agent_profile(session, agent_id)
    if found is None:
        raise UserError("error.agent_unknown", agent_id=agent_id)
    return AgentDetail(
        profile=found,
        status_history=_status_history(session, agent_id),
        training=_training_record(session, agent_id),
        matters=_filed_matters(session, agent_id),
        bonuses=agent_bonus_by_quarter(session, agent_id),
    )


def agent_profile(session: Session, agent_id: int) -> dict | None:
    stmt = filtered(select(*(c.label(n) for n, c in ROSTER_COLUMNS.items())), AgentFilter())
    frame = plain_frame(session.execute(stmt.where(Agent.id == agent_id)), ROSTER_COLUMNS)
    return None if frame.empty else frame.iloc[0].to_dict()


def _status_history(session: Session, agent_id: int) -> pd.DataFrame:
    c = AgentStatusChange
    stmt = (
        select(c.effective_on, c.from_status, c.to_status, c.reason, c.actor, c.recorded_at)
        .where(c.agent_id == agent_id)
        .order_by(c.effective_on, c.id)
    )
    return plain_frame(
        session.execute(stmt),
        ["effective_on", "from_status", "to_status", "reason", "actor", "recorded_at"],
    )


def _training_record(session: Session, agent_id: int) -> pd.DataFrame:
    stmt = (
        select(
            TrainingSession.held_on,
            TrainingSession.title,
            TrainingSession.trainer,
            TrainingRecord.passed,
        )
        .join(TrainingSession, TrainingRecord.session_id == TrainingSession.id)
        .where(TrainingRecord.agent_id == agent_id)
        .order_by(TrainingSession.held_on)
    )
    return plain_frame(session.execute(stmt), ["held_on", "title", "trainer", "passed"])


FILED_COLUMNS = {
    "submission_id": Submission.id,
    "submitted_at": Submission.submitted_at,
    "channel": Submission.channel,
    "is_repeat": Submission.is_repeat,
    "matter_id": Matter.id,
    "case_number": Matter.case_number,
    "summary": Matter.summary,
    "state": Matter.state,
    "triage_outcome": Matter.triage_outcome,
    "delivered_at": Matter.delivered_at,
    "unit_rating": Matter.unit_rating,
    "agent_rating": Matter.agent_rating,
    "ceased": Matter.ceased,
}


def _filed_matters(session: Session, agent_id: int) -> pd.DataFrame:
    stmt = (
        select(*FILED_COLUMNS.values())
        .join(Matter, Submission.matter_id == Matter.id)
        .where(Submission.agent_id == agent_id)
        .order_by(Submission.submitted_at.desc())
    )
    return plain_frame(session.execute(stmt), FILED_COLUMNS)


def change_status(
    session: Session,
    agent_id: int,
    to_status: AgentStatus | str,
    effective_on: dt.date,
    reason: str,
    actor: UserView,
    expected_version: int | None = None,
) -> int:
    """Activate, suspend, reinstate or retire an agent (`apply_status_change`): supervisors
    and administrators only."""
    require(actor, "roster.edit")
    return apply_status_change(
        session, agent_id, to_status, effective_on, reason, actor, expected_version
    )
