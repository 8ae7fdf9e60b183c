"""The assignment queue (core.cases.queue): priority order, a liaison's scope, filters,
assignment."""

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from core.cases.queue import QUEUE_STATES, assign_to_unit, assignment_queue, narrow, state_counts
from core.deadlines.calendar import seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks
from core.deadlines.rules import seed_default_rules
from core.errors import ConcurrentEditError, UserError
from core.users import UserView
from core.vocab import MatterState, Role
from db.models import Matter
from tests.actors import actor
from tests.factories import change_matter, make_matter, make_place

TODAY = dt.date(2026, 11, 20)
D = dt.date


def _clocks(session) -> None:
    seed_official_calendar(session)
    seed_default_rules(session)
    rebuild_all_clocks(session, TODAY)


def _liaison(unit_id: int | None) -> UserView:
    return UserView("liaison", "联络员", Role.UNIT_LIAISON, unit_id, None)


@pytest.fixture
def district(database):
    """Matters of two units in every queue state, one overdue, one closed, one accusation."""
    with database.write() as s:
        place = make_place(s)
        m = {
            "old": make_matter(
                s,
                place,
                received=D(2026, 11, 15),
                accepted=D(2026, 11, 16),
                assigned=D(2026, 11, 16),
            ),
            "risky": make_matter(
                s,
                place,
                received=D(2026, 11, 15),
                accepted=D(2026, 11, 17),
                assigned=D(2026, 11, 17),
            ),
            "proxied": make_matter(
                s,
                place,
                received=D(2026, 11, 15),
                accepted=D(2026, 11, 18),
                assigned=D(2026, 11, 18),
                agent_proxied=True,
            ),
            "overdue": make_matter(
                s, place, received=D(2026, 9, 1), accepted=D(2026, 9, 2), assigned=D(2026, 9, 3)
            ),
            "town": make_matter(
                s,
                place,
                received=D(2026, 11, 5),
                accepted=D(2026, 11, 6),
                assigned=D(2026, 11, 7),
                unit=place.town_unit,
            ),
            "accusation": make_matter(
                s, place, received=D(2026, 11, 5), accepted=D(2026, 11, 6), assigned=D(2026, 11, 7)
            ),
            "replied": make_matter(
                s,
                place,
                received=D(2026, 11, 10),
                accepted=D(2026, 11, 10),
                assigned=D(2026, 11, 10),
                replied=D(2026, 11, 18),
            ),
            "review": make_matter(
                s, place, received=D(2026, 11, 19), accepted=D(2026, 11, 19), review_level=1
            ),
            "closed": make_matter(s, place, received=D(2026, 11, 1), closed=D(2026, 11, 9)),
        }
        change_matter(s, m["risky"], "triaged", risk_emotion=True)
        # handled by the department, accusing the town: the town's liaison never sees it
        change_matter(s, m["accusation"], "triaged", accused_unit_id=place.town_unit.id)
        _clocks(s)
        ids = {name: matter.id for name, matter in m.items()}
        units = {"unit": place.unit.id, "town_unit": place.town_unit.id}
    return database, ids, units


def test_overdue_first_then_agent_proxied_then_risk_then_oldest(district):
    database, ids, _ = district
    with database.read() as s:
        queue = assignment_queue(s, TODAY)
    order = list(queue["matter_id"])
    assert order[0] == ids["overdue"]
    assert bool(queue.loc[0, "overdue"]) and queue.loc[0, "colour"] == "overdue"
    assert order.index(ids["proxied"]) < order.index(ids["risky"]) < order.index(ids["old"])
    # among the rest the oldest assignment (or acceptance, for an unassigned review) first
    rest = [i for i in order if i not in {ids["overdue"], ids["proxied"], ids["risky"]}]
    assert rest.index(ids["town"]) < rest.index(ids["replied"]) < rest.index(ids["old"])
    assert rest[-1] == ids["review"]
    assert ids["closed"] not in order, "closed matters are not queued"
    row = queue.set_index("matter_id").loc[ids["old"]]
    assert row["days_since_assigned"] == 4 and row["unit"] == "区人力社保局"
    assert bool(queue.set_index("matter_id").loc[ids["risky"], "risk_flagged"])
    assert queue.set_index("matter_id").loc[ids["review"], "state"] == "accepted"


def test_a_liaison_sees_its_unit_only_and_never_an_accusation_against_it(district):
    database, ids, units = district
    with database.read() as s:
        mine = set(assignment_queue(s, TODAY, viewer=_liaison(units["unit"]))["matter_id"])
        # asking for another unit does not widen a liaison's view
        forced = set(
            assignment_queue(s, TODAY, viewer=_liaison(units["unit"]), unit_id=units["town_unit"])[
                "matter_id"
            ]
        )
        town = set(assignment_queue(s, TODAY, viewer=_liaison(units["town_unit"]))["matter_id"])
        nobody = assignment_queue(s, TODAY, viewer=_liaison(None))
        office = set(assignment_queue(s, TODAY, unit_id=units["unit"])["matter_id"])
    assert ids["town"] not in mine and ids["old"] in mine and ids["replied"] in mine
    assert ids["accusation"] in mine, "the handling unit works on it"
    assert ids["accusation"] not in town, "an accusation never reaches the accused"
    assert ids["accusation"] in office, "the office still sees it"
    assert forced == mine
    assert town == {ids["town"]}
    # and the database itself refuses to hand an accusation to the unit it accuses
    with pytest.raises(IntegrityError), database.write() as s:
        matter = s.get(Matter, ids["accusation"])
        change_matter(s, matter, "assigned", unit_id=units["town_unit"])
    assert nobody.empty


def test_filters_by_colour_and_state_and_counts_by_state(district):
    database, ids, _ = district
    with database.read() as s:
        queue = assignment_queue(s, TODAY)
        overdue = assignment_queue(s, TODAY, colour="overdue")
        replied = assignment_queue(s, TODAY, state=MatterState.REPLIED)
    assert list(overdue["matter_id"]) == [ids["overdue"]]
    assert list(narrow(queue, colour="overdue")["matter_id"]) == [ids["overdue"]]
    assert list(replied["matter_id"]) == [ids["replied"]]
    counts = state_counts(queue).set_index("state")["count"]
    assert list(counts.index) == [st.value for st in QUEUE_STATES]
    assert counts["assigned"] == 6 and counts["replied"] == 1 and counts["accepted"] == 1
    assert counts["rated"] == 0
    green = narrow(queue, colour="green")
    assert set(green["colour"]) <= {"green"}


def test_assign_an_accepted_review_to_a_unit(district):
    database, ids, units = district
    with database.read() as s:
        version = s.get(Matter, ids["review"]).version
    with pytest.raises(UserError) as refused, database.write() as s:
        assign_to_unit(s, ids["review"], version, None, actor("clerk"))
    assert refused.value.key == "error.unit_unknown"
    with database.write() as s:
        assign_to_unit(s, ids["review"], version, units["town_unit"], actor("clerk"))
    with pytest.raises(ConcurrentEditError), database.write() as s:
        assign_to_unit(s, ids["review"], version, units["unit"], actor("clerk"))
    with database.read() as s:
        matter = s.get(Matter, ids["review"])
        assert matter.state == MatterState.ASSIGNED and matter.unit_id == units["town_unit"]
        assert matter.assigned_at is not None
        queue = assignment_queue(s, TODAY, viewer=_liaison(units["town_unit"]))
    assert ids["review"] in set(queue["matter_id"])
