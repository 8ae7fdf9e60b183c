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

from core.errors import UserError, ValidationErrors

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


#: Characters that show nothing: zero-width space/joiners, word joiner, BOM, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans("", "", INVISIBLE)
#: Bidi embeddings/overrides and isolates: they make text display differently from what is
#: stored (a phone or a name that reads reversed), so no stored text may hold them.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: C0 controls (NUL, ESC of ANSI terminal sequences …), DEL and C1 controls; tab and
#: newlines are allowed in multi-line fields only (see `check_text`).
#: Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) are not for
#: interchange (XML cannot hold U+FFFE/U+FFFF: a DOCX notice would drop them); lone
#: surrogates cannot even be encoded as UTF-8 for the database.
_NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI + "\u2028\u2029" + _NONCHARACTERS + "]"
)
_LINE_BREAKS = re.compile("[\t\n\r]")


def visible(text: str | None) -> str:
    """`text` without invisible characters, stripped: what decides whether a field is empty."""
    return "" if text is None else str(text).translate(_INVISIBLE).strip()


def is_blank(text: str | None) -> bool:
    """True for None, "", whitespace or only zero-width characters."""
    return not visible(text)


def check_text(value: str | None, max_length: int, multiline: bool = False) -> str | None:
    """The one check for free text from a form or a file, before it is stored.

    Refuses (returns the i18n error key) rather than silently cleaning:

    * ``error.control_character``: NUL and other C0/C1 controls (PostgreSQL refuses NUL
      outright), ESC (ANSI terminal sequences), bidi overrides U+202A–U+202E and isolates
      U+2066–U+2069, the Unicode line/paragraph separators, noncharacters (U+FFFE …) and
      lone surrogates; tab, CR and LF are allowed only
      when `multiline` is true (a petition's summary, an address never);
    * ``error.too_long`` (param ``limit``) when longer than `max_length` characters, the
      column's length in `db/models.py`.

    None and "" pass: whether a field is required is `check_required`'s question. Callers
    store the value stripped; zero-width characters are harmless and kept, but
    `is_blank` ignores them, so a field holding only them counts as empty.
    """
    if not value:
        return None
    text = str(value)
    if _CONTROL.search(text) or (not multiline and _LINE_BREAKS.search(text)):
        return "error.control_character"
    if len(text.strip()) > max_length:
        return "error.too_long"
    return None


def control_characters(text: str, multiline: bool = False) -> str:
    """The characters `check_text` refuses in `text`, each once, named by code point
    (``U+0000, U+202E``): what the user is told to remove, since they show nothing."""
    found = dict.fromkeys(_CONTROL.findall(text))
    if not multiline:
        found.update(dict.fromkeys(_LINE_BREAKS.findall(text)))
    return ", ".join(f"U+{ord(ch):04X}" for ch in found)


def checked_text(
    value: str | None,
    field: str,
    limit: int,
    *,
    multiline: bool = False,
    required: bool = False,
    required_key: str = "error.required",
) -> str | None:
    """`value` stripped, ready to store, or a `UserError` on `field` (nothing is written).

    The one gate of a use case's free text (a reason, a note, a notice, a name): control
    characters, bidi overrides … are refused with ``error.control_character_named`` naming
    them (param ``chars``); longer than `limit` is ``error.too_long``. A blank value (zero-width
    characters alone count as blank) is refused with `required_key` when `required`, else
    None.
    """
    if is_blank(value):
        if required:
            raise UserError(required_key, field=field)
        return None
    text = str(value)
    problem = check_text(text, limit, multiline=multiline)
    if problem == "error.control_character":
        raise UserError(
            "error.control_character_named", field=field, chars=control_characters(text, multiline)
        )
    if problem:
        raise UserError(problem, field=field, limit=limit)
    return text.strip()


def checked_number(
    value: object, field: str, low: float, high: float, *, integer: bool = True
) -> int | float:
    """A number from a form, setting or CLI argument within [low, high], or a `UserError`
    on `field`: ``error.whole_number_range`` / ``error.number_range`` (params value, low,
    high). Text, booleans, NaN, infinities and (when `integer`) fractions are refused too;
    the bounds keep every value inside its column (a 32-bit integer) and plausible."""
    key = "error.whole_number_range" if integer else "error.number_range"
    number: float | None = None
    if not isinstance(value, bool):
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            number = None
    if (
        number is None
        or not math.isfinite(number)
        or (integer and not number.is_integer())
        or not low <= number <= high
    ):
        raise UserError(key, field=field, value=value, low=low, high=high)
    return int(number) if integer else number


def check_int_range(value: float, low: int, high: int) -> str | None:
    """A whole number within [low, high] (``error.count_format`` / ``error.out_of_range``).

    `high` should be a plausible bound, never above a 32-bit column's 2,147,483,647.
    """
    if not math.isfinite(value) or not float(value).is_integer() or value < 0 <= low:
        return "error.count_format"
    if not low <= value <= high:
        return "error.out_of_range"
    return None


def check_required(text: str | None) -> str | None:
    return "error.required" if is_blank(text) else None


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


#: The earliest birth date a resident ID may carry: nobody living was born before 1900, so an
#: earlier date is a typing mistake (a century digit wrong), as is one after today.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


def check_resident_id(text: str, today: dt.date | None = None) -> str | None:
    """An 18-character resident ID (GB 11643): region, birth date and check digit (0-9 or X).

    The birth date lies between `EARLIEST_BIRTH_DATE` and `today` (the office's today, which
    a demo district may simulate; the calendar's today when not given).
    The region code must exist, but not necessarily in the birth year: IDs were reissued
    under new codes (Chongqing's 500xxx date from 1997 and are held by people born long
    before), which `stdnum.cn.ric.validate` would refuse.
    """
    number = ric.compact(text.strip())
    if len(number) != 18 or not number.isascii() or not number[:-1].isdigit():
        return "error.id_number_format"
    if number[-1] != ric.calc_check_digit(number):
        return "error.id_number_checksum"
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return "error.id_number_format"
    if not EARLIEST_BIRTH_DATE <= born <= (today or dt.date.today()):
        return "error.id_number_birth_date"
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
