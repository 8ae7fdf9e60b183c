"""Which legal clocks a matter has, derived from its own timestamps (BRIEF §6-§7).

The same derivation serves intake, the work queue, the demo seeder and `rebuild_all_clocks`,
so a clock never disagrees with the matter it measures. Each clock starts and stops at an
event of the matter (office-local dates, `core.timeutil.local_date`):

clock (rule key)        matters              starts at       stops at
acceptance              original             received_at     accepted_at, or closed_at
                                                             of a not-accepted matter
internal.assign         original             registered_at   assigned_at
internal.reply          original             registered_at   delivered_at
reply.<urgency>         original, accepted   accepted_at     replied_at
conclusion (+extension) original, accepted   accepted_at     replied_at (办结 is the
                                                             written reply, not the
                                                             archiving after rating)
internal.feedback       original, assigned   assigned_at     replied_at (unit's reply)
internal.check          original, replied    replied_at      delivered_at (released)
review.request          original, delivered  delivered_at    a review request received
review.answer           review (level 1)     received_at     replied_at
re_review.request       review, delivered    delivered_at    a re-review request received
re_review.answer        re-review (level 2)  received_at     replied_at
supervision             per notice           issued_at       answered_at; due = the
                                                             notice's own date
package                 packaged (领导包案)  packaged_at     replied_at; due = the
                                                             package's time limit

States: a clock whose stop event happened on or before its due date is met (met_at = the
event), after it breached (met_at = the event too); both are frozen and never recomputed.
Otherwise it runs, or is cancelled when the matter ended without the event (not accepted,
withdrawn, closed). The petitioner's request windows are not the office's duty: one that
passes without a request is cancelled (lapsed) rather than breached.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.deadlines.calendar import WorkingCalendar, load_calendar
from core.deadlines.rules import (
    OWN_DATE_RULES,
    Rule,
    count_days,
    is_provisional,
    load_rules,
    reply_rule_key,
)
from core.timeutil import local_date
from core.vocab import ClockKind, ClockState, DayBasis, MatterState, ReviewLevel, Urgency
from db.bulk import insert_many
from db.models import Clock, Extension, Matter, MatterPackage, SupervisionNotice

Progress = Callable[[float, str], None]

FROZEN_STATES = frozenset({ClockState.MET, ClockState.BREACHED})
#: States in which a matter will not produce the events its open clocks wait for.
ENDED_STATES = frozenset({MatterState.NOT_ACCEPTED, MatterState.WITHDRAWN, MatterState.CLOSED})
#: The petitioner's windows to ask for a review: a right, not the office's duty.
PETITIONER_WINDOWS = frozenset(
    {ClockKind.REVIEW_REQUEST_WINDOW, ClockKind.RE_REVIEW_REQUEST_WINDOW}
)

#: The columns of `Matter` the derivation reads (the bulk rebuild selects only these).
MATTER_COLUMNS = (
    Matter.id,
    Matter.state,
    Matter.urgency,
    Matter.review_level,
    Matter.received_at,
    Matter.registered_at,
    Matter.accepted_at,
    Matter.assigned_at,
    Matter.replied_at,
    Matter.delivered_at,
    Matter.closed_at,
)


@dataclass(frozen=True)
class Notice:
    id: int
    issued_at: dt.datetime
    due_on: dt.date
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class Package:
    """A leader's case package as the clocks see it: since when, due when."""

    packaged_at: dt.datetime
    due_on: dt.date


@dataclass(frozen=True)
class ClockFacts:
    """Everything the clocks of one matter depend on, as plain values."""

    matter: Any  # a Matter, or a row with the MATTER_COLUMNS attributes
    extension_days: int = 0
    next_level_received_at: dt.datetime | None = None  # the review of this matter, if any
    notices: tuple[Notice, ...] = ()
    package: Package | None = None


@dataclass(frozen=True)
class PlannedClock:
    kind: ClockKind
    rule_key: str
    started_at: dt.datetime
    stopped_at: dt.datetime | None
    ended: bool  # the matter ended without the stop event
    extension_days: int = 0
    notice: Notice | None = None
    due_on: dt.date | None = None  # a date of its own (a package's time limit)


@dataclass
class ClockValues:
    """The computed columns of one clock row."""

    kind: ClockKind
    rule_key: str
    rule_version: int
    basis: DayBasis
    days: int
    extension_days: int
    started_on: dt.date
    due_on: dt.date
    state: ClockState
    met_at: dt.datetime | None
    provisional: bool
    supervision_notice_id: int | None = None

    @property
    def identity(self) -> tuple[ClockKind, int | None]:
        return self.kind, self.supervision_notice_id

    def columns(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule_key": self.rule_key,
            "rule_version": self.rule_version,
            "basis": self.basis,
            "days": self.days,
            "extension_days": self.extension_days,
            "started_on": self.started_on,
            "due_on": self.due_on,
            "state": self.state,
            "met_at": self.met_at,
            "provisional": self.provisional,
            "supervision_notice_id": self.supervision_notice_id,
        }


def plan_clocks(facts: ClockFacts) -> list[PlannedClock]:
    """The clocks a matter should have, with the events that start and stop them."""
    m = facts.matter
    state = MatterState(m.state)
    plans: list[PlannedClock] = []

    def plan(kind, key, start, stop, *, extension_days=0, notice=None, due_on=None) -> None:
        # a closed matter keeps the petitioner's right to ask for a review
        window = kind in PETITIONER_WINDOWS
        ended = state is MatterState.WITHDRAWN if window else state in ENDED_STATES
        plans.append(PlannedClock(kind, key, start, stop, ended, extension_days, notice, due_on))

    level = ReviewLevel(m.review_level)
    if level is ReviewLevel.ORIGINAL:
        decided_at = m.accepted_at or (m.closed_at if state is MatterState.NOT_ACCEPTED else None)
        plan(ClockKind.ACCEPTANCE, "acceptance", m.received_at, decided_at)
        plan(ClockKind.INTERNAL_ASSIGN, "internal.assign", m.registered_at, m.assigned_at)
        plan(ClockKind.INTERNAL_REPLY, "internal.reply", m.registered_at, m.delivered_at)
        if m.accepted_at:
            plan(ClockKind.REPLY, reply_rule_key(Urgency(m.urgency)), m.accepted_at, m.replied_at)
            plan(
                ClockKind.CONCLUSION,
                "conclusion",
                m.accepted_at,
                m.replied_at,
                extension_days=facts.extension_days,
            )
        if m.assigned_at:
            plan(ClockKind.INTERNAL_FEEDBACK, "internal.feedback", m.assigned_at, m.replied_at)
        if m.replied_at:
            plan(ClockKind.INTERNAL_CHECK, "internal.check", m.replied_at, m.delivered_at)
        if m.delivered_at:
            plan(
                ClockKind.REVIEW_REQUEST_WINDOW,
                "review.request",
                m.delivered_at,
                facts.next_level_received_at,
            )
    elif level is ReviewLevel.REVIEW:
        plan(ClockKind.REVIEW_ANSWER, "review.answer", m.received_at, m.replied_at)
        if m.delivered_at:
            plan(
                ClockKind.RE_REVIEW_REQUEST_WINDOW,
                "re_review.request",
                m.delivered_at,
                facts.next_level_received_at,
            )
    else:
        plan(ClockKind.RE_REVIEW_ANSWER, "re_review.answer", m.received_at, m.replied_at)
    for notice in facts.notices:
        plan(
            ClockKind.SUPERVISION,
            "supervision",
            notice.issued_at,
            notice.answered_at,
            notice=notice,
        )
    if facts.package is not None:
        plan(
            ClockKind.PACKAGE,
            "package",
            facts.package.packaged_at,
            m.replied_at,
            due_on=facts.package.due_on,
        )
    return plans


def rule_for(planned: PlannedClock, rules: Mapping[str, Rule]) -> Rule:
    """The rule a planned clock is computed under (a package's is fixed: its date is its own)."""
    return rules.get(planned.rule_key) or OWN_DATE_RULES[planned.rule_key]


def compute_clock(
    planned: PlannedClock, rule: Rule, calendar: WorkingCalendar, today: dt.date
) -> ClockValues:
    """Due date, state and provisional flag of a planned clock under the current rule."""
    started_on = local_date(planned.started_at)
    if planned.notice is not None or planned.due_on is not None:
        due_on = planned.notice.due_on if planned.notice is not None else planned.due_on
        days = count_days(started_on, due_on, rule.basis, calendar)
    else:
        due_on = rule.due(started_on, calendar, planned.extension_days)
        days = rule.days
    state, met_at = _state(planned, due_on, today)
    return ClockValues(
        kind=planned.kind,
        rule_key=planned.rule_key,
        rule_version=rule.version,
        basis=rule.basis,
        days=days,
        extension_days=planned.extension_days,
        started_on=started_on,
        due_on=due_on,
        state=state,
        met_at=met_at,
        provisional=is_provisional(started_on, due_on, calendar),
        supervision_notice_id=planned.notice.id if planned.notice else None,
    )


def _state(
    planned: PlannedClock, due_on: dt.date, today: dt.date
) -> tuple[ClockState, dt.datetime | None]:
    if planned.stopped_at is not None:
        on_time = local_date(planned.stopped_at) <= due_on
        return (ClockState.MET if on_time else ClockState.BREACHED), planned.stopped_at
    if planned.kind in PETITIONER_WINDOWS and today > due_on:
        return ClockState.CANCELLED, None  # lapsed without a request
    return (ClockState.CANCELLED if planned.ended else ClockState.RUNNING), None


# --- one matter -----------------------------------------------------------------------


def sync_clocks(
    session: Session,
    matter: Matter,
    calendar: WorkingCalendar,
    today: dt.date,
    rules: Mapping[str, Rule] | None = None,
) -> list[Clock]:
    """Create or update the clocks of one matter from its current fields.

    Call it after any change to the matter's timestamps, state or urgency, after an
    extension and after a supervision notice. Met and breached clocks are left as they are.
    """
    session.flush()
    rules = rules or load_rules(session)
    # the one-row facts in one statement (this runs on every write to a matter)
    extension_days, next_level_received_at, packaged_at, package_due_on = session.execute(
        select(
            select(Extension.days).where(Extension.matter_id == matter.id).scalar_subquery(),
            select(func.min(Matter.received_at))
            .where(
                Matter.linked_matter_id == matter.id,
                Matter.review_level == matter.review_level + 1,
            )
            .scalar_subquery(),
            select(MatterPackage.packaged_at)
            .where(MatterPackage.matter_id == matter.id)
            .scalar_subquery(),
            select(MatterPackage.due_on)
            .where(MatterPackage.matter_id == matter.id)
            .scalar_subquery(),
        )
    ).one()
    facts = ClockFacts(
        matter=matter,
        extension_days=extension_days or 0,
        next_level_received_at=next_level_received_at,
        notices=tuple(
            Notice(n.id, n.issued_at, n.due_on, n.answered_at or n.closed_at)
            for n in session.scalars(
                select(SupervisionNotice).where(SupervisionNotice.matter_id == matter.id)
            )
        ),
        package=None if packaged_at is None else Package(packaged_at, package_due_on),
    )
    existing = {
        (c.kind, c.supervision_notice_id): c
        for c in session.scalars(select(Clock).where(Clock.matter_id == matter.id))
    }
    wanted = set()
    for planned in plan_clocks(facts):
        values = compute_clock(planned, rule_for(planned, rules), calendar, today)
        wanted.add(values.identity)
        clock = existing.get(values.identity)
        if clock is None:
            clock = Clock(matter_id=matter.id, **values.columns())
            session.add(clock)
            existing[values.identity] = clock
        elif clock.state not in FROZEN_STATES:
            for name, value in values.columns().items():
                setattr(clock, name, value)
    for identity, clock in existing.items():
        if identity not in wanted and clock.state is ClockState.RUNNING:
            clock.state = ClockState.CANCELLED
    session.flush()
    return list(existing.values())


# --- every matter ---------------------------------------------------------------------


def rebuild_all_clocks(session: Session, today: dt.date, progress: Progress | None = None) -> int:
    """Derive every clock of every matter in bulk (after seeding or a data repair).

    Frozen (met/breached) clocks stay; every other clock is replaced. Returns the number of
    clocks written. Reads each table once and inserts in one statement per batch.
    """
    report = progress or (lambda _fraction, _message: None)
    calendar, rules = load_calendar(session), load_rules(session)
    extensions = dict(session.execute(select(Extension.matter_id, Extension.days)).all())
    next_level = _next_level_received(session)
    notices = _notices_by_matter(session)
    packages = {
        row.matter_id: Package(row.packaged_at, row.due_on)
        for row in session.execute(
            select(MatterPackage.matter_id, MatterPackage.packaged_at, MatterPackage.due_on)
        )
    }
    frozen = {
        (matter_id, kind, notice_id)
        for matter_id, kind, notice_id in session.execute(
            select(Clock.matter_id, Clock.kind, Clock.supervision_notice_id).where(
                Clock.state.in_(FROZEN_STATES)
            )
        )
    }
    session.execute(delete(Clock).where(Clock.state.not_in(FROZEN_STATES)))
    report(0.1, "clocks.loaded")

    matters = session.execute(select(*MATTER_COLUMNS).order_by(Matter.id)).all()
    rows: list[dict[str, Any]] = []
    for i, m in enumerate(matters):
        facts = ClockFacts(
            m,
            extensions.get(m.id, 0),
            next_level.get(m.id),
            notices.get(m.id, ()),
            packages.get(m.id),
        )
        for planned in plan_clocks(facts):
            values = compute_clock(planned, rule_for(planned, rules), calendar, today)
            if (m.id, values.kind, values.supervision_notice_id) not in frozen:
                rows.append({"matter_id": m.id, **values.columns()})
        if i % 500 == 0:
            report(0.1 + 0.6 * i / max(len(matters), 1), "clocks.computed")
    written = 0

    def advanced(n: int) -> None:
        nonlocal written
        written += n
        report(0.7 + 0.3 * written / max(len(rows), 1), "clocks.written")

    insert_many(session, Clock.__table__, rows, progress=advanced)
    session.flush()
    report(1.0, "clocks.done")
    return len(rows)


def _next_level_received(session: Session) -> dict[int, dt.datetime]:
    """For each matter, when the first review (or re-review) of it was received."""
    review = Matter.__table__.alias("review")
    original = Matter.__table__.alias("original")
    query = (
        select(original.c.id, func.min(review.c.received_at))
        .join(review, review.c.linked_matter_id == original.c.id)
        .where(review.c.review_level == original.c.review_level + 1)
        .group_by(original.c.id)
    )
    return dict(session.execute(query).all())


def _notices_by_matter(session: Session) -> dict[int, tuple[Notice, ...]]:
    grouped: dict[int, list[Notice]] = defaultdict(list)
    for n in session.scalars(select(SupervisionNotice).order_by(SupervisionNotice.id)):
        grouped[n.matter_id].append(
            Notice(n.id, n.issued_at, n.due_on, n.answered_at or n.closed_at)
        )
    return {matter_id: tuple(items) for matter_id, items in grouped.items()}
