import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest
import time_machine
from sqlalchemy import select

from core import settings
from core.deadlines.board import (
    colour_counts,
    drill_down,
    due_counts,
    oldest_overdue,
    open_clock_board,
    overdue_by_unit,
    weekly_trend,
)
from core.deadlines.calendar import official_calendar, seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.colours import Colour, Thresholds, colour, measure_clocks
from core.deadlines.digest import daily_digest, digest_summary, write_xlsx
from core.deadlines.rules import (
    DEFAULT_RULES,
    add_days,
    change_rule,
    count_days,
    load_rules,
    seed_default_rules,
)
from core.errors import UserError
from core.today import set_simulated_today, today
from core.vocab import ClockKind, ClockState, DayBasis, Urgency
from db.models import Clock, DeadlineRuleChange
from tests.actors import actor
from tests.factories import make_matter, make_place

D = dt.date
WORKING, CALENDAR = DayBasis.WORKING, DayBasis.CALENDAR
G, Y, R, O = Colour.GREEN, Colour.YELLOW, Colour.RED, Colour.OVERDUE


@pytest.fixture
def db(database):
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
    return database


# --- rules ----------------------------------------------------------------------------


def test_default_rules_are_seeded_once(db):
    with db.write() as s:
        assert seed_default_rules(s) == 0
        rules = load_rules(s)
    assert len(rules) == len(DEFAULT_RULES) == 15
    assert [rules[f"reply.{u}"].days for u in Urgency] == [1, 5, 15, 30]
    assert (rules["conclusion"].days, rules["conclusion"].max_extension_days) == (60, 30)
    assert rules["internal.assign"].basis is WORKING
    assert rules["acceptance"].roll_over_holiday


def test_rule_change_mid_case_recomputes_running_clocks_only(db):
    with db.write() as s:
        place = make_place(s)
        running = make_matter(s, place, received=D(2026, 3, 2), accepted=D(2026, 3, 5))
        met = make_matter(
            s, place, received=D(2026, 3, 2), accepted=D(2026, 3, 5), replied=D(2026, 3, 12)
        )
        breached = make_matter(
            s, place, received=D(2026, 3, 2), accepted=D(2026, 3, 5), replied=D(2026, 3, 27)
        )
        rebuild_all_clocks(s, D(2026, 3, 10))
        change = change_rule(
            s, "reply.general", days=10, reason="区里统一要求", actor=actor("admin")
        )
        reply = {
            c.matter_id: c for c in s.scalars(select(Clock).where(Clock.kind == ClockKind.REPLY))
        }
        assert (reply[running.id].due_on, reply[running.id].rule_version) == (D(2026, 3, 16), 2)
        assert (reply[met.id].due_on, reply[met.id].rule_version) == (D(2026, 3, 20), 1)
        assert reply[met.id].state is ClockState.MET
        assert (reply[breached.id].due_on, reply[breached.id].state) == (
            D(2026, 3, 20),
            ClockState.BREACHED,
        )
        logged = s.scalars(select(DeadlineRuleChange)).one()
    assert logged is not None and change.clocks_recomputed == 1
    assert (logged.version, logged.reason, logged.actor) == (2, "区里统一要求", "admin")
    assert logged.before["days"] == 15 and logged.after["days"] == 10


def test_turning_roll_over_off_lets_a_limit_end_on_a_holiday(db):
    with db.write() as s:
        m = make_matter(s, make_place(s), received=D(2025, 9, 16))
        rebuild_all_clocks(s, D(2025, 9, 20))
        due = select(Clock.due_on).where(
            Clock.matter_id == m.id, Clock.kind == ClockKind.ACCEPTANCE
        )
        assert s.scalar(due) == D(2025, 10, 9)
        change_rule(
            s, "acceptance", roll_over_holiday=False, reason="office rule", actor=actor("a")
        )
        assert s.scalar(due) == D(2025, 10, 1)


@pytest.mark.parametrize(
    "changes,key",
    [
        ({"days": 0}, "error.rule_days_range"),
        ({"days": 366}, "error.rule_days_range"),
        ({"days": 20, "reason": " "}, "error.reason_required"),
        ({"basis": "lunar"}, "error.unknown_day_basis"),
        ({"days": 15}, "error.rule_unchanged"),
        ({"max_extension_days": -1}, "error.rule_extension_range"),
    ],
)
def test_rule_change_validation(db, changes, key):
    changes = {"reason": "why", **changes}
    with db.write() as s, pytest.raises(UserError) as err:
        change_rule(s, "reply.general", actor=actor("admin"), **changes)
    assert err.value.key == key


def test_unknown_rule_is_refused(db):
    with db.write() as s, pytest.raises(UserError) as err:
        change_rule(s, "reply.never", days=3, reason="x", actor=actor("admin"))
    assert err.value.key == "error.unknown_rule"


# --- colours --------------------------------------------------------------------------

CAL = official_calendar()


@pytest.mark.parametrize(
    "today,expected",
    [
        # 20 calendar days, 3 → 23 March 2026: yellow at 50% used, red at 80%
        (D(2026, 3, 12), G),  # 9/20 used, 7 working days left
        (D(2026, 3, 13), Y),  # 10/20 = 50%
        (D(2026, 3, 18), Y),  # 15/20, 3 working days left
        (D(2026, 3, 19), R),  # 16/20 = 80%
        (D(2026, 3, 23), R),  # due today
        (D(2026, 3, 24), O),
    ],
)
def test_colour_by_share_on_calendar_basis(today, expected):
    assert colour(D(2026, 3, 3), D(2026, 3, 23), CALENDAR, today, CAL) is expected


@pytest.mark.parametrize(
    "today,expected",
    [
        # 5 calendar days from Monday 9 March end on Saturday: rolled to Monday 16 March
        (D(2026, 3, 10), G),  # 1/7 used, 4 working days left
        (D(2026, 3, 11), Y),  # 3 working days left
        (D(2026, 3, 12), Y),  # 2 left
        (D(2026, 3, 13), R),  # 1 left
        (D(2026, 3, 16), R),  # due today: 0 left
        (D(2026, 3, 17), O),
    ],
)
def test_colour_by_working_days_left(today, expected):
    due = add_days(D(2026, 3, 9), 5, CALENDAR)
    assert due == D(2026, 3, 16)
    assert colour(D(2026, 3, 9), due, CALENDAR, today, CAL) is expected


@pytest.mark.parametrize(
    "today,expected",
    [
        # 10 working days from Monday 2 March: due 16 March
        (D(2026, 3, 6), G),  # 4/10 working days used
        (D(2026, 3, 7), G),  # a Saturday uses no working day
        (D(2026, 3, 9), Y),  # 5/10
        (D(2026, 3, 11), Y),  # 7/10, 3 left
        (D(2026, 3, 12), R),  # 8/10
        (D(2026, 3, 17), O),
    ],
)
def test_colour_on_working_basis(today, expected):
    assert colour(D(2026, 3, 2), D(2026, 3, 16), WORKING, today, CAL) is expected


def test_share_is_measured_on_the_clocks_own_basis():
    share_only = Thresholds(yellow_days_left=-1, red_days_left=-1)
    # Friday 6 to Tuesday 10 March, seen on Sunday: 2 of 4 calendar days are gone, but
    # none of the 2 working days
    args = (D(2026, 3, 6), D(2026, 3, 10))
    assert colour(*args, CALENDAR, D(2026, 3, 8), CAL, share_only) is Y
    assert colour(*args, WORKING, D(2026, 3, 8), CAL, share_only) is G


def test_thresholds_come_from_settings(db):
    with db.write() as s:
        settings.put(s, "deadline.yellow_share", 0.3, "admin")
        thresholds = Thresholds.from_settings(s)
    assert thresholds.yellow_share == 0.3
    assert colour(D(2026, 3, 3), D(2026, 3, 23), CALENDAR, D(2026, 3, 10), CAL, thresholds) is Y
    assert colour(D(2026, 3, 3), D(2026, 3, 23), CALENDAR, D(2026, 3, 10), CAL) is G


def test_vectorised_colours_match_the_single_clock_function():
    rng = random.Random(7)
    today = D(2026, 12, 10)
    clocks = []
    for _ in range(400):
        started = today - dt.timedelta(days=rng.randint(-3, 90))
        basis = rng.choice([CALENDAR, WORKING])
        clocks.append(
            (started, add_days(started, rng.choice([1, 2, 5, 10, 15, 30, 60]), basis), basis)
        )
    measures = measure_clocks(
        np.array([c[0].toordinal() for c in clocks]),
        np.array([c[1].toordinal() for c in clocks]),
        np.array([c[2] is WORKING for c in clocks]),
        today,
        CAL,
    )
    labels = list(measures.colour_labels())
    for (started, due, basis), label, left in zip(
        clocks, labels, measures.working_days_left, strict=True
    ):
        assert label == colour(started, due, basis, today, CAL), (started, due, basis)
        assert left == count_days(today, due, WORKING, CAL)


# --- today ----------------------------------------------------------------------------


def test_simulated_today_is_the_one_today(db):
    with db.write() as s:
        set_simulated_today(s, D(2026, 5, 6), actor("trainer"), demo_mode=True)
        assert today(s) == D(2026, 5, 6)
        set_simulated_today(s, None, actor("trainer"), demo_mode=True)
        # back on the real clock: the office's date in Shanghai (UTC+8), not the server's
        with time_machine.travel(dt.datetime(2027, 1, 4, 17, 30, tzinfo=dt.UTC), tick=False):
            assert today(s) == D(2027, 1, 5)
        with pytest.raises(UserError) as err:
            set_simulated_today(s, D(2026, 5, 6), actor("admin"), demo_mode=False)
    assert err.value.key == "error.not_demo_mode"


# --- the board, the trend, the digest -------------------------------------------------


@pytest.fixture
def board_db(db):
    """Four matters seen on Wednesday 18 March 2026 (week 12)."""
    with db.write() as s:
        place = make_place(s)
        ids = {
            # reply due 3 March: overdue; its assign clock too (never assigned)
            "old": make_matter(
                s,
                place,
                received=D(2026, 2, 24),
                accepted=D(2026, 2, 26),
                unit=place.unit,
                urgency=Urgency.CONSULTATION,
            ),
            # reply due 20 March (Friday): 13 of 15 days used, red
            "friday": make_matter(
                s,
                place,
                received=D(2026, 3, 4),
                accepted=D(2026, 3, 5),
                assigned=D(2026, 3, 5),
                unit=place.town_unit,
            ),
            # consultation accepted on 17 March: reply due Monday 23 March (from Sunday),
            # 3 working days left: yellow
            "fresh": make_matter(
                s,
                place,
                received=D(2026, 3, 16),
                accepted=D(2026, 3, 17),
                assigned=D(2026, 3, 17),
                urgency=Urgency.CONSULTATION,
                agent_proxied=True,
            ),
            # replied on time last week: nothing open but the review window
            "done": make_matter(
                s,
                place,
                received=D(2026, 3, 2),
                accepted=D(2026, 3, 3),
                assigned=D(2026, 3, 3),
                replied=D(2026, 3, 10),
                delivered=D(2026, 3, 11),
            ),
        }
        ids = {k: m.id for k, m in ids.items()}
        rebuild_all_clocks(s, D(2026, 3, 18))
    return db, ids


def test_open_clock_board(board_db):
    db, ids = board_db
    with db.read() as s:
        board = open_clock_board(s, D(2026, 3, 18))
    reply = board[board["kind"] == ClockKind.REPLY].set_index("matter_id")
    assert reply.loc[ids["old"], "colour"] == "overdue"
    assert reply.loc[ids["old"], "days_left"] == -15
    assert reply.loc[ids["friday"], ["colour", "due_this_week", "unit_code"]].tolist() == [
        "red",
        True,
        "XJW",
    ]
    assert reply.loc[ids["fresh"], ["colour", "working_days_left", "agent_proxied"]].tolist() == [
        "yellow",
        3,
        True,
    ]
    assert ids["done"] not in set(board["matter_id"])  # its only open clock is a window
    assert board.iloc[0]["matter_id"] == ids["old"]  # oldest overdue first
    assert not board["provisional"].any()

    district = colour_counts(board)
    assert district.iloc[0].to_dict() == {
        "green": 0,
        "yellow": 1,
        "red": 1,
        "overdue": 1,
        "total": 3,
    }
    per_unit = colour_counts(board, by="unit").set_index("unit_code")
    assert per_unit.loc["XJW", ["red", "total"]].tolist() == [1, 1]
    assert per_unit.loc["HRSS", ["yellow", "overdue", "total"]].tolist() == [1, 1, 2]
    per_town = colour_counts(board, by="town")
    assert per_town["total"].sum() == 3
    # the drill-down behind a count lists exactly the matters counted
    assert set(drill_down(board, colour="red")["matter_id"]) == {ids["friday"]}
    assert set(drill_down(board, colour="yellow", unit_code="HRSS")["matter_id"]) == {ids["fresh"]}
    assert drill_down(board, colour="red", unit_code="HRSS").empty
    assert set(drill_down(board, due="this_week")["matter_id"]) == {ids["friday"]}
    # "friday" has its unit-feedback clock due tomorrow and its reply due on Friday
    assert due_counts(board) == {"overdue": 1, "today": 0, "tomorrow": 1, "this_week": 1}
    assert oldest_overdue(board)["matter_id"].tolist() == [ids["old"]]
    assert overdue_by_unit(board).iloc[0][["unit_code", "overdue_matters"]].tolist() == [
        "HRSS",
        1,
    ]


def test_a_past_today_shows_the_picture_of_that_day(board_db):
    db, ids = board_db
    with db.read() as s:
        board = open_clock_board(s, D(2026, 3, 9), include_windows=True)
    assert ids["done"] in set(board["matter_id"])  # still being handled on 9 March
    assert ids["fresh"] not in set(board["matter_id"])  # not received yet


def test_weekly_trend(board_db):
    db, ids = board_db
    with db.read() as s:
        trend = weekly_trend(s, D(2026, 3, 18), weeks=4)
    assert trend["week"].tolist() == ["2026-W09", "2026-W10", "2026-W11", "2026-W12"]
    this_week = trend.iloc[-1]
    assert this_week["overdue_matters"] == 1  # "old" (reply and assign clocks)
    last_week = trend.iloc[-2]  # 9-15 March: "done" replied and delivered
    assert last_week["stopped_clocks"] == 5  # reply, conclusion, feedback, check, internal reply
    assert last_week["on_time_rate"] == 1.0
    assert pd.isna(trend.iloc[0]["on_time_rate"]) or trend.iloc[0]["stopped_clocks"] > 0


def test_daily_digest(board_db, tmp_path):
    db, ids = board_db
    with db.read() as s:
        digest = daily_digest(s, D(2026, 3, 18))
        only_town = daily_digest(s, D(2026, 3, 18), unit_code="XJW")
        with pytest.raises(UserError) as err:
            daily_digest(s, D(2026, 3, 18), unit_code="NOPE")
    assert err.value.key == "error.unknown_unit"
    by_matter = digest.groupby("matter_id")["status"].agg(set).to_dict()
    assert by_matter[ids["old"]] == {"overdue"}
    assert by_matter[ids["friday"]] == {"due_soon"}
    assert by_matter[ids["fresh"]] == {"due_soon"}
    assert digest.loc[digest["status"] == "overdue", "days_overdue"].min() >= 1
    assert set(only_town["matter_id"]) == {ids["friday"]}
    summary = digest_summary(digest).set_index("unit_code")
    assert summary.loc["HRSS", "overdue"] == 1
    path = tmp_path / "digest.xlsx"
    write_xlsx({"digest": digest, "summary": digest_summary(digest)}, path)
    assert len(pd.read_excel(path, sheet_name="digest")) == len(digest)
