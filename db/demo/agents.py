"""The roster of exactly 1,617 agents, their status histories and their training.

Each agent's history is told in order: registered as a trainee, passed a training session
(failed attempts and refresher courses included), became active, and for some later
suspended or retired, each step dated and with a reason. `facts["agent_meta"]` keeps, for
the items phase, when each agent could file (active intervals) and where.
"""

from __future__ import annotations

import datetime as dt

from core.vocab import (
    PUBLIC_SERVANT_CATEGORIES,
    AgentCategory,
    AgentStatus,
    ClusterKind,
    Gender,
)
from db.demo.context import SeedContext, local_dt
from db.demo.coverage import Post, plan_posts
from db.demo.people import People, address
from db.demo.places import STORY_COMMUNITY, STORY_ESTATE, STORY_GROUP_NUMBER, STORY_VILLAGE
from db.models import Agent, AgentStatusChange, TrainingRecord, TrainingSession

AGENT_TOTAL = 1617
STATUS_COUNTS = {AgentStatus.TRAINEE: 97, AgentStatus.SUSPENDED: 65, AgentStatus.RETIRED: 32}
LAWYERS = 20
ACTOR = "admin"

C = AgentCategory
#: Category weights by the kind of cluster the agent is posted at (lawyers are drawn apart).
WEIGHTS = {
    ClusterKind.HOUSING_ESTATE: {
        C.VOLUNTEER: 30,
        C.PROPERTY_STAFF: 25,
        C.VILLAGE_CADRE: 18,
        C.GROUP_LEADER: 9,
        C.RESIDENT: 5,
        C.CIVIL_SERVANT: 6,
        C.INSTITUTION_STAFF: 5,
        C.DEPUTY: 3,
        C.GRADUATE_OFFICIAL: 1,
    },
    ClusterKind.VILLAGER_GROUP: {
        C.VILLAGE_CADRE: 36,
        C.GROUP_LEADER: 34,
        C.VOLUNTEER: 7,
        C.RESIDENT: 5,
        C.GRADUATE_OFFICIAL: 7,
        C.CIVIL_SERVANT: 4,
        C.INSTITUTION_STAFF: 4,
        C.DEPUTY: 3,
    },
}
#: Chance of being paper-only (older, respected, not computer-literate) per category.
PAPER_ONLY = {
    C.GROUP_LEADER: 0.32,
    C.VILLAGE_CADRE: 0.17,
    C.RESIDENT: 0.3,
    C.VOLUNTEER: 0.12,
    C.DEPUTY: 0.1,
    C.PROPERTY_STAFF: 0.04,
}
MALE_SHARE = {C.GROUP_LEADER: 0.7, C.VOLUNTEER: 0.35, C.LAWYER: 0.6, C.PROPERTY_STAFF: 0.45}

SESSION_TOPICS = (
    "计算机操作技能",
    "群众工作方法",
    "信访法规与代理纪律",
    "网上信访平台操作",
    "矛盾纠纷排查化解",
)
SUSPEND_REASONS = (
    "长期外出务工，本人申请暂停代理",
    "身体原因，暂停代理工作",
    "季度考核不合格，暂停代理资格待复训",
    "违反代理纪律（未签委托书代为反映），暂停代理资格",
    "工作岗位调整，暂停代理",
)
RETIRE_REASONS = (
    "年龄原因，本人申请退出代理员队伍",
    "工作调动离开本区，注销代理员",
    "迁居外区，注销代理员",
    "任期届满未续聘，注销代理员",
    "本人申请退出",
)


def build_training_sessions(ctx: SeedContext) -> None:
    """The launch session, then three a year (as in seed 002: 今年共举办3期专题培训班)."""
    rng = ctx.rng("training")
    fake = ctx.faker("trainers")
    trainers = [fake.name() for _ in range(3)]
    start_year = ctx.today.year - 2
    days = [_weekday(dt.date(start_year, 5, 20)), _weekday(dt.date(start_year, 9, 18))]
    for year in range(start_year + 1, ctx.today.year + 1):
        for month, day in ((3, 18), (6, 17), (9, 23)):
            days.append(_weekday(dt.date(year, month, day)))
    days = [d for d in days if d <= ctx.today - dt.timedelta(days=7)]
    for n, day in enumerate(days, start=1):
        title = (
            "网上信访代理工作动员暨培训会"
            if n == 1
            else (
                f"第{n}期网上信访代理员专题培训班"
                f"（{SESSION_TOPICS[(n - 2) % len(SESSION_TOPICS)]}）"
            )
        )
        ctx.add(
            TrainingSession,
            {
                "id": n,
                "held_on": day,
                "title": title,
                "trainer": rng.choice(trainers),
            },
        )
    ctx.facts["sessions"] = ctx.rows[TrainingSession]


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def build_agents(ctx: SeedContext) -> None:
    rng = ctx.rng("agents")
    people = People(ctx.rng("agent-people"), ctx.faker("agents"))
    clusters, villages, towns = ctx.facts["clusters"], ctx.facts["villages"], ctx.facts["towns"]
    story = _story_clusters(clusters, villages, towns)
    n_active = AGENT_TOTAL - sum(STATUS_COUNTS.values())
    active_posts, other_posts, left_out = plan_posts(
        ctx.rng("posts"), clusters, villages, towns, n_active, AGENT_TOTAL, reserved=story
    )
    statuses = [AgentStatus.ACTIVE] * len(active_posts)
    for status, count in STATUS_COUNTS.items():
        statuses += [status] * count
    posts: list[tuple[Post, AgentStatus]] = list(zip(active_posts + other_posts, statuses))
    # Roster order: by village (as the office registers them), ties broken at random.
    keyed = [(clusters[p.cluster_index]["village_id"], rng.random(), p, s) for p, s in posts]
    keyed.sort(key=lambda k: (k[0], k[1]))
    lawyer_slots = set(
        rng.sample(
            [
                n
                for n, k in enumerate(keyed)
                if clusters[k[2].cluster_index]["kind"] is ClusterKind.HOUSING_ESTATE
            ],
            LAWYERS,
        )
    )
    sessions = ctx.facts["sessions"]
    meta: dict[int, dict] = {}
    vill = {v["id"]: v for v in villages}
    town = {t["id"]: t for t in towns}
    story_agents = {}
    for n, (_, _, post, status) in enumerate(keyed):
        agent_id = n + 1
        cluster = clusters[post.cluster_index]
        village = vill[cluster["village_id"]]
        weights = WEIGHTS[cluster["kind"]]
        if n in lawyer_slots:
            category = C.LAWYER
        else:
            category = rng.choices(list(weights), list(weights.values()))[0]
        online = rng.random() >= PAPER_ONLY.get(category, 0.0)
        if (
            post.cluster_index in story
            and post.cluster_index not in story_agents
            and status is AgentStatus.ACTIVE
        ):
            category, online, status = story[post.cluster_index]
            story_agents[post.cluster_index] = agent_id
            veteran = True  # in the launch cohort, so active on every story date
        else:
            veteran = False
        public = category in PUBLIC_SERVANT_CATEGORIES or (
            category is C.GRADUATE_OFFICIAL and rng.random() < 0.85
        )
        gender = Gender.MALE if rng.random() < MALE_SHARE.get(category, 0.55) else Gender.FEMALE
        history, records, joined, intervals = _history(
            ctx, rng, agent_id, status, sessions, veteran=veteran
        )
        email = None
        if rng.random() < (0.15 if not online else 0.75):
            email = people.email()
        ctx.add(
            Agent,
            {
                "id": agent_id,
                "code": f"JLP-{agent_id:04d}",
                "name": people.name(gender),
                "gender": gender,
                "phone": people.phone(),
                "email": email,
                "address": address(rng, town[village["town_id"]], village, cluster),
                "category": category,
                "is_public_servant": public,
                "village_id": village["id"],
                "lat": post.lat,
                "lon": post.lon,
                "online_capable": online,
                "status": status,
                "joined_on": joined,
                "version": 1,
            },
        )
        meta[agent_id] = {
            "village_id": village["id"],
            "town_id": village["town_id"],
            "online": online,
            "intervals": intervals,
            "category": category,
        }
    _number(ctx, AgentStatusChange)
    _number(ctx, TrainingRecord)
    ctx.facts.update(
        agent_meta=meta,
        left_out_clusters=left_out,
        story_agents={key: story_agents[i] for i, key in _story_keys(story)},
    )


def _story_clusters(clusters, villages, towns) -> dict[int, tuple]:
    """Cluster index → (category, online, status) of the agent each story needs there."""
    town_names = {t["id"]: t["name"] for t in towns}
    wanted = {
        (STORY_COMMUNITY[0], STORY_ESTATE): (C.GROUP_LEADER, False, AgentStatus.ACTIVE),
        (STORY_VILLAGE[0], f"{STORY_VILLAGE[1]}第{STORY_GROUP_NUMBER}村民小组"): (
            C.VILLAGE_CADRE,
            True,
            AgentStatus.ACTIVE,
        ),
    }
    vill = {v["id"]: v for v in villages}
    found = {}
    for i, c in enumerate(clusters):
        key = (town_names[vill[c["village_id"]]["town_id"]], c["name"])
        if key in wanted:
            found[i] = wanted[key]
    return found


def _story_keys(story):
    for i, role in story.items():
        yield i, ("lin" if role[0] is C.GROUP_LEADER else "yuan")


def _history(ctx, rng, agent_id, status, sessions, *, veteran=False):
    """Status changes and training records telling how the agent reached `status`."""
    today = ctx.today
    usable = [s for s in sessions if s["held_on"] <= today - dt.timedelta(days=14)]
    changes, records = [], []

    def change(frm, to, day, reason):
        changes.append(
            ctx.add(
                AgentStatusChange,
                {
                    "agent_id": agent_id,
                    "from_status": frm,
                    "to_status": to,
                    "effective_on": day,
                    "reason": reason,
                    "actor": ACTOR,
                    "recorded_at": local_dt(day, dt.time(9, 0))
                    + dt.timedelta(minutes=rng.randint(0, 480)),
                },
            )
        )

    def record(session, passed):
        records.append(
            ctx.add(
                TrainingRecord,
                {
                    "session_id": session["id"],
                    "agent_id": agent_id,
                    "passed": passed,
                },
            )
        )

    if status is AgentStatus.TRAINEE:
        last = sessions[-1]
        if rng.random() < 0.5 and len(sessions) > 1:
            joined = last["held_on"] - dt.timedelta(days=rng.randint(7, 40))
            change(None, AgentStatus.TRAINEE, joined, "登记造册，待培训上岗")
            record(last, False)
        else:
            span = max(1, (today - last["held_on"]).days - 1)
            joined = last["held_on"] + dt.timedelta(days=rng.randint(1, span))
            joined = min(joined, today - dt.timedelta(days=1))
            change(None, AgentStatus.TRAINEE, joined, "登记造册，待培训上岗")
        return changes, records, joined, []

    if rng.random() < 0.45 or veteran:
        k = 0
    else:
        k = rng.randrange(len(usable))
    failed_first = k > 0 and rng.random() < 0.12
    first = usable[k - 1] if failed_first else usable[k]
    joined = first["held_on"] - dt.timedelta(days=rng.randint(5, 45))
    change(None, AgentStatus.TRAINEE, joined, "登记造册，待培训上岗")
    if failed_first:
        record(usable[k - 1], False)
    record(usable[k], True)
    active_from = usable[k]["held_on"] + dt.timedelta(days=rng.randint(1, 5))
    change(
        AgentStatus.TRAINEE,
        AgentStatus.ACTIVE,
        active_from,
        f"参加“{usable[k]['title']}”考核合格，准予上岗",
    )
    for s in sessions[k + 1 :]:
        if rng.random() < 0.22:
            record(s, True)
    intervals = [(active_from, None)]
    earliest = max(active_from + dt.timedelta(days=60), today - dt.timedelta(days=330))
    latest = today - dt.timedelta(days=7)
    room = earliest < latest - dt.timedelta(days=60)
    if status is AgentStatus.ACTIVE and not veteran and rng.random() < 0.03 and room:
        off = _between(rng, earliest, latest - dt.timedelta(days=60))
        back = off + dt.timedelta(days=rng.randint(30, 60))
        change(AgentStatus.ACTIVE, AgentStatus.SUSPENDED, off, rng.choice(SUSPEND_REASONS[:2]))
        change(AgentStatus.SUSPENDED, AgentStatus.ACTIVE, back, "情况消除，恢复代理资格")
        intervals = [(active_from, off), (back, None)]
    elif status is AgentStatus.SUSPENDED:
        off = _between(rng, min(earliest, latest), latest)
        change(AgentStatus.ACTIVE, AgentStatus.SUSPENDED, off, rng.choice(SUSPEND_REASONS))
        intervals = [(active_from, off)]
    elif status is AgentStatus.RETIRED:
        off = _between(rng, min(earliest, latest), latest)
        if rng.random() < 0.4 and off > earliest + dt.timedelta(days=40):
            pause = off - dt.timedelta(days=rng.randint(20, 40))
            change(
                AgentStatus.ACTIVE, AgentStatus.SUSPENDED, pause, rng.choice(SUSPEND_REASONS[:2])
            )
            change(AgentStatus.SUSPENDED, AgentStatus.RETIRED, off, rng.choice(RETIRE_REASONS))
            intervals = [(active_from, pause)]
        else:
            change(AgentStatus.ACTIVE, AgentStatus.RETIRED, off, rng.choice(RETIRE_REASONS))
            intervals = [(active_from, off)]
    return changes, records, joined, intervals


def _between(rng, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days)))


def _number(ctx: SeedContext, model) -> None:
    for i, row in enumerate(ctx.rows[model], start=1):
        row["id"] = i
