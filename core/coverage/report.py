"""Coverage of the district as the coverage page and status approvals need it (BRIEF §8).

Each use case loads what it needs in one query per table, hands the geometry to
`core.coverage.engine` and returns plain data (dataclasses and DataFrames): pages never hold a
session or an ORM object. Only ACTIVE agents cover; trainees, suspended and retired agents
are listed (for the map) but cover nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core import settings
from core.coverage.engine import (
    NO_AGENT,
    first_covering_post,
    minimum_posts_exact,
    nearest_agent,
    radius_m,
    sole_coverage,
    suggest_posts,
)
from core.coverage.geo import bounding_box, haversine_m
from core.timeutil import OFFICE_TZ
from core.vocab import AgentCategory, AgentStatus, Topic
from db.models import Agent, Cluster, Matter, Town, Village

#: The hotspot layer's default period.
HOTSPOT_DEFAULT_DAYS = 90


def walking_radius_m(session: Session) -> float:
    """The office's walking radius from its settings (minutes × speed ÷ detour)."""
    return radius_m(
        settings.get(session, "coverage.minutes"),
        settings.get(session, "coverage.walk_m_per_min"),
        settings.get(session, "coverage.detour"),
    )


# --- loading ------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # south, north, west, east


def _frame(session: Session, stmt: Select) -> pd.DataFrame:
    """Run a column query into a DataFrame, transposing in Python: tens of thousands of rows
    load several times faster than through ORM result rows and `DataFrame.from_records`."""
    result = session.connection().execute(stmt)
    keys = list(result.keys())
    columns = list(zip(*result.all(), strict=True)) or [()] * len(keys)
    frame = pd.DataFrame(dict(zip(keys, columns, strict=True)))
    for column in ("lat", "lon"):
        frame[column] = frame[column].astype(float)
    return frame


def _in_box(stmt: Select, entity: type[Cluster] | type[Agent], box: Box) -> Select:
    south, north, west, east = box
    return stmt.where(entity.lat.between(south, north), entity.lon.between(west, east))


def _load_clusters(
    session: Session, *, town_id: int | None = None, box: Box | None = None
) -> pd.DataFrame:
    stmt = (
        select(
            Cluster.id,
            Cluster.code,
            Cluster.name,
            Cluster.lat,
            Cluster.lon,
            Cluster.households,
            Cluster.population,
            Village.id.label("village_id"),
            Village.name.label("village"),
            Town.id.label("town_id"),
            Town.name.label("town"),
        )
        .join(Village, Cluster.village_id == Village.id)
        .join(Town, Village.town_id == Town.id)
        .order_by(Cluster.id)
    )
    if town_id is not None:
        stmt = stmt.where(Town.id == town_id)
    if box is not None:
        stmt = _in_box(stmt, Cluster, box)
    frame = _frame(session, stmt)
    frame["population"] = frame["population"].astype(np.int64)
    return frame


def _load_agents(
    session: Session,
    *,
    categories: Collection[AgentCategory] | None = None,
    status: AgentStatus | None = None,
    box: Box | None = None,
) -> pd.DataFrame:
    stmt = (
        select(
            Agent.id,
            Agent.code,
            Agent.name,
            Agent.category,
            Agent.status,
            Agent.lat,
            Agent.lon,
            Village.id.label("village_id"),
            Village.name.label("village"),
            Village.town_id,
        )
        .join(Village, Agent.village_id == Village.id)
        .order_by(Agent.id)
    )
    if categories is not None:
        stmt = stmt.where(Agent.category.in_([AgentCategory(c) for c in categories]))
    if status is not None:
        stmt = stmt.where(Agent.status == status)
    if box is not None:
        stmt = _in_box(stmt, Agent, box)
    frame = _frame(session, stmt)
    for column in ("category", "status"):  # plain strings for tables and Excel
        frame[column] = frame[column].map(str)
    return frame


# --- the district report ------------------------------------------------------------


def _share(part: float, whole: float) -> float:
    """Covered share; 0 when there is nothing to count (an empty district is not 'covered')."""
    return float(part / whole) if whole else 0.0


@dataclass(frozen=True)
class MinimumPosts:
    """New posts needed to cover every cluster in scope.

    `exact` is None when the solver was skipped or found no cover within its time limit;
    a time-limited `exact` that is not `exact_is_optimal` can exceed `greedy`."""

    greedy: int
    exact: int | None
    exact_is_optimal: bool


@dataclass(frozen=True)
class CoverageReport:
    """Everything the coverage page shows, for one radius and one set of filters.

    - clusters: every cluster in scope with `covered`, `nearest_agent_id` and `distance_m`
      (to the nearest covering-eligible agent; NaN when there is none).
    - agents: agents of every status that matter to the scope, with `covers` (active) and
      `sole_clusters` / `sole_population`: the clusters in scope that suspending or retiring
      them would uncover.
    - by_town: town_id, town, clusters_total, clusters_covered, cluster_share,
      population_total, population_covered, population_share.
    - uncovered: uncovered clusters, largest population first.
    - suggestions: recruitment posts best first with the clusters and residents each adds
      and the population share reached once it and all before it are filled.
    """

    radius_m: float
    clusters_total: int
    clusters_covered: int
    population_total: int
    population_covered: int
    by_town: pd.DataFrame
    clusters: pd.DataFrame
    agents: pd.DataFrame
    uncovered: pd.DataFrame
    suggestions: pd.DataFrame
    minimum_posts: MinimumPosts

    @property
    def cluster_share(self) -> float:
        return _share(self.clusters_covered, self.clusters_total)

    @property
    def population_share(self) -> float:
        return _share(self.population_covered, self.population_total)


def coverage_report(
    session: Session,
    *,
    radius_m: float | None = None,
    town_id: int | None = None,
    categories: Collection[AgentCategory] | None = None,
    max_suggestions: int | None = None,
    exact_time_limit_s: float | None = None,
) -> CoverageReport:
    """Coverage of the district, or of one town, by the active agents.

    `town_id` limits the clusters, not the agents: an agent across the town border still
    covers (the agents listed are the town's own plus those within reach of its clusters).
    `categories` asks "what if only these kinds of agent counted". `max_suggestions=None`
    suggests posts up to full coverage. The exact minimum (a MILP, the only part that can
    take seconds) runs only when given `exact_time_limit_s`, so the home page's figures
    stay instant.
    """
    radius = walking_radius_m(session) if radius_m is None else radius_m
    clusters = _load_clusters(session, town_id=town_id)
    agents = _load_agents(session, categories=categories)
    active = agents[agents["status"] == AgentStatus.ACTIVE.value]

    lat, lon = clusters["lat"].to_numpy(), clusters["lon"].to_numpy()
    population = clusters["population"].to_numpy()
    index, distance = nearest_agent(lat, lon, active["lat"], active["lon"])
    covered = distance <= radius
    clusters["covered"] = covered
    has_agent = index != NO_AGENT
    clusters["nearest_agent_id"] = pd.Series(pd.NA, index=clusters.index, dtype="Int64")
    clusters.loc[has_agent, "nearest_agent_id"] = active["id"].to_numpy()[index[has_agent]]
    clusters["distance_m"] = np.where(np.isinf(distance), np.nan, distance)

    population_covered = int(population[covered].sum())
    return CoverageReport(
        radius_m=radius,
        clusters_total=len(clusters),
        clusters_covered=int(covered.sum()),
        population_total=int(population.sum()),
        population_covered=population_covered,
        by_town=_by_town(clusters),
        clusters=clusters,
        agents=_agents_in_scope(clusters, agents, radius, town_id),
        uncovered=_uncovered(clusters),
        suggestions=_suggestions(clusters, radius, max_suggestions, population_covered),
        minimum_posts=_minimum_posts(clusters, radius, exact_time_limit_s),
    )


def _by_town(clusters: pd.DataFrame) -> pd.DataFrame:
    frame = (
        clusters.assign(population_covered=clusters["population"].where(clusters["covered"], 0))
        .groupby(["town_id", "town"], sort=True)
        .agg(
            clusters_total=("id", "size"),
            clusters_covered=("covered", "sum"),
            population_total=("population", "sum"),
            population_covered=("population_covered", "sum"),
        )
        .reset_index()
    )
    frame.insert(4, "cluster_share", frame["clusters_covered"] / frame["clusters_total"])
    frame["population_share"] = [
        _share(c, n)
        for c, n in zip(frame["population_covered"], frame["population_total"], strict=True)
    ]
    return frame


def _agents_in_scope(
    clusters: pd.DataFrame, agents: pd.DataFrame, radius: float, town_id: int | None
) -> pd.DataFrame:
    is_active = (agents["status"] == AgentStatus.ACTIVE.value).to_numpy()
    lat, lon = clusters["lat"].to_numpy(), clusters["lon"].to_numpy()
    sole = sole_coverage(lat, lon, agents["lat"][is_active], agents["lon"][is_active], radius)
    has_sole = sole != NO_AGENT
    owner = np.flatnonzero(is_active)[sole[has_sole]]  # row in `agents` of each sole coverer
    people = clusters["population"].to_numpy()[has_sole]
    frame = agents.assign(
        covers=is_active,
        sole_clusters=np.bincount(owner, minlength=len(agents)),
        sole_population=np.bincount(owner, people, minlength=len(agents)).astype(np.int64),
    )
    if town_id is None:
        return frame.reset_index(drop=True)
    # roles swapped on purpose: for each agent, the nearest cluster of the town
    _, to_town = nearest_agent(frame["lat"], frame["lon"], lat, lon)
    keep = (frame["town_id"] == town_id).to_numpy() | (to_town <= radius)
    return frame[keep].reset_index(drop=True)


def _uncovered(clusters: pd.DataFrame) -> pd.DataFrame:
    return (
        clusters[~clusters["covered"]]
        .sort_values(["population", "distance_m", "id"], ascending=[False, False, True])
        .drop(columns="covered")
        .reset_index(drop=True)
    )


def _suggestions(
    clusters: pd.DataFrame, radius: float, k: int | None, population_covered: int
) -> pd.DataFrame:
    lat, lon = clusters["lat"].to_numpy(), clusters["lon"].to_numpy()
    covered = clusters["covered"].to_numpy()
    population = clusters["population"].to_numpy()
    posts = suggest_posts(lat, lon, covered, radius, k=k, weights=population)
    open_ = ~covered
    credited = first_covering_post(lat[open_], lon[open_], lat[posts], lon[posts], radius)
    reached = credited != NO_AGENT
    adds_clusters = np.bincount(credited[reached], minlength=len(posts))
    adds_population = np.bincount(
        credited[reached], weights=population[open_][reached], minlength=len(posts)
    ).astype(np.int64)
    frame = clusters.iloc[posts][["id", "code", "name", "village", "town", "lat", "lon"]]
    frame = frame.rename(columns={"id": "cluster_id"}).reset_index(drop=True)
    frame.insert(0, "rank", np.arange(1, len(posts) + 1))
    frame["adds_clusters"] = adds_clusters
    frame["adds_population"] = adds_population
    frame["population_share_after"] = [
        _share(population_covered + reached_so_far, population.sum())
        for reached_so_far in np.cumsum(adds_population)
    ]
    return frame


def _minimum_posts(
    clusters: pd.DataFrame, radius: float, time_limit_s: float | None
) -> MinimumPosts:
    lat, lon = clusters["lat"].to_numpy(), clusters["lon"].to_numpy()
    covered = clusters["covered"].to_numpy()
    greedy = len(suggest_posts(lat, lon, covered, radius))
    exact = (
        None
        if time_limit_s is None
        else minimum_posts_exact(lat, lon, covered, radius, time_limit_s=time_limit_s)
    )
    return MinimumPosts(
        greedy=greedy,
        exact=None if exact is None else len(exact.indices),
        exact_is_optimal=exact is not None and exact.optimal,
    )


# --- one agent: what retiring or suspending them would cost --------------------------


@dataclass(frozen=True)
class RetirementCost:
    """The clusters only this agent covers: they become uncovered if the agent stops."""

    agent_id: int
    agent_name: str
    status: str
    clusters: pd.DataFrame  # id, code, name, village, town, lat, lon, population, households

    @property
    def cluster_count(self) -> int:
        return len(self.clusters)

    @property
    def population(self) -> int:
        return int(self.clusters["population"].sum())


def agent_retirement_cost(
    session: Session, agent_id: int, radius_m: float | None = None
) -> RetirementCost:
    """What retiring or suspending one agent would uncover, before a supervisor approves it.

    Reads only the neighbourhood: clusters within the radius of the agent and the other
    active agents within twice the radius (the only ones that can reach those clusters).
    An agent who is not active covers nothing, so stopping them costs nothing.
    """
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise LookupError(f"no agent with id {agent_id}")
    radius = walking_radius_m(session) if radius_m is None else radius_m
    nearby = _load_clusters(session, box=bounding_box(agent.lat, agent.lon, radius))
    nearby = nearby.drop(columns=["village_id", "town_id"])
    within = haversine_m(nearby["lat"], nearby["lon"], agent.lat, agent.lon) <= radius
    within &= agent.status == AgentStatus.ACTIVE
    others = _load_agents(
        session,
        status=AgentStatus.ACTIVE,
        box=bounding_box(agent.lat, agent.lon, 2 * radius),
    )
    others = others[others["id"] != agent_id]
    _, to_other = nearest_agent(nearby["lat"], nearby["lon"], others["lat"], others["lon"])
    only_this = within & (to_other > radius)
    return RetirementCost(
        agent_id=agent.id,
        agent_name=agent.name,
        status=str(agent.status),
        clusters=nearby[only_this].reset_index(drop=True),
    )


# --- the hotspot layer --------------------------------------------------------------


def hotspot_period(today: dt.date, days: int = HOTSPOT_DEFAULT_DAYS) -> tuple[dt.date, dt.date]:
    """The default hotspot period: the `days` office days ending today, inclusive."""
    return today - dt.timedelta(days=days - 1), today


def _office_midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), OFFICE_TZ).astimezone(dt.UTC)


def matter_hotspots(
    session: Session, since: dt.date, until: dt.date, topic: Topic | str | None = None
) -> pd.DataFrame:
    """Matters received per village/community between two office dates (both inclusive).

    Columns: village_id, village, town_id, town, lat, lon, matters, people (the summed
    headcount); most matters first. Villages without matters are left out.
    """
    matters = func.count(Matter.id).label("matters")
    stmt = (
        select(
            Village.id.label("village_id"),
            Village.name.label("village"),
            Town.id.label("town_id"),
            Town.name.label("town"),
            Village.lat,
            Village.lon,
            matters,
            func.sum(Matter.headcount).label("people"),
        )
        .join(Matter, Matter.village_id == Village.id)
        .join(Town, Village.town_id == Town.id)
        .where(
            Matter.received_at >= _office_midnight_utc(since),
            Matter.received_at < _office_midnight_utc(until + dt.timedelta(days=1)),
        )
        .group_by(Village.id, Village.name, Town.id, Town.name, Village.lat, Village.lon)
        .order_by(matters.desc(), Village.id)
    )
    if topic is not None:
        stmt = stmt.where(Matter.topic == Topic(topic))
    frame = _frame(session, stmt)
    for column in ("matters", "people"):
        frame[column] = frame[column].astype(np.int64)
    return frame
