"""Plans of the petition matters of the last 12 months (before they become rows).

Proportions follow the brief: ~55% agent-proxied, every workflow state, collective items,
risk flags, not-accepted items with guidance, overdue items with supervision notices,
extensions, reviews and re-reviews linked to their originals, repeat filings.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from core.vocab import (
    Channel,
    ContentType,
    Gender,
    Rating,
    Topic,
    TownKind,
    Urgency,
    VillageKind,
)
from core.vocab import (
    MatterState as S,
)
from core.vocab import (
    TriageOutcome as T,
)
from db.demo import texts
from db.demo.context import SeedContext, local_dt, to_local
from db.demo.people import People, address
from db.demo.plan import FilingPlan, MatterPlan, PersonPlan
from db.demo.timeline import (
    LATE_SHARE,
    PATH,
    REPLY_DAYS,
    draw_target,
    draw_times,
    steps_for,
    truncate,
)
from db.demo.units import TOPIC_DEPARTMENTS

CHANNELS = {
    Channel.AGENT_ONLINE: 40,
    Channel.AGENT_PAPER: 15,
    Channel.WALK_IN: 15,
    Channel.LETTER: 8,
    Channel.PHONE: 10,
    Channel.WEB_DIRECT: 8,
    Channel.VIDEO: 4,
}
TOPICS = {
    TownKind.SUBDISTRICT: {
        Topic.LAND: 5,
        Topic.LABOUR: 14,
        Topic.CONSTRUCTION: 26,
        Topic.ENVIRONMENT: 11,
        Topic.AGRICULTURE: 1,
        Topic.CIVIL_AFFAIRS: 11,
        Topic.HEALTH: 7,
        Topic.EDUCATION: 7,
        Topic.LAW_RELATED: 6,
        Topic.ENTERPRISE: 4,
        Topic.OTHER: 8,
    },
    TownKind.TOWN: {
        Topic.LAND: 22,
        Topic.LABOUR: 13,
        Topic.CONSTRUCTION: 8,
        Topic.ENVIRONMENT: 8,
        Topic.AGRICULTURE: 16,
        Topic.CIVIL_AFFAIRS: 11,
        Topic.HEALTH: 5,
        Topic.EDUCATION: 5,
        Topic.LAW_RELATED: 5,
        Topic.ENTERPRISE: 3,
        Topic.OTHER: 4,
    },
}
CONTENT = {
    ContentType.REQUEST: 50,
    ContentType.APPEAL: 10,
    ContentType.SUGGESTION: 12,
    ContentType.ACCUSATION: 8,
    ContentType.CONSULTATION: 20,
}
RATINGS_UNIT = {Rating.SATISFIED: 70, Rating.BASICALLY_SATISFIED: 20, Rating.UNSATISFIED: 10}
RATINGS_AGENT = {Rating.SATISFIED: 82, Rating.BASICALLY_SATISFIED: 14, Rating.UNSATISFIED: 4}
ONLINE = {Channel.AGENT_ONLINE, Channel.WEB_DIRECT}


class ItemPlanner:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("items")
        self.people = People(ctx.rng("petitioners"), ctx.faker("petitioners"))
        f = ctx.facts
        self.towns = {t["id"]: t for t in f["towns"]}
        self.villages = {v["id"]: v for v in f["villages"]}
        self.clusters_by_village: dict[int, list[dict]] = {}
        for c in f["clusters"]:
            self.clusters_by_village.setdefault(c["village_id"], []).append(c)
        self.village_ids = list(self.villages)
        self.village_weights = [
            sum(c["population"] for c in self.clusters_by_village[v]) ** 0.85
            * (1.8 if self.villages[v]["kind"] is VillageKind.VILLAGE else 1.0)
            for v in self.village_ids
        ]
        self.agents_by_village: dict[int, list[int]] = {}
        self.agents_by_town: dict[int, list[int]] = {}
        for agent_id, m in f["agent_meta"].items():
            self.agents_by_village.setdefault(m["village_id"], []).append(agent_id)
            self.agents_by_town.setdefault(m["town_id"], []).append(agent_id)
        self.meta = f["agent_meta"]
        self.units = f["units_by_code"]
        self.town_units = f["town_units"]
        self.village_units = f["village_units"]
        self.plans: list[MatterPlan] = []

    # --- the whole set --------------------------------------------------------------

    def plan(self, items: int, reserved: int) -> list[MatterPlan]:
        n_rerev = max(1, round(items * 0.004))
        n_rev = max(2, round(items * 0.02))
        base = items - reserved - n_rev - n_rerev
        received = sorted(self._received_time() for _ in range(base))
        for i, at in enumerate(received):
            self.plans.append(self._matter(i + 1, at, draw_target(self.rng)))
        self._ensure_every_state()
        self._link_already_handling()
        self._reviews(n_rev, n_rerev)
        for p in self.plans:
            self._repeats(p)
            self._supervise(p)
        return self.plans

    def _age(self, at: dt.datetime) -> float:
        return (self.ctx.cutoff - at).total_seconds() / 86400

    def _received_time(self) -> dt.datetime:
        rng = self.rng
        while True:
            back = rng.randint(1, 365)
            day = self.ctx.today - dt.timedelta(days=back)
            keep = (0.55 + 0.45 * (1 - back / 365)) * (0.45 if day.weekday() >= 5 else 1.0)
            if rng.random() < keep:
                break
        return local_dt(day, dt.time(7, 30)) + dt.timedelta(minutes=rng.randint(0, 14 * 60))

    def _ensure_every_state(self) -> None:
        """Small item counts may miss a rare state: stop a suitable matter at it (the latest
        one that went through it, of a state held by others too), as if today came sooner."""
        counts: dict[S, int] = {}
        for p in self.plans:
            counts[p.state] = counts.get(p.state, 0) + 1
        for state in S:
            if counts.get(state):
                continue
            for p in sorted(self.plans, key=lambda p: p.received_at, reverse=True):
                if counts[p.state] <= 1 or p.state is state:
                    continue
                withdrawable = state is S.WITHDRAWN and p.state in PATH[:5]
                if state in p.times or withdrawable:
                    counts[p.state] -= 1
                    self._stop_at(p, state)
                    counts[state] = 1
                    break

    def _stop_at(self, p: MatterPlan, state: S) -> None:
        if state in PATH:
            keep = PATH[: PATH.index(state) + 1]
            p.times = {s: t for s, t in p.times.items() if s in keep}
        elif state is S.WITHDRAWN:  # the petitioner withdrew it before the next step
            last = max(p.times.values())
            p.times[S.WITHDRAWN] = last + (self.ctx.cutoff - last) / 2
            p.withdraw_reason = self.rng.choice(texts.WITHDRAW_REASONS)
        p.state = state
        if S.TRIAGED not in p.times:
            p.outcome = None
        if p.extension and p.extension[1] > max(p.times.values()):
            p.extension = None

    # --- one matter -------------------------------------------------------------------

    def _matter(
        self, key: int, received: dt.datetime, state: S, *, village_id: int | None = None
    ) -> MatterPlan:
        rng = self.rng
        village_id = village_id or rng.choices(self.village_ids, self.village_weights)[0]
        village = self.villages[village_id]
        town = self.towns[village["town_id"]]
        cl = self.clusters_by_village[village_id]
        cluster = rng.choices(cl, [c["population"] for c in cl])[0]
        weights = dict(TOPICS[town["kind"]])
        if village["kind"] is VillageKind.COMMUNITY:
            weights[Topic.AGRICULTURE] = 0  # no farmland in a community
        topic = _pick(rng, weights)
        content = _pick(rng, CONTENT)
        if content is ContentType.CONSULTATION:
            urgency = Urgency.CONSULTATION
        else:
            urgency = rng.choices(
                [Urgency.URGENT, Urgency.GENERAL, Urgency.INVESTIGATION], [4, 64, 32]
            )[0]
        if (
            topic is Topic.LAW_RELATED
            and state not in (S.REGISTERED, S.TRIAGED)
            and rng.random() < 0.55
        ):
            state = S.NOT_ACCEPTED
        channel = _pick(rng, CHANNELS)
        if channel is Channel.LETTER:  # letters arrive with the morning post
            received = local_dt(to_local(received).date(), dt.time(9, rng.randint(0, 59)))
        elif channel in (Channel.WALK_IN, Channel.VIDEO, Channel.PHONE):
            local = to_local(received)
            hour = min(max(local.hour, 9), 16)
            received = local_dt(local.date(), dt.time(hour, local.minute))
        received = min(received, self.ctx.cutoff - dt.timedelta(hours=2))
        agent_id = None
        if channel in (Channel.AGENT_ONLINE, Channel.AGENT_PAPER):
            agent_id = self.agent_for(
                village_id, to_local(received).date(), online=channel is Channel.AGENT_ONLINE
            )
            if agent_id is None:
                channel = Channel.WALK_IN
        collective = rng.random() < 0.06 and content is not ContentType.CONSULTATION
        if collective:
            headcount = rng.randint(5, 60)
        else:
            headcount = rng.randint(2, 4) if rng.random() < 0.05 else 1
        people = self.petitioners(rng, village, cluster, town, headcount, collective, topic)
        summary = texts.summary(rng, topic, town["name"], village["name"], cluster["name"])
        if collective:
            summary = f"{cluster['name']}{headcount}名群众联名反映" + summary.removeprefix("反映")
        plan = MatterPlan(
            key=key,
            state=state,
            topic=topic,
            content_type=content,
            urgency=urgency,
            town_id=town["id"],
            village_id=village_id,
            cluster_id=cluster["id"],
            received_at=received,
            times={},
            filings=[FilingPlan(channel, received, agent_id)],
            people=people,
            summary=summary[:200],
            full_text=texts.full_text(rng, summary, people[0].name, headcount),
            headcount=headcount,
            risk_collective=collective and rng.random() < 0.5 or rng.random() < 0.01,
            risk_skip_level=rng.random() < 0.03,
            risk_emotion=rng.random() < 0.05,
        )
        self._triage(plan, town, village)
        self._timeline(plan)
        self._outcome_fields(plan)
        return plan

    def agent_for(self, village_id: int, day: dt.date, *, online: bool) -> int | None:
        """An agent of the village (else of its town) who was active on `day`."""
        rng = self.rng
        for pool in (
            self.agents_by_village.get(village_id, []),
            self.agents_by_town.get(self.villages[village_id]["town_id"], []),
        ):
            fit = [
                a for a in pool if self.meta[a]["online"] == online and _active(self.meta[a], day)
            ]
            if fit:
                return rng.choice(fit)
        return None

    def petitioners(
        self,
        rng,
        village,
        cluster,
        town,
        headcount,
        collective,
        topic,
        *,
        min_age: int = 22,
        max_age: int = 86,
    ) -> list[PersonPlan]:
        if collective:  # at most five representatives (BRIEF §5)
            named = min(headcount, rng.randint(1, 5))
        else:
            named = min(headcount, 1 + (headcount > 1))
        extra = rng.randint(0, 3) if collective else 0
        if topic in (Topic.LAND, Topic.AGRICULTURE, Topic.CIVIL_AFFAIRS, Topic.ENTERPRISE):
            min_age = max(min_age, 40)
        out = []
        for i in range(named + extra):
            out.append(
                self.person(
                    rng,
                    village,
                    cluster,
                    town,
                    min_age,
                    max_age,
                    representative=collective and i < named,
                )
            )
        return out

    def person(
        self,
        rng,
        village,
        cluster,
        town,
        min_age,
        max_age,
        *,
        representative=False,
        gender: Gender | None = None,
        name: str | None = None,
        age: int | None = None,
    ):
        gender = gender or (Gender.MALE if rng.random() < 0.55 else Gender.FEMALE)
        if age is not None:
            birth = self.ctx.today - dt.timedelta(days=age * 365 + rng.randint(30, 300))
        else:
            birth = self.people.birth_date(self.ctx.today, min_age, max_age)
        return PersonPlan(
            name=name or self.people.name(gender),
            gender=gender,
            id_number=(
                self.people.resident_id(birth, gender, rural=town["kind"] is TownKind.TOWN)
                if rng.random() < 0.95 or name
                else None
            ),
            phone=self.people.phone() if rng.random() < 0.9 or name else None,
            address=address(rng, town, village, cluster),
            village_id=village["id"],
            is_representative=representative,
        )

    def _triage(self, p: MatterPlan, town: dict, village: dict) -> None:
        rng = self.rng
        if p.content_type is ContentType.ACCUSATION:
            local = self.village_units.get(village["id"]) or self.town_units[town["id"]]
            p.accused_unit_code = local["code"]
        if p.state is S.NOT_ACCEPTED:
            if p.topic is Topic.LAW_RELATED or rng.random() < 0.35:
                p.outcome = T.OTHER_CHANNEL
                p.triage_note, p.redirect_to = rng.choice(texts.REDIRECTS["other_channel"])
            elif rng.random() < 0.25:
                p.outcome = T.ALREADY_HANDLING  # linked later, or turned into "concluded"
                p.triage_note = "同一事项已在办理中，不再重复受理，已告知信访人办理进度"
            else:
                p.outcome = T.CONCLUDED_OR_UNREASONABLE
                p.triage_note = rng.choice(texts.REDIRECTS["concluded_or_unreasonable"])
            return
        if p.state is S.REGISTERED:
            return
        roll = rng.random()
        if p.accused_unit_code:
            roll = max(roll, 0.4)  # an accusation never goes to the accused locally
        if roll < 0.38:
            p.outcome = T.HANDLE_LOCALLY
            unit = self.village_units.get(village["id"]) if rng.random() < 0.6 else None
            p.unit_code = (unit or self.town_units[town["id"]])["code"]
        elif roll < 0.86:
            p.outcome = T.ASSIGN_UNIT
            p.unit_code = rng.choice(TOPIC_DEPARTMENTS[p.topic])
        else:
            p.outcome = T.COORDINATE
            p.unit_code = "IC"

    def _timeline(
        self, p: MatterPlan, *, withdraw_after: S | None = None, complete: bool = False
    ) -> None:
        """Draw the step times of `p.state`'s path; unless `complete`, cut them at today and
        set the state to the last step that happened (`complete`: squeezed before today)."""
        rng = self.rng
        if p.state is S.WITHDRAWN and withdraw_after is None:
            withdraw_after = rng.choice(
                [S.REGISTERED, S.TRIAGED, S.ACCEPTED, S.ASSIGNED, S.IN_HANDLING]
            )
        steps = steps_for(p.state, withdraw_after)
        late = rng.random() < LATE_SHARE
        extended = (
            p.urgency is Urgency.INVESTIGATION
            and S.REPLIED in steps
            and rng.random() < 0.12
            and self._age(p.received_at) > 110
        )
        far = p.received_at + dt.timedelta(days=3650)
        p.times = draw_times(
            rng,
            steps,
            p.received_at,
            self.ctx.cutoff if complete else far,
            priority=p.agent_proxied,
            urgency=p.urgency,
            late=late,
            extended=extended,
            online=p.filings[0].channel in ONLINE or p.filings[0].channel is Channel.LETTER,
        )
        if not complete:
            registered = p.times[S.REGISTERED]
            p.times = truncate(p.times, self.ctx.cutoff)
            if not p.times:  # received late on the eve of today: registered that night
                p.times = {
                    S.REGISTERED: min(
                        registered, p.received_at + (self.ctx.cutoff - p.received_at) / 2
                    )
                }
            p.state = max(p.times, key=p.times.__getitem__)
            if S.TRIAGED not in p.times:
                p.outcome = None
        accepted = p.times.get(S.ACCEPTED)
        if accepted is None:
            return
        open_long = (
            S.REPLIED not in p.times
            and p.state not in (S.WITHDRAWN,)
            and (self.ctx.cutoff - accepted).days > 45
            and rng.random() < 0.35
        )
        replied = p.times.get(S.REPLIED)
        if (replied and (replied - accepted).days >= 60) or open_long:
            approved = accepted + dt.timedelta(days=rng.uniform(40, 58))
            assigned = p.times.get(S.ASSIGNED)
            if assigned and assigned < approved < (replied or self.ctx.cutoff):
                days = rng.choice((15, 20, 30))
                if replied:
                    days = max(days, min(30, math.ceil((replied - accepted).days - 60) + 1))
                p.extension = (days, approved, rng.choice(texts.EXTENSION_REASONS))

    def _outcome_fields(self, p: MatterPlan) -> None:
        rng = self.rng
        if S.REPLIED in p.times:
            p.reply_text = texts.reply(rng)
        if S.RATED in p.times:
            p.unit_rating = _pick(rng, RATINGS_UNIT)
            if p.agent_proxied:
                p.agent_rating = _pick(rng, RATINGS_AGENT)
            p.ceased = (p.unit_rating is Rating.SATISFIED and rng.random() < 0.9) or (
                p.unit_rating is Rating.BASICALLY_SATISFIED and rng.random() < 0.5
            )
        if p.state is S.WITHDRAWN:
            p.withdraw_reason = rng.choice(texts.WITHDRAW_REASONS)

    # --- links between matters -------------------------------------------------------------

    def _link_already_handling(self) -> None:
        """'Already being handled' items point at an open earlier item of the same place.

        Earlier means earlier in the order the rows are written (received time, then key):
        `_matter` may move a received time (letters, visits), so plan keys are not in that
        order, and a link to a matter written later would break its foreign key."""
        by_place: dict[tuple, list[MatterPlan]] = {}
        for p in sorted(self.plans, key=lambda p: (p.received_at, p.key)):
            if p.outcome is T.ALREADY_HANDLING and p.state is S.NOT_ACCEPTED:
                earlier = [
                    q
                    for q in by_place.get((p.town_id, p.topic), [])
                    if q.state is not S.NOT_ACCEPTED
                    and S.ACCEPTED in q.times
                    and q.times.get(S.CLOSED, self.ctx.cutoff) > p.received_at
                ]
                if earlier:
                    p.linked_key = earlier[-1].key
                else:
                    p.outcome = T.CONCLUDED_OR_UNREASONABLE
                    p.triage_note = texts.REDIRECTS["concluded_or_unreasonable"][2]
            by_place.setdefault((p.town_id, p.topic), []).append(p)

    def _reviews(self, n_rev: int, n_rerev: int) -> None:
        """复查 of replied originals the petitioner disagreed with, then a few 复核."""
        rng = self.rng
        cutoff = self.ctx.cutoff
        done = [
            p
            for p in self.plans
            if p.state in (S.RATED, S.CLOSED)
            and p.unit_code
            and p.times[S.DELIVERED] < cutoff - dt.timedelta(days=30)
        ]
        done.sort(key=lambda p: p.received_at)
        # Oldest first for the re-reviews' originals, so their review can finish in time.
        rest = done[n_rerev:]
        picks = done[:n_rerev] + rng.sample(rest, min(n_rev - n_rerev, len(rest)))
        reviews = []
        for i, original in enumerate(picks):
            reviews.append(self._review_of(original, 1, finish=i < n_rerev))
        for review in reviews[:n_rerev]:
            if review.state in (S.RATED, S.CLOSED):
                self._review_of(review, 2, finish=False)

    def _review_of(self, original: MatterPlan, level: int, *, finish: bool) -> MatterPlan:
        rng = self.rng
        cutoff = self.ctx.cutoff
        original.unit_rating, original.ceased = Rating.UNSATISFIED, False
        start = original.times.get(S.RATED) or original.times[S.DELIVERED]
        received = start + dt.timedelta(days=rng.uniform(1, 20))
        received = local_dt(to_local(received).date(), dt.time(10, rng.randint(0, 59)))
        received = min(received, cutoff - dt.timedelta(days=1))
        state = S.CLOSED
        first = original.filings[0]
        agent_id = first.agent_id
        if agent_id is not None and not _active(self.meta[agent_id], to_local(received).date()):
            agent_id = None
        channel = first.channel if agent_id else Channel.WALK_IN
        label = "复查" if level == 1 else "复核"
        town = self.towns[original.town_id]
        unit_code = (
            "IC"
            if level == 2 or original.unit_code.startswith("D-") or original.unit_code == "IC"
            else TOPIC_DEPARTMENTS[original.topic][0]
        )
        p = MatterPlan(
            key=len(self.plans) + 1,
            state=state,
            topic=original.topic,
            content_type=ContentType.APPEAL,
            urgency=Urgency.INVESTIGATION,
            town_id=original.town_id,
            village_id=original.village_id,
            cluster_id=original.cluster_id,
            received_at=received,
            times={},
            filings=[FilingPlan(channel, received, agent_id)],
            people=original.people[:1],
            summary=f"不服处理意见申请{label}：{original.summary.split('：', 1)[-1]}"[:200],
            full_text=f"信访人{original.people[0].name}对{town['name']}相关信访事项的处理意见不服，"
            f"申请{label}。原事项：{original.summary}。",
            headcount=1,
            outcome=T.REVIEW,
            unit_code=unit_code,
            linked_key=original.key,
            review_level=level,
        )
        self._timeline(p, complete=finish)
        self._outcome_fields(p)
        if p.unit_code and S.ASSIGNED not in p.times:
            p.unit_code = None
        self.plans.append(p)
        return p

    # --- repeats and supervision ---------------------------------------------------------

    def _repeats(self, p: MatterPlan) -> None:
        """Repeat filings of the same matter (重复访), likelier when it drags or displeases."""
        rng = self.rng
        overdue = self.overdue_since(p) is not None
        chance = 0.35 if overdue else (0.25 if p.unit_rating is Rating.UNSATISFIED else 0.06)
        if p.state is S.NOT_ACCEPTED:
            chance = 0.1
        if rng.random() >= chance:
            return
        start = p.times[S.REGISTERED] + dt.timedelta(days=2)
        end = min(
            self.ctx.cutoff - dt.timedelta(hours=3),
            p.times.get(S.WITHDRAWN, self.ctx.cutoff),
            start + dt.timedelta(days=120),
        )
        if end <= start:
            return
        for _ in range(rng.choice((1, 1, 1, 1, 2, 2, 3))):
            at = start + (end - start) * rng.random()
            at = local_dt(to_local(at).date(), dt.time(rng.randint(9, 16), rng.randint(0, 59)))
            if not (p.times[S.REGISTERED] < at < self.ctx.cutoff):
                continue
            first = p.filings[0]
            channel = rng.choices(
                [first.channel, Channel.WALK_IN, Channel.PHONE, Channel.LETTER], [5, 3, 2, 1]
            )[0]
            agent_id = None
            if channel in (Channel.AGENT_ONLINE, Channel.AGENT_PAPER):
                agent_id = first.agent_id
                if agent_id is None or not _active(self.meta[agent_id], to_local(at).date()):
                    channel, agent_id = Channel.WALK_IN, None
            p.filings.append(FilingPlan(channel, at, agent_id, is_repeat=True))
        p.filings[1:] = sorted(p.filings[1:], key=lambda f: f.at)

    def reply_due(self, p: MatterPlan) -> dt.datetime | None:
        accepted = p.times.get(S.ACCEPTED)
        if accepted is None:
            return None
        # The reply limit by urgency; with an approved extension, the extended 60-day limit.
        days = 60 + p.extension[0] if p.extension else REPLY_DAYS[p.urgency]
        return accepted + dt.timedelta(days=days)

    def overdue_since(self, p: MatterPlan) -> dt.datetime | None:
        due = self.reply_due(p)
        if due is None or p.state is S.WITHDRAWN:
            return None
        replied = p.times.get(S.REPLIED)
        if (replied or self.ctx.cutoff) > due:
            return due
        return None

    def _supervise(self, p: MatterPlan) -> None:
        rng = self.rng
        due = self.overdue_since(p)
        if due is None or S.ASSIGNED not in p.times:
            return
        replied = p.times.get(S.REPLIED)
        end = replied or self.ctx.cutoff
        issued = due + dt.timedelta(days=rng.uniform(1, 6))
        if issued >= end - dt.timedelta(hours=2) or rng.random() > (0.6 if not replied else 0.35):
            return
        issued = local_dt(to_local(issued).date(), dt.time(rng.randint(9, 16), rng.randint(0, 59)))
        if not (p.times[S.ASSIGNED] < issued < end):
            return
        due_on = to_local(issued).date() + dt.timedelta(days=rng.choice((5, 7, 10)))
        answered = answer = None
        if replied and replied > issued:
            answered, answer = replied, "已办结并答复信访人。"
        elif local_dt(due_on, dt.time(17)) < self.ctx.cutoff and rng.random() < 0.6:
            window = (due_on - to_local(issued).date()).days
            answered = issued + dt.timedelta(days=rng.uniform(1, window))
            answer = rng.choice(texts.SUPERVISION_ANSWERS)
        text = rng.choice(texts.SUPERVISION_TEXTS).format(d=f"{due_on:%Y年%m月%d日}")
        p.supervision.append((issued, due_on, text, answered, answer))


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _active(meta: dict, day: dt.date) -> bool:
    return any(a <= day and (b is None or day < b) for a, b in meta["intervals"])
