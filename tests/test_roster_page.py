"""The agent roster page as each office role sees it (streamlit.testing.v1.AppTest)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from console.i18n import translate
from core.access import PAGE_ROLES, may
from core.places import places
from core.vocab import AgentCategory, AgentStatus, Gender, Role
from db.demo import DEMO_ACCOUNTS
from db.session import Database

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "console" / "app.py")
PAGE = str(ROOT / "pages" / "roster.py")
USERNAME = {role: username for username, role, *_ in DEMO_ACCOUNTS}
TAB_KEY = "rp_tab_zh"
ROSTER_ROLES = sorted(PAGE_ROLES["roster"])


def tab(name: str) -> str:
    return translate(f"roster_page.tab.{name}", "zh")


def roster_page(role: Role, tab_name: str | None = None, **state) -> AppTest:
    """The console signed in as `role`, on the roster page (opened before the first run)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = USERNAME[role]
    at.session_state["name"] = USERNAME[role]
    at.session_state["roles"] = [role.value]
    if tab_name:
        at.session_state[TAB_KEY] = tab(tab_name)
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def first_place(url: str) -> dict:
    database = Database.connect(url)
    with database.read() as session:
        place = places(session).iloc[0].to_dict()
    database.dispose()
    return {k: int(v) if k.endswith("_id") else v for k, v in place.items()}


def tab_labels(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


def roster_table(at: AppTest):
    return next(d for d in at.dataframe if d.key == "rp_table").value


def table_with(at: AppTest, *columns: str):
    """The first table shown with these (Chinese) headers: keys of plain tables are not
    visible to AppTest."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_roster_page_is_registered():
    from console.navigation import PAGES

    assert any(spec.key == "roster" and spec.path == Path(PAGE) for spec in PAGES)


@pytest.mark.parametrize("role", ROSTER_ROLES)
def test_every_tab_renders_for_each_office_role(console_env, role):
    at = roster_page(role)
    assert at.title[0].value == "代理员名册"
    assert not at.error, [e.value for e in at.error]
    for name in ("roster", "detail", "add", "training", "import", "performance"):
        if tab(name) not in tab_labels(at):
            continue
        at.session_state[TAB_KEY] = tab(name)
        at.run()
        assert not at.exception, (name, at.exception)
        assert not at.error, (name, [e.value for e in at.error])


def test_tabs_follow_the_roles_rights(console_env):
    admin = tab_labels(roster_page(Role.ADMIN))
    assert tab("add") in admin and tab("import") in admin
    clerk = tab_labels(roster_page(Role.CLERK))
    assert tab("add") not in clerk and tab("import") not in clerk
    assert tab("training") in clerk and tab("performance") in clerk


def test_the_roster_shows_one_page_of_agents_with_chinese_headers(console_env):
    at = roster_page(Role.CLERK)
    rows = roster_table(at)
    assert len(rows) == 50
    assert {"编号", "姓名", "状态", "镇（街道）"} <= set(rows.columns)
    assert set(rows["状态"]) <= {"待培训", "在岗", "暂停", "退出"}
    assert len(at.get("vega_lite_chart")) >= 2, "counts by category and by town"


def test_filtering_narrows_the_rows(console_env):
    at = roster_page(Role.CLERK)
    first = roster_table(at).iloc[0]
    at.text_input(key="rpk_f_text").input(first["编号"])
    at.run()
    rows = roster_table(at)
    assert list(rows["编号"]) == [first["编号"]]

    at.text_input(key="rpk_f_text").input("")
    at.selectbox(key="rpk_f_status").set_value(AgentStatus.TRAINEE)
    at.run()
    rows = roster_table(at)
    assert 0 < len(rows) <= 50 and set(rows["状态"]) == {"待培训"}


def test_town_narrows_the_village_choices(console_env):
    at = roster_page(Role.CLERK)
    all_villages = len(at.selectbox(key="rpk_f_village").options)
    town = first_place(console_env)
    at.selectbox(key="rpk_f_town").set_value(int(town["town_id"]))
    at.run()
    assert 1 < len(at.selectbox(key="rpk_f_village").options) < all_villages
    assert set(roster_table(at)["镇（街道）"]) == {town["town"]}


def test_a_code_lookup_opens_the_agent(console_env):
    at = roster_page(Role.CLERK, "detail")
    at.text_input(key="rpk_lookup").input("JLP-0001")
    at.button(key="rp_lookup_open").click()
    at.run()
    assert not at.exception, at.exception
    assert any("JLP-0001" in h.value for h in at.header)
    subheaders = [s.value for s in at.subheader]
    assert "状态变更记录" in subheaders and "培训记录" in subheaders
    assert "各季度奖励" in subheaders and "代理的信访事项" in subheaders
    history = table_with(at, "生效日期", "原因")
    assert len(history) >= 1 and set(history["新状态"]) <= {"待培训", "在岗", "暂停", "退出"}


def test_a_role_without_roster_edit_sees_no_edit_form(console_env):
    clerk = roster_page(Role.CLERK, "detail", rpk_agent_id=1)
    assert not may(Role.CLERK, "roster.edit")
    assert any("JLP-0001" in h.value for h in clerk.header)
    assert not any(str(f.key or "").startswith("rpk_e1_") for f in clerk.text_input)
    assert not [b for b in clerk.button if str(b.key or "").startswith("FormSubmitter:rp_")]

    supervisor = roster_page(Role.SUPERVISOR, "detail", rpk_agent_id=1)
    assert supervisor.text_input(key="rpk_e1_code").value == "JLP-0001"


def test_an_invalid_edit_shows_the_error_by_the_field_and_saves_nothing(console_env):
    at = roster_page(Role.SUPERVISOR, "detail", rpk_agent_id=2)
    at.text_input(key="rpk_e2_phone").input("12345")
    at.text_input(key="rpk_e2_email").input("not-an-email")
    at.button(key="FormSubmitter:rp_edit_form_2-保存修改").click()
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("电话号码格式不对" in e for e in errors)
    assert any("电子邮箱格式不对" in e for e in errors)
    assert at.text_input(key="rpk_e2_phone").value == "12345", "what was typed stays"
    fresh = roster_page(Role.CLERK, "detail", rpk_agent_id=2)
    contact = table_with(fresh, "项目", "内容")
    assert "12345" not in set(contact["内容"])


def test_add_edit_and_retire_a_new_agent(console_env):
    """One new agent (TEST-PAGE-1) through the forms; the demo's own agents stay untouched."""
    at = roster_page(Role.ADMIN, "add")
    at.text_input(key="rpk_new_code").input("JLP-0001")  # taken
    at.text_input(key="rpk_new_name").input("测试新人")
    at.button(key="FormSubmitter:rp_add_form-登记代理员").click()
    at.run()
    errors = [e.value for e in at.error]
    assert any("JLP-0001" in e and "已被其他代理员使用" in e for e in errors)
    assert any("此项必填" in e for e in errors)
    assert at.text_input(key="rpk_new_name").value == "测试新人", "what was typed stays"

    at.text_input(key="rpk_new_code").input("TEST-PAGE-1")
    at.selectbox(key="rpk_new_gender").set_value(Gender.FEMALE)
    at.text_input(key="rpk_new_phone").input("13900001111")
    at.text_input(key="rpk_new_address").input("测试地址 1 号")
    at.selectbox(key="rpk_new_category").set_value(AgentCategory.VOLUNTEER)
    at.selectbox(key="rpk_new_village").set_value(first_place(console_env)["village_id"])
    at.number_input(key="rpk_new_lat").set_value(29.5024)
    at.number_input(key="rpk_new_lon").set_value(106.5271)
    at.button(key="FormSubmitter:rp_add_form-登记代理员").click()
    at.run()
    assert not at.exception, at.exception
    assert any("TEST-PAGE-1" in s.value for s in at.success), [e.value for e in at.error]
    assert at.text_input(key="rpk_new_code").value == "", "the form is cleared after saving"

    # The new agent is open on the detail tab: edit it, then retire it.
    agent_id = at.session_state["rpk_agent_id"]
    at.session_state[TAB_KEY] = tab("detail")
    at.run()
    assert any("TEST-PAGE-1" in h.value for h in at.header)
    form = f"FormSubmitter:rp_edit_form_{agent_id}-保存修改"
    at.text_input(key=f"rpk_e{agent_id}_address").input("测试地址 2 号")
    at.button(key=form).click()
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "测试地址 2 号" in set(table_with(at, "项目", "内容")["内容"])

    # Someone else saves meanwhile: this form's loaded version is stale.
    other = roster_page(Role.SUPERVISOR, "detail", rpk_agent_id=agent_id)
    other.text_input(key=f"rpk_e{agent_id}_address").input("测试地址 3 号")
    other.button(key=form).click()
    other.run()
    assert not other.error, [e.value for e in other.error]
    at.text_input(key=f"rpk_e{agent_id}_address").input("测试地址 4 号")
    at.button(key=form).click()
    at.run()
    assert any("已被他人修改" in e.value for e in at.error)

    status = f"FormSubmitter:rp_status_form_{agent_id}-确认变更"
    at.selectbox(key=f"rpk_s{agent_id}_target").set_value(AgentStatus.RETIRED)
    at.button(key=status).click()
    at.run()
    assert any("此项必填" in e.value for e in at.error), "a reason is required"
    at.text_input(key=f"rpk_s{agent_id}_reason").input("测试：不再担任代理员")
    at.button(key=status).click()
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    history = table_with(at, "生效日期", "原因")
    assert list(history["新状态"]) == ["待培训", "退出"]
    assert "测试：不再担任代理员" in set(history["原因"])


def test_performance_tab_shows_ranking_and_ledger(console_env):
    at = roster_page(Role.SUPERVISOR, "performance")
    ranking = table_with(at, "名次", "满意率", "首次代理")
    assert len(ranking) > 0 and (ranking["代理件数"] > 0).all()
    labels = [m.label for m in at.metric]
    assert "参与排名" in labels and "本季度奖励合计（元）" in labels
    # the demo's ended quarters are approved (#14): the current one is the one to compute
    assert at.button(key="rp_b_compute").disabled
    quarter = at.selectbox(key="rpk_quarter")
    quarter.set_value(quarter.options[0]).run()
    assert at.button(key="rp_b_compute")
    assert at.checkbox(key=f"rp_b_confirm_{at.selectbox(key='rpk_quarter').value}")
    at.button(key="rp_b_compute").click()
    at.run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("已计算") for s in at.success)
    entries = table_with(at, "金额（元）", "事项编号")
    assert set(entries["类别"]) <= {"成功代理", "基本满意奖励", "满意且息诉息访奖励", "更正调整"}
    assert any("台账与案件记录一致" in s.value for s in at.success), "reconciles after computing"
    clerk = roster_page(Role.CLERK, "performance")
    assert not [b for b in clerk.button if b.key in {"rp_b_compute", "rp_b_approve"}]


def test_training_tab_lists_waiting_trainees_and_the_record_form_for_trainers(console_env):
    trainer = roster_page(Role.TRAINER, "training")
    assert trainer.multiselect(key="rpk_t_agents").options, "trainees waiting"
    assert any(s.value.startswith("待培训代理员") for s in trainer.subheader)
    clerk = roster_page(Role.CLERK, "training")
    assert not [m for m in clerk.multiselect if m.key == "rpk_t_agents"]


class _Upload:
    """What st.file_uploader returns (AppTest cannot upload a file itself)."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_import_dry_run_reports_row_errors(console_env, monkeypatch):
    import streamlit
    from sqlalchemy import func, select

    from db.models import Agent
    from db.session import Database
    from tests.roster_fixtures import roster_row, roster_xlsx

    data = roster_xlsx([roster_row(1), roster_row(2, 联系电话="12345", 性别="?")])
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: _Upload("agents.xlsx", data))
    database = Database.connect(console_env)
    with database.read() as s:
        before = s.scalar(select(func.count()).select_from(Agent))
    at = roster_page(Role.ADMIN, "import")
    at.button(key="rp_i_check").click().run()
    assert not at.exception, at.exception
    assert any("问题" in e.value for e in at.error), [e.value for e in at.error]
    errors = table_with(at, "行号")
    assert 3 in set(errors["行号"]), "the bad row (sheet row 3) is named"
    assert any("电话" in str(v) for v in errors.iloc[:, 1]), errors
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Agent)) == before, "nothing written"
    database.dispose()


def test_a_liaison_cannot_open_the_roster(console_env):
    from console.navigation import PAGES
    from core.access import may_open

    assert not may_open(Role.UNIT_LIAISON, "roster")
    assert any(spec.key == "roster" for spec in PAGES)

    at = AppTest.from_file(PAGE, default_timeout=60)
    from console.runtime import USER_KEY
    from core.users import UserView

    at.session_state[USER_KEY] = UserView("liaison", "liaison", Role.UNIT_LIAISON, 1, None)
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["您的角色无权使用此页面。"]
    assert not at.title and not at.dataframe


def test_the_page_in_english(console_env):
    # A fresh session per tab: AppTest formats choices outside the app's session, in Chinese.
    for name in ("roster", "detail", "add", "training", "import", "performance"):
        at = roster_page(
            Role.ADMIN,
            ui_language="en",
            rp_tab_en=translate(f"roster_page.tab.{name}", "en"),
            rpk_agent_id=1,
        )
        assert at.title[0].value == "Agent roster"
        assert not at.error, (name, [e.value for e in at.error])
        if name == "roster":
            assert "Code" in at.dataframe[0].value.columns
