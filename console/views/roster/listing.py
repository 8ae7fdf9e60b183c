"""Tab "名册": filters, one page of the sorted roster, counts as charts, exports."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.roster.common import KEEP, default, headers, labelled
from console.widgets import excel_button
from core.agents.files import export_agents
from core.agents.search import (
    SORTABLE,
    AgentFilter,
    counts_by_category,
    counts_by_town,
    search_agents,
)
from core.export import xlsx_bytes
from core.vocab import AgentCategory, AgentStatus, Gender

PAGE_SIZE = 50
TABLE_KEY = "rp_table"
PAGE_IDS = "rp_page_ids"
AGENT_KEY = KEEP + "agent_id"  # the agent open on the detail tab
COLUMNS = [
    "code",
    "name",
    "gender",
    "phone",
    "category",
    "town",
    "village",
    "status",
    "trained",
    "online_capable",
    "public_servant",
    "joined_on",
]
ENUMS = {"gender": Gender, "category": AgentCategory, "status": AgentStatus}

F = KEEP + "f_"  # filter keys


#: The "all" choice of a filter (a selectbox shows None as "nothing chosen").
ALL = "*"


def _all_or(text):
    return lambda v: t("roster_page.filter.all") if v == ALL else text(v)


def _value(choice):
    return None if choice == ALL else choice


def _reset_village_and_page() -> None:
    st.session_state[F + "village"] = ALL
    st.session_state[F + "page"] = 1


def _first_page() -> None:
    st.session_state[F + "page"] = 1


def filters(places: pd.DataFrame) -> tuple[AgentFilter, object]:
    """The filter widgets; returns the filter and the slot for the page number."""
    towns = dict(zip(places["town_id"].astype(int), places["town"], strict=False))
    row1 = st.columns([3, 2, 2, 2, 2])
    text = row1[0].text_input(
        t("roster_page.filter.text"),
        key=default(F + "text", ""),
        placeholder=t("roster_page.filter.text_placeholder"),
        on_change=_first_page,
    )
    town = _value(
        row1[1].selectbox(
            t("roster_page.filter.town"),
            [ALL, *towns],
            key=default(F + "town", ALL),
            format_func=_all_or(towns.get),
            on_change=_reset_village_and_page,
            placeholder=t("common.choose"),
        )
    )
    in_town = places if town is None else places[places["town_id"] == town]
    villages = dict(zip(in_town["village_id"].astype(int), in_town["village"], strict=False))
    if st.session_state.get(F + "village") not in villages:
        st.session_state[F + "village"] = ALL
    village = row1[2].selectbox(
        t("roster_page.filter.village"),
        [ALL, *villages],
        key=F + "village",
        format_func=_all_or(villages.get),
        on_change=_first_page,
        placeholder=t("common.choose"),
    )
    category = row1[3].selectbox(
        t("roster_page.filter.category"),
        [ALL, *AgentCategory],
        key=default(F + "category", ALL),
        format_func=_all_or(label),
        on_change=_first_page,
        placeholder=t("common.choose"),
    )
    status = row1[4].selectbox(
        t("roster_page.filter.status"),
        [ALL, *AgentStatus],
        key=default(F + "status", ALL),
        format_func=_all_or(label),
        on_change=_first_page,
        placeholder=t("common.choose"),
    )
    row2 = st.columns([2, 2, 2, 2, 1, 1])
    yes_no = {True: "roster_page.filter.yes", False: "roster_page.filter.no"}
    trained_text = {True: "roster_page.filter.trained_yes", False: "roster_page.filter.trained_no"}
    online_text = {True: "roster_page.filter.online_yes", False: "roster_page.filter.online_no"}
    trained, public_servant, online = (
        row2[i].selectbox(
            t(title),
            [ALL, True, False],
            key=default(F + name, ALL),
            format_func=_all_or(lambda v, texts=texts: t(texts[v])),
            on_change=_first_page,
            placeholder=t("common.choose"),
        )
        for i, (name, title, texts) in enumerate(
            (
                ("trained", "roster_page.filter.trained", trained_text),
                ("public_servant", "roster_page.filter.public_servant", yes_no),
                ("online", "roster_page.filter.online", online_text),
            )
        )
    )
    row2[3].selectbox(
        t("roster_page.sort"),
        list(SORTABLE),
        key=default(F + "sort", "code"),
        format_func=lambda c: t(f"roster.col.{c}"),
        placeholder=t("common.choose"),
    )
    row2[4].toggle(t("roster_page.descending"), key=default(F + "desc", False))
    default(F + "page", 1)
    return AgentFilter(
        text=text or "",
        town_id=town,
        village_id=_value(village),
        category=_value(category),
        status=_value(status),
        trained=_value(trained),
        public_servant=_value(public_servant),
        online_capable=_value(online),
    ), row2[5]


def _open_selected(detail_tab: tuple[str, str]) -> None:
    """Clicking a row opens that agent on the detail tab."""
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    ids = st.session_state.get(PAGE_IDS, [])
    if rows and rows[0] < len(ids):
        st.session_state[AGENT_KEY] = ids[rows[0]]
        tab_key, tab_label = detail_tab
        st.session_state[tab_key] = tab_label


def _bar(frame: pd.DataFrame, category: str, title: str) -> None:
    st.markdown(f"**{title}**")
    if frame.empty:
        st.caption(t("roster_page.none"))
        return
    count = t("roster.col.agents")
    shown = frame.rename(columns={category: "group", "agents": count})
    st.altair_chart(
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort="-x", title=None),
            x=alt.X(f"{count}:Q", title=count),
            tooltip=["group", count],
        )
        .properties(height=max(160, 22 * len(shown))),
        width="stretch",
    )


def render(places: pd.DataFrame, detail_tab: tuple[str, str]) -> None:
    flt, page_slot = filters(places)
    sort_by, descending = st.session_state[F + "sort"], st.session_state[F + "desc"]
    with runtime.database().read() as session:
        total = search_agents(session, flt, page_size=1).total
        pages = max(1, math.ceil(total / PAGE_SIZE))
        if st.session_state[F + "page"] > pages:
            st.session_state[F + "page"] = pages
        page_no = page_slot.number_input(
            t("roster_page.page"), min_value=1, max_value=pages, step=1, key=F + "page"
        )
        found = search_agents(session, flt, sort_by, descending, int(page_no) - 1, PAGE_SIZE)
        by_category = counts_by_category(session, flt)
        by_town = counts_by_town(session, flt)

    st.caption(t("roster_page.shown", total=found.total, page=page_no, pages=pages, size=PAGE_SIZE))
    if found.agents.empty:
        st.info(t("roster_page.none_found"))
    st.session_state[PAGE_IDS] = [int(i) for i in found.agents["id"]]
    shown = headers(labelled(found.agents, ENUMS), COLUMNS)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=TABLE_KEY,
        on_select=lambda: _open_selected(detail_tab),
        selection_mode="single-row",
    )

    left, right = st.columns(2)
    with left:
        by_category["category"] = by_category["category"].map(lambda c: label(AgentCategory(c)))
        _bar(by_category, "category", t("roster_page.by_category"))
    with right:
        _bar(by_town.drop(columns="town_id"), "town", t("roster_page.by_town"))

    database = runtime.database()
    column_names = {c: t(f"roster.col.{c}") for c in COLUMNS}
    enum_names = {
        column: {member.value: label(member) for member in enum_cls}
        for column, enum_cls in ENUMS.items()
    }

    def filtered_xlsx() -> bytes:
        with database.read() as session:
            frame = search_agents(session, flt, sort_by, descending).agents
        for column, names in enum_names.items():
            frame[column] = frame[column].map(names)
        return xlsx_bytes({"Sheet1": frame[COLUMNS].rename(columns=column_names)})

    def roster_xlsx(public: bool) -> bytes:
        with database.read() as session:
            return export_agents(session, public=public)

    cols = st.columns(3)
    with cols[0]:
        excel_button(
            filtered_xlsx,
            "代理员名册_筛选.xlsx",
            "rp_export_filtered",
            t("roster_page.export_filtered"),
        )
    with cols[1]:
        excel_button(
            lambda: roster_xlsx(False),
            "代理员名册.xlsx",
            "rp_export_full",
            t("roster_page.export_full"),
        )
    with cols[2]:
        excel_button(
            lambda: roster_xlsx(True),
            "代理员公开联系名单.xlsx",
            "rp_export_public",
            t("roster_page.export_public"),
        )
    st.caption(t("roster_page.export_help"))
