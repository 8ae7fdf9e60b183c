"""Place pickers: the clusters of a village/community (towns and villages: `core.roster.places`)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Cluster


def clusters_of(session: Session, village_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(Cluster.id, Cluster.name, Cluster.population)
        .where(Cluster.village_id == village_id)
        .order_by(Cluster.name)
    ).all()
    return pd.DataFrame(rows, columns=["cluster_id", "cluster", "population"])
