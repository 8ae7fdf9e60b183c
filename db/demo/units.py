"""Handling units (承办单位) and the district-wide routing of topics to departments.

About 60 units: the information centre, 20 district departments, every town government,
and the committees of 20 villages/communities (one per town plus the story community), so
that local matters can be handled at the level the seeds describe (村能办的当即办理).
"""

from __future__ import annotations

from core.vocab import Topic, UnitLevel, VillageKind
from db.demo.context import SeedContext
from db.demo.places import STORY_COMMUNITY, STORY_VILLAGE
from db.models import RoutingRule, Unit

INFO_CENTRE = ("IC", "区信访办信访信息中心")

DEPARTMENTS: list[tuple[str, str]] = [
    ("D-HRSS", "区人力社保局"),
    ("D-PNR", "区规划和自然资源局"),
    ("D-HURD", "区住房城乡建委"),
    ("D-EEB", "区生态环境局"),
    ("D-CA", "区民政局"),
    ("D-UM", "区城市管理局"),
    ("D-EDU", "区教委"),
    ("D-HEALTH", "区卫生健康委"),
    ("D-SAMR", "区市场监管局"),
    ("D-PSB", "公安九龙坡分局"),
    ("D-AGRI", "区农业农村委"),
    ("D-TRANS", "区交通局"),
    ("D-JUST", "区司法局"),
    ("D-WATER", "区水利局"),
    ("D-EMER", "区应急管理局"),
    ("D-VET", "区退役军人事务局"),
    ("D-MEDINS", "区医保局"),
    ("D-FIN", "区财政局"),
    ("D-ECON", "区经济信息委"),
    ("D-COMM", "区商务委"),
]

#: Topic → departments in charge (谁主管、谁负责); the first is the routing default.
TOPIC_DEPARTMENTS: dict[Topic, tuple[str, ...]] = {
    Topic.LAND: ("D-PNR", "D-PNR", "D-HRSS"),
    Topic.LABOUR: ("D-HRSS",),
    Topic.CONSTRUCTION: ("D-HURD", "D-HURD", "D-UM"),
    Topic.ENVIRONMENT: ("D-EEB", "D-EEB", "D-UM"),
    Topic.AGRICULTURE: ("D-AGRI", "D-AGRI", "D-WATER"),
    Topic.CIVIL_AFFAIRS: ("D-CA", "D-CA", "D-VET"),
    Topic.HEALTH: ("D-HEALTH", "D-HEALTH", "D-MEDINS"),
    Topic.EDUCATION: ("D-EDU",),
    Topic.LAW_RELATED: ("D-JUST", "D-PSB"),
    Topic.ENTERPRISE: ("D-ECON", "D-SAMR", "D-COMM"),
    Topic.OTHER: ("D-TRANS", "D-UM", "D-EMER", "D-SAMR", "D-FIN"),
}

LIAISON_UNIT = "D-HURD"
VILLAGE_UNITS_PER_TOWN = 1


def build_units(ctx: SeedContext) -> None:
    towns, villages = ctx.facts["towns"], ctx.facts["villages"]
    rows: list[dict] = []

    def unit(code, name, level, parent=None, town_id=None, village_id=None):
        row = ctx.add(
            Unit,
            {
                "id": len(rows) + 1,
                "code": code,
                "name": name,
                "level": level,
                "parent_id": parent,
                "town_id": town_id,
                "village_id": village_id,
            },
        )
        rows.append(row)
        return row

    unit(*INFO_CENTRE, UnitLevel.INFORMATION_CENTRE)
    for code, name in DEPARTMENTS:
        unit(code, name, UnitLevel.DISTRICT_DEPARTMENT)
    town_units = {}
    for town in towns:
        suffix = "办事处" if town["name"].endswith("街道") else "人民政府"
        town_units[town["id"]] = unit(
            f"T-{town['code']}",
            town["name"] + suffix,
            UnitLevel.TOWN_GOVERNMENT,
            town_id=town["id"],
        )
    story_names = {STORY_COMMUNITY[1], STORY_VILLAGE[1]}
    chosen = [v for v in villages if v["name"] in story_names]
    for town in towns:  # the first village (rural) or community (urban) of every town
        own = [v for v in villages if v["town_id"] == town["id"] and v not in chosen]
        rural = [v for v in own if v["kind"] is VillageKind.VILLAGE]
        chosen.extend((rural or own)[:VILLAGE_UNITS_PER_TOWN])
    village_units = {}
    for village in sorted(chosen, key=lambda v: v["id"]):
        suffix = "居民委员会" if village["kind"] is VillageKind.COMMUNITY else "村民委员会"
        village_units[village["id"]] = unit(
            f"V-{village['code']}",
            village["name"] + suffix,
            UnitLevel.VILLAGE_COMMITTEE,
            parent=town_units[village["town_id"]]["id"],
            town_id=village["town_id"],
            village_id=village["id"],
        )
    by_code = {u["code"]: u for u in rows}
    for i, topic in enumerate(Topic):
        ctx.add(
            RoutingRule,
            {
                "id": i + 1,
                "topic": topic,
                "town_id": None,
                "unit_id": by_code[TOPIC_DEPARTMENTS[topic][0]]["id"],
                "updated_at": ctx.cutoff,
                "updated_by": "system",
            },
        )
    ctx.facts.update(
        units=rows, units_by_code=by_code, town_units=town_units, village_units=village_units
    )
