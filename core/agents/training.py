"""Training sessions, attendance with pass/fail, and who is still waiting for training.

New agents take posts only after passing training (BRIEF §4): a pass is what lets
`roster.change_status` move a trainee to active, and recording a pass can do that at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core.agents.roster import REASON_TRAINING_PASSED, apply_status_change
from core.agents.search import AgentFilter, search_agents
from core.errors import UserError, ValidationErrors
from core.history import TRAINING_SESSION, record_changes
from core.policy import require
from core.today import today as office_today
from core.users import UserView
from core.validation import check_required, check_text, control_characters
from core.vocab import AgentStatus
from db.models import Agent, TrainingRecord, TrainingSession

TITLE_LIMIT, TRAINER_LIMIT = 120, 64


def create_session(
    session: Session, held_on: dt.date, title: str, trainer: str, actor: UserView
) -> int:
    """Plan or record a training session; returns its id. Future dates are allowed (planning).
    Trainers and administrators only; the new session is in the change log."""
    require(actor, "roster.training")
    errors = ValidationErrors()
    for name, value, limit in (("title", title, TITLE_LIMIT), ("trainer", trainer, TRAINER_LIMIT)):
        key = check_required(value) or check_text(value, limit)
        if key == "error.control_character":
            errors.add("error.control_character_named", name, chars=control_characters(value))
        elif key:
            errors.add(key, name, limit=limit)
    errors.raise_if_any()
    row = TrainingSession(held_on=held_on, title=title.strip(), trainer=trainer.strip())
    session.add(row)
    session.flush()
    record_changes(
        session,
        TRAINING_SESSION,
        row.id,
        {},
        {"held_on": row.held_on, "title": row.title, "trainer": row.trainer},
        actor,
    )
    return row.id


@dataclass(frozen=True)
class AttendanceResult:
    recorded: int
    activated: list[int]  # agent ids moved from trainee to active


def record_attendance(
    session: Session,
    session_id: int,
    results: Mapping[int, bool],
    actor: UserView,
    activate_passed: bool = False,
) -> AttendanceResult:
    """Record pass (True) or fail (False) per agent id; a second call corrects the first.

    Results can be recorded only once the session has been held. With `activate_passed`,
    trainees who passed become active from the session's date (kept in status history).
    """
    require(actor, "roster.training")
    training = session.get(TrainingSession, session_id)
    if training is None:
        raise UserError("error.training_session_unknown")
    if training.held_on > office_today(session):
        raise UserError("error.training_not_held_yet", "held_on", held_on=training.held_on)
    known = set(session.scalars(select(Agent.id).where(Agent.id.in_(list(results)))))
    unknown = sorted(set(results) - known)
    if unknown:
        raise UserError("error.agent_unknown", agent_id=unknown[0])
    existing = {
        r.agent_id: r
        for r in session.scalars(
            select(TrainingRecord).where(TrainingRecord.session_id == session_id)
        )
    }
    for agent_id, passed in results.items():
        record = existing.get(agent_id)
        if record is None:
            session.add(TrainingRecord(session_id=session_id, agent_id=agent_id, passed=passed))
        else:
            record.passed = passed
    session.flush()
    activated = []
    if activate_passed:
        passed_ids = [a for a, passed in results.items() if passed]
        trainees = session.scalars(
            select(Agent.id).where(Agent.id.in_(passed_ids), Agent.status == AgentStatus.TRAINEE)
        ).all()
        for agent_id in trainees:
            apply_status_change(
                session,
                agent_id,
                AgentStatus.ACTIVE,
                training.held_on,
                REASON_TRAINING_PASSED,
                actor,
            )
            activated.append(agent_id)
    return AttendanceResult(len(results), activated)


def list_sessions(session: Session) -> pd.DataFrame:
    """Every session, newest first, with how many attended and passed."""
    stmt = (
        select(
            TrainingSession.id,
            TrainingSession.held_on,
            TrainingSession.title,
            TrainingSession.trainer,
            func.count(TrainingRecord.id),
            func.coalesce(func.sum(case((TrainingRecord.passed, 1), else_=0)), 0),
        )
        .outerjoin(TrainingRecord, TrainingRecord.session_id == TrainingSession.id)
        .group_by(TrainingSession.id)
        .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
    )
    return pd.DataFrame(
        session.execute(stmt).all(),
        columns=["id", "held_on", "title", "trainer", "attended", "passed"],
    )


def attendance(session: Session, session_id: int) -> pd.DataFrame:
    """Who attended one session and whether they passed."""
    stmt = (
        select(Agent.id, Agent.code, Agent.name, Agent.status, TrainingRecord.passed)
        .join(TrainingRecord, TrainingRecord.agent_id == Agent.id)
        .where(TrainingRecord.session_id == session_id)
        .order_by(Agent.code)
    )
    rows = [(i, c, n, s.value, p) for i, c, n, s, p in session.execute(stmt)]
    return pd.DataFrame(rows, columns=["agent_id", "code", "name", "status", "passed"])


def waiting_for_training(session: Session) -> pd.DataFrame:
    """Trainees without a passed training: the next session's invitation list."""
    flt = AgentFilter(status=AgentStatus.TRAINEE, trained=False)
    return search_agents(session, flt, sort_by="joined_on").agents
