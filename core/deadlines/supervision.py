"""What supervisors do to a matter's clocks: approve an extension, issue a supervision
notice (督办单) and record the unit's answer to it.

Each action writes a `MatterEvent` (the timeline and audit trail) and resyncs the matter's
clocks. The Matter row itself is not modified, so no version bump is needed. Who may do each
is `core.policy`'s table; an accusation is never notified to the unit it accuses. A notice is
answered once, by the notified unit, with a version check; closing or withdrawing a matter
closes its open notices with the reason (`close_open_notices`), so none stays open forever.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.deadlines.calendar import load_calendar
from core.deadlines.clocks import sync_clocks
from core.deadlines.rules import load_rules
from core.errors import ConcurrentEditError, UserError
from core.places import receiving_unit
from core.policy import (
    actor_name,
    notice_refusal,
    require,
    require_not_accused,
    require_notice_answer,
    require_on_matter,
)
from core.timeutil import now_utc
from core.today import checked_today, moment_on
from core.users import UserView
from core.validation import checked_text
from core.vocab import OPEN_STATES, ClockKind, ClockState, MatterState
from db.models import Clock, Extension, Matter, MatterEvent, SupervisionNotice

#: A reason given for an extension (told to the petitioner).
REASON_LIMIT = 1_000
#: A notice's text and the unit's answer to it, as typed; longer is a paste gone wrong.
NOTICE_TEXT_LIMIT = 2_000
ANSWER_LIMIT = 5_000
#: A notice's own due date lies at most this many days after its issue.
MAX_NOTICE_DAYS = 365


def approve_extension(
    session: Session, matter_id: int, days: int, reason: str, actor: UserView, today: dt.date
) -> Extension:
    """Extend a matter's conclusion limit once, by at most the rule's maximum, before it
    runs out. The reason is told to the petitioner, so it is required. Of two approvals at
    once, one wins; the other is told it was already approved."""
    matter = _matter(session, matter_id)
    require_on_matter(actor, "approve_extension", matter)
    today = checked_today(session, today)
    reason = checked_text(
        reason,
        "reason",
        REASON_LIMIT,
        multiline=True,
        required=True,
        required_key="error.reason_required",
    )
    if session.scalar(select(Extension.id).where(Extension.matter_id == matter_id)):
        raise UserError("error.extension_already_approved")
    clock = session.scalar(
        select(Clock).where(Clock.matter_id == matter_id, Clock.kind == ClockKind.CONCLUSION)
    )
    if clock is None or clock.state is not ClockState.RUNNING:
        raise UserError("error.extension_needs_running_clock")
    if today > clock.due_on:
        raise UserError("error.extension_after_due", due=clock.due_on)
    limit = load_rules(session)[clock.rule_key].max_extension_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise UserError("error.extension_days_range", field="days", high=limit)

    due_before = clock.due_on
    approved_at = moment_on(today)
    extension = Extension(
        matter_id=matter_id,
        days=days,
        reason=reason,
        approved_by=actor_name(actor),
        approved_at=approved_at,
    )
    session.add(extension)
    try:
        session.flush()
    except IntegrityError:  # a concurrent approval of the same matter committed first
        raise UserError("error.extension_already_approved") from None
    sync_clocks(session, matter, load_calendar(session), today)
    session.add(
        _event(
            matter,
            "extension_approved",
            actor,
            approved_at,
            reason,
            before={"conclusion_due": due_before.isoformat()},
            after={"conclusion_due": clock.due_on.isoformat(), "extension_days": days},
        )
    )
    session.flush()
    return extension


def issue_supervision_notice(
    session: Session,
    matter_id: int,
    unit_id: int,
    due_on: dt.date | None,
    text: str,
    actor: UserView,
    today: dt.date,
) -> SupervisionNotice:
    """Press a unit on an open matter; the notice gets its own clock.

    Without a date, the due date is the ``supervision`` rule counted from today.
    """
    matter = _matter(session, matter_id)
    require(actor, "deadlines.supervise")  # who may not issue notices learns nothing of it
    if MatterState(matter.state) not in OPEN_STATES:
        raise UserError("error.matter_not_open")
    require_on_matter(actor, "issue_notice", matter)
    today = checked_today(session, today)
    receiving_unit(session, unit_id, field="unit")
    require_not_accused(matter, unit_id, field="unit")
    text = checked_text(
        text,
        "text",
        NOTICE_TEXT_LIMIT,
        multiline=True,
        required=True,
        required_key="error.notice_text_required",
    )
    calendar = load_calendar(session)
    rules = load_rules(session)
    if due_on is None:
        due_on = rules["supervision"].due(today, calendar)
    elif due_on <= today:
        raise UserError("error.due_not_after_today", field="due_on")
    elif due_on > today + dt.timedelta(days=MAX_NOTICE_DAYS):
        latest = today + dt.timedelta(days=MAX_NOTICE_DAYS)
        raise UserError("error.date_too_far", field="due_on", day=due_on, latest=latest)

    issued_at = moment_on(today)
    notice = SupervisionNotice(
        matter_id=matter_id,
        unit_id=unit_id,
        text=text,
        issued_at=issued_at,
        issued_by=actor_name(actor),
        due_on=due_on,
    )
    session.add(notice)
    session.flush()
    sync_clocks(session, matter, calendar, today, rules)
    session.add(
        _event(
            matter,
            "supervision_issued",
            actor,
            issued_at,
            None,
            after={"notice_id": notice.id, "unit_id": unit_id, "due_on": due_on.isoformat()},
        )
    )
    session.flush()
    return notice


def record_supervision_answer(
    session: Session,
    notice_id: int,
    answer: str,
    actor: UserView,
    today: dt.date,
    *,
    expected_version: int | None = None,
) -> SupervisionNotice:
    """Record the notified unit's answer to a notice, once; its clock stops (met, or breached
    if late). A liaison answers only its own unit's notices; a concurrent answer loses."""
    notice = session.get(SupervisionNotice, notice_id)
    if notice is None:
        raise UserError("error.unknown_notice")
    matter = _matter(session, notice.matter_id)
    # who may answer is asked first: another unit learns nothing of this notice's fate
    refused = notice_refusal(actor, notice, matter)
    if refused is not None and refused.key != "error.action_not_now":
        raise refused
    if notice.answered_at is not None:
        raise UserError("error.notice_already_answered")
    if notice.closed_at is not None:
        raise UserError("error.notice_closed", reason=notice.closed_reason or "")
    require_notice_answer(actor, notice, matter)
    today = checked_today(session, today)
    if expected_version is not None and notice.version != expected_version:
        raise ConcurrentEditError()
    answer = checked_text(
        answer,
        "answer",
        ANSWER_LIMIT,
        multiline=True,
        required=True,
        required_key="error.answer_required",
    )
    notice.answered_at = moment_on(today)
    notice.answer = answer
    notice.answered_by = actor_name(actor)
    try:
        session.flush()  # the version check: of two answers at once, the second fails here
    except StaleDataError:
        raise UserError("error.notice_already_answered") from None
    sync_clocks(session, matter, load_calendar(session), today)
    session.add(
        _event(
            matter,
            "supervision_answered",
            actor,
            notice.answered_at,
            None,
            after={"notice_id": notice.id, "on_time": today <= notice.due_on},
        )
    )
    session.flush()
    return notice


def close_open_notices(session: Session, matter: Matter, actor: UserView | str, reason: str) -> int:
    """Close the matter's unanswered notices with a reason (the matter was closed or
    withdrawn): they leave every list of open notices and their clocks stop."""
    closed = 0
    when = now_utc()
    for notice in session.scalars(
        select(SupervisionNotice).where(
            SupervisionNotice.matter_id == matter.id,
            SupervisionNotice.answered_at.is_(None),
            SupervisionNotice.closed_at.is_(None),
        )
    ):
        notice.closed_at, notice.closed_reason = when, reason
        closed += 1
    return closed


def _matter(session: Session, matter_id: int) -> Matter:
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise UserError("error.unknown_matter")
    return matter


def _event(
    matter: Matter,
    kind: str,
    actor: UserView | str,
    occurred_at: dt.datetime,
    reason: str | None,
    before: dict | None = None,
    after: dict | None = None,
) -> MatterEvent:
    return MatterEvent(
        matter_id=matter.id,
        kind=kind,
        actor=actor_name(actor),
        occurred_at=occurred_at,
        recorded_at=now_utc(),
        reason=reason,
        before=before or {},
        after=after or {},
    )
