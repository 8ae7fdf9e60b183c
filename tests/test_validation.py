"""The shared field validators: each rule with a good and a bad value."""

import datetime as dt

import pytest

from core.validation import (
    Bounds,
    check_coordinates,
    check_email,
    check_not_future,
    check_phone,
    check_required,
    check_resident_id,
    normalise_phone,
    normalise_resident_id,
)


@pytest.mark.parametrize(
    "text,stored",
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("023-68881234", "023-68881234"),
        ("(023) 6888 1234", "023-68881234"),
        ("010-12345678", "010-12345678"),
    ],
)
def test_good_mobiles_and_landlines_are_normalised(text, stored):
    assert check_phone(text) is None
    assert normalise_phone(text) == stored


@pytest.mark.parametrize(
    "text",
    ["1381234567", "12345678901", "68881234", "0755-2345678", "phone", "", "+1 202 555 0101"],
)
def test_bad_phones_are_refused(text):
    assert check_phone(text) == "error.phone_format"


@pytest.mark.parametrize("text", ["li.ming@example.com", "a+b@mail.cq.cn"])
def test_good_emails(text):
    assert check_email(text) is None


@pytest.mark.parametrize("text", ["li.ming", "li@ming", "li ming@example.com", "a@b.c,", "@x.cn"])
def test_bad_emails(text):
    assert check_email(text) == "error.email_format"


def test_resident_id_with_x_check_digit_is_accepted_in_either_case():
    assert check_resident_id("11010519491231002X") is None
    assert check_resident_id("11010519491231002x") is None
    assert normalise_resident_id(" 11010519491231002x ") == "11010519491231002X"


def test_resident_id_with_a_wrong_check_digit_is_refused():
    assert check_resident_id("110105194912310021") == "error.id_number_checksum"


@pytest.mark.parametrize("text", ["11010519491231002", "110105194913310021", "ABCDEFGHIJKLMNOPQR"])
def test_resident_id_with_bad_length_or_birth_date_is_refused(text):
    assert check_resident_id(text) == "error.id_number_format"


def test_dates_in_the_future_are_refused():
    today = dt.date(2026, 11, 20)
    assert check_not_future(today, today) is None
    assert check_not_future(today + dt.timedelta(days=1), today) == "error.date_in_future"


def test_required():
    assert check_required("  ") == "error.required"
    assert check_required(None) == "error.required"
    assert check_required("x") is None


def test_coordinates_inside_the_padded_box_only():
    box = Bounds(29.5, 106.5, 29.5, 106.5).padded(2.0)
    assert check_coordinates(29.51, 106.51, box) is None  # ~1.5 km away
    assert check_coordinates(29.6, 106.5, box) == "error.outside_district"  # ~11 km north
    assert check_coordinates(95.0, 106.5, box) == "error.coordinates_invalid"
    assert check_coordinates(29.6, 106.5, None) is None


def test_an_elder_born_before_the_district_code_existed_is_accepted():
    """Chongqing's 500xxx codes date from 1997; IDs were reissued to people born earlier."""
    from stdnum.cn import ric

    from core.validation import check_resident_id

    body = "50010719500101123"
    assert check_resident_id(body + ric.calc_check_digit(body + "0")) is None
