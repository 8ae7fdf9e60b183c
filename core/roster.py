"""The agent roster: search, the agent page, add and edit, and the status lifecycle.

Filtering, sorting and paging happen in SQL; pages get pandas DataFrames with English
column names (labels in ``console/locales/roster.py`` as ``roster.col.<name>``) and enum
columns as their stored values (shown with `console.i18n.label`).

Status-change reasons the system writes itself are i18n keys (``roster.reason.…``); a
reason typed by a user is stored as typed. `console.i18n.translate` returns unknown text
unchanged, so a page can pass every reason through it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pandas as pd
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.bonus import agent_bonus_by_quarter
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.geo import CoordinateSystem, to_wgs84
from core.timeutil import now_utc
from core.today import today as office_today
from core.validation import (
    Bounds,
    check_coordinates,
    check_email,
    check_max_length,
    check_not_future,
    check_phone,
    check_required,
    normalise_phone,
    parse_choice,
)
from core.vocab import PUBLIC_SERVANT_CATEGORIES, AgentCategory, AgentStatus, Gender
from db.models import (
    Agent,
    AgentStatusChange,
    Cluster,
    Matter,
    Submission,
    Town,
    TrainingRecord,
    TrainingSession,
    Village,
)

#: Allowed status changes (BRIEF §4): trainee → active → suspended ⇄ active; any → retired.
TRANSITIONS: dict[AgentStatus, frozenset[AgentStatus]] = {
    AgentStatus.TRAINEE: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.ACTIVE: frozenset({AgentStatus.SUSPENDED, AgentStatus.RETIRED}),
    AgentStatus.SUSPENDED: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.RETIRED: frozenset(),
}

REASON_REGISTERED = "roster.reason.registered"
REASON_TRAINING_PASSED = "roster.reason.training_passed"
REASON_IMPORTED = "roster.reason.imported"

#: Posts may sit a little outside the outermost cluster or village centre.
BOUNDS_PADDING_KM = 2.0
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
TEXT_LIMITS = {"code": 16, "name": 32, "address": 200, "email": 128, "reason": 200}


# --- checking an agent's fields -------------------------------------------------------


@dataclass
class AgentInput:
    """An agent as a form or an import row gives it: raw values, not yet checked."""

    code: str
    name: str
    gender: Gender | str | None
    phone: str
    address: str
    category: AgentCategory | str | None
    village_id: int | None
    lat: float | None
    lon: float | None
    coordinate_system: CoordinateSystem | str = CoordinateSystem.WGS84
    email: str | None = None
    online_capable: bool = True
    #: None: decided by the category (civil servants and institution staff are).
    is_public_servant: bool | None = None
    #: None: the office's today.
    joined_on: dt.date | None = None


@dataclass(frozen=True)
class AgentValues:
    """Checked and normalised values, in the form stored on `Agent` (WGS-84 post)."""

    code: str
    name: str
    gender: Gender
    phone: str
    email: str | None
    address: str
    category: AgentCategory
    is_public_servant: bool
    village_id: int
    lat: float
    lon: float
    online_capable: bool
    joined_on: dt.date

    def as_row(self) -> dict:
        return asdict(self)


@dataclass
class RosterIndex:
    """What reference and uniqueness checks need, loaded once for a form or a whole import."""

    village_ids: set[int]
    bounds: Bounds | None
    agent_by_code: dict[str, int]
    agent_by_phone: dict[str, int]
    today: dt.date
    trained_agent_ids: set[int] = field(default_factory=set)


def district_bounds(session: Session) -> Bounds | None:
    """The box around every cluster and village centre, padded by `BOUNDS_PADDING_KM`."""
    boxes = [
        session.execute(
            select(func.min(m.lat), func.min(m.lon), func.max(m.lat), func.max(m.lon))
        ).one()
        for m in (Cluster, Village)
    ]
    boxes = [b for b in boxes if b[0] is not None]
    if not boxes:
        return None
    box = Bounds(
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return box.padded(BOUNDS_PADDING_KM)


def load_roster_index(session: Session) -> RosterIndex:
    """Two small queries over the whole roster (1,617 rows), cheaper than one per row."""
    agents = session.execute(select(Agent.id, Agent.code, Agent.phone)).all()
    return RosterIndex(
        village_ids=set(session.scalars(select(Village.id))),
        bounds=district_bounds(session),
        agent_by_code={a.code: a.id for a in agents},
        agent_by_phone={a.phone: a.id for a in agents},
        today=office_today(session),
        trained_agent_ids=set(
            session.scalars(select(TrainingRecord.agent_id).where(TrainingRecord.passed))
        ),
    )


def _text(value: str | None) -> str:
    return "" if value is None else str(value).strip()


def _required_text(data: AgentInput, name: str, errors: ValidationErrors) -> str:
    value = _text(getattr(data, name))
    key = check_required(value) or check_max_length(value, TEXT_LIMITS[name])
    if key:
        errors.add(key, name, limit=TEXT_LIMITS[name])
    return value


def check_agent(
    data: AgentInput, index: RosterIndex, agent_id: int | None = None
) -> tuple[AgentValues | None, list[UserError]]:
    """Check every field and return (values, []) or (None, all field errors).

    `agent_id` is the agent being edited, whose own code and phone are not duplicates.
    """
    errors = ValidationErrors()
    code = _required_text(data, "code", errors)
    if code and not CODE_PATTERN.match(code):
        errors.add("error.code_format", "code")
    elif index.agent_by_code.get(code, agent_id) != agent_id:
        errors.add("error.code_taken", "code", code=code)
    name = _required_text(data, "name", errors)
    address = _required_text(data, "address", errors)
    gender = parse_choice(Gender, data.gender, "gender", errors)
    category = parse_choice(AgentCategory, data.category, "category", errors)

    phone = _text(data.phone)
    phone_key = check_required(phone) or check_phone(phone)
    if phone_key:
        errors.add(phone_key, "phone")
    else:
        phone = normalise_phone(phone)
        if index.agent_by_phone.get(phone, agent_id) != agent_id:
            errors.add("error.phone_taken", "phone", phone=phone)

    email = _text(data.email) or None
    if email and (check_email(email) or check_max_length(email, TEXT_LIMITS["email"])):
        errors.add("error.email_format", "email")

    if data.village_id is None:
        errors.add("error.required", "village")
    elif data.village_id not in index.village_ids:
        errors.add("error.village_unknown", "village")

    lat, lon = _checked_post(data, index, errors)

    joined_on = data.joined_on or index.today
    if check_not_future(joined_on, index.today):
        errors.add("error.date_in_future", "joined_on")

    if errors.errors:
        return None, errors.errors
    is_public_servant = (
        category in PUBLIC_SERVANT_CATEGORIES
        if data.is_public_servant is None
        else bool(data.is_public_servant)
    )
    values = AgentValues(
        code=code,
        name=name,
        gender=gender,
        phone=phone,
        email=email,
        address=address,
        category=category,
        is_public_servant=is_public_servant,
        village_id=data.village_id,
        lat=lat,
        lon=lon,
        online_capable=bool(data.online_capable),
        joined_on=joined_on,
    )
    return values, []


def _checked_post(
    data: AgentInput, index: RosterIndex, errors: ValidationErrors
) -> tuple[float, float]:
    """The post converted to WGS-84 from the stated system, and checked against the district."""
    for name in ("lat", "lon"):
        if getattr(data, name) is None:
            errors.add("error.required", name)
    system = parse_choice(CoordinateSystem, data.coordinate_system, "coordinate_system", errors)
    if data.lat is None or data.lon is None or system is None:
        return 0.0, 0.0
    lat, lon = (float(v) for v in to_wgs84(float(data.lat), float(data.lon), system))
    key = check_coordinates(lat, lon, index.bounds)
    if key:
        errors.add(key, "lat")
    return lat, lon


def _checked(session: Session, data: AgentInput, agent_id: int | None) -> AgentValues:
    values, errors = check_agent(data, load_roster_index(session), agent_id)
    if errors:
        raise ValidationErrors(errors)
    return values


# --- add, edit, status ------------------------------------------------------------------


def status_change_row(
    agent_id: int,
    from_status: AgentStatus | None,
    to_status: AgentStatus,
    effective_on: dt.date,
    reason: str,
    actor: str,
) -> dict:
    """One `AgentStatusChange` as a dict, for a single insert or a bulk one (import)."""
    return {
        "agent_id": agent_id,
        "from_status": from_status,
        "to_status": to_status,
        "effective_on": effective_on,
        "reason": reason,
        "actor": actor,
        "recorded_at": now_utc(),
    }


def add_agent(session: Session, data: AgentInput, actor: str) -> int:
    """Register a new agent as a trainee (history starts with that step); returns its id.

    Raises `ValidationErrors` with every field error at once; nothing is written then.
    """
    values = _checked(session, data, None)
    agent = Agent(**values.as_row(), status=AgentStatus.TRAINEE)
    session.add(agent)
    session.flush()
    session.add(
        AgentStatusChange(
            **status_change_row(
                agent.id, None, AgentStatus.TRAINEE, values.joined_on, REASON_REGISTERED, actor
            )
        )
    )
    return agent.id


def _load_for_change(session: Session, agent_id: int, expected_version: int | None) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise UserError("error.agent_unknown", agent_id=agent_id)
    if expected_version is not None and agent.version != expected_version:
        raise ConcurrentEditError()
    return agent


def _flush(session: Session) -> None:
    """Flush, turning a lost optimistic-lock race into the error a user can act on."""
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentEditError() from None


def edit_agent(
    session: Session, agent_id: int, data: AgentInput, expected_version: int, actor: str
) -> int:
    """Save a form loaded at `expected_version`; returns the new version.

    Status is not a form field: it changes only through `change_status`.
    """
    agent = _load_for_change(session, agent_id, expected_version)
    values = _checked(session, data, agent_id)
    for name, value in values.as_row().items():
        setattr(agent, name, value)
    _flush(session)
    return agent.version


def has_passed_training(session: Session, agent_id: int) -> bool:
    return session.scalar(
        select(exists().where(TrainingRecord.agent_id == agent_id, TrainingRecord.passed))
    )


def check_status_change(
    current: AgentStatus,
    to_status: AgentStatus,
    trained: bool,
    effective_on: dt.date,
    last_effective_on: dt.date | None,
    reason: str,
    today: dt.date,
) -> None:
    """The lifecycle rules, shared by the agent page and the import."""
    if to_status not in TRANSITIONS[current]:
        raise UserError("error.status_transition", "status", current=current, to=to_status)
    if current is AgentStatus.TRAINEE and to_status is AgentStatus.ACTIVE and not trained:
        raise UserError("error.training_required", "status")
    errors = ValidationErrors()
    if check_required(reason):
        errors.add("error.required", "reason")
    elif check_max_length(reason.strip(), TEXT_LIMITS["reason"]):
        errors.add("error.too_long", "reason", limit=TEXT_LIMITS["reason"])
    if check_not_future(effective_on, today):
        errors.add("error.date_in_future", "effective_on")
    elif last_effective_on is not None and effective_on < last_effective_on:
        errors.add("error.date_before_last_change", "effective_on", last=last_effective_on)
    errors.raise_if_any()


def last_status_dates(session: Session, agent_ids: Iterable[int] | None = None) -> dict:
    """agent id → effective date of its latest status change."""
    stmt = select(AgentStatusChange.agent_id, func.max(AgentStatusChange.effective_on))
    if agent_ids is not None:
        stmt = stmt.where(AgentStatusChange.agent_id.in_(list(agent_ids)))
    return dict(session.execute(stmt.group_by(AgentStatusChange.agent_id)).all())


def change_status(
    session: Session,
    agent_id: int,
    to_status: AgentStatus | str,
    effective_on: dt.date,
    reason: str,
    actor: str,
    expected_version: int | None = None,
) -> int:
    """Activate, suspend, reinstate or retire an agent, with a reason and an effective date
    (not in the future, not before the previous change). Returns the new version."""
    agent = _load_for_change(session, agent_id, expected_version)
    to_status = AgentStatus(to_status)
    check_status_change(
        agent.status,
        to_status,
        has_passed_training(session, agent_id),
        effective_on,
        last_status_dates(session, [agent_id]).get(agent_id),
        reason,
        office_today(session),
    )
    row = status_change_row(agent_id, agent.status, to_status, effective_on, reason.strip(), actor)
    session.add(AgentStatusChange(**row))
    agent.status = to_status
    _flush(session)
    return agent.version


# --- search ---------------------------------------------------------------------------


@dataclass
class AgentFilter:
    """Every criterion is optional; text fields match substrings."""

    text: str = ""  # name, code or phone
    name: str = ""
    code: str = ""
    phone: str = ""
    town_id: int | None = None
    village_id: int | None = None
    category: AgentCategory | None = None
    status: AgentStatus | None = None
    trained: bool | None = None
    public_servant: bool | None = None
    online_capable: bool | None = None


def _trained():
    return exists().where(TrainingRecord.agent_id == Agent.id, TrainingRecord.passed)


ROSTER_COLUMNS = {
    "id": Agent.id,
    "code": Agent.code,
    "name": Agent.name,
    "gender": Agent.gender,
    "phone": Agent.phone,
    "email": Agent.email,
    "address": Agent.address,
    "category": Agent.category,
    "public_servant": Agent.is_public_servant,
    "town_id": Town.id,
    "town": Town.name,
    "village_id": Village.id,
    "village": Village.name,
    "status": Agent.status,
    "online_capable": Agent.online_capable,
    "trained": _trained(),
    "joined_on": Agent.joined_on,
    "lat": Agent.lat,
    "lon": Agent.lon,
    "version": Agent.version,
}
SORTABLE = ("code", "name", "phone", "category", "town", "village", "status", "joined_on")


def _contains(column, text: str):
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _where(stmt: Select, flt: AgentFilter) -> Select:
    stmt = stmt.join(Village, Agent.village_id == Village.id).join(Town, Village.town_id == Town.id)
    if flt.text.strip():
        stmt = stmt.where(
            or_(*(_contains(c, flt.text) for c in (Agent.name, Agent.code, Agent.phone)))
        )
    for column, text in ((Agent.name, flt.name), (Agent.code, flt.code), (Agent.phone, flt.phone)):
        if text.strip():
            stmt = stmt.where(_contains(column, text))
    equal = (
        (Town.id, flt.town_id),
        (Village.id, flt.village_id),
        (Agent.category, flt.category),
        (Agent.status, flt.status),
        (Agent.is_public_servant, flt.public_servant),
        (Agent.online_capable, flt.online_capable),
    )
    for column, value in equal:
        if value is not None:
            stmt = stmt.where(column == value)
    if flt.trained is not None:
        stmt = stmt.where(_trained() if flt.trained else ~_trained())
    return stmt


def _frame(rows, columns: Iterable[str]) -> pd.DataFrame:
    """Rows to a DataFrame, enum members as their plain stored values."""
    return pd.DataFrame(
        [[getattr(v, "value", v) for v in row] for row in rows], columns=list(columns)
    )


@dataclass(frozen=True)
class RosterPage:
    agents: pd.DataFrame
    total: int  # matching agents on all pages


def search_agents(
    session: Session,
    flt: AgentFilter | None = None,
    sort_by: str = "code",
    descending: bool = False,
    page: int = 0,
    page_size: int | None = None,
) -> RosterPage:
    """One page of the filtered, sorted roster (page_size None = every match)."""
    flt = flt or AgentFilter()
    if sort_by not in SORTABLE:
        raise UserError("error.sort_unknown", column=sort_by)
    order = ROSTER_COLUMNS[sort_by]
    stmt = _where(select(*(c.label(n) for n, c in ROSTER_COLUMNS.items())), flt)
    stmt = stmt.order_by(order.desc() if descending else order, Agent.code)
    if page_size is not None:
        stmt = stmt.offset(page * page_size).limit(page_size)
    total = session.scalar(_where(select(func.count(Agent.id)), flt))
    return RosterPage(_frame(session.execute(stmt), ROSTER_COLUMNS), total)


def counts_by_category(session: Session, flt: AgentFilter | None = None) -> pd.DataFrame:
    stmt = _where(select(Agent.category, func.count(Agent.id)), flt or AgentFilter())
    rows = session.execute(stmt.group_by(Agent.category).order_by(Agent.category))
    return _frame(rows, ["category", "agents"])


def counts_by_town(session: Session, flt: AgentFilter | None = None) -> pd.DataFrame:
    stmt = _where(select(Town.id, Town.name, func.count(Agent.id)), flt or AgentFilter())
    rows = session.execute(stmt.group_by(Town.id, Town.name).order_by(Town.name))
    return _frame(rows, ["town_id", "town", "agents"])


@dataclass(frozen=True)
class AgentChoice:
    id: int
    code: str
    name: str
    phone: str
    village: str
    online_capable: bool


def find_active_agents(session: Session, text: str, limit: int = 20) -> list[AgentChoice]:
    """Active agents matching code, name or phone: the only ones intake may choose."""
    stmt = _where(
        select(Agent.id, Agent.code, Agent.name, Agent.phone, Village.name, Agent.online_capable),
        AgentFilter(text=text, status=AgentStatus.ACTIVE),
    )
    return [AgentChoice(*row) for row in session.execute(stmt.order_by(Agent.code).limit(limit))]


# --- the agent page -------------------------------------------------------------------


@dataclass(frozen=True)
class AgentDetail:
    """Everything the agent page shows; `profile` is one roster row (see ROSTER_COLUMNS)."""

    profile: dict
    status_history: pd.DataFrame
    training: pd.DataFrame
    matters: pd.DataFrame
    bonuses: pd.DataFrame


def agent_detail(session: Session, agent_id: int) -> AgentDetail:
    found = agent_profile(session, agent_id)
    if found is None:
        raise UserError("error.agent_unknown", agent_id=agent_id)
    return AgentDetail(
        profile=found,
        status_history=_status_history(session, agent_id),
        training=_training_record(session, agent_id),
        matters=_filed_matters(session, agent_id),
        bonuses=agent_bonus_by_quarter(session, agent_id),
    )


def agent_profile(session: Session, agent_id: int) -> dict | None:
    stmt = _where(select(*(c.label(n) for n, c in ROSTER_COLUMNS.items())), AgentFilter())
    frame = _frame(session.execute(stmt.where(Agent.id == agent_id)), ROSTER_COLUMNS)
    return None if frame.empty else frame.iloc[0].to_dict()


def _status_history(session: Session, agent_id: int) -> pd.DataFrame:
    c = AgentStatusChange
    stmt = (
        select(c.effective_on, c.from_status, c.to_status, c.reason, c.actor, c.recorded_at)
        .where(c.agent_id == agent_id)
        .order_by(c.effective_on, c.id)
    )
    return _frame(
        session.execute(stmt),
        ["effective_on", "from_status", "to_status", "reason", "actor", "recorded_at"],
    )


def _training_record(session: Session, agent_id: int) -> pd.DataFrame:
    stmt = (
        select(
            TrainingSession.held_on,
            TrainingSession.title,
            TrainingSession.trainer,
            TrainingRecord.passed,
        )
        .join(TrainingSession, TrainingRecord.session_id == TrainingSession.id)
        .where(TrainingRecord.agent_id == agent_id)
        .order_by(TrainingSession.held_on)
    )
    return _frame(session.execute(stmt), ["held_on", "title", "trainer", "passed"])


FILED_COLUMNS = {
    "submission_id": Submission.id,
    "submitted_at": Submission.submitted_at,
    "channel": Submission.channel,
    "is_repeat": Submission.is_repeat,
    "matter_id": Matter.id,
    "case_number": Matter.case_number,
    "summary": Matter.summary,
    "state": Matter.state,
    "triage_outcome": Matter.triage_outcome,
    "delivered_at": Matter.delivered_at,
    "unit_rating": Matter.unit_rating,
    "agent_rating": Matter.agent_rating,
    "ceased": Matter.ceased,
}


def _filed_matters(session: Session, agent_id: int) -> pd.DataFrame:
    stmt = (
        select(*FILED_COLUMNS.values())
        .join(Matter, Submission.matter_id == Matter.id)
        .where(Submission.agent_id == agent_id)
        .order_by(Submission.submitted_at.desc())
    )
    return _frame(session.execute(stmt), FILED_COLUMNS)


def places(session: Session) -> pd.DataFrame:
    """Every town and village/community with the village centre (WGS-84), for pickers."""
    stmt = (
        select(Town.id, Town.name, Village.id, Village.name, Village.lat, Village.lon)
        .join(Town, Village.town_id == Town.id)
        .order_by(Town.id, Village.id)
    )
    return _frame(
        session.execute(stmt), ["town_id", "town", "village_id", "village", "lat", "lon"]
    )
