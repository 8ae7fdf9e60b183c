"""Distances and datum conversions against hand-checked and published values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.coverage.geo import (
    EARTH_RADIUS_M,
    CoordinateSystem,
    bd09_to_gcj02,
    bd09_to_wgs84,
    bounding_box,
    chord_to_metres,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    haversine_m,
    in_china,
    metres_to_chord,
    to_wgs84,
    unit_vectors,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

CHONGQING = (29.5630, 106.5516)  # Jiefangbei
BEIJING = (39.9042, 116.4074)  # Tiananmen


def _law_of_cosines_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """An independent spherical formula, good to a millimetre at long range."""
    (p1, l1), (p2, l2) = (map(math.radians, p) for p in (a, b))
    cos_angle = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(l2 - l1)
    return EARTH_RADIUS_M * math.acos(cos_angle)


# --- distances ------------------------------------------------------------------------


def test_identical_points_are_zero_apart():
    assert haversine_m(*CHONGQING, *CHONGQING) == 0.0


def test_one_degree_of_latitude_is_111_2_km():
    assert haversine_m(29.0, 106.5, 30.0, 106.5) == pytest.approx(111_195.08, abs=0.01)
    assert haversine_m(0, 0, 1, 0) == pytest.approx(EARTH_RADIUS_M * math.pi / 180)


def test_chongqing_to_beijing_is_about_1460_km():
    distance = haversine_m(*CHONGQING, *BEIJING)
    assert distance == pytest.approx(1_460_000, rel=0.005)
    assert distance == pytest.approx(_law_of_cosines_m(CHONGQING, BEIJING), abs=0.01)


def test_antipodal_points_are_half_the_circumference_apart():
    half = math.pi * EARTH_RADIUS_M
    assert haversine_m(0, 0, 0, 180) == pytest.approx(half)
    assert haversine_m(*CHONGQING, -CHONGQING[0], CHONGQING[1] - 180) == pytest.approx(half)
    assert haversine_m(90, 0, -90, 0) == pytest.approx(half)


def test_distance_is_symmetric_and_broadcasts():
    lat = np.array([29.5, 29.6, 30.0])
    lon = np.array([106.5, 106.4, 107.0])
    grid = haversine_m(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    assert grid.shape == (3, 3)
    np.testing.assert_allclose(grid, grid.T)
    np.testing.assert_array_equal(np.diag(grid), 0.0)


def test_chord_and_metres_convert_both_ways():
    rng = np.random.default_rng(7)
    lat1, lat2 = rng.uniform(-80, 80, (2, 500))
    lon1, lon2 = rng.uniform(-180, 180, (2, 500))
    chord = np.linalg.norm(unit_vectors(lat1, lon1) - unit_vectors(lat2, lon2), axis=1)
    np.testing.assert_allclose(
        chord_to_metres(chord), haversine_m(lat1, lon1, lat2, lon2), rtol=1e-9, atol=1e-6
    )
    assert chord_to_metres(metres_to_chord(1000.0)) == pytest.approx(1000.0, abs=1e-6)
    assert np.isinf(chord_to_metres(np.inf))


def test_bounding_box_holds_every_point_within_reach():
    rng = np.random.default_rng(3)
    for lat in (0.0, 29.56, 60.0):
        south, north, west, east = bounding_box(lat, 106.5, 1000.0)
        pts_lat = rng.uniform(south - 0.01, north + 0.01, 20000)
        pts_lon = rng.uniform(west - 0.02, east + 0.02, 20000)
        near = haversine_m(pts_lat, pts_lon, lat, 106.5) <= 1000.0
        assert near.any()
        inside = (pts_lat >= south) & (pts_lat <= north) & (pts_lon >= west) & (pts_lon <= east)
        assert inside[near].all()
        # and the box is tight: its edge midpoints are about a radius away
        assert haversine_m(north, 106.5, lat, 106.5) == pytest.approx(1000.0, abs=0.01)


# --- GCJ-02 and BD-09 ---------------------------------------------------------------

# (WGS-84 lat, lon) → (GCJ-02 lat, lon), published in eviltransform's test suite.
EVILTRANSFORM_PAIRS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM_PAIRS)
def test_wgs84_to_gcj02_matches_published_points(wgs, gcj):
    lat, lon = wgs84_to_gcj02(*wgs)
    assert (float(lat), float(lon)) == pytest.approx(gcj, abs=1e-9)


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM_PAIRS)
def test_gcj02_to_wgs84_recovers_published_points(wgs, gcj):
    lat, lon = gcj02_to_wgs84(*gcj)
    assert haversine_m(lat, lon, *wgs) < 0.01


def test_coordtransform_example_at_tiananmen():
    """The example in wandergis/coordtransform's README, input (39.915 N, 116.404 E)."""
    point = (39.915, 116.404)
    assert tuple(map(float, wgs84_to_gcj02(*point))) == pytest.approx(
        (39.91640428150164, 116.41024449916938), abs=1e-9
    )
    assert tuple(map(float, gcj02_to_bd09(*point))) == pytest.approx(
        (39.92133699351021, 116.41036949371029), abs=1e-9
    )
    # The library's inverses are one-step approximations; ours are exact and within 0.5 m.
    assert haversine_m(*bd09_to_gcj02(*point), 39.90865673957631, 116.39762729119315) < 0.5
    assert haversine_m(*gcj02_to_wgs84(*point), 39.91359571849836, 116.39775550083061) < 0.5


def test_gcj02_shifts_chongqing_by_a_few_hundred_metres():
    shift = haversine_m(*wgs84_to_gcj02(*CHONGQING), *CHONGQING)
    assert 200 < shift < 700
    assert 500 < haversine_m(*wgs84_to_bd09(*CHONGQING), *CHONGQING) < 1500


def test_round_trips_inside_china_are_under_half_a_metre():
    rng = np.random.default_rng(11)
    lat = rng.uniform(18.0, 53.5, 20000)
    lon = rng.uniform(73.5, 135.0, 20000)
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert haversine_m(*back, lat, lon).max() < 0.5
    back = bd09_to_wgs84(*wgs84_to_bd09(lat, lon))
    assert haversine_m(*back, lat, lon).max() < 0.5
    back = bd09_to_gcj02(*gcj02_to_bd09(lat, lon))
    assert haversine_m(*back, lat, lon).max() < 0.5


def test_points_outside_china_are_not_shifted_by_gcj02():
    lat = np.array([51.5007, -33.8568, 40.6892, 35.6586])  # London, Sydney, New York, Tokyo
    lon = np.array([-0.1246, 151.2153, -74.0445, 139.7454])
    assert not in_china(lat, lon).any()
    for convert in (wgs84_to_gcj02, gcj02_to_wgs84):
        out_lat, out_lon = convert(lat, lon)
        np.testing.assert_array_equal(out_lat, lat)
        np.testing.assert_array_equal(out_lon, lon)


def test_to_wgs84_dispatches_on_the_stated_system():
    bd = wgs84_to_bd09(*CHONGQING)
    gcj = wgs84_to_gcj02(*CHONGQING)
    for system, point in [
        (CoordinateSystem.WGS84, CHONGQING),
        (CoordinateSystem.GCJ02, gcj),
        ("gcj02", gcj),
        (CoordinateSystem.BD09, bd),
    ]:
        assert haversine_m(*to_wgs84(*point, system), *CHONGQING) < 0.01, system
    with pytest.raises(ValueError):
        to_wgs84(*CHONGQING, "bd-09")
