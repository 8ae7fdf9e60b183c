"""Small shared widgets: progress bars for long work and Excel downloads of tables."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from console.i18n import t
from core.export import xlsx_bytes


def progress_reporter(bar) -> Callable[[float, str], None]:
    """Adapt a `st.progress` bar to the use cases' ``progress(fraction, message)`` callback;
    a message is an i18n key (shown in the user's language) or already plain text."""

    def report(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t(message))

    return report


#: The one MIME type of every Excel download.
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_button(
    make: Callable[[], bytes],
    filename: str,
    key: str,
    text: str | None = None,
    help: str | None = None,  # noqa: A002 - Streamlit's own name for it
) -> None:
    """An Excel download whose workbook is built only when clicked, not on every rerun of
    the page (a bulletin or a queue of thousands of rows takes a moment to write). `make`
    runs outside the script run: it must not read the session (translate before)."""
    st.download_button(
        text or t("common.export_excel"),
        data=make,
        file_name=filename,
        mime=XLSX_MIME,
        key=key,
        icon=":material/download:",
        help=help,
        on_click="ignore",
    )


def excel_download(frame: pd.DataFrame, filename: str, key: str, sheet: str = "Sheet1") -> None:
    """A download button that exports the table as shown (Excel, for staff spreadsheets)."""
    excel_button(lambda: xlsx_bytes({sheet: frame}), filename, key)
