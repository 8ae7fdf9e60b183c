"""Hostile files get a clear answer: every encoding Excel saves, binary files, control
characters, over-long text and huge numbers — refused row by row, nothing written, and a
dry run gives exactly the real import's verdict. On SQLite and PostgreSQL (`database`)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from sqlalchemy import func, select

from core.agents.files import COLUMNS, import_agents
from core.coverage.cluster_import import import_clusters
from core.errors import UserError
from core.policy import system_user
from core.spreadsheets import decode_text, read_table
from core.validation import check_text, is_blank
from db.models import Agent, AgentStatusChange, Cluster
from tests.roster_fixtures import roster_row, roster_xlsx, setup_place

ADMIN = system_user("admin1")
REQUIRED = [c.header for c in COLUMNS if c.required]
LINE = [
    "C1",
    "赵六",
    "女",
    "13911112222",
    "正街3号",
    "热心群众",
    "谢家湾街道",
    "正街社区",
    "29.5",
    "106.5",
]
HOSTILE = {
    "nul": "赵\x00六",
    "ansi": "\x1b[31m赵六\x1b[0m",
    "bidi": "赵\u202e六",
    "isolate": "赵\u2066六",
    "newline": "赵\n六",
}
HYPOTHESIS = settings(
    max_examples=30,
    derandomize=True,  # the same examples on every run: CI never rests on a lucky draw
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _csv(rows: list[dict], encoding: str = "utf-8") -> bytes:
    """A CSV (openpyxl refuses to write control characters into a workbook; CSV carries them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow(["" if v is None else v for v in row.values()])
    return buffer.getvalue().encode(encoding)


def _count(session, model=Agent) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _agents(database, data: bytes, filename: str, dry_run: bool = False):
    with database.write() as s:
        return import_agents(s, data, filename, actor=ADMIN, dry_run=dry_run)


def _clusters(database, data: bytes, filename: str, dry_run: bool = False):
    with database.write() as s:
        return import_clusters(s, data, filename, dry_run=dry_run, actor=ADMIN)


@pytest.fixture
def place(database):
    with database.write() as s:
        setup_place(s)


# --- the shared checker and reader -------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE.values())
def test_check_text_refuses_control_characters(text):
    assert check_text(text, 100) == "error.control_character"


def test_check_text_allows_line_breaks_only_where_multiline_and_counts_length():
    assert check_text("一行\n二行\t三", 100, multiline=True) is None
    assert check_text("一行\x00", 100, multiline=True) == "error.control_character"
    assert check_text("字" * 21, 20) == "error.too_long"
    assert check_text("", 1) is None and check_text(None, 1) is None
    assert is_blank("\u200b \ufeff") and not is_blank("\u200b甲")


@pytest.mark.parametrize(
    "encoding,sep",
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-16", "\t"),
        ("utf-16", ","),
        ("utf-16-be", "\t"),  # with its BOM written below
        ("gb18030", ","),
        ("gbk", "\t"),
    ],
)
def test_every_encoding_excel_saves_is_read(encoding, sep):
    text = f"{sep.join(REQUIRED)}\r\n{sep.join(LINE)}\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert read_table(data, "a.csv") == [tuple(REQUIRED), tuple(LINE)]


@pytest.mark.parametrize(
    "data,name,key",
    [
        (bytes(range(256)) * 4, "agents.csv", "error.import_binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "error.import_binary"),
        (b"\xff\xfe\x00\xd8", "odd.csv", "error.import_binary"),  # UTF-16 BOM, lone surrogate
        (b"plain text, not a workbook", "agents.xlsx", "error.import_unreadable"),
        (b"PK\x03\x04broken zip", "agents.xlsx", "error.import_unreadable"),
        (b"name\n", "agents.txt", "error.import_file_type"),
    ],
)
def test_unreadable_files_are_refused_with_a_key(data, name, key):
    with pytest.raises(UserError) as refused:
        read_table(data, name)
    assert refused.value.key == key


def test_an_xlsx_renamed_csv_is_binary():
    with pytest.raises(UserError) as refused:
        decode_text(roster_xlsx([roster_row(1)]), "agents.csv")
    assert refused.value.key == "error.import_binary"


def test_blank_xlsx_cells_read_as_blank():
    book = Workbook()
    book.active.append(["名称", "户数"])
    book.active.append([None, 5.0])
    book.active.append([None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue(), "a.xlsx") == [("名称", "户数"), ("", "5"), ("", "")]


# --- agents ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_agent_csv_in_any_encoding_imports(database, place, encoding):
    sep = "\t" if encoding == "utf-16" else ","
    data = f"{sep.join(REQUIRED)}\n{sep.join(LINE)}\n".encode(encoding)
    result = _agents(database, data, "agents.csv")
    assert result.created == 1 and not result.errors


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_text_is_refused_naming_the_column_and_nothing_is_written(database, place, kind):
    rows = [roster_row(1), roster_row(2, 姓名=HOSTILE[kind]), roster_row(3, 联系地址=HOSTILE[kind])]
    data = _csv(rows)
    dry = _agents(database, data, "agents.csv", dry_run=True)
    real = _agents(database, data, "agents.csv")
    expected = [(3, "姓名", "error.control_character"), (4, "联系地址", "error.control_character")]
    assert [(e.row, e.column, e.key) for e in real.errors] == expected
    assert dry.errors == real.errors and not real.written
    with database.read() as s:
        assert _count(s) == 0 and _count(s, AgentStatusChange) == 0


def test_nul_in_a_csv_is_refused_not_a_database_crash(database, place):
    line = ",".join(["C2", "赵\x00六", *LINE[2:]])
    data = f"{','.join(REQUIRED)}\n{','.join(LINE)}\n{line}\n".encode("utf-16")
    dry = _agents(database, data, "agents.csv", dry_run=True)
    real = _agents(database, data, "agents.csv")
    assert [(e.row, e.column) for e in real.errors] == [(3, "姓名")]
    assert dry.errors == real.errors
    with database.read() as s:
        assert _count(s) == 0


def test_over_long_fields_and_odd_numbers_are_refused_row_by_row(database, place):
    rows = [
        roster_row(1, 姓名="名" * 33),
        roster_row(2, 联系电话="023-68881234-12345"),  # 21 characters once normalised
        roster_row(3, 代理员编号="R" * 17),
        roster_row(4, 联系地址="址" * 201),
        roster_row(5, 纬度="1e308"),
        roster_row(6, 经度="nan"),
        roster_row(7, 电子邮箱="a" * 130 + "@example.com"),
        roster_row(8),
    ]
    real = _agents(database, roster_xlsx(rows), "agents.xlsx")
    dry = _agents(database, roster_xlsx(rows), "agents.xlsx", dry_run=True)
    assert sorted((e.row, e.column) for e in real.errors) == [
        (2, "姓名"),
        (3, "联系电话"),
        (4, "代理员编号"),
        (5, "联系地址"),
        (6, "纬度"),
        (7, "经度"),
        (8, "电子邮箱"),
    ]
    assert dry.errors == real.errors
    with database.read() as s:
        assert _count(s) == 0


def test_a_dry_run_that_passes_means_the_import_passes(database, place):
    data = roster_xlsx([roster_row(n) for n in range(1, 4)])
    dry = _agents(database, data, "agents.xlsx", dry_run=True)
    with database.read() as s:
        assert _count(s) == 0
    real = _agents(database, data, "agents.xlsx")
    assert (dry.created, dry.errors, real.created, real.errors) == (3, [], 3, [])


# --- clusters ----------------------------------------------------------------------------

CLUSTER_HEADERS = [
    "镇(街道)",
    "村(社区)",
    "居民点编码",
    "名称",
    "类型",
    "纬度",
    "经度",
    "坐标系",
    "户数",
    "人口",
]


def _cluster(code: str = "C-001", **changes) -> list:
    row = dict(
        zip(
            CLUSTER_HEADERS,
            [
                "谢家湾街道",
                "正街社区",
                code,
                "春江花月",
                "小区",
                29.501,
                106.503,
                "WGS-84",
                820,
                2300,
            ],
            strict=True,
        )
    )
    row.update(changes)
    return [row[h] for h in CLUSTER_HEADERS]


def _cluster_xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.append(CLUSTER_HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_blank_cluster_cells_are_blank_and_a_blank_trailing_row_is_ignored(database, place):
    rows = [_cluster("C-001", 坐标系=None, 户数=None), [None] * len(CLUSTER_HEADERS)]
    result = _clusters(database, _cluster_xlsx(rows), "clusters.xlsx")
    assert result.errors == [] and result.created == 1
    blank_name = _clusters(database, _cluster_xlsx([_cluster("C-002", 名称=None)]), "c.xlsx")
    assert [(e.row, e.field, e.key) for e in blank_name.errors] == [(2, "name", "error.required")]
    with database.read() as s:
        assert s.scalar(select(Cluster.households)) == 0
        assert s.scalar(select(func.count()).where(Cluster.name == "None")) == 0


def test_clusters_in_utf16_tab_separated_text_import(database, place):
    lines = ["\t".join(CLUSTER_HEADERS), "\t".join(str(v) for v in _cluster())]
    result = _clusters(database, "\r\n".join(lines).encode("utf-16"), "clusters.csv")
    assert result.created == 1 and not result.errors


def test_huge_numbers_and_long_text_are_refused_per_row_for_clusters(database, place):
    rows = [
        _cluster("C-001", 人口=3e9),
        _cluster("C-002", 人口="1e308"),
        _cluster("C-003", 户数=10**10),
        _cluster("C-004", 户数="inf"),
        _cluster("C" * 25),
        _cluster("C-006", 名称="名" * 65),
        _cluster("C-007", 名称="春江\u202e花月"),
        _cluster("C-008", 纬度="1e308"),
        _cluster("C-009"),
    ]
    data = _cluster_xlsx(rows)
    dry = _clusters(database, data, "clusters.xlsx", dry_run=True)
    real = _clusters(database, data, "clusters.xlsx")
    assert sorted((e.row, e.field, e.key) for e in real.errors) == [
        (2, "population", "error.out_of_range"),
        (3, "population", "error.out_of_range"),
        (4, "households", "error.out_of_range"),
        (5, "households", "error.count_format"),
        (6, "code", "error.too_long"),
        (7, "name", "error.too_long"),
        (8, "name", "error.control_character"),
        (9, "lat", "error.coordinates_invalid"),
    ]
    assert dry.errors == real.errors
    with database.read() as s:
        assert _count(s, Cluster) == 0


# --- property-based: never a traceback, never a partial write -------------------------------

_hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(list(HOSTILE.values()) + ["1e308", "-0", "nan", "9" * 30, "", " ", "None"]),
    st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=300),
)


def _refused_or_whole(database, run, model) -> None:
    with database.read() as s:
        before = _count(s, model)
    try:
        result = run()
    except UserError:
        result = None
    with database.read() as s:
        after = _count(s, model)
    if result is None or result.errors or result.dry_run:
        assert after == before
    else:
        assert after == before + result.created


@HYPOTHESIS
@given(cells=st.lists(_hostile_text, min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_random_agent_rows_never_crash_or_half_write(database, place, cells):
    row = roster_row(1)
    hostile = dict(zip([c.header for c in COLUMNS], cells, strict=True))
    # Keep some columns valid so rows also reach the deeper checks and the writing.
    for keep in ("性别", "类别", "镇(街道)", "村(社区)"):
        hostile[keep] = row[keep]
    _refused_or_whole(
        database,
        lambda: _agents(database, _csv([row, hostile], "utf-16"), "agents.csv"),
        Agent,
    )


@HYPOTHESIS
@given(cells=st.lists(_hostile_text, min_size=10, max_size=10), sep=st.sampled_from(",\t"))
def test_random_cluster_rows_never_crash_or_half_write(database, place, cells, sep):
    rows = [_cluster("C-OK"), [*cells[:2], "C-X", *cells[3:]]]
    text = "\n".join(sep.join(str(v) for v in r) for r in [CLUSTER_HEADERS, *rows])
    _refused_or_whole(
        database,
        lambda: _clusters(database, text.encode("utf-16"), "clusters.csv"),
        Cluster,
    )
    try:
        workbook = _cluster_xlsx(rows)
    except IllegalCharacterError:  # a workbook cannot hold control characters at all
        return
    _refused_or_whole(database, lambda: _clusters(database, workbook, "c.xlsx"), Cluster)


@HYPOTHESIS
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx"]))
def test_random_bytes_are_refused_cleanly(database, place, data, name):
    _refused_or_whole(database, lambda: _agents(database, data, name), Agent)
    _refused_or_whole(database, lambda: _clusters(database, data, name), Cluster)
