"""Paging controls for lists paged in SQL: "page N of M" and a page number input.

The page number lives in the session under the list's key. A list reads it before its query
(`current_page`), so only one page of rows is fetched, and draws the control after it
(`pager`), once the number of pages is known. Changing a filter starts again at page 1.
"""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from console.i18n import t


def current_page(key: str, filters: Hashable = None) -> int:
    """The page the user is on (1 when the filters changed since the last run)."""
    marker = f"{key}__filters"
    if st.session_state.get(marker) != filters:
        st.session_state[marker] = filters
        st.session_state[key] = 1
    return int(st.session_state.get(key) or 1)


def pager(key: str, page: int, pages: int, n: int, *, caption: str = "scale.page_of") -> None:
    """The control under a list: the page number (1..pages) and "page N of M, n in all"."""
    if st.session_state.get(key) != page:
        st.session_state[key] = page  # the list clamped it (fewer pages than before)
    left, right = st.columns([1, 4], vertical_alignment="center")
    if pages > 1:
        left.number_input(t("scale.page"), min_value=1, max_value=pages, step=1, key=key)
    right.caption(t(caption, page=page, pages=pages, n=n))
