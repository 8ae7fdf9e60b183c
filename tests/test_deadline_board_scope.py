"""Supervisors can look at the legal limits apart from the office's internal workflow."""

import datetime as dt

from core.deadlines.board import INTERNAL_KINDS, ClockScope, open_clock_board
from core.deadlines.calendar import seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.rules import seed_default_rules
from tests.factories import make_matter, make_place

TODAY = dt.date(2026, 11, 20)


def test_legal_and_internal_limits_can_be_shown_apart(database):
    with database.write() as s:
        place = make_place(s)
        make_matter(
            s,
            place,
            received=dt.date(2026, 10, 1),
            accepted=dt.date(2026, 10, 9),
            assigned=dt.date(2026, 10, 12),
        )
        seed_official_calendar(s)
        seed_default_rules(s)
        rebuild_all_clocks(s, TODAY)
    with database.read() as s:
        everything = open_clock_board(s, TODAY)
        legal = open_clock_board(s, TODAY, scope=ClockScope.LEGAL)
        internal = open_clock_board(s, TODAY, scope=ClockScope.INTERNAL)
    kinds = set(everything["kind"])
    assert kinds & INTERNAL_KINDS and kinds - INTERNAL_KINDS, kinds
    assert not set(legal["kind"]) & INTERNAL_KINDS
    assert set(internal["kind"]) <= INTERNAL_KINDS
    assert len(legal) + len(internal) == len(everything)
