"""Shared pieces of the deadlines page: the day's board, tables with translated headers
and labelled values, their Excel downloads, messages that survive a rerun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from console.i18n import label, t
from console.widgets import excel_download
from core.deadlines.board import ClockScope
from core.deadlines.calendar import WorkingCalendar
from core.deadlines.colours import Colour
from core.errors import UserError, ValidationErrors
from core.timeutil import show
from core.users import UserView
from core.vocab import CalendarSource, ClockKind, DayBasis

FLASH = "dl_flash"
#: The lights as the source documents define them (红黄绿三种亮灯, plus the last-days light):
#: green on track, yellow near the limit, orange last days (the stored value "red"), red
#: overdue (the stored value "overdue"). Metric labels use Streamlit's coloured text.
COLOUR_MARK = {"green": "green", "yellow": "yellow", "red": "orange", "overdue": "red"}
#: The same colours in tables and charts (a text style: emoji need a font the office PCs
#: may lack); the yellow is darkened to stay readable on white.
COLOUR_CSS = {"green": "#2e7d32", "yellow": "#b59a00", "red": "#ef6c00", "overdue": "#c62828"}
COLOUR_COLUMNS = ("colour", "matter_colour")
RISKS = ("risk_collective", "risk_skip_level", "risk_repeat", "risk_emotion")


@dataclass(frozen=True)
class Context:
    """What every panel needs: who, which day, which limits, which unit's board. Panels
    ask SQL for what they show (counts, one page of rows, a picked matter's own rows):
    no frame of every open clock is loaded."""

    user: UserView
    today: dt.date
    calendar: WorkingCalendar
    unit_scope: int | None  # the liaison's unit id, else None
    clock_scope: ClockScope = ClockScope.ALL  # the page's "limits shown" control
    #: The state of the data the cached reports are keyed on (`report_stamp`), read once
    stamp: tuple = ()

    @property
    def is_liaison(self) -> bool:
        """A board scoped to one unit (core.policy.scope_unit): a unit liaison's."""
        return self.unit_scope is not None


# --- values -------------------------------------------------------------------------------


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def colour_text(value) -> str:
    if _missing(value):
        return ""
    return f"● {label(Colour(value))}"


def unit_text(value) -> str:
    return t("deadlines.unassigned") if _missing(value) else str(value)


def when(value) -> str:
    return "" if _missing(value) else show(pd.Timestamp(value).to_pydatetime())


def yes_no(value) -> str:
    return t("deadlines.yes") if bool(value) else t("deadlines.no")


def provisional_text(value) -> str:
    return f"⚠ {t('deadlines.provisional_short')}" if bool(value) else ""


def risk_text(row: pd.Series) -> str:
    return "、".join(t(f"deadlines.{risk}") for risk in RISKS if bool(row.get(risk)))


def _enum(enum_cls) -> Callable[[object], str]:
    return lambda value: "" if _missing(value) else label(enum_cls(value))


#: How a column's values are shown (a column not listed is shown as stored).
FORMATTERS: dict[str, Callable[[object], str]] = {
    "kind": _enum(ClockKind),
    "clock_kind": _enum(ClockKind),
    "basis": _enum(DayBasis),
    "colour": colour_text,
    "matter_colour": colour_text,
    "unit_name": unit_text,
    "provisional": provisional_text,
    "agent_proxied": yes_no,
    "roll_over_holiday": yes_no,
    "verified": yes_no,
    "is_working": yes_no,
    "issued_at": when,
    "answered_at": when,
    "updated_at": when,
    "changed_at": when,
    "updated_by": lambda v: "" if _missing(v) else str(v),
    "source": lambda v: t("deadlines.not_entered") if _missing(v) else label(CalendarSource(v)),
    "rule_name": lambda key: rule_name(key),
}


def rule_name(key: str) -> str:
    """A rule's name for people (its key when the office added one the catalog lacks)."""
    text = t(f"deadlines.rule.{key}")
    return key if text == f"deadlines.rule.{key}" else text


def shown(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The chosen columns, values labelled and headers translated: ready to show or export."""
    columns = list(columns)
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        if column == "risks":
            out[column] = frame.apply(risk_text, axis=1) if len(frame) else []
        elif column in FORMATTERS:
            out[column] = frame[column].map(FORMATTERS[column])
        else:
            out[column] = frame[column]
    out = out.reset_index(drop=True)
    return out.rename(columns={c: t(f"deadlines.col.{c}") for c in columns})


def table(
    frame: pd.DataFrame,
    columns: Iterable[str],
    key: str,
    filename: str | None,
    *,
    on_select: Callable | None = None,
    args: tuple = (),
    height: int | str = "auto",
    column_config: dict | None = None,
):
    """A table with translated headers and (with a filename) its Excel download; with
    `on_select`, picking a row calls it (args + the picked position) before the rerun.
    Returns the table as shown, for an export of several sheets."""
    display = shown(frame, columns)
    config = {t(f"deadlines.col.{k}"): v for k, v in (column_config or {}).items()}
    extra = {}
    if on_select is not None:
        extra = {
            "on_select": _selection_callback(key, on_select, args),
            "selection_mode": "single-row",
        }
    st.dataframe(
        _coloured(display, columns),
        hide_index=True,
        width="stretch",
        key=key,
        height=height,
        column_config=config,
        **extra,
    )
    if filename:
        excel_download(display, filename, key=f"{key}_xlsx", sheet=t("deadlines.sheet"))
    return display


def _coloured(display: pd.DataFrame, columns: list[str]):
    """Warning colours as coloured text in their columns (a pandas Styler)."""
    headers = [t(f"deadlines.col.{c}") for c in columns if c in COLOUR_COLUMNS]
    if not headers:
        return display
    css = {colour_text(c): f"color: {v}; font-weight: 600" for c, v in COLOUR_CSS.items()}
    return display.style.map(lambda text: css.get(text, ""), subset=headers)


def _selection_callback(key: str, handler: Callable, args: tuple) -> Callable[[], None]:
    def picked() -> None:
        rows = st.session_state[key].selection.rows
        if rows:
            handler(*args, rows[0])

    return picked


# --- messages -----------------------------------------------------------------------------


def flash(message: str) -> None:
    """Say `message` after the rerun that shows the change."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon="✅")


def show_error(err: UserError | ValidationErrors) -> None:
    errors = err.errors if isinstance(err, ValidationErrors) else [err]
    for error in errors:
        st.error(t(error.key, **error.params))


def forget(*prefixes: str) -> None:
    """Clear the widgets of a form once it did its work."""
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]
