"""Delivery details and leader case packages (领导包案) in core, on SQLite and PostgreSQL:
who delivered and how (checked, logged, replayed), the four fixes with their history, the
package's time limit as a clock on the deadline board, the list of packaged matters."""

import datetime as dt

import pytest
from sqlalchemy import select

from core import settings
from core.cases.delivery import delivery_agents
from core.cases.detail import matter_detail
from core.cases.package import package_matter, packaged_matters
from core.cases.replay import check_history
from core.cases.workflow import record_delivery, record_reply
from core.deadlines.board import open_clock_board
from core.deadlines.calendar import seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.rules import seed_default_rules
from core.errors import UserError, ValidationErrors
from core.today import SIMULATED_TODAY, moment_on
from core.vocab import (
    AgentCategory,
    AgentStatus,
    ClockKind,
    ClockState,
    DeliveryMethod,
    Gender,
    Role,
)
from db.models import Agent, Clock, Matter, MatterEvent, MatterPackage
from tests.actors import actor
from tests.factories import make_matter, make_place

TODAY = dt.date(2026, 11, 20)
D = dt.date
CLERK = actor("clerk")
SUPERVISOR = actor("supervisor")


def _agent(s, code: str, village_id: int, status=AgentStatus.ACTIVE) -> Agent:
    agent = Agent(
        code=code,
        name=f"代理员{code}",
        gender=Gender.FEMALE,
        phone=f"13900005{code[-3:]}",
        email=None,
        address="杨家坪正街1号",
        category=AgentCategory.VILLAGE_CADRE,
        is_public_servant=False,
        village_id=village_id,
        lat=29.5,
        lon=106.5,
        online_capable=True,
        status=status,
        joined_on=D(2025, 1, 1),
    )
    s.add(agent)
    s.flush()
    return agent


@pytest.fixture
def world(database):
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
        settings.put(s, SIMULATED_TODAY, TODAY.isoformat(), "test")
        place = make_place(s)
        active = _agent(s, "A001", place.village.id)
        retired = _agent(s, "A002", place.village.id, AgentStatus.RETIRED)
        replied = make_matter(
            s,
            place,
            received=D(2026, 11, 2),
            accepted=D(2026, 11, 3),
            assigned=D(2026, 11, 4),
            replied=D(2026, 11, 18),
            unit=place.unit,
        )
        handling = make_matter(
            s,
            place,
            received=D(2026, 11, 10),
            accepted=D(2026, 11, 11),
            assigned=D(2026, 11, 12),
            unit=place.unit,
        )
        rebuild_all_clocks(s, TODAY)
        return {
            "active": active.id,
            "retired": retired.id,
            "replied": replied.id,
            "handling": handling.id,
            "unit": place.unit.id,
            "town_unit": place.town_unit.id,
        }


def _version(s, matter_id) -> int:
    return s.get(Matter, matter_id).version


# --- delivery ---------------------------------------------------------------------------


def test_delivery_records_the_agent_and_the_method(database, world):
    with database.write() as s:
        record_delivery(
            s,
            world["replied"],
            _version(s, world["replied"]),
            CLERK,
            delivered_by_agent_id=world["active"],
            delivery_method="in_person",
            occurred_at=moment_on(TODAY),
        )
    with database.read() as s:
        matter = s.get(Matter, world["replied"])
        assert matter.delivered_by_agent_id == world["active"]
        assert matter.delivery_method is DeliveryMethod.IN_PERSON
        event = s.scalars(
            select(MatterEvent).where(
                MatterEvent.matter_id == matter.id, MatterEvent.kind == "delivered"
            )
        ).one()
        assert event.after["delivered_by_agent_id"] == world["active"]
        assert event.after["delivery_method"] == "in_person"
        assert check_history(s, [matter.id]).ok
    with database.write() as s:
        detail = matter_detail(s, world["replied"], CLERK)
    assert detail.agent_names[world["active"]] == "A001 代理员A001"
    assert detail.matter["delivery_method"] is DeliveryMethod.IN_PERSON


@pytest.mark.parametrize(
    ("agent", "method", "key"),
    [
        ("retired", "post", "error.delivery_agent_inactive"),
        ("missing", "post", "error.delivery_agent_unknown"),
        ("active", "carrier_pigeon", "error.choice_invalid"),
    ],
)
def test_delivery_refuses_a_bad_agent_or_method(database, world, agent, method, key):
    agent_id = 999_999 if agent == "missing" else world[agent]
    with database.write() as s:
        version = _version(s, world["replied"])
        with pytest.raises((UserError, ValidationErrors)) as refused:
            record_delivery(
                s,
                world["replied"],
                version,
                CLERK,
                delivered_by_agent_id=agent_id,
                delivery_method=method,
            )
        errors = getattr(refused.value, "errors", [refused.value])
        assert key in [e.key for e in errors]
        assert s.get(Matter, world["replied"]).delivered_at is None


def test_a_liaison_is_refused_delivery_before_the_agent_is_checked(database, world):
    liaison = actor("liaison", Role.UNIT_LIAISON, unit_id=world["unit"])
    with database.write() as s:
        with pytest.raises(UserError) as refused:
            record_delivery(
                s, world["replied"], _version(s, world["replied"]), liaison,
                delivered_by_agent_id=999_999,
            )  # fmt: skip
    assert refused.value.key == "error.not_allowed"


def test_the_delivery_form_offers_the_active_agents_of_the_town(database, world):
    with database.read() as s:
        default, choices = delivery_agents(s, world["replied"])
    assert world["active"] in choices and world["retired"] not in choices
    assert default is None  # not agent-proxied: no default


# --- leader case packages -----------------------------------------------------------------


def _package(s, matter_id, **kw):
    args = {
        "leader": "王副区长",
        "measures": "成立专班，逐户核实补偿。",
        "due_on": TODAY + dt.timedelta(days=20),
        "responsible": "李科长",
    } | kw
    return package_matter(
        s,
        matter_id,
        args["leader"],
        args["measures"],
        args["due_on"],
        args["responsible"],
        kw.get("actor", SUPERVISOR),
        expected_version=kw.get("expected_version"),
        reason=kw.get("reason"),
        today=TODAY,
    )


def test_a_package_gets_a_clock_on_the_board(database, world):
    due = TODAY + dt.timedelta(days=20)
    with database.write() as s:
        _package(s, world["handling"])
    with database.read() as s:
        clock = s.scalar(
            select(Clock).where(
                Clock.matter_id == world["handling"], Clock.kind == ClockKind.PACKAGE
            )
        )
        assert (clock.state, clock.due_on, clock.started_on) == (ClockState.RUNNING, due, TODAY)
        board = open_clock_board(s, TODAY)
        row = board[(board["matter_id"] == world["handling"]) & (board["kind"] == "package")]
        assert len(row) == 1 and row["due_on"].iloc[0] == due
        later = open_clock_board(s, due + dt.timedelta(days=3))
        late = later[(later["matter_id"] == world["handling"]) & (later["kind"] == "package")]
        assert late["colour"].iloc[0] == "overdue"
        listed = packaged_matters(s, SUPERVISOR)
        assert list(listed["case_number"]) == [s.get(Matter, world["handling"]).case_number]
        assert listed["clock_state"].iloc[0] == ClockState.RUNNING
        # a rebuild derives the same clock
    with database.write() as s:
        rebuild_all_clocks(s, TODAY)
        clock = s.scalar(
            select(Clock).where(
                Clock.matter_id == world["handling"], Clock.kind == ClockKind.PACKAGE
            )
        )
        assert clock.due_on == due


def test_the_reply_meets_the_package_clock(database, world):
    with database.write() as s:
        _package(s, world["handling"])
        record_reply(s, world["handling"], _version(s, world["handling"]), "已答复", CLERK)
    with database.read() as s:
        clock = s.scalar(
            select(Clock).where(
                Clock.matter_id == world["handling"], Clock.kind == ClockKind.PACKAGE
            )
        )
        assert clock.state is ClockState.MET


def test_a_package_change_needs_a_reason_and_is_logged(database, world):
    with database.write() as s:
        first = _package(s, world["handling"])
    new_due = TODAY + dt.timedelta(days=40)
    with database.write() as s:
        with pytest.raises(UserError) as refused:
            _package(s, world["handling"], due_on=new_due, expected_version=first.version)
        assert refused.value.key == "error.package_change_reason"
    with database.write() as s:
        changed = _package(
            s,
            world["handling"],
            due_on=new_due,
            leader="张区长",
            expected_version=first.version,
            reason="信访人新增诉求，延长包案时限",
        )
        assert changed.version == first.version + 1
    with database.read() as s:
        events = s.scalars(
            select(MatterEvent)
            .where(MatterEvent.matter_id == world["handling"], MatterEvent.kind.like("package%"))
            .order_by(MatterEvent.id)
        ).all()
        assert [e.kind for e in events] == ["packaged", "package_changed"]
        assert events[1].before == {
            "package_leader": "王副区长",
            "package_due_on": (TODAY + dt.timedelta(days=20)).isoformat(),
        }
        assert events[1].after["package_leader"] == "张区长"
        assert events[1].reason == "信访人新增诉求，延长包案时限"
        clock = s.scalar(
            select(Clock).where(
                Clock.matter_id == world["handling"], Clock.kind == ClockKind.PACKAGE
            )
        )
        assert clock.due_on == new_due
        assert check_history(s, [world["handling"]]).ok
    # a stale version is refused
    with database.write() as s:
        from core.errors import ConcurrentEditError

        with pytest.raises(ConcurrentEditError):
            _package(
                s, world["handling"], leader="别人", expected_version=first.version, reason="x"
            )


@pytest.mark.parametrize(
    ("kw", "key"),
    [
        ({"leader": "  "}, "error.required"),
        ({"measures": ""}, "error.required"),
        ({"due_on": TODAY}, "error.package_due_not_after_today"),
        ({"due_on": TODAY + dt.timedelta(days=400)}, "error.date_too_far"),
        ({"responsible": "李\x00科长"}, "error.control_character_named"),
        ({"actor": CLERK}, "error.not_allowed"),
        ({"actor": actor("liaison", Role.UNIT_LIAISON)}, "error.not_allowed"),
    ],
)
def test_a_bad_package_writes_nothing(database, world, kw, key):
    with database.write() as s:
        with pytest.raises(UserError) as refused:
            _package(s, world["handling"], **kw)
        assert refused.value.key == key
        assert s.scalar(select(MatterPackage.id)) is None


def test_a_liaison_lists_only_its_units_packages(database, world):
    with database.write() as s:
        _package(s, world["handling"])
    own = actor("liaison", Role.UNIT_LIAISON, unit_id=world["unit"])
    other = actor("liaison_town", Role.UNIT_LIAISON, unit_id=world["town_unit"])
    with database.read() as s:
        assert len(packaged_matters(s, own)) == 1
        assert packaged_matters(s, other).empty
