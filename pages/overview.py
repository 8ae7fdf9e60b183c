"""Overview (home): live figures from the database."""

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.deadlines.common import COLOUR_MARK
from core.policy import scope_unit
from core.reporting.overview import overview

user = runtime.require_page("overview")
today = runtime.office_today()
unit_scope = scope_unit(user)
with runtime.database().read() as session:
    figures = overview(session, today, user)

st.title(t("overview.title"))
st.caption(t("overview.as_of", today=today.isoformat()))
if unit_scope is not None:
    st.info(t("overview.unit_scope"))

cols = st.columns(4)
# the red light of the deadlines page: overdue
cols[0].metric(
    f":{COLOUR_MARK['overdue']}[● {t('overview.overdue')}]",
    figures.overdue_matters,
    help=t("overview.overdue_help"),
)
cols[1].metric(t("overview.due_this_week"), figures.due_this_week)
cols[2].metric(
    t("overview.active_agents"),
    figures.active_agents,
    help=t("overview.agents_total", n=figures.agents_total),
)
cols[3].metric(
    t("overview.coverage"),
    f"{figures.cluster_coverage:.1%}",
    help=t(
        "overview.coverage_help",
        covered=figures.clusters_covered,
        total=figures.clusters_total,
        population=f"{figures.population_covered_share:.1%}",
    ),
)

states = pd.DataFrame(
    {
        "state": [label(state) for state in figures.matters_by_state],
        "count": list(figures.matters_by_state.values()),
        "order": range(len(figures.matters_by_state)),
    }
)
st.subheader(t("overview.by_state"))
st.altair_chart(
    alt.Chart(states)
    .mark_bar()
    .encode(
        y=alt.Y("state:N", sort=alt.SortField("order"), title=None),
        x=alt.X("count:Q", title=t("overview.count")),
        tooltip=["state", "count"],
    ),
    width="stretch",
)
