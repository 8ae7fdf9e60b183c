"""The coverage engine on arrays: exact nearest agents, recruitment posts, sole coverage."""

from __future__ import annotations

import numpy as np
import pytest

from core.coverage.engine import (
    NO_AGENT,
    first_covering_post,
    minimum_posts_exact,
    nearest_agent,
    radius_m,
    sole_coverage,
    suggest_posts,
)
from core.coverage.geo import haversine_m
from tests.coverage_fixtures import at

RADIUS = 1000.0


def _points(*north_east_m: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    lat, lon = zip(*(at(n, e) for n, e in north_east_m), strict=True)
    return np.array(lat), np.array(lon)


def _random_district(n: int, seed: int, size_deg: float = 0.3):
    rng = np.random.default_rng(seed)
    return rng.uniform(29.4, 29.4 + size_deg, n), rng.uniform(106.3, 106.3 + size_deg, n)


def _all_covered(lat, lon, covered, posts, radius=RADIUS) -> bool:
    """Recompute from scratch: is every cluster covered once agents stand at `posts`?"""
    _, to_post = nearest_agent(lat, lon, lat[posts], lon[posts])
    return bool(np.all(covered | (to_post <= radius)))


def test_radius_defaults_to_a_kilometre():
    assert radius_m() == pytest.approx(1000.0)
    assert radius_m(15, 80, 1.4) == pytest.approx(857.142857)
    assert radius_m(minutes=10, m_per_min=60, detour=1.0) == 600


# --- nearest_agent ------------------------------------------------------------------


def test_nearest_agent_equals_brute_force_haversine():
    cluster_lat, cluster_lon = _random_district(3000, seed=1, size_deg=1.5)
    agent_lat, agent_lon = _random_district(400, seed=2, size_deg=1.5)
    index, distance = nearest_agent(cluster_lat, cluster_lon, agent_lat, agent_lon)
    all_pairs = haversine_m(
        cluster_lat[:, None], cluster_lon[:, None], agent_lat[None, :], agent_lon[None, :]
    )
    np.testing.assert_array_equal(index, all_pairs.argmin(axis=1))
    np.testing.assert_allclose(distance, all_pairs.min(axis=1), rtol=1e-9, atol=1e-6)


def test_nearest_agent_is_exact_across_long_distances():
    lat = np.array([29.56, 39.90, -33.86])  # Chongqing, Beijing, Sydney
    lon = np.array([106.55, 116.41, 151.21])
    index, distance = nearest_agent(lat, lon, lat[::-1], lon[::-1])
    np.testing.assert_array_equal(index, [2, 1, 0])
    np.testing.assert_allclose(distance, 0.0, atol=1e-6)
    index, distance = nearest_agent(lat[:1], lon[:1], lat[1:], lon[1:])
    assert index[0] == 0
    assert distance[0] == pytest.approx(haversine_m(lat[0], lon[0], lat[1], lon[1]), rel=1e-12)


def test_nearest_agent_without_agents_or_clusters():
    lat, lon = _points((0, 0), (100, 100))
    index, distance = nearest_agent(lat, lon, [], [])
    np.testing.assert_array_equal(index, [NO_AGENT, NO_AGENT])
    assert np.isinf(distance).all()
    index, distance = nearest_agent([], [], lat, lon)
    assert index.shape == distance.shape == (0,)


# --- sole coverage ------------------------------------------------------------------


def test_sole_coverage_names_the_only_agent_in_reach():
    cluster_lat, cluster_lon = _points((0, 0), (0, 500), (0, 3000), (5000, 0))
    agent_lat, agent_lon = _points((0, 200), (0, 700), (0, 3100))
    sole = sole_coverage(cluster_lat, cluster_lon, agent_lat, agent_lon, RADIUS)
    # c0 and c1 are covered twice, c2 only by agent 2, c3 by nobody
    np.testing.assert_array_equal(sole, [NO_AGENT, NO_AGENT, 2, NO_AGENT])
    single = sole_coverage(cluster_lat, cluster_lon, agent_lat[:1], agent_lon[:1], RADIUS)
    np.testing.assert_array_equal(single, [0, 0, NO_AGENT, NO_AGENT])
    assert (sole_coverage(cluster_lat, cluster_lon, [], [], RADIUS) == NO_AGENT).all()


def test_sole_coverage_agrees_with_counting_every_pair():
    cluster_lat, cluster_lon = _random_district(2000, seed=5, size_deg=0.2)
    agent_lat, agent_lon = _random_district(150, seed=6, size_deg=0.2)
    sole = sole_coverage(cluster_lat, cluster_lon, agent_lat, agent_lon, RADIUS)
    within = (
        haversine_m(
            cluster_lat[:, None], cluster_lon[:, None], agent_lat[None, :], agent_lon[None, :]
        )
        <= RADIUS
    )
    expected = np.where(within.sum(axis=1) == 1, within.argmax(axis=1), NO_AGENT)
    np.testing.assert_array_equal(sole, expected)


# --- suggest_posts ------------------------------------------------------------------


def test_suggestions_to_full_coverage_cover_every_cluster():
    lat, lon = _random_district(4000, seed=3)
    agent_lat, agent_lon = _random_district(60, seed=4)
    _, distance = nearest_agent(lat, lon, agent_lat, agent_lon)
    covered = distance <= RADIUS
    assert 0 < covered.sum() < len(lat)
    posts = suggest_posts(lat, lon, covered, RADIUS)
    assert not covered[posts].any(), "posts stand at uncovered clusters only"
    assert len(set(posts.tolist())) == len(posts)
    assert _all_covered(lat, lon, covered, posts)
    weighted = suggest_posts(lat, lon, covered, RADIUS, weights=np.arange(len(lat)) % 500)
    assert _all_covered(lat, lon, covered, weighted)


def test_first_suggestion_covers_the_most_uncovered_clusters():
    lat, lon = _random_district(1500, seed=8, size_deg=0.15)
    covered = np.zeros(len(lat), dtype=bool)
    covered[::3] = True
    posts = suggest_posts(lat, lon, covered, RADIUS, k=3)
    assert len(posts) == 3
    uncovered = ~covered
    reach = (
        haversine_m(lat[:, None], lon[:, None], lat[None, :], lon[None, :]) <= RADIUS
    ) & uncovered[None, :]
    gains = np.where(uncovered, reach.sum(axis=1), -1)
    assert reach[posts[0]].sum() == gains.max()
    # the second pick is the best once the first one's clusters are covered
    left = uncovered & ~reach[posts[0]]
    gains_after = np.where(uncovered, (reach & left[None, :]).sum(axis=1), -1)
    assert (reach[posts[1]] & left).sum() == gains_after.max()


def test_k_limits_the_suggestions_and_nothing_uncovered_means_none():
    lat, lon = _random_district(500, seed=9)
    covered = np.zeros(len(lat), dtype=bool)
    assert len(suggest_posts(lat, lon, covered, RADIUS, k=5)) == 5
    assert len(suggest_posts(lat, lon, covered, RADIUS, k=0)) == 0
    assert len(suggest_posts(lat, lon, np.ones(len(lat), dtype=bool), RADIUS)) == 0
    assert len(suggest_posts([], [], np.zeros(0, dtype=bool), RADIUS)) == 0


# On a line, 1,000 m radius: the middle post covers three clusters and wins the first
# round, then the two forced posts beside it cover all three of them again.
#            x1 -1800   s1 -850   middle 0   s2 850   y1 1800
LINE = _points((0, 0), (0, -1800), (0, -850), (0, 850), (0, 1800))
MIDDLE, X1, S1, S2, Y1 = range(5)


def test_pruning_drops_a_pick_made_redundant_by_later_ones():
    lat, lon = LINE
    covered = np.zeros(5, dtype=bool)
    assert suggest_posts(lat, lon, covered, RADIUS, k=1).tolist() == [MIDDLE]
    posts = suggest_posts(lat, lon, covered, RADIUS)
    assert MIDDLE not in posts
    assert len(posts) == 2
    assert _all_covered(lat, lon, covered, posts)


def test_weights_change_the_order_of_picks():
    # three small clusters together in the west, one big estate alone in the east
    lat, lon = _points((0, 0), (0, 300), (0, 600), (0, 5000))
    covered = np.zeros(4, dtype=bool)
    by_count = suggest_posts(lat, lon, covered, RADIUS)
    by_people = suggest_posts(lat, lon, covered, RADIUS, weights=[10, 10, 10, 5000])
    assert by_count.tolist() == [0, 3]
    assert by_people.tolist() == [3, 0]


def test_zero_population_clusters_still_get_covered():
    lat, lon = _points((0, 0), (0, 5000), (0, 10000))
    posts = suggest_posts(lat, lon, np.zeros(3, dtype=bool), RADIUS, weights=[0, 100, 0])
    assert posts[0] == 1
    assert sorted(posts.tolist()) == [0, 1, 2]


def test_first_covering_post_credits_each_cluster_once():
    lat, lon = _points((0, 0), (0, 500), (0, 1500), (0, 9000))
    post_lat, post_lon = _points((0, 400), (0, 1000))
    credited = first_covering_post(lat, lon, post_lat, post_lon, RADIUS)
    np.testing.assert_array_equal(credited, [0, 0, 1, NO_AGENT])
    assert (first_covering_post(lat, lon, [], [], RADIUS) == NO_AGENT).all()


# --- minimum_posts_exact ------------------------------------------------------------


def test_exact_minimum_beats_plain_greedy_on_the_line():
    lat, lon = LINE
    covered = np.zeros(5, dtype=bool)
    result = minimum_posts_exact(lat, lon, covered, RADIUS)
    assert result is not None and result.optimal
    assert len(result.indices) == 2
    assert _all_covered(lat, lon, covered, result.indices)


def test_exact_minimum_is_a_cover_no_larger_than_greedy():
    lat, lon = _random_district(600, seed=12, size_deg=0.12)
    covered = np.zeros(len(lat), dtype=bool)
    covered[::4] = True
    indices, optimal = minimum_posts_exact(lat, lon, covered, RADIUS, time_limit_s=30)
    assert optimal
    assert _all_covered(lat, lon, covered, indices)
    assert not covered[indices].any()
    assert len(indices) <= len(suggest_posts(lat, lon, covered, RADIUS))


def test_exact_minimum_with_everything_covered_is_empty_and_optimal():
    lat, lon = LINE
    result = minimum_posts_exact(lat, lon, np.ones(5, dtype=bool), RADIUS)
    assert result is not None
    assert len(result.indices) == 0 and result.optimal
