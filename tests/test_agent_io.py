"""Agent import and export: all-or-nothing checks with row numbers, idempotent re-import."""

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from core.agents.files import COLUMNS, export_agents, import_agents, import_template_xlsx
from core.vocab import AgentStatus
from db.models import Agent, AgentStatusChange
from tests.actors import actor
from tests.roster_fixtures import TODAY, make_agent, roster_row, roster_xlsx, setup_place


def _count(s, model=Agent):
    return s.scalar(select(func.count()).select_from(model))


def _sheet(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def test_template_has_every_column_in_chinese():
    assert _sheet(import_template_xlsx())[0] == tuple(c.header for c in COLUMNS)


def test_mixed_file_writes_nothing_and_names_each_bad_row(database):
    rows = [
        roster_row(1),
        roster_row(2, 联系电话="1234"),
        roster_row(3),
        roster_row(4, **{"村(社区)": "没有村", "电子邮箱": "bad@"}),
        roster_row(5, 代理员编号="R00001", 联系电话=13500000001),  # repeats row 2's code/phone
        roster_row(6, 纬度=31.0, 加入日期="2099-01-01", 类别="外星人"),
    ]
    with database.write() as s:
        setup_place(s)
        result = import_agents(s, roster_xlsx(rows), "agents.xlsx", actor("admin1"))
    assert not result.written
    found = sorted((e.row, e.column, e.key) for e in result.errors)
    assert found == sorted(
        [
            (3, "联系电话", "error.phone_format"),
            (5, "村(社区)", "error.village_unknown"),
            (5, "电子邮箱", "error.email_format"),
            (6, "代理员编号", "error.duplicate_in_file"),
            (6, "联系电话", "error.duplicate_in_file"),
            (7, "纬度", "error.outside_district"),
            (7, "加入日期", "error.date_in_future"),
            (7, "类别", "error.choice_invalid"),
        ]
    )
    assert next(e for e in result.errors if e.row == 6).params == {"row": 2}
    with database.read() as s:
        assert _count(s) == 0 and _count(s, AgentStatusChange) == 0


def test_reimport_updates_by_code_without_duplicates(database):
    rows = [roster_row(n) for n in range(1, 4)]
    steps = []
    with database.write() as s:
        setup_place(s)
        first = import_agents(
            s,
            roster_xlsx(rows),
            "agents.xlsx",
            actor("admin1"),
            progress=lambda f, m: steps.append((f, m)),
        )
    assert (first.created, first.updated, first.status_changes) == (3, 0, 3)
    assert steps[0][0] == 0.0 and steps[-1] == (1.0, "roster.progress.done")
    with database.write() as s:
        again = import_agents(s, roster_xlsx(rows), "agents.xlsx", actor("admin1"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows[1]["联系电话"] = "023-68881234"
    rows[2]["状态"] = "退出"
    rows[0]["状态"] = ""
    with database.write() as s:
        changed = import_agents(s, roster_xlsx(rows), "agents.xlsx", actor("admin1"))
    assert (changed.created, changed.updated, changed.unchanged, changed.status_changes) == (
        0,
        2,
        1,
        1,
    )
    with database.read() as s:
        assert _count(s) == 3
        agents = {a.code: a for a in s.scalars(select(Agent))}
        assert agents["R00002"].phone == "023-68881234" and agents["R00002"].version == 2
        assert agents["R00003"].status is AgentStatus.RETIRED
        step = s.scalars(
            select(AgentStatusChange).where(
                AgentStatusChange.agent_id == agents["R00003"].id,
                AgentStatusChange.to_status == AgentStatus.RETIRED,
            )
        ).one()
        assert (step.from_status, step.effective_on, step.actor) == (
            AgentStatus.TRAINEE,
            TODAY,
            "admin1",
        )


def test_import_follows_the_status_rules_for_existing_agents(database):
    with database.write() as s:
        setup_place(s)
        import_agents(s, roster_xlsx([roster_row(1)]), "a.xlsx", actor("admin1"))
    with database.write() as s:
        result = import_agents(
            s, roster_xlsx([roster_row(1, 状态="在岗")]), "a.xlsx", actor("admin1")
        )
    assert [(e.row, e.column, e.key) for e in result.errors] == [
        (2, "状态", "error.training_required")
    ]


def test_dry_run_reports_counts_and_writes_nothing(database):
    with database.write() as s:
        setup_place(s)
        result = import_agents(
            s, roster_xlsx([roster_row(1), roster_row(2)]), "a.xlsx", actor("a"), dry_run=True
        )
    assert (result.created, result.written) == (2, False)
    with database.read() as s:
        assert _count(s) == 0


def test_csv_from_chinese_excel_is_read(database):
    header = ",".join(c.header for c in COLUMNS if c.required)
    line = "C1,赵六,女,13911112222,正街3号,热心群众,谢家湾街道,正街社区,29.5,106.5"
    with database.write() as s:
        setup_place(s)
        result = import_agents(s, f"{header}\n{line}\n".encode("gb18030"), "a.csv", actor("a"))
    assert result.created == 1 and not result.errors


def test_missing_columns_and_wrong_file_type_are_reported(database):
    with database.write() as s:
        setup_place(s)
        result = import_agents(s, roster_xlsx([{"姓名": "x"}]), "a.xlsx", actor("a"))
        assert {e.column for e in result.errors} >= {"代理员编号", "联系电话"}
        assert all(e.row == 1 for e in result.errors)


def test_export_round_trips_and_public_list_shows_active_agents_only(database):
    with database.write() as s:
        place = setup_place(s)
        make_agent(s, place, code="P1", name="在岗甲")
        make_agent(s, place, AgentStatus.TRAINEE, code="P2", name="见习乙")
    with database.read() as s:
        full = export_agents(s, public=False)
        public = export_agents(s, public=True)
    assert [r[1] for r in _sheet(full)[1:]] == ["在岗甲", "见习乙"]
    assert _sheet(public) == [
        ("姓名", "类别", "镇(街道)", "村(社区)", "联系电话", "联系地址", "电子邮箱"),
        (
            "在岗甲",
            "社区志愿者",
            "谢家湾街道",
            "正街社区",
            _sheet(full)[1][3],
            "正街1号",
            _sheet(full)[1][4],
        ),
    ]
    with database.write() as s:
        again = import_agents(s, full, "export.xlsx", actor("admin1"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
