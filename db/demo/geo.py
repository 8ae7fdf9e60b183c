"""Small WGS-84 helpers: metre offsets around a point and great-circle distances."""

from __future__ import annotations

import math

import numpy as np

from core.coverage.geo import EARTH_RADIUS_M

#: The demo district's bounding box (九龙坡区, roughly): nothing is placed outside it.
LAT_MIN, LAT_MAX = 29.30, 29.56
LON_MIN, LON_MAX = 106.20, 106.56


def offset(lat: float, lon: float, east_m: float, north_m: float) -> tuple[float, float]:
    """The point `east_m` east and `north_m` north of (lat, lon) (flat-earth, fine at km scale)."""
    dlat = north_m / EARTH_RADIUS_M
    dlon = east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat)))
    return lat + math.degrees(dlat), lon + math.degrees(dlon)


def inside(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def to_xy(lat: np.ndarray, lon: np.ndarray, lat0: float = 29.45) -> np.ndarray:
    """Equirectangular metres (x east, y north): good enough for 1 km neighbourhoods."""
    k = math.radians(1) * EARTH_RADIUS_M
    x = np.asarray(lon) * k * math.cos(math.radians(lat0))
    return np.column_stack([x, np.asarray(lat) * k])


def from_xy(x: float, y: float, lat0: float = 29.45) -> tuple[float, float]:
    """Inverse of `to_xy` for one point: (lat, lon)."""
    k = math.radians(1) * EARTH_RADIUS_M
    return y / k, x / (k * math.cos(math.radians(lat0)))
