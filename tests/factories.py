"""Small hand-made data for service tests: one place, two units, matters with events.

Dates are office-local days (stored as midday Shanghai time, in UTC). A matter's state
follows from the last timestamp given unless passed explicitly; its event log holds one
event per step, so replaying it gives the row (`core.cases.replay`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.cases.replay import COMPARED
from core.cases.workflow import field_diff, log_event, plain, step_changes
from core.timeutil import local_noon_utc, now_utc
from core.vocab import (
    Channel,
    ContentType,
    MatterState,
    Rating,
    Topic,
    TownKind,
    UnitLevel,
    Urgency,
    VillageKind,
)
from db.models import District, Matter, Submission, Town, Unit, Village

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Place:
    district: District
    town: Town
    village: Village
    unit: Unit  # a district department
    town_unit: Unit  # the town government


def make_place(session: Session) -> Place:
    district = District(code="500107", name="九龙坡区")
    session.add(district)
    session.flush()
    town = Town(
        district_id=district.id,
        code="500107001",
        name="谢家湾街道",
        kind=TownKind.SUBDISTRICT,
        lat=29.5,
        lon=106.5,
    )
    session.add(town)
    session.flush()
    village = Village(
        town_id=town.id,
        code="500107001001",
        name="正街社区",
        kind=VillageKind.COMMUNITY,
        lat=29.5,
        lon=106.5,
    )
    unit = Unit(code="HRSS", name="区人力社保局", level=UnitLevel.DISTRICT_DEPARTMENT)
    town_unit = Unit(
        code="XJW", name="谢家湾街道办事处", level=UnitLevel.TOWN_GOVERNMENT, town_id=town.id
    )
    session.add_all([village, unit, town_unit])
    session.flush()
    return Place(district, town, village, unit, town_unit)


def at(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else local_noon_utc(day)


def make_matter(
    session: Session,
    place: Place,
    *,
    received: dt.date,
    accepted: dt.date | None = None,
    assigned: dt.date | None = None,
    replied: dt.date | None = None,
    delivered: dt.date | None = None,
    rated: dt.date | None = None,
    closed: dt.date | None = None,
    state: MatterState | None = None,
    urgency: Urgency = Urgency.GENERAL,
    unit: Unit | None = None,
    review_level: int = 0,
    linked: Matter | None = None,
    unit_rating: Rating | None = None,
    ceased: bool = False,
    agent_proxied: bool = False,
    repeat_filings: int = 0,
) -> Matter:
    """A matter with its opening event and submission (plus any repeat filings)."""
    number = next(_numbers)
    if state is None:
        state = next(
            s
            for day, s in [
                (closed, MatterState.CLOSED),
                (rated, MatterState.RATED),
                (delivered, MatterState.DELIVERED),
                (replied, MatterState.REPLIED),
                (assigned, MatterState.ASSIGNED),
                (accepted, MatterState.ACCEPTED),
                (received, MatterState.REGISTERED),
            ]
            if day is not None
        )
    matter = Matter(
        case_number=f"TEST-{number:05d}",
        query_code_hash="-",
        state=state,
        content_type=ContentType.REQUEST,
        topic=Topic.LABOUR,
        urgency=urgency,
        summary=f"test matter {number}",
        town_id=place.town.id,
        village_id=place.village.id,
        agent_proxied=agent_proxied,
        received_at=at(received),
        registered_at=at(received),
        accepted_at=at(accepted),
        unit_id=(unit or place.unit).id if assigned or unit else None,
        assigned_at=at(assigned),
        review_level=review_level,
        linked_matter_id=linked.id if linked else None,
        replied_at=at(replied),
        delivered_at=at(delivered),
        unit_rating=unit_rating,
        ceased=ceased,
        rated_at=at(rated),
        closed_at=at(closed),
    )
    session.add(matter)
    _log_steps(session, matter, received, accepted, assigned, replied, delivered, rated, closed)
    session.flush()
    for i in range(1 + repeat_filings):
        session.add(
            Submission(
                matter_id=matter.id,
                channel=Channel.AGENT_ONLINE if agent_proxied else Channel.WALK_IN,
                is_repeat=i > 0,
                submitted_at=at(received),
                recorded_at=now_utc(),
                recorded_by="test",
            )
        )
    session.flush()
    return matter


def _log_steps(session, matter, received, accepted, assigned, replied, delivered, rated, closed):
    """The events of each step the matter's dates imply, built like the use cases build them
    (`core.cases.workflow.step_event`), so that replaying them gives the row; fields no step
    explains (a unit without an assignment date, a state given explicitly) go in the last."""
    target = {name: getattr(matter, name) for name in COMPARED}
    registered = {
        "state": MatterState.REGISTERED,
        "received_at": matter.received_at,
        "registered_at": matter.registered_at,
        "review_level": matter.review_level,
        "linked_matter_id": matter.linked_matter_id,
        "agent_proxied": matter.agent_proxied,
    }
    current = {**registered, "ceased": False}
    events = [log_event(session, matter, "registered", "test", at(received), after=registered)]
    path = [
        (MatterState.ACCEPTED, accepted, {}),
        (MatterState.ASSIGNED, assigned, {"unit_id": target["unit_id"]}),
        (MatterState.REPLIED, replied, {"reply_text": matter.reply_text}),
        (MatterState.DELIVERED, delivered, {}),
        (MatterState.RATED, rated, {"unit_rating": matter.unit_rating, "ceased": matter.ceased}),
        (MatterState.CLOSED, closed, {}),
    ]
    for state, day, values in path:
        if day is None:
            continue
        if state is MatterState.RATED and matter.unit_rating is None:
            values, changes = {}, {"state": state, "rated_at": at(day)}
        else:
            changes = {"state": state, **step_changes(state, at(day), **values)}
        changes = {k: v for k, v in changes.items() if k == "state" or k in target or v}
        before, after = field_diff(current, changes)
        current.update(after)
        events.append(
            log_event(session, matter, state.value, "test", at(day), before=before, after=after)
        )
    rest = {k: v for k, v in target.items() if current.get(k) != v}
    if not rest:
        return
    before, after = field_diff(current, rest)
    last = events[-1]
    if "state" in rest:  # a state no date implies: its own event, holding what is left
        kind = MatterState(rest["state"]).value
        log_event(session, matter, kind, "test", last.occurred_at, before=before, after=after)
    else:
        last.before = {**last.before, **{k: plain(v) for k, v in before.items()}}
        last.after = {**last.after, **{k: plain(v) for k, v in after.items()}}


def change_matter(session: Session, matter: Matter, kind: str, **fields) -> Matter:
    """Change a matter's fields (dates as local days) with the event the guard requires,
    holding the before/after of the fields that changed."""
    values = {
        name: at(value) if type(value) is dt.date else value for name, value in fields.items()
    }
    before, after = field_diff({name: getattr(matter, name) for name in values}, values)
    for name, value in after.items():
        setattr(matter, name, value)
    log_event(session, matter, kind, "test", now_utc(), before=before, after=after)
    session.flush()
    return matter


def on_day(session: Session, day: dt.date) -> dt.date:
    """Make `day` the office's today (as the demo's simulated today) and return it: a use
    case told what day it is refuses any other (`core.today.checked_today`)."""
    from core import settings
    from core.today import SIMULATED_TODAY

    settings.put(session, SIMULATED_TODAY, day.isoformat(), "test")
    return day
