"""The assignment queue page (AppTest) on the shared demo district."""

from pathlib import Path

import pytest
from sqlalchemy import select

from core.vocab import MatterState, Rating, Role
from db.models import Matter, RecordAccess
from db.session import Database
from tests.demo_data import matter_in, unit_of
from tests.test_app import signed_in

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "queue.py")
CONCURRENT = "他人修改"  # in t("error.concurrent_edit")


def _open(role: Role):
    at = signed_in(role)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def _look_up(at, case: str):
    at.text_input(key="qu_lookup").input(case).run()
    assert not at.exception, at.exception
    return at


def _query(url, statement):
    database = Database.connect(url)
    with database.read() as s:
        result = s.execute(statement).all()
    database.dispose()
    return result


def _matter(url, state: MatterState, *, proxied: bool | None = None) -> tuple[str, int]:
    return matter_in(url, state, proxied=proxied)


def _state(url, matter_id: int) -> MatterState:
    return MatterState(_query(url, select(Matter.state).where(Matter.id == matter_id))[0][0])


@pytest.mark.parametrize("role", list(Role))
def test_renders_for_every_role_with_a_matter_open(console_env, role):
    at = _open(role)
    assert not at.error, [e.value for e in at.error]
    assert at.dataframe, "the queue table"
    cases = at.session_state["qu_cases"]
    if cases:
        _look_up(at, cases[0])
        assert not at.error, [e.value for e in at.error]
        assert "办理轨迹" in [m.value.strip("*") for m in at.markdown]


def test_a_clerk_takes_a_matter_from_reply_to_archive(console_env):
    case, matter_id = _matter(console_env, MatterState.IN_HANDLING, proxied=True)
    at = _look_up(_open(Role.CLERK), case)
    at.button(key=f"qu_do_reply_{matter_id}").click().run()
    assert any("必填" in e.value for e in at.error), "an empty reply is refused at its field"
    assert _state(console_env, matter_id) is MatterState.IN_HANDLING

    at.text_area(key=f"qu_reply_{matter_id}").input("经核查，路灯已于本周修复。")
    at.button(key=f"qu_do_reply_{matter_id}").click().run()
    assert _state(console_env, matter_id) is MatterState.REPLIED
    assert [s.value for s in at.success] == ["答复已录入。"]

    at.button(key=f"qu_deliver_{matter_id}").click().run()
    assert _state(console_env, matter_id) is MatterState.DELIVERED

    at.radio(key=f"qu_unit_rating_{matter_id}").set_value(Rating.SATISFIED)
    at.radio(key=f"qu_ceased_{matter_id}").set_value(True)
    at.button(key=f"qu_rate_{matter_id}").click().run()
    assert _state(console_env, matter_id) is MatterState.DELIVERED, "agent rating missing"
    assert at.error
    at.radio(key=f"qu_agent_rating_{matter_id}").set_value(Rating.BASICALLY_SATISFIED)
    at.button(key=f"qu_rate_{matter_id}").click().run()
    assert _state(console_env, matter_id) is MatterState.RATED

    at.button(key=f"qu_close_{matter_id}").click().run()
    assert not at.exception
    assert _state(console_env, matter_id) is MatterState.CLOSED
    assert case not in at.session_state["qu_cases"], "a closed matter leaves the queue"
    timeline = at.dataframe[-1].value  # the closed matter stays open, with its history
    assert list(timeline["环节"])[-4:] == ["答复", "送达答复", "评价", "办结归档"]
    assert set(timeline["经办人"].iloc[-4:]) == {"演示登记员"}  # people's names


def test_a_liaison_sees_only_its_unit_and_only_records_replies(console_env):
    unit_id = unit_of(console_env, "liaison")
    matter_in(console_env, MatterState.ASSIGNED, unit_id=unit_id)
    other, _ = matter_in(console_env, MatterState.ASSIGNED, other_than_unit=unit_id)
    own = {
        c
        for (c,) in _query(
            console_env,
            select(Matter.case_number).where(
                Matter.unit_id == unit_id,
                (Matter.accused_unit_id.is_(None)) | (Matter.accused_unit_id != unit_id),
            ),
        )
    }
    at = _open(Role.UNIT_LIAISON)
    cases = at.session_state["qu_cases"]
    assert cases and set(cases) <= own
    assert "qu_unit" not in [s.key for s in at.selectbox], "no unit filter for a liaison"
    for case in cases[:6]:
        _look_up(at, case)
        assert not at.error, [e.value for e in at.error]
        keys = [b.key or "" for b in at.button]
        assert not any(
            k.startswith(("qu_deliver_", "qu_rate_", "qu_close_", "qu_wd_", "qu_assign_"))
            for k in keys
        ), keys
    # another unit's matter is refused, and the refused read is not logged as a read
    _look_up(at, other)
    assert [e.value for e in at.error] == ["您无权查看该事项"]
    assert not any((b.key or "").startswith("qu_do_reply_") for b in at.button)


def test_a_liaison_records_its_units_reply_and_the_read_is_logged(console_env):
    unit_id = unit_of(console_env, "liaison")
    case, matter_id = matter_in(console_env, MatterState.ASSIGNED, unit_id=unit_id)
    at = _look_up(_open(Role.UNIT_LIAISON), case)
    assert _query(
        console_env,
        select(RecordAccess.id).where(
            RecordAccess.matter_id == matter_id, RecordAccess.username == "liaison"
        ),
    )
    at.text_area(key=f"qu_reply_{matter_id}").input("本单位已派员核实并答复。")
    at.button(key=f"qu_do_reply_{matter_id}").click().run()
    assert _state(console_env, matter_id) is MatterState.REPLIED
    assert not any((b.key or "").startswith("qu_deliver_") for b in at.button)


def test_a_stale_page_does_not_overwrite(console_env):
    case, matter_id = _matter(console_env, MatterState.REPLIED)
    first = _look_up(_open(Role.CLERK), case)
    second = _look_up(_open(Role.ADMIN), case)
    first.button(key=f"qu_deliver_{matter_id}").click().run()
    assert _state(console_env, matter_id) is MatterState.DELIVERED
    # the second page still shows the matter as replied, with the version it saw
    second.button(key=f"qu_deliver_{matter_id}").click().run()
    assert any(CONCURRENT in e.value for e in second.error), [e.value for e in second.error]
    assert _state(console_env, matter_id) is MatterState.DELIVERED
    # reloaded, it now offers the next step
    assert any((r.key or "").startswith("qu_unit_rating_") for r in second.radio)
