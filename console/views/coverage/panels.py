"""The coverage page's panels: settings, figures, the town chart and the lists."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import label, t
from console.widgets import excel_download
from core import settings
from core.coverage import radius_m
from core.coverage_report import CoverageReport, agent_retirement_cost
from core.errors import UserError
from core.users import UserView
from core.vocab import AgentCategory, Topic


@dataclass(frozen=True)
class Choices:
    minutes: int
    speed: float
    detour: float
    town_id: int | None
    categories: list[AgentCategory]
    k: int
    circles: bool
    hotspot_days: int
    topic: Topic | None

    @property
    def radius(self) -> float:
        return radius_m(self.minutes, self.speed, self.detour)


def choices(user: UserView, towns: pd.Series, may_save: bool) -> Choices:
    with runtime.database().read() as session:
        stored = settings.get_all(session)
    with st.expander(t("coverage.settings"), icon=":material/directions_walk:"):
        cols = st.columns(3)
        minutes = cols[0].number_input(t("coverage.minutes"), 1, 60,
                                       int(stored["coverage.minutes"]), key="cv_minutes")
        speed = cols[1].number_input(t("coverage.speed"), 30.0, 120.0,
                                     float(stored["coverage.walk_m_per_min"]), key="cv_speed")
        detour = cols[2].number_input(t("coverage.detour"), 1.0, 2.0,
                                      float(stored["coverage.detour"]), step=0.05,
                                      key="cv_detour")
        st.caption(t("coverage.radius_note", radius=f"{radius_m(minutes, speed, detour):,.0f}"))
        if may_save and st.button(t("coverage.save_settings"), key="cv_save"):
            with runtime.database().write() as session:
                settings.put(session, "coverage.minutes", minutes, user.username)
                settings.put(session, "coverage.walk_m_per_min", speed, user.username)
                settings.put(session, "coverage.detour", detour, user.username)
            st.toast(t("coverage.settings_saved"))
    cols = st.columns([2, 3, 1, 1])
    town_id = cols[0].selectbox(t("coverage.town"), [None, *towns.index], key="cv_town",
                                format_func=lambda i: t("coverage.all_towns") if i is None
                                else towns[i])
    categories = cols[1].multiselect(t("coverage.categories"), list(AgentCategory),
                                     format_func=label, key="cv_categories",
                                     placeholder=t("coverage.all_categories"))
    k = cols[2].number_input(t("coverage.k"), 1, 50, 10, key="cv_k")
    circles = cols[3].toggle(t("coverage.circles"), key="cv_circles")
    cols = st.columns([1, 2, 3])
    hotspot_days = cols[0].number_input(t("coverage.hotspot_days"), 7, 365, 90, key="cv_days")
    topic = cols[1].selectbox(t("coverage.hotspot_topic"), [None, *Topic], key="cv_topic",
                              format_func=lambda v: t("coverage.all_topics") if v is None
                              else label(v))
    return Choices(int(minutes), float(speed), float(detour), town_id, categories, int(k),
                   circles, int(hotspot_days), topic)


def figures(report: CoverageReport) -> None:
    cols = st.columns(4)
    cols[0].metric(t("coverage.cluster_share"), f"{report.cluster_share:.1%}",
                   help=t("coverage.of_clusters", covered=report.clusters_covered,
                          total=report.clusters_total))
    cols[1].metric(t("coverage.population_share"), f"{report.population_share:.1%}",
                   help=t("coverage.of_people", covered=f"{report.population_covered:,}",
                          total=f"{report.population_total:,}"))
    cols[2].metric(t("coverage.uncovered"), len(report.uncovered))
    best = report.minimum_posts
    exact_better = best.exact is not None and best.exact <= best.greedy
    cols[3].metric(
        t("coverage.minimum_posts"), best.exact if exact_better else best.greedy,
        help=t("coverage.minimum_posts_optimal") if exact_better and best.exact_is_optimal
        else t("coverage.minimum_posts_greedy", greedy=best.greedy),
    )


def town_chart(report: CoverageReport) -> None:
    frame = report.by_town.melt(
        id_vars=["town"], value_vars=["cluster_share", "population_share"],
        var_name="measure", value_name="share",
    )
    frame["measure"] = frame["measure"].map(lambda m: t(f"coverage.{m}"))
    st.altair_chart(
        alt.Chart(frame).mark_bar().encode(
            y=alt.Y("town:N", title=None, sort="x"),
            x=alt.X("share:Q", title=None, axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0.8, 1.0], clamp=True)),
            yOffset="measure:N",
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["town", "measure", alt.Tooltip("share:Q", format=".1%")],
        ),
        width="stretch",
    )


def picked_table(frame: pd.DataFrame, columns: dict[str, str], key: str,
                 filename: str) -> tuple[float, float] | None:
    """A table whose selected row centres the map; returns that row's position."""
    shown = frame[list(columns)].rename(columns={c: t(k) for c, k in columns.items()})
    result = st.dataframe(shown, hide_index=True, width="stretch", key=key,
                          on_select="rerun", selection_mode="single-row", height=260)
    excel_download(shown, filename, key=f"{key}_xlsx")
    rows = result.selection.rows if result else []
    if rows:
        row = frame.iloc[rows[0]]
        return float(row["lat"]), float(row["lon"])
    return None


def retirement_cost(report: CoverageReport, radius: float) -> None:
    active = report.agents[report.agents["status"] == "active"]
    names = dict(zip(active["id"], active["code"] + " " + active["name"], strict=True))
    agent_id = st.selectbox(t("coverage.retire_pick"), list(names), index=None,
                            format_func=names.get, key="cv_retire",
                            placeholder=t("coverage.retire_hint"))
    if agent_id is None:
        return
    try:
        with runtime.database().read() as session:
            cost = agent_retirement_cost(session, int(agent_id), radius)
    except (UserError, LookupError) as err:
        st.error(error_text(err) if isinstance(err, UserError) else str(err))
        return
    if cost.clusters.empty:
        st.success(t("coverage.retire_free"))
        return
    st.warning(t("coverage.retire_cost", clusters=len(cost.clusters),
                 people=f"{int(cost.clusters['population'].sum()):,}"))
    st.dataframe(cost.clusters[["name", "village", "town", "population"]].rename(
        columns={"name": t("coverage.col.name"), "village": t("coverage.col.village"),
                 "town": t("coverage.col.town"), "population": t("coverage.col.population")}),
        hide_index=True, width="stretch")
