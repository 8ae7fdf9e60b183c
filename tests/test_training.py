"""Training sessions, attendance, the waiting list, and activation on a pass."""

import datetime as dt

import pytest
from sqlalchemy import select

from core.agents.roster import REASON_TRAINING_PASSED
from core.agents.training import (
    attendance,
    create_session,
    list_sessions,
    record_attendance,
    waiting_for_training,
)
from core.errors import UserError, ValidationErrors
from core.vocab import AgentStatus
from db.models import Agent, AgentStatusChange
from tests.actors import TRAINER, actor
from tests.roster_fixtures import TODAY, make_agent, setup_place


def test_passing_can_activate_and_failing_keeps_waiting(database):
    with database.write() as s:
        place = setup_place(s)
        passes = make_agent(s, place, AgentStatus.TRAINEE, name="甲").id
        fails = make_agent(s, place, AgentStatus.TRAINEE, name="乙").id
        already = make_agent(s, place, name="丙").id  # active: a refresher course
        session_id = create_session(s, dt.date(2026, 11, 2), "代理员岗前培训", "王老师", TRAINER)
    with database.read() as s:
        assert sorted(waiting_for_training(s)["name"]) == ["乙", "甲"]
    with database.write() as s:
        result = record_attendance(
            s,
            session_id,
            {passes: True, fails: False, already: True},
            actor("trainer1"),
            activate_passed=True,
        )
    assert result.recorded == 3 and result.activated == [passes]
    with database.read() as s:
        assert s.get(Agent, passes).status is AgentStatus.ACTIVE
        assert s.get(Agent, fails).status is AgentStatus.TRAINEE
        step = s.scalars(
            select(AgentStatusChange).where(
                AgentStatusChange.agent_id == passes, AgentStatusChange.to_status == "active"
            )
        ).one()
        assert (step.effective_on, step.reason, step.actor) == (
            dt.date(2026, 11, 2),
            REASON_TRAINING_PASSED,
            "trainer1",
        )
        assert waiting_for_training(s)["name"].tolist() == ["乙"]
        sessions = list_sessions(s)
        assert sessions.iloc[0][["id", "attended", "passed"]].tolist() == [session_id, 3, 2]
        assert attendance(s, session_id)["passed"].tolist() == [True, False, True]


def test_results_can_be_corrected_without_duplicates(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = make_agent(s, place, AgentStatus.TRAINEE).id
        session_id = create_session(s, TODAY, "培训", "王老师", TRAINER)
        record_attendance(s, session_id, {agent_id: False}, actor("t"))
        record_attendance(s, session_id, {agent_id: True}, actor("t"))
    with database.read() as s:
        assert attendance(s, session_id)["passed"].tolist() == [True]
        assert waiting_for_training(s).empty
        assert s.get(Agent, agent_id).status is AgentStatus.TRAINEE  # not asked to activate


def test_session_needs_title_and_trainer_and_results_wait_for_the_day(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = make_agent(s, place, AgentStatus.TRAINEE).id
        with pytest.raises(ValidationErrors) as err:
            create_session(s, TODAY, " ", "", TRAINER)
        assert {e.field for e in err.value.errors} == {"title", "trainer"}
        planned = create_session(s, TODAY + dt.timedelta(days=7), "下月培训", "王老师", TRAINER)
        with pytest.raises(UserError) as refused:
            record_attendance(s, planned, {agent_id: True}, actor("t"))
        assert refused.value.key == "error.training_not_held_yet"


@pytest.mark.parametrize("role", ["clerk", "supervisor", "liaison"])
def test_only_trainers_and_administrators_create_training_sessions(database, role):
    """Called directly, as the page never would: refused, nothing written."""
    from db.models import ChangeLog, TrainingSession

    with database.write() as s, pytest.raises(UserError) as refused:
        create_session(
            s, TODAY, "培训", "王老师", actor(role, unit_id=1 if role == "liaison" else None)
        )
    assert refused.value.key == "error.not_allowed"
    with database.read() as s:
        assert s.scalars(select(TrainingSession)).all() == []
        assert s.scalars(select(ChangeLog)).all() == []


def test_a_new_training_session_is_in_the_change_log(database):
    from core.history import TRAINING_SESSION, change_history

    with database.write() as s:
        session_id = create_session(s, TODAY, "岗前培训", "王老师", TRAINER)
    with database.read() as s:
        logged = change_history(s, TRAINING_SESSION, session_id)
    assert set(logged["field"]) == {"held_on", "title", "trainer"}
    assert set(logged["actor"]) == {TRAINER.username}
