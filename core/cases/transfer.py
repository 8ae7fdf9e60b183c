"""Return (退回) and transfer (转办): a matter in the wrong hands goes where it belongs.

- A unit that is not in charge returns an assigned matter to the office with a reason
  (`return_to_office`): the matter is accepted again, without a unit, and waits in the
  queue until the office routes it again (`transfer`, or the queue's assignment).
- The office transfers a matter (`transfer`) from one unit to another, or to the district
  information centre for coordination, with a reason.
- Bulk (`bulk_route`): up to `BULK_LIMIT` queue matters assigned or transferred to one unit
  in one action — all or none, each matter's version checked, one event per matter, each
  carrying the bulk action's id.

Clocks across a return or transfer: the petitioner's legal clocks — the reply limit by
urgency and the 60-day conclusion — count from acceptance and run on; neither a return nor a
transfer restarts them (the regulation counts from 受理, and the petitioner does not pay for
the office's routing). The internal feedback clock restarts for the new unit, from its
assignment; the office's internal assignment clock was met at the first assignment.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from core.cases.workflow import (
    REASON_LIMIT,
    check_step_date,
    check_transition,
    event_moment,
    field_diff,
    load_for_change,
    log_event,
    save_and_sync,
)
from core.errors import ConcurrentEditError, UserError
from core.places import receiving_unit
from core.policy import require_not_accused, require_on_matter
from core.today import today as office_today
from core.users import UserView
from core.validation import check_text, is_blank
from core.vocab import MatterState
from db.models import Matter, Unit

S = MatterState
#: The most matters one bulk action may route (the queue page says so).
BULK_LIMIT = 100


def _reason(reason: str | None) -> str:
    """A return or transfer always says why (it is shown on the timeline)."""
    if is_blank(reason):
        raise UserError("error.required", field="reason")
    if problem := check_text(reason, REASON_LIMIT, multiline=True):
        raise UserError(problem, field="reason", limit=REASON_LIMIT)
    return reason.strip()


def _move(
    session: Session,
    matter: Matter,
    kind: str,
    to_state: MatterState,
    actor: UserView,
    when: dt.datetime,
    changes: dict[str, Any],
    reason: str | None,
    marks: dict[str, Any] | None = None,
) -> None:
    """One allowed state change, logged as `kind` (with `marks`, such as a bulk id, in the
    event's after: replay ignores fields a matter does not have)."""
    check_transition(matter.state, to_state)
    current = {name: getattr(matter, name) for name in ("state", *changes)}
    before, after = field_diff(current, {"state": to_state, **changes})
    for name, value in after.items():
        setattr(matter, name, value)
    log_event(
        session,
        matter,
        kind,
        actor,
        when,
        reason=reason,
        before=before,
        after=after | (marks or {}),
    )


def return_to_office(
    session: Session,
    matter_id: int,
    expected_version: int,
    reason: str,
    actor: UserView,
    *,
    occurred_at: dt.datetime | None = None,
) -> Matter:
    """The unit in charge says the matter is not its own (退回): accepted again, no unit."""
    reason = _reason(reason)
    today = office_today(session)
    matter = load_for_change(session, matter_id, expected_version)
    require_on_matter(actor, "return_to_office", matter)
    when = check_step_date(matter, event_moment(occurred_at, today), today, reason)
    _move(
        session,
        matter,
        "returned",
        S.ACCEPTED,
        actor,
        when,
        {"unit_id": None, "assigned_at": None},
        reason,
        {"returned_by_unit_id": matter.unit_id},
    )
    save_and_sync(session, matter, today)
    return matter


def _route(
    session: Session,
    matter: Matter,
    unit: Unit,
    actor: UserView,
    when: dt.datetime,
    today: dt.date,
    reason: str | None,
    marks: dict[str, Any] | None = None,
) -> None:
    """Hand `matter` to `unit`: an assignment when it has none, else a transfer."""
    if matter.state == S.ACCEPTED:
        require_on_matter(actor, "assign", matter)
        kind = "assigned"
    else:
        require_on_matter(actor, "transfer", matter)
        if matter.unit_id == unit.id:
            raise UserError("error.transfer_same_unit", field="unit_id", unit=unit.name)
        kind = "transferred"
    require_not_accused(matter, unit.id)
    when = check_step_date(matter, when, today, reason)
    _move(
        session,
        matter,
        kind,
        S.ASSIGNED,
        actor,
        when,
        {"unit_id": unit.id, "assigned_at": when},
        reason,
        marks,
    )


def _unit(session: Session, unit_id: int | None) -> Unit:
    return receiving_unit(session, unit_id)


def transfer(
    session: Session,
    matter_id: int,
    expected_version: int,
    unit_id: int | None,
    reason: str,
    actor: UserView,
    *,
    occurred_at: dt.datetime | None = None,
) -> Matter:
    """The office hands an assigned matter to another unit (转办), saying why; never to the
    unit the matter accuses. (A returned matter, accepted without a unit, is assigned.)"""
    reason = _reason(reason)
    unit = _unit(session, unit_id)
    today = office_today(session)
    matter = load_for_change(session, matter_id, expected_version)
    require_on_matter(actor, "transfer", matter)
    when = event_moment(occurred_at, today)
    _route(session, matter, unit, actor, when, today, reason)
    save_and_sync(session, matter, today)
    return matter


def bulk_route(
    session: Session,
    items: Sequence[tuple[int, int]],
    unit_id: int | None,
    actor: UserView,
    *,
    reason: str | None = None,
    occurred_at: dt.datetime | None = None,
) -> str:
    """Assign (accepted, no unit) or transfer (assigned, in handling) every matter of
    `items` — (matter id, version seen) pairs — to one unit. All or none: the first matter
    that may not move (stale, refused, accusing that unit) raises an error naming its case
    number, and the caller's transaction rolls back. Returns the bulk action's id, which
    each matter's event carries."""
    if not items:
        raise UserError("error.bulk_empty", field="selection")
    if len(items) > BULK_LIMIT:
        raise UserError("error.bulk_too_many", field="selection", limit=BULK_LIMIT, n=len(items))
    if len({matter_id for matter_id, _ in items}) != len(items):
        raise UserError("error.bulk_duplicate", field="selection")
    if reason is not None and not is_blank(reason):
        reason = _reason(reason)
    else:
        reason = None
    unit = _unit(session, unit_id)
    today = office_today(session)
    when = event_moment(occurred_at, today)
    bulk_id = uuid.uuid4().hex[:12]
    marks = {"bulk_action": bulk_id, "bulk_size": len(items)}
    for matter_id, version in items:
        matter = session.get(Matter, matter_id)
        case = matter.case_number if matter is not None else str(matter_id)
        try:
            matter = load_for_change(session, matter_id, version)
            if matter.state != S.ACCEPTED and is_blank(reason):
                raise UserError("error.required", field="reason")
            _route(session, matter, unit, actor, when, today, reason, marks)
            save_and_sync(session, matter, today)
        except ConcurrentEditError:
            raise UserError("error.bulk_stale", field="selection", case=case) from None
        except UserError as err:
            # the cause is itself a message (the page says it in the user's language)
            raise UserError("error.bulk_refused", field="selection", case=case, cause=err) from None
    return bulk_id
