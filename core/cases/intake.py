"""Registering a submission: the form's model, its validation, and the save (BRIEF §5).

The page keeps a `SubmissionDraft` as typed (so nothing is lost after an error), shows the
errors of `validate` next to their fields (`UserError.field`, e.g. ``petitioners.1.phone``),
shows the duplicate candidates of `core.cases.duplicates.find_candidates`, and calls `register`
with the clerk's `Decision`. `register` validates again and writes nothing unless all is
valid; the query code it returns is shown once and only its hash is stored.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.agents.roster import has_passed_training
from core.cases.case_numbers import PENDING_NUMBER, next_case_number
from core.cases.query_code import hash_query_code, new_query_code
from core.cases.workflow import log_event, review_level_for
from core.deadlines.calendar import load_calendar
from core.deadlines.clocks import sync_clocks
from core.deadlines.rules import load_rules
from core.errors import UserError, ValidationErrors
from core.history import PETITIONER, record_changes
from core.policy import actor_name, require
from core.timeutil import OFFICE_TZ, local_noon_utc
from core.today import checked_today, moment_on
from core.users import UserView
from core.validation import (
    check_not_future,
    check_phone,
    check_required,
    check_resident_id,
    check_text,
    normalise_phone,
    normalise_resident_id,
    parse_choice,
)
from core.vocab import (
    AGENT_CHANNELS,
    OPEN_STATES,
    AgentStatus,
    Channel,
    ContentType,
    MatterState,
    ReviewLevel,
    Topic,
    Urgency,
)
from db.models import (
    AgencyAgreement,
    Agent,
    Cluster,
    District,
    Matter,
    Petitioner,
    Submission,
    SubmissionPetitioner,
    Town,
    Unit,
    Village,
)

#: 5 or more people make a collective petition, which names at most 5 representatives.
COLLECTIVE_HEADCOUNT = 5
MAX_REPRESENTATIVES = 5
#: The most people one submission may count (the form's max_value too): far above any
#: collective visit, far below the 32-bit column.
MAX_HEADCOUNT = 10_000
#: The petition's full text (原文): long letters are scanned and attached, not typed, so a
#: typed text longer than this is a paste gone wrong. The form's max_chars uses it too.
FULL_TEXT_LIMIT = 5_000
TEXT_LIMITS = {
    "name": 32,
    "address": 200,
    "summary": 200,
    "agreement_number": 32,
    "full_text": FULL_TEXT_LIMIT,
}
#: The earliest day a submission can have been received: the petition-agent scheme (and this
#: office's records) began in 2015, so an earlier date is a typing mistake — often a blank
#: date that Excel or a form turned into 1900-01-01.
EARLIEST_RECEIVED_ON = dt.date(2015, 1, 1)
AGREEMENT_SCOPE = "代为网上信访"

#: The matter fields the "registered" event records.
REGISTERED_FIELDS = (
    "case_number",
    "state",
    "content_type",
    "topic",
    "urgency",
    "town_id",
    "village_id",
    "cluster_id",
    "headcount",
    "is_collective",
    "agent_proxied",
    "risk_collective",
    "risk_skip_level",
    "risk_repeat",
    "risk_emotion",
    "accused_unit_id",
    "review_level",
    "linked_matter_id",
    "received_at",
    "registered_at",
)


@dataclass
class PetitionerDraft:
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    village_id: int | None = None
    is_representative: bool = False


@dataclass
class SubmissionDraft:
    """The registration form as typed: raw values, checked by `validate`."""

    channel: Channel | str | None = None
    agent_id: int | None = None
    agreement_number: str = ""
    agreement_signed_on: dt.date | None = None
    petitioners: list[PetitionerDraft] = field(default_factory=list)
    headcount: int = 1
    content_type: ContentType | str | None = None
    topic: Topic | str | None = None
    urgency: Urgency | str | None = None
    town_id: int | None = None
    village_id: int | None = None
    cluster_id: int | None = None
    summary: str = ""
    full_text: str = ""
    risk_collective: bool = False
    risk_skip_level: bool = False
    risk_repeat: bool = False
    risk_emotion: bool = False
    received_on: dt.date | None = None
    received_time: dt.time | None = None  # None: known by the day only
    accused_unit_id: int | None = None
    # an accusation against a person, not a unit: accused_unit_id is then the person's unit
    # when known (it still never handles, sees or is notified about the matter)
    accused_is_person: bool = False

    @property
    def agent_proxied(self) -> bool:
        return self.channel in AGENT_CHANNELS

    @property
    def entered_for_paper_agent(self) -> bool:
        """A paper-only agent's form, typed in by staff on the agent's behalf."""
        return self.channel == Channel.AGENT_PAPER

    @property
    def received_at(self) -> dt.datetime | None:
        if self.received_on is None:
            return None
        if self.received_time is None:
            return local_noon_utc(self.received_on)
        return dt.datetime.combine(self.received_on, self.received_time, OFFICE_TZ).astimezone(
            dt.UTC
        )

    @property
    def representatives(self) -> list[PetitionerDraft]:
        return [p for p in self.petitioners if p.is_representative]


class DecisionKind(enum.StrEnum):
    NEW_MATTER = "new_matter"
    REPEAT_OF = "repeat_of"  # a repeat filing: linked to the open matter, no new matter
    REVIEW_OF = "review_of"  # a review (复查) or re-review (复核) of a replied matter


@dataclass(frozen=True)
class Decision:
    """What the clerk decided after seeing the duplicate candidates."""

    kind: DecisionKind
    matter_id: int | None = None

    @classmethod
    def new_matter(cls) -> Decision:
        return cls(DecisionKind.NEW_MATTER)

    @classmethod
    def repeat_of(cls, matter_id: int) -> Decision:
        return cls(DecisionKind.REPEAT_OF, matter_id)

    @classmethod
    def review_of(cls, matter_id: int) -> Decision:
        return cls(DecisionKind.REVIEW_OF, matter_id)


@dataclass(frozen=True)
class Registered:
    case_number: str
    query_code: str | None  # None for a repeat filing: the first filing's code still works
    matter_id: int
    submission_id: int


# --- validation -----------------------------------------------------------------------


def _text(
    value: str,
    name: str,
    errors: ValidationErrors,
    *,
    required: bool = True,
    multiline: bool = False,
) -> None:
    """Required (zero-width characters alone count as empty), no control or text-direction
    characters, at most the field's `TEXT_LIMITS` characters."""
    if required and check_required(value):
        errors.add("error.required", name)
        return
    limit = TEXT_LIMITS[name.rsplit(".", 1)[-1]]
    problem = check_text(value, limit, multiline=multiline)
    if problem:
        errors.add(problem, name, limit=limit)


def _check_agent(session: Session, draft: SubmissionDraft, errors: ValidationErrors) -> None:
    if not draft.agent_proxied:
        if draft.agent_id is not None:
            errors.add("error.agent_only_for_agent_channels", "agent_id")
        return
    if draft.agent_id is None:
        errors.add("error.required", "agent_id")
        return
    agent = session.get(Agent, draft.agent_id)
    if agent is None:
        errors.add("error.agent_unknown", "agent_id")
    elif agent.status is not AgentStatus.ACTIVE:
        errors.add("error.agent_not_active", "agent_id", code=agent.code)
    elif not has_passed_training(session, agent.id):
        errors.add("error.training_required", "agent_id")
    elif not agent.online_capable and draft.channel == Channel.AGENT_ONLINE:
        errors.add("error.paper_agent_channel", "channel", code=agent.code)


def _check_agreement(
    session: Session, draft: SubmissionDraft, today: dt.date, errors: ValidationErrors
) -> None:
    """Every agent-proxied item needs the agency agreement the petitioner signed."""
    if not draft.agent_proxied:
        return
    number = (draft.agreement_number or "").strip()
    if not number:
        errors.add("error.agreement_required", "agreement_number")
    else:
        _text(number, "agreement_number", errors)
        existing = session.scalar(select(AgencyAgreement).where(AgencyAgreement.number == number))
        if existing is not None and not _is_same_agreement(session, existing, draft):
            errors.add("error.agreement_number_taken", "agreement_number", number=number)
    signed_on = draft.agreement_signed_on
    if signed_on is None:
        errors.add("error.agreement_required", "agreement_signed_on")
    elif check_not_future(signed_on, today):
        errors.add("error.date_in_future", "agreement_signed_on")
    elif draft.received_on is not None and signed_on > draft.received_on:
        errors.add("error.agreement_after_receipt", "agreement_signed_on")


def _is_same_agreement(
    session: Session, agreement: AgencyAgreement, draft: SubmissionDraft
) -> bool:
    """An agreement already on file may be used again by its agent for its petitioner."""
    if agreement.agent_id != draft.agent_id:
        return False
    signer = session.get(Petitioner, agreement.petitioner_id)
    return any(_identifies(p, signer) for p in draft.petitioners)


def _identifies(draft: PetitionerDraft, petitioner: Petitioner) -> bool:
    if draft.id_number.strip() and not check_resident_id(draft.id_number):
        return petitioner.id_number == normalise_resident_id(draft.id_number)
    if draft.phone.strip() and not check_phone(draft.phone):
        return (petitioner.name, petitioner.phone) == (
            draft.name.strip(),
            normalise_phone(draft.phone),
        )
    return False


def _check_petitioners(draft: SubmissionDraft, today: dt.date, errors: ValidationErrors) -> None:
    if not draft.petitioners:
        errors.add("error.petitioners_required", "petitioners")
    seen_ids: set[str] = set()
    for i, p in enumerate(draft.petitioners):
        prefix = f"petitioners.{i}"
        _text(p.name, f"{prefix}.name", errors)
        _text(p.address, f"{prefix}.address", errors, required=False)
        id_number, phone = p.id_number.strip(), p.phone.strip()
        if not id_number and not phone:
            errors.add("error.petitioner_contact_required", f"{prefix}.id_number")
        if id_number:
            problem = check_resident_id(id_number, today)
            if problem:
                errors.add(problem, f"{prefix}.id_number")
            elif normalise_resident_id(id_number) in seen_ids:
                errors.add("error.petitioner_listed_twice", f"{prefix}.id_number")
            else:
                seen_ids.add(normalise_resident_id(id_number))
        if phone and check_phone(phone):
            errors.add(check_phone(phone), f"{prefix}.phone")
    if not isinstance(draft.headcount, int) or draft.headcount < 1:
        errors.add("error.headcount_positive", "headcount")
        return
    if draft.headcount > MAX_HEADCOUNT:
        errors.add("error.headcount_too_large", "headcount", high=MAX_HEADCOUNT)
        return
    if draft.headcount < len(draft.petitioners):
        errors.add("error.headcount_below_named", "headcount", named=len(draft.petitioners))
    if draft.headcount >= COLLECTIVE_HEADCOUNT:
        representatives = len(draft.representatives)
        if representatives == 0:
            errors.add("error.representatives_required", "petitioners", n=COLLECTIVE_HEADCOUNT)
        elif representatives > MAX_REPRESENTATIVES:
            errors.add(
                "error.too_many_representatives",
                "petitioners",
                n=MAX_REPRESENTATIVES,
                named=representatives,
            )


def _check_place(session: Session, draft: SubmissionDraft, errors: ValidationErrors) -> None:
    """Town → village/community → cluster, each inside the one before."""
    if draft.town_id is None:
        errors.add("error.required", "town_id")
    elif session.get(Town, draft.town_id) is None:
        errors.add("error.town_unknown", "town_id")
    if draft.village_id is None:
        errors.add("error.required", "village_id")
    else:
        village = session.get(Village, draft.village_id)
        if village is None:
            errors.add("error.village_unknown", "village_id")
        elif draft.town_id is not None and village.town_id != draft.town_id:
            errors.add("error.village_not_in_town", "village_id")
    if draft.cluster_id is not None:
        cluster = session.get(Cluster, draft.cluster_id)
        if cluster is None or cluster.village_id != draft.village_id:
            errors.add("error.cluster_not_in_village", "cluster_id")
    for i, p in enumerate(draft.petitioners):
        if p.village_id is not None and session.get(Village, p.village_id) is None:
            errors.add("error.village_unknown", f"petitioners.{i}.village_id")


def _check_content(
    session: Session, draft: SubmissionDraft, today: dt.date, errors: ValidationErrors
) -> None:
    content_type = parse_choice(ContentType, draft.content_type, "content_type", errors)
    parse_choice(Topic, draft.topic, "topic", errors)
    parse_choice(Urgency, draft.urgency, "urgency", errors)
    _text(draft.summary, "summary", errors)
    _text(draft.full_text, "full_text", errors, required=False, multiline=True)
    if draft.received_on is None:
        errors.add("error.required", "received_on")
    elif draft.received_on < EARLIEST_RECEIVED_ON:
        errors.add("error.received_too_early", "received_on", earliest=EARLIEST_RECEIVED_ON)
    elif check_not_future(draft.received_on, today):
        errors.add("error.date_in_future", "received_on")
    if draft.accused_unit_id is not None:
        if session.get(Unit, draft.accused_unit_id) is None:
            errors.add("error.unit_unknown", "accused_unit_id")
        elif content_type is not None and content_type is not ContentType.ACCUSATION:
            errors.add("error.accused_unit_only_for_accusation", "accused_unit_id")
    elif content_type is ContentType.ACCUSATION and not draft.accused_is_person:
        # whom an accusation accuses decides who may never see it (seed 001): required
        errors.add("error.accused_unit_required", "accused_unit_id")


def validate(session: Session, draft: SubmissionDraft, today: dt.date) -> list[UserError]:
    """Every problem of the draft at once, each with the field it belongs next to."""
    errors = ValidationErrors()
    parse_choice(Channel, draft.channel, "channel", errors)
    _check_agent(session, draft, errors)
    _check_agreement(session, draft, today, errors)
    _check_petitioners(draft, today, errors)
    _check_place(session, draft, errors)
    _check_content(session, draft, today, errors)
    return errors.errors


# --- saving ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityConflict:
    """A resident ID already on file under another name or phone: the clerk decides which is
    right before saving (an impersonated petition is a real harm, BRIEF §5)."""

    id_number: str
    on_file_name: str
    on_file_phone: str | None
    typed_name: str
    typed_phone: str | None


class IdentityChoice(enum.StrEnum):
    KEEP_ON_FILE = "keep_on_file"  # the record on file is right: this filing uses it as is
    UPDATE = "update"  # the typed name/phone are right: the record changes, with history


def _typed_identity(draft: PetitionerDraft) -> tuple[str, str | None, str | None]:
    name = draft.name.strip()
    id_number = normalise_resident_id(draft.id_number) if draft.id_number.strip() else None
    phone = normalise_phone(draft.phone) if draft.phone.strip() else None
    return name, id_number, phone


def identity_conflicts(session: Session, draft: SubmissionDraft) -> list[IdentityConflict]:
    """Petitioners whose resident ID is on file with another name or phone."""
    found = []
    for person in draft.petitioners:
        try:
            name, id_number, phone = _typed_identity(person)
        except Exception:  # noqa: BLE001 - an invalid ID is the validator's business
            continue
        if not id_number:
            continue
        on_file = session.scalar(select(Petitioner).where(Petitioner.id_number == id_number))
        if on_file is None:
            continue
        if on_file.name != name or (phone and on_file.phone and on_file.phone != phone):
            found.append(IdentityConflict(id_number, on_file.name, on_file.phone, name, phone))
    return found


def _save_petitioner(
    session: Session,
    draft: PetitionerDraft,
    choices: dict[str, IdentityChoice],
    actor: UserView,
) -> Petitioner:
    """The petitioner on file (same resident ID, else same name and phone), or new. A name or
    phone that differs from the record on file changes it only when the clerk confirmed the
    typed one (`IdentityChoice.UPDATE`), and then with history; never silently."""
    name, id_number, phone = _typed_identity(draft)
    if id_number:
        found = session.scalar(select(Petitioner).where(Petitioner.id_number == id_number))
    else:
        found = session.scalar(
            select(Petitioner).where(Petitioner.name == name, Petitioner.phone == phone)
        )
    if found is None:
        petitioner = Petitioner(name=name, id_number=id_number, phone=phone)
        petitioner.address = draft.address.strip() or None
        petitioner.village_id = draft.village_id
        session.add(petitioner)
        return petitioner
    differs = found.name != name or (phone and found.phone and found.phone != phone)
    choice = choices.get(id_number or "") if differs else IdentityChoice.UPDATE
    if differs and choice is None:
        raise UserError("error.identity_unconfirmed", field="petitioners", id_number=id_number)
    if choice is IdentityChoice.UPDATE:
        typed = {"name": name, "phone": phone or found.phone}
        record_changes(
            session,
            PETITIONER,
            found.id_number or found.id,
            {f: getattr(found, f) for f in typed},
            typed,
            actor,
            "intake: identity confirmed by the clerk",
        )
        for field_name, value in typed.items():
            setattr(found, field_name, value)
        found.address = draft.address.strip() or found.address
        found.village_id = draft.village_id or found.village_id
    return found


def _save_agreement(
    session: Session, draft: SubmissionDraft, petitioners: list[Petitioner]
) -> AgencyAgreement:
    """The agreement on file under its number, or a new one signed by the first
    representative (the first petitioner when there is none)."""
    number = draft.agreement_number.strip()
    agreement = session.scalar(select(AgencyAgreement).where(AgencyAgreement.number == number))
    if agreement is None:
        signer = next(
            (p for p, d in zip(petitioners, draft.petitioners, strict=True) if d.is_representative),
            petitioners[0],
        )
        agreement = AgencyAgreement(
            number=number,
            petitioner_id=signer.id,
            agent_id=draft.agent_id,
            signed_on=draft.agreement_signed_on,
            scope=AGREEMENT_SCOPE,
        )
        session.add(agreement)
        session.flush()
    return agreement


def _district_code(session: Session, town_id: int) -> str:
    return session.scalar(
        select(District.code).join(Town, Town.district_id == District.id).where(Town.id == town_id)
    )


def _open_matter(session: Session, matter_id: int | None) -> Matter:
    matter = session.get(Matter, matter_id) if matter_id is not None else None
    if matter is None or matter.state not in OPEN_STATES:
        raise UserError("error.repeat_target_not_open", field="decision")
    return matter


def received_at(draft: SubmissionDraft, today: dt.date) -> dt.datetime:
    """When the item was received: as typed (noon when only the day is known), but never
    after its registration now (a day-only receipt registered this morning, or on a
    simulated day at the real time of day, is received no later than it is registered)."""
    return min(draft.received_at, moment_on(today))


def _new_matter(
    session: Session,
    draft: SubmissionDraft,
    today: dt.date,
    *,
    review_of: Matter | None,
) -> Matter:
    """The new matter, under a placeholder case number until `_number` numbers it."""
    level = ReviewLevel.ORIGINAL
    if review_of is not None:
        level = review_level_for(session, review_of, draft.received_at)
    matter = Matter(
        case_number=f"{PENDING_NUMBER}{secrets.token_hex(8)}",
        query_code_hash="",
        state=MatterState.REGISTERED,
        content_type=ContentType(draft.content_type),
        topic=Topic(draft.topic),
        urgency=Urgency(draft.urgency),
        summary=draft.summary.strip(),
        full_text=draft.full_text.strip(),
        town_id=draft.town_id,
        village_id=draft.village_id,
        cluster_id=draft.cluster_id,
        headcount=draft.headcount,
        is_collective=draft.headcount >= COLLECTIVE_HEADCOUNT,
        risk_collective=draft.risk_collective,
        risk_skip_level=draft.risk_skip_level,
        risk_repeat=draft.risk_repeat,
        risk_emotion=draft.risk_emotion,
        agent_proxied=draft.agent_proxied,
        received_at=received_at(draft, today),
        registered_at=moment_on(today),
        # a review contests the same accusation: it inherits whom the original accuses
        accused_unit_id=draft.accused_unit_id
        or (review_of.accused_unit_id if review_of is not None else None),
        review_level=int(level),
        linked_matter_id=review_of.id if review_of else None,
        ceased=False,
    )
    session.add(matter)
    return matter


def _number(
    session: Session,
    matter: Matter,
    draft: SubmissionDraft,
    actor: UserView,
    *,
    review_of: Matter | None,
    district_code: str,
    year: int,
) -> str:
    """Number the new matter, give it its query code and log its registration (and the
    review request on the original): the last step before commit. Returns the query code.

    Taking a number locks the district's counter until commit (numbers have no gaps), so
    everything else is saved first and only these few rows are written after it:
    concurrent registrations queue for a few statements, not for a whole registration.
    """
    case_number = next_case_number(session, district_code, year)
    query_code = new_query_code()
    matter.case_number = case_number
    matter.query_code_hash = hash_query_code(case_number, query_code)
    log_event(
        session,
        matter,
        "registered",
        actor,
        matter.received_at,
        after={name: getattr(matter, name) for name in REGISTERED_FIELDS}
        | ({"accused_is_person": True} if draft.accused_is_person else {}),
    )
    if review_of is not None:
        log_event(
            session,
            review_of,
            "review_requested",
            actor,
            matter.received_at,
            after={"review_case_number": case_number, "review_level": matter.review_level},
        )
    session.flush()
    return query_code


def register(
    session: Session,
    draft: SubmissionDraft,
    decision: Decision,
    actor: UserView,
    today: dt.date,
    *,
    identity_choices: dict[str, IdentityChoice] | None = None,
) -> Registered:
    """Save a valid draft as the clerk decided; raises `ValidationErrors` or `UserError`.

    A new matter (or review) gets a case number and a query code; a repeat filing is linked
    to the open matter it repeats, which is not duplicated. A resident ID on file under
    another name or phone is refused until `identity_choices` says, per ID, which is right
    (`identity_conflicts` lists them for the form).
    """
    require(actor, "intake.register")
    today = checked_today(session, today)
    errors = validate(session, draft, today)
    if errors:
        raise ValidationErrors(errors)
    choices = {k: IdentityChoice(v) for k, v in (identity_choices or {}).items()}
    petitioners = [_save_petitioner(session, p, choices, actor) for p in draft.petitioners]
    session.flush()
    agreement = _save_agreement(session, draft, petitioners) if draft.agent_proxied else None
    calendar, rules = load_calendar(session), load_rules(session)
    query_code = None
    review_of = None
    touched: list[Matter] = []
    if decision.kind is DecisionKind.REPEAT_OF:
        matter = _open_matter(session, decision.matter_id)
    else:
        if decision.kind is DecisionKind.REVIEW_OF:
            review_of = session.get(Matter, decision.matter_id)
            if review_of is None:
                raise UserError(
                    "error.matter_unknown", field="decision", matter_id=decision.matter_id
                )
            touched.append(review_of)
        contested = review_of.case_number if review_of is not None else ""
        matter = _new_matter(session, draft, today, review_of=review_of)
        try:
            session.flush()
        except IntegrityError:  # a concurrent request for the same review committed first
            if review_of is None:
                raise
            raise UserError(
                "error.review_exists", field="linked_matter_id", case_number=contested
            ) from None
    touched.insert(0, matter)

    submission = Submission(
        matter=matter,
        channel=Channel(draft.channel),
        agent_id=draft.agent_id if draft.agent_proxied else None,
        agreement_id=agreement.id if agreement else None,
        entered_for_paper_agent=draft.entered_for_paper_agent,
        is_repeat=decision.kind is DecisionKind.REPEAT_OF,
        headcount=draft.headcount,
        submitted_at=received_at(draft, today),
        recorded_at=moment_on(today),
        recorded_by=actor_name(actor),
    )
    session.add(submission)
    if decision.kind is DecisionKind.REPEAT_OF:
        log_event(
            session,
            matter,
            "repeat_filed",
            actor,
            submission.submitted_at,
            after={
                "channel": submission.channel,
                "agent_id": submission.agent_id,
                "headcount": submission.headcount,
            },
        )
    session.flush()
    session.add_all(
        SubmissionPetitioner(
            submission_id=submission.id, petitioner_id=p.id, is_representative=d.is_representative
        )
        for p, d in zip(petitioners, draft.petitioners, strict=True)
    )
    for each in touched:
        sync_clocks(session, each, calendar, today, rules)
    if decision.kind is not DecisionKind.REPEAT_OF:  # a new matter: numbered last
        query_code = _number(
            session,
            matter,
            draft,
            actor,
            review_of=review_of,
            district_code=_district_code(session, draft.town_id),
            year=today.year,
        )
    return Registered(matter.case_number, query_code, matter.id, submission.id)
