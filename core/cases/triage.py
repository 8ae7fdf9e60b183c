"""Triage (导访): each registered matter gets one of the seven outcomes of BRIEF §6.

Each outcome asks only for what it needs (`REQUIRED_INPUTS`) and leads to a fixed result:
accepted and assigned to a unit, accepted as a review, or not accepted — and a matter not
accepted always records where the petitioner should go instead (`redirect_to`); the page
pre-fills it from the catalog text `default_redirect_key(outcome)`.

The decision is logged as the events "triaged", then "accepted" and "assigned", or
"not_accepted", each with the fields it changed; the matter's version is checked once.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from core.cases.routing import LOCAL_LEVELS, coordination_unit
from core.cases.workflow import load_for_change, review_level_for, save_and_sync, step
from core.errors import UserError, ValidationErrors
from core.places import receiving_unit
from core.policy import require_not_accused, require_on_matter
from core.today import checked_today, moment_on
from core.users import UserView
from core.validation import check_text, is_blank
from core.vocab import OPEN_STATES, ClockKind, MatterState, TriageOutcome
from db.models import Clock, Matter, Submission, Town

O = TriageOutcome


class LegalChannel(enum.StrEnum):
    """Where a law-related or litigable matter belongs instead of the petition channel."""

    LITIGATION = "litigation"  # 诉讼
    ARBITRATION = "arbitration"  # 仲裁
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration"  # 行政复议
    OTHER = "other"


@dataclass(frozen=True)
class TriageDecision:
    """The clerk's decision; which fields count depends on the outcome (`REQUIRED_INPUTS`)."""

    outcome: TriageOutcome | str
    unit_id: int | None = None  # handle locally, assign to a unit
    legal_channel: LegalChannel | str | None = None  # other channel
    guidance: str = ""  # other channel: what the petitioner should do
    linked_matter_id: int | None = None  # already handling (the open matter), review
    reason: str = ""  # concluded or unreasonable
    redirect_to: str = ""  # every "not accepted" outcome: which body, which procedure
    note: str = ""  # optional remark for the accepted outcomes


REQUIRED_INPUTS: dict[TriageOutcome, tuple[str, ...]] = {
    O.HANDLE_LOCALLY: ("unit_id",),
    O.ASSIGN_UNIT: ("unit_id",),
    O.COORDINATE: (),
    O.OTHER_CHANNEL: ("legal_channel", "redirect_to", "guidance"),
    O.ALREADY_HANDLING: ("linked_matter_id", "redirect_to"),
    O.REVIEW: ("linked_matter_id",),
    O.CONCLUDED_OR_UNREASONABLE: ("reason", "redirect_to"),
}
NOT_ACCEPTED = frozenset({O.OTHER_CHANNEL, O.ALREADY_HANDLING, O.CONCLUDED_OR_UNREASONABLE})
REDIRECT_LIMIT = 200
#: The clerk's reason, guidance or remark: printed on the notice, a paragraph or two.
NOTE_LIMIT = 1_000
#: The decision's free-text fields, their limits and whether they may hold line breaks.
_TEXT_FIELDS = (
    ("reason", NOTE_LIMIT, True),
    ("guidance", NOTE_LIMIT, True),
    ("note", NOTE_LIMIT, True),
    ("redirect_to", REDIRECT_LIMIT, True),
)


def default_redirect_key(outcome: TriageOutcome | str) -> str | None:
    """Catalog key of the default 'where to go instead' text for a not-accepted outcome."""
    outcome = TriageOutcome(outcome)
    return f"triage.redirect.{outcome.value}" if outcome in NOT_ACCEPTED else None


@dataclass(frozen=True)
class TriageResult:
    matter_id: int
    state: MatterState
    unit_id: int | None
    redirect_to: str | None
    version: int


def _check_inputs(outcome: TriageOutcome, decision: TriageDecision) -> None:
    errors = ValidationErrors()
    for name in REQUIRED_INPUTS[outcome]:
        value = getattr(decision, name)
        if value is None or (isinstance(value, str) and is_blank(value)):
            errors.add("error.required", name)
    if decision.legal_channel and outcome is O.OTHER_CHANNEL:
        try:
            LegalChannel(decision.legal_channel)
        except ValueError:
            errors.add("error.choice_invalid", "legal_channel", value=decision.legal_channel)
    for name, limit, multiline in _TEXT_FIELDS:
        problem = check_text(getattr(decision, name), limit, multiline=multiline)
        if problem:
            errors.add(problem, name, limit=limit)
    errors.raise_if_any()


def _unit(session: Session, matter: Matter, outcome: TriageOutcome, unit_id: int | None) -> int:
    if outcome is O.COORDINATE:
        return coordination_unit(session).id
    unit = receiving_unit(session, unit_id)
    if outcome is O.HANDLE_LOCALLY and not (
        unit.level in LOCAL_LEVELS
        and (unit.town_id == matter.town_id or unit.village_id == matter.village_id)
    ):
        raise UserError("error.unit_not_local", field="unit_id")
    require_not_accused(matter, unit.id)
    return unit.id


def _linked(session: Session, matter: Matter, matter_id: int) -> Matter:
    linked = session.get(Matter, matter_id)
    if linked is None or linked.id == matter.id:
        raise UserError("error.matter_unknown", field="linked_matter_id", matter_id=matter_id)
    return linked


def triage(
    session: Session,
    matter_id: int,
    expected_version: int,
    decision: TriageDecision,
    actor: UserView,
    today: dt.date,
) -> TriageResult:
    """Record the triage outcome of a registered matter (raises `UserError`s, writes nothing
    then). The acceptance clock stops at the acceptance or non-acceptance."""
    outcome = TriageOutcome(decision.outcome)
    _check_inputs(outcome, decision)
    matter = load_for_change(session, matter_id, expected_version)
    require_on_matter(actor, "triage", matter)
    today = checked_today(session, today)
    when = moment_on(today)
    triaged = {"triage_outcome": outcome, "triage_note": decision.note.strip() or None}

    if outcome in NOT_ACCEPTED:
        triaged["redirect_to"] = decision.redirect_to.strip()
        if outcome is O.OTHER_CHANNEL:
            triaged["triage_note"] = decision.guidance.strip()
        elif outcome is O.CONCLUDED_OR_UNREASONABLE:
            triaged["triage_note"] = decision.reason.strip()
        else:
            open_matter = _linked(session, matter, decision.linked_matter_id)
            if open_matter.state not in OPEN_STATES:
                raise UserError(
                    "error.linked_matter_not_open",
                    field="linked_matter_id",
                    case_number=open_matter.case_number,
                )
            triaged["linked_matter_id"] = open_matter.id
            # its filings repeat the open matter: they count in the repeat-petition rate
            for submission in session.scalars(
                select(Submission).where(Submission.matter_id == matter.id)
            ):
                submission.is_repeat = True
        event = step(
            session,
            matter,
            MatterState.TRIAGED,
            actor,
            when,
            triaged,
            reason=decision.reason.strip() or None,
        )
        if outcome is O.OTHER_CHANNEL:
            event.after["legal_channel"] = LegalChannel(decision.legal_channel).value
        step(session, matter, MatterState.NOT_ACCEPTED, actor, when, {"closed_at": when})
    elif outcome is O.REVIEW:
        original = _linked(session, matter, decision.linked_matter_id)
        level = review_level_for(session, original, matter.received_at, exclude_matter_id=matter.id)
        triaged |= {"linked_matter_id": original.id, "review_level": int(level)}
        step(session, matter, MatterState.TRIAGED, actor, when, triaged)
        step(session, matter, MatterState.ACCEPTED, actor, when, {"accepted_at": when})
    else:
        unit_id = _unit(session, matter, outcome, decision.unit_id)
        step(session, matter, MatterState.TRIAGED, actor, when, triaged)
        step(session, matter, MatterState.ACCEPTED, actor, when, {"accepted_at": when})
        step(
            session,
            matter,
            MatterState.ASSIGNED,
            actor,
            when,
            {"unit_id": unit_id, "assigned_at": when},
        )
    save_and_sync(session, matter, today)
    return TriageResult(matter.id, matter.state, matter.unit_id, matter.redirect_to, matter.version)


# --- the queue ------------------------------------------------------------------------

QUEUE_COLUMNS = [
    "matter_id",
    "case_number",
    "received_at",
    "agent_proxied",
    "risk_flagged",
    "is_collective",
    "review_level",
    "content_type",
    "topic",
    "urgency",
    "town",
    "summary",
    "acceptance_due",
    "days_left",
    "version",
]


def triage_queue(session: Session, today: dt.date) -> pd.DataFrame:
    """Matters waiting for triage: agent-proxied first, then risk-flagged, then oldest.

    `days_left` counts calendar days to the 15-day acceptance limit (negative: overdue).
    """
    risk = or_(
        Matter.risk_collective, Matter.risk_skip_level, Matter.risk_repeat, Matter.risk_emotion
    )
    rows = session.execute(
        select(
            Matter.id,
            Matter.case_number,
            Matter.received_at,
            Matter.agent_proxied,
            risk.label("risk_flagged"),
            Matter.is_collective,
            Matter.review_level,
            Matter.content_type,
            Matter.topic,
            Matter.urgency,
            Town.name,
            Matter.summary,
            Clock.due_on,
            Matter.version,
        )
        .join(Town, Town.id == Matter.town_id)
        .outerjoin(Clock, and_(Clock.matter_id == Matter.id, Clock.kind == ClockKind.ACCEPTANCE))
        .where(Matter.state == MatterState.REGISTERED)
    ).all()
    frame = pd.DataFrame(
        [(*r[:12], r[12], (r[12] - today).days if r[12] else None, r[13]) for r in rows],
        columns=QUEUE_COLUMNS,
    )
    frame["risk_flagged"] = frame["risk_flagged"].astype(bool)
    return frame.sort_values(
        ["agent_proxied", "risk_flagged", "received_at", "matter_id"],
        ascending=[False, False, True, True],
        ignore_index=True,
    )
