"""The workflow of a matter: allowed state changes as data, one generic transition, and
the event log as the matter's history (BRIEF §6).

Every change goes through `change_matter`, which writes one `MatterEvent` holding the
before/after of exactly the fields that changed, so the timeline, audit and reports can be
derived from the log. Callers pass the `Matter.version` they loaded: if somebody saved in
between, `ConcurrentEditError` is raised and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.deadlines.calendar import load_calendar
from core.deadlines.clocks import sync_clocks
from core.deadlines.rules import load_rules
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.policy import MATTER_ACTIONS, actor_name, require_on_matter, transitions
from core.timeutil import local_date, now_utc
from core.today import moment_on
from core.today import today as office_today
from core.users import UserView
from core.validation import check_text, is_blank, parse_choice
from core.vocab import AgentStatus, DeliveryMethod, MatterState, Rating, ReviewLevel
from db.models import Agent, Matter, MatterEvent

S = MatterState

#: state → the states it may move to: derived from the one transition table, `core.policy`.
TRANSITIONS: dict[MatterState, frozenset[MatterState]] = transitions()

#: States from which the petitioner may ask for a review of the reply (复查 / 复核).
REVIEWABLE_STATES = frozenset({S.REPLIED, S.DELIVERED, S.RATED, S.CLOSED})
#: The rule giving the petitioner's window to ask for the next level, by the original's level.
_REVIEW_WINDOW_RULES = {
    ReviewLevel.ORIGINAL: "review.request",
    ReviewLevel.REVIEW: "re_review.request",
}


# --- the event log --------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as it is stored in an event's JSON before/after."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    return value


def log_event(
    session: Session,
    matter: Matter,
    kind: str,
    actor: UserView | str,
    occurred_at: dt.datetime,
    *,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> MatterEvent:
    event = MatterEvent(
        matter=matter,
        kind=kind,
        actor=actor_name(actor),
        occurred_at=occurred_at,
        recorded_at=now_utc(),
        reason=reason,
        before={k: plain(v) for k, v in (before or {}).items()},
        after={k: plain(v) for k, v in (after or {}).items()},
    )
    session.add(event)
    return event


def field_diff(
    current: Mapping[str, Any], changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The before and after of exactly the fields of `changes` that differ from `current`
    (pure: the use cases and the demo generator build their events with it)."""
    before, after = {}, {}
    for name, value in changes.items():
        old = current.get(name)
        if old != value:
            before[name], after[name] = old, value
    return before, after


def check_transition(current: MatterState | str, to_state: MatterState | str) -> None:
    """Refuse a state change the transition table does not allow."""
    current, to_state = MatterState(current), MatterState(to_state)
    if to_state not in TRANSITIONS[current]:
        raise UserError("error.transition_not_allowed", field="state", current=current, to=to_state)


#: The field that dates each step (the others record no moment of their own).
STEP_DATE_FIELD = {
    S.ACCEPTED: "accepted_at",
    S.ASSIGNED: "assigned_at",
    S.REPLIED: "replied_at",
    S.DELIVERED: "delivered_at",
    S.RATED: "rated_at",
    S.CLOSED: "closed_at",
    S.WITHDRAWN: "closed_at",
    S.NOT_ACCEPTED: "closed_at",
}


def step_changes(
    to_state: MatterState | str,
    when: dt.datetime,
    *,
    reply_text: str | None = None,
    unit_id: int | None = None,
    unit_rating: Rating | str | None = None,
    agent_rating: Rating | str | None = None,
    ceased: bool = False,
) -> dict[str, Any]:
    """The fields a step records besides the state: its date and what it brings (the reply,
    the unit, the ratings). Triage adds its outcome fields to the `triaged` step."""
    to_state = MatterState(to_state)
    brings: dict[str, Any] = {}
    if to_state is S.ASSIGNED:
        brings = {"unit_id": unit_id}
    elif to_state is S.REPLIED:
        brings = {"reply_text": reply_text}
    elif to_state is S.RATED:
        brings = {
            "unit_rating": Rating(unit_rating),
            "agent_rating": Rating(agent_rating) if agent_rating else None,
            "ceased": ceased,
        }
    dated = STEP_DATE_FIELD.get(to_state)
    return brings | ({dated: when} if dated else {})  # triaged, in handling: no date field


def step_event(
    current: Mapping[str, Any],
    to_state: MatterState | str,
    changes: Mapping[str, Any] | None = None,
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Pure: the kind (named after the state it leads to), before and after of the event of
    one allowed step from a matter whose fields are `current`."""
    to_state = MatterState(to_state)
    check_transition(current["state"], to_state)
    before, after = field_diff(current, {"state": to_state, **(changes or {})})
    return to_state.value, before, after


def change_matter(
    session: Session,
    matter: Matter,
    kind: str,
    actor: UserView | str,
    occurred_at: dt.datetime,
    changes: dict[str, Any],
    *,
    reason: str | None = None,
) -> MatterEvent:
    """Apply field changes to a loaded matter and log exactly the fields that changed."""
    before, after = field_diff({name: getattr(matter, name) for name in changes}, changes)
    for name, value in after.items():
        setattr(matter, name, value)
    return log_event(
        session, matter, kind, actor, occurred_at, reason=reason, before=before, after=after
    )


def step(
    session: Session,
    matter: Matter,
    to_state: MatterState,
    actor: UserView | str,
    occurred_at: dt.datetime,
    changes: dict[str, Any] | None = None,
    *,
    reason: str | None = None,
) -> MatterEvent:
    """One allowed state change of a loaded matter, logged as an event named after the state."""
    to_state = MatterState(to_state)
    check_transition(matter.state, to_state)
    return change_matter(
        session,
        matter,
        to_state.value,
        actor,
        occurred_at,
        {"state": to_state, **(changes or {})},
        reason=reason,
    )


# --- loading, saving, clocks ----------------------------------------------------------


def load_for_change(session: Session, matter_id: int, expected_version: int) -> Matter:
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise UserError("error.matter_unknown", matter_id=matter_id)
    if matter.version != expected_version:
        raise ConcurrentEditError()
    return matter


def save_and_sync(session: Session, matter: Matter, today: dt.date) -> None:
    """Write the changes (a concurrent save shows as a version conflict), then the clocks."""
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentEditError() from None
    sync_clocks(session, matter, load_calendar(session), today)


def event_moment(occurred_at: dt.datetime | None, today: dt.date) -> dt.datetime:
    """When a step happened: as given (not after today), else now on the office's today."""
    if occurred_at is None:
        return moment_on(today)
    if occurred_at.tzinfo is None:
        raise UserError("error.date_invalid", field="occurred_at")
    if local_date(occurred_at) > today:
        raise UserError("error.date_in_future", field="occurred_at")
    return occurred_at


#: A step dated more than this many days before today needs a reason (shown on the timeline).
BACKDATE_DAYS_WITHOUT_REASON = 3
#: The matter's step timestamps in the order the steps happen (BRIEF §6).
STEP_DATES = (
    "received_at",
    "accepted_at",
    "assigned_at",
    "replied_at",
    "delivered_at",
    "rated_at",
    "closed_at",
)


def check_step_date(
    matter: Matter, when: dt.datetime, today: dt.date, reason: str | None
) -> dt.datetime:
    """A step is dated no earlier than the step before it and never in the future; one dated
    more than `BACKDATE_DAYS_WITHOUT_REASON` days ago needs a reason. Returns the step's
    moment: on the same office day as the step before, an earlier hour becomes that step's
    moment (a day-only date stands at noon, a simulated day's steps at the real hour: the
    order of the steps is what is kept, not a made-up hour)."""
    earlier = [getattr(matter, name) for name in STEP_DATES if getattr(matter, name) is not None]
    if earlier and when < max(earlier) and local_date(when) == local_date(max(earlier)):
        when = max(earlier)
    if earlier and when < max(earlier):
        raise UserError(
            "error.date_before_previous_step",
            field="occurred_at",
            previous=local_date(max(earlier)).isoformat(),
        )
    if local_date(when) < today - dt.timedelta(days=BACKDATE_DAYS_WITHOUT_REASON) and is_blank(
        reason
    ):
        raise UserError(
            "error.backdated_needs_reason", field="reason", days=BACKDATE_DAYS_WITHOUT_REASON
        )
    return when


#: The policy action behind each state a plain transition leads to: the first action of the
#: table that leads there (a return also leads to "accepted", a transfer to "assigned"; they
#: have use cases of their own in core.cases.transfer).
ACTION_FOR_STATE: dict[MatterState, str] = {}
for _name, _action in MATTER_ACTIONS.items():
    if _action.to_state is not None:
        ACTION_FOR_STATE.setdefault(_action.to_state, _name)


def apply_transition(
    session: Session,
    matter_id: int,
    expected_version: int,
    to_state: MatterState,
    actor: UserView,
    *,
    reason: str | None = None,
    occurred_at: dt.datetime | None = None,
    changes: dict[str, Any] | None = None,
) -> Matter:
    """Move a matter to `to_state` with field changes: one event, one version, fresh clocks.

    Refused (nothing written) unless the policy lets `actor` take this step on this matter
    now, and the step's date follows the one before it."""
    if reason is not None and (problem := check_text(reason, REASON_LIMIT, multiline=True)):
        raise UserError(problem, field="reason", limit=REASON_LIMIT)
    today = office_today(session)
    matter = load_for_change(session, matter_id, expected_version)
    require_on_matter(actor, ACTION_FOR_STATE[MatterState(to_state)], matter)
    when = check_step_date(matter, event_moment(occurred_at, today), today, reason)
    dated = STEP_DATE_FIELD.get(MatterState(to_state))
    if changes and dated in changes:  # the step is dated by the moment the check kept
        changes = {**changes, dated: when}
    step(session, matter, to_state, actor, when, changes, reason=reason)
    if MatterState(to_state) in (S.CLOSED, S.WITHDRAWN):
        from core.deadlines.supervision import close_open_notices

        close_open_notices(session, matter, actor, reason or MatterState(to_state).value)
    save_and_sync(session, matter, today)
    return matter


# --- named steps ----------------------------------------------------------------------


#: A unit's written reply (答复意见书) as typed; a longer one is a paste gone wrong.
REPLY_TEXT_LIMIT = 5_000
#: A reason given for a step (a withdrawal, a backdated step).
REASON_LIMIT = 1_000


def _required(text: str | None, field: str, limit: int) -> str:
    """The text stripped; refused when blank (zero-width characters alone count as blank),
    holding control or text-direction characters, or longer than `limit`."""
    if is_blank(text):
        raise UserError("error.required", field=field)
    problem = check_text(text, limit, multiline=True)
    if problem:
        raise UserError(problem, field=field, limit=limit)
    return text.strip()


def _at(session: Session, occurred_at: dt.datetime | None) -> dt.datetime:
    return event_moment(occurred_at, office_today(session))


def record_reply(
    session: Session,
    matter_id: int,
    expected_version: int,
    reply_text: str,
    actor: UserView,
    *,
    occurred_at: dt.datetime | None = None,
    reason: str | None = None,
) -> Matter:
    """The unit's written reply (书面答复意见书)."""
    when = _at(session, occurred_at)
    text = _required(reply_text, "reply_text", REPLY_TEXT_LIMIT)
    changes = step_changes(S.REPLIED, when, reply_text=text)
    return apply_transition(
        session,
        matter_id,
        expected_version,
        S.REPLIED,
        actor,
        reason=reason,
        occurred_at=when,
        changes=changes,
    )


def record_delivery(
    session: Session,
    matter_id: int,
    expected_version: int,
    actor: UserView,
    *,
    occurred_at: dt.datetime | None = None,
    reason: str | None = None,
    delivered_by_agent_id: int | None = None,
    delivery_method: DeliveryMethod | str | None = None,
) -> Matter:
    """The written reply handed to the petitioner (by the agent, for agent-proxied items):
    when, by which agent (who must be active) and how (in person, by post, online)."""
    when = _at(session, occurred_at)
    changes = step_changes(S.DELIVERED, when)
    # a stale page, then who may deliver, are said before anything about the agent
    require_on_matter(
        actor, "record_delivery", load_for_change(session, matter_id, expected_version)
    )
    if delivered_by_agent_id is not None:
        agent = session.get(Agent, delivered_by_agent_id)
        if agent is None:
            raise UserError("error.delivery_agent_unknown", field="delivered_by_agent_id")
        if agent.status is not AgentStatus.ACTIVE:
            raise UserError(
                "error.delivery_agent_inactive",
                field="delivered_by_agent_id",
                agent=f"{agent.code} {agent.name}",
            )
        changes["delivered_by_agent_id"] = agent.id
    if delivery_method is not None:
        errors = ValidationErrors()
        changes["delivery_method"] = parse_choice(
            DeliveryMethod, delivery_method, "delivery_method", errors
        )
        errors.raise_if_any()
    return apply_transition(
        session,
        matter_id,
        expected_version,
        S.DELIVERED,
        actor,
        reason=reason,
        occurred_at=when,
        changes=changes,
    )


def _rating(value: Rating | str | None, field: str) -> Rating:
    """A rating as given by a form or the CLI; anything else is a field error."""
    errors = ValidationErrors()
    rating = parse_choice(Rating, value, field, errors)
    errors.raise_if_any()
    return rating


def record_rating(
    session: Session,
    matter_id: int,
    expected_version: int,
    actor: UserView,
    *,
    unit_rating: Rating | str,
    agent_rating: Rating | str | None = None,
    ceased: bool = False,
    occurred_at: dt.datetime | None = None,
    reason: str | None = None,
) -> Matter:
    """The petitioner rates the unit and, for an agent-proxied item, the agent too."""
    matter = session.get(Matter, matter_id)
    if matter is not None and matter.agent_proxied and agent_rating is None:
        raise UserError("error.agent_rating_required", field="agent_rating")
    if matter is not None and not matter.agent_proxied and agent_rating is not None:
        raise UserError("error.agent_rating_not_proxied", field="agent_rating")
    unit_rating = _rating(unit_rating, "unit_rating")
    if agent_rating is not None:
        agent_rating = _rating(agent_rating, "agent_rating")
    when = _at(session, occurred_at)
    changes = step_changes(
        S.RATED, when, unit_rating=unit_rating, agent_rating=agent_rating, ceased=ceased
    )
    return apply_transition(
        session,
        matter_id,
        expected_version,
        S.RATED,
        actor,
        reason=reason,
        occurred_at=when,
        changes=changes,
    )


def close(
    session: Session,
    matter_id: int,
    expected_version: int,
    actor: UserView,
    *,
    occurred_at: dt.datetime | None = None,
    reason: str | None = None,
) -> Matter:
    """Close and archive a rated matter."""
    when = _at(session, occurred_at)
    return apply_transition(
        session,
        matter_id,
        expected_version,
        S.CLOSED,
        actor,
        reason=reason,
        occurred_at=when,
        changes=step_changes(S.CLOSED, when),
    )


def withdraw(
    session: Session,
    matter_id: int,
    expected_version: int,
    actor: UserView,
    reason: str,
    *,
    occurred_at: dt.datetime | None = None,
) -> Matter:
    """The petitioner withdraws an open matter; the reason is required."""
    reason = _required(reason, "reason", REASON_LIMIT)
    when = _at(session, occurred_at)
    return apply_transition(
        session,
        matter_id,
        expected_version,
        S.WITHDRAWN,
        actor,
        reason=reason,
        occurred_at=when,
        changes=step_changes(S.WITHDRAWN, when),
    )


# --- reviews --------------------------------------------------------------------------


def review_level_for(
    session: Session,
    original: Matter,
    received_at: dt.datetime,
    *,
    exclude_matter_id: int | None = None,
) -> ReviewLevel:
    """The level a review of `original` received at `received_at` would have, or refuse.

    A review (复查) may be asked of a replied original, a re-review (复核) of a replied
    review, within the petitioner's window after the reply (rules ``review.request`` and
    ``re_review.request``); the re-review is final, and each level is asked once.
    """
    level = ReviewLevel(original.review_level)
    if original.replied_at is not None and received_at < original.replied_at:
        raise UserError(
            "error.review_before_reply",
            field="received_on",
            case_number=original.case_number,
            replied=local_date(original.replied_at).isoformat(),
        )
    if level is ReviewLevel.RE_REVIEW:
        raise UserError("error.review_final", field="linked_matter_id")
    if original.state not in REVIEWABLE_STATES or original.replied_at is None:
        raise UserError(
            "error.review_not_replied", field="linked_matter_id", case_number=original.case_number
        )
    rule = load_rules(session)[_REVIEW_WINDOW_RULES[level]]
    window_start = local_date(original.delivered_at or original.replied_at)
    deadline = rule.due(window_start, load_calendar(session))
    if local_date(received_at) > deadline:
        raise UserError(
            "error.review_window_passed",
            field="linked_matter_id",
            case_number=original.case_number,
            deadline=deadline,
        )
    existing = select(Matter.id).where(
        Matter.linked_matter_id == original.id, Matter.review_level == level + 1
    )
    if exclude_matter_id is not None:
        existing = existing.where(Matter.id != exclude_matter_id)
    if session.scalar(existing.limit(1)) is not None:
        raise UserError(
            "error.review_exists", field="linked_matter_id", case_number=original.case_number
        )
    return ReviewLevel(level + 1)


# --- history --------------------------------------------------------------------------

TIMELINE_COLUMNS = ["occurred_at", "recorded_at", "kind", "actor", "reason", "before", "after"]


def timeline(session: Session, matter_id: int) -> pd.DataFrame:
    """The matter's history from its event log, oldest first (kind labels: ``event.<kind>``)."""
    events = session.scalars(
        select(MatterEvent)
        .where(MatterEvent.matter_id == matter_id)
        .order_by(MatterEvent.occurred_at, MatterEvent.id)
    )
    return pd.DataFrame(
        [[getattr(e, c) for c in TIMELINE_COLUMNS] for e in events], columns=TIMELINE_COLUMNS
    )
