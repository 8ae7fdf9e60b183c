"""Place pickers: towns, villages/communities and their residential clusters."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import UserError
from db.models import Cluster, Town, Unit, Village


def receiving_unit(session: Session, unit_id: int | None, field: str = "unit_id") -> Unit:
    """The unit a matter, a route or a notice is handed to: it exists and is active (a
    deactivated unit keeps its history but receives nothing new)."""
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise UserError("error.unit_unknown", field=field)
    if not unit.is_active:
        raise UserError("error.unit_inactive", field=field, unit=unit.name)
    return unit


def clusters_of(session: Session, village_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(Cluster.id, Cluster.name, Cluster.population)
        .where(Cluster.village_id == village_id)
        .order_by(Cluster.name)
    ).all()
    return pd.DataFrame(rows, columns=["cluster_id", "cluster", "population"])


def town_names(session: Session) -> dict[int, str]:
    """Every town's name by id (pickers of towns)."""
    return dict(session.execute(select(Town.id, Town.name).order_by(Town.id)).all())


def places(session: Session) -> pd.DataFrame:
    """Every town and village/community with the village centre (WGS-84), for pickers."""
    stmt = (
        select(Town.id, Town.name, Village.id, Village.name, Village.lat, Village.lon)
        .join(Town, Village.town_id == Town.id)
        .order_by(Town.id, Village.id)
    )
    rows = [tuple(row) for row in session.execute(stmt)]
    return pd.DataFrame(rows, columns=["town_id", "town", "village_id", "village", "lat", "lon"])
