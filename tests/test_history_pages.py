"""The history is shown where administrators look: routing tab, agent page, rules tab."""

from core.vocab import Role
from tests.test_deadlines_page import frames_with, open_page
from tests.test_intake_page import _open as open_intake
from tests.test_roster_page import roster_page


def test_the_rules_tab_lists_setting_changes_with_chinese_names(console_env):
    at = open_page(Role.ADMIN)
    assert any(h.value == "系统设置修改记录" for h in at.subheader)
    logs = frames_with(at, "设置项")
    assert logs, "the demo's pinned today is a logged setting change"
    assert "演示模拟日期" in set(logs[0]["设置项"])
    assert not any(str(v).startswith("setting.") for v in logs[0]["设置项"])


def test_the_routing_tab_has_its_change_history(console_env):
    at = open_intake(Role.ADMIN, intake_tab="路由表")
    assert any(e.label == "路由修改记录" for e in at.expander)


def test_the_agent_page_shows_field_changes(console_env):
    at = roster_page(Role.SUPERVISOR, "detail", rpk_agent_id=1)
    assert any(h.value == "信息修改记录" for h in at.subheader)
