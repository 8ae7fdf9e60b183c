"""The two stories of seed 002, told with fixed names, places and query codes.

- 袁大爷: 70-odd, rural 白市驿镇, a land-acquisition (征地) grievance; an agent visited him
  and filed online; accepted, assigned to 区规划和自然资源局, in handling.
- 林婆婆 of 华宇春江花月 (谢家湾街道): the utility payment point near her estate closed; a
  paper-only community agent filed through the mass-service system; 谢家湾街道 handled it
  locally, signed up a payment-service company, replied; the agent delivered the reply;
  she rated it satisfied and ceased petitioning; archived.

Their query codes are constants so the README and trainers can use them on the public
progress page; the case numbers depend on the seed and are in the SeedReport.
"""

from __future__ import annotations

import datetime as dt

from core.vocab import (
    Channel,
    ContentType,
    Gender,
    Rating,
    Topic,
    TriageOutcome,
    Urgency,
)
from core.vocab import (
    MatterState as S,
)
from db.demo.context import SeedContext, add_workdays, local_dt, next_office_moment, to_local
from db.demo.items import ItemPlanner
from db.demo.places import STORY_COMMUNITY, STORY_ESTATE, STORY_GROUP_NUMBER, STORY_VILLAGE
from db.demo.plan import FilingPlan, MatterPlan

YUAN_QUERY_CODE = "YUANDAYE"
LIN_QUERY_CODE = "HUAYU888"
YUAN_NAME, LIN_NAME = "袁德明", "林素芬"


def story_plans(ctx: SeedContext, planner: ItemPlanner) -> list[MatterPlan]:
    rng = ctx.rng("stories")
    return [_yuan(ctx, planner, rng), _lin(ctx, planner, rng)]


def _place(ctx, town_name, cluster_name):
    town = next(t for t in ctx.facts["towns"] if t["name"] == town_name)
    villages = [v for v in ctx.facts["villages"] if v["town_id"] == town["id"]]
    ids = {v["id"]: v for v in villages}
    cluster = next(
        c for c in ctx.facts["clusters"] if c["village_id"] in ids and c["name"] == cluster_name
    )
    return town, ids[cluster["village_id"]], cluster


def _yuan(ctx, planner, rng) -> MatterPlan:
    town, village, cluster = _place(
        ctx, STORY_VILLAGE[0], f"{STORY_VILLAGE[1]}第{STORY_GROUP_NUMBER}村民小组"
    )
    agent = ctx.facts["story_agents"]["yuan"]
    person = planner.person(
        rng, village, cluster, town, 73, 73, gender=Gender.MALE, name=YUAN_NAME, age=73
    )
    received = local_dt(ctx.today - dt.timedelta(days=12), dt.time(19, 40))
    registered = next_office_moment(received, rng)
    triaged = add_workdays(registered, 0.3, rng)
    accepted = add_workdays(triaged, 0.5, rng)
    assigned = add_workdays(accepted, 0.4, rng)
    handling = add_workdays(assigned, 1, rng)
    summary = (
        f"{cluster['name']}村民{YUAN_NAME}（73岁）反映承包地被征收后征地补偿款未兑现、"
        "被征地农转非人员社保安置未落实，委托代理员网上反映"
    )
    return MatterPlan(
        key=-1,
        state=S.IN_HANDLING,
        topic=Topic.LAND,
        content_type=ContentType.REQUEST,
        urgency=Urgency.INVESTIGATION,
        town_id=town["id"],
        village_id=village["id"],
        cluster_id=cluster["id"],
        received_at=received,
        times={
            S.REGISTERED: registered,
            S.TRIAGED: triaged,
            S.ACCEPTED: accepted,
            S.ASSIGNED: assigned,
            S.IN_HANDLING: handling,
        },
        filings=[FilingPlan(Channel.AGENT_ONLINE, received, agent)],
        people=[person],
        summary=summary,
        full_text=(
            f"信访人{YUAN_NAME}，73岁，家住{town['name']}{cluster['name']}。子女在外打工，"
            "平时要照顾年老体弱的老伴和上学的孙子，还要忙农活和家务，多次想到镇、区反映"
            "征地问题，但家务多、路途远、坐车不便。村网上信访代理员入户听取诉求并签订"
            "代理委托书后，代其网上反映：承包地被征收后，征地补偿款至今未足额兑现，"
            "被征地农转非人员社保安置也未落实，请求依法核实处理。"
        ),
        outcome=TriageOutcome.ASSIGN_UNIT,
        unit_code="D-PNR",
        query_code=YUAN_QUERY_CODE,
        reasons={
            "story": "yuan",
            "registered": "代理员入户听取诉求后网上代理（优先登记）",
            "scope": "代为反映征地补偿及社保安置问题，跟踪办理并送达答复意见书",
        },
    )


def _lin(ctx, planner, rng) -> MatterPlan:
    town, village, cluster = _place(ctx, STORY_COMMUNITY[0], STORY_ESTATE)
    agent = ctx.facts["story_agents"]["lin"]
    person = planner.person(
        rng, village, cluster, town, 78, 78, gender=Gender.FEMALE, name=LIN_NAME, age=78
    )
    received = local_dt(ctx.today - dt.timedelta(days=70), dt.time(15, 10))
    registered = local_dt(ctx.today - dt.timedelta(days=69), dt.time(9, 35))
    registered = next_office_moment(registered, rng)
    triaged = add_workdays(registered, 0.2, rng)
    accepted = add_workdays(triaged, 0.2, rng)
    assigned = add_workdays(accepted, 0.2, rng)
    handling = add_workdays(assigned, 0.5, rng)
    replied = next_office_moment(accepted + dt.timedelta(days=24), rng)
    delivered = local_dt(to_local(replied).date() + dt.timedelta(days=2), dt.time(10, 0))
    rated = delivered + dt.timedelta(days=1, hours=2)
    closed = add_workdays(rated, 4, rng)
    return MatterPlan(
        key=-2,
        state=S.CLOSED,
        topic=Topic.CONSTRUCTION,
        content_type=ContentType.REQUEST,
        urgency=Urgency.INVESTIGATION,
        town_id=town["id"],
        village_id=village["id"],
        cluster_id=cluster["id"],
        received_at=received,
        times={
            S.REGISTERED: registered,
            S.TRIAGED: triaged,
            S.ACCEPTED: accepted,
            S.ASSIGNED: assigned,
            S.IN_HANDLING: handling,
            S.REPLIED: replied,
            S.DELIVERED: delivered,
            S.RATED: rated,
            S.CLOSED: closed,
        },
        filings=[FilingPlan(Channel.AGENT_PAPER, received, agent)],
        people=[person],
        summary=(
            f"{STORY_ESTATE}小区居民{LIN_NAME}（78岁）反映小区附近水电气缴费点"
            "撤走后不会网上缴费，每月需坐车到杨家坪缴费，请求就近解决"
        ),
        full_text=(
            f"信访人{LIN_NAME}，78岁，家住{village['name']}{STORY_ESTATE}小区。小区附近的水电气"
            "缴费点撤走后，由于不会网上缴费，每月得坐车到离家较远的杨家坪缴费，很不方便。"
            "社区网上信访代理员走访得知后，书面登记并交服务群众系统管理员录入，代其反映至"
            f"{town['name']}。"
        ),
        outcome=TriageOutcome.HANDLE_LOCALLY,
        unit_code=f"T-{town['code']}",
        reply_text=(
            f"经{town['name']}摸排，辖区内像您这样不会网上缴费的老年人较多。经调研，街道已与一家"
            f"专业缴费服务公司签约，在{STORY_ESTATE}小区附近设立水电气代缴服务点，"
            "老年人可就近缴费。"
        ),
        unit_rating=Rating.SATISFIED,
        agent_rating=Rating.SATISFIED,
        ceased=True,
        query_code=LIN_QUERY_CODE,
        reasons={
            "story": "lin",
            "registered": "纸质代理登记表交服务群众系统管理员录入（代理员不会电脑操作）",
            "replied": "街道摸排后与专业缴费服务公司签约，解决老年人缴费不便",
            "rated": "信访人满意，息诉息访",
            "scope": "代为反映水电气缴费不便问题，跟踪办理并送达答复意见书",
        },
    )
