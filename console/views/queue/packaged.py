"""The list of packaged matters (领导包案): the four fixes and the time limit's light, the
nearest limit first. The page file is `pages/packaged.py`; rules: `core.cases.package`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.queue.common import LOOKUP, page
from core.cases.package import packaged_matters
from core.timeutil import show
from core.users import UserView
from core.vocab import ClockState, MatterState


def _limit(state, due_on: dt.date, today: dt.date) -> str:
    """The clock's state in words: days left or overdue while it runs."""
    if state is None or pd.isna(state):
        return ""
    state = ClockState(state)
    if state is ClockState.RUNNING:
        left = (due_on - today).days
        if left < 0:
            return t("packaged.light.overdue", days=-left)
        return t("packaged.light.running", days=left)
    return t(f"packaged.light.{state.value}")


def render(user: UserView) -> None:
    today = runtime.office_today()
    st.title(t("packaged.title"))
    st.caption(t("packaged.caption"))
    open_only = st.toggle(t("packaged.open_only"), value=True, key="pk_open_only")
    with runtime.database().read() as session:
        rows = packaged_matters(session, user, open_only=open_only)
    if rows.empty:
        st.info(t("packaged.none"))
        return
    table = pd.DataFrame(
        {
            t("packaged.col.case"): rows["case_number"],
            t("packaged.col.state"): [label(MatterState(s)) for s in rows["state"]],
            t("packaged.col.unit"): rows["unit_name"].fillna(""),
            t("packaged.col.leader"): rows["leader"],
            t("packaged.col.responsible"): rows["responsible"],
            t("packaged.col.due_on"): [d.isoformat() for d in rows["due_on"]],
            t("packaged.col.light"): [
                _limit(state, due, today)
                for state, due in zip(rows["clock_state"], rows["due_on"], strict=True)
            ],
            t("packaged.col.measures"): rows["measures"],
            t("packaged.col.summary"): rows["summary"],
            t("packaged.col.packaged"): [show(v) for v in rows["packaged_at"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="pk_table")
    case = st.selectbox(
        t("packaged.col.case"),
        list(rows["case_number"]),
        index=None,
        key="pk_case",
        placeholder=t("common.choose"),
    )
    if case:
        st.session_state[LOOKUP] = case  # the queue page opens the matter it is given
        st.page_link(page("queue"), label=case, icon=":material/open_in_new:")
