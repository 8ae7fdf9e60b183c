"""Case numbers: readable, per district and year, distinct and gap-free under concurrency."""

from concurrent.futures import ThreadPoolExecutor

from core.cases.case_numbers import format_case_number, next_case_number

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
