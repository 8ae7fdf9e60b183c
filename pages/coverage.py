"""Coverage map: is every residential cluster within a 15-minute walk of an active agent?"""

import os

import streamlit as st

from console import runtime
from console.i18n import t
from console.views.coverage import panels
from console.views.coverage.deck import MapLayers, build_deck
from core.access import may
from core.coverage_report import coverage_report, hotspot_period, matter_hotspots
from core.roster import places

user = runtime.require_page("coverage")
today = runtime.office_today()

st.title(t("coverage.title"))
with runtime.database().read() as session:
    towns = places(session).drop_duplicates("town_id").set_index("town_id")["town"]
chosen = panels.choices(user, towns, may(user.role, "coverage.recruit"))
since, until = hotspot_period(today, chosen.hotspot_days)
with runtime.database().read() as session:
    report = coverage_report(
        session, radius_m=chosen.radius, town_id=chosen.town_id,
        categories=chosen.categories or None, max_suggestions=chosen.k, exact_time_limit_s=5,
    )
    hotspots = matter_hotspots(session, since, until, chosen.topic)
st.caption(t("coverage.as_of", radius=f"{report.radius_m:,.0f}", since=since.isoformat(),
             until=until.isoformat()))
panels.figures(report)

left, right = st.columns([3, 2])
with right:
    st.subheader(t("coverage.uncovered_list"))
    focus = panels.picked_table(
        report.uncovered,
        {"name": "coverage.col.name", "village": "coverage.col.village",
         "town": "coverage.col.town", "population": "coverage.col.population",
         "distance_m": "coverage.col.distance_m"},
        key="cv_uncovered", filename="未覆盖居民点.xlsx",
    )
    st.subheader(t("coverage.suggestions"))
    focus = panels.picked_table(
        report.suggestions,
        {"rank": "coverage.col.rank", "name": "coverage.col.name",
         "village": "coverage.col.village", "adds_clusters": "coverage.col.adds_clusters",
         "adds_population": "coverage.col.adds_population"},
        key="cv_suggestions", filename="新增代理员建议点位.xlsx",
    ) or focus
with left:
    deck = build_deck(
        report.clusters, report.agents, report.suggestions, hotspots, report.radius_m,
        layers=MapLayers(circles=chosen.circles), focus=focus,
        basemap_url=os.environ.get("PETITION_BASEMAP_URL") or None,
    )
    st.pydeck_chart(deck, height=620, key="cv_map")
    st.caption(t("coverage.legend"))

st.subheader(t("coverage.by_town"))
panels.town_chart(report)
st.subheader(t("coverage.retire"))
panels.retirement_cost(report, report.radius_m)
