"""Searching the roster in SQL: filters, sorting, paging, counts, and the intake picker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from core.errors import UserError
from core.vocab import AgentCategory, AgentStatus
from db.models import (
    Agent,
    Town,
    TrainingRecord,
    Village,
)

#: Allowed status changes (BRIEF §4): trainee → active → suspended ⇄ active; any → retired.
TRANSITIONS: dict[AgentStatus, frozenset[AgentStatus]] = {
    AgentStatus.TRAINEE: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.ACTIVE: frozenset({AgentStatus.SUSPENDED, AgentStatus.RETIRED}),
    AgentStatus.SUSPENDED: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.RETIRED: frozenset(),
}

# --- search ---------------------------------------------------------------------------


@dataclass
class AgentFilter:
    """Every criterion is optional; text fields match substrings."""

    text: str = ""  # name, code or phone
    name: str = ""
    code: str = ""
    phone: str = ""
    town_id: int | None = None
    village_id: int | None = None
    category: AgentCategory | None = None
    status: AgentStatus | None = None
    trained: bool | None = None
    public_servant: bool | None = None
    online_capable: bool | None = None


def _trained():
    return exists().where(TrainingRecord.agent_id == Agent.id, TrainingRecord.passed)


ROSTER_COLUMNS = {
    "id": Agent.id,
    "code": Agent.code,
    "name": Agent.name,
    "gender": Agent.gender,
    "phone": Agent.phone,
    "email": Agent.email,
    "address": Agent.address,
    "category": Agent.category,
    "public_servant": Agent.is_public_servant,
    "town_id": Town.id,
    "town": Town.name,
    "village_id": Village.id,
    "village": Village.name,
    "status": Agent.status,
    "online_capable": Agent.online_capable,
    "trained": _trained(),
    "joined_on": Agent.joined_on,
    "lat": Agent.lat,
    "lon": Agent.lon,
    "version": Agent.version,
}
SORTABLE = ("code", "name", "phone", "category", "town", "village", "status", "joined_on")


def _contains(column, text: str):
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def filtered(stmt: Select, flt: AgentFilter) -> Select:
    stmt = stmt.join(Village, Agent.village_id == Village.id).join(Town, Village.town_id == Town.id)
    if flt.text.strip():
        stmt = stmt.where(
            or_(*(_contains(c, flt.text) for c in (Agent.name, Agent.code, Agent.phone)))
        )
    for column, text in ((Agent.name, flt.name), (Agent.code, flt.code), (Agent.phone, flt.phone)):
        if text.strip():
            stmt = stmt.where(_contains(column, text))
    equal = (
        (Town.id, flt.town_id),
        (Village.id, flt.village_id),
        (Agent.category, flt.category),
        (Agent.status, flt.status),
        (Agent.is_public_servant, flt.public_servant),
        (Agent.online_capable, flt.online_capable),
    )
    for column, value in equal:
        if value is not None:
            stmt = stmt.where(column == value)
    if flt.trained is not None:
        stmt = stmt.where(_trained() if flt.trained else ~_trained())
    return stmt


def plain_frame(rows, columns: Iterable[str]) -> pd.DataFrame:
    """Rows to a DataFrame, enum members as their plain stored values."""
    return pd.DataFrame(
        [[getattr(v, "value", v) for v in row] for row in rows], columns=list(columns)
    )


@dataclass(frozen=True)
class RosterPage:
    agents: pd.DataFrame
    total: int  # matching agents on all pages


def search_agents(
    session: Session,
    flt: AgentFilter | None = None,
    sort_by: str = "code",
    descending: bool = False,
    page: int = 0,
    page_size: int | None = None,
) -> RosterPage:
    """One page of the filtered, sorted roster (page_size None = every match)."""
    flt = flt or AgentFilter()
    if sort_by not in SORTABLE:
        raise UserError("error.sort_unknown", column=sort_by)
    order = ROSTER_COLUMNS[sort_by]
    stmt = filtered(select(*(c.label(n) for n, c in ROSTER_COLUMNS.items())), flt)
    stmt = stmt.order_by(order.desc() if descending else order, Agent.code)
    if page_size is not None:
        stmt = stmt.offset(page * page_size).limit(page_size)
    total = session.scalar(filtered(select(func.count(Agent.id)), flt))
    return RosterPage(plain_frame(session.execute(stmt), ROSTER_COLUMNS), total)


def counts_by_category(session: Session, flt: AgentFilter | None = None) -> pd.DataFrame:
    stmt = filtered(select(Agent.category, func.count(Agent.id)), flt or AgentFilter())
    rows = session.execute(stmt.group_by(Agent.category).order_by(Agent.category))
    return plain_frame(rows, ["category", "agents"])


def counts_by_town(session: Session, flt: AgentFilter | None = None) -> pd.DataFrame:
    stmt = filtered(select(Town.id, Town.name, func.count(Agent.id)), flt or AgentFilter())
    rows = session.execute(stmt.group_by(Town.id, Town.name).order_by(Town.name))
    return plain_frame(rows, ["town_id", "town", "agents"])


@dataclass(frozen=True)
class AgentChoice:
    id: int
    code: str
    name: str
    phone: str
    village: str
    online_capable: bool


def find_active_agents(session: Session, text: str, limit: int = 20) -> list[AgentChoice]:
    """Active agents matching code, name or phone: the only ones intake may choose."""
    stmt = filtered(
        select(Agent.id, Agent.code, Agent.name, Agent.phone, Village.name, Agent.online_capable),
        AgentFilter(text=text, status=AgentStatus.ACTIVE),
    )
    return [AgentChoice(*row) for row in session.execute(stmt.order_by(Agent.code).limit(limit))]
