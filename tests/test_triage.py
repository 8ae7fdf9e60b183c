"""Triage: each of the seven outcomes, its required inputs, results and events; the queue;
the routing table."""

import datetime as dt

import pytest
from sqlalchemy import select

from core.cases.intake import Decision, register
from core.cases.routing import coordination_unit, local_units, routes, set_route, suggest_unit
from core.cases.triage import (
    NOT_ACCEPTED,
    REQUIRED_INPUTS,
    LegalChannel,
    TriageDecision,
    default_redirect_key,
    triage,
    triage_queue,
)
from core.cases.workflow import record_reply
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.vocab import ClockKind, ClockState, MatterState, Topic, TriageOutcome
from db.models import Clock, Matter, MatterEvent, Submission
from tests.actors import actor
from tests.intake_fixtures import ACTOR, TODAY, assigned, build_place, draft, registered

O = TriageOutcome


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def _triage(database, matter_id, decision):
    with database.write() as s:
        return triage(s, matter_id, s.get(Matter, matter_id).version, decision, ACTOR, TODAY)


def _events(database, matter_id):
    with database.read() as s:
        return [
            (e.kind, e.before, e.after)
            for e in s.scalars(
                select(MatterEvent)
                .where(MatterEvent.matter_id == matter_id)
                .order_by(MatterEvent.id)
            )
        ]


def _replied_original(database, place):
    original = assigned(database, place)
    with database.write() as s:
        record_reply(s, original, s.get(Matter, original).version, "已答复", ACTOR)
    return original


def _decisions(place, database):
    """A complete decision for each outcome (the review needs a replied original)."""
    return {
        O.HANDLE_LOCALLY: lambda: TriageDecision(O.HANDLE_LOCALLY, unit_id=place.village_unit_id),
        O.ASSIGN_UNIT: lambda: TriageDecision(O.ASSIGN_UNIT, unit_id=place.department_id),
        O.COORDINATE: lambda: TriageDecision(O.COORDINATE),
        O.OTHER_CHANNEL: lambda: TriageDecision(
            O.OTHER_CHANNEL,
            legal_channel=LegalChannel.LITIGATION,
            redirect_to="向区人民法院提起民事诉讼",
            guidance="劳动报酬纠纷可先申请劳动仲裁后起诉",
        ),
        O.ALREADY_HANDLING: lambda: TriageDecision(
            O.ALREADY_HANDLING,
            linked_matter_id=assigned(database, place),
            redirect_to="该事项正在办理中，请等待答复",
        ),
        O.REVIEW: lambda: TriageDecision(
            O.REVIEW, linked_matter_id=_replied_original(database, place)
        ),
        O.CONCLUDED_OR_UNREASONABLE: lambda: TriageDecision(
            O.CONCLUDED_OR_UNREASONABLE,
            reason="该事项已于2025年办结，无新的事实和理由",
            redirect_to="如不服可依法申请复查",
        ),
    }


ACCEPTED_AND_ASSIGNED = ["triaged", "accepted", "assigned"]
EXPECTED = {
    O.HANDLE_LOCALLY: (MatterState.ASSIGNED, "village_unit_id", ACCEPTED_AND_ASSIGNED),
    O.ASSIGN_UNIT: (MatterState.ASSIGNED, "department_id", ACCEPTED_AND_ASSIGNED),
    O.COORDINATE: (MatterState.ASSIGNED, "centre_id", ACCEPTED_AND_ASSIGNED),
    O.OTHER_CHANNEL: (MatterState.NOT_ACCEPTED, None, ["triaged", "not_accepted"]),
    O.ALREADY_HANDLING: (MatterState.NOT_ACCEPTED, None, ["triaged", "not_accepted"]),
    O.REVIEW: (MatterState.ACCEPTED, None, ["triaged", "accepted"]),
    O.CONCLUDED_OR_UNREASONABLE: (MatterState.NOT_ACCEPTED, None, ["triaged", "not_accepted"]),
}


@pytest.mark.parametrize("outcome", list(O), ids=lambda o: o.value)
def test_each_outcome_leads_to_its_state_unit_redirect_and_events(database, place, outcome):
    decision = _decisions(place, database)[outcome]()
    received = TODAY if outcome is O.REVIEW else TODAY - dt.timedelta(days=1)  # after the reply
    matter_id = registered(database, place, received_on=received).matter_id
    result = _triage(database, matter_id, decision)
    state, unit_attr, kinds = EXPECTED[outcome]
    assert result.state is state
    assert result.unit_id == (getattr(place, unit_attr) if unit_attr else None)
    events = _events(database, matter_id)
    assert [kind for kind, _, _ in events] == ["registered", *kinds]
    triaged = events[1]
    assert triaged[1]["state"] == "registered"
    assert triaged[2]["triage_outcome"] == outcome.value
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        acceptance = s.scalar(
            select(Clock).where(Clock.matter_id == matter_id, Clock.kind == ClockKind.ACCEPTANCE)
        )
        if outcome in NOT_ACCEPTED:
            assert matter.redirect_to == decision.redirect_to
            assert matter.triage_note or outcome is O.ALREADY_HANDLING
            assert acceptance.state is ClockState.MET
        else:
            assert matter.redirect_to is None
            assert matter.accepted_at is not None
        if outcome is O.REVIEW:
            assert (matter.review_level, matter.linked_matter_id) == (1, decision.linked_matter_id)
            assert acceptance is None or acceptance.state is not ClockState.RUNNING
        elif outcome is O.ALREADY_HANDLING:
            assert matter.linked_matter_id == decision.linked_matter_id
            subs = s.scalars(select(Submission).where(Submission.matter_id == matter_id))
            assert all(sub.is_repeat for sub in subs)
        elif outcome not in NOT_ACCEPTED:
            assert acceptance.state is ClockState.MET


@pytest.mark.parametrize(
    ("outcome", "field"),
    [(o, f) for o, fields in REQUIRED_INPUTS.items() for f in fields],
    ids=lambda v: getattr(v, "value", v),
)
def test_each_outcome_requires_its_inputs(database, place, outcome, field):
    matter_id = registered(database, place).matter_id
    complete = _decisions(place, database)[outcome]()
    missing = TriageDecision(
        **{
            **complete.__dict__,
            field: None if field.endswith("id") or field == "legal_channel" else "",
        }
    )
    with pytest.raises(ValidationErrors) as raised:
        _triage(database, matter_id, missing)
    assert ("error.required", field) in {(e.key, e.field) for e in raised.value.errors}
    with database.read() as s:
        assert s.get(Matter, matter_id).state is MatterState.REGISTERED


def test_coordination_asks_for_nothing():
    assert REQUIRED_INPUTS[O.COORDINATE] == ()


def test_handling_locally_needs_a_local_unit_of_the_place(database, place):
    matter_id = registered(database, place).matter_id
    with pytest.raises(UserError) as raised:
        _triage(database, matter_id, TriageDecision(O.HANDLE_LOCALLY, unit_id=place.department_id))
    assert raised.value.key == "error.unit_not_local"


def test_an_accusation_is_never_assigned_to_the_accused_unit(database, place):
    matter_id = registered(
        database, place, content_type="accusation", accused_unit_id=place.department_id
    ).matter_id
    with pytest.raises(UserError) as raised:
        _triage(database, matter_id, TriageDecision(O.ASSIGN_UNIT, unit_id=place.department_id))
    assert raised.value.key == "error.unit_is_accused"


def test_already_handling_needs_an_open_matter(database, place):
    closed = registered(database, place).matter_id
    _triage(database, closed, _decisions(place, database)[O.CONCLUDED_OR_UNREASONABLE]())
    matter_id = registered(database, place).matter_id
    with pytest.raises(UserError) as raised:
        _triage(
            database,
            matter_id,
            TriageDecision(O.ALREADY_HANDLING, linked_matter_id=closed, redirect_to="等待答复"),
        )
    assert raised.value.key == "error.linked_matter_not_open"


def test_a_stale_version_is_refused(database, place):
    matter_id = registered(database, place).matter_id
    with database.write() as s:
        stale = s.get(Matter, matter_id).version
    _triage(database, matter_id, TriageDecision(O.COORDINATE))
    with pytest.raises(ConcurrentEditError), database.write() as s:
        triage(s, matter_id, stale, TriageDecision(O.COORDINATE), ACTOR, TODAY)


def test_a_triaged_matter_cannot_be_triaged_again(database, place):
    matter_id = registered(database, place).matter_id
    _triage(database, matter_id, TriageDecision(O.COORDINATE))
    with pytest.raises(UserError) as raised:
        _triage(database, matter_id, TriageDecision(O.COORDINATE))
    assert raised.value.key == "error.transition_not_allowed"


def test_every_not_accepted_outcome_has_a_default_redirect_text():
    from console.i18n import catalogs

    for outcome in O:
        key = default_redirect_key(outcome)
        assert (key is not None) == (outcome in NOT_ACCEPTED)
        if key:
            assert key in catalogs()["zh"] and key in catalogs()["en"]


def test_queue_puts_agent_proxied_and_risk_flagged_first_then_oldest(database, place):
    old_walk_in = registered(database, place, received_on=TODAY - dt.timedelta(days=11))
    new_walk_in = registered(database, place, received_on=TODAY - dt.timedelta(days=1))
    risky = registered(database, place, received_on=TODAY, risk_skip_level=True)
    with database.write() as s:
        proxied = register(
            s,
            draft(place, received_on=TODAY - dt.timedelta(days=1)),
            Decision.new_matter(),
            ACTOR,
            TODAY,
        )
    done = registered(database, place)
    _triage(database, done.matter_id, TriageDecision(O.COORDINATE))
    with database.read() as s:
        queue = triage_queue(s, TODAY)
    assert list(queue["matter_id"]) == [
        proxied.matter_id,
        risky.matter_id,
        old_walk_in.matter_id,
        new_walk_in.matter_id,
    ]
    assert queue.set_index("matter_id").loc[old_walk_in.matter_id, "days_left"] == 4


def test_routing_prefers_the_town_row_and_records_who_changed_it(database, place):
    with database.write() as s:
        assert suggest_unit(s, Topic.LABOUR, place.town_id) is None
        set_route(s, Topic.LABOUR, None, place.department_id, actor("admin1"))
        assert suggest_unit(s, Topic.LABOUR, place.town_id).id == place.department_id
        set_route(s, Topic.LABOUR, place.town_id, place.town_unit_id, actor("admin1"))
        set_route(s, Topic.LABOUR, place.town_id, place.other_department_id, actor("admin2"))
        assert suggest_unit(s, Topic.LABOUR, place.town_id).id == place.other_department_id
        assert suggest_unit(s, Topic.LABOUR, place.other_town_id).id == place.department_id
        table = routes(s)
        assert len(table) == 2
        assert set(table["updated_by"]) == {"admin1", "admin2"}
        assert coordination_unit(s).id == place.centre_id
        assert {u.id for u in local_units(s, place.town_id, place.village_id)} == {
            place.town_unit_id,
            place.village_unit_id,
        }
