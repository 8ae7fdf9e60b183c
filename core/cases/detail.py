"""One matter's full record for staff, with the privacy rules of BRIEF §10.

- ID and phone numbers are shown in full only to roles that contact petitioners (clerks,
  supervisors, admins); trainers and unit liaisons see them masked.
- A unit liaison sees only matters assigned to their unit, never an accusation against it;
  every read of a record by a liaison is logged (`RecordAccess`), so call this in a write
  transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import display_names
from core.cases.workflow import timeline
from core.errors import UserError
from core.policy import allowed_actions, may_see
from core.timeutil import now_utc
from core.users import UserView
from core.vocab import Role
from db.models import (
    AgencyAgreement,
    Agent,
    ChangeLog,
    Matter,
    Petitioner,
    RecordAccess,
    Submission,
    SubmissionPetitioner,
    Unit,
    Village,
)

FULL_CONTACT_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
MATTER_FIELDS = (
    "id",
    "case_number",
    "state",
    "content_type",
    "topic",
    "urgency",
    "summary",
    "full_text",
    "town_id",
    "village_id",
    "cluster_id",
    "headcount",
    "is_collective",
    "risk_collective",
    "risk_skip_level",
    "risk_repeat",
    "risk_emotion",
    "agent_proxied",
    "received_at",
    "registered_at",
    "triage_outcome",
    "triage_note",
    "redirect_to",
    "accepted_at",
    "unit_id",
    "accused_unit_id",
    "assigned_at",
    "linked_matter_id",
    "review_level",
    "reply_text",
    "replied_at",
    "delivered_at",
    "delivered_by_agent_id",
    "delivery_method",
    "unit_rating",
    "agent_rating",
    "ceased",
    "rated_at",
    "closed_at",
    "version",
)
PETITIONER_COLUMNS = [
    "name",
    "id_number",
    "phone",
    "address",
    "village_id",
    "is_representative",
    "village",  # the village's name: what people read, never the internal id (#14)
]
SUBMISSION_COLUMNS = [
    "submitted_at",
    "channel",
    "agent_code",
    "agent_name",
    "agreement_number",
    "entered_for_paper_agent",
    "is_repeat",
    "headcount",
    "recorded_by",
]


def mask(text: str | None, keep_start: int, keep_end: int = 4) -> str | None:
    """``13812345678`` → ``138****5678``: enough to recognise, not enough to use."""
    if not text:
        return text
    hidden = len(text) - keep_start - keep_end
    if hidden <= 0:
        return "*" * len(text)
    return text[:keep_start] + "*" * hidden + text[-keep_end:]


@dataclass(frozen=True)
class MatterDetail:
    matter: dict[str, Any]
    unit_name: str | None
    petitioners: pd.DataFrame
    submissions: pd.DataFrame
    timeline: pd.DataFrame
    masked: bool
    #: names of the units and agents the record and its timeline refer to, by id
    unit_names: dict[int, str] = field(default_factory=dict)
    agent_names: dict[int, str] = field(default_factory=dict)
    #: the leader's case package (core.cases.package.PackageView), if any
    package: Any = None


def _check_may_read(session: Session, matter: Matter, viewer: UserView) -> None:
    """The policy's visibility rule. One message for both refusals ("not your unit" and
    "accuses your unit"), so a liaison cannot learn that an accusation exists."""
    if not may_see(viewer, matter):
        raise RefusedRead("error.matter_forbidden", matter_id=matter.id)


def log_refused_read(session: Session, matter_id: int, viewer: UserView) -> None:
    """A refused attempt to read a full record is itself logged (BRIEF §10)."""
    session.add(
        ChangeLog(
            entity="record_access_refused",
            entity_key=str(matter_id),
            field="matter",
            old_value=None,
            new_value=None,
            actor=viewer.username,
            changed_at=now_utc(),
            reason="outside the user's unit, or accusing it",
        )
    )


def read_matter(database, matter_id: int, viewer: UserView) -> MatterDetail:
    """`matter_detail` in its own transaction, as pages call it: a liaison's read is logged
    with the read, a refused attempt in a transaction of its own (the read's rolls back)."""
    try:
        with database.write() as session:
            return matter_detail(session, matter_id, viewer)
    except RefusedRead:
        with database.write() as session:
            log_refused_read(session, matter_id, viewer)
        raise


def actions_on(session: Session, matter_id: int, actor: UserView) -> frozenset[str]:
    """What `actor` may do on this matter as it stands now: what a page offers for it."""
    matter = session.get(Matter, matter_id)
    return frozenset() if matter is None else allowed_actions(actor, matter)


class RefusedRead(UserError):
    """A refused read; the refusal itself was logged, so callers commit before showing it."""


def matter_detail(session: Session, matter_id: int, viewer: UserView) -> MatterDetail:
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise UserError("error.matter_unknown", matter_id=matter_id)
    _check_may_read(session, matter, viewer)
    if viewer.role is Role.UNIT_LIAISON:
        session.add(
            RecordAccess(matter_id=matter.id, username=viewer.username, accessed_at=now_utc())
        )
    masked = viewer.role not in FULL_CONTACT_ROLES
    petitioners = session.execute(
        select(Petitioner, SubmissionPetitioner.is_representative, Village.name)
        .outerjoin(Village, Village.id == Petitioner.village_id)
        .join(SubmissionPetitioner, SubmissionPetitioner.petitioner_id == Petitioner.id)
        .join(Submission, Submission.id == SubmissionPetitioner.submission_id)
        .where(Submission.matter_id == matter.id)
        .order_by(Submission.submitted_at, Petitioner.id)
    ).all()
    seen: dict[int, list] = {}
    for p, representative, village in petitioners:
        seen.setdefault(
            p.id,
            [
                p.name,
                mask(p.id_number, 6) if masked else p.id_number,
                mask(p.phone, 3) if masked else p.phone,
                p.address,
                p.village_id,
                representative,
                village or "",
            ],
        )
    submissions = session.execute(
        select(
            Submission.submitted_at,
            Submission.channel,
            Agent.code,
            Agent.name,
            AgencyAgreement.number,
            Submission.entered_for_paper_agent,
            Submission.is_repeat,
            Submission.headcount,
            Submission.recorded_by,
        )
        .outerjoin(Agent, Agent.id == Submission.agent_id)
        .outerjoin(AgencyAgreement, AgencyAgreement.id == Submission.agreement_id)
        .where(Submission.matter_id == matter.id)
        .order_by(Submission.submitted_at)
    ).all()
    unit = session.get(Unit, matter.unit_id) if matter.unit_id else None
    events = timeline(session, matter.id)
    # people's names beside the usernames history keeps (core.actors)
    events["actor_name"] = events["actor"].map(display_names(session, events["actor"]))
    unit_ids, agent_ids = _referenced_ids(events)
    if matter.delivered_by_agent_id is not None:
        agent_ids.add(matter.delivered_by_agent_id)
    from core.cases.package import package_of

    return MatterDetail(
        matter={name: getattr(matter, name) for name in MATTER_FIELDS},
        unit_name=unit.name if unit else None,
        petitioners=pd.DataFrame(list(seen.values()), columns=PETITIONER_COLUMNS),
        submissions=pd.DataFrame([tuple(r) for r in submissions], columns=SUBMISSION_COLUMNS),
        timeline=events,
        masked=masked,
        unit_names=_names(session, Unit, unit_ids),
        agent_names=_names(session, Agent, agent_ids, with_code=True),
        package=package_of(session, matter.id),
    )


#: Keys of an event's before/after that name a unit, or an agent.
UNIT_KEYS = ("unit_id", "returned_by_unit_id")
AGENT_KEYS = ("delivered_by_agent_id",)


def _referenced_ids(events: pd.DataFrame) -> tuple[set[int], set[int]]:
    units: set[int] = set()
    agents: set[int] = set()
    for side in ("before", "after"):
        for values in events[side] if side in events else ():
            for key in UNIT_KEYS:
                if isinstance((values or {}).get(key), int):
                    units.add(values[key])
            for key in AGENT_KEYS:
                if isinstance((values or {}).get(key), int):
                    agents.add(values[key])
    return units, agents


def _names(session: Session, model, ids: set[int], *, with_code: bool = False) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(model.id, model.code, model.name).where(model.id.in_(ids)))
    return {i: f"{code} {name}" if with_code else name for i, code, name in rows}
