"""Excel export of tables: staff live in spreadsheets (BRIEF §9)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook with a sheet per table (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path) -> None:
    Path(path).write_bytes(xlsx_bytes(sheets))
