"""A small hand-made district for the coverage tests, laid out in metres.

Positions are metres north and east of a point in central Chongqing; at these distances
the flat offsets match great-circle distances to well under a metre, and every test keeps
at least 100 m between a distance and the 1,000 m radius.

    Town A  village A1   c1 (0, 0) pop 100    c2 (0, 500) pop 200    c3 (0, 3000) pop 300
            village A2   c4 (3000, 0) pop 400
    Town B  village B1   c5 (10000, 10000) pop 1000    c6 (10000, 10600) pop 50

    a1 active     (0, 200)      covers c1, c2      a4 trainee    (3000, 100)  next to c4
    a2 active     (0, 700)      covers c1, c2      a5 suspended  (10000, 10300) beside c5, c6
    a3 active     (0, 3100)     alone covers c3    a6 retired    (10000, 10000) on c5
       (a3 is a village cadre; every other agent a volunteer)

So with the default 1,000 m radius clusters c1-c3 (600 people) are covered and c4-c6
(1,450 people) are not, although a trainee, a suspended and a retired agent stand by them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from core.coverage.geo import EARTH_RADIUS_M
from core.vocab import (
    AgentCategory,
    AgentStatus,
    ClusterKind,
    ContentType,
    Gender,
    MatterState,
    Topic,
    TownKind,
    Urgency,
    VillageKind,
)
from db.models import Agent, Cluster, District, Matter, MatterEvent, Town, Village

ORIGIN_LAT, ORIGIN_LON = 29.56, 106.55
_phone_numbers = itertools.count(1)


def at(north_m: float, east_m: float) -> tuple[float, float]:
    """WGS-84 degrees of a point `north_m` north and `east_m` east of the origin."""
    lat = ORIGIN_LAT + math.degrees(north_m / EARTH_RADIUS_M)
    lon = ORIGIN_LON + math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat, lon


@dataclass
class DistrictBuilder:
    """Inserts places, agents and matters; `ids` maps each code to its database id."""

    session: Session
    ids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        district = District(code="500199", name="测试区")
        self.session.add(district)
        self.session.flush()
        self.district_id = district.id

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        self.ids[row.code] = row.id
        return row

    def town(self, code: str, north_m: float = 0, east_m: float = 0) -> Town:
        lat, lon = at(north_m, east_m)
        return self._add(
            Town(
                district_id=self.district_id,
                code=code,
                name=f"{code}镇",
                kind=TownKind.TOWN,
                lat=lat,
                lon=lon,
            )
        )

    def village(self, town: str, code: str, north_m: float = 0, east_m: float = 0) -> Village:
        lat, lon = at(north_m, east_m)
        return self._add(
            Village(
                town_id=self.ids[town],
                code=code,
                name=f"{code}村",
                kind=VillageKind.VILLAGE,
                lat=lat,
                lon=lon,
            )
        )

    def cluster(
        self, village: str, code: str, north_m: float, east_m: float, population: int
    ) -> Cluster:
        lat, lon = at(north_m, east_m)
        return self._add(
            Cluster(
                village_id=self.ids[village],
                code=code,
                name=f"{code}组",
                kind=ClusterKind.VILLAGER_GROUP,
                lat=lat,
                lon=lon,
                households=max(population // 3, 1),
                population=population,
            )
        )

    def agent(
        self,
        village: str,
        code: str,
        north_m: float,
        east_m: float,
        status: AgentStatus = AgentStatus.ACTIVE,
        category: AgentCategory = AgentCategory.VOLUNTEER,
    ) -> Agent:
        agent = add_agent(self.session, self.ids[village], code, *at(north_m, east_m), status)
        agent.category = category
        self.ids[code] = agent.id
        return agent

    def matter(
        self, village: str, received_at: dt.datetime, topic: Topic, headcount: int = 1
    ) -> Matter:
        """A registered matter with its opening event (the event log requires both)."""
        number = f"M{len(self.ids):06d}"
        village_row = self.session.get(Village, self.ids[village])
        matter = Matter(
            case_number=number,
            query_code_hash="x",
            state=MatterState.REGISTERED,
            content_type=ContentType.REQUEST,
            topic=topic,
            urgency=Urgency.GENERAL,
            summary="测试",
            town_id=village_row.town_id,
            village_id=village_row.id,
            headcount=headcount,
            received_at=received_at,
            registered_at=received_at,
        )
        self.session.add_all(
            [
                matter,
                MatterEvent(
                    matter=matter,
                    kind="registered",
                    actor="test",
                    occurred_at=received_at,
                    recorded_at=received_at,
                ),
            ]
        )
        self.session.flush()
        self.ids[number] = matter.id
        return matter


def add_agent(
    session: Session,
    village_id: int,
    code: str,
    lat: float,
    lon: float,
    status: AgentStatus = AgentStatus.ACTIVE,
) -> Agent:
    """An agent of the given status at a WGS-84 position (a volunteer unless changed)."""
    agent = Agent(
        code=code,
        name=f"代理员{code}",
        gender=Gender.FEMALE,
        phone=f"139{next(_phone_numbers):08d}",
        email=None,
        address="测试地址",
        category=AgentCategory.VOLUNTEER,
        is_public_servant=False,
        village_id=village_id,
        lat=lat,
        lon=lon,
        online_capable=True,
        status=status,
        joined_on=dt.date(2025, 1, 1),
    )
    session.add(agent)
    session.flush()
    return agent


def small_district(session: Session) -> DistrictBuilder:
    """The district drawn in the module docstring."""
    build = DistrictBuilder(session)
    build.town("A")
    build.town("B", 10000, 10000)
    build.village("A", "A1")
    build.village("A", "A2", 3000, 0)
    build.village("B", "B1", 10000, 10000)
    build.cluster("A1", "c1", 0, 0, 100)
    build.cluster("A1", "c2", 0, 500, 200)
    build.cluster("A1", "c3", 0, 3000, 300)
    build.cluster("A2", "c4", 3000, 0, 400)
    build.cluster("B1", "c5", 10000, 10000, 1000)
    build.cluster("B1", "c6", 10000, 10600, 50)
    build.agent("A1", "a1", 0, 200)
    build.agent("A1", "a2", 0, 700)
    build.agent("A1", "a3", 0, 3100, category=AgentCategory.VILLAGE_CADRE)
    build.agent("A2", "a4", 3000, 100, status=AgentStatus.TRAINEE)
    build.agent("B1", "a5", 10000, 10300, status=AgentStatus.SUSPENDED)
    build.agent("B1", "a6", 10000, 10000, status=AgentStatus.RETIRED)
    return build
