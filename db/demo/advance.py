"""The demo district moves on with the trainer's today, as an office would.

`advance_demo` walks the days from the current simulated today to the new one. On each day
the simulated office does what the seeding model (`db.demo.timeline`, `db.demo.items`)
says a working office does: new petitions arrive at the seeded rate and are registered,
registered ones are triaged, units start and reply, agents deliver, petitioners rate,
rated matters are closed — every step through the same use cases the pages call
(`core.cases.intake.register`, `triage`, `assign_to_unit`, `apply_transition`,
`record_reply`, `record_delivery`, `record_rating`, `close`), acting as the office's
simulated staff (`OFFICE_CLERK`, a liaison of the matter's unit ...), so their events are
the use cases' own. Each step's time is drawn from the model's `step_time`, given that it
had not happened by the moment the district was last lived to.

Matters a trainer has touched (an event by anyone but the simulated office, recorded after
the seeding) and the two founding stories wait for the trainer. Moving today backwards is
refused: a past day cannot be un-lived; reset the demo district instead.
Every past quarter's bonus ledger is approved as the office's supervisor would.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import actors, settings
from core.agents.bonus import approve_quarter, compute_quarter, entitlements, frozen_through
from core.cases import intake
from core.cases.queue import assign_to_unit
from core.cases.triage import LegalChannel, TriageDecision, triage
from core.cases.workflow import (
    apply_transition,
    close,
    record_delivery,
    record_rating,
    record_reply,
)
from core.deadlines.calendar import load_calendar
from core.deadlines.supervision import issue_supervision_notice, record_supervision_answer
from core.errors import UserError, ValidationErrors
from core.policy import may_answer_notice, require
from core.quarters import next_quarter, quarter_of_date
from core.reporting.bulletin import REPLY_KINDS
from core.timeutil import OFFICE_TZ, local_date, now_utc
from core.today import moment_on, set_simulated_today
from core.today import today as office_today
from core.users import UserView
from core.vocab import (
    OPEN_STATES,
    AgentStatus,
    Channel,
    ClockState,
    ContentType,
    Gender,
    MatterState,
    Rating,
    Role,
    Topic,
    TownKind,
    TriageOutcome,
    Urgency,
    VillageKind,
)
from db.demo import texts
from db.demo.context import local_dt, to_local
from db.demo.items import CHANNELS, CONTENT, RATINGS_AGENT, RATINGS_UNIT, TOPICS
from db.demo.people import People, address
from db.demo.timeline import LATE_SHARE, step_time
from db.demo.units import TOPIC_DEPARTMENTS
from db.models import (
    AgencyAgreement,
    Agent,
    Clock,
    Cluster,
    Matter,
    MatterEvent,
    Setting,
    SupervisionNotice,
    Town,
    TrainingRecord,
    Unit,
    Village,
)
from db.session import Database

S = MatterState
O = TriageOutcome
NAMES = actors.SYSTEM_NAMES
Progress = Callable[[float, str], None]
T = TypeVar("T")

#: The demo-only settings row: the founding stories' case numbers and query codes, the
#: day the district was seeded and the size of its model (never written in production).
DEMO_FACTS = "demo.facts"

#: The simulated office's staff: system users, not sign-in accounts (names: core.actors).
OFFICE_CLERK = UserView(actors.OFFICE_CLERK, NAMES[actors.OFFICE_CLERK], Role.CLERK, None, None)
OFFICE_SUPERVISOR = UserView(
    actors.OFFICE_SUPERVISOR, NAMES[actors.OFFICE_SUPERVISOR], Role.SUPERVISOR, None, None
)
ONLINE_INTAKE = UserView("system", NAMES["system"], Role.CLERK, None, None)
LIAISON_NAME = actors.OFFICE_LIAISON
#: Everyone whose events are the district's own life (the generator's names included).
SIMULATED_ACTORS = frozenset(
    {
        OFFICE_CLERK.username,
        OFFICE_SUPERVISOR.username,
        ONLINE_INTAKE.username,
        LIAISON_NAME,
        "seed-demo",
    }
)
#: The reason logged with each day the simulated today passes through.
DAY_BY_DAY = "演示区逐日推进"
#: Longest move at once: a year of the district's life.
MAX_DAYS = 366


def office_liaison(unit_id: int) -> UserView:
    return UserView(LIAISON_NAME, NAMES[LIAISON_NAME], Role.UNIT_LIAISON, unit_id, None)


# --- the demo facts row ----------------------------------------------------------------


def record_demo_facts(
    session: Session, *, seeded_on: dt.date, items: int, seed: int, stories: dict[str, str]
) -> None:
    """Written by the seeding (demo mode only): what the trainer needs to find the stories."""
    from db.demo.stories import LIN_NAME, LIN_QUERY_CODE, YUAN_NAME, YUAN_QUERY_CODE

    codes = {"yuan": (YUAN_NAME, YUAN_QUERY_CODE), "lin": (LIN_NAME, LIN_QUERY_CODE)}
    facts = {
        "seeded_on": seeded_on.isoformat(),
        # events after this one were recorded after the seeding (by people or the office)
        "last_seeded_event": session.scalar(select(func.max(MatterEvent.id))) or 0,
        "lived_until": local_dt(seeded_on, dt.time(0)).isoformat(),
        "items": items,
        "seed": seed,
        "stories": {
            key: {"case_number": number, "query_code": codes[key][1], "name": codes[key][0]}
            for key, number in stories.items()
        },
    }
    _put_facts(session, facts)


def demo_facts(session: Session) -> dict:
    text = settings.get(session, DEMO_FACTS)
    return json.loads(text) if text else {}


def _put_facts(session: Session, facts: dict) -> None:
    """The row is the demo's own bookkeeping, not an office setting: written as the seeding
    writes its rows, outside the settings' change log (the days it records are logged as
    changes of the simulated today)."""
    value = json.dumps(facts, ensure_ascii=False)
    row = session.get(Setting, DEMO_FACTS)
    if row is None:
        row = Setting(key=DEMO_FACTS, value="", updated_at=now_utc(), updated_by="seed-demo")
        session.add(row)
    row.value, row.updated_at = json.dumps(value), now_utc()
    session.flush()


@dataclass(frozen=True)
class StoryCase:
    key: str  # "yuan" or "lin"
    name: str
    case_number: str
    query_code: str


def story_cases(session: Session, *, demo_mode: bool) -> list[StoryCase]:
    """The two founding stories' case numbers and query codes (demo mode only; empty else)."""
    if not demo_mode:
        return []
    stories = demo_facts(session).get("stories", {})
    return [
        StoryCase(key, s["name"], s["case_number"], s["query_code"])
        for key, s in sorted(stories.items(), key=lambda kv: kv[0] != "yuan")
    ]


# --- bonus quarters --------------------------------------------------------------------


def settle_bonus_quarters(
    session: Session, today: dt.date, *, compute_current: bool = True
) -> list[str]:
    """Approve every ended quarter not yet approved, oldest first, as the office's
    supervisor; then (unless told not to) compute the current quarter. Returns the
    quarters approved."""
    current = quarter_of_date(today)
    frozen = frozen_through(session)
    year, q = int(current[:4]), int(current[-1])
    previous = f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
    settled = frozen is not None and frozen >= previous
    quarters = (
        set() if settled else {e.quarter for e in entitlements(session) if not e.public_servant}
    )
    approved = []
    if quarters:
        quarter = min(quarters)
        while quarter < current:
            if frozen is None or quarter > frozen:
                approve_quarter(session, quarter, OFFICE_SUPERVISOR)
                approved.append(quarter)
            quarter = next_quarter(quarter)
    if compute_current and (frozen is None or current > frozen):
        compute_quarter(session, current, OFFICE_SUPERVISOR)
    return approved


# --- moving on -------------------------------------------------------------------------


@dataclass
class AdvanceReport:
    from_day: dt.date
    to_day: dt.date
    steps: dict[str, int] = field(default_factory=dict)
    waiting: int = 0  # open matters a trainer touched (and the stories): not moved
    quarters_approved: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.steps[kind] = self.steps.get(kind, 0) + 1


def advance_demo(
    database: Database,
    to_day: dt.date,
    actor: UserView,
    *,
    demo_mode: bool,
    progress: Progress | None = None,
) -> AdvanceReport:
    """Move the simulated today to `to_day`, the district living every day in between.

    Refused in production, to anyone but trainers and administrators, and backwards
    (`error.demo_today_backwards`: reset the demo district to start again)."""
    if not demo_mode:
        raise UserError("error.not_demo_mode")
    require(actor, "demo.move_today")
    report_progress = progress or (lambda _f, _m: None)
    with database.read() as session:
        start = office_today(session)
        facts = demo_facts(session)
    if to_day < start:
        raise UserError("error.demo_today_backwards", day=to_day, today=start)
    if (to_day - start).days > MAX_DAYS:
        raise UserError("error.demo_today_too_far", days=MAX_DAYS)
    report = AdvanceReport(start, to_day)
    if to_day == start:
        return report
    if not facts:  # a district seeded before the facts row: only the day moves
        with database.write() as session:
            set_simulated_today(session, to_day, actor, demo_mode=True)
        return report
    rng = random.Random(f"{facts.get('seed', 0)}:advance:{start}:{to_day}")
    lived_until = dt.datetime.fromisoformat(facts["lived_until"])
    with database.read() as session:
        office = Office.load(session, rng, int(facts.get("items", 3000)))
        waiting = _waiting_matters(session, facts)
        report.waiting = len(waiting)
        agenda = _agenda(session, rng, lived_until, waiting)
    days = (to_day - start).days
    for n in range(days + 1):
        day = start + dt.timedelta(days=n)
        report_progress(n / (days + 1), day.isoformat())
        end = moment_on(day) if day == to_day else local_dt(day + dt.timedelta(days=1), dt.time(0))
        with database.write() as session:
            if day != start:
                set_simulated_today(session, day, actor, demo_mode=True, reason=DAY_BY_DAY)
            if day != start or lived_until <= local_dt(day, dt.time(0)):
                for matter_id in office.arrivals(session, day, report):
                    _schedule(session, rng, agenda, matter_id, moment_on(day))
            _live(session, rng, office, agenda, end, report)
            if day != start:
                _supervise(session, rng, day, waiting, report)
            report.quarters_approved += settle_bonus_quarters(
                session, day, compute_current=day == to_day
            )
            facts["lived_until"] = end.isoformat()
            _put_facts(session, facts)
    report_progress(1.0, to_day.isoformat())
    return report


def _waiting_matters(session: Session, facts: dict) -> set[int]:
    """Open matters a person acted on after the seeding, and the founding stories."""
    stories = [s["case_number"] for s in facts.get("stories", {}).values()]
    touched = set(
        session.scalars(
            select(MatterEvent.matter_id)
            .join(Matter, Matter.id == MatterEvent.matter_id)
            .where(
                Matter.state.in_(LIVING_STATES),
                MatterEvent.id > int(facts.get("last_seeded_event", 0)),
                MatterEvent.actor.not_in(SIMULATED_ACTORS),
            )
            .distinct()
        )
    )
    touched |= set(session.scalars(select(Matter.id).where(Matter.case_number.in_(stories))))
    return touched


# The agenda: (moment, matter id) of each open matter's next step, earliest first.
Agenda = list[tuple[dt.datetime, int]]


def _agenda(session: Session, rng, lived_until: dt.datetime, waiting: set[int]) -> Agenda:
    agenda: Agenda = []
    for matter in session.scalars(
        select(Matter).where(Matter.state.in_(LIVING_STATES)).order_by(Matter.id)
    ):
        if matter.id not in waiting:
            moment = _next_moment(rng, matter, lived_until)
            if moment is not None:
                agenda.append((moment, matter.id))
    heapq.heapify(agenda)
    return agenda


def _schedule(session: Session, rng, agenda: Agenda, matter_id: int, after: dt.datetime) -> None:
    matter = session.get(Matter, matter_id)
    if matter is not None and matter.state in LIVING_STATES:
        moment = _next_moment(rng, matter, after)
        if moment is not None:
            heapq.heappush(agenda, (moment, matter_id))


#: States the office still moves on (a rated matter is still to be closed and archived).
LIVING_STATES = OPEN_STATES | {MatterState.RATED}
#: The step each open state leads to in a working office.
NEXT_STEP = {
    S.REGISTERED: S.TRIAGED,
    S.TRIAGED: S.ACCEPTED,
    S.ACCEPTED: S.ASSIGNED,
    S.ASSIGNED: S.IN_HANDLING,
    S.IN_HANDLING: S.REPLIED,
    S.REPLIED: S.DELIVERED,
    S.DELIVERED: S.RATED,
    S.RATED: S.CLOSED,
}


def _last_step_at(m: Matter) -> dt.datetime:
    stamps = [m.registered_at, m.accepted_at, m.assigned_at, m.replied_at, m.delivered_at]
    stamps += [m.rated_at]
    return max(s for s in stamps if s is not None)


def _next_moment(rng, m: Matter, not_before: dt.datetime) -> dt.datetime | None:
    """When the matter's next step happens: drawn from the model's `step_time`, given that
    it had not happened by `not_before` (redrawn until it falls after; a matter long past
    every draw takes its step within the next days)."""
    step = NEXT_STEP.get(m.state)
    if step is None:
        return None
    prev = _last_step_at(m)
    for _ in range(40):
        t = step_time(
            rng,
            step,
            prev,
            received=m.received_at,
            accepted=m.accepted_at,
            priority=m.agent_proxied,
            urgency=Urgency(m.urgency),
            late=rng.random() < LATE_SHARE,
        )
        if t > not_before:
            return t
    return not_before + dt.timedelta(days=rng.uniform(0.2, 3.0))


def _live(session: Session, rng, office: Office, agenda: Agenda, end: dt.datetime, report):
    """Take every step due by `end`, in time order; each schedules the matter's next."""
    today = office_today(session)
    while agenda and agenda[0][0] <= end:
        moment, matter_id = heapq.heappop(agenda)
        matter = session.get(Matter, matter_id)
        if matter is None or matter.state not in LIVING_STATES:
            continue
        when = max(moment, _last_step_at(matter) + dt.timedelta(minutes=rng.randint(3, 40)))
        when = min(when, end)
        if local_date(when) != today:  # only today's steps are taken today
            when = moment_on(today)
        # the office leaves a matter it may not move (e.g. one accusing the unit)
        taken, kind = _office_step(
            session, report, lambda m=matter, w=when: office.take_step(session, m, w, today)
        )
        if not taken:
            continue
        report.count(kind)
        session.flush()
        _schedule(session, rng, agenda, matter_id, when)


#: Each working day the office's supervisor presses this share of the overdue matters that
#: have no open notice, and the units answer this share of the notices open since before.
NOTICE_SHARE, ANSWER_SHARE = 0.4, 0.35
NOTICE_TEXT = "该事项已超过答复期限，请加快办理，按期答复。"
ANSWER_TEXT = "已收到督办单，正在加快办理，将尽快答复并报送办理结果。"


def _supervise(session: Session, rng, day: dt.date, waiting: set[int], report) -> None:
    """The office's supervision on `day`, through the use cases a supervisor and a liaison
    use: notices on overdue matters, answers to earlier notices. Matters a person or a
    founding story waits on are left to the trainer."""
    if not load_calendar(session).is_working(day):
        return
    open_notice = (
        select(SupervisionNotice.id)
        .where(
            SupervisionNotice.matter_id == Matter.id,
            SupervisionNotice.answered_at.is_(None),
            SupervisionNotice.closed_at.is_(None),
        )
        .exists()
    )
    overdue = session.execute(
        select(Matter.id, Matter.unit_id)
        .join(Clock, Clock.matter_id == Matter.id)
        .where(
            Clock.kind.in_(REPLY_KINDS),
            Clock.state == ClockState.RUNNING,
            Clock.due_on < day,
            Matter.state.in_([MatterState.ASSIGNED, MatterState.IN_HANDLING]),
            Matter.unit_id.is_not(None),
            ~open_notice,
        )
        .order_by(Matter.id)
    ).all()
    for matter_id, unit_id in overdue:
        if matter_id in waiting or rng.random() >= NOTICE_SHARE:
            continue
        taken, _notice = _office_step(
            session,
            report,
            lambda m=matter_id, u=unit_id: issue_supervision_notice(
                session, m, u, None, NOTICE_TEXT, OFFICE_SUPERVISOR, day
            ),
        )
        if taken:
            report.count("supervision_issued")
    earlier = session.execute(
        select(SupervisionNotice, Matter)
        .join(Matter, Matter.id == SupervisionNotice.matter_id)
        .where(
            SupervisionNotice.answered_at.is_(None),
            SupervisionNotice.closed_at.is_(None),
            SupervisionNotice.issued_at < local_dt(day, dt.time(0)),
        )
        .order_by(SupervisionNotice.id)
    ).all()
    for notice, matter in earlier:
        liaison = office_liaison(notice.unit_id)
        if matter.id in waiting or not may_answer_notice(liaison, notice, matter):
            continue  # as a page would: only what the unit may answer is offered
        if rng.random() >= ANSWER_SHARE:
            continue
        taken, _notice = _office_step(
            session,
            report,
            lambda n=notice.id, who=liaison: record_supervision_answer(
                session, n, ANSWER_TEXT, who, day
            ),
        )
        if taken:
            report.count("supervision_answered")


def _office_step(session: Session, report, step: Callable[[], T]) -> tuple[bool, T | None]:
    """One step of the simulated office, kept or refused on its own (a refusal is counted):
    (taken, what the step returned)."""
    try:
        with session.begin_nested():
            return True, step()
    except (UserError, ValidationErrors) as err:
        report.count(f"refused:{getattr(err, 'key', 'invalid')}")
        return False, None


# --- the simulated office ---------------------------------------------------------------


class Office:
    """What the office needs to act like the seeding model: places, agents, units."""

    def __init__(self, rng: random.Random, items: int) -> None:
        self.rng = rng
        self.items = items
        self.people = People(rng, _Names(rng))

    @classmethod
    def load(cls, session: Session, rng: random.Random, items: int) -> Office:
        office = cls(rng, items)
        office.towns = {t.id: t for t in session.scalars(select(Town))}
        office.villages = {v.id: v for v in session.scalars(select(Village))}
        office.clusters: dict[int, list[Cluster]] = {}
        for c in session.scalars(select(Cluster).order_by(Cluster.id)):
            office.clusters.setdefault(c.village_id, []).append(c)
        office.village_ids = [v for v in office.villages if office.clusters.get(v)]
        office.village_weights = [
            sum(c.population for c in office.clusters[v]) ** 0.85
            * (1.8 if office.villages[v].kind is VillageKind.VILLAGE else 1.0)
            for v in office.village_ids
        ]
        office.units = {u.code: u.id for u in session.scalars(select(Unit).where(Unit.is_active))}
        office.town_units = {}
        for town in office.towns.values():
            unit = session.scalar(select(Unit.id).where(Unit.code == f"T-{town.code}"))
            office.town_units[town.id] = unit
        trained = select(TrainingRecord.agent_id).where(TrainingRecord.passed)
        office.agents: dict[int, list[tuple[int, bool]]] = {}
        for a in session.scalars(
            select(Agent)
            .where(Agent.status == AgentStatus.ACTIVE, Agent.id.in_(trained))
            .order_by(Agent.id)
        ):
            office.agents.setdefault(a.village_id, []).append((a.id, a.online_capable))
        return office

    # --- arrivals -------------------------------------------------------------------

    def rate(self, day: dt.date) -> float:
        """Petitions expected on `day`: the model's rate near its today (received times are
        drawn with weight 1 for yesterday, 0.45 at weekends, falling to 0.55 a year back)."""
        per_day = self.items / (365 * 0.775 * (5 + 2 * 0.45) / 7)
        return per_day * (0.45 if day.weekday() >= 5 else 1.0)

    def arrivals(self, session: Session, day: dt.date, report: AdvanceReport) -> list[int]:
        lam = self.rate(day)
        count, p, target = 0, 1.0, math.exp(-lam)  # Poisson (Knuth)
        while True:
            p *= self.rng.random()
            if p <= target:
                break
            count += 1
        out = []
        for _ in range(count):
            taken, registered = _office_step(session, report, lambda: self._register(session, day))
            if not taken:
                continue
            report.count("registered")
            out.append(registered)
        return out

    def _register(self, session: Session, day: dt.date) -> int:
        rng = self.rng
        village_id = rng.choices(self.village_ids, self.village_weights)[0]
        village = self.villages[village_id]
        town = self.towns[village.town_id]
        clusters = self.clusters[village_id]
        cluster = rng.choices(clusters, [c.population for c in clusters])[0]
        weights = dict(TOPICS[TownKind(town.kind)])
        if village.kind is VillageKind.COMMUNITY:
            weights[Topic.AGRICULTURE] = 0
        topic = _pick(rng, weights)
        content = _pick(rng, CONTENT)
        if content is ContentType.CONSULTATION:
            urgency = Urgency.CONSULTATION
        else:
            urgency = rng.choices(
                [Urgency.URGENT, Urgency.GENERAL, Urgency.INVESTIGATION], [4, 64, 32]
            )[0]
        channel = _pick(rng, CHANNELS)
        agent_id = None
        if channel in (Channel.AGENT_ONLINE, Channel.AGENT_PAPER):
            fit = [
                a
                for a, online in self.agents.get(village_id, [])
                if online == (channel is Channel.AGENT_ONLINE)
            ]
            if fit:
                agent_id = rng.choice(fit)
            else:
                channel = Channel.WALK_IN
        registered = moment_on(day)
        local = to_local(registered)
        start = dt.datetime.combine(day, dt.time(7, 30), OFFICE_TZ)
        if local <= start:
            received = local - dt.timedelta(minutes=rng.randint(1, 30))
        else:
            span = (local - start).total_seconds()
            received = start + dt.timedelta(seconds=rng.uniform(0, span))
        received = max(received, dt.datetime.combine(day, dt.time(0), OFFICE_TZ))
        gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
        birth = self.people.birth_date(day, 40 if topic is Topic.LAND else 22, 86)
        name = self.people.name(gender)
        rural = TownKind(town.kind) is TownKind.TOWN
        cluster_row = {"kind": cluster.kind, "name": cluster.name}
        town_row, village_row = {"name": town.name}, {"name": village.name}
        person = intake.PetitionerDraft(
            name=name,
            id_number=self.people.resident_id(birth, gender, rural=rural),
            phone=self.people.phone(),
            address=address(rng, town_row, village_row, cluster_row),
            village_id=village_id,
        )
        text = texts.summary(rng, topic, town.name, village.name, cluster.name)
        accused = None
        if content is ContentType.ACCUSATION:
            accused = self.town_units.get(town.id)
        draft = intake.SubmissionDraft(
            channel=channel,
            agent_id=agent_id,
            agreement_number=self._agreement_number(session, day) if agent_id else "",
            agreement_signed_on=day if agent_id else None,
            petitioners=[person],
            content_type=content,
            topic=topic,
            urgency=urgency,
            town_id=town.id,
            village_id=village_id,
            cluster_id=cluster.id,
            summary=text,
            full_text=texts.full_text(rng, text, name, 1),
            received_on=day,
            received_time=received.time().replace(microsecond=0),
            accused_unit_id=accused,
        )
        actor = ONLINE_INTAKE if channel in (Channel.AGENT_ONLINE, Channel.WEB_DIRECT) else None
        saved = intake.register(
            session, draft, intake.Decision.new_matter(), actor or OFFICE_CLERK, day
        )
        return saved.matter_id

    def _agreement_number(self, session: Session, day: dt.date) -> str:
        top = session.scalar(select(func.max(AgencyAgreement.id))) or 0
        return f"JLPWT-{day.year}-{top + 1:05d}"

    # --- steps ------------------------------------------------------------------------

    def take_step(self, session: Session, m: Matter, when: dt.datetime, today: dt.date) -> str:
        rng = self.rng
        state = S(m.state)
        if state is S.REGISTERED:
            triage(session, m.id, m.version, self._triage_decision(session, m), OFFICE_CLERK, today)
            return "triaged"
        if state is S.TRIAGED:
            outcome = TriageOutcome(m.triage_outcome) if m.triage_outcome else None
            if outcome in (O.OTHER_CHANNEL, O.CONCLUDED_OR_UNREASONABLE, O.ALREADY_HANDLING):
                apply_transition(
                    session,
                    m.id,
                    m.version,
                    S.NOT_ACCEPTED,
                    OFFICE_CLERK,
                    occurred_at=when,
                    changes={"closed_at": when},
                )
                return "not_accepted"
            apply_transition(
                session,
                m.id,
                m.version,
                S.ACCEPTED,
                OFFICE_CLERK,
                occurred_at=when,
                changes={"accepted_at": when},
            )
            return "accepted"
        if state is S.ACCEPTED:
            assign_to_unit(
                session, m.id, m.version, self._unit_for(m), OFFICE_CLERK, occurred_at=when
            )
            return "assigned"
        liaison = office_liaison(m.unit_id) if m.unit_id else OFFICE_CLERK
        if state is S.ASSIGNED:
            apply_transition(session, m.id, m.version, S.IN_HANDLING, liaison, occurred_at=when)
            return "in_handling"
        if state is S.IN_HANDLING:
            record_reply(session, m.id, m.version, texts.reply(rng), liaison, occurred_at=when)
            return "replied"
        if state is S.REPLIED:
            record_delivery(session, m.id, m.version, OFFICE_CLERK, occurred_at=when)
            return "delivered"
        if state is S.DELIVERED:
            unit_rating = _pick(rng, RATINGS_UNIT)
            agent_rating = _pick(rng, RATINGS_AGENT) if m.agent_proxied else None
            ceased = (unit_rating is Rating.SATISFIED and rng.random() < 0.9) or (
                unit_rating is Rating.BASICALLY_SATISFIED and rng.random() < 0.5
            )
            record_rating(
                session,
                m.id,
                m.version,
                OFFICE_CLERK,
                unit_rating=unit_rating,
                agent_rating=agent_rating,
                ceased=ceased,
                occurred_at=when,
            )
            return "rated"
        if state is S.RATED:
            close(session, m.id, m.version, OFFICE_CLERK, occurred_at=when)
            return "closed"
        raise UserError("error.transition_not_allowed", current=state, to=state)

    def _unit_for(self, m: Matter) -> int | None:
        if m.review_level:
            return self.units.get("IC")
        return self.units.get(self.rng.choice(TOPIC_DEPARTMENTS[Topic(m.topic)]))

    def _triage_decision(self, session: Session, m: Matter) -> TriageDecision:
        rng = self.rng
        if m.review_level and m.linked_matter_id:
            return TriageDecision(O.REVIEW, linked_matter_id=m.linked_matter_id)
        turned_away = rng.random() < (0.55 if Topic(m.topic) is Topic.LAW_RELATED else 0.09)
        if turned_away:
            if Topic(m.topic) is Topic.LAW_RELATED or rng.random() < 0.35:
                note, where = rng.choice(texts.REDIRECTS["other_channel"])
                return TriageDecision(
                    O.OTHER_CHANNEL,
                    legal_channel=LegalChannel.OTHER,
                    guidance=note,
                    redirect_to=where,
                )
            return TriageDecision(
                O.CONCLUDED_OR_UNREASONABLE,
                reason=rng.choice(texts.REDIRECTS["concluded_or_unreasonable"]),
                redirect_to="区信访办（已向信访人解释说明）",
            )
        roll = rng.random()
        if m.accused_unit_id:
            roll = max(roll, 0.4)
        if roll < 0.38:
            unit_id = self.town_units.get(m.town_id)
            if unit_id is not None and unit_id != m.accused_unit_id:
                return TriageDecision(O.HANDLE_LOCALLY, unit_id=unit_id)
        if roll < 0.86:
            unit_id = self.units.get(rng.choice(TOPIC_DEPARTMENTS[Topic(m.topic)]))
            return TriageDecision(O.ASSIGN_UNIT, unit_id=unit_id)
        return TriageDecision(O.COORDINATE)


class _Names:
    """The few Faker calls `People` makes, drawn from the seeded generator's surnames."""

    SURNAMES = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
        "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
        "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    )

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def last_name(self) -> str:
        return self.rng.choice(self.SURNAMES)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]
