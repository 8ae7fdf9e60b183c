"""Checking an agent's fields, for the form and for a whole import alike.

Every error is collected (`ValidationErrors`) so the form shows each next to its field;
uniqueness and reference checks use a `RosterIndex` loaded once, not a query per row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.coverage.geo import CoordinateSystem, to_wgs84
from core.errors import UserError, ValidationErrors
from core.today import today as office_today
from core.validation import (
    Bounds,
    check_coordinates,
    check_email,
    check_not_future,
    check_phone,
    check_required,
    check_text,
    normalise_phone,
    parse_choice,
)
from core.vocab import PUBLIC_SERVANT_CATEGORIES, AgentCategory, AgentStatus, Gender
from db.models import (
    Agent,
    Cluster,
    TrainingRecord,
    Village,
)

#: Allowed status changes (BRIEF §4): trainee → active → suspended ⇄ active; any → retired.
TRANSITIONS: dict[AgentStatus, frozenset[AgentStatus]] = {
    AgentStatus.TRAINEE: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.ACTIVE: frozenset({AgentStatus.SUSPENDED, AgentStatus.RETIRED}),
    AgentStatus.SUSPENDED: frozenset({AgentStatus.ACTIVE, AgentStatus.RETIRED}),
    AgentStatus.RETIRED: frozenset(),
}


#: Posts may sit a little outside the outermost cluster or village centre.
BOUNDS_PADDING_KM = 2.0
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
TEXT_LIMITS = {"code": 16, "name": 32, "address": 200, "email": 128, "reason": 200}
#: `Agent.phone`: a normalised landline with an extension can be longer than the column.
PHONE_LIMIT = 20


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
    key = check_required(value) or check_text(value, TEXT_LIMITS[name])
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
        if len(phone) > PHONE_LIMIT:  # a landline with a long extension
            errors.add("error.too_long", "phone", limit=PHONE_LIMIT)
        elif index.agent_by_phone.get(phone, agent_id) != agent_id:
            errors.add("error.phone_taken", "phone", phone=phone)

    email = _text(data.email) or None
    if email and (check_text(email, TEXT_LIMITS["email"]) or check_email(email)):
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


def checked_values(session: Session, data: AgentInput, agent_id: int | None) -> AgentValues:
    values, errors = check_agent(data, load_roster_index(session), agent_id)
    if errors:
        raise ValidationErrors(errors)
    return values
