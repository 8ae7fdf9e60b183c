"""The workflow: allowed transitions as data, one event per change, the optimistic lock,
the named steps, the timeline, and privacy of the full record."""

import pytest
from sqlalchemy import func, select

from core.cases.detail import mask, matter_detail
from core.cases.intake import Decision, register
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import (
    TRANSITIONS,
    apply_transition,
    close,
    record_delivery,
    record_rating,
    record_reply,
    timeline,
    withdraw,
)
from core.errors import ConcurrentEditError, UserError
from core.users import UserView
from core.vocab import OPEN_STATES, MatterState, Rating, Role, TriageOutcome
from db.models import Matter, MatterEvent, RecordAccess
from tests.actors import actor
from tests.intake_fixtures import ACTOR, TODAY, assigned, build_place, draft, registered

S = MatterState


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def _version(database, matter_id):
    with database.read() as s:
        return s.get(Matter, matter_id).version


def _event_count(database, matter_id):
    with database.read() as s:
        return s.scalar(
            select(func.count()).select_from(MatterEvent).where(MatterEvent.matter_id == matter_id)
        )


def test_the_table_follows_the_brief():
    """The whole table, spelled out from BRIEF §6: an extra or a missing edge fails."""
    W = S.WITHDRAWN
    expected = {
        S.REGISTERED: {S.TRIAGED, S.ACCEPTED, S.NOT_ACCEPTED, W},
        S.TRIAGED: {S.ACCEPTED, S.NOT_ACCEPTED, W},
        S.ACCEPTED: {S.ASSIGNED, W},
        # a unit returns what is not its own (退回); the office transfers it (转办)
        S.ASSIGNED: {S.IN_HANDLING, S.REPLIED, S.ACCEPTED, S.ASSIGNED, W},
        S.IN_HANDLING: {S.REPLIED, S.ACCEPTED, S.ASSIGNED, W},
        S.REPLIED: {S.DELIVERED, W},
        S.DELIVERED: {S.RATED, W},
        S.RATED: {S.CLOSED},  # rated: the petitioner has answered; only archiving is left
        S.NOT_ACCEPTED: set(),
        S.CLOSED: set(),
        S.WITHDRAWN: set(),
    }
    assert {state: set(targets) for state, targets in TRANSITIONS.items()} == expected
    assert {state for state, targets in expected.items() if W in targets} == set(OPEN_STATES)


def test_an_illegal_transition_is_refused_and_writes_nothing(database, place):
    matter_id = registered(database, place).matter_id
    with pytest.raises(UserError) as raised, database.write() as s:
        apply_transition(
            s,
            matter_id,
            _version(database, matter_id),
            S.REPLIED,
            ACTOR,
            changes={"reply_text": "x"},
        )
    assert raised.value.key == "error.transition_not_allowed"
    assert _event_count(database, matter_id) == 1
    with database.read() as s:
        assert s.get(Matter, matter_id).reply_text is None


def test_a_transition_writes_exactly_one_event_with_the_changed_fields(database, place):
    matter_id = assigned(database, place)
    before_events, version = _event_count(database, matter_id), _version(database, matter_id)
    with database.write() as s:
        matter = record_reply(s, matter_id, version, "经核查，已督促企业支付工资。", ACTOR)
        new_version = matter.version
    assert new_version == version + 1
    assert _event_count(database, matter_id) == before_events + 1
    with database.read() as s:
        event = s.scalars(
            select(MatterEvent)
            .where(MatterEvent.matter_id == matter_id)
            .order_by(MatterEvent.id.desc())
        ).first()
        assert event.kind == "replied"
        assert set(event.after) == {"state", "reply_text", "replied_at"}
        assert event.before == {"state": "assigned", "reply_text": None, "replied_at": None}


def test_a_stale_version_raises_and_changes_nothing(database, place):
    matter_id = assigned(database, place)
    stale = _version(database, matter_id)
    with database.write() as s:
        record_reply(s, matter_id, stale, "答复一", ACTOR)
    with pytest.raises(ConcurrentEditError), database.write() as s:
        record_delivery(s, matter_id, stale, ACTOR)
    with database.read() as s:
        assert s.get(Matter, matter_id).state is S.REPLIED


def test_the_whole_path_to_closure_and_the_timeline(database, place):
    with database.write() as s:
        matter_id = register(s, draft(place), Decision.new_matter(), ACTOR, TODAY).matter_id
    with database.write() as s:
        triage(
            s,
            matter_id,
            _version(database, matter_id),
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
            ACTOR,
            TODAY,
        )
    with database.write() as s:
        record_reply(s, matter_id, _version(database, matter_id), "已答复", ACTOR)
    with database.write() as s:
        record_delivery(s, matter_id, _version(database, matter_id), actor("agent"))
    with pytest.raises(UserError) as raised, database.write() as s:
        record_rating(
            s, matter_id, _version(database, matter_id), ACTOR, unit_rating=Rating.SATISFIED
        )
    assert raised.value.key == "error.agent_rating_required"
    with database.write() as s:
        record_rating(
            s,
            matter_id,
            _version(database, matter_id),
            ACTOR,
            unit_rating=Rating.SATISFIED,
            agent_rating=Rating.SATISFIED,
            ceased=True,
        )
    with database.write() as s:
        close(s, matter_id, _version(database, matter_id), ACTOR)
    with database.read() as s:
        kinds = list(timeline(s, matter_id)["kind"])
        matter = s.get(Matter, matter_id)
        assert (matter.state, matter.ceased) == (S.CLOSED, True)
        assert matter.unit_rating is Rating.SATISFIED
    assert kinds == [
        "registered",
        "triaged",
        "accepted",
        "assigned",
        "replied",
        "delivered",
        "rated",
        "closed",
    ]


def test_withdrawal_needs_a_reason(database, place):
    matter_id = registered(database, place).matter_id
    with pytest.raises(UserError) as raised, database.write() as s:
        withdraw(s, matter_id, _version(database, matter_id), ACTOR, " ")
    assert (raised.value.key, raised.value.field) == ("error.required", "reason")
    with database.write() as s:
        withdraw(s, matter_id, _version(database, matter_id), ACTOR, "信访人主动撤回")
    with database.read() as s:
        row = timeline(s, matter_id).iloc[-1]
    assert (row["kind"], row["reason"]) == ("withdrawn", "信访人主动撤回")


# --- privacy --------------------------------------------------------------------------


def _viewer(role, unit_id=None, username="viewer"):
    return UserView(username, username, role, unit_id, None)


def test_masking_keeps_only_the_ends():
    assert mask("13812345678", 3) == "138****5678"
    assert mask("110105199901010011", 6) == "110105********0011"


@pytest.mark.parametrize(
    ("role", "masked"),
    [(Role.CLERK, False), (Role.SUPERVISOR, False), (Role.ADMIN, False), (Role.TRAINER, True)],
)
def test_office_roles_see_contacts_trainers_see_them_masked(database, place, role, masked):
    matter_id = registered(database, place).matter_id
    with database.write() as s:
        detail = matter_detail(s, matter_id, _viewer(role))
    phone = detail.petitioners.iloc[0]["phone"]
    assert detail.masked is masked
    assert ("*" in phone) is masked
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(RecordAccess)) == 0


def test_a_liaison_reads_own_units_matter_masked_and_the_read_is_logged(database, place):
    matter_id = assigned(database, place)
    liaison = _viewer(Role.UNIT_LIAISON, place.department_id, "hr_liaison")
    with database.write() as s:
        detail = matter_detail(s, matter_id, liaison)
    assert detail.masked and "*" in detail.petitioners.iloc[0]["id_number"]
    with database.read() as s:
        access = s.scalars(select(RecordAccess)).all()
        assert [(a.matter_id, a.username) for a in access] == [(matter_id, "hr_liaison")]


def test_a_liaison_cannot_read_other_units_matters(database, place):
    matter_id = assigned(database, place)
    with pytest.raises(UserError) as raised, database.write() as s:
        matter_detail(s, matter_id, _viewer(Role.UNIT_LIAISON, place.other_department_id))
    assert raised.value.key == "error.matter_forbidden"


def test_an_accusation_never_reaches_the_accused_units_liaison(database, place):
    matter_id = assigned(
        database, place, content_type="accusation", accused_unit_id=place.other_department_id
    )
    with pytest.raises(UserError) as raised, database.write() as s:
        matter_detail(s, matter_id, _viewer(Role.UNIT_LIAISON, place.other_department_id))
    assert raised.value.key == "error.matter_forbidden"
    with database.write() as s:  # the handling unit's liaison may read it
        matter_detail(s, matter_id, _viewer(Role.UNIT_LIAISON, place.department_id))


# --- dated steps (received ≤ accepted ≤ assigned ≤ replied ≤ …, never in the future) ---


def _assigned_at(database, matter_id):
    with database.read() as s:
        return s.get(Matter, matter_id).assigned_at


def _reply(database, matter_id, when, reason=None):
    with database.write() as s:
        return record_reply(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            "已答复。",
            ACTOR,
            occurred_at=when,
            reason=reason,
        )


def test_a_step_dated_before_the_step_before_it_is_refused(database, place):
    import datetime as dt

    matter_id = assigned(database, place)
    version = _version(database, matter_id)
    with pytest.raises(UserError) as raised:
        _reply(database, matter_id, dt.datetime(2020, 1, 1, 4, tzinfo=dt.UTC), reason="补录")
    assert raised.value.key == "error.date_before_previous_step"
    with pytest.raises(UserError) as raised:
        _reply(database, matter_id, dt.datetime(2999, 1, 1, 4, tzinfo=dt.UTC))
    assert raised.value.key == "error.date_in_future"
    assert _version(database, matter_id) == version, "nothing was written"


def test_an_earlier_hour_of_the_same_day_keeps_the_order_of_the_steps(database, place):
    """A day-only date stands at noon and a simulated day's step at the real hour: a reply
    entered that morning is kept at the assignment's moment, never before it."""
    import datetime as dt

    matter_id = assigned(database, place)
    assigned_at = _assigned_at(database, matter_id)
    morning = assigned_at - dt.timedelta(minutes=1)
    _reply(database, matter_id, morning, reason="当日补录")
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        assert matter.state is S.REPLIED and matter.replied_at == assigned_at
        event = s.scalars(
            select(MatterEvent)
            .where(MatterEvent.matter_id == matter_id)
            .order_by(MatterEvent.id.desc())
        ).first()
    assert event.kind == "replied" and event.occurred_at == assigned_at
