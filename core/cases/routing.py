"""Who handles what where: the routing table topic × town → unit, as data an admin edits.

A town-specific row wins over the district-wide row (town empty) for the same topic.
The table only suggests: the clerk confirms or picks another unit at triage. Each row keeps
who changed it last and when.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from core.errors import UserError
from core.timeutil import now_utc
from core.vocab import Topic, UnitLevel
from db.models import RoutingRule, Town, Unit

#: Units a matter may be handled by locally (triage outcome "handle locally").
LOCAL_LEVELS = frozenset({UnitLevel.TOWN_GOVERNMENT, UnitLevel.VILLAGE_COMMITTEE})


@dataclass(frozen=True)
class UnitChoice:
    id: int
    code: str
    name: str
    level: UnitLevel


def _choice(unit: Unit) -> UnitChoice:
    return UnitChoice(unit.id, unit.code, unit.name, unit.level)


def suggest_unit(session: Session, topic: Topic | str, town_id: int | None) -> UnitChoice | None:
    """The unit the table names for a topic in a town, else the district-wide one."""
    rows = session.execute(
        select(RoutingRule.town_id, Unit)
        .join(Unit, Unit.id == RoutingRule.unit_id)
        .where(
            RoutingRule.topic == Topic(topic),
            or_(RoutingRule.town_id.is_(None), RoutingRule.town_id == town_id),
        )
    ).all()
    ranked = sorted(rows, key=lambda row: row.town_id is None)  # town-specific first
    return _choice(ranked[0][1]) if ranked else None


def set_route(
    session: Session, topic: Topic | str, town_id: int | None, unit_id: int, actor: str
) -> None:
    """Create or change the row for topic × town (town None = district-wide)."""
    if session.get(Unit, unit_id) is None:
        raise UserError("error.unit_unknown", field="unit_id")
    if town_id is not None and session.get(Town, town_id) is None:
        raise UserError("error.town_unknown", field="town_id")
    topic = Topic(topic)
    town_clause = (
        RoutingRule.town_id.is_(None) if town_id is None else RoutingRule.town_id == town_id
    )
    rule = session.scalar(select(RoutingRule).where(RoutingRule.topic == topic, town_clause))
    if rule is None:
        rule = RoutingRule(topic=topic, town_id=town_id)
        session.add(rule)
    rule.unit_id, rule.updated_at, rule.updated_by = unit_id, now_utc(), actor
    session.flush()


def routes(session: Session) -> pd.DataFrame:
    """The whole table for the admin page: topic, town (empty = district-wide), unit, who/when."""
    town, unit = aliased(Town), aliased(Unit)
    rows = session.execute(
        select(
            RoutingRule.topic,
            RoutingRule.town_id,
            town.name.label("town"),
            RoutingRule.unit_id,
            unit.name.label("unit"),
            RoutingRule.updated_by,
            RoutingRule.updated_at,
        )
        .join(unit, unit.id == RoutingRule.unit_id)
        .outerjoin(town, town.id == RoutingRule.town_id)
        .order_by(RoutingRule.topic, town.name)
    ).all()
    columns = ["topic", "town_id", "town", "unit_id", "unit", "updated_by", "updated_at"]
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def coordination_unit(session: Session) -> UnitChoice:
    """The district information centre, which coordinates cross-unit matters."""
    unit = session.scalar(
        select(Unit).where(Unit.level == UnitLevel.INFORMATION_CENTRE).order_by(Unit.id)
    )
    if unit is None:
        raise UserError("error.no_information_centre")
    return _choice(unit)


def local_units(session: Session, town_id: int, village_id: int | None) -> list[UnitChoice]:
    """The town government and the village committee of a place (for 'handle locally')."""
    units = session.scalars(
        select(Unit)
        .where(
            Unit.level.in_(LOCAL_LEVELS),
            or_(
                (Unit.level == UnitLevel.TOWN_GOVERNMENT) & (Unit.town_id == town_id),
                (Unit.level == UnitLevel.VILLAGE_COMMITTEE) & (Unit.village_id == village_id),
            ),
        )
        .order_by(Unit.level, Unit.name)
    )
    return [_choice(u) for u in units]
