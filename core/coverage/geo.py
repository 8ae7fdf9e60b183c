"""Coordinates and distances: great-circle metres on WGS-84, and China's map datums.

Distances are great-circle distances on a sphere of the WGS-84 mean radius
R1 = (2a + b) / 3 = 6,371,008.8 m (IUGG). Against the ellipsoid this is off by at most
0.5 % anywhere and 0.3 % at Chongqing's latitude (3 m on the 1 km walking radius), below
the uncertainty of where an agent's post or a cluster's centre is drawn.

Chinese map services do not publish WGS-84: Amap and Tencent use GCJ-02 and Baidu uses
BD-09, 0.5-1.4 km off, as much as the walking radius itself. Every place where coordinates
come in therefore says which system they are in and passes them through `to_wgs84`.
The forward transforms are the public formulas; their inverses have no closed form and
are solved by fixed-point iteration to well under a centimetre.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

EARTH_RADIUS_M = 6_371_008.8

FloatArray = NDArray[np.float64]
LatLon = tuple[FloatArray, FloatArray]


class CoordinateSystem(enum.StrEnum):
    WGS84 = "wgs84"  # GPS, Tianditu (天地图), OpenStreetMap
    GCJ02 = "gcj02"  # Amap (高德), Tencent (腾讯), Google Maps in China
    BD09 = "bd09"  # Baidu (百度)


# --- distances ------------------------------------------------------------------------


def haversine_m(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Great-circle distance in metres between points in degrees (NumPy broadcasting)."""
    phi1, lam1, phi2, lam2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2)
    )
    h = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def unit_vectors(lat: ArrayLike, lon: ArrayLike) -> FloatArray:
    """Points in degrees as (n, 3) unit vectors: straight-line (chord) distance between them
    grows with great-circle distance, so a Euclidean KD-tree finds exact spherical neighbours."""
    phi = np.radians(np.asarray(lat, dtype=float)).ravel()
    lam = np.radians(np.asarray(lon, dtype=float)).ravel()
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def chord_to_metres(chord: ArrayLike) -> FloatArray:
    """Great-circle metres for a chord between unit vectors (inf stays inf)."""
    half = np.clip(np.asarray(chord, dtype=float) / 2, 0.0, None)
    with np.errstate(invalid="ignore"):
        arc = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(half, 1.0))
    return np.where(np.isinf(half), np.inf, arc)


def metres_to_chord(metres: float) -> float:
    """The chord between unit vectors that are `metres` apart along the great circle."""
    return float(2 * np.sin(min(metres, np.pi * EARTH_RADIUS_M) / (2 * EARTH_RADIUS_M)))


def bounding_box(lat: float, lon: float, metres: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees: a box holding every point within `metres` of
    (lat, lon), for a cheap indexed pre-filter in SQL before exact distances.

    The east-west half-width is the exact extent of a spherical cap, asin(sin δ / cos φ);
    boxes are not split at the antimeridian (China is far from it)."""
    angle = metres / EARTH_RADIUS_M
    pad = 1e-9  # degrees (0.1 mm): never lose a point exactly on the edge to rounding
    dlat = np.degrees(angle) + pad
    ratio = np.sin(min(angle, np.pi / 2)) / np.cos(np.radians(lat))
    dlon = 180.0 if ratio >= 1 else float(np.degrees(np.arcsin(ratio))) + pad
    return max(lat - dlat, -90.0), min(lat + dlat, 90.0), lon - dlon, lon + dlon


# --- GCJ-02 and BD-09 ---------------------------------------------------------------

# The Krasovsky 1940 ellipsoid the GCJ-02 formula is written on.
_KRASOVSKY_A = 6_378_245.0
_KRASOVSKY_E2 = 0.00669342162296594323
_BD_X_PI = np.pi * 3000.0 / 180.0


def in_china(lat: ArrayLike, lon: ArrayLike) -> NDArray[np.bool_]:
    """The rectangle within which the public GCJ-02 formula shifts points (others are unchanged)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    return (lon > 72.004) & (lon < 137.8347) & (lat > 0.8293) & (lat < 55.8271)


def _gcj_shift_lat(x: FloatArray, y: FloatArray) -> FloatArray:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _gcj_shift_lon(x: FloatArray, y: FloatArray) -> FloatArray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    """WGS-84 → GCJ-02 (the public formula); points outside China are returned unchanged."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    x, y = lon - 105.0, lat - 35.0
    rad_lat = np.radians(lat)
    magic = 1 - _KRASOVSKY_E2 * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (_gcj_shift_lat(x, y) * 180.0) / (
        (_KRASOVSKY_A * (1 - _KRASOVSKY_E2)) / (magic * sqrt_magic) * np.pi
    )
    d_lon = (_gcj_shift_lon(x, y) * 180.0) / (_KRASOVSKY_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    inside = in_china(lat, lon)
    return np.where(inside, lat + d_lat, lat), np.where(inside, lon + d_lon, lon)


def gcj02_to_bd09(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    """GCJ-02 → BD-09 (the public formula)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _BD_X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BD_X_PI)
    return z * np.sin(theta) + 0.006, z * np.cos(theta) + 0.0065


def _bd09_to_gcj02_closed_form(lat: FloatArray, lon: FloatArray) -> LatLon:
    """The widely copied approximate inverse of `gcj02_to_bd09` (off by up to 0.3 m)."""
    x, y = lon - 0.0065, lat - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BD_X_PI)
    return z * np.sin(theta), z * np.cos(theta)


def _invert(
    forward: Callable[[FloatArray, FloatArray], LatLon],
    lat: FloatArray,
    lon: FloatArray,
    start: LatLon,
    tolerance_deg: float = 1e-11,
    max_iterations: int = 30,
) -> LatLon:
    """Solve forward(x) = target by fixed-point iteration x ← x − (forward(x) − target).

    Both shifts change by far less than a degree over a degree, so each step shrinks the
    error by orders of magnitude: a few steps reach 1e-11° (about a millimetre)."""
    guess_lat, guess_lon = (np.array(a, dtype=float) for a in start)
    for _ in range(max_iterations):
        fwd_lat, fwd_lon = forward(guess_lat, guess_lon)
        err_lat, err_lon = fwd_lat - lat, fwd_lon - lon
        guess_lat, guess_lon = guess_lat - err_lat, guess_lon - err_lon
        if np.all(np.abs(err_lat) < tolerance_deg) and np.all(np.abs(err_lon) < tolerance_deg):
            break
    return guess_lat, guess_lon


def gcj02_to_wgs84(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    """GCJ-02 → WGS-84, the exact inverse of `wgs84_to_gcj02` (iterated, < 1 mm)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    return _invert(wgs84_to_gcj02, lat, lon, start=(lat, lon))


def bd09_to_gcj02(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    """BD-09 → GCJ-02, the exact inverse of `gcj02_to_bd09` (iterated from the closed form)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    return _invert(gcj02_to_bd09, lat, lon, start=_bd09_to_gcj02_closed_form(lat, lon))


def wgs84_to_bd09(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def bd09_to_wgs84(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


def _as_is(lat: ArrayLike, lon: ArrayLike) -> LatLon:
    return np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)


_TO_WGS84: dict[CoordinateSystem, Callable[[ArrayLike, ArrayLike], LatLon]] = {
    CoordinateSystem.WGS84: _as_is,
    CoordinateSystem.GCJ02: gcj02_to_wgs84,
    CoordinateSystem.BD09: bd09_to_wgs84,
}


def to_wgs84(lat: ArrayLike, lon: ArrayLike, system: CoordinateSystem | str) -> LatLon:
    """Coordinates as they came in (from a form, an import, a map service) → WGS-84.

    Scalars in give 0-d arrays out: use `float(...)` to store a single point."""
    return _TO_WGS84[CoordinateSystem(system)](lat, lon)
