"""Time limits: counting days, and the rules that say how many (BRIEF §7).

Counting convention (`add_days`):
- the start day does not count: 15 days from 1 March is 16 March;
- working days skip weekends and statutory holidays and count make-up working days (调休);
- a calendar-day limit whose last day is a rest day — a statutory holiday or an ordinary
  weekend day that is not a make-up working day — ends on the next working day, when the
  rule's `roll_over_holiday` is on (the default). Weekends are included on purpose: this is
  the civil-law rule (民法典 art. 203) as the Supreme People's Court reads it, where the
  "statutory rest day" (法定休假日) includes Sundays and follows the adjusted schedule.

Rules live in `deadline_rules` so an office can change them; `change_rule` logs the change
and recomputes the running clocks that came from the rule. Met and breached clocks keep
their frozen result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.deadlines.calendar import WorkingCalendar, load_calendar, official_calendar
from core.errors import UserError
from core.policy import actor_name, require
from core.timeutil import now_utc
from core.users import UserView
from core.validation import checked_text
from core.vocab import ClockKind, ClockState, DayBasis, Urgency
from db.models import Clock, DeadlineRule, DeadlineRuleChange
from db.stamped import cached

MIN_RULE_DAYS, MAX_RULE_DAYS = 1, 365
#: The reason given for a rule change, as typed.
REASON_LIMIT = 1_000
ONE_DAY = dt.timedelta(days=1)


def add_days(
    start: dt.date,
    n: int,
    basis: DayBasis | str,
    calendar: WorkingCalendar | None = None,
    *,
    roll_over_holiday: bool = True,
) -> dt.date:
    """The due date `n` days after `start` (which does not count) on the given basis.

    Without a calendar the official one from `chinesecalendar` is used; years it does not
    know are answered from weekends alone (see `is_provisional`).
    """
    if n < 0:
        raise ValueError("a time limit cannot be negative")
    calendar = calendar or official_calendar()
    if DayBasis(basis) is DayBasis.WORKING:
        day, counted = start, 0
        while counted < n:
            day += ONE_DAY
            counted += calendar.is_working(day)
        return day
    day = start + dt.timedelta(days=n)
    if roll_over_holiday:
        while not calendar.is_working(day):
            day += ONE_DAY
    return day


def is_provisional(start: dt.date, due: dt.date, calendar: WorkingCalendar | None = None) -> bool:
    """True when a year the span touches has no verified official schedule."""
    calendar = calendar or official_calendar()
    first, last = sorted((start, due))
    return any(not calendar.year_verified(y) for y in range(first.year, last.year + 1))


# --- rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A deadline rule as the engine uses it (a detached copy of a `DeadlineRule` row)."""

    key: str
    clock_kind: ClockKind
    days: int
    basis: DayBasis
    roll_over_holiday: bool = True
    max_extension_days: int = 0
    version: int = 1

    def due(self, start: dt.date, calendar: WorkingCalendar, extension_days: int = 0) -> dt.date:
        """The due date of a clock started on `start`; an extension adds to the limit."""
        return add_days(
            start,
            self.days + extension_days,
            self.basis,
            calendar,
            roll_over_holiday=self.roll_over_holiday,
        )


def reply_rule_key(urgency: Urgency | str) -> str:
    return f"reply.{Urgency(urgency).value}"


CALENDAR, WORKING = DayBasis.CALENDAR, DayBasis.WORKING

#: The defaults, from the seeds: 001 (regulation: acceptance, conclusion, review), 002
#: (reply by urgency), 000 (internal online workflow). The supervision limit is not in the
#: seeds: 10 working days is this office's default for a 督办单 without a date of its own.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("acceptance", ClockKind.ACCEPTANCE, 15, CALENDAR),
    Rule(reply_rule_key(Urgency.URGENT), ClockKind.REPLY, 1, CALENDAR),
    Rule(reply_rule_key(Urgency.CONSULTATION), ClockKind.REPLY, 5, CALENDAR),
    Rule(reply_rule_key(Urgency.GENERAL), ClockKind.REPLY, 15, CALENDAR),
    Rule(reply_rule_key(Urgency.INVESTIGATION), ClockKind.REPLY, 30, CALENDAR),
    Rule("conclusion", ClockKind.CONCLUSION, 60, CALENDAR, max_extension_days=30),
    Rule("review.request", ClockKind.REVIEW_REQUEST_WINDOW, 30, CALENDAR),
    Rule("review.answer", ClockKind.REVIEW_ANSWER, 30, CALENDAR),
    Rule("re_review.request", ClockKind.RE_REVIEW_REQUEST_WINDOW, 30, CALENDAR),
    Rule("re_review.answer", ClockKind.RE_REVIEW_ANSWER, 30, CALENDAR),
    Rule("internal.assign", ClockKind.INTERNAL_ASSIGN, 2, WORKING),
    Rule("internal.feedback", ClockKind.INTERNAL_FEEDBACK, 10, WORKING),
    Rule("internal.check", ClockKind.INTERNAL_CHECK, 3, WORKING),
    Rule("internal.reply", ClockKind.INTERNAL_REPLY, 15, WORKING),
    Rule("supervision", ClockKind.SUPERVISION, 10, WORKING),
)


#: Clocks whose due date is their own (set by a person, not counted from a rule the office
#: edits): a leader's case package. Not in `deadline_rules`, never recomputed by a rule or
#: calendar change; the day basis only serves to count the days shown.
OWN_DATE_RULES: dict[str, Rule] = {"package": Rule("package", ClockKind.PACKAGE, 0, CALENDAR)}


def seed_default_rules(session: Session, recorded_by: str = "system") -> int:
    """Add the default rules that are missing (an office's changes are kept). Returns count."""
    existing = set(session.scalars(select(DeadlineRule.key)))
    missing = [rule for rule in DEFAULT_RULES if rule.key not in existing]
    session.add_all(
        DeadlineRule(
            key=rule.key,
            clock_kind=rule.clock_kind,
            days=rule.days,
            basis=rule.basis,
            roll_over_holiday=rule.roll_over_holiday,
            max_extension_days=rule.max_extension_days,
            version=rule.version,
            updated_at=now_utc(),
            updated_by=recorded_by,
        )
        for rule in missing
    )
    session.flush()
    return len(missing)


#: Changes whenever a rule does: each change bumps its version (`db.stamped`).
_RULES_STAMP = select(
    func.count(DeadlineRule.id), func.sum(DeadlineRule.version), func.max(DeadlineRule.updated_at)
)


def load_rules(session: Session) -> Mapping[str, Rule]:
    """Every rule by key, as plain values (kept in memory until a rule changes)."""
    return cached(session, "rules", _RULES_STAMP, _read_rules)


def _read_rules(session: Session) -> Mapping[str, Rule]:
    return MappingProxyType(
        {row.key: _as_rule(row) for row in session.scalars(select(DeadlineRule))}
    )


def _as_rule(row: DeadlineRule) -> Rule:
    return Rule(
        row.key,
        row.clock_kind,
        row.days,
        row.basis,
        row.roll_over_holiday,
        row.max_extension_days,
        row.version,
    )


def change_rule(
    session: Session,
    key: str,
    *,
    days: int | None = None,
    basis: DayBasis | str | None = None,
    roll_over_holiday: bool | None = None,
    max_extension_days: int | None = None,
    reason: str,
    actor: UserView,
) -> DeadlineRuleChange:
    """Change a rule, log it, and recompute every running clock that came from it.

    Met, breached and cancelled clocks keep their result. Supervision clocks keep the date
    printed on their notice: a change to ``supervision`` applies to notices issued later.
    """
    require(actor, "deadlines.rules")
    row = session.scalar(select(DeadlineRule).where(DeadlineRule.key == key))
    if row is None:
        raise UserError("error.unknown_rule", field="key", rule=key)
    reason = checked_text(
        reason,
        "reason",
        REASON_LIMIT,
        multiline=True,
        required=True,
        required_key="error.reason_required",
    )
    if days is not None and not (_whole(days) and MIN_RULE_DAYS <= days <= MAX_RULE_DAYS):
        raise UserError(
            "error.rule_days_range", field="days", low=MIN_RULE_DAYS, high=MAX_RULE_DAYS
        )
    if max_extension_days is not None and not (
        _whole(max_extension_days) and 0 <= max_extension_days <= MAX_RULE_DAYS
    ):
        raise UserError(
            "error.rule_extension_range", field="max_extension_days", high=MAX_RULE_DAYS
        )
    if basis is not None:
        try:
            basis = DayBasis(basis)
        except ValueError:
            raise UserError("error.unknown_day_basis", field="basis", basis=basis) from None

    before = _rule_values(row)
    row.days = row.days if days is None else days
    row.basis = row.basis if basis is None else basis
    if roll_over_holiday is not None:
        row.roll_over_holiday = roll_over_holiday
    if max_extension_days is not None:
        row.max_extension_days = max_extension_days
    after = _rule_values(row)
    if after == before:
        raise UserError("error.rule_unchanged")
    row.version += 1
    row.updated_at, row.updated_by = now_utc(), actor_name(actor)

    recomputed = _recompute_running_clocks(session, _as_rule(row), load_calendar(session))
    change = DeadlineRuleChange(
        rule_id=row.id,
        version=row.version,
        before=before,
        after=after,
        reason=reason,
        actor=actor_name(actor),
        changed_at=now_utc(),
        clocks_recomputed=recomputed,
    )
    session.add(change)
    session.flush()
    return change


def _whole(value: object) -> bool:
    """An int (not a bool, a float or text): what a rule's day counts are stored as."""
    return isinstance(value, int) and not isinstance(value, bool)


def _rule_values(row: DeadlineRule) -> dict[str, object]:
    """The changeable values of a rule, JSON-ready, for the change log."""
    return {
        "days": row.days,
        "basis": DayBasis(row.basis).value,
        "roll_over_holiday": row.roll_over_holiday,
        "max_extension_days": row.max_extension_days,
    }


def refresh_due(clock: Clock, rule: Rule, calendar: WorkingCalendar) -> None:
    """Recompute a clock's due date (and provisional flag) from the rule's current version."""
    clock.rule_version, clock.basis, clock.days = rule.version, rule.basis, rule.days
    clock.due_on = rule.due(clock.started_on, calendar, clock.extension_days)
    clock.provisional = is_provisional(clock.started_on, clock.due_on, calendar)


def _recompute_running_clocks(session: Session, rule: Rule, calendar: WorkingCalendar) -> int:
    clocks = session.scalars(
        select(Clock).where(
            Clock.rule_key == rule.key,
            Clock.state == ClockState.RUNNING,
            Clock.supervision_notice_id.is_(None),
        )
    ).all()
    for clock in clocks:
        refresh_due(clock, rule, calendar)
    return len(clocks)


def count_days(
    start: dt.date, end: dt.date, basis: DayBasis | str, calendar: WorkingCalendar
) -> int:
    """How many days of the basis lie after `start` up to and including `end` (0 if none)."""
    span = (end - start).days
    if span <= 0 or DayBasis(basis) is DayBasis.CALENDAR:
        return max(span, 0)
    return sum(calendar.is_working(start + dt.timedelta(days=i)) for i in range(1, span + 1))
