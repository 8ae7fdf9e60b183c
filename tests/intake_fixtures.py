"""Builders shared by the intake, triage, workflow, lookup and notice tests.

`build_place` seeds one district with two towns, villages, a cluster, the kinds of units,
agents in every state intake cares about, the default deadline rules, and sets the
office's today to `TODAY` so the workflow's own `today(session)` agrees with the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from core import settings
from core.cases.intake import Decision, PetitionerDraft, SubmissionDraft, register
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import apply_transition
from core.deadlines.rules import seed_default_rules
from core.timeutil import local_noon_utc
from core.today import SIMULATED_TODAY
from core.vocab import (
    AgentCategory,
    AgentStatus,
    Channel,
    ClusterKind,
    ContentType,
    Gender,
    MatterState,
    Role,
    Topic,
    TownKind,
    TriageOutcome,
    UnitLevel,
    Urgency,
    VillageKind,
)
from db.models import (
    Agent,
    Cluster,
    District,
    Matter,
    Town,
    TrainingRecord,
    TrainingSession,
    Unit,
    Village,
)
from tests.actors import actor

TODAY = dt.date(2026, 3, 16)
ACTOR = actor("clerk1", Role.ADMIN)  # the office acting; named as the clerk in history
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(serial: int, birth: str = "19990101", region: str = "500107") -> str:
    """A valid 18-character resident ID (GB 11643 check digit, X included)."""
    body = f"{region}{birth}{serial:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


@dataclass(frozen=True)
class Place:
    district_code: str
    town_id: int
    other_town_id: int
    village_id: int
    other_village_id: int  # in the other town
    cluster_id: int
    town_unit_id: int
    village_unit_id: int
    department_id: int
    other_department_id: int
    centre_id: int
    online_agent_id: int
    paper_agent_id: int
    trainee_agent_id: int
    untrained_agent_id: int


def _agent(session, code, village_id, *, status=AgentStatus.ACTIVE, online=True) -> Agent:
    agent = Agent(
        code=code,
        name=f"代理员{code}",
        gender=Gender.FEMALE,
        phone=f"13900004{code[-3:]}",
        email=None,
        address="杨家坪正街1号",
        category=AgentCategory.VILLAGE_CADRE,
        is_public_servant=False,
        village_id=village_id,
        lat=29.5,
        lon=106.5,
        online_capable=online,
        status=status,
        joined_on=dt.date(2025, 1, 1),
    )
    session.add(agent)
    session.flush()
    return agent


def build_place(session) -> Place:
    seed_default_rules(session)
    settings.put(session, SIMULATED_TODAY, TODAY.isoformat(), "test")
    district = District(code="500107", name="九龙坡区")
    session.add(district)
    session.flush()
    towns = [
        Town(
            district_id=district.id,
            code=f"T{i}",
            name=name,
            kind=TownKind.SUBDISTRICT,
            lat=29.5,
            lon=106.5,
        )
        for i, name in enumerate(("谢家湾街道", "杨家坪街道"))
    ]
    session.add_all(towns)
    session.flush()
    villages = [
        Village(
            town_id=towns[i].id,
            code=f"V{i}",
            name=name,
            kind=VillageKind.COMMUNITY,
            lat=29.5,
            lon=106.5,
        )
        for i, name in enumerate(("华润社区", "西郊社区"))
    ]
    session.add_all(villages)
    session.flush()
    cluster = Cluster(
        village_id=villages[0].id,
        code="C0",
        name="华润二十四城",
        lat=29.5,
        lon=106.5,
        kind=ClusterKind.HOUSING_ESTATE,
        households=500,
        population=1500,
    )
    units = {
        "town": Unit(
            code="U-T0",
            name="谢家湾街道办事处",
            level=UnitLevel.TOWN_GOVERNMENT,
            town_id=towns[0].id,
        ),
        "village": Unit(
            code="U-V0",
            name="华润社区居委会",
            level=UnitLevel.VILLAGE_COMMITTEE,
            town_id=towns[0].id,
            village_id=villages[0].id,
        ),
        "department": Unit(code="U-HR", name="区人力社保局", level=UnitLevel.DISTRICT_DEPARTMENT),
        "other_department": Unit(
            code="U-HOUSE", name="区住房城乡建委", level=UnitLevel.DISTRICT_DEPARTMENT
        ),
        "centre": Unit(code="U-IC", name="区信访信息中心", level=UnitLevel.INFORMATION_CENTRE),
    }
    session.add(cluster)
    session.add_all(units.values())
    session.flush()
    online = _agent(session, "A001", villages[0].id)
    paper = _agent(session, "A002", villages[0].id, online=False)
    trainee = _agent(session, "A003", villages[0].id, status=AgentStatus.TRAINEE)
    untrained = _agent(session, "A004", villages[0].id)
    course = TrainingSession(held_on=dt.date(2025, 1, 10), title="代理员岗前培训", trainer="t")
    session.add(course)
    session.flush()
    session.add_all(
        TrainingRecord(session_id=course.id, agent_id=a.id, passed=True) for a in (online, paper)
    )
    session.flush()
    return Place(
        district.code,
        towns[0].id,
        towns[1].id,
        villages[0].id,
        villages[1].id,
        cluster.id,
        units["town"].id,
        units["village"].id,
        units["department"].id,
        units["other_department"].id,
        units["centre"].id,
        online.id,
        paper.id,
        trainee.id,
        untrained.id,
    )


def petitioner(serial: int = 1, **overrides) -> PetitionerDraft:
    values = dict(
        name=f"张{serial}",
        id_number=resident_id(serial),
        phone=f"138{serial:08d}",
        address="谢家湾正街2号",
    )
    return PetitionerDraft(**(values | overrides))


def draft(place: Place, **overrides) -> SubmissionDraft:
    """A valid agent-online submission; override any field to make it something else."""
    values = dict(
        channel=Channel.AGENT_ONLINE,
        agent_id=place.online_agent_id,
        agreement_number="WT-0001",
        agreement_signed_on=TODAY - dt.timedelta(days=3),
        petitioners=[petitioner(1, is_representative=True)],
        headcount=1,
        content_type=ContentType.REQUEST,
        topic=Topic.LABOUR,
        urgency=Urgency.GENERAL,
        town_id=place.town_id,
        village_id=place.village_id,
        cluster_id=place.cluster_id,
        summary="某建筑公司拖欠农民工工资三个月，要求支付",
        full_text="我们在华润二十四城工地务工，公司拖欠工资三个月未发放。",
        received_on=TODAY - dt.timedelta(days=1),
    )
    return SubmissionDraft(**(values | overrides))


def walk_in(place: Place, **overrides) -> SubmissionDraft:
    """A valid walk-in submission (no agent, no agreement)."""
    base = draft(
        place, channel=Channel.WALK_IN, agent_id=None, agreement_number="", agreement_signed_on=None
    )
    return replace(base, **overrides)


def registered(
    database, place: Place, decision: Decision | None = None, identity_choices=None, **overrides
):
    with database.write() as s:
        return register(
            s,
            walk_in(place, **overrides),
            decision or Decision.new_matter(),
            ACTOR,
            TODAY,
            identity_choices=identity_choices,
        )


def assigned(database, place: Place, **overrides) -> int:
    """A registered matter triaged to the department: returns its id."""
    matter_id = registered(database, place, **overrides).matter_id
    with database.write() as s:
        triage(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
            ACTOR,
            TODAY,
        )
    return matter_id


def advance(database, matter_id: int, to_state: MatterState, **changes) -> None:
    """One workflow step with the given field changes, in its own transaction."""
    with database.write() as s:
        apply_transition(
            s, matter_id, s.get(Matter, matter_id).version, to_state, ACTOR, changes=changes
        )


def moment(day: dt.date) -> dt.datetime:
    return local_noon_utc(day)
