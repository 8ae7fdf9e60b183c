"""Place pickers: towns, villages/communities and their residential clusters."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Cluster, Town, Village


def clusters_of(session: Session, village_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(Cluster.id, Cluster.name, Cluster.population)
        .where(Cluster.village_id == village_id)
        .order_by(Cluster.name)
    ).all()
    return pd.DataFrame(rows, columns=["cluster_id", "cluster", "population"])


def places(session: Session) -> pd.DataFrame:
    """Every town and village/community with the village centre (WGS-84), for pickers."""
    stmt = (
        select(Town.id, Town.name, Village.id, Village.name, Village.lat, Village.lon)
        .join(Town, Village.town_id == Town.id)
        .order_by(Town.id, Village.id)
    )
    rows = [tuple(row) for row in session.execute(stmt)]
    return pd.DataFrame(rows, columns=["town_id", "town", "village_id", "village", "lat", "lon"])
