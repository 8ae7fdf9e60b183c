"""Who handles what where: the routing table topic × town → unit, as data an admin edits.

A town-specific row wins over the district-wide row (town empty) for the same topic.
The table only suggests: the clerk confirms or picks another unit at triage. Each row keeps
who changed it last and when; every change (old and new unit) is in the change log
(`core.history`, entity ``routing_rule``, key ``<topic>/<town id or *>``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from core.errors import UserError
from core.history import ROUTE, change_history, record_change
from core.places import receiving_unit
from core.policy import actor_name, require
from core.timeutil import now_utc
from core.users import UserView
from core.validation import checked_text
from core.vocab import Topic, UnitLevel
from db.models import RoutingRule, Town, Unit

#: Units a matter may be handled by locally (triage outcome "handle locally").
LOCAL_LEVELS = frozenset({UnitLevel.TOWN_GOVERNMENT, UnitLevel.VILLAGE_COMMITTEE})
#: The reason given for a routing change (kept in the change log), as typed.
REASON_LIMIT = 1_000


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


def route_key(topic: Topic | str, town_id: int | None) -> str:
    """The change-log key of the row topic × town."""
    return f"{Topic(topic).value}/{'*' if town_id is None else town_id}"


def set_route(
    session: Session,
    topic: Topic | str,
    town_id: int | None,
    unit_id: int,
    actor: UserView | str,
    *,
    reason: str | None = None,
) -> None:
    """Create or change the row for topic × town (town None = district-wide). Administrators
    only (`core.policy`)."""
    require(actor, "intake.routing")
    reason = checked_text(reason, "reason", REASON_LIMIT, multiline=True)
    receiving_unit(session, unit_id)
    if town_id is not None and session.get(Town, town_id) is None:
        raise UserError("error.town_unknown", field="town_id")
    topic = Topic(topic)
    town_clause = (
        RoutingRule.town_id.is_(None) if town_id is None else RoutingRule.town_id == town_id
    )
    rule = session.scalar(select(RoutingRule).where(RoutingRule.topic == topic, town_clause))
    old_unit = None if rule is None else rule.unit_id
    if rule is None:
        rule = RoutingRule(topic=topic, town_id=town_id)
        session.add(rule)
    record_change(
        session, ROUTE, route_key(topic, town_id), "unit_id", old_unit, unit_id, actor, reason
    )
    rule.unit_id, rule.updated_at, rule.updated_by = unit_id, now_utc(), actor_name(actor)
    session.flush()


ROUTE_HISTORY_COLUMNS = ["changed_at", "actor", "topic", "town", "old_unit", "new_unit", "reason"]


def route_history(session: Session) -> pd.DataFrame:
    """Every change of the routing table, newest first: who, when, which route, old and new
    unit name (topic as its stored value, town empty = district-wide)."""
    log = change_history(session, ROUTE)
    if log.empty:
        return pd.DataFrame(columns=ROUTE_HISTORY_COLUMNS)
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    towns = dict(session.execute(select(Town.id, Town.name)).all())

    def unit_name(value):
        return None if pd.isna(value) else units.get(int(value), value)

    topic_town = log["entity_key"].str.split("/", n=1, expand=True)
    return pd.DataFrame(
        {
            "changed_at": log["changed_at"],
            "actor": log["actor"],
            "topic": topic_town[0],
            "town": [None if t == "*" else towns.get(int(t), t) for t in topic_town[1]],
            "old_unit": [unit_name(v) for v in log["old_value"]],
            "new_unit": [unit_name(v) for v in log["new_value"]],
            "reason": log["reason"],
        },
        columns=ROUTE_HISTORY_COLUMNS,
    )


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
