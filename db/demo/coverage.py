"""Where the agents' posts go: near clusters, covering almost all of them within 1 km.

The brief wants every cluster within a 15-minute walk of an active agent (80 m/min × 15
÷ 1.2 detour ≈ 1,000 m straight line), but the coverage map must have something to show.
So a few remote villager groups are picked first to stay uncovered, and no post is ever
placed within `KEEP_OUT_M` of them; then a greedy pass posts active agents until every
other cluster is covered, and the rest of the roster goes near clusters by population.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from core.vocab import ClusterKind, TownKind
from db.demo.geo import from_xy, inside, to_xy

RADIUS_M = 1000.0
COVER_MARGIN_M = 15.0  # count as covered only well inside the radius (projection error)
KEEP_OUT_M = 1070.0
UNCOVERED_TARGET = 24


@dataclass(frozen=True)
class Post:
    cluster_index: int
    lat: float
    lon: float


def plan_posts(
    rng: random.Random,
    clusters: list[dict],
    villages: list[dict],
    towns: list[dict],
    n_active: int,
    n_total: int,
    reserved: list[int] = (),
) -> tuple[list[Post], list[Post], list[int]]:
    """Returns (posts for active agents, posts for the others, cluster indexes left out).

    `reserved` are cluster indexes that must get a post of their own first (story agents).
    """
    lat = np.array([c["lat"] for c in clusters])
    lon = np.array([c["lon"] for c in clusters])
    xy = to_xy(lat, lon)
    tree = cKDTree(xy)
    left_out = _remote_groups(rng, clusters, villages, towns, xy, set(reserved))
    keep_out = cKDTree(xy[left_out])
    covered = np.zeros(len(clusters), dtype=bool)
    active: list[Post] = []

    def place(i: int, spread: float) -> Post | None:
        for _ in range(12):
            r, a = spread * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            p = xy[i] + (r * math.cos(a), r * math.sin(a))
            if keep_out.query(p)[0] >= KEEP_OUT_M:
                break
        else:
            q = xy[left_out[keep_out.query(xy[i])[1]]]  # step away from the nearest one
            d = xy[i] - q
            p = q + d / max(np.hypot(*d), 1.0) * KEEP_OUT_M
            if np.hypot(*(p - xy[i])) > RADIUS_M - 60 or keep_out.query(p)[0] < KEEP_OUT_M:
                return None
        plat, plon = from_xy(*p)
        if not inside(plat, plon):
            return None
        return Post(i, round(float(plat), 6), round(float(plon), 6))

    def cover(post: Post) -> None:
        p = to_xy(np.array([post.lat]), np.array([post.lon]))[0]
        covered[tree.query_ball_point(p, RADIUS_M - COVER_MARGIN_M)] = True

    skip = set(left_out)
    for i in reserved:
        post = place(i, 80)
        if post is not None:
            active.append(post)
            cover(post)
    order = [i for i in range(len(clusters)) if i not in skip]
    rng.shuffle(order)
    for i in order:
        if covered[i]:
            continue
        post = place(i, 120)
        if post is not None:
            active.append(post)
            cover(post)
    if len(active) > n_active:
        raise RuntimeError(f"coverage needs {len(active)} posts, more than {n_active} agents")
    weights = [c["population"] for c in clusters]
    extra: list[Post] = []
    while len(active) + len(extra) < n_total:
        i = rng.choices(range(len(clusters)), weights)[0]
        if i in skip:
            continue
        post = place(i, 300)
        if post is not None:
            extra.append(post)
    moved = n_active - len(active)
    return active + extra[:moved], extra[moved:], list(left_out)


def _remote_groups(rng, clusters, villages, towns, xy, reserved) -> list[int]:
    """Villager groups of rural towns that lie farthest from their village's centre."""
    vill = {v["id"]: v for v in villages}
    rural_towns = {t["id"] for t in towns if t["kind"] is TownKind.TOWN}
    candidates = []
    near_reserved = set()
    for i in reserved:  # the story clusters need a post of their own nearby
        near_reserved.update(cKDTree(xy).query_ball_point(xy[i], 2 * KEEP_OUT_M))
    for i, c in enumerate(clusters):
        v = vill[c["village_id"]]
        if (
            c["kind"] is ClusterKind.VILLAGER_GROUP
            and v["town_id"] in rural_towns
            and i not in near_reserved
        ):
            vxy = to_xy(np.array([v["lat"]]), np.array([v["lon"]]))[0]
            candidates.append((float(np.hypot(*(xy[i] - vxy))), i))
    candidates.sort(reverse=True)
    pool = [i for _, i in candidates[: UNCOVERED_TARGET * 4]]
    return sorted(rng.sample(pool, UNCOVERED_TARGET))


def coverage(clusters_latlon: np.ndarray, posts_latlon: np.ndarray, radius_m: float = RADIUS_M):
    """Boolean per cluster: an agent post within `radius_m` (great-circle). Used by tests too."""
    from core.coverage.engine import nearest_agent

    posts = np.asarray(posts_latlon, dtype=float).reshape(-1, 2)
    _index, distance = nearest_agent(
        clusters_latlon[:, 0], clusters_latlon[:, 1], posts[:, 0], posts[:, 1]
    )
    return distance <= radius_m
