"""The working calendar and the deadline rules are kept in memory between transactions
(db/stamped.py) and read again whenever a change is committed, by this process or another."""

import datetime as dt

import pytest

from core.deadlines.calendar import add_admin_holiday, load_calendar, seed_official_calendar
from core.deadlines.rules import change_rule, load_rules, seed_default_rules
from db.models import CalendarDay
from db.session import Database
from tests.actors import actor

#: A make-up working Saturday of the 2026 Spring Festival schedule.
MAKE_UP_SATURDAY = dt.date(2026, 2, 28)
ORDINARY_MONDAY = dt.date(2026, 3, 9)


@pytest.fixture
def seeded(database):
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
    with database.read() as s:  # fills the cache
        assert load_calendar(s).is_working(ORDINARY_MONDAY)
    return database


def test_a_holiday_added_later_is_seen_by_the_next_transaction(seeded):
    with seeded.write() as s:
        add_admin_holiday(s, ORDINARY_MONDAY, "防汛停工日", recorded_by="admin")
    with seeded.read() as s:
        assert not load_calendar(s).is_working(ORDINARY_MONDAY)


def test_a_day_changed_in_place_is_seen(seeded):
    """A make-up workday turned into a day off keeps the row count: still noticed."""
    with seeded.read() as s:
        assert load_calendar(s).is_working(MAKE_UP_SATURDAY)
    with seeded.write() as s:
        s.get(CalendarDay, MAKE_UP_SATURDAY).is_working = False
    with seeded.read() as s:
        assert not load_calendar(s).is_working(MAKE_UP_SATURDAY)


def test_a_rolled_back_change_is_not_kept(seeded):
    with pytest.raises(RuntimeError), seeded.write() as s:
        add_admin_holiday(s, ORDINARY_MONDAY, "防汛停工日", recorded_by="admin")
        assert not load_calendar(s).is_working(ORDINARY_MONDAY), "seen inside its transaction"
        raise RuntimeError("the save failed")
    with seeded.read() as s:
        assert load_calendar(s).is_working(ORDINARY_MONDAY)


def test_a_rule_change_is_seen_at_once(seeded):
    with seeded.read() as s:
        before = load_rules(s)["reply.general"].days
    with seeded.write() as s:
        change_rule(s, "reply.general", days=before + 5, reason="上级通知", actor=actor("admin"))
    with seeded.read() as s:
        assert load_rules(s)["reply.general"].days == before + 5


def test_another_server_sees_the_change(seeded, database_url):
    """Two console servers on one database: a change through one reaches the other."""
    other = Database.connect(database_url)
    try:
        with other.read() as s:
            assert load_calendar(s).is_working(ORDINARY_MONDAY)
        with seeded.write() as s:
            add_admin_holiday(s, ORDINARY_MONDAY, "防汛停工日", recorded_by="admin")
        with other.read() as s:
            assert not load_calendar(s).is_working(ORDINARY_MONDAY)
    finally:
        other.dispose()


def test_cached_values_cannot_be_changed_by_a_caller(seeded):
    with seeded.read() as s:
        rules, calendar = load_rules(s), load_calendar(s)
    with pytest.raises(TypeError):
        rules["reply.general"] = None
    with pytest.raises(TypeError):
        calendar.names[ORDINARY_MONDAY] = "x"
