"""Assignment queue: from assignment to a delivered, rated and archived reply."""

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.queue import actions
from console.widgets import excel_download
from core.colours import Colour
from core.queue import QUEUE_STATES, assignment_queue
from core.timeutil import show
from core.vocab import MatterState, Role

user = runtime.require_page("queue")
today = runtime.office_today()
unit_scope = user.unit_id if user.role is Role.UNIT_LIAISON else None

st.title(t("queue.title"))
if unit_scope is not None:
    st.info(t("overview.unit_scope"))
cols = st.columns(2)
state = cols[0].selectbox(t("queue.state"), [None, *QUEUE_STATES], key="qu_state",
                          format_func=lambda s: t("queue.all") if s is None else label(s))
colour = cols[1].selectbox(t("queue.colour"), [None, *Colour], key="qu_colour",
                           format_func=lambda c: t("queue.all") if c is None else label(c))
with runtime.database().read() as session:
    queue = assignment_queue(session, today, unit_id=unit_scope, state=state, colour=colour)

counts = queue["state"].value_counts().rename_axis("state").reset_index(name="count")
counts["state"] = counts["state"].map(lambda s: label(MatterState(s)))
if not counts.empty:
    st.altair_chart(
        alt.Chart(counts).mark_bar().encode(
            y=alt.Y("state:N", title=None, sort="-x"), x=alt.X("count:Q", title=None),
            tooltip=["state", "count"],
        ),
        width="stretch", height=160,
    )
shown = pd.DataFrame({
    t("queue.col.case_number"): queue["case_number"],
    t("queue.col.colour"): queue["colour"].map(lambda c: label(Colour(c))),
    t("queue.col.state"): queue["state"].map(lambda s: label(MatterState(s))),
    t("queue.col.unit"): queue["unit"],
    t("queue.col.town"): queue["town"],
    t("queue.col.due_on"): queue["due_on"],
    t("queue.col.days_since_assigned"): queue["days_since_assigned"],
    t("queue.col.agent_proxied"): queue["agent_proxied"].map(lambda v: "✓" if v else ""),
    t("queue.col.risk_flagged"): queue["risk_flagged"].map(lambda v: "✓" if v else ""),
    t("queue.col.assigned_at"): queue["assigned_at"].map(
        lambda v: "" if pd.isna(v) else show(pd.Timestamp(v).to_pydatetime())
    ),
    t("queue.col.summary"): queue["summary"],
})
picked = st.dataframe(shown, hide_index=True, width="stretch", key="qu_table",
                      on_select="rerun", selection_mode="single-row")
excel_download(shown, "交办队列.xlsx", key="qu_export")
rows = picked.selection.rows if picked else []
by_case = dict(zip(queue["case_number"], queue.index, strict=True))
case = st.selectbox(t("queue.pick"), list(by_case), key="qu_case",
                    index=rows[0] if rows else None, placeholder=t("queue.pick_hint"))
if case is not None:
    actions.render(queue.loc[by_case[case]], user, today)
