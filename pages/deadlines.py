"""Deadlines (期限督办): the supervisors' morning page. Colours by district, unit and town,
the oldest overdue matters, trends, drill-down, supervision notices, extensions, the
quarterly bulletin and, for administrators, the rules and the working-day calendar."""

import streamlit as st

from console import runtime
from console.i18n import t
from console.views.deadlines import admin, board, bulletin, drill, notices
from console.views.deadlines.common import Context, show_flash
from core.access import may
from core.deadlines.board import ClockScope
from core.deadlines.calendar import load_calendar
from core.policy import scope_unit
from core.reporting.bulletin import report_stamp

user = runtime.require_page("deadlines")
today = runtime.office_today()
unit_scope = scope_unit(user)  # core's visibility rule: a liaison's own unit
st.title(t("deadlines.title"))
clock_scope = (
    st.segmented_control(
        t("deadlines.scope"),
        list(ClockScope),
        default=ClockScope.ALL,
        format_func=lambda s: t(f"deadlines.scope.{s.value}"),
        key="dl_scope",
        help=t("deadlines.scope_help"),
    )
    or ClockScope.ALL
)
# every panel asks SQL for what it shows: never a frame of every open clock
with runtime.database().read() as session:
    calendar = load_calendar(session)
    stamp = report_stamp(session)  # what the cached bulletin and trend are keyed on
ctx = Context(
    user=user,
    today=today,
    calendar=calendar,
    unit_scope=unit_scope,
    clock_scope=ClockScope(clock_scope),
    stamp=stamp,
)

weekday = t(f"deadlines.weekday.{today.weekday()}")
st.caption(t("deadlines.as_of", today=today.isoformat(), weekday=weekday))
if unit_scope is not None:
    st.info(t("deadlines.unit_scope"))
show_flash()

labels = [
    t("deadlines.tab.board"),
    t("deadlines.tab.drill"),
    t("deadlines.tab.notices"),
    t("deadlines.tab.bulletin"),
]
if may(user, "deadlines.rules"):
    labels.append(t("deadlines.tab.rules"))
tabs = st.tabs(labels)
with tabs[0]:
    board.render(ctx)
with tabs[1]:
    drill.render(ctx)
with tabs[2]:
    notices.render(ctx)
with tabs[3]:
    bulletin.render(ctx)
if len(tabs) > 4:
    with tabs[4]:
        admin.render(ctx)
