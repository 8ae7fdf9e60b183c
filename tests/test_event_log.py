"""The event log is append-only and no matter changes without its event (db/guards.py)."""

import datetime as dt

import pytest
from sqlalchemy import select

from core.timeutil import now_utc
from core.vocab import MatterState
from db.guards import EventLogViolation
from db.models import Matter, MatterEvent
from tests.factories import change_matter, make_matter, make_place


def _matter(database) -> int:
    with database.write() as s:
        return make_matter(s, make_place(s), received=dt.date(2026, 11, 2)).id


def test_a_change_without_its_event_is_refused_and_rolled_back(database):
    matter_id = _matter(database)
    with pytest.raises(EventLogViolation), database.write() as s:
        s.get(Matter, matter_id).state = MatterState.ACCEPTED
    with database.read() as s:
        assert s.get(Matter, matter_id).state is MatterState.REGISTERED


def test_a_change_with_its_event_is_kept(database):
    matter_id = _matter(database)
    with database.write() as s:
        change_matter(s, s.get(Matter, matter_id), "accepted", state=MatterState.ACCEPTED)
    with database.read() as s:
        assert s.get(Matter, matter_id).state is MatterState.ACCEPTED
        kinds = s.scalars(select(MatterEvent.kind).where(MatterEvent.matter_id == matter_id))
        assert list(kinds) == ["registered", "accepted"]


def test_a_new_matter_needs_an_event(database):
    with database.write() as s:
        place = make_place(s)
    with pytest.raises(EventLogViolation), database.write() as s:
        s.add(
            Matter(
                case_number="X-1",
                query_code_hash="-",
                state=MatterState.REGISTERED,
                content_type="request",
                topic="other",
                urgency="general",
                summary="x",
                town_id=place.town.id,
                village_id=place.village.id,
                received_at=now_utc(),
                registered_at=now_utc(),
            )
        )


def test_a_new_matter_may_be_logged_in_a_later_flush_of_its_transaction(database):
    """Registration inserts the matter first and logs it once it is numbered, last."""
    with database.write() as s:
        place = make_place(s)
    with database.write() as s:
        matter = make_matter(s, place, received=dt.date(2026, 11, 2))
        matter_id = matter.id
    with database.write() as s:
        matter = s.get(Matter, matter_id)
        matter.summary = "补充说明"
        s.flush()  # written without its event yet
        change_matter(s, matter, "summary_corrected", summary="补充说明二")
    with database.read() as s:
        kinds = s.scalars(select(MatterEvent.kind).where(MatterEvent.matter_id == matter_id))
        assert list(kinds) == ["registered", "summary_corrected"]


def test_a_change_flushed_without_its_event_is_refused_at_commit(database):
    matter_id = _matter(database)
    with pytest.raises(EventLogViolation), database.write() as s:
        s.get(Matter, matter_id).summary = "悄悄改了"
        s.flush()
    with database.read() as s:
        assert s.get(Matter, matter_id).summary != "悄悄改了"


@pytest.mark.parametrize("mutation", ["update", "delete"])
def test_events_are_never_rewritten(database, mutation):
    _matter(database)
    with pytest.raises(EventLogViolation), database.write() as s:
        event = s.scalars(select(MatterEvent)).first()
        if mutation == "update":
            event.reason = "tampered"
        else:
            s.delete(event)
    with database.read() as s:
        assert s.scalars(select(MatterEvent.reason)).first() is None


def test_concurrent_edits_do_not_overwrite_each_other(database):
    """Two staff load the same matter; the second save fails instead of overwriting."""
    from sqlalchemy.orm.exc import StaleDataError

    matter_id = _matter(database)
    with database.read() as s:
        stale = s.get(Matter, matter_id)
    with database.write() as s:
        change_matter(s, s.get(Matter, matter_id), "triaged", state=MatterState.TRIAGED)
    with pytest.raises(StaleDataError), database.write() as s:
        s.add(stale)  # re-attach as loaded earlier, without reloading
        change_matter(s, stale, "accepted", state=MatterState.ACCEPTED)
