"""Agent roster files: the import template, Excel/CSV import, and the two exports.

The file format is the office's: Chinese column headers and Chinese values (男/女, 是/否,
category names). A full-roster export has exactly the import's columns, so staff can
export, edit in Excel and import again. Rows are identified by the agent code: a code
already on the roster updates that agent, a new code adds one.

Import is all or nothing: every row is checked first (the same checks as the agent form,
against the roster loaded once), and rows are written only when none has an error, in the
caller's single transaction, with a handful of bulk statements.

Status in a file: a new agent starts in the status the file gives (default trainee), so
the existing register can be loaded as it stands; for an agent already on the roster a
different status must be an allowed step (`roster.TRANSITIONS`, a trainee needs a passed
training to become active) and is recorded in the status history, effective today.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core import spreadsheets
from core.agents.checks import AgentInput, AgentValues, RosterIndex, check_agent, load_roster_index
from core.agents.roster import (
    REASON_IMPORTED,
    check_status_change,
    last_status_dates,
    status_change_row,
)
from core.agents.search import AgentFilter, search_agents
from core.coverage.geo import CoordinateSystem
from core.errors import UserError
from core.export import xlsx_bytes
from core.history import AGENT, change_rows
from core.policy import actor_name, require
from core.today import today as office_today
from core.users import UserView
from core.validation import check_text
from core.vocab import AgentCategory, AgentStatus, Gender
from db.models import Agent, AgentStatusChange, ChangeLog, Town, Village

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool
    hint: str


COLUMNS = (
    Column("code", "代理员编号", True, "唯一，字母数字，最长16位；已有编号的行更新该代理员"),
    Column("name", "姓名", True, ""),
    Column("gender", "性别", True, "男 / 女"),
    Column("phone", "联系电话", True, "手机11位，或带区号的固定电话，如 023-68881234"),
    Column("email", "电子邮箱", False, ""),
    Column("address", "联系地址", True, ""),
    Column("category", "类别", True, "见下方类别"),
    Column("is_public_servant", "是否公职人员", False, "是 / 否；留空按类别判断"),
    Column("town", "镇(街道)", True, ""),
    Column("village", "村(社区)", True, "须为该镇(街道)下已有的村(社区)"),
    Column("lat", "纬度", True, "驻点纬度，须在本区范围内"),
    Column("lon", "经度", True, "驻点经度"),
    Column(
        "coordinate_system",
        "坐标系",
        False,
        "WGS-84 / GCJ-02(高德、腾讯) / BD-09(百度)；留空为 WGS-84",
    ),
    Column("online_capable", "能否网上代理", False, "是 / 否(仅纸质)；留空为是"),
    Column("status", "状态", False, "待培训 / 在岗 / 暂停 / 退出；新代理员留空为待培训"),
    Column("joined_on", "加入日期", False, "如 2026-03-01；留空为今天"),
)
HEADER_OF = {c.field: c.header for c in COLUMNS}

GENDER_LABELS = {Gender.MALE: "男", Gender.FEMALE: "女"}
CATEGORY_LABELS = {
    AgentCategory.CIVIL_SERVANT: "公务员",
    AgentCategory.INSTITUTION_STAFF: "事业单位工作人员",
    AgentCategory.VILLAGE_CADRE: "村（社区）“两委”干部",
    AgentCategory.GRADUATE_OFFICIAL: "大学生村官",
    AgentCategory.GROUP_LEADER: "村（居）民小组长",
    AgentCategory.VOLUNTEER: "社区志愿者",
    AgentCategory.DEPUTY: "“两代表一委员”",
    AgentCategory.PROPERTY_STAFF: "物业管理人员",
    AgentCategory.RESIDENT: "热心群众",
    AgentCategory.LAWYER: "律师",
}
STATUS_LABELS = {
    AgentStatus.TRAINEE: "待培训",
    AgentStatus.ACTIVE: "在岗",
    AgentStatus.SUSPENDED: "暂停",
    AgentStatus.RETIRED: "退出",
}
SYSTEM_LABELS = {
    CoordinateSystem.WGS84: "WGS-84",
    CoordinateSystem.GCJ02: "GCJ-02",
    CoordinateSystem.BD09: "BD-09",
}
YES, NO = "是", "否"
_BOOLEANS = {
    YES: True,
    NO: False,
    "y": True,
    "n": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}


def _label_key(text: str) -> str:
    """Match labels however they were typed: quotes, parentheses width, case, dashes."""
    for quote in "“”\"'‘’":
        text = text.replace(quote, "")
    return text.replace("（", "(").replace("）", ")").replace("-", "").replace(" ", "").lower()


def _reverse(labels: dict) -> dict[str, object]:
    return {_label_key(text): member for member, text in labels.items()}


_FROM_LABEL = {
    "gender": _reverse(GENDER_LABELS),
    "category": _reverse(CATEGORY_LABELS),
    "status": _reverse(STATUS_LABELS),
    "coordinate_system": _reverse(SYSTEM_LABELS),
}


# --- template and export ----------------------------------------------------------------


def import_template_xlsx() -> bytes:
    """An empty sheet with the import's headers, and a sheet explaining each column."""
    guide = pd.DataFrame(
        [(c.header, YES if c.required else NO, c.hint) for c in COLUMNS]
        + [("类别", "", text) for text in CATEGORY_LABELS.values()],
        columns=["列名", "必填", "说明"],
    )
    return xlsx_bytes({"代理员": pd.DataFrame(columns=list(HEADER_OF.values())), "填写说明": guide})


PUBLIC_FIELDS = ("name", "category", "town", "village", "phone", "address", "email")


def export_agents(session: Session, public: bool) -> bytes:
    """The full roster in the import's format (staff), or the public contact list: what the
    scheme publishes (name, category, village/community, phone, address, e-mail) for active
    agents only — trainees, suspended and retired agents do not take petitions."""
    flt = AgentFilter(status=AgentStatus.ACTIVE) if public else AgentFilter()
    roster = search_agents(session, flt).agents
    table = pd.DataFrame(
        {
            "code": roster["code"],
            "name": roster["name"],
            "gender": roster["gender"].map(lambda v: GENDER_LABELS[Gender(v)]),
            "phone": roster["phone"],
            "email": roster["email"].fillna(""),
            "address": roster["address"],
            "category": roster["category"].map(lambda v: CATEGORY_LABELS[AgentCategory(v)]),
            "is_public_servant": roster["public_servant"].map({True: YES, False: NO}),
            "town": roster["town"],
            "village": roster["village"],
            "lat": roster["lat"],
            "lon": roster["lon"],
            "coordinate_system": SYSTEM_LABELS[CoordinateSystem.WGS84],
            "online_capable": roster["online_capable"].map({True: YES, False: NO}),
            "status": roster["status"].map(lambda v: STATUS_LABELS[AgentStatus(v)]),
            "joined_on": roster["joined_on"],
        },
        columns=list(HEADER_OF),
    )
    if public:
        return xlsx_bytes({"代理员联系名单": table[list(PUBLIC_FIELDS)].rename(columns=HEADER_OF)})
    return xlsx_bytes({"代理员": table.rename(columns=HEADER_OF)})


# --- reading files ----------------------------------------------------------------------

#: Kept here for callers that import it from the roster files module.
read_table = spreadsheets.read_table
_cell_text = spreadsheets.cell_text

#: Longest text accepted in any cell: the longest column (address, 200) — cells not stored
#: (town, village, labels) are only looked up, but must not carry hostile characters either.
CELL_LIMIT = 200


# --- checking rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem, where the user finds it in the file: Excel row number (header = 1)."""

    row: int
    column: str  # the header as in the file
    field: str
    key: str
    params: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def written(self) -> bool:
        return not self.errors and not self.dry_run


@dataclass(frozen=True)
class _Row:
    number: int
    values: AgentValues
    status: AgentStatus | None
    agent_id: int | None  # the agent this code already belongs to


class _RowReader:
    """Turns one file row into an `AgentInput`, noting what it could not read."""

    def __init__(self, cells: dict[str, str], village_ids: dict[tuple[str, str], int]):
        self.cells = cells
        self.village_ids = village_ids
        self.problems: dict[str, tuple[str, dict]] = {}

    def text(self, name: str) -> str:
        return self.cells.get(name, "")

    def label(self, name: str):
        text = self.text(name)
        return _FROM_LABEL[name].get(_label_key(text), text) if text else None

    def boolean(self, name: str, default: bool | None) -> bool | None:
        text = self.text(name)
        if not text:
            return default
        value = _BOOLEANS.get(text.lower())
        if value is None:
            self.problems[name] = ("error.yes_no", {"value": text})
        return value

    def number(self, name: str) -> float | None:
        text = self.text(name)
        try:
            value = float(text) if text else None
        except ValueError:
            value = math.nan
        if value is not None and not math.isfinite(value):
            self.problems[name] = ("error.number_format", {"value": text[:40]})
            return None
        return value

    def date(self, name: str) -> dt.date | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10].replace("/", "-"))
        except ValueError:
            self.problems[name] = ("error.date_format", {"value": text})
            return None

    def village(self) -> int | None:
        town, village = self.text("town"), self.text("village")
        found = self.village_ids.get((town, village))
        if found is None and town and village:
            self.problems["village"] = ("error.village_unknown", {"town": town, "village": village})
        return found

    def agent_input(self) -> AgentInput:
        return AgentInput(
            code=self.text("code"),
            name=self.text("name"),
            gender=self.label("gender"),
            phone=self.text("phone"),
            email=self.text("email") or None,
            address=self.text("address"),
            category=self.label("category"),
            village_id=self.village(),
            lat=self.number("lat"),
            lon=self.number("lon"),
            coordinate_system=self.label("coordinate_system") or CoordinateSystem.WGS84,
            online_capable=self.boolean("online_capable", True),
            is_public_servant=self.boolean("is_public_servant", None),
            joined_on=self.date("joined_on"),
        )


def _header_fields(header: tuple) -> tuple[dict[int, str], list[RowError]]:
    by_header = {c.header: c.field for c in COLUMNS}
    positions = {
        i: by_header[_cell_text(h)] for i, h in enumerate(header) if _cell_text(h) in by_header
    }
    missing = [c for c in COLUMNS if c.required and c.field not in positions.values()]
    errors = [
        RowError(1, c.header, c.field, "error.import_missing_column", {"column": c.header})
        for c in missing
    ]
    return positions, errors


def _village_ids(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(Town.name, Village.name, Village.id).join(Town, Village.town_id == Town.id)
    )
    return {(town, village): village_id for town, village, village_id in rows}


class _Checker:
    """Checks rows one by one against the roster index and the rows seen before."""

    def __init__(self, session: Session, codes_in_file: set[str]):
        self.index: RosterIndex = load_roster_index(session)
        self.village_ids = _village_ids(session)
        # Agents in the file get their phone from the file: release their current one,
        # duplicates among the file's own rows are caught by `seen_phones`.
        in_file = {
            self.index.agent_by_code[c] for c in codes_in_file if c in self.index.agent_by_code
        }
        self.index.agent_by_phone = {
            p: a for p, a in self.index.agent_by_phone.items() if a not in in_file
        }
        self.current_status = dict(session.execute(select(Agent.id, Agent.status)).all())
        self.last_change = last_status_dates(session)
        self.seen_codes: dict[str, int] = {}
        self.seen_phones: dict[str, int] = {}

    def check(self, number: int, cells: dict[str, str]) -> tuple[_Row | None, list[RowError]]:
        hostile = {
            name: (key, {"limit": CELL_LIMIT})
            for name, text in cells.items()
            if (key := check_text(text, CELL_LIMIT))
        }
        if hostile:  # nothing else is read from a row that carries control characters
            return None, [
                RowError(number, HEADER_OF.get(name, name), name, key, params)
                for name, (key, params) in hostile.items()
            ]
        reader = _RowReader(cells, self.village_ids)
        data = reader.agent_input()
        status = reader.label("status")
        agent_id = self.index.agent_by_code.get(data.code.strip())
        values, field_errors = check_agent(data, self.index, agent_id)
        problems = dict(reader.problems)
        for error in field_errors:
            problems.setdefault(error.field, (error.key, error.params))
        if values is not None:
            self._check_unique_in_file(number, values, problems)
            status = self._check_status(agent_id, status, problems)
        errors = [
            RowError(number, HEADER_OF.get(name, name), name, key, params)
            for name, (key, params) in problems.items()
        ]
        if errors:
            return None, errors
        return _Row(number, values, status, agent_id), []

    def _check_unique_in_file(self, number: int, values: AgentValues, problems: dict) -> None:
        for name, seen, value in (
            ("code", self.seen_codes, values.code),
            ("phone", self.seen_phones, values.phone),
        ):
            if value in seen:
                problems.setdefault(name, ("error.duplicate_in_file", {"row": seen[value]}))
            else:
                seen[value] = number

    def _check_status(self, agent_id: int | None, label, problems: dict) -> AgentStatus | None:
        if label is None:
            return None
        try:
            status = AgentStatus(label)
        except ValueError:
            problems["status"] = ("error.choice_invalid", {"value": label})
            return None
        current = self.current_status.get(agent_id)
        if current is None or current is status:
            return status
        try:
            check_status_change(
                current,
                status,
                agent_id in self.index.trained_agent_ids,
                self.index.today,
                self.last_change.get(agent_id),
                REASON_IMPORTED,
                self.index.today,
            )
        except UserError as error:
            problems["status"] = (error.key, error.params)
        return status


def _check_rows(
    session: Session, table: list[tuple], progress: Progress
) -> tuple[list[_Row], list[RowError]]:
    """Every row checked; blank rows skipped. Rows are numbered as Excel shows them."""
    if not table:
        return [], [RowError(1, "", "file", "error.import_empty")]
    positions, errors = _header_fields(table[0])
    if errors:
        return [], errors
    rows = [
        (number, {name: _cell_text(cells[i]) for i, name in positions.items() if i < len(cells)})
        for number, cells in enumerate(table[1:], start=2)
        if not spreadsheets.is_blank_row(cells)
    ]
    if not rows:
        return [], [RowError(1, "", "file", "error.import_empty")]
    checker = _Checker(session, {cells.get("code", "") for _, cells in rows})
    good: list[_Row] = []
    for done, (number, cells) in enumerate(rows, start=1):
        row, row_errors = checker.check(number, cells)
        errors += row_errors
        if row is not None:
            good.append(row)
        if done % 500 == 0:
            progress(0.1 + 0.7 * done / len(rows), "roster.progress.checking")
    return good, errors


# --- writing ----------------------------------------------------------------------------


_STORED = tuple(AgentValues.__dataclass_fields__)


@dataclass
class _Changes:
    new: list[_Row]
    changed: list[dict]  # update parameters, one per changed existing agent
    history: list[dict]  # status changes of existing agents
    unchanged: int
    field_log: list[dict] = field(default_factory=list)  # change_log rows of updated fields


def _changes(session: Session, rows: list[_Row], recorded_by: str, today: dt.date) -> _Changes:
    """Compare the rows with the roster: what to insert, update and record in history."""
    table = Agent.__table__
    ids = [row.agent_id for row in rows if row.agent_id is not None]
    existing = {r.id: r for r in session.execute(select(table).where(table.c.id.in_(ids)))}
    changes = _Changes([r for r in rows if r.agent_id is None], [], [], 0)
    for row in rows:
        if row.agent_id is None:
            continue
        current = existing[row.agent_id]
        target = row.status or current.status
        if target is not current.status:
            changes.history.append(
                status_change_row(
                    row.agent_id, current.status, target, today, REASON_IMPORTED, recorded_by
                )
            )
        if target is not current.status or any(
            getattr(current, name) != value for name, value in row.values.as_row().items()
        ):
            changes.changed.append({"_id": row.agent_id, **row.values.as_row(), "status": target})
            changes.field_log += change_rows(
                AGENT, row.agent_id, current, row.values.as_row(), recorded_by, REASON_IMPORTED
            )
        else:
            changes.unchanged += 1
    return changes


def _apply(session: Session, changes: _Changes, recorded_by: str) -> None:
    """A handful of bulk statements, whatever the number of rows."""
    table = Agent.__table__
    history = list(changes.history)
    if changes.new:
        session.execute(
            insert(table),
            [
                {**r.values.as_row(), "status": r.status or AgentStatus.TRAINEE, "version": 1}
                for r in changes.new
            ],
        )
        new_ids = dict(
            session.execute(
                select(table.c.code, table.c.id).where(
                    table.c.code.in_([r.values.code for r in changes.new])
                )
            ).all()
        )
        history += [
            status_change_row(
                new_ids[r.values.code],
                None,
                r.status or AgentStatus.TRAINEE,
                r.values.joined_on,
                REASON_IMPORTED,
                recorded_by,
            )
            for r in changes.new
        ]
    if changes.changed:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                version=table.c.version + 1,
                status=bindparam("status"),
                **{name: bindparam(name) for name in _STORED},
            ),
            changes.changed,
        )
    if history:
        session.execute(insert(AgentStatusChange), history)
    if changes.field_log:
        session.execute(insert(ChangeLog), changes.field_log)


def write_rows(session: Session, apply: Callable[[], None], keep: bool) -> None:
    """Run `apply` in a savepoint, flushed; roll it back unless `keep`.

    The checks before should leave the database nothing to refuse; if it still does (a
    constraint the checks do not know), the savepoint is rolled back, so nothing of the
    import stays, and the refusal is a `UserError`, not a traceback.
    """
    savepoint = session.begin_nested()
    try:
        apply()
        session.flush()
    except DBAPIError as error:
        savepoint.rollback()
        detail = type(getattr(error, "orig", error)).__name__
        raise UserError("error.import_write_failed", "file", detail=detail) from None
    if keep:
        savepoint.commit()
    else:
        savepoint.rollback()


def import_agents(
    session: Session,
    data: bytes,
    filename: str,
    actor: UserView,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row; when all are valid (and not a dry run) write them all.

    Errors name the Excel row (header = row 1), the column and an i18n key with params.
    A dry run reports the same counts and writes nothing. `progress(fraction, message_key)`
    is called as the work advances, for a progress bar. Administrators only (`core.policy`).
    """
    require(actor, "roster.import")
    report = progress or (lambda fraction, message: None)
    report(0.0, "roster.progress.reading")
    table = read_table(data, filename)
    report(0.1, "roster.progress.checking")
    rows, errors = _check_rows(session, table, report)
    if errors:
        return ImportResult(errors=errors, dry_run=dry_run)
    report(0.8, "roster.progress.writing")
    changes = _changes(session, rows, actor_name(actor), office_today(session))
    # A dry run writes too, inside a savepoint it then rolls back: whatever the database
    # itself would refuse, the dry run refuses as well, and the verdicts are the same.
    write_rows(session, lambda: _apply(session, changes, actor_name(actor)), keep=not dry_run)
    report(1.0, "roster.progress.done")
    return ImportResult(
        created=len(changes.new),
        updated=len(changes.changed),
        unchanged=changes.unchanged,
        status_changes=len(changes.history) + len(changes.new),
        dry_run=dry_run,
    )
