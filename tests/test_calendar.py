import datetime as dt

import pytest

from core.deadlines.calendar import (
    add_admin_holiday,
    enter_year_schedule,
    load_calendar,
    official_calendar,
    seed_official_calendar,
)
from core.deadlines.rules import add_days, is_provisional
from core.errors import UserError
from core.vocab import CalendarSource, DayBasis
from db.models import CalendarDay, CalendarYear

D = dt.date
WORKING, CALENDAR = DayBasis.WORKING, DayBasis.CALENDAR


@pytest.fixture
def seeded(database):
    with database.write() as s:
        seed_official_calendar(s)
    return database


def test_make_up_saturdays_of_spring_festival_2026_are_working_days(seeded):
    with seeded.read() as s:
        calendar = load_calendar(s)
    for day in (D(2026, 2, 14), D(2026, 2, 28)):
        assert day.weekday() == 5
        assert calendar.is_working(day)
    assert not calendar.is_working(D(2026, 2, 16))  # 春节, a Monday
    assert calendar.is_holiday(D(2026, 2, 16))
    assert not calendar.is_holiday(D(2026, 2, 21))  # a Saturday inside the break: a rest day
    assert not calendar.is_working(D(2026, 2, 21))


def test_national_day_2025(seeded):
    with seeded.read() as s:
        calendar = load_calendar(s)
    assert [calendar.is_working(D(2025, 10, d)) for d in range(1, 9)] == [False] * 8
    assert calendar.is_working(D(2025, 9, 28))  # Sunday, make-up
    assert calendar.is_working(D(2025, 10, 11))  # Saturday, make-up
    assert calendar.names[D(2025, 10, 1)] == "国庆节"
    assert add_days(D(2025, 9, 30), 1, WORKING, calendar) == D(2025, 10, 9)
    assert add_days(D(2025, 9, 30), 3, WORKING, calendar) == D(2025, 10, 11)
    assert add_days(D(2025, 9, 26), 1, WORKING, calendar) == D(2025, 9, 28)


def test_database_calendar_matches_the_library_and_seeding_is_idempotent(seeded):
    with seeded.write() as s:
        assert seed_official_calendar(s) == 0
        calendar = load_calendar(s)
        years = s.query(CalendarYear).count()
    official = official_calendar()
    assert calendar.holidays == official.holidays
    assert calendar.workdays == official.workdays
    assert years == 23
    assert calendar.verified_years == frozenset(range(2004, 2027))


def test_span_into_an_unpublished_year_answers_and_is_provisional():
    start = D(2026, 12, 20)
    due = add_days(start, 30, WORKING)  # chinesecalendar itself raises for 2027
    assert due == D(2027, 1, 29)  # weekends only: 1 January 2027 counts as working
    assert is_provisional(start, due)
    assert not is_provisional(D(2026, 1, 5), D(2026, 12, 31))
    assert add_days(D(2026, 12, 31), 1, WORKING) == D(2027, 1, 1)


def test_entering_the_2027_schedule_verifies_the_year(seeded):
    with seeded.write() as s:
        enter_year_schedule(
            s,
            2027,
            holidays={D(2027, 1, 1): "元旦", D(2027, 1, 2): "元旦", D(2027, 1, 3): "元旦"},
            workdays={D(2027, 2, 6): "春节"},
            recorded_by="admin",
        )
    with seeded.read() as s:
        calendar = load_calendar(s)
        stored = {
            row.day: row.source
            for row in s.query(CalendarDay).filter(CalendarDay.day >= D(2027, 1, 1))
        }
    assert calendar.year_verified(2027)
    assert not is_provisional(D(2026, 12, 20), D(2027, 1, 29), calendar)
    assert add_days(D(2026, 12, 31), 1, WORKING, calendar) == D(2027, 1, 4)
    assert calendar.is_working(D(2027, 2, 6))
    # only the exceptions are stored: the weekend days of the break change nothing
    assert set(stored) == {D(2027, 1, 1), D(2027, 2, 6)}
    assert set(stored.values()) == {CalendarSource.ADMIN}


def test_entering_a_year_again_replaces_it(seeded):
    with seeded.write() as s:
        enter_year_schedule(
            s, 2025, holidays={D(2025, 10, 1): "国庆节"}, workdays={}, recorded_by="a"
        )
        calendar = load_calendar(s)
    assert calendar.is_working(D(2025, 10, 2))
    assert not calendar.is_working(D(2025, 9, 28))


def test_a_single_admin_holiday_does_not_verify_its_year(seeded):
    with seeded.write() as s:
        add_admin_holiday(s, D(2028, 1, 3), "元旦", recorded_by="admin")
        calendar = load_calendar(s)
    assert not calendar.is_working(D(2028, 1, 3))
    assert not calendar.year_verified(2028)
    assert is_provisional(D(2028, 1, 1), D(2028, 1, 10), calendar)


@pytest.mark.parametrize(
    "holidays,workdays,key",
    [
        ({D(2026, 12, 31): "x"}, {}, "error.calendar_day_outside_year"),
        ({D(2027, 1, 1): "x"}, {D(2027, 1, 1): "x"}, "error.calendar_day_both"),
        ({D(2027, 1, 1): " "}, {}, "error.calendar_name_required"),
    ],
)
def test_year_schedule_refuses_bad_input(seeded, holidays, workdays, key):
    with seeded.write() as s, pytest.raises(UserError) as err:
        enter_year_schedule(s, 2027, holidays, workdays, recorded_by="admin")
    assert err.value.key == key


def test_calendar_limit_ending_on_a_holiday_rolls_to_the_next_working_day():
    # 15 days from 16 September 2025 is 1 October: National Day
    assert add_days(D(2025, 9, 16), 15, CALENDAR) == D(2025, 10, 9)
    assert add_days(D(2025, 9, 16), 15, CALENDAR, roll_over_holiday=False) == D(2025, 10, 1)
    # an ordinary Sunday rolls to Monday; a make-up Saturday is a working day and stays
    assert add_days(D(2026, 3, 7), 1, CALENDAR) == D(2026, 3, 9)
    assert add_days(D(2026, 1, 30), 15, CALENDAR) == D(2026, 2, 14)


def test_start_day_does_not_count():
    assert add_days(D(2026, 3, 2), 15, CALENDAR) == D(2026, 3, 17)
    assert add_days(D(2026, 3, 2), 2, WORKING) == D(2026, 3, 4)
    assert add_days(D(2026, 3, 6), 1, WORKING) == D(2026, 3, 9)  # Friday → Monday
