"""The assignment queue: priority order and a liaison's scope."""

import datetime as dt

from core.queue import assignment_queue
from core.vocab import MatterState
from tests.factories import make_matter, make_place

TODAY = dt.date(2026, 11, 20)


def test_overdue_first_then_agent_proxied_then_oldest(database):
    with database.write() as s:
        place = make_place(s)
        old = make_matter(s, place, received=dt.date(2026, 11, 15),
                          accepted=dt.date(2026, 11, 16), assigned=dt.date(2026, 11, 16))
        proxied = make_matter(s, place, received=dt.date(2026, 11, 15),
                              accepted=dt.date(2026, 11, 16), assigned=dt.date(2026, 11, 17),
                              agent_proxied=True)
        overdue = make_matter(s, place, received=dt.date(2026, 9, 1),
                              accepted=dt.date(2026, 9, 2), assigned=dt.date(2026, 9, 3))
        other_unit = make_matter(s, place, received=dt.date(2026, 11, 5),
                                 accepted=dt.date(2026, 11, 6), assigned=dt.date(2026, 11, 7),
                                 unit=place.town_unit)
        make_matter(s, place, received=dt.date(2026, 11, 1), closed=dt.date(2026, 11, 9))
        from core.calendar import seed_official_calendar
        from core.clocks import rebuild_all_clocks
        from core.deadlines import seed_default_rules

        seed_official_calendar(s)
        seed_default_rules(s)
        rebuild_all_clocks(s, TODAY)
        ids = {m.case_number: m.id for m in (old, proxied, overdue, other_unit)}
        unit_id = place.unit.id
    with database.read() as s:
        queue = assignment_queue(s, TODAY)
        mine = assignment_queue(s, TODAY, unit_id=unit_id)
        overdue_only = assignment_queue(s, TODAY, colour="overdue")
    order = list(queue["matter_id"])
    assert order[0] == ids[overdue.case_number]
    colours = dict(zip(queue["matter_id"], queue["colour"], strict=True))
    assert colours[ids[old.case_number]] == colours[ids[proxied.case_number]] != "overdue"
    assert order.index(ids[proxied.case_number]) < order.index(ids[old.case_number])
    assert set(queue["state"]) == {MatterState.ASSIGNED.value}, "closed matters are not queued"
    assert ids[other_unit.case_number] not in set(mine["matter_id"])
    assert list(overdue_only["matter_id"]) == [ids[overdue.case_number]]
