"""Tab "今日看板": counts by colour and due day, the oldest overdue matters, the trend and
the overdue matters per unit, and the per-unit and per-town tables (a row drills down)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.deadlines import drill
from console.views.deadlines.common import COLOUR_CSS, COLOUR_MARK, Context, table
from console.views.paging import current_page, pager
from core.access import may
from core.deadlines.board import weekly_trend
from core.deadlines.board_sql import BoardFigures, board_figures, overdue_page
from core.deadlines.colours import Colour

RED = COLOUR_CSS["overdue"]  # the overdue light, in the charts as on the board
OLDEST_SHOWN = 20  # rows per page of the oldest-overdue list
OLDEST_PAGE = "dl_oldest_page"
UNITS_CHARTED = 15
COUNT_COLUMNS = ["green", "yellow", "red", "overdue", "total"]
CLOCK_COLUMNS = [
    "case_number",
    "kind",
    "unit_name",
    "town_name",
    "started_on",
    "due_on",
    "basis",
    "days_left",
    "colour",
    "provisional",
    "agent_proxied",
    "risks",
]


def render(ctx: Context) -> None:
    # counted in SQL (core.deadlines.board_sql): no frame of every open clock is needed
    with runtime.database().read() as session:
        figures = board_figures(
            session, ctx.today, ctx.calendar, unit_scope=ctx.unit_scope, scope=ctx.clock_scope
        )
    _colour_metrics(figures)
    _due_metrics(ctx, figures)
    _provisional_note(figures)
    if not ctx.is_liaison:
        _charts(ctx, figures)
    _count_tables(figures)
    _oldest_overdue(ctx, figures)


def _colour_metrics(figures: BoardFigures) -> None:
    st.subheader(t("deadlines.by_colour"))
    counts = figures.colours
    cols = st.columns(5)
    for col, colour in zip(cols, Colour, strict=False):
        with col:
            st.metric(
                f":{COLOUR_MARK[colour.value]}[● {label(colour)}]",
                int(counts[colour.value]),
                border=True,
                help=t(f"deadlines.colour_help.{colour.value}"),
            )
            st.button(
                t("deadlines.show_matters"),
                key=f"dl_go_colour_{colour.value}",
                on_click=drill.set_filters,
                kwargs={"colour": colour.value},
                type="tertiary",
                icon=":material/filter_list:",
            )
    with cols[4]:
        st.metric(
            t("deadlines.open_matters"),
            int(counts["total"]),
            border=True,
            help=t("deadlines.open_matters_help"),
        )
        st.button(
            t("deadlines.show_matters"),
            key="dl_go_all",
            on_click=drill.set_filters,
            type="tertiary",
            icon=":material/filter_list:",
        )


def _due_metrics(ctx: Context, figures: BoardFigures) -> None:
    counts = figures.due
    cols = st.columns(5)
    for col, bucket in zip(cols, ("today", "tomorrow", "this_week"), strict=False):
        with col:
            st.metric(t(f"deadlines.due.{bucket}"), counts[bucket])
            st.button(
                t("deadlines.show_matters"),
                key=f"dl_go_due_{bucket}",
                on_click=drill.set_filters,
                kwargs={"due": bucket},
                type="tertiary",
                icon=":material/filter_list:",
            )
    oldest_due = figures.oldest_overdue_due
    longest = (ctx.today - oldest_due).days if oldest_due is not None else None
    cols[3].metric(
        t("deadlines.longest_overdue"),
        "—" if longest is None else t("deadlines.days", n=longest),
        help=t("deadlines.longest_overdue_help"),
    )
    provisional = figures.provisional_matters
    cols[4].metric(
        t("deadlines.provisional_matters"), provisional, help=t("deadlines.provisional_help")
    )


def _provisional_note(figures: BoardFigures) -> None:
    years = figures.provisional_years
    if years:
        st.warning(
            t("deadlines.provisional_note", years="、".join(str(y) for y in years)),
            icon="⚠️",
        )


@st.cache_data(ttl=600, show_spinner=False, max_entries=32)
def _trend(database_url: str, today: dt.date, stamp: tuple) -> pd.DataFrame:
    """The district's weekly trend, computed once per database, day and state of the data
    (`report_stamp`): half a second on a large district, and the board reruns often."""
    with runtime.database().read() as session:
        return weekly_trend(session, today)


def _charts(ctx: Context, figures: BoardFigures) -> None:
    trend = _trend(runtime.config().database_url, ctx.today, ctx.stamp)
    trend = trend.assign(on_time_rate=trend["on_time_rate"].astype(float))
    week = alt.X("week_start:T", title=t("deadlines.chart.week"), axis=alt.Axis(format="%m-%d"))
    tooltip = [
        alt.Tooltip("week:N", title=t("deadlines.chart.week")),
        alt.Tooltip("overdue_matters:Q", title=t("deadlines.chart.overdue")),
        alt.Tooltip("on_time_rate:Q", title=t("deadlines.chart.on_time"), format=".0%"),
        alt.Tooltip("stopped_clocks:Q", title=t("deadlines.chart.stopped")),
    ]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('deadlines.chart.overdue_title')}**")
        st.altair_chart(
            alt.Chart(trend)
            .mark_area(line={"color": RED}, opacity=0.25, color=RED)
            .encode(
                x=week,
                y=alt.Y("overdue_matters:Q", title=t("deadlines.chart.overdue")),
                tooltip=tooltip,
            )
            .properties(height=240),
            width="stretch",
        )
    with right:
        st.markdown(f"**{t('deadlines.chart.on_time_title')}**")
        st.altair_chart(
            alt.Chart(trend)
            .mark_line(point=True, color="#2e7d32")
            .encode(
                x=week,
                y=alt.Y(
                    "on_time_rate:Q",
                    title=t("deadlines.chart.on_time"),
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                tooltip=tooltip,
            )
            .properties(height=240),
            width="stretch",
        )
    by_unit = figures.overdue_by_unit
    st.markdown(f"**{t('deadlines.chart.by_unit_title')}**")
    if by_unit.empty:
        st.caption(t("deadlines.none_overdue"))
        return
    if len(by_unit) > UNITS_CHARTED:
        st.caption(t("deadlines.chart.top_units", n=UNITS_CHARTED, total=len(by_unit)))
        by_unit = by_unit.head(UNITS_CHARTED)
    by_unit = by_unit.assign(unit=by_unit["unit_name"].fillna(t("deadlines.unassigned")))
    st.altair_chart(
        alt.Chart(by_unit)
        .mark_bar(color=RED)
        .encode(
            x=alt.X(
                "overdue_matters:Q",
                title=t("deadlines.chart.overdue"),
                axis=alt.Axis(tickMinStep=1),
            ),
            y=alt.Y("unit:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("unit:N", title=t("deadlines.col.unit_name")),
                alt.Tooltip("overdue_matters:Q", title=t("deadlines.chart.overdue")),
            ],
        )
        .properties(height=max(120, 30 * len(by_unit))),
        width="stretch",
    )


def _count_tables(figures: BoardFigures) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(t("deadlines.per_unit"))
        units = _worst_first(figures.per_unit)
        table(
            units,
            ["unit_name", *COUNT_COLUMNS],
            "dl_units_tbl",
            t("deadlines.file.per_unit"),
            on_select=lambda codes, i: drill.set_filters(unit=codes[i]),
            args=(list(units["unit_code"]),),
        )
    with right:
        st.subheader(t("deadlines.per_town"))
        towns = _worst_first(figures.per_town)
        table(
            towns,
            ["town_name", *COUNT_COLUMNS],
            "dl_towns_tbl",
            t("deadlines.file.per_town"),
            on_select=lambda ids, i: drill.set_filters(town=ids[i]),
            args=([int(x) for x in towns["town_id"]],),
        )
    st.caption(t("deadlines.click_to_drill"))


def _worst_first(counts: pd.DataFrame) -> pd.DataFrame:
    return counts.sort_values(["overdue", "red", "total"], ascending=False, kind="stable")


def _oldest_overdue(ctx: Context, figures: BoardFigures) -> None:
    st.subheader(t("deadlines.oldest_overdue"))
    if not figures.due["overdue"]:
        st.caption(t("deadlines.none_overdue"))
        return
    page = current_page(OLDEST_PAGE, (ctx.unit_scope, ctx.clock_scope.value))
    pages = max(1, -(-figures.due["overdue"] // OLDEST_SHOWN))
    page = min(page, pages)
    with runtime.database().read() as session:
        oldest, total = overdue_page(
            session,
            ctx.today,
            ctx.calendar,
            unit_scope=ctx.unit_scope,
            scope=ctx.clock_scope,
            page=page,
            page_size=OLDEST_SHOWN,
        )
    supervises = may(ctx.user, "deadlines.supervise")
    st.caption(
        t(
            "deadlines.oldest_caption" if supervises else "deadlines.oldest_caption_view",
            n=len(oldest),
        )
    )
    table(
        oldest,
        CLOCK_COLUMNS,
        "dl_oldest_tbl",
        t("deadlines.file.oldest"),
        on_select=lambda ids, i: drill.pick_overdue(ids[i]),
        args=(list(oldest["matter_id"]),),
    )
    pager(OLDEST_PAGE, page, pages, total, caption="scale.overdue_of")
    drill.quick_notice(ctx)
