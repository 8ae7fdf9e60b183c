"""The matter panel of the queue page (AppTest) on the shared demo district: a liaison
returns a matter (退回), the office transfers one to another unit (转办) — it leaves one
liaison's queue and enters another's —, delivery details, and a leader case package
(领导包案) with its clock on the board and in the list of packaged matters."""

from pathlib import Path

from sqlalchemy import select

from core.deadlines.board import open_clock_board
from core.today import today as office_today
from core.vocab import ClockKind, DeliveryMethod, MatterState, Role
from db.models import Matter, MatterPackage
from db.session import Database
from tests.demo_data import matter_in, unit_of
from tests.test_app import signed_in

ROOT = Path(__file__).resolve().parents[1]
QUEUE = str(ROOT / "pages" / "queue.py")
PACKAGED = str(ROOT / "pages" / "packaged.py")


def _open(role: Role, username: str | None = None, page: str = QUEUE):
    at = signed_in(role)
    if username is not None:
        at.session_state["username"] = at.session_state["name"] = username
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def _look_up(at, case: str):
    at.text_input(key="qu_lookup").input(case).run()
    assert not at.exception, at.exception
    return at


def _row(url, matter_id: int) -> Matter:
    database = Database.connect(url)
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        s.expunge(matter)
    database.dispose()
    return matter


def _texts(at) -> str:
    kinds = ("caption", "markdown", "info", "warning")
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def _timeline(at):
    return at.dataframe[-1].value


def test_a_liaison_returns_a_matter_and_it_leaves_its_queue(console_env):
    unit_id = unit_of(console_env, "liaison")
    case, matter_id = matter_in(console_env, MatterState.ASSIGNED, unit_id=unit_id)
    at = _look_up(_open(Role.UNIT_LIAISON), case)
    at.button(key=f"qu_return_{matter_id}").click().run()
    assert any("必填" in e.value for e in at.error), "a return without a reason is refused"
    assert _row(console_env, matter_id).unit_id == unit_id

    at.text_area(key=f"qu_ret_reason_{matter_id}").input("属规划部门职责，非本单位。")
    at.button(key=f"qu_return_{matter_id}").click().run()
    assert not at.exception, at.exception
    matter = _row(console_env, matter_id)
    assert (matter.state, matter.unit_id) == (MatterState.ACCEPTED, None)
    assert case not in at.session_state["qu_cases"]
    _look_up(at, case)
    assert [e.value for e in at.error] == ["您无权查看该事项"], "it left the unit's queue"

    # the office sees it waiting for assignment, with who returned it and why, and the
    # assignment form offering the routing table's suggestion
    office = _look_up(_open(Role.CLERK), case)
    text = _texts(office)
    assert "待交办" in text and "属规划部门职责，非本单位。" in text
    assert "路由表" in text
    assert office.selectbox(key=f"qu_assign_unit_{matter_id}")
    timeline = _timeline(office)
    returned = timeline[timeline["环节"] == "退回"]
    assert list(returned["原因"]) == ["属规划部门职责，非本单位。"]
    assert list(returned["经办人"]) == ["住房城乡建委联络员（演示）"]


def test_the_office_transfers_a_matter_from_one_liaisons_queue_to_anothers(console_env):
    hurd = unit_of(console_env, "liaison")
    pnr = unit_of(console_env, "liaison_pnr")
    case, matter_id = matter_in(console_env, MatterState.ASSIGNED, unit_id=hurd)
    before = _look_up(_open(Role.UNIT_LIAISON), case)
    assert not before.error, "the matter is in the first liaison's queue"

    at = _look_up(_open(Role.CLERK), case)
    options = at.selectbox(key=f"qu_transfer_unit_{matter_id}").options
    assert options and len(options) >= 2
    at.selectbox(key=f"qu_transfer_unit_{matter_id}").set_value(pnr)
    at.text_area(key=f"qu_transfer_reason_{matter_id}").input("涉及征地补偿，属规划自然资源局。")
    at.button(key=f"qu_transfer_{matter_id}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    matter = _row(console_env, matter_id)
    assert (matter.state, matter.unit_id) == (MatterState.ASSIGNED, pnr)
    timeline = _timeline(at)
    moved = timeline[timeline["环节"] == "转办"]
    assert list(moved["原因"]) == ["涉及征地补偿，属规划自然资源局。"]
    assert "规划和自然资源局" in list(moved["详情"])[0]

    gone = _look_up(_open(Role.UNIT_LIAISON), case)
    assert [e.value for e in gone.error] == ["您无权查看该事项"], "left the first unit's queue"
    arrived = _look_up(_open(Role.UNIT_LIAISON, "liaison_pnr"), case)
    assert not arrived.error, [e.value for e in arrived.error]
    assert arrived.button(key=f"qu_do_reply_{matter_id}"), "the new unit can reply"


def test_delivery_details_are_recorded_and_shown(console_env):
    case, matter_id = matter_in(console_env, MatterState.REPLIED, proxied=True)
    at = _look_up(_open(Role.CLERK), case)
    agent_id = at.selectbox(key=f"qu_deliver_agent_{matter_id}").value
    assert agent_id is not None, "an agent-proxied matter defaults to its filing agent"
    at.radio(key=f"qu_deliver_method_{matter_id}").set_value(DeliveryMethod.IN_PERSON)
    at.button(key=f"qu_deliver_{matter_id}").click().run()
    assert not at.exception, at.exception
    matter = _row(console_env, matter_id)
    assert matter.state is MatterState.DELIVERED
    assert matter.delivered_by_agent_id == agent_id
    assert matter.delivery_method is DeliveryMethod.IN_PERSON
    assert "当面送达" in _texts(at)
    timeline = _timeline(at)
    delivered = timeline[timeline["环节"] == "送达答复"]
    assert "当面送达" in list(delivered["详情"])[0]


def test_a_supervisor_packages_a_matter_and_its_clock_is_on_the_board(console_env):
    case, matter_id = matter_in(console_env, MatterState.IN_HANDLING)
    clerk = _look_up(_open(Role.CLERK), case)
    assert f"qu_pkg_{matter_id}" not in [b.key for b in clerk.button], "a clerk may not package"

    at = _look_up(_open(Role.SUPERVISOR), case)
    at.text_input(key=f"qu_pkg_leader_{matter_id}").input("王副区长")
    at.text_area(key=f"qu_pkg_measures_{matter_id}").input("成立专班，一周内入户核实。")
    at.text_input(key=f"qu_pkg_resp_{matter_id}").input("李科长")
    at.button(key=f"qu_pkg_{matter_id}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    database = Database.connect(console_env)
    with database.read() as s:
        package = s.scalar(select(MatterPackage).where(MatterPackage.matter_id == matter_id))
        assert package is not None and package.leader == "王副区长"
        board = open_clock_board(s, office_today(s))
    database.dispose()
    row = board[(board["matter_id"] == matter_id) & (board["kind"] == ClockKind.PACKAGE)]
    assert len(row) == 1 and row["due_on"].iloc[0] == package.due_on
    assert "王副区长" in _texts(at)
    assert "领导包案" in list(_timeline(at)["环节"])

    listing = _open(Role.SUPERVISOR, page=PACKAGED)
    assert not listing.error, [e.value for e in listing.error]
    assert case in list(listing.dataframe[0].value["事项编号"])
