"""The queue and the deadline board counted and paged in SQL give what the frames of every
matter and every open clock gave: same rows in the same order, same counts, on SQLite and
PostgreSQL, on a seeded district and on days before and after its today; and a unit
liaison's page never holds another unit's matter or one accusing its own unit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.cases.queue import assignment_queue, narrow, queue_page, state_counts, unit_workload
from core.config import AppConfig
from core.deadlines.board import (
    ClockScope,
    colour_counts,
    due_counts,
    oldest_overdue,
    open_clock_board,
    overdue_by_unit,
)
from core.deadlines.board_sql import board_figures, overdue_page
from core.deadlines.calendar import load_calendar
from core.deadlines.colours import Colour
from core.deadlines.lights import light_dates
from core.deadlines.lists import provisional_years, scope_board
from core.startup import seed_demo_district
from core.vocab import MatterState, Role
from db.models import Matter
from tests.actors import actor

TODAY = dt.date(2026, 11, 18)
DAYS = (TODAY, TODAY - dt.timedelta(days=45), TODAY + dt.timedelta(days=25))


@pytest.fixture
def district(database, database_url):
    config = AppConfig(database_url=database_url, demo_mode=True, cookie_key="k" * 40)
    seed_demo_district(database, config, items=300, today=TODAY)
    return database


def _due(values) -> list:
    return [None if v is None or v != v else str(v)[:10] for v in values]


def test_queue_pages_are_the_frame_sliced(district):
    with district.read() as s:
        for day in DAYS:
            full = assignment_queue(s, day)
            assert len(full) > 8  # a working office: about a dozen open in 300 matters
            whole = queue_page(s, day, page_size=10_000)
            assert list(whole.rows["matter_id"]) == list(full["matter_id"])
            for column in ("colour", "overdue", "state", "days_since_assigned"):
                assert list(whole.rows[column].fillna(-1)) == list(full[column].fillna(-1))
            assert _due(whole.rows["due_on"]) == _due(full["due_on"])
            assert whole.total == len(full)
            assert whole.overdue == int(full["overdue"].sum())
            assert list(whole.states["count"]) == list(state_counts(full)["count"])
            for state in (None, MatterState.ASSIGNED, MatterState.IN_HANDLING):
                for colour in (None, *Colour):
                    narrowed = narrow(full, state=state, colour=colour)
                    page = queue_page(s, day, state=state, colour=colour, page=2, page_size=4)
                    assert page.shown == len(narrowed)
                    assert page.pages == max(1, -(-len(narrowed) // 4))
                    expected = narrowed["matter_id"][4:8] if len(narrowed) > 4 else narrowed[:4]
                    if len(narrowed) <= 4:
                        expected = narrowed["matter_id"]
                    assert list(page.rows["matter_id"]) == list(expected)
            workload = unit_workload(s, day)
            assert workload["open"].sum() == len(full)
            assert workload["overdue"].sum() == full["overdue"].sum()
            per_unit = full.groupby("unit_id")["matter_id"].count()
            for unit_id, n in per_unit.items():
                assert int(workload.loc[workload["unit_id"] == unit_id, "open"].iloc[0]) == n


def test_board_figures_are_the_frame_counted(district):
    with district.read() as s:
        calendar = load_calendar(s)
        units = [None, *s.scalars(select(Matter.unit_id).where(Matter.unit_id.is_not(None)))]
        for day in DAYS:
            for scope in ClockScope:
                for unit in {units[0], units[1], units[-1]}:
                    board = scope_board(open_clock_board(s, day, calendar, scope=scope), unit)
                    figures = board_figures(s, day, calendar, unit_scope=unit, scope=scope)
                    expected = {k: int(v) for k, v in colour_counts(board).iloc[0].items()}
                    assert figures.colours == expected
                    assert figures.due == {k: int(v) for k, v in due_counts(board).items()}
                    for by, key, got in (
                        ("unit", "unit_code", figures.per_unit),
                        ("town", "town_id", figures.per_town),
                    ):
                        want = colour_counts(board, by).set_index(key)
                        mine = got.set_index(key)
                        assert sorted(want.index, key=str) == sorted(mine.index, key=str)
                        for column in ("green", "yellow", "red", "overdue", "total"):
                            for k in want.index:
                                assert int(want.loc[k, column]) == int(mine.loc[k, column])
                    overdue = overdue_by_unit(board)
                    assert sorted(
                        zip(overdue["unit_code"].fillna(""), overdue["overdue_matters"])
                    ) == sorted(
                        zip(
                            figures.overdue_by_unit["unit_code"].fillna(""),
                            figures.overdue_by_unit["overdue_matters"],
                        )
                    )
                    assert figures.provisional_years == provisional_years(board, calendar)
                    old = oldest_overdue(board)
                    page, total = overdue_page(
                        s, day, calendar, unit_scope=unit, scope=scope, page=2, page_size=3
                    )
                    assert total == len(old)
                    assert list(page["matter_id"]) == list(old["matter_id"][3:6])
                    assert list(page["due_on"]) == list(old["due_on"][3:6])


def test_a_liaisons_page_holds_only_its_units_matters(district):
    with district.read() as s:
        accused = set(
            s.scalars(select(Matter.accused_unit_id).where(Matter.accused_unit_id.is_not(None)))
        )
        handling = list(
            s.scalars(select(Matter.unit_id).where(Matter.state == MatterState.IN_HANDLING))
        )
        # a liaison of a unit that handles matters and is accused by some, if there is one
        unit_id = next((u for u in handling if u in accused), handling[0])
        liaison = actor("liaison", Role.UNIT_LIAISON, unit_id=unit_id)
        for day in DAYS:
            page = queue_page(s, day, viewer=liaison, unit_id=None, page_size=10_000)
            ids = list(page.rows["matter_id"])
            rows = s.execute(
                select(Matter.id, Matter.unit_id, Matter.accused_unit_id).where(Matter.id.in_(ids))
            ).all()
            assert all(u == unit_id and a != unit_id for _, u, a in rows)
            other = queue_page(s, day, viewer=liaison, unit_id=unit_id + 1, page_size=10_000)
            assert list(other.rows["matter_id"]) == ids, "a liaison cannot ask for another unit"
            assert set(page.workload["unit_id"]) <= {unit_id}
            assert page.total == len(ids)
            figures = board_figures(s, day, unit_scope=unit_id)
            board = scope_board(open_clock_board(s, day), unit_id)
            assert figures.colours["total"] == board["matter_id"].nunique()
            assert set(figures.per_unit["unit_id"]) <= {unit_id}
            listed, _ = overdue_page(s, day, unit_scope=unit_id, page_size=10_000)
            assert not (listed["accused_unit_id"] == unit_id).any()
            assert (listed["unit_id"] == unit_id).all()
        nobody = actor("liaison", Role.UNIT_LIAISON, unit_id=None)
        assert queue_page(s, TODAY, viewer=nobody).rows.empty


def test_light_dates_are_monotonic_and_give_the_numpy_colours(district):
    from core.deadlines.colours import Thresholds, measure_clocks

    with district.read() as s:
        calendar = load_calendar(s)
    thresholds = Thresholds()
    first, last = TODAY - dt.timedelta(days=400), TODAY + dt.timedelta(days=120)
    lights = light_dates(TODAY, calendar, thresholds, first, last)
    for started, basis, red_before, yellow_before in lights.rows[::37]:
        assert red_before <= yellow_before
        # the dates hold for due dates up to the latest one asked for
        for due in {d for d in (TODAY, red_before, yellow_before, last) if d <= last}:
            code = measure_clocks(
                [started.toordinal()],
                [due.toordinal()],
                [basis == "working"],
                TODAY,
                calendar,
                thresholds,
            ).codes[0]
            expected = 2 if due < red_before else 1 if due < yellow_before else 0
            assert code == expected, (started, basis, due)
