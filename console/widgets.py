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


def excel_download(frame: pd.DataFrame, filename: str, key: str, sheet: str = "Sheet1") -> None:
    """A download button that exports the table as shown (Excel, for staff spreadsheets)."""
    st.download_button(
        t("common.export_excel"),
        data=xlsx_bytes({sheet: frame}),
        file_name=filename,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )
