"""History is the truth: replaying each matter's events gives the matter row."""

import datetime as dt

from sqlalchemy import select, text

from console.cli import main
from core.cases.replay import check_history, replay
from core.config import AppConfig
from core.startup import seed_demo_district
from db.models import Matter, MatterEvent
from db.session import Database

DEMO_TODAY = dt.date(2026, 11, 18)


def _seed(database_url: str) -> Database:
    db = Database.connect(database_url)
    config = AppConfig(
        database_url=database_url, demo_mode=True, cookie_key="k" * 40, demo_items=150
    )
    seed_demo_district(db, config, today=DEMO_TODAY)
    return db


def _cli(monkeypatch, capsys, database_url) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_COOKIE_KEY", "k" * 40)
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "l" * 40)
    monkeypatch.setenv("PETITION_LANG", "en")
    code = main(["check-history"])
    return code, capsys.readouterr().out


def test_the_demo_district_replays_to_its_rows_and_a_silent_change_is_found(
    database_url, monkeypatch, capsys
):
    db = _seed(database_url)
    try:
        with db.read() as s:
            report = check_history(s)
            kinds = set(s.scalars(select(MatterEvent.kind).distinct()))
        assert report.checked >= 150
        assert report.differences.empty, report.differences.head(20).to_string()
        assert "in_handling" in kinds and "handling_started" not in kinds
        code, out = _cli(monkeypatch, capsys, database_url)
        assert code == 0, out
        assert f"history of {report.checked} matters: 0 differences" in out

        with db.read() as s:
            matter = s.scalars(
                select(Matter).where(Matter.closed_at.is_not(None)).order_by(Matter.id)
            ).first()
            case_number, matter_id = matter.case_number, matter.id
        # the guard refuses an ORM flush without an event: a raw UPDATE slips past it
        with db.write() as s:
            s.execute(
                text("UPDATE matters SET closed_at = NULL, unit_id = NULL WHERE id = :id"),
                {"id": matter_id},
            )
        with db.read() as s:
            report = check_history(s)
        found = report.differences
        assert set(found["case_number"]) == {case_number}
        assert {"closed_at"} <= set(found["field"])
        row = found[found["field"] == "closed_at"].iloc[0]
        assert row["replayed"] is not None and row["stored"] is None
        code, out = _cli(monkeypatch, capsys, database_url)
        assert code == 1
        assert f"{case_number}: closed_at is" in out and f"{len(found)} differences" in out
    finally:
        db.dispose()


def test_replay_applies_each_after_over_the_last():
    events = [
        {"state": "registered", "received_at": "2026-01-05T02:00:00+00:00"},
        {"state": "accepted", "accepted_at": "2026-01-06T02:00:00+00:00"},
        {"state": "assigned", "unit_id": 3},
        {"notice_id": 1, "due_on": "2026-02-01"},
    ]
    replayed = replay(events)
    assert replayed["state"] == "assigned" and replayed["unit_id"] == 3
    assert replayed["ceased"] is False and "closed_at" not in replayed


def test_factory_matters_carry_the_events_of_their_steps(database):
    from core.vocab import MatterState, Rating
    from tests.factories import make_matter, make_place

    with database.write() as s:
        place = make_place(s)
        closed = make_matter(
            s,
            place,
            received=dt.date(2026, 3, 2),
            accepted=dt.date(2026, 3, 3),
            assigned=dt.date(2026, 3, 4),
            replied=dt.date(2026, 3, 20),
            delivered=dt.date(2026, 3, 21),
            rated=dt.date(2026, 3, 22),
            closed=dt.date(2026, 3, 25),
            unit_rating=Rating.SATISFIED,
        )
        make_matter(s, place, received=dt.date(2026, 3, 2), state=MatterState.IN_HANDLING)
        make_matter(s, place, received=dt.date(2026, 3, 2), unit=place.town_unit)
        closed_id = closed.id
    with database.read() as s:
        report = check_history(s)
        kinds = list(
            s.scalars(
                select(MatterEvent.kind)
                .where(MatterEvent.matter_id == closed_id)
                .order_by(MatterEvent.occurred_at, MatterEvent.id)
            )
        )
    assert report.checked == 3
    assert report.differences.empty, report.differences.to_string()
    assert kinds == [
        "registered",
        "accepted",
        "assigned",
        "replied",
        "delivered",
        "rated",
        "closed",
    ]
