"""The assignment queue page (AppTest): a clerk takes one matter from reply to archive."""

from pathlib import Path

from sqlalchemy import select

from core.vocab import MatterState, Rating, Role
from db.models import Matter, User
from db.session import Database
from tests.test_app import signed_in

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "queue.py")


def _open(role: Role):
    at = signed_in(role)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def _a_matter_in(url, state: MatterState, proxied: bool = False) -> str:
    database = Database.connect(url)
    with database.read() as s:
        case = s.scalar(
            select(Matter.case_number)
            .where(Matter.state == state, Matter.agent_proxied.is_(proxied))
            .order_by(Matter.id)
        )
    database.dispose()
    assert case, f"the demo district has a matter {state}"
    return case


def _state_of(url, case: str) -> MatterState:
    database = Database.connect(url)
    with database.read() as s:
        state = s.scalar(select(Matter.state).where(Matter.case_number == case))
    database.dispose()
    return state


def test_a_clerk_records_reply_delivery_rating_and_closes(console_env):
    case = _a_matter_in(console_env, MatterState.IN_HANDLING)
    at = _open(Role.CLERK)
    at.selectbox(key="qu_case").set_value(case).run()
    matter_key = next(t.key for t in at.text_area if t.key.startswith("qu_reply_"))
    matter_id = matter_key.rsplit("_", 1)[1]
    at.button(key=f"qu_do_reply_{matter_id}").click().run()
    assert at.error, "an empty reply is refused"
    assert _state_of(console_env, case) is MatterState.IN_HANDLING
    at.text_area(key=matter_key).input("经核查，路灯已于本周修复。")
    at.button(key=f"qu_do_reply_{matter_id}").click().run()
    assert _state_of(console_env, case) is MatterState.REPLIED
    at.selectbox(key="qu_case").set_value(case).run()
    at.button(key=f"qu_deliver_{matter_id}").click().run()
    assert _state_of(console_env, case) is MatterState.DELIVERED
    at.selectbox(key="qu_case").set_value(case).run()
    at.radio(key=f"qu_unit_rating_{matter_id}").set_value(Rating.SATISFIED)
    at.checkbox(key=f"qu_ceased_{matter_id}").check()
    at.button(key=f"qu_rate_{matter_id}").click().run()
    assert _state_of(console_env, case) is MatterState.RATED
    at.selectbox(key="qu_case").set_value(case).run()
    at.button(key=f"qu_close_{matter_id}").click().run()
    assert not at.exception
    assert _state_of(console_env, case) is MatterState.CLOSED


def test_a_liaison_sees_only_its_unit_and_only_records_replies(console_env):
    database = Database.connect(console_env)
    with database.read() as s:
        unit_id = s.scalar(select(User.unit_id).where(User.username == "liaison"))
        own = set(s.scalars(select(Matter.case_number).where(Matter.unit_id == unit_id)))
    database.dispose()
    at = _open(Role.UNIT_LIAISON)
    cases = set(at.selectbox(key="qu_case").options)
    assert cases <= own
    for case in list(cases)[:3]:
        at.selectbox(key="qu_case").set_value(case).run()
        assert not at.exception
        keys = [b.key or "" for b in at.button]
        assert not any(k.startswith(("qu_deliver_", "qu_rate_", "qu_close_", "qu_wd_"))
                       for k in keys)


def test_a_stale_page_does_not_overwrite(console_env):
    case = _a_matter_in(console_env, MatterState.REPLIED)
    first, second = _open(Role.CLERK), _open(Role.SUPERVISOR)
    for at in (first, second):
        at.selectbox(key="qu_case").set_value(case).run()
    matter_id = next(b.key for b in first.button if (b.key or "").startswith("qu_deliver_"))
    first.button(key=matter_id).click().run()
    assert _state_of(console_env, case) is MatterState.DELIVERED
    # the supervisor's page still shows the matter as replied, with the old version
    withdraw = next(b.key for b in second.button if (b.key or "").startswith("qu_wd_"))
    second.text_input(key=withdraw.replace("qu_wd_", "qu_wd_reason_")).input("撤回")
    second.button(key=withdraw).click().run()
    assert any("他人修改" in e.value for e in second.error), [e.value for e in second.error]
    assert _state_of(console_env, case) is MatterState.DELIVERED
