"""Quarters: one vocabulary for bonuses and bulletins, shown as people read them."""

import datetime as dt

import pytest

from console.i18n import quarter_label
from core.errors import UserError
from core.quarters import (
    next_quarter,
    parse_quarter,
    quarter_bounds,
    quarter_of_date,
    quarters_back,
)


def test_quarters_back_cross_the_new_year_newest_first():
    assert quarters_back(dt.date(2027, 1, 4), 3) == ["2027Q1", "2026Q4", "2026Q3"]


def test_bounds_and_next_quarter_agree():
    assert quarter_bounds("2026q4 ") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert next_quarter("2026Q4") == "2027Q1"
    assert quarter_of_date(dt.date(2026, 12, 31)) == "2026Q4"


@pytest.mark.parametrize("typed", ["2026Q5", "Q3", "", "2026-Q3", "2026Q3;DROP"])
def test_a_malformed_quarter_is_refused_in_words(typed):
    with pytest.raises(UserError) as refused:
        parse_quarter(typed)
    assert refused.value.key == "error.quarter_format"


def test_a_quarter_reads_as_words_in_each_language():
    assert quarter_label("2026Q3", "zh") == "2026年第3季度"
    assert quarter_label("2026Q3", "en") == "2026 Q3"
