"""The deadlines page's drill-down filtered, counted, sorted and paged in SQL gives what
filtering the frame of every open clock gave (`drill_down` of `open_clock_board`): same
clocks in the same order, same counts, same colours, for many filter combinations, on
SQLite and PostgreSQL, on days before and after the district's today, for the whole
district and for one unit's board. The notice and extension forms read a matter's own rows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from core.config import AppConfig
from core.deadlines.board import (
    INTERNAL_KINDS,
    ClockScope,
    drill_down,
    legal_clock,
    matter_clocks,
    open_clock_board,
)
from core.deadlines.board_sql import DrillFilters, drill_options, drill_page
from core.deadlines.calendar import load_calendar
from core.deadlines.colours import Colour
from core.deadlines.lists import extension_candidates, scope_board
from core.startup import seed_demo_district
from db.models import Matter

TODAY = dt.date(2026, 11, 18)
DAYS = (TODAY, TODAY + dt.timedelta(days=25))


@pytest.fixture
def district(database, database_url):
    config = AppConfig(database_url=database_url, demo_mode=True, cookie_key="k" * 40)
    seed_demo_district(database, config, items=300, today=TODAY)
    return database


def _ordered(frame):
    return frame.sort_values(["due_on", "matter_id", "clock_id"], kind="stable")


def _check(s, day, calendar, board, filters, unit, scope):
    want = _ordered(
        drill_down(
            board,
            colour=filters.colour,
            unit_code=filters.unit_code,
            town_id=filters.town_id,
            due=filters.due,
        )
    )
    whole = drill_page(s, day, filters, calendar, unit_scope=unit, scope=scope, page_size=100_000)
    label = (day, filters, unit, scope)
    assert whole.clocks == len(want), label
    assert whole.matters == want["matter_id"].nunique(), label
    assert list(whole.rows["clock_id"]) == list(want["clock_id"]), label
    for column in ("colour", "matter_colour", "days_left", "case_number", "unit_name"):
        assert list(whole.rows[column].astype(str)) == list(want[column].astype(str)), (
            label,
            column,
        )
    page = drill_page(s, day, filters, calendar, unit_scope=unit, scope=scope, page=2, page_size=7)
    assert page.pages == max(1, -(-len(want) // 7))
    expected = want["clock_id"][7:14] if len(want) > 7 else want["clock_id"]
    assert list(page.rows["clock_id"]) == list(expected), label
    return len(want)


def test_the_sql_drill_down_is_the_frame_filtered(district):
    with district.read() as s:
        calendar = load_calendar(s)
        # the district, and the unit with the most open clocks (a liaison's board)
        busiest = int(open_clock_board(s, TODAY, calendar)["unit_id"].value_counts().index[0])
        for day, scope, unit in itertools.product(
            DAYS, (ClockScope.ALL, ClockScope.LEGAL), (None, busiest)
        ):
            board = scope_board(open_clock_board(s, day, calendar, scope=scope), unit)
            unit_options, town_options = drill_options(s, day, unit_scope=unit, scope=scope)
            assert set(unit_options["unit_code"]) == set(board["unit_code"].dropna())
            assert set(town_options["town_id"]) == set(board["town_id"])
            codes = list(unit_options["unit_code"])
            towns = list(town_options["town_id"])
            combos = [
                DrillFilters(),
                *(DrillFilters(colour=c.value) for c in Colour),
                *(DrillFilters(due=d) for d in ("overdue", "today", "tomorrow", "this_week")),
                DrillFilters(unit_code=codes[0]),
                DrillFilters(colour=Colour.OVERDUE.value, unit_code=codes[-1]),
                DrillFilters(town_id=int(towns[0])),
                DrillFilters(colour=Colour.GREEN.value, town_id=int(towns[-1]), due="this_week"),
                DrillFilters(colour=Colour.RED.value, unit_code=codes[0], due="this_week"),
                DrillFilters(unit_code="NO-SUCH-UNIT"),
            ]
            seen = [_check(s, day, calendar, board, f, unit, scope) for f in combos]
            assert seen[0] == len(board) and seen[0] > 0
            assert seen[-1] == 0


def test_a_liaisons_drill_down_holds_only_its_units_clocks(district):
    with district.read() as s:
        accused = set(
            s.scalars(select(Matter.accused_unit_id).where(Matter.accused_unit_id.is_not(None)))
        )
        # a unit with open clocks that some matter accuses, if there is one
        handling = list(open_clock_board(s, TODAY)["unit_id"].dropna().astype(int))
        unit_id = next((u for u in handling if u in accused), handling[0])
        page = drill_page(s, TODAY, unit_scope=unit_id, page_size=100_000)
        assert len(page.rows) == page.clocks > 0
        assert (page.rows["unit_id"] == unit_id).all()
        assert not (page.rows["accused_unit_id"] == unit_id).any()
        units, _towns = drill_options(s, TODAY, unit_scope=unit_id)
        assert len(units) == 1


def test_a_matters_own_rows_and_the_clock_a_notice_cites(district):
    with district.read() as s:
        calendar = load_calendar(s)
        board = open_clock_board(s, TODAY, calendar)
        ids = list(board["matter_id"].drop_duplicates()[:40])
        mine = matter_clocks(s, TODAY, ids, calendar)
    want = board[board["matter_id"].isin(ids)]
    assert sorted(mine["clock_id"]) == sorted(want["clock_id"])
    by_id = want.set_index("clock_id")
    for _, row in mine.iterrows():
        assert row["matter_colour"] == by_id.loc[row["clock_id"], "matter_colour"]
        assert row["colour"] == by_id.loc[row["clock_id"], "colour"]
    assert sorted(extension_candidates(mine)["matter_id"]) == sorted(
        extension_candidates(want)["matter_id"]
    )
    cited = 0
    for _matter_id, clocks in mine.groupby("matter_id"):
        clock = legal_clock(clocks)
        if clock is None:
            assert set(clocks["kind"]) <= set(INTERNAL_KINDS) | {"supervision"}
            continue
        cited += 1
        assert clock["kind"] not in INTERNAL_KINDS and clock["kind"] != "supervision"
        assert clock["due_on"] == min(clocks.loc[clocks["kind"] == clock["kind"], "due_on"])
        assert clock["rule_key"] and clock["days"] > 0
    assert cited > 0
