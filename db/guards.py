"""Invariants of the event log, checked on every flush of a write session.

- `MatterEvent` rows are append-only: an update or delete aborts the transaction.
- A `Matter` is never inserted or changed without a new `MatterEvent` for it in the same
  flush, so timelines, audit and reports derived from the log are complete.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from db.models import Matter, MatterEvent


class EventLogViolation(RuntimeError):
    pass


def install() -> None:
    """Check every ORM session in the process (idempotent)."""
    if not event.contains(Session, "before_flush", _check):
        event.listen(Session, "before_flush", _check)


def _check(session: Session, _flush_context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, MatterEvent):
            raise EventLogViolation("matter events are append-only")
    events = [o for o in session.new if isinstance(o, MatterEvent)]
    logged_objects = {id(e.matter) for e in events if e.matter is not None}
    logged_ids = {e.matter_id for e in events if e.matter_id is not None}
    for obj in list(session.new) + [o for o in session.dirty if session.is_modified(o)]:
        if not isinstance(obj, Matter):
            continue
        if id(obj) not in logged_objects and obj.id not in logged_ids:
            raise EventLogViolation(
                f"matter {obj.case_number} changed without an event in the same transaction"
            )
    for obj in session.deleted:
        if isinstance(obj, Matter):
            raise EventLogViolation("matters are never deleted")
