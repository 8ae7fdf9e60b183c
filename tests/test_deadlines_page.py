"""The deadlines page (期限督办) as each role sees it (streamlit.testing.v1.AppTest).

The console_env database is shared by the whole test session: these tests may add a
supervision notice, and they put the simulated today back when they move it.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core import settings
from core.today import SIMULATED_TODAY, set_simulated_today, today
from core.vocab import MatterState, Role
from db.demo import DEMO_ACCOUNTS
from db.models import SupervisionNotice, Unit
from db.session import Database
from tests.actors import actor
from tests.demo_data import matter_in, unit_of

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "console" / "app.py")
PAGE = str(ROOT / "pages" / "deadlines.py")
ACCOUNTS = {role: (username, unit) for username, role, _pw, _name, unit in DEMO_ACCOUNTS}
OVERDUE_METRIC = ":red[● 已超期]"


def open_page(role: Role) -> AppTest:
    username, _unit = ACCOUNTS[role]
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["roles"] = [role.value]
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def frames_with(at: AppTest, header: str) -> list[pd.DataFrame]:
    return [df.value for df in at.dataframe if header in df.value.columns]


def metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


@pytest.fixture
def db(console_env):
    database = Database.connect(console_env)
    yield database
    database.dispose()


@pytest.mark.parametrize("role", list(Role))
def test_the_page_renders_for_every_role(console_env, role):
    at = open_page(role)
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "期限督办"
    tabs = [tab.label for tab in at.tabs]
    assert tabs[:4] == ["今日看板", "明细与督办", "督办单", "季度通报"]
    assert ("规则与日历" in tabs) is (role is Role.ADMIN), "only rule admins see the rules tab"
    if role is Role.UNIT_LIAISON:
        assert any("仅显示本单位" in i.value for i in at.info)
    else:  # the pinned demo district has overdue matters, and the board counts them
        assert metric(at, OVERDUE_METRIC) > 0
    assert frames_with(at, "承办单位"), "the per-unit table and the matter lists are shown"
    supervises = role in {Role.SUPERVISOR, Role.ADMIN, Role.TRAINER}
    assert bool([b for b in at.button if b.key and b.key.startswith("dl_n_issue_")]) is supervises


def test_english_headers(console_env):
    at = open_page(Role.SUPERVISOR)
    at.session_state["ui_language"] = "en"
    at.run()
    assert at.title[0].value == "Deadlines and supervision"
    headers = {c for df in at.dataframe for c in df.value.columns}
    assert {"Case number", "Unit", "Due"} <= headers
    assert not [h for h in headers if str(h).startswith("deadlines.")]


def test_a_supervisor_issues_a_notice_from_an_overdue_matter(console_env, db):
    at = open_page(Role.SUPERVISOR)
    assert at.selectbox(key="dl_f_colour").value == "overdue", "the drill-down opens on overdue"
    matter_id = at.selectbox(key="dl_pick").value
    drilled = next(df for df in frames_with(at, "事项亮灯"))
    assert set(drilled["事项亮灯"]) == {"● 已超期"}
    text = at.text_area(key=f"dl_n_text_{matter_id}")
    case_number = text.value.split(" ")[1]
    assert "号信访事项" in text.value and case_number.startswith("500107-")
    latest = select(SupervisionNotice.id).order_by(SupervisionNotice.id.desc())
    with db.read() as s:
        before = s.scalar(latest)

    text.set_value("   ").run()  # an empty text is refused: nothing is written
    at.button(key=f"dl_n_issue_{matter_id}").click().run()
    assert [e.value for e in at.error] == ["请填写督办内容。"]
    with db.read() as s:
        assert s.scalar(latest) == before

    at.text_area(key=f"dl_n_text_{matter_id}").set_value(f"请就 {case_number} 号事项书面反馈。")
    at.button(key=f"dl_n_issue_{matter_id}").click().run()
    assert not at.exception and not at.error
    assert any("已签发" in s.value and case_number in s.value for s in at.success)
    notices = next(df for df in frames_with(at, "督办单号") if "本计时亮灯" in df.columns)
    row = notices[notices["事项编号"] == case_number]
    assert len(row) >= 1 and row.iloc[-1]["督办内容"] == f"请就 {case_number} 号事项书面反馈。"
    assert row.iloc[-1]["本计时亮灯"].endswith("正常")  # a fresh notice's own clock is green
    with db.read() as s:
        notice = s.scalars(select(SupervisionNotice).order_by(SupervisionNotice.id.desc())).first()
        assert notice.matter_id == matter_id and notice.issued_by == "supervisor"


def test_moving_the_simulated_today_changes_the_counts(console_env, db):
    at = open_page(Role.SUPERVISOR)
    overdue_before = metric(at, OVERDUE_METRIC)
    with db.read() as s:
        stored = settings.get(s, SIMULATED_TODAY)
        now = today(s)
    try:
        with db.write() as s:
            set_simulated_today(s, now + dt.timedelta(days=90), actor("trainer"), demo_mode=True)
        at.run()
        assert not at.exception
        assert metric(at, OVERDUE_METRIC) > overdue_before
        assert (now + dt.timedelta(days=90)).isoformat() in at.caption[0].value
    finally:
        with db.write() as s:
            settings.put(s, SIMULATED_TODAY, stored, "trainer")
    at.run()
    assert metric(at, OVERDUE_METRIC) == overdue_before


def test_a_liaison_sees_only_its_own_unit(console_env, db):
    _username, unit_code = ACCOUNTS[Role.UNIT_LIAISON]
    with db.read() as s:
        unit_name = s.scalar(select(Unit.name).where(Unit.code == unit_code))
    liaison = open_page(Role.UNIT_LIAISON)
    supervisor = open_page(Role.SUPERVISOR)
    assert any("仅显示本单位" in i.value for i in liaison.info)
    tables = frames_with(liaison, "承办单位")
    assert tables and all(set(df["承办单位"]) <= {unit_name} for df in tables)
    assert metric(liaison, "在办计时事项") < metric(supervisor, "在办计时事项")
    # no district-wide charts for a unit, and no supervisor actions
    assert len(liaison.get("vega_lite_chart")) < len(supervisor.get("vega_lite_chart"))
    assert not [b for b in liaison.button if b.key and b.key.startswith("dl_n_issue_")]


def test_the_admin_tab_refuses_a_bad_schedule_and_changes_nothing(console_env):
    at = open_page(Role.ADMIN)
    assert frames_with(at, "最多延期天数"), "the rules table"
    at.text_area(key="dl_cal_holidays").set_value("2027-01-01 元旦\n2027-02-30 春节")
    at.button(key="dl_cal_enter").click().run()
    assert [e.value for e in at.error] == [
        "第 2 行格式不对（应为“日期 名称”或“起始日~结束日 名称”，日期写作 YYYY-MM-DD）："
        "2027-02-30 春节"
    ]
    years = next(df for df in frames_with(at, "已核实"))
    assert years.set_index("年份").loc[2027, "已核实"] == "否"


def test_a_rule_change_without_a_reason_is_refused(console_env):
    at = open_page(Role.ADMIN)
    key = at.selectbox(key="dl_rule_key").value
    at.number_input(key=f"dl_rule_days_{key}").set_value(20)
    at.button(key="dl_rule_save").click().run()
    assert [e.value for e in at.error] == ["请填写理由。"]


def test_counts_drill_down_to_their_matters(console_env):
    at = open_page(Role.CLERK)
    at.button(key="dl_go_due_this_week").click().run()
    assert at.selectbox(key="dl_f_due").value == "this_week"
    assert at.selectbox(key="dl_f_colour").value is None
    this_week = metric(at, "本周到期")
    assert any(c.value.startswith(f"{this_week} 件事项") for c in at.caption)
    at.button(key="dl_go_colour_overdue").click().run()
    assert (at.selectbox(key="dl_f_colour").value, at.selectbox(key="dl_f_due").value) == (
        "overdue",
        None,
    )
    assert any(c.value.startswith(f"{metric(at, OVERDUE_METRIC)} 件事项") for c in at.caption)


def test_picking_an_overdue_matter_opens_its_notice_form(console_env):
    """What a click on a row of the oldest-overdue table does (its on_select callback sets
    dl_quick; AppTest cannot click a dataframe row)."""
    at = open_page(Role.SUPERVISOR)
    oldest = next(df for df in frames_with(at, "本计时亮灯") if "事项亮灯" not in df.columns)
    first = at.selectbox(key="dl_pick").value  # the drill-down opens on the oldest overdue
    at.session_state["dl_quick"] = first
    at.run()
    quick = at.text_area(key=f"dl_q_text_{first}")
    assert f"关于 {oldest.iloc[0]['事项编号']} 号信访事项" in quick.value
    assert at.button(key=f"dl_q_issue_{first}")


def test_a_notice_to_the_liaisons_unit_is_answered_by_the_liaison(console_env, db):
    username, unit_code = ACCOUNTS[Role.UNIT_LIAISON]
    matter_in(console_env, MatterState.ASSIGNED, unit_id=unit_of(console_env, username))
    supervisor = open_page(Role.SUPERVISOR)
    supervisor.selectbox(key="dl_f_colour").set_value(None)
    supervisor.selectbox(key="dl_f_unit").set_value(unit_code).run()
    matter_id = supervisor.selectbox(key="dl_pick").value
    supervisor.text_area(key=f"dl_n_text_{matter_id}").set_value("请于期限内书面反馈。")
    supervisor.button(key=f"dl_n_issue_{matter_id}").click().run()
    assert not supervisor.error
    with db.read() as s:
        notice = s.scalars(select(SupervisionNotice).order_by(SupervisionNotice.id.desc())).first()
        assert s.get(Unit, notice.unit_id).code == unit_code

    liaison = open_page(Role.UNIT_LIAISON)
    assert any(f"第 {notice.id} 号" in o for o in liaison.selectbox(key="dl_ans_notice").options)
    liaison.selectbox(key="dl_ans_notice").set_value(notice.id).run()
    liaison.button(key="dl_ans_go").click().run()
    assert [e.value for e in liaison.error] == ["请填写承办单位的反馈内容。"]
    liaison.text_area(key=f"dl_ans_text_{notice.id}").set_value("已约谈信访人，本周内办结。")
    liaison.button(key="dl_ans_go").click().run()
    assert any(f"第 {notice.id} 号督办单" in s.value for s in liaison.success)
    answered = next(df for df in frames_with(liaison, "反馈情况"))
    row = answered[answered["督办单号"] == notice.id].iloc[0]
    assert (row["反馈内容"], row["反馈情况"]) == ("已约谈信访人，本周内办结。", "按期反馈")
    with db.read() as s:
        assert s.get(SupervisionNotice, notice.id).answered_at is not None


def test_the_bulletin_shows_district_rates(console_env):
    at = open_page(Role.SUPERVISOR)
    assert at.selectbox(key="dl_quarter").value.endswith(("Q1", "Q2", "Q3", "Q4"))
    labels = {m.label for m in at.metric}
    assert {"按期答复率", "结案率", "息访率", "满意率", "重复访率"} <= labels
    assert frames_with(at, "收到事项")


def test_a_new_office_without_matters_sees_an_empty_page(monkeypatch, tmp_path):
    """Production start: no matters, no clocks, no notices — every panel still renders."""
    import streamlit as st

    from core.config import AppConfig
    from core.startup import migrate_and_prepare
    from core.users import create_user

    url = f"sqlite:///{tmp_path / 'office.db'}"
    database = Database.connect(url)
    migrate_and_prepare(database, AppConfig(database_url=url, demo_mode=False, cookie_key="k" * 40))
    with database.write() as s:
        create_user(s, "chief", "a-long-password", Role.ADMIN, "主任")
    database.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_COOKIE_KEY", "k" * 40)
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "l" * 40)  # production serves: needs it
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = "chief"
        at.session_state["name"] = "主任"
        at.session_state["roles"] = [Role.ADMIN.value]
        at.run()
        at.switch_page(PAGE)
        at.run()
        assert not at.exception, at.exception
        assert not at.error
        assert metric(at, OVERDUE_METRIC) == 0
        assert any(c.value == "目前没有超期事项。" for c in at.caption)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def _accusation(db, accused_code: str, handler_code: str) -> tuple[int, str]:
    """An assigned accusation against one unit, handled by another: (matter id, accused name)."""
    from core.cases.intake import Decision, PetitionerDraft, SubmissionDraft, register
    from core.cases.triage import TriageDecision, triage
    from core.vocab import Channel, ContentType, Topic, TriageOutcome, Urgency
    from db.models import Matter, Village

    with db.write() as s:
        day = today(s)
        accused = s.scalar(select(Unit).where(Unit.code == accused_code))
        handler = s.scalar(select(Unit.id).where(Unit.code == handler_code))
        village = s.scalars(select(Village).order_by(Village.id).limit(1)).one()
        draft = SubmissionDraft(
            channel=Channel.WALK_IN,
            petitioners=[
                PetitionerDraft(name="测试控告人", address="测试地址", phone="13900001111")
            ],
            content_type=ContentType.ACCUSATION,
            topic=Topic.OTHER,
            urgency=Urgency.GENERAL,
            town_id=village.town_id,
            village_id=village.id,
            summary="控告某单位工作人员违规收费",
            received_on=day - dt.timedelta(days=1),
            accused_unit_id=accused.id,
        )
        done = register(s, draft, Decision.new_matter(), actor("clerk"), day)
    with db.write() as s:
        triage(
            s,
            done.matter_id,
            s.get(Matter, done.matter_id).version,
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=handler),
            actor("clerk"),
            today(s),
        )
    return done.matter_id, accused.name


def test_the_notice_form_never_offers_the_accused_unit(console_env, db):
    _username, liaison_unit = ACCOUNTS[Role.UNIT_LIAISON]
    with db.read() as s:
        other = s.scalar(select(Unit.code).where(Unit.code != liaison_unit).order_by(Unit.id))
    matter_id, accused_name = _accusation(db, liaison_unit, other)
    at = open_page(Role.SUPERVISOR)
    at.selectbox(key="dl_f_colour").set_value(None).run()
    at.session_state["dl_pick"] = matter_id
    at.run()
    assert at.selectbox(key="dl_pick").value == matter_id
    units = at.selectbox(key=f"dl_n_unit_{matter_id}").options
    assert accused_name not in units and len(units) > 1

    liaison = open_page(Role.UNIT_LIAISON)  # the accused unit's liaison never sees it
    cases = [df for df in liaison.dataframe if "事项编号" in df.value.columns]
    with db.read() as s:
        from db.models import Matter

        case_number = s.get(Matter, matter_id).case_number
    assert all(case_number not in set(df.value["事项编号"]) for df in cases)


def test_the_notice_form_follows_the_pick_and_cites_the_legal_limit(console_env, db):
    """A row picked in the oldest-overdue list (its callback sets the overdue filter, the
    pick and the quick notice) becomes the drill tab's notice matter too; the text cites
    the matter's legal limit (reply by urgency, conclusion...), never an internal one."""
    from core.deadlines.board import legal_clock, matter_clocks
    from db.models import Matter

    at = open_page(Role.SUPERVISOR)
    oldest = next(df for df in frames_with(at, "本计时亮灯") if "事项亮灯" not in df.columns)
    case_number = oldest.iloc[-1]["事项编号"]  # not the drill-down's default pick
    with db.read() as s:
        matter_id = s.scalar(select(Matter.id).where(Matter.case_number == case_number))
        clocks = matter_clocks(s, today(s), [matter_id])
    cited = legal_clock(clocks)
    at.session_state["dl_f_colour"] = "overdue"
    at.session_state["dl_pick__filters"] = ("overdue", None, None, None)
    at.session_state["dl_pick"] = matter_id
    at.session_state["dl_quick"] = matter_id
    at.run()
    assert not at.exception
    assert at.selectbox(key="dl_pick").value == matter_id
    for prefix in ("dl_n_", "dl_q_"):
        text = at.text_area(key=f"{prefix}text_{matter_id}").value
        assert f"关于 {case_number} 号信访事项" in text
        assert "内部" not in text
        if cited is not None:
            assert "法定期限「" in text and cited["due_on"].isoformat() in text
    # another filter lets the pick go: the form shows a matter of the new list
    at.selectbox(key="dl_f_due").set_value("this_week").run()
    assert at.selectbox(key="dl_pick").value != matter_id or not at.caption


def test_the_drill_down_is_paged(console_env):
    at = open_page(Role.SUPERVISOR)
    at.selectbox(key="dl_f_colour").set_value(None).run()
    drilled = next(df for df in frames_with(at, "事项亮灯"))
    assert 0 < len(drilled) <= 50
    pages = [c.value for c in at.caption if c.value.startswith("第 1 / ") and "个计时" in c.value]
    assert pages, "the drill-down says which page of how many"
    if any(n.key == "dl_drill_page" for n in at.number_input):  # more than one page
        first = list(drilled["事项编号"])
        at.number_input(key="dl_drill_page").set_value(2).run()
        second = list(next(df for df in frames_with(at, "事项亮灯"))["事项编号"])
        assert second and second != first
