"""The read models and calendar entries behind the deadlines page (core.deadlines.lists)."""

import datetime as dt

import pytest
from sqlalchemy import select

from core.deadlines.board import open_clock_board
from core.deadlines.calendar import seed_official_calendar
from core.deadlines.calendar_admin import apply_admin_holiday, apply_year_schedule, parse_schedule
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.lists import (
    calendar_days,
    calendar_years,
    extension_candidates,
    notice_board,
    rule_changes,
    rules_table,
    scope_board,
)
from core.deadlines.rules import DEFAULT_RULES, change_rule, seed_default_rules
from core.deadlines.supervision import issue_supervision_notice, record_supervision_answer
from core.errors import UserError, ValidationErrors
from core.vocab import ClockKind
from db.models import Clock
from tests.actors import actor
from tests.factories import make_matter, make_place, on_day

D = dt.date


@pytest.fixture
def db(database):
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
    return database


@pytest.fixture
def december(db):
    """A matter accepted on 10 December 2026: its conclusion (60 days) is due on Monday
    8 February 2027, a year chinesecalendar does not know, so the date is provisional."""
    with db.write() as s:
        place = make_place(s)
        matter = make_matter(
            s,
            place,
            received=D(2026, 12, 9),
            accepted=D(2026, 12, 10),
            assigned=D(2026, 12, 10),
            unit=place.unit,
        )
        other = make_matter(
            s,
            place,
            received=D(2026, 12, 9),
            accepted=D(2026, 12, 10),
            assigned=D(2026, 12, 10),
            unit=place.town_unit,
        )
        rebuild_all_clocks(s, D(2026, 12, 14))
        ids = {
            "matter": matter.id,
            "other": other.id,
            "unit": place.unit.id,
            "town_unit": place.town_unit.id,
        }
    return db, ids


def _conclusion(session, matter_id):
    return session.scalar(
        select(Clock).where(Clock.matter_id == matter_id, Clock.kind == ClockKind.CONCLUSION)
    )


# --- the schedule typed as lines ----------------------------------------------------------


def test_parse_schedule_days_and_ranges():
    days = parse_schedule(
        "# 2027 年\n2027-01-01 元旦\n\n2027-10-01~2027-10-03 国庆节\n2027-02-20，春节调休\n"
    )
    assert days == {
        D(2027, 1, 1): "元旦",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
        D(2027, 2, 20): "春节调休",
    }


def test_parse_schedule_reports_every_bad_line():
    with pytest.raises(ValidationErrors) as caught:
        parse_schedule(
            "2027-13-01 x\nno date\n2027-01-01 元旦\n2027-01-01 又一次\n"
            "2027-10-07~2027-10-01 倒序\n2027-01-05"
        )
    found = [(e.key, e.params.get("line")) for e in caught.value.errors]
    assert found == [
        ("error.schedule_line", 1),
        ("error.schedule_line", 2),
        ("error.schedule_day_twice", 4),
        ("error.schedule_range", 5),
        ("error.schedule_line", 6),
    ]


# --- calendar entries recompute the clocks they move ---------------------------------------


def test_entering_a_year_recomputes_running_clocks_and_verifies_them(december):
    db, ids = december
    with db.read() as s:
        before = _conclusion(s, ids["matter"])
        assert (before.due_on, before.provisional) == (D(2027, 2, 8), True)
        years = calendar_years(s, D(2026, 12, 14)).set_index("year")
        assert bool(years.loc[2026, "verified"]) and not bool(years.loc[2027, "verified"])
    holidays = parse_schedule("2027-01-01 元旦\n2027-02-06~2027-02-12 春节")
    workdays = parse_schedule("2027-02-20 春节调休")
    with db.write() as s:
        recomputed = apply_year_schedule(s, 2027, holidays, workdays, actor("admin"))
    assert recomputed >= 2  # both matters' conclusion clocks reach into 2027
    with db.read() as s:
        after = _conclusion(s, ids["matter"])
        # 8 February is now a holiday: the limit rolls over the break and the weekend
        assert (after.due_on, after.provisional) == (D(2027, 2, 15), False)
        assert bool(calendar_years(s, D(2026, 12, 14)).set_index("year").loc[2027, "verified"])
        listed = calendar_days(s, 2027)
        assert set(listed["day"]) >= {D(2027, 1, 1), D(2027, 2, 8), D(2027, 2, 20)}


def test_a_single_holiday_moves_the_date_but_leaves_it_provisional(december):
    db, ids = december
    with db.write() as s:
        assert apply_admin_holiday(s, D(2027, 2, 8), "临时假日", actor("admin")) >= 1
    with db.read() as s:
        after = _conclusion(s, ids["matter"])
        assert (after.due_on, after.provisional) == (D(2027, 2, 9), True)


# --- notices, rules, board slices ------------------------------------------------------


def _notice_due_on_the_28th(db, ids, today: dt.date) -> int:
    """A supervisor's notice to the matter's unit, issued on `today` (made the office's)."""
    with db.write() as s:
        return issue_supervision_notice(
            s,
            ids["matter"],
            ids["unit"],
            D(2026, 12, 28),
            "请抓紧办理",
            actor("boss"),
            on_day(s, today),
        ).id


def test_notice_board_shows_open_notices_with_their_colour_then_answered(december):
    db, ids = december
    today = D(2026, 12, 14)
    notice_id = _notice_due_on_the_28th(db, ids, today)
    with db.read() as s:
        open_notices = notice_board(s, today)
        assert list(open_notices["notice_id"]) == [notice_id]
        assert open_notices.loc[0, "colour"] == "green"
        assert notice_board(s, D(2026, 12, 29)).loc[0, "colour"] == "overdue"
        assert notice_board(s, today, unit_id=ids["town_unit"]).empty
        assert notice_board(s, today, answered=True).empty
    with db.write() as s:
        answered_on = on_day(s, D(2026, 12, 20))
        record_supervision_answer(s, notice_id, "已办结", actor("supervisor"), answered_on)
    with db.read() as s:
        assert notice_board(s, today).empty
        answered = notice_board(s, D(2026, 12, 20), answered=True)
        assert answered.loc[0, "answer"] == "已办结"
        assert answered.loc[0, "clock_state"] == "met" and answered.loc[0, "colour"] is None


def test_another_units_liaison_learns_nothing_of_an_answered_notice(december):
    db, ids = december
    today = D(2026, 12, 14)
    notice_id = _notice_due_on_the_28th(db, ids, today)
    with db.write() as s:
        record_supervision_answer(s, notice_id, "已办结", actor("supervisor"), today)
    stranger = actor("liaison", unit_id=ids["town_unit"])
    with pytest.raises(UserError) as raised, db.write() as s:
        record_supervision_answer(s, notice_id, "再答一次", stranger, today)
    assert raised.value.key == "error.matter_forbidden"  # not "already answered"
    with pytest.raises(UserError) as raised, db.write() as s:
        record_supervision_answer(s, notice_id, "再答一次", actor("supervisor"), today)
    assert raised.value.key == "error.notice_already_answered"


def test_rules_table_in_regulation_order_and_the_change_log(db):
    with db.write() as s:
        change_rule(s, "reply.general", days=20, reason="本地规定", actor=actor("admin"))
    with db.read() as s:
        rules = rules_table(s)
        assert list(rules["key"]) == [rule.key for rule in DEFAULT_RULES]
        assert rules.set_index("key").loc["reply.general", "version"] == 2
        changes = rule_changes(s)
        assert changes.loc[0, "key"] == "reply.general"
        assert changes.loc[0, "change"] == "days: 15 → 20"
        assert changes.loc[0, "reason"] == "本地规定"


def test_scope_and_extension_candidates(december):
    db, ids = december
    with db.read() as s:
        board = open_clock_board(s, D(2026, 12, 14))
    mine = scope_board(board, ids["unit"])
    assert set(mine["matter_id"]) == {ids["matter"]}
    assert scope_board(board, None) is board
    assert set(extension_candidates(board)["matter_id"]) == {ids["matter"], ids["other"]}
    with db.read() as s:
        late = open_clock_board(s, D(2027, 3, 1))
    assert extension_candidates(late).empty  # past the conclusion limit: too late
