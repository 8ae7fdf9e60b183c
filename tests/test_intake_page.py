"""The intake page as a clerk uses it (AppTest): errors next to their field, corrected, saved;
an agent's filing; a triage decision through the panel; refused to a unit liaison."""

import datetime as dt
import itertools
from pathlib import Path

from sqlalchemy import select
from stdnum.cn import ric
from streamlit.testing.v1 import AppTest

from console.runtime import USER_KEY
from core.access import may_open
from core.cases.intake import Decision, PetitionerDraft, SubmissionDraft, register
from core.cases.triage import LegalChannel
from core.today import today as office_today
from core.users import UserView
from core.vocab import (
    AgentStatus,
    Channel,
    ContentType,
    MatterState,
    Role,
    Topic,
    TriageOutcome,
    Urgency,
)
from db.models import Agent, Matter, Submission, Town, Village
from db.session import Database
from tests.actors import actor
from tests.test_app import USERNAME, signed_in

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "intake.py")
BODY = "50010719520305123"
GOOD_ID = BODY + ric.calc_check_digit(BODY + "0")
BAD_ID = BODY + ("0" if GOOD_ID[-1] != "0" else "1")
TRIAGE_TAB = "待导访"
_serial = itertools.count(1)


def _place(url):
    database = Database.connect(url)
    with database.read() as s:
        town_id, village_id = s.execute(
            select(Town.id, Village.id).join(Village, Village.town_id == Town.id).limit(1)
        ).one()
    database.dispose()
    return town_id, village_id


def _open(role=Role.CLERK, **state) -> AppTest:
    at = signed_in(role)
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def _error_under(at: AppTest, key: str) -> str | None:
    """The error shown right under the widget `key` (the next element on the page)."""
    nodes = [n for n in at.main if type(n).__name__ not in ("Block", "Column", "SpecialBlock")]
    i = next(i for i, n in enumerate(nodes) if getattr(n, "key", None) == key)
    following = nodes[i + 1] if i + 1 < len(nodes) else None
    return following.value if type(following).__name__ == "Error" else None


def _fill_walk_in(at: AppTest, url: str, summary: str, id_number: str) -> None:
    town_id, village_id = _place(url)
    at.selectbox(key="in_channel").set_value(Channel.WALK_IN).run()
    at.text_input(key="in_p0_name").input("测试甲")
    at.text_input(key="in_p0_id_number").input(id_number)
    at.text_input(key="in_p0_phone").input("13812345678")
    at.selectbox(key="in_town").set_value(town_id).run()
    at.selectbox(key="in_village").set_value(village_id).run()
    at.text_input(key="in_summary").input(summary)


def _save(at: AppTest) -> str:
    """Save; when possible repeats are shown, register a new matter. The case number."""
    at.button(key="in_save").click().run()
    if any(b.key == "in_confirm" for b in at.button):
        assert at.dataframe, "the candidates are listed before anything is written"
        at.radio(key="in_decision").set_value("new")
        at.button(key="in_confirm").click().run()
    assert not at.exception, at.exception
    saved = [s.value for s in at.success]
    assert saved and "500107-" in saved[0], (saved, [e.value for e in at.error])
    return saved[0].split()[-1]


def _matter(url: str, case_number: str) -> Matter:
    database = Database.connect(url)
    with database.read() as s:
        matter = s.scalar(select(Matter).where(Matter.case_number == case_number))
        s.expunge_all()
    database.dispose()
    return matter


def test_a_walk_in_is_corrected_and_saved(console_env):
    at = _open()
    summary = "小区路灯损坏多日无人维修，夜间出行不便，请求尽快修复"
    _fill_walk_in(at, console_env, summary, BAD_ID)
    at.button(key="in_save").click().run()
    assert not at.exception
    under_id = _error_under(at, "in_p0_id_number")
    assert under_id and ("校验" in under_id or "身份证" in under_id), under_id
    assert any("未保存" in e.value for e in at.error), "the clerk is told nothing was saved"
    assert at.text_input(key="in_summary").value == summary, "typed text is kept"
    assert at.text_input(key="in_p0_id_number").value == BAD_ID
    assert not at.success

    at.text_input(key="in_p0_id_number").input(GOOD_ID)
    case_number = _save(at)
    assert any("查询码" in m.value for m in at.markdown), "the query code is shown once"
    assert _matter(console_env, case_number).summary == summary
    assert at.text_input(key="in_summary").value == "", "a fresh form for the next filing"


def test_an_agent_item_without_agreement_explains_why(console_env):
    at = _open()
    at.selectbox(key="in_channel").set_value(Channel.AGENT_ONLINE).run()
    at.text_input(key="in_agent_query").input("JLP-00").run()
    at.button(key="in_save").click().run()
    under = _error_under(at, "in_agreement_number")
    assert under and "委托书" in under and "冒名" in under, under


def _paper_agent(url: str) -> Agent:
    database = Database.connect(url)
    with database.read() as s:
        agent = s.scalar(
            select(Agent)
            .where(Agent.status == AgentStatus.ACTIVE, Agent.online_capable.is_(False))
            .order_by(Agent.code)
            .limit(1)
        )
        s.expunge_all()
    database.dispose()
    return agent


def test_a_paper_only_agent_is_entered_by_staff_on_the_paper_channel(console_env):
    agent = _paper_agent(console_env)
    at = _open()
    at.selectbox(key="in_channel").set_value(Channel.AGENT_ONLINE).run()
    at.text_input(key="in_agent_query").input(agent.code).run()
    assert at.selectbox(key="in_agent").value == agent.id
    assert at.selectbox(key="in_channel").value == Channel.AGENT_PAPER, "forced to paper"
    assert any("代为录入" in i.value for i in at.info)

    at.text_input(key="in_agreement_number").input(f"WT-PAGE-{next(_serial)}-{agent.id}")
    at.date_input(key="in_agreement_signed_on").set_value(office_today_of(console_env))
    _fill_walk_in_place_only(at, console_env)
    case_number = _save(at)
    matter = _matter(console_env, case_number)
    assert matter.agent_proxied
    database = Database.connect(console_env)
    with database.read() as s:
        filing = s.scalar(select(Submission).where(Submission.matter_id == matter.id))
        assert filing.channel == Channel.AGENT_PAPER and filing.entered_for_paper_agent
    database.dispose()


def office_today_of(url: str) -> dt.date:
    database = Database.connect(url)
    with database.read() as s:
        day = office_today(s)
    database.dispose()
    return day


def _fill_walk_in_place_only(at: AppTest, url: str) -> None:
    town_id, village_id = _place(url)
    at.text_input(key="in_p0_name").input("测试乙")
    at.text_input(key="in_p0_phone").input("023-68123456")
    at.selectbox(key="in_town").set_value(town_id).run()
    at.selectbox(key="in_village").set_value(village_id).run()
    at.text_input(key="in_summary").input(f"代理员书面代理：村道积水影响通行 {next(_serial)}")


def _waiting_matter(url: str, summary: str) -> str:
    """A new matter waiting for triage (registered through the use case)."""
    town_id, village_id = _place(url)
    database = Database.connect(url)
    today = office_today_of(url)
    draft = SubmissionDraft(
        channel=Channel.LETTER,
        petitioners=[PetitionerDraft(name="测试丙", phone="13900001111")],
        content_type=ContentType.REQUEST,
        topic=Topic.LABOUR,
        urgency=Urgency.GENERAL,
        town_id=town_id,
        village_id=village_id,
        summary=summary,
        received_on=today,
    )
    with database.write() as s:
        saved = register(s, draft, Decision.new_matter(), actor("clerk"), today)
    database.dispose()
    return saved.case_number


def _pick(at: AppTest, case_number: str) -> int:
    assert at.metric, "the waiting count and the repeat-petition rate are shown"
    assert any("重复信访率" in m.label for m in at.metric)
    at.selectbox(key="tr_case").set_value(case_number).run()
    assert not at.exception, at.exception
    return _matter_id(at)


def _matter_id(at: AppTest) -> int:
    return int(next(r.key for r in at.radio if r.key.startswith("tr_outcome_")).rsplit("_", 1)[1])


def test_triage_to_the_legal_channel_with_prefilled_guidance_and_a_notice(console_env):
    case_number = _waiting_matter(console_env, f"劳动争议工资被拖欠，要求支付 {next(_serial)}")
    at = _open(intake_tab=TRIAGE_TAB)
    matter_id = _pick(at, case_number)
    assert any(e.label == "办理轨迹" for e in at.expander), "the timeline is at hand"
    at.radio(key=f"tr_outcome_{matter_id}").set_value(TriageOutcome.OTHER_CHANNEL).run()
    prefix = f"tr_other_channel_{matter_id}"
    assert not any(s.key == f"{prefix}_unit" for s in at.selectbox), "asks only what it needs"
    at.selectbox(key=f"{prefix}_channel").set_value(LegalChannel.ARBITRATION).run()
    assert "仲裁" in at.text_area(key=f"{prefix}_guidance_arbitration").value
    assert at.text_area(key=f"{prefix}_redirect").value, "where to go instead is pre-filled"
    at.button(key=f"tr_decide_{matter_id}").click().run()
    assert not at.exception, at.exception
    assert any(case_number in s.value for s in at.success), [e.value for e in at.error]
    assert at.get("download_button"), "the non-acceptance notice can be printed"
    matter = _matter(console_env, case_number)
    assert matter.state == MatterState.NOT_ACCEPTED
    assert "仲裁" in matter.triage_note


def test_triage_assigns_to_the_suggested_unit(console_env):
    case_number = _waiting_matter(console_env, f"社保缴费记录有误，请求更正 {next(_serial)}")
    at = _open(intake_tab=TRIAGE_TAB)
    matter_id = _pick(at, case_number)
    at.radio(key=f"tr_outcome_{matter_id}").set_value(TriageOutcome.ASSIGN_UNIT).run()
    unit_id = at.selectbox(key=f"tr_assign_unit_{matter_id}_unit").value
    assert unit_id is not None, "the routing table's suggestion is pre-selected"
    at.button(key=f"tr_decide_{matter_id}").click().run()
    assert not at.exception, at.exception
    matter = _matter(console_env, case_number)
    assert matter.state == MatterState.ASSIGNED and matter.unit_id == unit_id


def test_a_missing_triage_input_is_shown_and_nothing_is_saved(console_env):
    case_number = _waiting_matter(console_env, f"已办结事项再次反映 {next(_serial)}")
    at = _open(intake_tab=TRIAGE_TAB)
    matter_id = _pick(at, case_number)
    outcome = TriageOutcome.CONCLUDED_OR_UNREASONABLE
    at.radio(key=f"tr_outcome_{matter_id}").set_value(outcome).run()
    at.button(key=f"tr_decide_{matter_id}").click().run()
    assert _error_under(at, f"tr_{outcome.value}_{matter_id}_reason") == "此项必填"
    assert _matter(console_env, case_number).state == MatterState.REGISTERED


def test_a_unit_liaison_cannot_open_the_page(console_env):
    assert not may_open(Role.UNIT_LIAISON, "intake")
    at = signed_in(Role.UNIT_LIAISON)
    at.run()
    assert not at.exception
    assert "登记导访" not in [title.value for title in at.title]
    direct = AppTest.from_file(PAGE, default_timeout=60)
    liaison = UserView(USERNAME[Role.UNIT_LIAISON], "x", Role.UNIT_LIAISON, None, None)
    direct.session_state[USER_KEY] = liaison
    direct.run()
    assert [e.value for e in direct.error] == ["您的角色无权使用此页面。"]
    assert not direct.text_input and not direct.button


def _fresh_id() -> str:
    body = f"50010719600101{next(_serial) + 500:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_an_id_on_file_under_another_name_is_confirmed_before_saving(console_env):
    from db.models import ChangeLog, Petitioner

    id_number = _fresh_id()
    at = _open()
    _fill_walk_in(at, console_env, "楼道堆放杂物堵塞消防通道，请求清理", id_number)
    _save(at)
    at.button(key="saved_next").click().run()

    _fill_walk_in(at, console_env, "小区门口道路破损积水，请求修补", id_number)
    at.text_input(key="in_p0_name").input("测试乙")
    at.button(key="in_save").click().run()
    assert not at.exception, at.exception
    assert any("另一姓名或电话" in w.value for w in at.warning), "the clerk is asked first"
    assert any("测试甲" in m.value for m in at.markdown), "the name on file is shown"
    assert not at.success, "nothing is saved before the clerk confirms"

    at.radio(key="in_identity_0").set_value(at.radio(key="in_identity_0").options[1]).run()
    at.button(key="in_identity_ok").click().run()
    if any(b.key == "in_confirm" for b in at.button):  # the same petitioner's other filing
        at.radio(key="in_decision").set_value("new")
        at.button(key="in_confirm").click().run()
    assert not at.exception, at.exception
    assert at.success, [e.value for e in at.error]
    database = Database.connect(console_env)
    with database.read() as s:
        person = s.scalar(select(Petitioner).where(Petitioner.id_number == id_number))
        history = s.scalars(
            select(ChangeLog).where(
                ChangeLog.old_value == "测试甲", ChangeLog.new_value == "测试乙"
            )
        ).all()
    database.dispose()
    assert person.name == "测试乙"
    assert history and history[0].actor == USERNAME[Role.CLERK], "who renamed it is kept"


def test_an_accusation_must_name_whom_it_accuses(console_env):
    at = _open()
    _fill_walk_in(at, console_env, "反映某单位工作人员违规收费", _fresh_id())
    at.selectbox(key="in_content_type").set_value(ContentType.ACCUSATION).run()
    at.button(key="in_save").click().run()
    assert not at.exception, at.exception
    under = _error_under(at, "in_accused_unit")
    assert under and "被控告" in under, under
    assert not at.success

    at.checkbox(key="in_accused_is_person").check().run()  # a person, unit unknown
    at.button(key="in_save").click().run()
    if any(b.key == "in_confirm" for b in at.button):
        at.radio(key="in_decision").set_value("new")
        at.button(key="in_confirm").click().run()
    assert at.success, [e.value for e in at.error]
