"""Hostile input at the remaining entry points (issue #11), on SQLite and PostgreSQL.

* Every use case taking free text — supervision notices and answers, extension and
  rule-change reasons, holiday names and year schedules, setting changes, backdating
  reasons, routing and roster reasons, training sessions — refuses control characters
  (naming them), text-direction overrides and over-long text with a `UserError`, and
  writes nothing even when the caller commits after the refusal.
* Numbers out of range (a headcount, setting values, rule day counts) are refused.
* Rows saved before input was checked (control characters put in by raw SQL) still export:
  Excel cells stay text, CSV and Word render.
* `petition-console run` in production refuses to start without PETITION_LOOKUP_KEY.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from console.cli import main
from core import settings
from core.agents.files import export_agents
from core.agents.roster import change_status, edit_agent
from core.agents.training import create_session
from core.cases.intake import MAX_HEADCOUNT, validate
from core.cases.notices import render_notice
from core.cases.queue import assignment_queue
from core.cases.routing import set_route
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import record_reply
from core.deadlines.calendar import seed_official_calendar
from core.deadlines.calendar_admin import (
    apply_admin_holiday,
    apply_year_schedule,
    parse_schedule,
)
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.rules import change_rule, seed_default_rules
from core.deadlines.supervision import (
    approve_extension,
    issue_supervision_notice,
    record_supervision_answer,
)
from core.errors import UserError, ValidationErrors
from core.export import csv_bytes, xlsx_bytes
from core.today import moment_on
from core.validation import checked_number, checked_text, control_characters
from core.vocab import AgentStatus, Topic, TriageOutcome
from db.models import (
    AgentStatusChange,
    CalendarDay,
    CalendarYear,
    ChangeLog,
    DeadlineRuleChange,
    District,
    Extension,
    MatterEvent,
    RoutingRule,
    Setting,
    SupervisionNotice,
    Town,
    TrainingSession,
    Unit,
    Village,
)
from tests import intake_fixtures
from tests.actors import actor
from tests.factories import Place, make_matter, make_place, on_day
from tests.roster_fixtures import agent_input, make_agent, setup_place

D = dt.date
TODAY = D(2026, 4, 1)
BOSS, ADMIN = actor("boss"), actor("admin")

#: Text a careless paste or a hostile user might type, and the characters to be named.
HOSTILE = [
    ("请抓紧\x00办理", "U+0000"),
    ("\x1b[31m请抓紧办理\x1b[0m", "U+001B"),
    ("请抓紧办理\u202e理办紧抓请", "U+202E"),
    ("请抓紧\u2066办理\u2069", "U+2066, U+2069"),
    ("请抓紧\ufffe办理", "U+FFFE"),
]
BLANK = ["", "   ", "\u200b\ufeff"]

WRITTEN = (
    Extension,
    SupervisionNotice,
    MatterEvent,
    DeadlineRuleChange,
    CalendarDay,
    CalendarYear,
    ChangeLog,
    Setting,
    RoutingRule,
    AgentStatusChange,
    TrainingSession,
)


def _counts(database) -> dict[str, int]:
    with database.read() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in WRITTEN}


def _refused(database, call) -> UserError | ValidationErrors:
    """Run `call(session)` in a transaction that commits even after the refusal: whatever the
    use case wrote before refusing would stay. Returns the error."""
    before = _counts(database)
    with database.write() as s:
        with pytest.raises((UserError, ValidationErrors)) as raised:
            call(s)
    assert _counts(database) == before, "a refused request wrote something"
    return raised.value


def place_of(s) -> Place:
    units = {u.code: u for u in s.scalars(select(Unit))}
    return Place(
        s.scalars(select(District)).one(),
        s.scalars(select(Town)).one(),
        s.scalars(select(Village)).one(),
        units["HRSS"],
        units["XJW"],
    )


def _key(error) -> tuple[str, str | None]:
    if isinstance(error, ValidationErrors):
        assert len(error.errors) == 1, error.errors
        error = error.errors[0]
    return error.key, error.field


@pytest.fixture
def db(database):
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
        place = make_place(s)
        matter = make_matter(s, place, received=D(2026, 3, 2), accepted=D(2026, 3, 5))
        rebuild_all_clocks(s, D(2026, 3, 6))
        on_day(s, TODAY)  # the office's today, which the notice and extension use cases check
        return SimpleNamespace(
            database=database, place_ids=(place.unit.id, place.town.id), matter_id=matter.id
        )


# --- the shared gate --------------------------------------------------------------------


@pytest.mark.parametrize(("value", "chars"), HOSTILE)
def test_checked_text_names_the_characters_it_refuses(value, chars):
    with pytest.raises(UserError) as raised:
        checked_text(value, "text", 100, multiline=True)
    assert (raised.value.key, raised.value.field) == ("error.control_character_named", "text")
    assert raised.value.params["chars"] == chars
    assert control_characters("a\nb") == "U+000A"
    assert control_characters("a\nb", multiline=True) == ""


def test_checked_text_keeps_ordinary_text_and_refuses_blank_or_long():
    assert checked_text("  张某&李某<3个月>\n第二行 ", "t", 20, multiline=True) == (
        "张某&李某<3个月>\n第二行"
    )
    assert checked_text("\u200b", "t", 5) is None
    with pytest.raises(UserError) as raised:
        checked_text("\u200b", "t", 5, required=True, required_key="error.reason_required")
    assert raised.value.key == "error.reason_required"
    with pytest.raises(UserError) as raised:
        checked_text("字" * 6, "t", 5)
    assert (raised.value.key, raised.value.params["limit"]) == ("error.too_long", 5)


@pytest.mark.parametrize(
    "value", [True, "abc", float("nan"), float("inf"), 1e308, 10**400, 2.5, -1, 10_001, None]
)
def test_checked_number_refuses_what_is_not_a_whole_number_in_range(value):
    with pytest.raises(UserError) as raised:
        checked_number(value, "days", 0, 10_000)
    assert raised.value.key == "error.whole_number_range"


# --- supervision: notices, answers, extensions ------------------------------------------


@pytest.mark.parametrize(("value", "chars"), HOSTILE)
def test_a_notice_with_control_characters_is_refused(db, value, chars):
    unit_id, _ = db.place_ids
    error = _refused(
        db.database,
        lambda s: issue_supervision_notice(s, db.matter_id, unit_id, None, value, BOSS, TODAY),
    )
    assert _key(error) == ("error.control_character_named", "text")
    assert error.params["chars"] == chars


@pytest.mark.parametrize(
    ("text_", "due_on", "key", "field"),
    [
        ("\u200b", None, "error.notice_text_required", "text"),
        ("督" * 2_001, None, "error.too_long", "text"),
        ("请抓紧办理", D(9999, 12, 31), "error.date_too_far", "due_on"),
        ("请抓紧办理", TODAY + dt.timedelta(days=366), "error.date_too_far", "due_on"),
    ],
)
def test_a_notice_blank_too_long_or_due_too_far_is_refused(db, text_, due_on, key, field):
    unit_id, _ = db.place_ids
    error = _refused(
        db.database,
        lambda s: issue_supervision_notice(s, db.matter_id, unit_id, due_on, text_, BOSS, TODAY),
    )
    assert _key(error) == (key, field)


def test_a_notice_answer_with_control_characters_is_refused_and_can_be_given_again(db):
    unit_id, _ = db.place_ids
    with db.database.write() as s:
        notice = issue_supervision_notice(
            s, db.matter_id, unit_id, None, "  请抓紧办理\n第二段 ", BOSS, TODAY
        )
        notice_id = notice.id
    liaison = actor("liaison", unit_id=unit_id)
    for value, _chars in HOSTILE:
        error = _refused(
            db.database,
            lambda s, v=value: record_supervision_answer(s, notice_id, v, liaison, TODAY),
        )
        assert _key(error) == ("error.control_character_named", "answer")
    error = _refused(
        db.database, lambda s: record_supervision_answer(s, notice_id, "答" * 5_001, liaison, TODAY)
    )
    assert _key(error) == ("error.too_long", "answer")
    with db.database.write() as s:
        record_supervision_answer(s, notice_id, "已办理", liaison, TODAY)
    with db.database.read() as s:
        saved = s.get(SupervisionNotice, notice_id)
        assert (saved.text, saved.answer) == ("请抓紧办理\n第二段", "已办理")


@pytest.mark.parametrize(
    ("reason", "days", "key", "field"),
    [
        *((value, 10, "error.control_character_named", "reason") for value, _ in HOSTILE),
        ("\u200b", 10, "error.reason_required", "reason"),
        ("因" * 1_001, 10, "error.too_long", "reason"),
        ("需要现场勘查", 10**10, "error.extension_days_range", "days"),
        ("需要现场勘查", 2.5, "error.extension_days_range", "days"),
        ("需要现场勘查", True, "error.extension_days_range", "days"),
    ],
)
def test_an_extension_with_a_hostile_reason_or_days_is_refused(db, reason, days, key, field):
    error = _refused(
        db.database, lambda s: approve_extension(s, db.matter_id, days, reason, BOSS, TODAY)
    )
    assert _key(error) == (key, field)


# --- rules, calendar, settings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        *(
            ({"days": 10, "reason": value}, "error.control_character_named", "reason")
            for value, _ in HOSTILE
        ),
        ({"days": 10, "reason": "\u200b"}, "error.reason_required", "reason"),
        ({"days": 10, "reason": "由" * 1_001}, "error.too_long", "reason"),
        ({"days": 10**10, "reason": "区里要求"}, "error.rule_days_range", "days"),
        ({"days": 10.5, "reason": "区里要求"}, "error.rule_days_range", "days"),
        ({"days": "10", "reason": "区里要求"}, "error.rule_days_range", "days"),
        (
            {"max_extension_days": 2**31, "reason": "区里要求"},
            "error.rule_extension_range",
            "max_extension_days",
        ),
    ],
)
def test_a_rule_change_with_hostile_input_is_refused(db, changes, key, field):
    error = _refused(db.database, lambda s: change_rule(s, "reply.general", actor=ADMIN, **changes))
    assert _key(error) == (key, field)


@pytest.mark.parametrize(("value", "chars"), HOSTILE)
def test_a_holiday_name_with_control_characters_is_refused(db, value, chars):
    error = _refused(db.database, lambda s: apply_admin_holiday(s, D(2027, 2, 3), value, ADMIN))
    assert _key(error) == ("error.control_character_named", "name")
    error = _refused(
        db.database, lambda s: apply_year_schedule(s, 2027, {D(2027, 1, 1): value}, {}, ADMIN)
    )
    assert _key(error) == ("error.control_character_named", "name")


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (lambda s: apply_admin_holiday(s, D(2027, 2, 3), "节" * 65, ADMIN), "error.too_long"),
        (
            lambda s: apply_admin_holiday(s, D(2027, 2, 3), "\u200b", ADMIN),
            "error.calendar_name_required",
        ),
        (
            lambda s: apply_admin_holiday(s, D(9999, 2, 3), "元旦", ADMIN),
            "error.calendar_year_range",
        ),
        (lambda s: apply_year_schedule(s, 99_999, {}, {}, ADMIN), "error.calendar_year_range"),
    ],
)
def test_a_holiday_too_long_blank_or_out_of_range_is_refused(db, call, key):
    assert _key(_refused(db.database, call))[0] == key


def test_a_year_schedule_names_the_lines_with_bad_names():
    schedule = "2027-01-01 元旦\n2027-02-10~2027-02-16 春节\x1b[8m\n2027-04-05 " + "清" * 65
    with pytest.raises(ValidationErrors) as raised:
        parse_schedule(schedule)
    found = [(e.key, e.params.get("line")) for e in raised.value.errors]
    assert found == [("error.schedule_name_control", 2), ("error.schedule_name_too_long", 3)]
    assert raised.value.errors[0].params["chars"] == "U+001B"


@pytest.mark.parametrize(
    ("key", "value", "error_key"),
    [
        ("deadline.yellow_share", 1e308, "error.number_range"),
        ("deadline.yellow_share", float("nan"), "error.number_range"),
        ("deadline.red_share", -0.1, "error.number_range"),
        ("deadline.yellow_days_left", 10**10, "error.whole_number_range"),
        ("deadline.red_days_left", "three", "error.whole_number_range"),
        ("coverage.minutes", 0, "error.whole_number_range"),
        ("coverage.minutes", 2.5, "error.whole_number_range"),
        ("coverage.walk_m_per_min", float("inf"), "error.number_range"),
        ("coverage.detour", 0.5, "error.number_range"),
        ("auth.max_failed_attempts", 2**31, "error.whole_number_range"),
        ("auth.lockout_minutes", -5, "error.whole_number_range"),
        ("demo.simulated_today", "9999-12-31", "error.date_setting"),
        ("demo.simulated_today", "tomorrow", "error.date_setting"),
    ],
)
def test_a_setting_out_of_range_is_refused(db, key, value, error_key):
    error = _refused(db.database, lambda s: settings.change(s, key, value, ADMIN))
    assert _key(error) == (error_key, "value")


@pytest.mark.parametrize(("value", "chars"), HOSTILE)
def test_a_setting_change_reason_with_control_characters_is_refused(db, value, chars):
    error = _refused(
        db.database, lambda s: settings.change(s, "coverage.minutes", 20, ADMIN, reason=value)
    )
    assert _key(error) == ("error.control_character_named", "reason")
    assert error.params["chars"] == chars


def test_a_setting_in_range_is_saved_with_its_reason_stripped(db):
    with db.database.write() as s:
        settings.change(s, "coverage.minutes", 20.0, ADMIN, reason=" 步行变慢 ")
        settings.change(s, "coverage.detour", "1.5", ADMIN)
    with db.database.read() as s:
        assert settings.get(s, "coverage.minutes") == 20
        assert settings.get(s, "coverage.detour") == 1.5
        reasons = set(s.scalars(select(ChangeLog.reason)))
    assert reasons == {"步行变慢", None}


# --- workflow, routing, roster, training ----------------------------------------------


@pytest.fixture
def intake_place(database):
    with database.write() as s:
        return intake_fixtures.build_place(s)


@pytest.mark.parametrize(
    ("reason", "key"),
    [
        (None, "error.backdated_needs_reason"),
        ("\u200b", "error.backdated_needs_reason"),
        ("补录\x00", "error.control_character"),
        ("补录\u202e", "error.control_character"),
    ],
)
def test_a_backdated_step_needs_a_reason_of_visible_text(db, reason, key):
    with db.database.write() as s:
        settings.put(s, "demo.simulated_today", TODAY.isoformat(), "test")
        matter = make_matter(
            s,
            place_of(s),
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 3),
            assigned=D(2026, 3, 4),
        )
        matter_id, version = matter.id, matter.version
    long_ago = moment_on(D(2026, 3, 10))
    error = _refused(
        db.database,
        lambda s: record_reply(
            s, matter_id, version, "已答复", ADMIN, occurred_at=long_ago, reason=reason
        ),
    )
    assert _key(error) == (key, "reason")
    with db.database.write() as s:
        record_reply(s, matter_id, version, "已答复", ADMIN, occurred_at=long_ago, reason="补录")


def test_an_intake_headcount_above_the_bound_is_refused(database, intake_place):
    with database.read() as s:
        for headcount, expected in (
            (MAX_HEADCOUNT, None),
            (MAX_HEADCOUNT + 1, "error.headcount_too_large"),
            (10**10, "error.headcount_too_large"),
            (0, "error.headcount_positive"),
        ):
            form = intake_fixtures.walk_in(intake_place, headcount=headcount)
            errors = {e.field: e.key for e in validate(s, form, intake_fixtures.TODAY)}
            assert errors.get("headcount") == expected, headcount


@pytest.mark.parametrize(("value", "chars"), HOSTILE)
def test_a_routing_reason_with_control_characters_is_refused(db, value, chars):
    unit_id, town_id = db.place_ids
    error = _refused(
        db.database,
        lambda s: set_route(s, Topic.LABOUR, town_id, unit_id, ADMIN, reason=value),
    )
    assert _key(error) == ("error.control_character_named", "reason")


@pytest.fixture
def agent_id(database):
    with database.write() as s:
        place = setup_place(s)
        agent = make_agent(s, place)
        return SimpleNamespace(id=agent.id, place=place)


@pytest.mark.parametrize(("value", "chars"), HOSTILE)
def test_roster_reasons_with_control_characters_are_refused(database, agent_id, value, chars):
    error = _refused(
        database,
        lambda s: change_status(
            s, agent_id.id, AgentStatus.SUSPENDED, D(2026, 11, 1), value, ADMIN
        ),
    )
    assert _key(error) == ("error.control_character_named", "reason")
    assert error.errors[0].params["chars"] == chars
    data = agent_input(agent_id.place, address="新街2号")
    error = _refused(database, lambda s: edit_agent(s, agent_id.id, data, 1, ADMIN, reason=value))
    assert _key(error) == ("error.control_character_named", "reason")


@pytest.mark.parametrize(
    ("title", "trainer", "key", "field"),
    [
        ("岗前培训\x00", "王老师", "error.control_character_named", "title"),
        ("岗前培训", "王\u202e老师", "error.control_character_named", "trainer"),
        ("训" * 121, "王老师", "error.too_long", "title"),
        ("\u200b", "王老师", "error.required", "title"),
    ],
)
def test_a_training_session_with_hostile_text_is_refused(database, title, trainer, key, field):
    error = _refused(database, lambda s: create_session(s, D(2026, 12, 1), title, trainer, ADMIN))
    assert _key(error) == (key, field)


# --- exports of rows saved before input was checked -------------------------------------

#: What raw SQL (an old version, another tool) may have left; PostgreSQL refuses NUL itself.
OLD_DIRT = "拖欠\x01工资\x08\x0b\x1f（旧数据）"


def _dirt(database) -> str:
    return ("\x00" if database.engine.dialect.name == "sqlite" else "") + OLD_DIRT


def _sheet_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_cleaned_text_cell(data: bytes, marker: str) -> None:
    cells = [c for c in _sheet_cells(data) if isinstance(c.value, str) and marker in c.value]
    assert cells, f"{marker!r} not exported"
    for cell in cells:
        assert cell.data_type == "s"
        assert "\ufffd" in cell.value
        assert not any(ch < " " and ch not in "\t\n\r" for ch in cell.value)


def test_the_queue_export_of_an_old_summary_with_control_characters_succeeds(db):
    with db.database.write() as s:
        s.execute(
            text("UPDATE matters SET summary = :summary WHERE id = :id"),
            {"summary": "=" + _dirt(db.database), "id": db.matter_id},
        )
    with db.database.read() as s:
        queue = assignment_queue(s, TODAY, viewer=ADMIN)
    data = xlsx_bytes({"交办队列": queue[["case_number", "summary", "town"]]})
    _assert_cleaned_text_cell(data, "旧数据")
    assert not any(c.data_type == "f" for c in _sheet_cells(data))


def test_roster_exports_of_an_old_address_with_control_characters_succeed(database, agent_id):
    with database.write() as s:
        s.execute(
            text("UPDATE agents SET address = :address, name = :name WHERE id = :id"),
            {"address": _dirt(database), "name": "代理员\x02甲", "id": agent_id.id},
        )
    with database.read() as s:
        full, public = export_agents(s, public=False), export_agents(s, public=True)
    for data in (full, public):
        _assert_cleaned_text_cell(data, "旧数据")
        _assert_cleaned_text_cell(data, "甲")


def test_the_digest_export_of_an_old_unit_name_succeeds(db, monkeypatch, tmp_path, capsys):
    unit_id, _ = db.place_ids
    with db.database.write() as s:
        s.execute(text("UPDATE units SET name = :name"), {"name": "区人力社保局\x03（旧数据）"})
        s.execute(
            text("UPDATE matters SET unit_id = :unit WHERE id = :id"),
            {"unit": unit_id, "id": db.matter_id},
        )
    monkeypatch.setenv("DATABASE_URL", db.database.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "l" * 40)
    monkeypatch.setenv("PETITION_LANG", "en")
    path = tmp_path / "digest.xlsx"
    assert main(["deadlines", "--as-of", "2026-06-01", "--xlsx", str(path)]) == 0, (
        capsys.readouterr().err
    )
    _assert_cleaned_text_cell(path.read_bytes(), "旧数据")


def test_a_notice_of_an_old_summary_with_control_characters_prints(
    database, intake_place, tmp_path
):
    matter_id = intake_fixtures.registered(database, intake_place).matter_id
    with database.write() as s:
        triage(
            s,
            matter_id,
            s.get(intake_fixtures.Matter, matter_id).version,
            TriageDecision(
                TriageOutcome.CONCLUDED_OR_UNREASONABLE,
                reason="已于2025年办结",
                redirect_to="向区人民政府申请复查",
            ),
            intake_fixtures.ACTOR,
            intake_fixtures.TODAY,
        )
        s.execute(
            text("UPDATE matters SET summary = :summary, triage_note = :note WHERE id = :id"),
            {"summary": _dirt(database), "note": "理由\x1b[0m<b>&", "id": matter_id},
        )
    with database.read() as s:
        notice = render_notice(s, matter_id, tmp_path)
    printed = "\n".join(p.text for p in Document(io.BytesIO(notice)).paragraphs)
    assert "拖欠\ufffd工资" in printed and "（旧数据）" in printed
    assert "理由\ufffd[0m<b>&" in printed


def test_a_csv_of_old_text_with_control_characters_reads_back():
    data = csv_bytes([["摘要"], [OLD_DIRT], ["=\x00" + OLD_DIRT]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["拖欠\ufffd工资\ufffd\ufffd\ufffd（旧数据）"]
    assert rows[2][0].startswith("'=\ufffd")


# --- the command line: production needs the lookup key ----------------------------------


@pytest.fixture
def serving(monkeypatch, tmp_path):
    """`run` without serving: the streamlit process and the demo seeding are stubbed."""
    import core.startup

    started = []
    monkeypatch.setattr(
        "console.cli.subprocess.call", lambda cmd, cwd=None: started.append(cmd) or 0
    )
    monkeypatch.setattr(core.startup, "needs_demo_seed", lambda database, config: False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'office.db'}")
    monkeypatch.setenv("PETITION_COOKIE_KEY", "k" * 40)
    monkeypatch.delenv("PETITION_LOOKUP_KEY", raising=False)
    return started


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Production mode needs"), ("zh", "生产模式下需要设置")]
)
def test_production_run_without_a_lookup_key_refuses_in_the_users_language(
    serving, monkeypatch, capsys, lang, words
):
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_LANG", lang)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "PETITION_LOOKUP_KEY" in err and words in err
    assert "Traceback" not in err
    assert serving == []  # nothing was served


def test_production_run_refuses_a_short_lookup_key_and_starts_with_a_good_one(
    serving, monkeypatch, capsys
):
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_LANG", "en")
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "short")
    assert main(["run"]) == 1
    assert "PETITION_LOOKUP_KEY must be at least 32" in capsys.readouterr().err
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "l" * 40)
    assert main(["run"]) == 0
    assert len(serving) == 1


def test_demo_run_starts_without_a_lookup_key(serving, monkeypatch):
    monkeypatch.setenv("PETITION_MODE", "demo")
    assert main(["run"]) == 0
    assert len(serving) == 1
