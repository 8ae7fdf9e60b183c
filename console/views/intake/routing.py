"""The routing table (topic × town → unit) that suggests the unit at triage; admins edit it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import label, t
from console.widgets import excel_download
from core.actors import display_names
from core.cases.routing import route_history, routes, set_route
from core.deadlines.lists import unit_choices
from core.errors import UserError
from core.places import places
from core.timeutil import show
from core.users import UserView
from core.vocab import Topic


def render(user: UserView) -> None:
    with runtime.database().read() as session:
        table = routes(session)
        history = route_history(session)
        units = unit_choices(session, active_only=True)
        towns = places(session).drop_duplicates("town_id").set_index("town_id")["town"]
        who = display_names(session, {*table["updated_by"].dropna(), *history.get("actor", [])})
    shown = pd.DataFrame(
        {
            t("routing.col.topic"): table["topic"].map(lambda v: label(Topic(v))),
            t("routing.col.town"): table["town"].fillna(t("routing.district_wide")),
            t("routing.col.unit"): table["unit"],
            t("routing.col.updated_by"): table["updated_by"].map(lambda u: who.get(u, u)),
            t("routing.col.updated_at"): table["updated_at"].map(lambda v: show(pd.Timestamp(v))),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    excel_download(shown, "路由表.xlsx", key="rt_export")
    with st.expander(t("routing.history")):
        _history(history, who)
    st.subheader(t("routing.set"))
    cols = st.columns(3)
    topic = cols[0].selectbox(
        t("routing.col.topic"),
        list(Topic),
        format_func=label,
        key="rt_topic",
        placeholder=t("common.choose"),
    )
    town_id = cols[1].selectbox(
        t("routing.col.town"),
        [None, *towns.index],
        key="rt_town",
        format_func=lambda i: t("routing.district_wide") if i is None else towns[i],
        placeholder=t("common.choose"),
    )
    unit_names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
    unit_id = cols[2].selectbox(
        t("routing.col.unit"),
        list(unit_names),
        format_func=unit_names.get,
        key="rt_unit",
        placeholder=t("common.choose"),
    )
    if st.button(t("routing.save"), key="rt_save"):
        try:
            with runtime.database().write() as session:
                set_route(session, topic, town_id, unit_id, user)
        except UserError as err:
            st.error(error_text(err))
            return
        st.toast(t("routing.saved"))
        st.rerun()


def _history(history: pd.DataFrame, who: dict[str, str]) -> None:
    """Every change of the table: who changed which route when, the old and the new unit."""
    if history.empty:
        st.caption(t("routing.history_none"))
        return
    shown = pd.DataFrame(
        {
            t("routing.col.updated_at"): history["changed_at"].map(lambda v: show(pd.Timestamp(v))),
            t("routing.col.updated_by"): history["actor"].map(lambda u: who.get(u, u)),
            t("routing.col.topic"): history["topic"].map(lambda v: label(Topic(v))),
            t("routing.col.town"): history["town"].fillna(t("routing.district_wide")),
            t("routing.col.old_unit"): history["old_unit"].fillna(t("routing.no_unit")),
            t("routing.col.new_unit"): history["new_unit"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="rt_history")
    excel_download(shown, "路由表修改记录.xlsx", key="rt_history_export")
