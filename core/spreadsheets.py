"""Reading an uploaded sheet (.xlsx or .csv) into rows of text: the one home for every import.

Offices hand us whatever Excel or a map service saved:

* CSV in UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text", usually
  tab-separated) or GB18030/GBK (Excel's CSV in Chinese Windows); comma- or tab-separated;
* .xlsx, the first sheet, whose cells may be numbers, dates or empty.

Every cell comes back as stripped text: an empty cell is ``""`` (never ``"None"``), a whole
number has no ``.0`` (phone numbers are often numbers in Excel), a date is ``YYYY-MM-DD``.
Fully blank rows keep their place (so row numbers match Excel) but are blank.
Anything unreadable — a binary file named .csv, a broken workbook — is a `UserError` with
an i18n key, never a decoding traceback. Checking the *content* of a cell is the caller's
job (`core.validation.check_text`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import zipfile

from core.errors import UserError
from core.validation import is_blank

#: Far beyond any roster or cluster list (1,617 agents; some thousands of clusters),
#: small enough that a hostile file cannot exhaust memory row by row.
MAX_ROWS = 100_000
MAX_FILE_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: Files that are certainly not text: zip (an .xlsx or .docx renamed), old .xls (OLE2),
#: PDF, PNG, JPEG, GIF.
_BINARY_MAGIC = (
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
)


def read_table(data: bytes, filename: str) -> list[tuple[str, ...]]:
    """All rows of the first sheet (or of the CSV) as text, header first."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix not in {"csv", "xlsx"}:
        raise UserError("error.import_file_type", "file", filename=filename)
    if len(data) > MAX_FILE_BYTES:
        raise UserError(
            "error.import_too_large", "file", filename=filename, limit=MAX_FILE_BYTES // 2**20
        )
    rows = _csv_rows(data, filename) if suffix == "csv" else _xlsx_rows(data, filename)
    if len(rows) > MAX_ROWS + 1:
        raise UserError("error.import_too_many_rows", "file", filename=filename, limit=MAX_ROWS)
    return rows


def decode_text(data: bytes, filename: str) -> str:
    """The text of a CSV file in whichever encoding it came; a binary file is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UserError("error.import_binary", "file", filename=filename) from None
    if data.startswith(_BINARY_MAGIC):
        raise UserError("error.import_binary", "file", filename=filename)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise UserError("error.import_binary", "file", filename=filename)


def _looks_binary(text: str) -> bool:
    """Many control characters: not a table someone typed. A stray one (a NUL pasted into a
    name) is left for the row checks, which name its row and column."""
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n")
    return controls > max(8, len(text) // 100)


def _delimiter(text: str) -> str:
    """Tab when the header line has more tabs than commas (Excel's "Unicode text")."""
    first = text.split("\n", 1)[0]
    return "\t" if first.count("\t") > first.count(",") else ","


def _csv_rows(data: bytes, filename: str) -> list[tuple[str, ...]]:
    text = decode_text(data, filename)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        rows = []
        for row in reader:
            rows.append(tuple(cell_text(v) for v in row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except csv.Error:
        raise UserError("error.import_unreadable", "file", filename=filename) from None


def _xlsx_rows(data: bytes, filename: str) -> list[tuple[str, ...]]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UserError("error.import_unreadable", "file", filename=filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same user error
        raise UserError("error.import_unreadable", "file", filename=filename) from None
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(tuple(cell_text(v) for v in row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:  # noqa: BLE001 - a sheet that breaks half-way is still unreadable
        raise UserError("error.import_unreadable", "file", filename=filename) from None
    finally:
        book.close()


def cell_text(value) -> str:
    """One cell as stripped text: empty is "", whole numbers without ".0", dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_blank_row(cells) -> bool:
    """No cell holds anything visible (zero-width characters and spaces do not count)."""
    return all(is_blank(cell_text(v)) for v in cells)
