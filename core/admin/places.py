"""Places as administrators keep them: towns, villages/communities and residential clusters,
listed, searched and edited (name, households and population, coordinates).

Coordinates are stored in WGS-84; an edit names the system it was read in (as the cluster
upload does, `core.coverage.cluster_import`) and is converted before it is checked against
the district and stored. Every change is in the change log (entities ``town``, ``village``,
``cluster``, key the place's code). The cluster upload itself is `import_clusters`.
"""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.agents.checks import district_bounds
from core.coverage.geo import CoordinateSystem, to_wgs84
from core.errors import UserError, ValidationErrors
from core.history import change_history, record_changes
from core.policy import require
from core.users import UserView
from core.validation import check_coordinates, check_int_range, check_text, is_blank
from db.models import Cluster, Town, Village

TOWN, VILLAGE, CLUSTER = "town", "village", "cluster"
NAME_LIMIT = 64
MAX_COUNT = 1_000_000
#: How many clusters a search shows at most (the district has about 3,000).
CLUSTER_LIMIT = 500


def _like(text: str | None):
    text = (text or "").strip()
    return f"%{text}%" if text else None


def towns_table(session: Session, actor: UserView, search: str | None = None) -> pd.DataFrame:
    require(actor, "places.manage")
    stmt = select(Town.id, Town.code, Town.name, Town.kind, Town.lat, Town.lon).order_by(Town.id)
    if (pattern := _like(search)) is not None:
        stmt = stmt.where(or_(Town.name.like(pattern), Town.code.like(pattern)))
    rows = session.execute(stmt).all()
    return pd.DataFrame(
        [tuple(r) for r in rows], columns=["id", "code", "name", "kind", "lat", "lon"]
    )


def villages_table(
    session: Session, actor: UserView, search: str | None = None, town_id: int | None = None
) -> pd.DataFrame:
    require(actor, "places.manage")
    stmt = (
        select(
            Village.id,
            Village.code,
            Village.name,
            Village.kind,
            Town.name,
            Village.lat,
            Village.lon,
        )
        .join(Town, Town.id == Village.town_id)
        .order_by(Village.id)
    )
    if town_id is not None:
        stmt = stmt.where(Village.town_id == town_id)
    if (pattern := _like(search)) is not None:
        stmt = stmt.where(or_(Village.name.like(pattern), Village.code.like(pattern)))
    rows = session.execute(stmt).all()
    return pd.DataFrame(
        [tuple(r) for r in rows], columns=["id", "code", "name", "kind", "town", "lat", "lon"]
    )


def clusters_table(
    session: Session,
    actor: UserView,
    search: str | None = None,
    town_id: int | None = None,
    limit: int = CLUSTER_LIMIT,
) -> pd.DataFrame:
    require(actor, "places.manage")
    stmt = (
        select(
            Cluster.id,
            Cluster.code,
            Cluster.name,
            Cluster.kind,
            Village.name,
            Town.name,
            Cluster.households,
            Cluster.population,
            Cluster.lat,
            Cluster.lon,
        )
        .join(Village, Village.id == Cluster.village_id)
        .join(Town, Town.id == Village.town_id)
        .order_by(Cluster.id)
        .limit(limit)
    )
    if town_id is not None:
        stmt = stmt.where(Village.town_id == town_id)
    if (pattern := _like(search)) is not None:
        stmt = stmt.where(
            or_(Cluster.name.like(pattern), Cluster.code.like(pattern), Village.name.like(pattern))
        )
    rows = session.execute(stmt).all()
    columns = [
        "id",
        "code",
        "name",
        "kind",
        "village",
        "town",
        "households",
        "population",
        "lat",
        "lon",
    ]
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def place_history(session: Session, actor: UserView, entity: str | None = None) -> pd.DataFrame:
    """The logged edits of places, newest first (all kinds, or one)."""
    require(actor, "places.manage")
    if entity is not None:
        return change_history(session, entity)
    frames = [change_history(session, kind) for kind in (TOWN, VILLAGE, CLUSTER)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return change_history(session, CLUSTER)
    merged = pd.concat(frames, ignore_index=True)
    return merged.sort_values("changed_at", ascending=False, kind="stable").reset_index(drop=True)


def _checked(
    session: Session,
    name: str,
    lat: float,
    lon: float,
    system: CoordinateSystem | str,
    counts: dict[str, float] | None = None,
) -> dict:
    errors = ValidationErrors()
    name = (name or "").strip()
    if is_blank(name):
        errors.add("error.required", "name")
    elif key := check_text(name, NAME_LIMIT):
        errors.add(key, "name", limit=NAME_LIMIT)
    values: dict = {"name": name}
    for field, value in (counts or {}).items():
        key = check_int_range(float(value), 0, MAX_COUNT)
        if key:
            errors.add(key, field, value=value, low=0, high=f"{MAX_COUNT:,}")
        else:
            values[field] = int(value)
    if not all(math.isfinite(float(v)) for v in (lat, lon)):
        errors.add("error.coordinates_invalid", "lat")
    elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.add("error.coordinates_invalid", "lat")
    else:
        wlat, wlon = (float(v) for v in to_wgs84(lat, lon, CoordinateSystem(system)))
        key = check_coordinates(wlat, wlon, district_bounds(session))
        if key:
            errors.add(key, "lat")
        values["lat"], values["lon"] = round(wlat, 7), round(wlon, 7)
    errors.raise_if_any()
    return values


def _apply(session, entity, row, values, actor) -> int:
    old = {field: getattr(row, field) for field in values}
    count = record_changes(session, entity, row.code, old, values, actor)
    for field, value in values.items():
        setattr(row, field, value)
    session.flush()
    return count


def update_town(
    session: Session,
    actor: UserView,
    town_id: int,
    *,
    name: str,
    lat: float,
    lon: float,
    system: CoordinateSystem | str = CoordinateSystem.WGS84,
) -> int:
    """Edit a town's name and centre; returns how many fields changed."""
    require(actor, "places.manage")
    town = session.get(Town, town_id)
    if town is None:
        raise UserError("error.town_unknown", field="town_id")
    return _apply(session, TOWN, town, _checked(session, name, lat, lon, system), actor)


def update_village(
    session: Session,
    actor: UserView,
    village_id: int,
    *,
    name: str,
    lat: float,
    lon: float,
    system: CoordinateSystem | str = CoordinateSystem.WGS84,
) -> int:
    require(actor, "places.manage")
    village = session.get(Village, village_id)
    if village is None:
        raise UserError("error.village_unknown", field="village_id")
    return _apply(session, VILLAGE, village, _checked(session, name, lat, lon, system), actor)


def update_cluster(
    session: Session,
    actor: UserView,
    cluster_id: int,
    *,
    name: str,
    households: int,
    population: int,
    lat: float,
    lon: float,
    system: CoordinateSystem | str = CoordinateSystem.WGS84,
) -> int:
    require(actor, "places.manage")
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        raise UserError("error.cluster_unknown", field="cluster_id")
    counts = {"households": households, "population": population}
    values = _checked(session, name, lat, lon, system, counts)
    return _apply(session, CLUSTER, cluster, values, actor)
