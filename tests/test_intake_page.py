"""The intake page as a clerk uses it (AppTest): an error is shown, corrected, then saved."""

from pathlib import Path

from sqlalchemy import select
from stdnum.cn import ric
from streamlit.testing.v1 import AppTest

from core.vocab import Channel, Role, TriageOutcome
from db.models import Matter, Town, Village
from db.session import Database
from tests.test_app import signed_in

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "intake.py")
BODY = "50010719520305123"
GOOD_ID = BODY + ric.calc_check_digit(BODY + "0")
BAD_ID = BODY + ("0" if GOOD_ID[-1] != "0" else "1")


def _place(url):
    database = Database.connect(url)
    with database.read() as s:
        town_id, village_id = s.execute(
            select(Town.id, Village.id).join(Village, Village.town_id == Town.id).limit(1)
        ).one()
    database.dispose()
    return town_id, village_id


def _open(role=Role.CLERK) -> AppTest:
    at = signed_in(role)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_walk_in_is_corrected_and_saved(console_env):
    town_id, village_id = _place(console_env)
    at = _open()
    at.selectbox(key="in_channel").set_value(Channel.WALK_IN).run()
    at.text_input(key="in_p0_name").input("测试甲")
    at.text_input(key="in_p0_id_number").input(BAD_ID)
    at.text_input(key="in_p0_phone").input("13812345678")
    at.selectbox(key="in_town").set_value(town_id).run()
    at.selectbox(key="in_village").set_value(village_id).run()
    at.text_input(key="in_summary").input("小区路灯损坏多日无人维修，夜间出行不便，请求尽快修复")
    at.button(key="in_save").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "校验" in errors or "身份证" in errors, errors
    assert at.text_input(key="in_summary").value.startswith("小区路灯"), "typed text is kept"
    assert at.text_input(key="in_p0_id_number").value == BAD_ID

    at.text_input(key="in_p0_id_number").input(GOOD_ID)
    at.button(key="in_save").click().run()
    if any(b.key == "in_confirm" for b in at.button):  # similar matters found: decide
        at.radio(key="in_decision").set_value("new")
        at.button(key="in_confirm").click().run()
    assert not at.exception
    saved = [s.value for s in at.success]
    assert saved and "500107-" in saved[0], (saved, [e.value for e in at.error])
    case_number = saved[0].split()[-1]
    database = Database.connect(console_env)
    with database.read() as s:
        assert s.scalar(select(Matter.summary).where(Matter.case_number == case_number))
    database.dispose()


def test_an_agent_item_without_agreement_explains_why(console_env):
    at = _open()
    at.selectbox(key="in_channel").set_value(Channel.AGENT_ONLINE).run()
    at.text_input(key="in_agent_query").input("JLP-00").run()
    at.button(key="in_save").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "委托书" in errors


def test_triage_a_queue_item_to_a_unit(console_env):
    at = _open()
    cases = at.selectbox(key="tr_case").options
    assert cases, "the demo district has items waiting for triage"
    at.selectbox(key="tr_case").set_value(cases[0]).run()
    matter_key = next(r.key for r in at.radio if r.key.startswith("tr_outcome_"))
    at.radio(key=matter_key).set_value(TriageOutcome.COORDINATE).run()
    decide = next(b for b in at.button if b.key and b.key.startswith("tr_decide_"))
    decide.click().run()
    assert not at.exception
    assert any("导访结果" in s.value for s in at.success), [e.value for e in at.error]
