"""Roster use cases: add and edit with validation, the status lifecycle, search, detail."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.agents.roster import add_agent, agent_detail, change_status, edit_agent
from core.agents.search import (
    AgentFilter,
    counts_by_category,
    counts_by_town,
    find_active_agents,
    search_agents,
)
from core.coverage.geo import CoordinateSystem, wgs84_to_gcj02
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.vocab import AgentCategory, AgentStatus, Rating, TriageOutcome
from db.models import Agent, AgentStatusChange, TrainingRecord, TrainingSession
from tests.actors import actor
from tests.roster_fixtures import TODAY, agent_input, file_matter, make_agent, setup_place


def _fields(err: ValidationErrors) -> dict[str, str]:
    return {e.field: e.key for e in err.errors}


def test_new_agent_starts_as_trainee_with_history(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(s, agent_input(place, phone="+86 139 0000 1111"), actor("admin1"))
    with database.read() as s:
        agent = s.get(Agent, agent_id)
        assert agent.status is AgentStatus.TRAINEE
        assert agent.phone == "13900001111"
        assert agent.is_public_servant is False  # a volunteer
        history = s.scalars(select(AgentStatusChange)).all()
        assert [(h.from_status, h.to_status, h.actor) for h in history] == [
            (None, AgentStatus.TRAINEE, "admin1")
        ]


def test_public_servant_defaults_from_category(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(
            s, agent_input(place, category=AgentCategory.CIVIL_SERVANT), actor("a")
        )
        assert s.get(Agent, agent_id).is_public_servant is True


def test_every_field_error_is_reported_at_once_and_nothing_written(database):
    with database.write() as s:
        place = setup_place(s)
        bad = agent_input(
            place,
            phone="12345",
            email="not-an-email",
            village_id=place.village.id + 99,
            lat=30.5,
            joined_on=TODAY + dt.timedelta(days=1),
            gender="robot",
            name=" ",
        )
        with pytest.raises(ValidationErrors) as err:
            add_agent(s, bad, actor("a"))
    assert _fields(err.value) == {
        "phone": "error.phone_format",
        "email": "error.email_format",
        "village": "error.village_unknown",
        "lat": "error.outside_district",
        "joined_on": "error.date_in_future",
        "gender": "error.choice_invalid",
        "name": "error.required",
    }
    with database.read() as s:
        assert s.scalar(select(func.count(Agent.id))) == 0


def test_duplicate_code_and_phone_are_refused_whatever_the_phone_spelling(database):
    with database.write() as s:
        place = setup_place(s)
        add_agent(s, agent_input(place, code="JLP001", phone="13800001111"), actor("a"))
        with pytest.raises(ValidationErrors) as err:
            add_agent(s, agent_input(place, code="JLP001", phone="138 0000 1111"), actor("a"))
    assert _fields(err.value) == {"code": "error.code_taken", "phone": "error.phone_taken"}


def test_landline_is_accepted_and_bad_code_refused(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(s, agent_input(place, phone="023 6888 1234"), actor("a"))
        assert s.get(Agent, agent_id).phone == "023-68881234"
        with pytest.raises(ValidationErrors) as err:
            add_agent(s, agent_input(place, code="A 1/2"), actor("a"))
        assert _fields(err.value) == {"code": "error.code_format"}


def test_gcj02_post_is_stored_as_wgs84(database):
    lat, lon = (float(v) for v in wgs84_to_gcj02(29.501, 106.502))
    assert abs(lat - 29.501) + abs(lon - 106.502) > 0.003  # the shift is real
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(
            s,
            agent_input(place, lat=lat, lon=lon, coordinate_system=CoordinateSystem.GCJ02),
            actor("a"),
        )
        agent = s.get(Agent, agent_id)
        assert agent.lat == pytest.approx(29.501, abs=1e-5)
        assert agent.lon == pytest.approx(106.502, abs=1e-5)


def test_edit_uses_the_optimistic_lock(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(s, agent_input(place, code="E1", phone="13911112222"), actor("a"))
        loaded = s.get(Agent, agent_id).version
    with database.write() as s:
        new_version = edit_agent(
            s,
            agent_id,
            agent_input(place, code="E1", phone="13911112222", name="新名字"),
            loaded,
            actor("a"),
        )
    assert new_version == loaded + 1
    with database.write() as s, pytest.raises(ConcurrentEditError):
        edit_agent(
            s, agent_id, agent_input(place, code="E1", phone="13911112222"), loaded, actor("b")
        )
    with database.read() as s:
        assert s.get(Agent, agent_id).name == "新名字"


def test_trainee_becomes_active_only_after_passing_training(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(s, agent_input(place), actor("a"))
    with database.write() as s, pytest.raises(UserError) as err:
        change_status(s, agent_id, AgentStatus.ACTIVE, TODAY, "上岗", actor("a"))
    assert err.value.key == "error.training_required"
    with database.write() as s:
        training = TrainingSession(held_on=TODAY, title="岗前培训", trainer="王老师")
        s.add(training)
        s.flush()
        s.add(TrainingRecord(session_id=training.id, agent_id=agent_id, passed=False))
    with database.write() as s, pytest.raises(UserError):
        change_status(s, agent_id, AgentStatus.ACTIVE, TODAY, "上岗", actor("a"))
    with database.write() as s:
        retake = TrainingSession(held_on=TODAY, title="补考", trainer="王老师")
        s.add(retake)
        s.flush()
        s.add(TrainingRecord(session_id=retake.id, agent_id=agent_id, passed=True))
        s.flush()
        change_status(s, agent_id, AgentStatus.ACTIVE, TODAY, "培训合格", actor("a"))
    with database.read() as s:
        assert s.get(Agent, agent_id).status is AgentStatus.ACTIVE


def test_suspend_reinstate_retire_keep_history_with_reasons(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = make_agent(s, place).id
    steps = [
        (AgentStatus.SUSPENDED, dt.date(2026, 3, 1), "外出务工"),
        (AgentStatus.ACTIVE, dt.date(2026, 6, 1), "返乡复岗"),
        (AgentStatus.RETIRED, dt.date(2026, 9, 1), "年龄原因"),
    ]
    for to, day, reason in steps:
        with database.write() as s:
            change_status(s, agent_id, to, day, reason, actor("sup1"))
    with database.read() as s:
        history = s.scalars(
            select(AgentStatusChange)
            .where(AgentStatusChange.reason != "roster.reason.registered")
            .order_by(AgentStatusChange.id)
        ).all()
        assert [
            (h.from_status, h.to_status, h.effective_on, h.reason, h.actor) for h in history
        ] == [
            (AgentStatus.ACTIVE, AgentStatus.SUSPENDED, dt.date(2026, 3, 1), "外出务工", "sup1"),
            (AgentStatus.SUSPENDED, AgentStatus.ACTIVE, dt.date(2026, 6, 1), "返乡复岗", "sup1"),
            (AgentStatus.ACTIVE, AgentStatus.RETIRED, dt.date(2026, 9, 1), "年龄原因", "sup1"),
        ]
    with database.write() as s, pytest.raises(UserError) as err:
        change_status(s, agent_id, AgentStatus.ACTIVE, TODAY, "再上岗", actor("sup1"))
    assert err.value.key == "error.status_transition"


def test_status_change_needs_reason_and_a_date_not_in_the_future(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = make_agent(s, place).id
    with database.write() as s, pytest.raises(ValidationErrors) as err:
        change_status(
            s, agent_id, AgentStatus.SUSPENDED, TODAY + dt.timedelta(days=3), " ", actor("a")
        )
    assert _fields(err.value) == {
        "reason": "error.required",
        "effective_on": "error.date_in_future",
    }
    with database.write() as s, pytest.raises(ValidationErrors) as err:
        change_status(s, agent_id, AgentStatus.SUSPENDED, dt.date(2025, 1, 1), "x", actor("a"))
    assert _fields(err.value) == {"effective_on": "error.date_before_last_change"}


def test_search_filters_sorts_and_pages_in_sql(database):
    with database.write() as s:
        place = setup_place(s)
        make_agent(s, place, name="张三", code="Z003", category=AgentCategory.CIVIL_SERVANT)
        make_agent(s, place, name="李四", code="Z001", online_capable=False)
        make_agent(s, place, AgentStatus.TRAINEE, name="王五", code="Z002", phone="13700007777")
    with database.read() as s:
        everyone = search_agents(s)
        assert everyone.total == 3 and list(everyone.agents["code"]) == ["Z001", "Z002", "Z003"]
        assert list(search_agents(s, AgentFilter(text="张")).agents["name"]) == ["张三"]
        assert list(search_agents(s, AgentFilter(phone="0007777")).agents["code"]) == ["Z002"]
        assert search_agents(s, AgentFilter(trained=False)).agents["code"].tolist() == ["Z002"]
        assert search_agents(s, AgentFilter(public_servant=True)).agents["code"].tolist() == [
            "Z003"
        ]
        assert search_agents(s, AgentFilter(online_capable=False)).agents["code"].tolist() == [
            "Z001"
        ]
        assert search_agents(s, AgentFilter(status=AgentStatus.TRAINEE)).total == 1
        assert search_agents(s, AgentFilter(town_id=place.town.id)).total == 3
        assert search_agents(s, AgentFilter(text="50%_")).total == 0  # wildcards are literal
        page = search_agents(s, sort_by="name", descending=True, page=1, page_size=2)
        assert page.total == 3 and len(page.agents) == 1
        categories = counts_by_category(s)
        assert dict(zip(categories["category"], categories["agents"], strict=False)) == {
            "civil_servant": 1,
            "volunteer": 2,
        }
        towns = counts_by_town(s)
        assert towns.to_dict("records") == [
            {"town_id": place.town.id, "town": "谢家湾街道", "agents": 3}
        ]
        with pytest.raises(UserError):
            search_agents(s, sort_by="password")


def test_only_active_agents_can_be_chosen_on_intake(database):
    with database.write() as s:
        place = setup_place(s)
        make_agent(s, place, name="在岗甲", phone="13600001234")
        make_agent(s, place, AgentStatus.TRAINEE, name="见习乙")
        make_agent(s, place, AgentStatus.SUSPENDED, name="暂停丙")
    with database.read() as s:
        assert [c.name for c in find_active_agents(s, "")] == ["在岗甲"]
        assert [c.name for c in find_active_agents(s, "0001234")] == ["在岗甲"]
        assert find_active_agents(s, "见习") == []


def test_agent_detail_gathers_everything(database):
    with database.write() as s:
        place = setup_place(s)
        agent = make_agent(s, place)
        file_matter(
            s,
            place,
            agent,
            received=dt.date(2026, 4, 2),
            delivered=dt.date(2026, 4, 20),
            rated=dt.date(2026, 4, 21),
            agent_rating=Rating.SATISFIED,
            ceased=True,
        )
        agent_id = agent.id
    with database.read() as s:
        detail = agent_detail(s, agent_id)
    assert detail.profile["status"] == "active"
    assert detail.profile["village"] == "正街社区"
    assert detail.status_history["to_status"].tolist() == ["trainee"]
    assert detail.training["passed"].tolist() == [True]
    assert detail.matters["agent_rating"].tolist() == ["satisfied"]
    assert detail.matters["triage_outcome"].tolist() == [TriageOutcome.ASSIGN_UNIT.value]
    assert detail.bonuses.empty  # nothing computed yet
