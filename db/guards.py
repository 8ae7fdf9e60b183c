"""Invariants of the event log, checked on every flush and commit of a write session.

- `MatterEvent` rows are append-only: an update or delete aborts the transaction.
- A `Matter` is never inserted or changed without a new `MatterEvent` for it in the same
  transaction, so timelines, audit and reports derived from the log are complete. The event
  may come in a later flush than the change (a registration logs its matter only once it is
  numbered, its last step); a commit with a matter still unlogged is refused.
- Matters are never deleted.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from db.models import Matter, MatterEvent

#: session.info key: matters written in this transaction that have no event yet.
_UNLOGGED = "guards.unlogged_matters"


class EventLogViolation(RuntimeError):
    pass


def install() -> None:
    """Check every ORM session in the process (idempotent)."""
    for name, listener in (
        ("before_flush", _check),
        ("before_commit", _check_commit),
        ("after_commit", _forget),
        ("after_soft_rollback", _forget_on_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _check(session: Session, _flush_context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, MatterEvent):
            raise EventLogViolation("matter events are append-only")
    for obj in session.deleted:
        if isinstance(obj, Matter):
            raise EventLogViolation("matters are never deleted")
    unlogged: dict[int, Matter] = session.info.setdefault(_UNLOGGED, {})
    for obj in list(session.new) + [o for o in session.dirty if session.is_modified(o)]:
        if isinstance(obj, Matter):
            unlogged[id(obj)] = obj
    for logged in (o for o in session.new if isinstance(o, MatterEvent)):
        for key, matter in list(unlogged.items()):
            if logged.matter is matter or (
                logged.matter_id is not None and logged.matter_id == matter.id
            ):
                del unlogged[key]


def _check_commit(session: Session) -> None:
    session.flush()  # what is still pending is checked with the rest
    unlogged = session.info.pop(_UNLOGGED, {})
    if unlogged:
        matter = next(iter(unlogged.values()))
        raise EventLogViolation(
            f"matter {matter.case_number} changed without an event in the same transaction"
        )


def _forget(session: Session) -> None:
    session.info.pop(_UNLOGGED, None)


def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction ended
        session.info.pop(_UNLOGGED, None)
