"""Shared pieces of the roster page: kept widget state, tables with Chinese headers,
Excel downloads, enum labels and errors shown next to their fields."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping

import pandas as pd
import streamlit as st

from console.i18n import current_language, label, t, translate
from console.widgets import excel_button
from core.export import xlsx_bytes
from core.timeutil import show

#: Widget keys with this prefix keep their value while their tab is hidden (see `keep_state`).
KEEP = "rpk_"


def keep_state() -> None:
    """Tabs run lazily, and Streamlit forgets a widget's value when it is not drawn: writing
    the value back to session state keeps filters and half-filled forms across tab switches."""
    for key in [k for k in st.session_state if str(k).startswith(KEEP)]:
        st.session_state[key] = st.session_state[key]


def default(key: str, value) -> str:
    """Give a kept widget its first value through session state (never both ways)."""
    st.session_state.setdefault(key, value)
    return key


# --- tables ---------------------------------------------------------------------------


def enum_text(enum_cls: type[enum.Enum]) -> Callable[[object], str]:
    def text(value) -> str:
        if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return label(enum_cls(value))

    return text


def when(value) -> str:
    """A stored UTC timestamp in office time (Asia/Shanghai)."""
    if value is None or pd.isna(value):
        return ""
    return show(pd.Timestamp(value).to_pydatetime())


def headers(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The chosen columns with their Chinese (or English) headers, ready to show or export."""
    columns = list(columns)
    return frame[columns].rename(columns={c: t(f"roster.col.{c}") for c in columns})


def labelled(frame: pd.DataFrame, enums: Mapping[str, type[enum.Enum]]) -> pd.DataFrame:
    frame = frame.copy()
    for column, enum_cls in enums.items():
        if column in frame:
            frame[column] = frame[column].map(enum_text(enum_cls))
    return frame


def table(
    frame: pd.DataFrame,
    columns: Iterable[str],
    key: str,
    filename: str | None = None,
    **dataframe_args,
):
    """Show a table with translated headers and, with a filename, its Excel download."""
    shown = headers(frame, columns)
    result = st.dataframe(shown, hide_index=True, width="stretch", key=key, **dataframe_args)
    if filename:
        excel_button(lambda: xlsx_bytes({"Sheet1": shown}), filename, f"{key}_xlsx")
    return result


def reason_text(reason: str) -> str:
    """Reasons the system wrote are i18n keys; typed reasons show as typed."""
    return translate(reason, current_language()) if reason else ""
