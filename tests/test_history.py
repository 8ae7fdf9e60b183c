"""History is the truth: settings, routing rules and agents' fields keep who/when/old/new."""

import pandas as pd

from core import settings
from core.agents.files import import_agents
from core.agents.roster import add_agent, edit_agent
from core.cases.routing import route_history, set_route
from core.history import AGENT, ROUTE, SETTING, change_history
from core.vocab import Topic
from db.models import Agent
from tests.actors import actor
from tests.intake_fixtures import build_place
from tests.roster_fixtures import agent_input, roster_row, roster_xlsx, setup_place


def test_a_setting_change_keeps_old_and_new(database):
    with database.write() as s:
        settings.put(s, "coverage.minutes", 20, "admin1")
        settings.put(s, "coverage.minutes", 20, "admin1")  # unchanged: not logged
        settings.put(s, "coverage.minutes", 12, "admin2", reason="walking is slower")
    with database.read() as s:
        log = change_history(s, SETTING, "coverage.minutes")
        assert settings.get(s, "coverage.minutes") == 12
    assert list(zip(log["actor"], log["old_value"], log["new_value"], strict=True)) == [
        ("admin2", "20", "12"),
        ("admin1", "15", "20"),
    ]
    assert log["reason"].iloc[0] == "walking is slower"


def test_every_route_change_is_in_the_history(database):
    with database.write() as s:
        place = build_place(s)
        set_route(s, Topic.LABOUR, place.town_id, place.town_unit_id, actor("admin1"))
        set_route(s, Topic.LABOUR, place.town_id, place.other_department_id, actor("admin2"))
        set_route(s, Topic.LABOUR, None, place.department_id, actor("admin1"))
    with database.read() as s:
        history = route_history(s)
        assert len(change_history(s, ROUTE)) == 3
    town_rows = history[history["town"].notna()]
    assert list(town_rows["actor"]) == ["admin2", "admin1"]
    latest = town_rows.iloc[0]
    assert latest["topic"] == "labour"
    assert latest["old_unit"] is not None and latest["new_unit"] is not None
    assert latest["old_unit"] != latest["new_unit"]
    assert pd.isna(town_rows.iloc[1]["old_unit"])
    assert history[history["town"].isna()].iloc[0]["actor"] == "admin1"


def test_agent_field_edits_are_logged_including_pay_relevant_ones(database):
    with database.write() as s:
        place = setup_place(s)
        agent_id = add_agent(s, agent_input(place, code="H1", phone="13911112222"), actor("a"))
        loaded = s.get(Agent, agent_id).version
    with database.write() as s:
        edit_agent(
            s,
            agent_id,
            agent_input(place, code="H1", phone="13911113333", is_public_servant=True),
            loaded,
            actor("admin1"),
        )
    with database.read() as s:
        log = change_history(s, AGENT, agent_id)
    changed = dict(zip(log["field"], zip(log["old_value"], log["new_value"], strict=True)))
    assert changed["phone"] == ("13911112222", "13911113333")
    assert changed["is_public_servant"] == ("false", "true")
    assert set(log["actor"]) == {"admin1"}


def test_an_import_update_logs_the_fields_it_changes(database):
    rows = [roster_row(n) for n in range(1, 3)]
    with database.write() as s:
        setup_place(s)
        import_agents(s, roster_xlsx(rows), "agents.xlsx", actor("admin1"))
    rows[1]["联系电话"] = "023-68881234"
    with database.write() as s:
        import_agents(s, roster_xlsx(rows), "agents.xlsx", actor("admin2"))
    with database.read() as s:
        log = change_history(s, AGENT)
    assert list(log["field"]) == ["phone"]
    assert (log["new_value"].iloc[0], log["actor"].iloc[0]) == ("023-68881234", "admin2")
