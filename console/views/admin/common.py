"""What the administration pages share: a message kept across the rerun after a change,
yes/no cells, and the change log shown with translated field names and values."""

from __future__ import annotations

import enum

import pandas as pd
import streamlit as st

from console.forms import error_text, field_errors
from console.i18n import label, t
from console.widgets import excel_download
from core.errors import UserError, ValidationErrors
from core.timeutil import show
from core.vocab import Role, UnitLevel

FLASH = "admin_flash"


def flash(message: str) -> None:
    """Say `message` after the rerun that shows the change."""
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def refuse(exc: UserError | ValidationErrors) -> None:
    for error in field_errors(exc):
        st.error(error_text(error))


def yes_no(value) -> str:
    return t("admin.yes") if bool(value) else t("admin.no")


def when(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return show(pd.Timestamp(value))


def _value(field: str, value, units: dict[int, str]) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if field == "role":
        return label(Role(value))
    if field == "level":
        return label(UnitLevel(value))
    if field == "unit_id":
        return units.get(int(value), str(value))
    if field in ("is_active", "must_change_password"):
        return yes_no(value == "true")
    if field == "password":
        return t(f"admin.password.{value}")
    if field == "locked_until":
        return when(value)
    return str(value.value if isinstance(value, enum.Enum) else value)


def history_table(
    history: pd.DataFrame, key: str, filename: str, units: dict[int, str] | None = None
) -> None:
    """Who changed what, when, from what to what."""
    if history.empty:
        st.caption(t("admin.history_none"))
        return
    units = units or {}
    shown = pd.DataFrame(
        {
            t("admin.col.changed_at"): history["changed_at"].map(when),
            t("admin.col.actor"): history["actor"],
            t("admin.col.record"): history["entity_key"],
            t("admin.col.field"): history["field"].map(lambda f: t(f"admin.field.{f}")),
            t("admin.col.old"): [
                _value(f, v, units) for f, v in zip(history["field"], history["old_value"])
            ],
            t("admin.col.new"): [
                _value(f, v, units) for f, v in zip(history["field"], history["new_value"])
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key=key)
    excel_download(shown, filename, key=f"{key}_xlsx")
