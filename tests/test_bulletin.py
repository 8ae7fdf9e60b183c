import datetime as dt

import pandas as pd
import pytest

from core.deadlines.calendar import seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.rules import seed_default_rules
from core.errors import UserError
from core.quarters import quarter_bounds
from core.reporting.bulletin import quarterly_bulletin
from core.vocab import MatterState, Rating
from tests.factories import make_matter, make_place

D = dt.date
TODAY = D(2026, 4, 15)


@pytest.fixture
def quarter_db(database):
    """Six items received in 2026Q1 (and one in Q2) with known outcomes."""
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
        place = make_place(s)
        hr, town = place.unit, place.town_unit
        # HRSS: on time, delivered, satisfied, closed, ceased
        make_matter(
            s,
            place,
            received=D(2026, 1, 5),
            accepted=D(2026, 1, 6),
            assigned=D(2026, 1, 6),
            replied=D(2026, 1, 15),
            delivered=D(2026, 1, 16),
            rated=D(2026, 1, 20),
            closed=D(2026, 1, 25),
            unit=hr,
            unit_rating=Rating.SATISFIED,
            ceased=True,
            agent_proxied=True,
        )
        # HRSS: reply due 24 Feb (after Spring Festival), replied 10 Mar, never delivered,
        # filed twice more
        make_matter(
            s,
            place,
            received=D(2026, 2, 2),
            accepted=D(2026, 2, 3),
            assigned=D(2026, 2, 3),
            replied=D(2026, 3, 10),
            unit=hr,
            repeat_filings=2,
        )
        # HRSS: on time, basically satisfied
        make_matter(
            s,
            place,
            received=D(2026, 3, 25),
            accepted=D(2026, 3, 26),
            assigned=D(2026, 3, 26),
            replied=D(2026, 3, 30),
            delivered=D(2026, 3, 31),
            rated=D(2026, 4, 2),
            unit=hr,
            unit_rating=Rating.BASICALLY_SATISFIED,
        )
        # town: on time, unsatisfied
        make_matter(
            s,
            place,
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 3),
            assigned=D(2026, 3, 4),
            replied=D(2026, 3, 10),
            delivered=D(2026, 3, 11),
            rated=D(2026, 3, 12),
            unit=town,
            unit_rating=Rating.UNSATISFIED,
        )
        # town: reply due 7 April, still running on 15 April: overdue
        make_matter(
            s,
            place,
            received=D(2026, 3, 20),
            accepted=D(2026, 3, 23),
            assigned=D(2026, 3, 23),
            unit=town,
        )
        # not accepted: no unit, no reply clock, still an item of the quarter
        make_matter(
            s, place, received=D(2026, 1, 10), closed=D(2026, 1, 12), state=MatterState.NOT_ACCEPTED
        )
        # the next quarter
        make_matter(s, place, received=D(2026, 4, 2), accepted=D(2026, 4, 3), unit=hr)
        rebuild_all_clocks(s, TODAY)
    return database


def test_quarterly_bulletin_per_unit(quarter_db):
    with quarter_db.read() as s:
        per_unit, _ = quarterly_bulletin(s, "2026Q1", TODAY)
    rows = {
        (None if pd.isna(code) else code): row
        for code, row in per_unit.set_index("unit_code").iterrows()
    }
    assert set(rows) == {"HRSS", "XJW", None}
    columns = [
        "received",
        "assigned",
        "replied_on_time",
        "overdue",
        "replies_not_delivered",
        "repeat_petitions",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
        "rated",
    ]
    assert rows["HRSS"][columns].tolist() == [3, 3, 2, 1, 1, 2, 1, 1, 0, 2]
    assert rows["XJW"][columns].tolist() == [2, 2, 1, 1, 0, 0, 0, 0, 1, 1]
    assert rows[None][columns].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert rows["HRSS"]["satisfaction_rate"] == 1.0
    assert rows["XJW"]["satisfaction_rate"] == 0.0
    assert pd.isna(rows[None]["satisfaction_rate"])
    assert per_unit["received"].sum() == 6


def test_quarterly_bulletin_district_rates(quarter_db):
    with quarter_db.read() as s:
        _, district = quarterly_bulletin(s, "2026q1", TODAY)
    assert district == {
        "received": 6,
        "submissions": 8,
        "rated": 3,
        "on_time_rate": 3 / 6,  # every item is in the denominator, even the one not accepted
        "closure_rate": 1 / 6,
        "cessation_rate": 1 / 6,
        "satisfaction_rate": 2 / 3,
        "rating_rate": 3 / 6,
        "repeat_rate": 2 / 8,
    }


def test_a_liaison_gets_its_own_units_row_only(quarter_db):
    from sqlalchemy import select

    from db.models import Unit
    from tests.actors import actor

    with quarter_db.read() as s:
        hrss = s.scalar(select(Unit.id).where(Unit.code == "HRSS"))
        per_unit, district = quarterly_bulletin(s, "2026Q1", TODAY, actor("liaison", unit_id=hrss))
        office_units, _ = quarterly_bulletin(s, "2026Q1", TODAY, actor("supervisor"))
    assert per_unit["unit_code"].tolist() == ["HRSS"]
    assert per_unit["received"].tolist() == [3]
    assert district["received"] == 6  # the published district aggregate
    assert len(office_units) == 3


def test_an_empty_quarter_has_no_rates(quarter_db):
    with quarter_db.read() as s:
        per_unit, district = quarterly_bulletin(s, "2025Q4", TODAY)
    assert per_unit.empty
    assert district["received"] == 0 and district["on_time_rate"] is None


def test_quarter_bounds():
    assert quarter_bounds("2026Q1") == (D(2026, 1, 1), D(2026, 3, 31))
    assert quarter_bounds("2026Q4") == (D(2026, 10, 1), D(2026, 12, 31))
    with pytest.raises(UserError) as err:
        quarter_bounds("2026-3")
    assert err.value.key == "error.quarter_format"


def test_the_report_stamp_moves_with_the_data(quarter_db):
    from core.reporting.bulletin import report_stamp
    from tests.actors import actor

    with quarter_db.read() as s:
        before = report_stamp(s)
    with quarter_db.write() as s:
        from core.deadlines.rules import change_rule

        change_rule(s, "reply.general", days=20, actor=actor("admin"), reason="试行新时限")
    with quarter_db.read() as s:
        assert report_stamp(s) != before, "a rule change recomputes clocks: a new bulletin"
        before = report_stamp(s)
    with quarter_db.write() as s:
        from core.deadlines.calendar_admin import apply_admin_holiday

        apply_admin_holiday(s, D(2026, 12, 21), "防汛停工日", actor("admin"))
    with quarter_db.read() as s:
        assert report_stamp(s) != before, "a new holiday moves due dates: a new bulletin"


def test_the_sql_bulletin_gives_the_pandas_figures_on_a_demo_district(database, database_url):
    """The bulletin is summed in SQL (one row per unit): same rows, order and rates as the
    first pandas version over one row per matter (tests/bulletin_oracle.py), for every
    quarter of a 300-matter demo district, on the day it was made, on a running reply clock's
    due day and on the day after, for the district and for a liaison."""
    from sqlalchemy import select

    from core.config import AppConfig
    from core.quarters import quarters_back
    from core.reporting.bulletin import REPLY_KINDS
    from core.startup import seed_demo_district
    from core.vocab import ClockState
    from db.models import Clock, Unit
    from tests.actors import actor
    from tests.bulletin_oracle import pandas_bulletin

    today = dt.date(2026, 11, 18)
    config = AppConfig(database_url=database_url, demo_mode=True, cookie_key="k" * 40)
    seed_demo_district(database, config, items=300, today=today)
    with database.read() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "D-PNR"))
        # on a running reply clock's due day (not yet overdue) and the day after (overdue)
        due = s.scalars(
            select(Clock.due_on)
            .where(Clock.state == ClockState.RUNNING, Clock.kind.in_(REPLY_KINDS))
            .order_by(Clock.due_on)
            .limit(1)
        ).all()
    days = {today, *due, *(d + dt.timedelta(days=1) for d in due)}
    assert len(days) == 3, "a running reply clock to count on its due day"
    viewers = [None, actor("liaison", unit_id=unit_id)]
    compared = 0
    with database.read() as s:
        for quarter in quarters_back(today, 6):
            for day in sorted(days):
                for viewer in viewers:
                    sql_rows, sql_rates = quarterly_bulletin(s, quarter, day, viewer)
                    old_rows, old_rates = pandas_bulletin(s, quarter, day, viewer)
                    pd.testing.assert_frame_equal(sql_rows, old_rows, check_dtype=False)
                    assert sql_rates == pytest.approx(old_rates)
                    compared += int(sql_rates["received"] > 0)
    assert compared >= 4, "the district's quarters hold matters to compare"
