"""Field validators shared by every form and import (agents, intake, petitioners).

Each `check_*` function is pure: it takes the raw value and returns an i18n error key
(``error.…``) or None when the value is acceptable. The `normalise_*` helpers give the one
stored form of a valid value, so uniqueness is decided on what is stored, not on how a clerk
happened to type it (``138 1234 5678`` and ``+86 13812345678`` are the same phone).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from core.errors import ValidationErrors

PHONE_REGION = "CN"
CHINA_COUNTRY_CODE = 86
_PHONE_TYPES = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
#: Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is not ours
#: to judge; typos like a missing @ or a trailing comma are.
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")

#: Kilometres per degree of latitude (mean); a degree of longitude shrinks with cos(lat).
KM_PER_DEGREE = 111.32


def check_required(text: str | None) -> str | None:
    return "error.required" if text is None or not str(text).strip() else None


def check_max_length(text: str, limit: int) -> str | None:
    return "error.too_long" if len(text) > limit else None


def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != CHINA_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in _PHONE_TYPES:
        return None
    return number


def check_phone(text: str) -> str | None:
    """A Chinese mobile (13812345678) or landline with area code (023-68881234)."""
    return None if _parse_phone(text.strip()) else "error.phone_format"


def normalise_phone(text: str) -> str:
    """The stored form: 11 digits for a mobile, ``0AA(A)-NNNNNNN(N)`` for a landline.

    Only call on a value `check_phone` accepted.
    """
    number = _parse_phone(text.strip())
    if number is None:
        raise ValueError(f"not a valid phone number: {text!r}")
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if phonenumbers.number_type(number) == PhoneNumberType.MOBILE:
        return national.replace(" ", "")
    area, _, local = national.partition(" ")
    return f"{area}-{local.replace(' ', '')}"


def check_email(text: str) -> str | None:
    return None if _EMAIL.match(text.strip()) else "error.email_format"


def check_resident_id(text: str) -> str | None:
    """An 18-character resident ID (GB 11643): region, birth date and check digit (0-9 or X).

    The region code must exist, but not necessarily in the birth year: IDs were reissued
    under new codes (Chongqing's 500xxx date from 1997 and are held by people born long
    before), which `stdnum.cn.ric.validate` would refuse.
    """
    number = ric.compact(text.strip())
    if len(number) != 18 or not number[:-1].isdigit():
        return "error.id_number_format"
    if number[-1] != ric.calc_check_digit(number):
        return "error.id_number_checksum"
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return "error.id_number_format"
    if not any(props for _part, props in numdb.get("cn/loc").info(number[:6])):
        return "error.id_number_format"
    return None


def normalise_resident_id(text: str) -> str:
    return ric.compact(text.strip())


def check_not_future(day: dt.date, today: dt.date) -> str | None:
    """`today` is the office's today (which a demo district may simulate), so it is passed in."""
    return "error.date_in_future" if day > today else None


@dataclass(frozen=True)
class Bounds:
    """A latitude/longitude box (WGS-84)."""

    south: float
    west: float
    north: float
    east: float

    def padded(self, km: float) -> Bounds:
        dlat = km / KM_PER_DEGREE
        mid = math.radians((self.south + self.north) / 2)
        dlon = km / (KM_PER_DEGREE * max(math.cos(mid), 0.01))
        return Bounds(self.south - dlat, self.west - dlon, self.north + dlat, self.east + dlon)

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def check_coordinates(lat: float, lon: float, bounds: Bounds | None) -> str | None:
    """Inside the district's box; with no places loaded yet, any point on Earth passes."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return "error.coordinates_invalid"
    if bounds is not None and not bounds.contains(lat, lon):
        return "error.outside_district"
    return None


def parse_choice(enum_cls: type[enum.Enum], value, field: str, errors: ValidationErrors):
    """The enum member a form or file gave, or None with the error recorded on `field`."""
    if value is None or value == "":
        errors.add("error.required", field)
        return None
    try:
        return enum_cls(value)
    except ValueError:
        errors.add("error.choice_invalid", field, value=value)
        return None
