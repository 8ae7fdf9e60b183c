"""Coverage map: is every residential cluster within a 15-minute walk of an active agent?"""

import os

import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import current_language, t
from console.views.coverage import panels
from console.views.coverage.deck import MapLayers, build_deck
from core.access import may
from core.coverage.report import coverage_report, hotspot_period, matter_hotspots
from core.errors import UserError
from core.places import places

user = runtime.require_page("coverage")
today = runtime.office_today()
MAP_HEIGHT = 640

st.title(t("coverage.title"))
with runtime.database().read() as session:
    towns = places(session).drop_duplicates("town_id").set_index("town_id")["town"]
chosen = panels.choices(user, towns, may(user, "coverage.recruit"))
since, until = hotspot_period(today, chosen.hotspot_days)
try:
    with runtime.database().read() as session:
        report = coverage_report(
            session,
            radius_m=chosen.radius,
            town_id=chosen.town_id,
            categories=chosen.categories or None,
            max_suggestions=chosen.k,
            exact_time_limit_s=5,
        )
        hotspots = matter_hotspots(session, since, until, chosen.topic)
except UserError as err:
    st.error(error_text(err))
    st.stop()

st.caption(
    t(
        "coverage.as_of",
        radius=f"{report.radius_m:,.0f}",
        since=since.isoformat(),
        until=until.isoformat(),
    )
)
panels.figures(report)

left, right = st.columns([3, 2])
with right:
    st.subheader(t("coverage.uncovered_list"))
    picked_cluster = panels.uncovered_table(report)
    st.subheader(t("coverage.suggestions"))
    picked_post = panels.suggestions_table(report)
with left:
    deck = build_deck(
        report.clusters,
        report.agents,
        report.suggestions,
        hotspots,
        report.radius_m,
        layers=MapLayers(circles=chosen.circles, hotspots=chosen.hotspots),
        focus=panels.focus({"cv_uncovered": picked_cluster, "cv_suggestions": picked_post}),
        basemap_url=os.environ.get("PETITION_BASEMAP_URL") or None,
        lang=current_language(),
        height_px=MAP_HEIGHT,
    )
    st.pydeck_chart(deck, height=MAP_HEIGHT, width="stretch", key="cv_map")
    st.caption(t("coverage.legend"))

st.subheader(t("coverage.by_town"))
panels.town_chart(report)
st.subheader(t("coverage.retire"))
st.caption(t("coverage.retire_note"))
panels.retirement_cost(report, report.radius_m)
