"""The coverage page's panels: settings, figures, the town chart and the lists."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import label, t
from console.widgets import excel_download
from core import settings
from core.access import may
from core.coverage.engine import radius_m
from core.coverage.report import HOTSPOT_DEFAULT_DAYS, CoverageReport, agent_retirement_cost
from core.errors import UserError
from core.users import UserView
from core.vocab import AgentCategory, AgentStatus, Topic


@dataclass(frozen=True)
class Choices:
    minutes: int
    speed: float
    detour: float
    town_id: int | None
    categories: list[AgentCategory]
    k: int
    circles: bool
    hotspots: bool
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
        minutes = cols[0].number_input(
            t("coverage.minutes"), 1, 60, int(stored["coverage.minutes"]), key="cv_minutes"
        )
        speed = cols[1].number_input(
            t("coverage.speed"),
            30.0,
            120.0,
            float(stored["coverage.walk_m_per_min"]),
            step=5.0,
            key="cv_speed",
        )
        detour = cols[2].number_input(
            t("coverage.detour"),
            1.0,
            2.0,
            float(stored["coverage.detour"]),
            step=0.05,
            key="cv_detour",
        )
        st.caption(t("coverage.radius_note", radius=f"{radius_m(minutes, speed, detour):,.0f}"))
        if may_save:
            if st.button(t("coverage.save_settings"), key="cv_save", icon=":material/save:"):
                _save(user, int(minutes), float(speed), float(detour))
        else:
            st.caption(t("coverage.explore_only"))
    cols = st.columns([2, 3, 1])
    town_id = cols[0].selectbox(
        t("coverage.town"),
        [None, *towns.index],
        key="cv_town",
        format_func=lambda i: t("coverage.all_towns") if i is None else towns[i],
        placeholder=t("common.choose"),
    )
    categories = cols[1].multiselect(
        t("coverage.categories"),
        list(AgentCategory),
        format_func=label,
        key="cv_categories",
        placeholder=t("coverage.all_categories"),
    )
    k = cols[2].number_input(t("coverage.k"), 1, 50, 10, key="cv_k")
    cols = st.columns([1, 2, 1, 1])
    hotspot_days = cols[0].number_input(
        t("coverage.hotspot_days"), 7, 365, HOTSPOT_DEFAULT_DAYS, key="cv_days"
    )
    topic = cols[1].selectbox(
        t("coverage.hotspot_topic"),
        [None, *Topic],
        key="cv_topic",
        format_func=lambda v: t("coverage.all_topics") if v is None else label(v),
        placeholder=t("common.choose"),
    )
    hotspots = cols[2].toggle(t("coverage.hotspots"), value=True, key="cv_hotspots")
    circles = cols[3].toggle(t("coverage.circles"), key="cv_circles")
    return Choices(
        int(minutes),
        float(speed),
        float(detour),
        town_id,
        categories,
        int(k),
        circles,
        hotspots,
        int(hotspot_days),
        topic,
    )


def _save(user: UserView, minutes: int, speed: float, detour: float) -> None:
    """Store the walking rule as the office setting (one short transaction)."""
    if not may(user, "coverage.recruit"):  # defence in depth: the button is hidden too
        st.error(t("shell.page_forbidden"))
        return
    try:
        with runtime.database().write() as session:
            settings.change(session, "coverage.minutes", minutes, user)
            settings.change(session, "coverage.walk_m_per_min", speed, user)
            settings.change(session, "coverage.detour", detour, user)
    except UserError as err:
        st.error(error_text(err))
        return
    st.toast(t("coverage.settings_saved", radius=f"{radius_m(minutes, speed, detour):,.0f}"))


def figures(report: CoverageReport) -> None:
    """District (or town) figures: shares, counts and the fewest new posts for full cover."""
    cols = st.columns(4)
    cols[0].metric(
        t("coverage.cluster_share"),
        f"{report.cluster_share:.1%}",
        help=t(
            "coverage.of_clusters",
            covered=f"{report.clusters_covered:,}",
            total=f"{report.clusters_total:,}",
        ),
    )
    cols[0].caption(
        t(
            "coverage.of_clusters",
            covered=f"{report.clusters_covered:,}",
            total=f"{report.clusters_total:,}",
        )
    )
    cols[1].metric(t("coverage.population_share"), f"{report.population_share:.1%}")
    cols[1].caption(
        t(
            "coverage.of_people",
            covered=f"{report.population_covered:,}",
            total=f"{report.population_total:,}",
        )
    )
    cols[2].metric(t("coverage.uncovered"), f"{len(report.uncovered):,}")
    cols[2].caption(
        t(
            "coverage.uncovered_people",
            people=f"{report.population_total - report.population_covered:,}",
        )
    )
    best = report.minimum_posts
    use_exact = best.exact is not None and best.exact <= best.greedy
    cols[3].metric(t("coverage.minimum_posts"), best.exact if use_exact else best.greedy)
    if use_exact and best.exact_is_optimal:
        note = t("coverage.minimum_posts_optimal", greedy=best.greedy)
    elif use_exact:
        note = t("coverage.minimum_posts_unproven", greedy=best.greedy)
    else:
        note = t("coverage.minimum_posts_greedy")
    cols[3].caption(note)


def town_chart(report: CoverageReport) -> None:
    """Coverage by town: clusters share and population share side by side, worst first."""
    if report.by_town.empty:
        st.info(t("coverage.no_clusters"))
        return
    frame = report.by_town.melt(
        id_vars=["town", "clusters_covered", "clusters_total"],
        value_vars=["cluster_share", "population_share"],
        var_name="measure",
        value_name="share",
    )
    frame["measure"] = frame["measure"].map(lambda m: t(f"coverage.{m}"))
    order = report.by_town.sort_values("cluster_share")["town"].tolist()
    low = min(0.8, float(np.floor(frame["share"].min() * 10) / 10))
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("town:N", title=None, sort=order),
            x=alt.X(
                "share:Q",
                title=None,
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[low, 1.0], clamp=True),
            ),
            yOffset="measure:N",
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("town:N", title=t("coverage.col.town")),
                alt.Tooltip("measure:N", title=" "),
                alt.Tooltip("share:Q", format=".1%", title=" "),
            ],
        )
        .properties(height=max(240, 34 * len(order)))
    )
    st.altair_chart(chart, width="stretch")
    st.caption(t("coverage.chart_scale", low=f"{low:.0%}"))


FOCUS_KEY = "cv_focus_table"


def picked_table(
    frame: pd.DataFrame, columns: dict[str, str], key: str, filename: str, sheet: str
) -> tuple[float, float] | None:
    """A table whose selected row centres the map; returns that row's position.

    When both tables have a selected row, the one clicked last wins."""
    shown = frame[list(columns)].rename(columns={c: t(k) for c, k in columns.items()})
    result = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=key,
        on_select=lambda: st.session_state.__setitem__(FOCUS_KEY, key),
        selection_mode="single-row",
        height=260,
    )
    excel_download(shown, filename, key=f"{key}_xlsx", sheet=sheet)
    rows = result.selection.rows if result else []
    if rows and rows[0] < len(frame):
        row = frame.iloc[rows[0]]
        return float(row["lat"]), float(row["lon"])
    return None


def uncovered_table(report: CoverageReport) -> tuple[float, float] | None:
    frame = report.uncovered.assign(distance_m=report.uncovered["distance_m"].round(0))
    return picked_table(
        frame,
        {
            "code": "coverage.col.code",
            "name": "coverage.col.name",
            "village": "coverage.col.village",
            "town": "coverage.col.town",
            "population": "coverage.col.population",
            "distance_m": "coverage.col.distance_m",
        },
        key="cv_uncovered",
        filename="未覆盖居民点.xlsx",
        sheet=t("coverage.sheet.uncovered"),
    )


def suggestions_table(report: CoverageReport) -> tuple[float, float] | None:
    frame = report.suggestions.assign(
        population_share_after=(100 * report.suggestions["population_share_after"]).round(1)
    )
    return picked_table(
        frame,
        {
            "rank": "coverage.col.rank",
            "name": "coverage.col.name",
            "village": "coverage.col.village",
            "town": "coverage.col.town",
            "adds_clusters": "coverage.col.adds_clusters",
            "adds_population": "coverage.col.adds_population",
            "population_share_after": "coverage.col.share_after",
        },
        key="cv_suggestions",
        filename="新增代理员建议点位.xlsx",
        sheet=t("coverage.sheet.suggestions"),
    )


def focus(points: dict[str, tuple[float, float] | None]) -> tuple[float, float] | None:
    """The point to centre the map on: the last clicked table's row, else any selected row."""
    last = st.session_state.get(FOCUS_KEY)
    if points.get(last) is not None:
        return points[last]
    return next((p for p in points.values() if p is not None), None)


def retirement_cost(report: CoverageReport, radius: float) -> None:
    """Pick an active agent: the clusters and residents only that agent covers."""
    active = report.agents[report.agents["status"] == AgentStatus.ACTIVE.value]
    names = dict(
        zip(
            active["id"].astype(int),
            active["code"] + " " + active["name"] + "（" + active["village"] + "）",
            strict=True,
        )
    )
    agent_id = st.selectbox(
        t("coverage.retire_pick"),
        list(names),
        index=None,
        format_func=names.get,
        key="cv_retire",
        placeholder=t("coverage.retire_hint"),
    )
    if agent_id is None:
        return
    try:
        with runtime.database().read() as session:
            cost = agent_retirement_cost(session, int(agent_id), radius)
    except UserError as err:
        st.error(error_text(err))
        return
    except LookupError:  # removed since the page was drawn
        st.error(t("coverage.retire_gone"))
        return
    if cost.clusters.empty:
        st.success(t("coverage.retire_free", name=cost.agent_name))
        return
    st.warning(
        t(
            "coverage.retire_cost",
            name=cost.agent_name,
            clusters=cost.cluster_count,
            people=f"{cost.population:,}",
        )
    )
    columns = {
        "code": "coverage.col.code",
        "name": "coverage.col.name",
        "village": "coverage.col.village",
        "town": "coverage.col.town",
        "population": "coverage.col.population",
    }
    st.dataframe(
        cost.clusters[list(columns)].rename(columns={c: t(k) for c, k in columns.items()}),
        hide_index=True,
        width="stretch",
    )
