"""Return (退回), transfer (转办) and bulk routing (core.cases.transfer), on SQLite and
PostgreSQL: who may, which unit, the clocks across a transfer, all-or-nothing bulk."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from core import settings
from core.cases.queue import assign_to_unit
from core.cases.replay import check_history
from core.cases.transfer import BULK_LIMIT, bulk_route, return_to_office, transfer
from core.cases.workflow import apply_transition
from core.deadlines.calendar import seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.rules import seed_default_rules
from core.errors import UserError
from core.today import SIMULATED_TODAY
from core.vocab import ClockKind, ClockState, ContentType, MatterState, Role, UnitLevel
from db.models import Clock, Matter, MatterEvent, Unit
from tests.actors import actor
from tests.factories import change_matter, make_matter, make_place

TODAY = dt.date(2026, 11, 20)
D = dt.date
S = MatterState
CLERK = actor("clerk")


@pytest.fixture
def world(database):
    """Two assigned matters of the department, one accepted without a unit, a third unit."""
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
        settings.put(s, SIMULATED_TODAY, TODAY.isoformat(), "test")
        place = make_place(s)
        third = Unit(code="ZJW", name="区住房城乡建委", level=UnitLevel.DISTRICT_DEPARTMENT)
        s.add(third)
        s.flush()
        assigned = [
            make_matter(
                s,
                place,
                received=D(2026, 11, 10),
                accepted=D(2026, 11, 11),
                assigned=D(2026, 11, 12),
                unit=place.unit,
            )
            for _ in range(3)
        ]
        waiting = make_matter(s, place, received=D(2026, 11, 16), accepted=D(2026, 11, 17))
        rebuild_all_clocks(s, TODAY)
        ids = {
            "dept": place.unit.id,
            "town": place.town_unit.id,
            "third": third.id,
            "matters": [m.id for m in assigned],
            "waiting": waiting.id,
        }
    return ids


def _matter(database, matter_id) -> Matter:
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        s.expunge(matter)
    return matter


def _events(database, matter_id) -> list[MatterEvent]:
    with database.read() as s:
        events = s.scalars(
            select(MatterEvent).where(MatterEvent.matter_id == matter_id).order_by(MatterEvent.id)
        ).all()
        s.expunge_all()
    return events


def _clock(database, matter_id, kind) -> Clock:
    with database.read() as s:
        clock = s.scalar(select(Clock).where(Clock.matter_id == matter_id, Clock.kind == kind))
        s.expunge(clock)
    return clock


def test_the_unit_returns_a_matter_that_is_not_its_own(database, world):
    matter_id = world["matters"][0]
    reply_due = _clock(database, matter_id, ClockKind.REPLY).due_on
    liaison = actor("liaison", unit_id=world["dept"])
    with database.write() as s:
        return_to_office(s, matter_id, s.get(Matter, matter_id).version, "不属本单位职责", liaison)
    matter = _matter(database, matter_id)
    assert (matter.state, matter.unit_id, matter.assigned_at) == (S.ACCEPTED, None, None)
    event = _events(database, matter_id)[-1]
    assert (event.kind, event.actor, event.reason) == ("returned", "liaison", "不属本单位职责")
    assert event.after["returned_by_unit_id"] == world["dept"]
    # the petitioner's reply clock runs on; the unit's feedback clock stops
    reply = _clock(database, matter_id, ClockKind.REPLY)
    assert (reply.state, reply.due_on) == (ClockState.RUNNING, reply_due)
    assert _clock(database, matter_id, ClockKind.INTERNAL_FEEDBACK).state is ClockState.CANCELLED


@pytest.mark.parametrize(
    "who, reason, key",
    [
        (lambda w: actor("liaison", unit_id=w["town"]), "不属本单位", "error.matter_forbidden"),
        (lambda w: actor("liaison", unit_id=w["dept"]), "  ", "error.required"),
        (lambda w: actor("liaison", unit_id=w["dept"]), "理由\u202e", "error.control_character"),
    ],
    ids=["another unit's liaison", "no reason", "hostile reason"],
)
def test_a_return_is_refused_and_nothing_changes(database, world, who, reason, key):
    matter_id = world["matters"][0]
    before, events = _matter(database, matter_id), len(_events(database, matter_id))
    with pytest.raises(UserError) as raised, database.write() as s:
        return_to_office(s, matter_id, before.version, reason, who(world))
    assert raised.value.key == key
    after = _matter(database, matter_id)
    assert (after.state, after.unit_id, after.version) == (
        before.state,
        before.unit_id,
        before.version,
    )
    assert len(_events(database, matter_id)) == events


def test_the_office_transfers_and_the_legal_clock_runs_on(database, world):
    matter_id = world["matters"][0]
    reply_due = _clock(database, matter_id, ClockKind.REPLY).due_on
    feedback_before = _clock(database, matter_id, ClockKind.INTERNAL_FEEDBACK)
    with database.write() as s:
        transfer(
            s, matter_id, s.get(Matter, matter_id).version, world["third"], "属住建职责", CLERK
        )
    matter = _matter(database, matter_id)
    assert (matter.state, matter.unit_id) == (S.ASSIGNED, world["third"])
    event = _events(database, matter_id)[-1]
    assert (event.kind, event.reason) == ("transferred", "属住建职责")
    assert event.before["unit_id"] == world["dept"] and event.after["unit_id"] == world["third"]
    assert _clock(database, matter_id, ClockKind.REPLY).due_on == reply_due
    feedback = _clock(database, matter_id, ClockKind.INTERNAL_FEEDBACK)
    assert feedback.started_on > feedback_before.started_on  # the new unit's own limit
    with database.read() as s:
        assert check_history(s, [matter_id]).ok


def test_a_liaison_may_not_transfer_and_the_same_unit_is_refused(database, world):
    matter_id = world["matters"][0]
    with pytest.raises(UserError) as raised, database.write() as s:
        transfer(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            world["third"],
            "转走",
            actor("liaison", unit_id=world["dept"]),
        )
    assert raised.value.key == "error.not_allowed"
    with pytest.raises(UserError) as raised, database.write() as s:
        transfer(s, matter_id, s.get(Matter, matter_id).version, world["dept"], "转办", CLERK)
    assert raised.value.key == "error.transfer_same_unit"
    assert _matter(database, matter_id).unit_id == world["dept"]


def test_an_accusation_is_never_transferred_to_the_unit_it_accuses(database, world):
    matter_id = world["matters"][0]
    with database.write() as s:
        change_matter(
            s,
            s.get(Matter, matter_id),
            "registered",
            content_type=ContentType.ACCUSATION,
            accused_unit_id=world["third"],
        )
    with pytest.raises(UserError) as raised, database.write() as s:
        transfer(s, matter_id, s.get(Matter, matter_id).version, world["third"], "转办", CLERK)
    assert raised.value.key == "error.unit_is_accused"
    assert _matter(database, matter_id).unit_id == world["dept"]


def test_a_returned_matter_is_routed_again(database, world):
    matter_id = world["matters"][1]
    with database.write() as s:
        return_to_office(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            "不属本单位",
            actor("liaison", unit_id=world["dept"]),
        )
    with pytest.raises(UserError) as raised, database.write() as s:  # nothing to transfer
        transfer(s, matter_id, s.get(Matter, matter_id).version, world["town"], "属地办理", CLERK)
    assert raised.value.key == "error.transition_not_allowed"
    with database.write() as s:
        assign_to_unit(s, matter_id, s.get(Matter, matter_id).version, world["town"], CLERK)
    matter = _matter(database, matter_id)
    assert (matter.state, matter.unit_id) == (S.ASSIGNED, world["town"])
    assert [e.kind for e in _events(database, matter_id)][-2:] == ["returned", "assigned"]
    with database.read() as s:
        assert check_history(s, [matter_id]).ok


def test_bulk_routing_is_all_or_nothing(database, world):
    ids = [*world["matters"], world["waiting"]]
    versions = {i: _matter(database, i).version for i in ids}
    # somebody else saves one matter after the selection was made
    with database.write() as s:
        apply_transition(s, ids[1], versions[ids[1]], S.IN_HANDLING, CLERK)
    with pytest.raises(UserError) as raised, database.write() as s:
        bulk_route(s, [(i, versions[i]) for i in ids], world["third"], CLERK, reason="集中转办")
    assert raised.value.key == "error.bulk_stale"
    assert raised.value.params["case"] == _matter(database, ids[1]).case_number
    for i in ids:
        assert _matter(database, i).unit_id != world["third"], "nothing in the batch moved"

    fresh = [(i, _matter(database, i).version) for i in ids]
    with database.write() as s:
        bulk_id = bulk_route(s, fresh, world["third"], CLERK, reason="集中转办")
    for i in ids:
        assert _matter(database, i).unit_id == world["third"]
        last = _events(database, i)[-1]
        assert last.after["bulk_action"] == bulk_id and last.after["bulk_size"] == len(ids)
    assert _events(database, world["waiting"])[-1].kind == "assigned"
    assert _events(database, ids[0])[-1].kind == "transferred"
    with database.read() as s:
        assert check_history(s, ids).ok


def test_bulk_refusals_name_the_matter_and_the_cap(database, world):
    ids = world["matters"]
    items = [(i, _matter(database, i).version) for i in ids]
    with pytest.raises(UserError) as raised, database.write() as s:
        bulk_route(s, items, world["third"], actor("liaison", unit_id=world["dept"]), reason="x")
    assert raised.value.key == "error.bulk_refused"
    assert raised.value.params["cause"].key == "error.not_allowed"
    with pytest.raises(UserError) as raised, database.write() as s:
        bulk_route(s, [(i, 1) for i in range(BULK_LIMIT + 1)], world["third"], CLERK)
    assert raised.value.key == "error.bulk_too_many"
    with pytest.raises(UserError) as raised, database.write() as s:
        bulk_route(s, items, world["third"], CLERK)  # transfers need a reason
    assert raised.value.key == "error.bulk_refused"
    with database.read() as s:
        moved = s.scalar(select(func.count()).where(Matter.unit_id == world["third"]))
    assert moved == 0


def test_roles_are_read_from_the_policy_table():
    from core.policy import MATTER_ACTIONS

    assert Role.UNIT_LIAISON in MATTER_ACTIONS["return_to_office"].roles
    assert MATTER_ACTIONS["return_to_office"].own_unit
    assert Role.UNIT_LIAISON not in MATTER_ACTIONS["transfer"].roles


def test_a_deactivated_unit_receives_nothing_new(database, world):
    from core.admin.units import set_unit_active
    from core.deadlines.lists import unit_choices

    with database.write() as s:
        set_unit_active(s, actor("admin"), world["third"], False)
    matter_id = world["matters"][0]
    with pytest.raises(UserError) as raised, database.write() as s:
        transfer(s, matter_id, s.get(Matter, matter_id).version, world["third"], "转办", CLERK)
    assert raised.value.key == "error.unit_inactive"
    with pytest.raises(UserError) as raised, database.write() as s:
        waiting = s.get(Matter, world["waiting"])
        assign_to_unit(s, waiting.id, waiting.version, world["third"], CLERK)
    assert raised.value.key == "error.unit_inactive"
    with database.read() as s:
        offered = set(unit_choices(s, active_only=True)["unit_id"])
        listed = set(unit_choices(s)["unit_id"])
    assert world["third"] not in offered and world["third"] in listed


def test_a_notice_to_a_helping_unit_does_not_change_the_replayed_unit(database, world):
    from core.deadlines.supervision import issue_supervision_notice

    matter_id = world["matters"][2]
    with database.write() as s:
        issue_supervision_notice(
            s, matter_id, world["town"], None, "请协助办理", actor("supervisor"), TODAY
        )
    with database.read() as s:
        report = check_history(s, [matter_id])
    assert report.ok, report.differences
