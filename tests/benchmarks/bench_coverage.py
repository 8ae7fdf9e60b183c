"""Benchmark: the coverage engine at district and province scale (issue 6).

Run: ``.venv/bin/python tests/benchmarks/bench_coverage.py [--repeat R] [--skip-report]``.
Synthetic points with a fixed seed, uniform in a box the size of Chongqing municipality
(28.16-32.20 N, 105.28-110.19 E, about 82,000 km²) unless said otherwise. Times are the
best of R runs after one warm-up; the brute force runs once. Targets:
(a) nearest_agent, 1,617 agents × 50,000 clusters: < 100 ms and >= 20x a brute-force
    NumPy haversine over all pairs (chunked), which must give the same answer;
(b) nearest_agent, 50,000 agents × 1,000,000 clusters: < 2 s;
(c) suggest_posts to full coverage on 50,000 clusters: < 1 s;
(d) coverage_report (without the exact MILP) on SQLite, 1,617 agents and 50,000 clusters
    in a 30 km district: < 1 s.
Lines marked "info" have no target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.coverage.engine import minimum_posts_exact, nearest_agent, suggest_posts  # noqa: E402
from core.coverage.geo import haversine_m  # noqa: E402
from core.coverage.report import coverage_report  # noqa: E402
from core.vocab import (  # noqa: E402
    AgentCategory,
    AgentStatus,
    ClusterKind,
    Gender,
    TownKind,
    VillageKind,
)
from db.migrate import upgrade  # noqa: E402
from db.models import Agent, Cluster, District, Town, Village  # noqa: E402
from db.session import Database  # noqa: E402
from tests.benchmarks.results import record  # noqa: E402

CHONGQING = (28.16, 32.20, 105.28, 110.19)  # south, north, west, east
DISTRICT = (29.35, 29.62, 106.35, 106.66)  # about 30 km × 30 km
RADIUS_M = 1000.0
AGENTS = 1_617


def points(rng: np.random.Generator, n: int, box=CHONGQING) -> tuple[np.ndarray, np.ndarray]:
    south, north, west, east = box
    return rng.uniform(south, north, n), rng.uniform(west, east, n)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    """Best wall time in seconds over `repeat` runs, after one untimed warm-up."""
    result = action()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def brute_force_nearest(cluster_lat, cluster_lon, agent_lat, agent_lon, chunk=2_000):
    """Haversine from every cluster to every agent, 2,000 clusters at a time (~26 MB)."""
    index = np.empty(len(cluster_lat), dtype=np.intp)
    distance = np.empty(len(cluster_lat))
    for start in range(0, len(cluster_lat), chunk):
        rows = slice(start, start + chunk)
        d = haversine_m(
            cluster_lat[rows, None], cluster_lon[rows, None], agent_lat[None, :], agent_lon[None, :]
        )
        index[rows] = d.argmin(axis=1)
        distance[rows] = d[np.arange(d.shape[0]), index[rows]]
    return index, distance


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def line(
    label: str,
    seconds: float,
    target: str,
    passed: bool | None,
    limit_ms: float | None = None,
    name: str | None = None,
) -> None:
    """Print one timing; also recorded for bench-results.md (`limit_ms`: its target) under
    `name`, a label that stays the same from run to run (default: the printed label)."""
    record(f"coverage {name or label.strip()}", seconds * 1000, "ms", limit_ms)
    outcome = "info" if passed is None else verdict(passed)
    print(f"{label:<68} {seconds * 1000:9.1f} ms   target {target:<12} {outcome}")


def bench_nearest_district(rng, repeat: int) -> bool:
    cluster_lat, cluster_lon = points(rng, 50_000)
    agent_lat, agent_lon = points(rng, AGENTS)
    tree_s, (index, distance) = best_of(
        repeat, lambda: nearest_agent(cluster_lat, cluster_lon, agent_lat, agent_lon)
    )
    brute_s, (brute_index, brute_distance) = timed(
        lambda: brute_force_nearest(cluster_lat, cluster_lon, agent_lat, agent_lon)
    )
    same = np.array_equal(index, brute_index) and np.allclose(
        distance, brute_distance, rtol=1e-9, atol=1e-6
    )
    ratio = brute_s / tree_s
    line("(a) nearest_agent 1,617 agents x 50,000 clusters", tree_s, "< 100 ms", tree_s < 0.1, 100)
    line(
        "    brute-force haversine, all 80.9 M pairs",
        brute_s,
        "-",
        None,
        name="(a) brute-force haversine, all 80.9 M pairs",
    )
    record("coverage (a) brute force / KD-tree", ratio, "×", 20, ">=")
    record("coverage (a) same nearest agent and distance as brute force", bool(same))
    print(
        f"{'    ratio brute force / KD-tree':<68} {ratio:9.1f} x    target >= 20 x       "
        f"{verdict(ratio >= 20)}"
    )
    print(
        f"{'    same nearest agent and distance as brute force':<68} {str(same):>9}"
        f"                          {verdict(same)}"
    )
    return tree_s < 0.1 and ratio >= 20 and same


def bench_nearest_province(rng, repeat: int) -> bool:
    cluster_lat, cluster_lon = points(rng, 1_000_000)
    agent_lat, agent_lon = points(rng, 50_000)
    seconds, _ = best_of(
        repeat, lambda: nearest_agent(cluster_lat, cluster_lon, agent_lat, agent_lon)
    )
    line(
        "(b) nearest_agent 50,000 agents x 1,000,000 clusters", seconds, "< 2 s", seconds < 2, 2000
    )
    return seconds < 2


def bench_suggestions(rng, repeat: int) -> bool:
    cluster_lat, cluster_lon = points(rng, 50_000)
    agent_lat, agent_lon = points(rng, AGENTS)
    population = rng.integers(20, 3_000, len(cluster_lat))
    _, distance = nearest_agent(cluster_lat, cluster_lon, agent_lat, agent_lon)
    covered = distance <= RADIUS_M
    seconds, posts = best_of(
        repeat, lambda: suggest_posts(cluster_lat, cluster_lon, covered, RADIUS_M)
    )
    _, to_post = nearest_agent(
        cluster_lat[~covered], cluster_lon[~covered], cluster_lat[posts], cluster_lon[posts]
    )
    complete = bool((to_post <= RADIUS_M).all())
    line(
        f"(c) suggest_posts, 50,000 clusters ({(~covered).sum():,} uncovered) "
        f"-> {len(posts):,} posts",
        seconds,
        "< 1 s",
        seconds < 1 and complete,
        1000,
        name="(c) suggest_posts, 50,000 clusters",
    )
    record("coverage (c) the suggested posts cover every uncovered cluster", complete)
    weighted_s, _ = best_of(
        repeat,
        lambda: suggest_posts(cluster_lat, cluster_lon, covered, RADIUS_M, weights=population),
    )
    line(
        "    same, weighted by population",
        weighted_s,
        "-",
        None,
        name="(c) suggest_posts, weighted by population",
    )
    exact_s, exact = timed(
        lambda: minimum_posts_exact(cluster_lat, cluster_lon, covered, RADIUS_M, 30)
    )
    exact_text = "none" if exact is None else f"{len(exact.indices):,}, optimal={exact.optimal}"
    line(f"    exact MILP minimum ({exact_text})", exact_s, "-", None, name="(c) exact MILP")

    # a dense district: everything uncovered, ~170 clusters per walking circle
    dense_lat, dense_lon = points(rng, 50_000, DISTRICT)
    nobody = np.zeros(len(dense_lat), dtype=bool)
    dense_s, dense_posts = best_of(
        repeat, lambda: suggest_posts(dense_lat, dense_lon, nobody, RADIUS_M)
    )
    line(
        f"    dense: 50,000 clusters in 30 km, none covered -> {len(dense_posts):,} posts",
        dense_s,
        "-",
        None,
        name="(c) suggest_posts, dense: 50,000 clusters in 30 km, none covered",
    )
    return seconds < 1 and complete


def build_district(database: Database, rng: np.random.Generator, clusters: int) -> None:
    """Bulk-insert 20 towns × 10 villages, the clusters and 1,617 agents of mixed status."""
    cluster_lat, cluster_lon = points(rng, clusters, DISTRICT)
    agent_lat, agent_lon = points(rng, AGENTS, DISTRICT)
    statuses = rng.choice(
        [AgentStatus.ACTIVE, AgentStatus.TRAINEE, AgentStatus.SUSPENDED, AgentStatus.RETIRED],
        size=AGENTS,
        p=[0.85, 0.05, 0.05, 0.05],
    )
    villages = 200
    with database.write() as s:
        s.execute(insert(District), [{"id": 1, "code": "500107", "name": "九龙坡区"}])
        s.execute(
            insert(Town),
            [
                {
                    "id": t,
                    "district_id": 1,
                    "code": f"T{t}",
                    "name": f"镇{t}",
                    "kind": TownKind.TOWN,
                    "lat": 29.5,
                    "lon": 106.5,
                }
                for t in range(1, 21)
            ],
        )
        s.execute(
            insert(Village),
            [
                {
                    "id": v,
                    "town_id": (v - 1) // 10 + 1,
                    "code": f"V{v}",
                    "name": f"村{v}",
                    "kind": VillageKind.VILLAGE,
                    "lat": 29.5,
                    "lon": 106.5,
                }
                for v in range(1, villages + 1)
            ],
        )
        s.execute(
            insert(Cluster),
            [
                {
                    "village_id": i % villages + 1,
                    "code": f"C{i}",
                    "name": f"组{i}",
                    "kind": ClusterKind.VILLAGER_GROUP,
                    "lat": float(lat),
                    "lon": float(lon),
                    "households": 100,
                    "population": int(rng.integers(20, 3_000)),
                }
                for i, (lat, lon) in enumerate(zip(cluster_lat, cluster_lon, strict=True))
            ],
        )
        s.execute(
            insert(Agent),
            [
                {
                    "code": f"A{i}",
                    "name": f"代理员{i}",
                    "gender": Gender.FEMALE,
                    "phone": f"139{i:08d}",
                    "address": "-",
                    "category": AgentCategory.VOLUNTEER,
                    "is_public_servant": False,
                    "village_id": i % villages + 1,
                    "lat": float(lat),
                    "lon": float(lon),
                    "online_capable": True,
                    "status": status,
                    "joined_on": dt.date(2025, 1, 1),
                    "version": 1,
                }
                for i, (lat, lon, status) in enumerate(
                    zip(agent_lat, agent_lon, statuses, strict=True)
                )
            ],
        )


def bench_report(rng, repeat: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        database = Database.connect(f"sqlite:///{folder}/bench.db")
        upgrade(database.engine)
        build_district(database, rng, 50_000)
        with database.read() as s:
            seconds, report = best_of(repeat, lambda: coverage_report(s, max_suggestions=50))
        database.dispose()
    line(
        f"(d) coverage_report, SQLite, {report.clusters_total:,} clusters, "
        f"{report.cluster_share:.1%} covered",
        seconds,
        "< 1 s",
        seconds < 1,
        1000,
        name="(d) coverage_report, SQLite, 50,000 clusters",
    )
    return seconds < 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-report", action="store_true", help="skip (d), which builds a DB")
    args = parser.parse_args()
    rng = np.random.default_rng(20261122)
    results = [
        bench_nearest_district(rng, args.repeat),
        bench_nearest_province(rng, max(1, args.repeat // 2)),
        bench_suggestions(rng, args.repeat),
    ]
    if not args.skip_report:
        results.append(bench_report(rng, args.repeat))
    print("all targets met" if all(results) else "SOME TARGETS MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
