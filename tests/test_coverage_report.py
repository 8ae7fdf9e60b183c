"""Coverage of the hand-made district in tests/coverage_fixtures.py, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import event

from core import settings
from core.coverage.report import (
    agent_retirement_cost,
    coverage_report,
    hotspot_period,
    matter_hotspots,
    walking_radius_m,
)
from core.timeutil import OFFICE_TZ
from core.vocab import AgentCategory, AgentStatus, Topic
from db.models import Agent, Cluster
from tests.coverage_fixtures import DistrictBuilder, add_agent, at, small_district


@pytest.fixture
def district(database) -> dict[str, int]:
    with database.write() as s:
        return small_district(s).ids


def _codes(frame, column: str = "code") -> list[str]:
    return frame[column].tolist()


def test_district_coverage_by_clusters_and_population(database, district):
    with database.read() as s:
        report = coverage_report(s)
    assert report.radius_m == pytest.approx(1000.0)
    assert (report.clusters_total, report.clusters_covered) == (6, 3)
    assert (report.population_total, report.population_covered) == (2050, 600)
    assert report.cluster_share == pytest.approx(0.5)
    assert report.population_share == pytest.approx(600 / 2050)
    assert report.minimum_posts.greedy == 2
    assert report.minimum_posts.exact is None, "the MILP runs only when asked for"
    covered = report.clusters.set_index("code")["covered"].to_dict()
    assert covered == {"c1": True, "c2": True, "c3": True, "c4": False, "c5": False, "c6": False}


def test_coverage_by_town(database, district):
    with database.read() as s:
        by_town = coverage_report(s).by_town.set_index("town")
    assert by_town.loc["A镇"].drop("town_id").to_dict() == {
        "clusters_total": 4,
        "clusters_covered": 3,
        "cluster_share": 0.75,
        "population_total": 1000,
        "population_covered": 600,
        "population_share": 0.6,
    }
    town_b = by_town.loc["B镇"]
    assert town_b[["clusters_total", "clusters_covered", "cluster_share"]].tolist() == [2, 0, 0]
    assert (town_b["population_total"], town_b["population_covered"]) == (1050, 0)


def test_only_active_agents_cover(database, district):
    """A trainee stands 100 m from c4, a suspended agent between c5 and c6 and a retired one
    on c5: all three are on the map, none of them covers."""
    with database.read() as s:
        report = coverage_report(s)
    agents = report.agents.set_index("code")
    assert agents["covers"].to_dict() == {
        "a1": True,
        "a2": True,
        "a3": True,
        "a4": False,
        "a5": False,
        "a6": False,
    }
    assert agents.loc["a4", "status"] == "trainee"
    uncovered = report.uncovered.set_index("code")
    # distance to the nearest *active* agent: a1 at (0, 200) is 3,007 m from c4
    assert uncovered.loc["c4", "distance_m"] == pytest.approx(3006.7, abs=1.0)
    assert uncovered.loc["c4", "nearest_agent_id"] == district["a1"]


def test_uncovered_clusters_largest_population_first(database, district):
    with database.read() as s:
        uncovered = coverage_report(s).uncovered
    assert _codes(uncovered) == ["c5", "c4", "c6"]
    assert uncovered["population"].tolist() == [1000, 400, 50]
    assert {"town", "village", "lat", "lon", "distance_m"} <= set(uncovered.columns)


def test_suggestions_say_what_each_post_adds(database, district):
    with database.read() as s:
        report = coverage_report(s, exact_time_limit_s=10)
    suggestions = report.suggestions
    # one post at c5 covers c5 and c6 (600 m apart); then c4 needs its own
    assert _codes(suggestions) == ["c5", "c4"]
    assert suggestions["rank"].tolist() == [1, 2]
    assert suggestions["adds_clusters"].tolist() == [2, 1]
    assert suggestions["adds_population"].tolist() == [1050, 400]
    assert suggestions["population_share_after"].tolist() == pytest.approx([1650 / 2050, 1.0])
    assert report.minimum_posts.greedy == 2
    assert report.minimum_posts.exact == 2
    assert report.minimum_posts.exact_is_optimal


def test_suggested_posts_really_cover_everything(database, district):
    with database.read() as s:
        suggestions = coverage_report(s).suggestions
    with database.write() as s:
        for row in suggestions.itertuples():
            village_id = s.get(Cluster, row.cluster_id).village_id
            add_agent(s, village_id, f"new-{row.code}", row.lat, row.lon)
    with database.read() as s:
        report = coverage_report(s)
    assert report.clusters_covered == report.clusters_total == 6
    assert report.uncovered.empty and report.suggestions.empty
    assert report.minimum_posts.greedy == 0


def test_suspending_an_agent_uncovers_what_only_they_covered(database, district):
    with database.read() as s:
        agents = coverage_report(s).agents.set_index("code")
        cost = agent_retirement_cost(s, district["a3"])
    assert agents.loc["a3", "sole_clusters"] == 1
    assert agents.loc["a3", "sole_population"] == 300
    assert (agents.loc["a1", "sole_clusters"], agents.loc["a2", "sole_clusters"]) == (0, 0)
    assert cost.cluster_count == 1 and cost.population == 300
    assert _codes(cost.clusters) == ["c3"]
    assert cost.clusters.loc[0, "town"] == "A镇"

    with database.write() as s:
        s.get(Agent, district["a3"]).status = AgentStatus.SUSPENDED
    with database.read() as s:
        report = coverage_report(s)
    assert report.clusters_covered == 2
    assert "c3" in _codes(report.uncovered)


def test_agents_covering_together_cost_nothing_alone(database, district):
    with database.read() as s:
        for code in ("a1", "a2"):
            cost = agent_retirement_cost(s, district[code])
            assert cost.cluster_count == 0 and cost.population == 0, code
        # retiring both at once is a different question: each alone still costs nothing
        assert agent_retirement_cost(s, district["a1"], radius_m=250).cluster_count == 1


def test_agents_who_do_not_cover_cost_nothing_to_stop(database, district):
    with database.read() as s:
        for code in ("a4", "a5", "a6"):
            cost = agent_retirement_cost(s, district[code])
            assert cost.cluster_count == 0, code
        with pytest.raises(LookupError):
            agent_retirement_cost(s, 999_999)


def test_radius_comes_from_the_settings(database, district):
    with database.write() as s:
        settings.put(s, "coverage.detour", 1.6, "admin")  # 15 × 80 ÷ 1.6 = 750 m
    with database.read() as s:
        assert walking_radius_m(s) == pytest.approx(750)
        report = coverage_report(s)
    assert report.radius_m == pytest.approx(750)
    # c1 (200 m from a1) and c2 (200 m from a2) stay covered; so does c3 (100 m from a3)
    assert report.clusters_covered == 3
    with database.read() as s:
        tight = coverage_report(s, radius_m=150)
    assert _codes(tight.clusters[tight.clusters["covered"]]) == ["c3"]


def test_category_filter_counts_only_those_agents(database, district):
    with database.read() as s:
        cadres = coverage_report(s, categories=[AgentCategory.VILLAGE_CADRE])
        volunteers = coverage_report(s, categories=["volunteer"])
    assert _codes(cadres.agents) == ["a3"]
    assert _codes(cadres.clusters[cadres.clusters["covered"]]) == ["c3"]
    assert _codes(volunteers.clusters[volunteers.clusters["covered"]]) == ["c1", "c2"]


def test_town_filter_limits_clusters_not_the_agents_that_reach_them(database):
    with database.write() as s:
        build = small_district(s)
        # an active agent of town B standing 300 m from c4 in town A
        build.agent("B1", "b-border", 3000, 300)
        ids = build.ids
    with database.read() as s:
        report = coverage_report(s, town_id=ids["A"], exact_time_limit_s=5)
    assert _codes(report.clusters) == ["c1", "c2", "c3", "c4"]
    assert report.clusters_covered == 4
    assert _codes(report.agents) == ["a1", "a2", "a3", "a4", "b-border"]
    assert report.by_town["town"].tolist() == ["A镇"]
    assert report.minimum_posts.exact == report.minimum_posts.greedy == 0


def test_an_empty_district_reports_zero_without_failing(database):
    with database.read() as s:
        report = coverage_report(s)
    assert report.clusters_total == 0
    assert report.cluster_share == 0.0 and report.population_share == 0.0
    assert report.clusters.empty and report.agents.empty and report.suggestions.empty


def test_no_active_agent_leaves_every_cluster_uncovered(database):
    with database.write() as s:
        build = DistrictBuilder(s)
        build.town("T")
        build.village("T", "V")
        build.cluster("V", "k1", 0, 0, 10)
        build.agent("V", "t1", 0, 0, status=AgentStatus.TRAINEE)
    with database.read() as s:
        report = coverage_report(s)
    assert report.clusters_covered == 0
    row = report.uncovered.iloc[0]
    assert pd.isna(row["nearest_agent_id"]) and pd.isna(row["distance_m"])


# --- hotspots -----------------------------------------------------------------------


def _office_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OFFICE_TZ).astimezone(dt.UTC)


def test_matter_hotspots_count_matters_per_village_in_the_period(database):
    jan1, jan31 = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    with database.write() as s:
        build = small_district(s)
        # 23:30 on 1 January in Chongqing is still 1 January (15:30 UTC)
        build.matter("A1", _office_time(jan1, 23, 30), Topic.LAND)
        build.matter("A1", _office_time(jan1, 9), Topic.LAND, headcount=5)
        build.matter("A1", _office_time(jan31, 18), Topic.LABOUR)
        build.matter("B1", _office_time(dt.date(2026, 1, 15), 9), Topic.LAND)
        # outside the period: 31 December, 23:59 office time, and 1 February
        build.matter("B1", _office_time(dt.date(2025, 12, 31), 23, 59), Topic.LAND)
        build.matter("B1", _office_time(dt.date(2026, 2, 1), 0, 0), Topic.LAND)
        ids = build.ids
    with database.read() as s:
        hotspots = matter_hotspots(s, jan1, jan31)
        land = matter_hotspots(s, jan1, jan31, topic=Topic.LAND)
        nothing = matter_hotspots(s, dt.date(2024, 1, 1), dt.date(2024, 3, 31), topic="land")
    assert hotspots["village"].tolist() == ["A1村", "B1村"]
    assert hotspots["village_id"].tolist() == [ids["A1"], ids["B1"]]
    assert hotspots["matters"].tolist() == [3, 1]
    assert hotspots["people"].tolist() == [7, 1]
    assert hotspots["town"].tolist() == ["A镇", "B镇"]
    assert (hotspots.loc[0, "lat"], hotspots.loc[0, "lon"]) == pytest.approx(at(0, 0))
    assert land["matters"].tolist() == [2, 1]
    assert nothing.empty


def test_hotspot_period_defaults_to_ninety_days():
    since, until = hotspot_period(dt.date(2026, 3, 31))
    assert until == dt.date(2026, 3, 31)
    assert (until - since).days + 1 == 90


def test_report_loads_each_table_once(database, district):
    """No query per cluster or per agent: three settings, the clusters, the agents."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as s:
            coverage_report(s)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) <= 5
