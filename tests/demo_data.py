"""What a page test needs from the shared demo district, found or made.

Page tests run against one seeded district (tests/conftest.py). A test never relies on the
random draw happening to hold the matter it needs: it asks for a matter by what it needs
(the liaison's unit, a state, agent-proxied or not) and gets the newest one that fits, or a
new one registered and moved there through the same use cases the pages call.
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from core.cases.intake import Decision, PetitionerDraft, SubmissionDraft, register
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import (
    apply_transition,
    close,
    record_delivery,
    record_rating,
    record_reply,
)
from core.today import today as office_today
from core.vocab import Channel, ContentType, MatterState, Topic, TriageOutcome, Urgency
from db.models import Agent, Matter, Unit, User, Village
from db.session import Database
from tests.actors import actor

S = MatterState
ACTOR = actor("admin")  # a demo account: history names a person the pages can show
#: The steps after assignment, in order, with the fields each one sets.
_AFTER_ASSIGNED = [S.IN_HANDLING, S.REPLIED, S.DELIVERED, S.RATED, S.CLOSED]
_serial = itertools.count(900)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(serial: int) -> str:
    body = f"50010719800101{serial % 1000:03d}"[:17]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def unit_of(url: str, username: str) -> int:
    database = Database.connect(url)
    with database.read() as s:
        unit_id = s.scalar(select(User.unit_id).where(User.username == username))
    database.dispose()
    assert unit_id is not None, f"{username} belongs to a unit"
    return unit_id


def matter_in(
    url: str,
    state: MatterState,
    *,
    unit_id: int | None = None,
    other_than_unit: int | None = None,
    proxied: bool | None = None,
) -> tuple[str, int]:
    """(case number, id) of a matter in `state` that fits; made if the district has none.

    Accusations are never picked (they follow their own visibility rule)."""
    database = Database.connect(url)
    try:
        with database.read() as s:
            query = select(Matter.case_number, Matter.id).where(
                Matter.state == state,
                Matter.accused_unit_id.is_(None),
                Matter.content_type != ContentType.ACCUSATION,
            )
            if unit_id is not None:
                query = query.where(Matter.unit_id == unit_id)
            if other_than_unit is not None:
                query = query.where(Matter.unit_id != other_than_unit)
            if proxied is not None:
                query = query.where(Matter.agent_proxied.is_(proxied))
            found = s.execute(query.order_by(Matter.id.desc()).limit(1)).first()
        if found is not None:
            return tuple(found)
        return _make(database, state, unit_id, other_than_unit, bool(proxied))
    finally:
        database.dispose()


def _make(
    database: Database,
    state: MatterState,
    unit_id: int | None,
    other_than_unit: int | None,
    proxied: bool,
) -> tuple[str, int]:
    with database.write() as s:
        today = office_today(s)
        village = s.scalars(select(Village).order_by(Village.id).limit(1)).one()
        if unit_id is None:
            units = select(Unit.id).order_by(Unit.id)
            if other_than_unit is not None:
                units = units.where(Unit.id != other_than_unit)
            unit_id = s.scalar(units.limit(1))
        serial = next(_serial)
        draft = SubmissionDraft(
            channel=Channel.WALK_IN,
            petitioners=[
                PetitionerDraft(
                    name=f"测试{serial}",
                    id_number=_resident_id(serial),
                    phone=f"139{serial:08d}",
                    address="测试地址1号",
                    is_representative=True,
                )
            ],
            content_type=ContentType.REQUEST,
            topic=Topic.OTHER,
            urgency=Urgency.GENERAL,
            town_id=village.town_id,
            village_id=village.id,
            summary=f"测试事项{serial}：小区路灯损坏",
            received_on=today - dt.timedelta(days=1),
        )
        if proxied:
            _as_proxied(s, draft, today)
        done = register(s, draft, Decision.new_matter(), ACTOR, today)
        matter_id = done.matter_id
    if state is S.REGISTERED:
        return done.case_number, matter_id
    with database.write() as s:
        triage(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=unit_id),
            ACTOR,
            office_today(s),
        )
    steps = [] if state is S.ASSIGNED else _AFTER_ASSIGNED[: _AFTER_ASSIGNED.index(state) + 1]
    for to_state in steps:
        with database.write() as s:
            matter = s.get(Matter, matter_id)
            _STEPS[to_state](s, matter)
    return done.case_number, matter_id


def _rate(s, matter: Matter) -> None:
    agent_rating = "satisfied" if matter.agent_proxied else None
    record_rating(
        s, matter.id, matter.version, ACTOR, unit_rating="satisfied", agent_rating=agent_rating
    )


_STEPS = {
    S.IN_HANDLING: lambda s, m: apply_transition(s, m.id, m.version, S.IN_HANDLING, ACTOR),
    S.REPLIED: lambda s, m: record_reply(s, m.id, m.version, "经核查，已处理。", ACTOR),
    S.DELIVERED: lambda s, m: record_delivery(s, m.id, m.version, ACTOR),
    S.RATED: _rate,
    S.CLOSED: lambda s, m: close(s, m.id, m.version, ACTOR),
}


def _as_proxied(session, draft: SubmissionDraft, today: dt.date) -> None:
    """Make the draft an agent's online filing by an active, online agent of the district."""
    agent = session.scalars(
        select(Agent).where(Agent.status == "active", Agent.online_capable.is_(True)).limit(1)
    ).one()
    draft.channel = Channel.AGENT_ONLINE
    draft.agent_id = agent.id
    draft.agreement_number = f"WT-T{next(_serial)}"
    draft.agreement_signed_on = today - dt.timedelta(days=2)
    draft.village_id = agent.village_id
    draft.town_id = session.get(Village, agent.village_id).town_id


def new_matter(url: str, state: MatterState) -> tuple[str, int]:
    """(case number, id) of a matter registered now and moved to `state` (never an old one)."""
    database = Database.connect(url)
    try:
        return _make(database, state, None, None, False)
    finally:
        database.dispose()
