"""The change log of non-matter records: who changed which field, when, from what to what.

Settings, routing rules and agents' fields are overwritten in place; before they are, the
use case calls `record_change` for each field whose value differs, so the old value is never
lost. Values are stored as text (`as_text`); pages read them back with `change_history`.
Matters keep their history in their own event log (`core.cases.workflow`).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.timeutil import now_utc
from db.models import ChangeLog

if TYPE_CHECKING:  # core.users imports core.settings, which logs through here
    from core.users import UserView

#: Entities with a history (``entity`` column of ``change_log``).
SETTING, ROUTE, AGENT, PETITIONER = "setting", "routing_rule", "agent", "petitioner"
TRAINING_SESSION = "training_session"

HISTORY_COLUMNS = [
    "changed_at",
    "entity",
    "entity_key",
    "field",
    "old_value",
    "new_value",
    "actor",
    "reason",
]


def as_text(value: Any) -> str | None:
    """A value as the change log stores it: enums by value, dates in ISO, others as JSON."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def record_change(
    session: Session,
    entity: str,
    key: Any,
    field: str,
    old: Any,
    new: Any,
    actor: UserView | str,
    reason: str | None = None,
    *,
    changed_at: dt.datetime | None = None,
) -> ChangeLog | None:
    """Log one field change; nothing is written when the value did not change."""
    from core.policy import actor_name

    old_text, new_text = as_text(old), as_text(new)
    if old_text == new_text:
        return None
    row = ChangeLog(
        entity=entity,
        entity_key=str(key),
        field=field,
        old_value=old_text,
        new_value=new_text,
        actor=actor_name(actor),
        changed_at=changed_at or now_utc(),
        reason=reason,
    )
    session.add(row)
    return row


def record_changes(
    session: Session,
    entity: str,
    key: Any,
    old: dict[str, Any],
    new: dict[str, Any],
    actor: UserView | str,
    reason: str | None = None,
) -> int:
    """Log every field of `new` whose value differs from `old`; returns how many."""
    when = now_utc()
    return sum(
        record_change(
            session, entity, key, name, old.get(name), value, actor, reason, changed_at=when
        )
        is not None
        for name, value in new.items()
    )


def change_rows(
    entity: str,
    key: Any,
    old: Any,
    new: dict[str, Any],
    actor: UserView | str,
    reason: str | None = None,
    changed_at: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """``change_log`` rows (for a bulk insert) of the fields of `new` that differ from `old`
    (a mapping or an object with those attributes)."""
    from core.policy import actor_name

    when, name = changed_at or now_utc(), actor_name(actor)
    rows = []
    for field, value in new.items():
        before = old.get(field) if isinstance(old, dict) else getattr(old, field)
        old_text, new_text = as_text(before), as_text(value)
        if old_text != new_text:
            rows.append(
                {
                    "entity": entity,
                    "entity_key": str(key),
                    "field": field,
                    "old_value": old_text,
                    "new_value": new_text,
                    "actor": name,
                    "changed_at": when,
                    "reason": reason,
                }
            )
    return rows


def change_history(session: Session, entity: str | None = None, key: Any = None) -> pd.DataFrame:
    """The logged changes, newest first, optionally of one entity kind and one record."""
    stmt = select(ChangeLog)
    if entity is not None:
        stmt = stmt.where(ChangeLog.entity == entity)
    if key is not None:
        stmt = stmt.where(ChangeLog.entity_key == str(key))
    rows = session.scalars(stmt.order_by(ChangeLog.changed_at.desc(), ChangeLog.id.desc()))
    return pd.DataFrame(
        [[getattr(r, c) for c in HISTORY_COLUMNS] for r in rows], columns=HISTORY_COLUMNS
    )
