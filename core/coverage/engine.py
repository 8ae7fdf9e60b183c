"""The walking-coverage engine (BRIEF §8): nearest agents, recruitment posts, sole coverage.

A cluster is covered when an active agent's post lies within the walking radius
(`radius_m`). Everything here takes WGS-84 degrees as NumPy arrays and returns NumPy
arrays: no database, no Streamlit (the database side is `core.coverage.report`).

Neighbour searches run on a `scipy.spatial.cKDTree` of unit-sphere 3-D points. The chord
between two unit vectors grows strictly with their great-circle angle, so the Euclidean
nearest neighbour is the great-circle nearest neighbour and a radius in metres is a chord
radius: the results are exact, not a flat-earth approximation.
"""

from __future__ import annotations

import heapq
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.spatial import cKDTree

from core.coverage.geo import chord_to_metres, metres_to_chord, unit_vectors

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

NO_AGENT = -1


def radius_m(minutes: float = 15, m_per_min: float = 80.0, detour: float = 1.2) -> float:
    """Straight-line radius of a walk: minutes × walking speed ÷ detour factor.

    The defaults (15 min at 4.8 km/h, streets 1.2× longer than the straight line) give
    1,000 m, the 15-minute life circle of GB 50180-2018."""
    return minutes * m_per_min / detour


def nearest_agent(
    cluster_lat: ArrayLike, cluster_lon: ArrayLike, agent_lat: ArrayLike, agent_lon: ArrayLike
) -> tuple[IntArray, FloatArray]:
    """For each cluster, the index of the nearest agent and the great-circle distance in metres.

    With no agents every index is `NO_AGENT` (-1) and every distance infinite."""
    clusters = unit_vectors(cluster_lat, cluster_lon)
    agents = unit_vectors(agent_lat, agent_lon)
    if len(agents) == 0 or len(clusters) == 0:
        return np.full(len(clusters), NO_AGENT, dtype=np.intp), np.full(len(clusters), np.inf)
    chord, index = cKDTree(agents).query(clusters, k=1, workers=-1)
    return index.astype(np.intp), chord_to_metres(chord)


def sole_coverage(
    cluster_lat: ArrayLike,
    cluster_lon: ArrayLike,
    agent_lat: ArrayLike,
    agent_lon: ArrayLike,
    radius_m: float,
) -> IntArray:
    """For each cluster, the index of the only agent within the radius, else -1.

    Pass the active agents: `np.flatnonzero(sole == i)` are the clusters that retiring or
    suspending agent i would leave uncovered (-1 marks clusters covered twice or not at all).
    """
    clusters = unit_vectors(cluster_lat, cluster_lon)
    agents = unit_vectors(agent_lat, agent_lon)
    sole = np.full(len(clusters), NO_AGENT, dtype=np.intp)
    if len(agents) == 0 or len(clusters) == 0:
        return sole
    reach = metres_to_chord(radius_m)
    chord, index = cKDTree(agents).query(
        clusters, k=2, distance_upper_bound=np.nextafter(reach, np.inf), workers=-1
    )
    only_one = (chord[:, 0] <= reach) & ~(chord[:, 1] <= reach)
    sole[only_one] = index[only_one, 0]
    return sole


class _Neighbourhoods(NamedTuple):
    """Which points lie within the radius of each point (itself included), as CSR rows.

    The relation is symmetric, so row i is both the points a post at i would cover and the
    posts that would cover point i."""

    indptr: NDArray[np.int32]
    indices: NDArray[np.int32]

    def of(self, i: int) -> NDArray[np.int32]:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]


def _neighbourhoods(lat: FloatArray, lon: FloatArray, radius_m: float) -> _Neighbourhoods:
    """All pairs within the radius by one KD-tree self-join (`query_pairs` is the ball query
    of every point against the others, returned as one array instead of n Python lists).

    Dense districts give millions of pairs: 32-bit indices and SciPy's linear-time
    COO → CSR conversion keep that to a fraction of a second."""
    points = unit_vectors(lat, lon)
    n = len(points)
    pairs = cKDTree(points).query_pairs(metres_to_chord(radius_m), output_type="ndarray")
    pairs = pairs.astype(np.int32)
    itself = np.arange(n, dtype=np.int32)
    rows = np.concatenate((pairs[:, 0], pairs[:, 1], itself))
    cols = np.concatenate((pairs[:, 1], pairs[:, 0], itself))
    csr = sparse.csr_array((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(n, n))
    return _Neighbourhoods(csr.indptr, csr.indices)


def _uncovered_points(
    cluster_lat: ArrayLike, cluster_lon: ArrayLike, covered: ArrayLike
) -> tuple[IntArray, FloatArray, FloatArray]:
    lat = np.asarray(cluster_lat, dtype=float).ravel()
    lon = np.asarray(cluster_lon, dtype=float).ravel()
    uncovered = np.flatnonzero(~np.asarray(covered, dtype=bool).ravel())
    return uncovered, lat[uncovered], lon[uncovered]


def _greedy_cover(hoods: _Neighbourhoods, weights: FloatArray | None, k: int | None) -> list[int]:
    """Lazy greedy maximal covering: repeatedly take the post that covers the most
    still-uncovered weight (then the most points, then the lowest index).

    Gains only shrink as points get covered, so a gain in the heap is an upper bound: a
    popped post whose recomputed gain still beats the next entry is the true best.
    `weights=None` counts points (and skips the float sums, the hot path's main cost)."""
    n = len(hoods.indptr) - 1
    is_open = np.ones(n, dtype=bool)
    open_weight = None if weights is None else weights.astype(float)
    count_gain = np.diff(hoods.indptr)
    weight_gain = (
        count_gain
        if weights is None
        else np.add.reduceat(weights[hoods.indices], hoods.indptr[:-1])
    )
    heap = list(zip((-weight_gain).tolist(), (-count_gain).tolist(), range(n), strict=True))
    heapq.heapify(heap)
    picks: list[int] = []
    left = n
    while left and heap and (k is None or len(picks) < k):
        _, _, post = heapq.heappop(heap)
        members = hoods.of(post)
        count = np.count_nonzero(is_open[members])
        if count == 0:
            continue
        weight = count if open_weight is None else float(open_weight[members].sum())
        gain = (-weight, -count, post)
        if heap and gain > heap[0]:
            heapq.heappush(heap, gain)
            continue
        picks.append(post)
        newly = members[is_open[members]]
        is_open[newly] = False
        if open_weight is not None:
            open_weight[newly] = 0.0
        left -= count
    return picks


def _prune(hoods: _Neighbourhoods, picks: list[int]) -> list[int]:
    """Drop picks whose every point is also covered by another kept pick (made redundant by
    later, smaller picks). Coverage is unchanged; earlier picks are tried first."""
    if not picks:
        return picks
    times_covered = np.bincount(
        np.concatenate([hoods.of(p) for p in picks]), minlength=len(hoods.indptr) - 1
    )
    least_covered = np.minimum.reduceat(times_covered[hoods.indices], hoods.indptr[:-1])
    kept = []
    for post in picks:
        members = hoods.of(post)
        if least_covered[post] >= 2 and times_covered[members].min() >= 2:
            times_covered[members] -= 1
        else:
            kept.append(post)
    return kept


def suggest_posts(
    cluster_lat: ArrayLike,
    cluster_lon: ArrayLike,
    covered: ArrayLike,
    radius_m: float,
    k: int | None = None,
    weights: ArrayLike | None = None,
) -> IntArray:
    """Up to k cluster indices where a new agent would cover the most uncovered clusters.

    Candidate posts are the uncovered clusters' own positions. Greedy maximal covering,
    best first, then a pruning pass drops picks that later picks made redundant (so fewer
    than k may come back). k=None: as many as covering every cluster needs. `weights`
    (e.g. population, one per cluster) makes each pick maximise the uncovered weight it
    covers, ties broken by the number of clusters.
    """
    uncovered, lat, lon = _uncovered_points(cluster_lat, cluster_lon, covered)
    if uncovered.size == 0 or k == 0:
        return np.empty(0, dtype=np.intp)
    hoods = _neighbourhoods(lat, lon, radius_m)
    point_weights = None if weights is None else np.asarray(weights, dtype=float).ravel()[uncovered]
    picks = _prune(hoods, _greedy_cover(hoods, point_weights, k))
    return uncovered[np.asarray(picks, dtype=np.intp)]


def first_covering_post(
    cluster_lat: ArrayLike,
    cluster_lon: ArrayLike,
    post_lat: ArrayLike,
    post_lon: ArrayLike,
    radius_m: float,
) -> IntArray:
    """For each cluster, the earliest post (in the given order) within the radius, else -1.

    With posts ranked best first this credits every newly covered cluster to one post, so
    "clusters and residents each post adds" sum to what the posts add together."""
    clusters = unit_vectors(cluster_lat, cluster_lon)
    posts = unit_vectors(post_lat, post_lon)
    first = np.full(len(clusters), np.iinfo(np.intp).max, dtype=np.intp)
    if len(posts) and len(clusters):
        reached = cKDTree(clusters).query_ball_point(
            posts, metres_to_chord(radius_m), return_sorted=False, workers=-1
        )
        lengths = np.fromiter(map(len, reached), dtype=np.intp, count=len(posts))
        if lengths.sum():
            members = np.concatenate([np.asarray(r, dtype=np.intp) for r in reached if r])
            np.minimum.at(first, members, np.repeat(np.arange(len(posts)), lengths))
    first[first == np.iinfo(np.intp).max] = NO_AGENT
    return first


class ExactCover(NamedTuple):
    indices: IntArray
    optimal: bool  # False: the time limit stopped the solver with a feasible, maybe larger, cover


def minimum_posts_exact(
    cluster_lat: ArrayLike,
    cluster_lon: ArrayLike,
    covered: ArrayLike,
    radius_m: float,
    time_limit_s: float = 10,
) -> ExactCover | None:
    """The fewest new posts (at uncovered clusters) that cover every uncovered cluster.

    Set cover as an integer programme solved by HiGHS (`scipy.optimize.milp`): one binary
    per candidate post, one "at least one post within reach" row per cluster. Returns the
    cover and whether it is proven optimal, or None if the time limit came before any
    cover was found. Compare with `len(suggest_posts(...))`, the greedy count.
    """
    uncovered, lat, lon = _uncovered_points(cluster_lat, cluster_lon, covered)
    n = uncovered.size
    if n == 0:
        return ExactCover(np.empty(0, dtype=np.intp), True)
    hoods = _neighbourhoods(lat, lon, radius_m)
    reach = sparse.csr_array((np.ones(hoods.indices.size), hoods.indices, hoods.indptr), (n, n))
    result = milp(
        c=np.ones(n),
        constraints=LinearConstraint(reach, lb=1, ub=np.inf),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit_s},
    )
    if result.x is None:
        return None
    return ExactCover(uncovered[np.flatnonzero(result.x > 0.5)], bool(result.status == 0))
