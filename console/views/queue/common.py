"""What the queue panels share: session-state keys, the flash message, the opened record."""

from __future__ import annotations

import streamlit as st

from console import runtime
from console.navigation import PAGES
from core.cases.detail import MatterDetail, read_matter
from core.users import UserView

LOOKUP = "qu_lookup"  # the case-number input: the one place that says which matter is open
CASES = "qu_cases"  # case numbers of the table's rows, for the selection callback
OPENED = "qu_opened"  # (matter_id, MatterDetail) as the user first saw it
FLASH = "qu_flash"  # (kind, message) shown once after a save


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    if shown := st.session_state.pop(FLASH, None):
        kind, message = shown
        (st.error if kind == "error" else st.success)(message)


def opened(matter_id: int, user: UserView) -> MatterDetail:
    """The matter as the user first opened it (raises UserError when refused).

    Kept in the session until a save or a refresh: the actions then carry the version the
    user saw, so a change saved meanwhile by someone else fails as a concurrent edit
    instead of being silently overwritten. A liaison's read is logged once per opening.
    """
    kept = st.session_state.get(OPENED)
    if kept is not None and kept[0] == matter_id:
        return kept[1]
    detail = read_matter(runtime.database(), matter_id, user)
    st.session_state[OPENED] = (matter_id, detail)
    return detail


def forget_opened() -> None:
    st.session_state.pop(OPENED, None)


def page(key: str) -> st.Page:
    """Another registered page, for `st.page_link` (pages are known by their url path)."""
    spec = next(s for s in PAGES if s.key == key)
    return st.Page(spec.path, url_path=spec.key, icon=spec.icon)
