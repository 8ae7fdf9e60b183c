"""The queue itself: filters, counts by state, the coloured table with Excel export, and
picking a matter (a table row or its case number)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.deadlines.common import COLOUR_CSS
from console.views.paging import current_page, pager
from console.views.queue.common import CASES, LOOKUP
from console.widgets import excel_download
from core.cases.queue import PAGE_SIZE, QUEUE_STATES, QueuePage, queue_page
from core.deadlines.colours import Colour
from core.deadlines.lists import unit_choices
from core.timeutil import show
from core.users import UserView
from core.vocab import MatterState, Role

TABLE = "qu_table"
PAGE = "qu_page"


def render(user: UserView, today: dt.date) -> None:
    units = None
    if user.role is not Role.UNIT_LIAISON:  # a liaison's queue is its unit's anyway
        with runtime.database().read() as session:
            units = unit_choices(session)
    cols = st.columns(2 if units is None else 3)
    unit_id = None
    if units is not None:
        names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
        unit_id = cols.pop(0).selectbox(
            t("queue.unit"),
            [None, *names],
            key="qu_unit",
            format_func=lambda u: t("queue.all") if u is None else names[u],
        )
    state = cols[0].selectbox(
        t("queue.state"),
        [None, *QUEUE_STATES],
        key="qu_state",
        format_func=lambda s: t("queue.all") if s is None else label(s),
    )
    colour = cols[1].selectbox(
        t("queue.colour"),
        [None, *Colour],
        key="qu_colour",
        format_func=lambda c: t("queue.all") if c is None else label(c),
    )
    page_number = current_page(PAGE, (unit_id, state, colour))
    with runtime.database().read() as session:
        result = queue_page(
            session,
            today,
            viewer=user,
            unit_id=unit_id,
            state=state,
            colour=colour,
            page=page_number,
            page_size=PAGE_SIZE,
        )
    shown = result.rows

    _counts(result)
    display = _display(shown)
    st.session_state[CASES] = list(shown["case_number"])
    st.dataframe(
        _coloured(display),
        hide_index=True,
        width="stretch",
        key=TABLE,
        on_select=_picked,
        selection_mode="single-row",
        column_config={t("queue.col.summary"): st.column_config.TextColumn(width="large")},
    )
    pager(PAGE, result.page, result.pages, result.shown)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.text_input(t("queue.lookup"), key=LOOKUP, placeholder=t("queue.lookup_hint"))
    with right:
        excel_download(display, "交办队列.xlsx", key="qu_export", sheet="交办队列")


def _picked() -> None:
    """A clicked row opens its matter: the case number goes into the lookup input."""
    rows = st.session_state[TABLE].selection.rows
    cases = st.session_state.get(CASES, [])
    if rows and rows[0] < len(cases):
        st.session_state[LOOKUP] = cases[rows[0]]


def _counts(result: QueuePage) -> None:
    counts = result.states.copy()
    counts["label"] = counts["state"].map(lambda s: label(MatterState(s)))
    left, right = st.columns([1, 2])
    with left:
        st.metric(t("queue.count_total"), result.total)
        st.metric(t("queue.count_overdue"), result.overdue)
        if result.shown != result.total:
            st.caption(t("queue.count_shown", n=result.shown))
    with right:
        order = list(counts["label"])
        st.altair_chart(
            alt.Chart(counts)
            .mark_bar(color="#4e79a7")
            .encode(
                y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelOverlap=False)),
                x=alt.X("count:Q", title=t("queue.count_axis"), axis=alt.Axis(tickMinStep=1)),
                tooltip=[
                    alt.Tooltip("label:N", title=t("queue.state")),
                    alt.Tooltip("count:Q", title=t("queue.count_axis")),
                ],
            ),
            width="stretch",
            height=220,
        )
    if not result.workload.empty:
        _workload(result.workload)


def _workload(workload: pd.DataFrame) -> None:
    """Open, overdue and due-this-week matters per unit (the viewer's scope)."""
    with st.expander(t("scale.workload"), expanded=False):
        st.dataframe(
            pd.DataFrame(
                {
                    t("scale.workload.unit"): workload["unit"].map(
                        lambda u: u if isinstance(u, str) else t("scale.unassigned")
                    ),
                    t("scale.workload.open"): workload["open"],
                    t("scale.workload.overdue"): workload["overdue"],
                    t("scale.workload.due_this_week"): workload["due_this_week"],
                }
            ),
            hide_index=True,
            width="stretch",
            key="qu_workload",
        )


def _display(queue: pd.DataFrame) -> pd.DataFrame:
    """The table as shown and exported: Chinese headers, labels instead of codes."""
    tick = {True: "✓", False: ""}
    return pd.DataFrame(
        {
            t("queue.col.case_number"): queue["case_number"],
            t("queue.col.colour"): queue["colour"].map(
                lambda c: label(Colour(c)) if isinstance(c, str) else ""
            ),
            t("queue.col.state"): queue["state"].map(lambda s: label(MatterState(s))),
            t("queue.col.unit"): queue["unit"].fillna(""),
            t("queue.col.town"): queue["town"],
            t("queue.col.due_on"): queue["due_on"].map(
                lambda d: "" if pd.isna(d) else pd.Timestamp(d).date().isoformat()
            ),
            t("queue.col.days_since_assigned"): queue["days_since_assigned"],
            t("queue.col.agent_proxied"): queue["agent_proxied"].map(tick),
            t("queue.col.risk_flagged"): queue["risk_flagged"].map(tick),
            t("queue.col.assigned_at"): queue["assigned_at"].map(
                lambda v: "" if pd.isna(v) else show(pd.Timestamp(v).to_pydatetime())
            ),
            t("queue.col.summary"): queue["summary"],
        }
    )


def _coloured(display: pd.DataFrame):
    """The warning column in its colour (text colour: readable, and no emoji font needed)."""
    css = {label(Colour(c)): f"color: {v}; font-weight: 600" for c, v in COLOUR_CSS.items()}
    column = t("queue.col.colour")
    return display.style.map(lambda v: css.get(v, ""), subset=[column])
