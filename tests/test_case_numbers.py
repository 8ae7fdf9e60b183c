"""Case numbers: readable, per district and year, distinct and gap-free under concurrency."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from core.cases.case_numbers import PENDING_NUMBER, format_case_number, next_case_number
from core.cases.intake import Decision, register
from db.models import Matter, MatterEvent
from tests.intake_fixtures import ACTOR, TODAY, build_place, petitioner, registered, walk_in

THREADS, PER_THREAD = 8, 10


def test_format_is_district_year_and_six_digits():
    assert format_case_number("500107", 2026, 123) == "500107-2026-000123"


def test_numbers_count_up_per_district_and_year(database):
    with database.write() as s:
        first = next_case_number(s, "500107", 2026)
        second = next_case_number(s, "500107", 2026)
        next_year = next_case_number(s, "500107", 2027)
        other_district = next_case_number(s, "500108", 2026)
    assert (first, second) == ("500107-2026-000001", "500107-2026-000002")
    assert next_year == "500107-2027-000001"
    assert other_district == "500108-2026-000001"


def test_a_rolled_back_registration_uses_no_number(database):
    try:
        with database.write() as s:
            next_case_number(s, "500107", 2026)
            raise RuntimeError("validation failed later")
    except RuntimeError:
        pass
    with database.write() as s:
        assert next_case_number(s, "500107", 2026) == "500107-2026-000001"


def test_concurrent_clerks_get_distinct_gap_free_numbers(database):
    def clerk(_: int) -> list[str]:
        numbers = []
        for _ in range(PER_THREAD):
            with database.write() as s:
                numbers.append(next_case_number(s, "500107", 2026))
        return numbers

    with ThreadPoolExecutor(THREADS) as pool:
        numbers = [n for batch in pool.map(clerk, range(THREADS)) for n in batch]
    total = THREADS * PER_THREAD
    assert len(set(numbers)) == total
    assert sorted(numbers) == [format_case_number("500107", 2026, i) for i in range(1, total + 1)]


def test_concurrent_registrations_number_last_without_gaps_or_placeholders(database):
    """Registrations take their number as their last step: 6 clerks saving at once get
    distinct, gap-free numbers, each registered event carries its matter's number, and no
    matter or event keeps the placeholder it held before it was numbered."""
    with database.write() as s:
        place = build_place(s)

    def clerk(index: int) -> list[tuple[int, str]]:
        done = []
        for serial in range(4):
            with database.write() as s:
                saved = register(
                    s,
                    walk_in(place, petitioners=[petitioner(100 + index * 10 + serial)]),
                    Decision.new_matter(),
                    ACTOR,
                    TODAY,
                )
            done.append((saved.matter_id, saved.case_number))
        return done

    with ThreadPoolExecutor(6) as pool:
        saved = [pair for batch in pool.map(clerk, range(6)) for pair in batch]
    numbers = sorted(number for _id, number in saved)
    assert numbers == [format_case_number("500107", TODAY.year, i) for i in range(1, 25)]
    with database.read() as s:
        for matter_id, number in saved:
            assert s.get(Matter, matter_id).case_number == number
            logged = s.scalar(
                select(MatterEvent.after).where(
                    MatterEvent.matter_id == matter_id, MatterEvent.kind == "registered"
                )
            )
            assert logged["case_number"] == number
        assert not s.scalar(
            select(func.count()).where(Matter.case_number.like(f"{PENDING_NUMBER}%"))
        )


def test_a_registration_failing_after_its_number_leaves_no_gap(database, monkeypatch):
    with database.write() as s:
        place = build_place(s)
    first = registered(database, place).case_number

    def refuse(*_args, **_kwargs):
        raise RuntimeError("the disk filled up just before commit")

    import core.cases.intake as intake

    real = intake.new_query_code
    monkeypatch.setattr(intake, "new_query_code", refuse)
    with pytest.raises(RuntimeError):
        registered(database, place, petitioners=[petitioner(2)])
    monkeypatch.setattr(intake, "new_query_code", real)
    second = registered(database, place, petitioners=[petitioner(3)]).case_number
    assert (first, second) == (
        format_case_number("500107", TODAY.year, 1),
        format_case_number("500107", TODAY.year, 2),
    )
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Matter)) == 2
