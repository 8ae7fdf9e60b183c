"""`make load`: many staff at once on the PostgreSQL in DATABASE_URL, then a check that the
database holds exactly what they were told (issue 15).

20 threads (LOAD_THREADS / --threads) act for 60 s (LOAD_SECONDS / --seconds), about a second
apart (LOAD_PAUSE / --pause; 0 for a stress test with no pause), each as an
office clerk, a supervisor and the liaison of whichever unit handles the matter in hand,
through the core use cases the pages call: registration (with the repeat check the intake
page runs first, and now and then a review request of a replied matter), triage, assignment,
replies, deliveries, ratings, supervision notices and public progress lookups. Staff pick
their matters from shared pools and half the time from the oldest few, so several act on
the same matter at once: the losers must be refused (`UserError`: a concurrent edit, a step
no longer allowed, a review already requested), never silently lost or applied twice.

Afterwards every acknowledged action must be in the event log exactly once (and the matter
rows must replay from their events), no case number may appear twice, every notice
acknowledged must exist once. It ends with one line:

    load: N actions, R/s, p50 X ms, p95 Y ms, lost L, doubled D, conflicts refused C

and exits 1 when anything was lost or doubled. An empty database is migrated and seeded
with a demo district first (LOAD_ITEMS / --items matters, 3,000 by default). Not collected
by pytest (no test_ prefix).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("PETITION_MODE", "demo")  # the demo district's query-code key

from sqlalchemy import func, select  # noqa: E402

from core.cases.duplicates import find_candidates  # noqa: E402
from core.cases.intake import Decision, PetitionerDraft, SubmissionDraft, register  # noqa: E402
from core.cases.progress import lookup  # noqa: E402
from core.cases.queue import assign_to_unit  # noqa: E402
from core.cases.routing import suggest_unit  # noqa: E402
from core.cases.triage import TriageDecision, triage  # noqa: E402
from core.cases.workflow import record_delivery, record_rating, record_reply  # noqa: E402
from core.config import AppConfig  # noqa: E402
from core.deadlines.supervision import issue_supervision_notice  # noqa: E402
from core.errors import UserError, ValidationErrors  # noqa: E402
from core.startup import migrate_and_prepare, needs_demo_seed, seed_demo_district  # noqa: E402
from core.timeutil import OFFICE_TZ, now_utc  # noqa: E402
from core.today import moment_on  # noqa: E402
from core.today import today as office_today  # noqa: E402
from core.users import UserView  # noqa: E402
from core.vocab import (  # noqa: E402
    Channel,
    ContentType,
    MatterState,
    Rating,
    Role,
    Topic,
    TriageOutcome,
    Urgency,
)
from db.models import Cluster, Matter, MatterEvent, SupervisionNotice, Village  # noqa: E402
from db.session import Database  # noqa: E402

PREFIX = "load-"
#: The mix, as staff spend their day: action → weight.
MIX = {
    "register": 20,
    "triage": 14,
    "assign": 6,
    "reply": 14,
    "deliver": 10,
    "rate": 9,
    "notice": 8,
    "lookup": 19,
}
#: Refusals that mean "someone else got there first" (the conflicts the check counts).
CONFLICTS = {
    "error.concurrent_edit",
    "error.transition_not_allowed",
    "error.review_exists",
    "error.matter_not_open",
}
REPLY = "经调查核实，已安排维修，答复如下。"
HOT = 3  # the oldest few of a pool, where staff collide
#: Mean seconds between one desk's actions. A clerk reads the screen before the next click
#: (registering a petition takes minutes of typing); one second keeps 20 desks at about
#: 20 actions a second, far above a district office's busiest hour, and still makes staff
#: collide on the same matters. LOAD_PAUSE=0 is the stress test: every desk acts again the
#: moment an action returns, so the figures measure how far one process can be pushed.
PAUSE = 1.0
HOT_SHARE = 0.5
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def resident_id(rng: random.Random) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    body = f"500107{birth:%Y%m%d}{rng.randrange(1000):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


@dataclasses.dataclass
class Staff:
    """One person at a desk: the office roles they act in, named after their desk."""

    index: int

    def as_role(self, role: Role, unit_id: int | None = None) -> UserView:
        name = f"{PREFIX}{role.value}-{self.index}" + (f"-u{unit_id}" if unit_id else "")
        return UserView(name, name, role, unit_id, None)


class Pools:
    """Matter ids by what can be done to them next, shared by every desk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pools: dict[str, list[int]] = collections.defaultdict(list)
        self.codes: list[tuple[str, str]] = []  # (case number, query code) for lookups
        self.places: dict[int, tuple[int, int, int | None, Topic]] = {}  # matter → place

    def add(self, pool: str, matter_id: int) -> None:
        with self._lock:
            if matter_id not in self._pools[pool]:
                self._pools[pool].append(matter_id)

    def move(self, matter_id: int, old: str, new: str | None) -> None:
        with self._lock:
            if matter_id in self._pools[old]:
                self._pools[old].remove(matter_id)
            if new is not None and matter_id not in self._pools[new]:
                self._pools[new].append(matter_id)

    def drop(self, pool: str, matter_id: int) -> None:
        self.move(matter_id, pool, None)

    def pick(self, pool: str, rng: random.Random) -> int | None:
        with self._lock:
            ids = self._pools[pool]
            if not ids:
                return None
            if rng.random() < HOT_SHARE:
                return rng.choice(ids[:HOT])
            return rng.choice(ids)

    def size(self, pool: str) -> int:
        with self._lock:
            return len(self._pools[pool])


@dataclasses.dataclass
class Tally:
    """What the desks were told, kept per thread and merged at the end."""

    latencies: dict[str, list[float]] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(list)
    )
    #: (matter id, event kind) → how many acknowledged actions wrote it
    expected: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    notices: list[int] = dataclasses.field(default_factory=list)
    registered: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    refusals: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    errors: list[str] = dataclasses.field(default_factory=list)
    acknowledged: int = 0
    crashed: str = ""  # why the desk stopped before its time, if it did
    lookups_failed: int = 0
    idle: int = 0


class Nothing(Exception):
    """No matter for this action right now: not an action, not counted."""


class LoadRun:
    def __init__(self, database: Database, seed: int, pause: float = 0.0) -> None:
        self.database = database
        self.pools = Pools()
        self.seed = seed
        self.pause = pause
        self._desk = threading.local()  # seconds the desk spent reading in this action
        self.reviews: dict[int, int] = {}  # review matter → the original it contests
        with database.read() as s:
            self.today = office_today(s)
            self.places = [
                (v.town_id, c.village_id, c.id)
                for c, v in s.execute(
                    select(Cluster, Village).join(Village, Village.id == Cluster.village_id)
                ).all()
            ]
            for state, pool in (
                (MatterState.REGISTERED, "triage"),
                (MatterState.ASSIGNED, "reply"),
                (MatterState.IN_HANDLING, "reply"),
                (MatterState.REPLIED, "deliver"),
                (MatterState.DELIVERED, "rate"),
            ):
                ids = s.scalars(
                    select(Matter.id).where(Matter.state == state).order_by(Matter.id).limit(200)
                ).all()
                for matter_id in ids:
                    self.pools.add(pool, matter_id)
                    if pool in ("reply", "deliver"):
                        self.pools.add("notice", matter_id)

    # --- the actions: each returns the events it wrote; UserError when refused --------

    def register(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        clerk = staff.as_role(Role.CLERK)
        original = self.pools.pick("reviewable", rng) if rng.random() < 0.15 else None
        if original is not None and original in self.pools.places:
            town_id, village_id, cluster_id, topic = self.pools.places[original]
        else:
            original = None
            town_id, village_id, cluster_id = rng.choice(self.places)
            topic = rng.choice(list(Topic))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        draft = SubmissionDraft(
            channel=Channel.WALK_IN,
            petitioners=[
                PetitionerDraft(
                    name=name,
                    id_number=resident_id(rng),
                    phone=f"139{rng.randrange(10**8):08d}",
                    address="杨家坪正街18号",
                    is_representative=True,
                )
            ],
            headcount=1,
            content_type=ContentType.REQUEST,
            topic=topic,
            urgency=Urgency.GENERAL,
            town_id=town_id,
            village_id=village_id,
            cluster_id=cluster_id,
            summary=f"{name}反映小区{rng.choice('东西南北')}门道路积水、路灯损坏，要求维修",
            full_text="雨天积水严重，老人出行不便，多次向物业反映未解决。",
            received_on=self.today,
            # the time of day too: a review is received after the reply it contests
            received_time=moment_on(self.today).astimezone(OFFICE_TZ).time(),
        )
        with self.database.read() as s:  # what the page shows before saving
            find_candidates(s, draft, self.today)
        self._look(rng)  # the clerk reads the candidates and decides
        decision = Decision.review_of(original) if original else Decision.new_matter()
        with self.database.write() as s:
            done = register(s, draft, decision, clerk, self.today)
        tally.expected[(done.matter_id, "registered")] += 1
        tally.registered.append((done.matter_id, done.case_number))
        self.pools.places[done.matter_id] = (town_id, village_id, cluster_id, topic)
        if original is not None:
            tally.expected[(original, "review_requested")] += 1
            self.pools.drop("reviewable", original)
            self.pools.add("triage_review", done.matter_id)
            self.reviews[done.matter_id] = original
        else:
            self.pools.add("triage", done.matter_id)
        if done.query_code:
            with self.pools._lock:
                self.pools.codes.append((done.case_number, done.query_code))

    def _look(self, rng: random.Random) -> None:
        """The person reads the matter on screen before acting on it: half their pause.
        Meanwhile a colleague may act on the same matter, and this desk's save is then
        refused as a concurrent edit, as a page left open would be. Not counted as latency."""
        if self.pause:
            seconds = rng.uniform(0.25, 0.75) * self.pause
            time.sleep(seconds)
            self._desk.looked += seconds

    def _read(self, matter_id: int) -> Matter:
        with self.database.read() as s:
            return s.get(Matter, matter_id)

    def triage(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        clerk = staff.as_role(Role.CLERK)
        review = self.pools.size("triage_review") and rng.random() < 0.3
        pool = "triage_review" if review else "triage"
        matter_id = self.pools.pick(pool, rng)
        if matter_id is None:
            raise Nothing
        matter = self._read(matter_id)
        self._look(rng)
        if pool == "triage_review":
            original = self.reviews[matter_id]
            decision = TriageDecision(TriageOutcome.REVIEW, linked_matter_id=original)
            kinds, after = ("triaged", "accepted"), "assign"
        else:
            with self.database.read() as s:
                unit = suggest_unit(s, matter.topic, matter.town_id)
            if unit is None or unit.id == matter.accused_unit_id:
                decision = TriageDecision(TriageOutcome.COORDINATE)
            else:
                decision = TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=unit.id)
            kinds, after = ("triaged", "accepted", "assigned"), "reply"
        try:
            with self.database.write() as s:
                triage(s, matter_id, matter.version, decision, clerk, self.today)
        except UserError:
            self._settle(matter_id, pool)
            raise
        for kind in kinds:
            tally.expected[(matter_id, kind)] += 1
        self.pools.move(matter_id, pool, after)
        if after == "reply":
            self.pools.add("notice", matter_id)

    def assign(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        clerk = staff.as_role(Role.CLERK)
        matter_id = self.pools.pick("assign", rng)
        if matter_id is None:
            raise Nothing
        matter = self._read(matter_id)
        self._look(rng)
        with self.database.read() as s:
            unit = suggest_unit(s, matter.topic, matter.town_id)
        if unit is None or unit.id == matter.accused_unit_id:
            self.pools.drop("assign", matter_id)
            raise Nothing
        try:
            with self.database.write() as s:
                assign_to_unit(s, matter_id, matter.version, unit.id, clerk)
        except UserError:
            self._settle(matter_id, "assign")
            raise
        tally.expected[(matter_id, "assigned")] += 1
        self.pools.move(matter_id, "assign", "reply")
        self.pools.add("notice", matter_id)

    def reply(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        matter_id = self.pools.pick("reply", rng)
        if matter_id is None:
            raise Nothing
        matter = self._read(matter_id)
        self._look(rng)
        if matter.unit_id is None or matter.unit_id == matter.accused_unit_id:
            self.pools.drop("reply", matter_id)
            raise Nothing
        liaison = staff.as_role(Role.UNIT_LIAISON, matter.unit_id)
        try:
            with self.database.write() as s:
                record_reply(s, matter_id, matter.version, REPLY, liaison)
        except UserError:
            self._settle(matter_id, "reply")
            raise
        tally.expected[(matter_id, "replied")] += 1
        self.pools.move(matter_id, "reply", "deliver")

    def deliver(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        matter_id = self.pools.pick("deliver", rng)
        if matter_id is None:
            raise Nothing
        matter = self._read(matter_id)
        self._look(rng)
        try:
            with self.database.write() as s:
                record_delivery(s, matter_id, matter.version, staff.as_role(Role.CLERK))
        except UserError:
            self._settle(matter_id, "deliver")
            raise
        tally.expected[(matter_id, "delivered")] += 1
        self.pools.move(matter_id, "deliver", "rate")
        if matter_id in self.pools.places and matter_id not in self.reviews:
            self.pools.add("reviewable", matter_id)

    def rate(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        matter_id = self.pools.pick("rate", rng)
        if matter_id is None:
            raise Nothing
        matter = self._read(matter_id)
        self._look(rng)
        agent = rng.choice([Rating.SATISFIED, Rating.BASICALLY_SATISFIED])
        try:
            with self.database.write() as s:
                record_rating(
                    s,
                    matter_id,
                    matter.version,
                    staff.as_role(Role.CLERK),
                    unit_rating=rng.choice(list(Rating)),
                    agent_rating=agent if matter.agent_proxied else None,
                    ceased=rng.random() < 0.7,
                )
        except UserError:
            self._settle(matter_id, "rate")
            raise
        tally.expected[(matter_id, "rated")] += 1
        self.pools.drop("rate", matter_id)
        self.pools.drop("notice", matter_id)

    def notice(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        matter_id = self.pools.pick("notice", rng)
        if matter_id is None:
            raise Nothing
        matter = self._read(matter_id)
        self._look(rng)
        if matter.unit_id is None or matter.unit_id == matter.accused_unit_id:
            self.pools.drop("notice", matter_id)
            raise Nothing
        try:
            with self.database.write() as s:
                issued = issue_supervision_notice(
                    s,
                    matter_id,
                    matter.unit_id,
                    None,
                    "请加快办理，按期答复。",
                    staff.as_role(Role.SUPERVISOR),
                    self.today,
                )
        except UserError:
            self.pools.drop("notice", matter_id)
            raise
        tally.expected[(matter_id, "supervision_issued")] += 1
        tally.notices.append(issued.id)

    def lookup(self, staff: Staff, rng: random.Random, tally: Tally) -> None:
        with self.pools._lock:
            if not self.pools.codes:
                raise Nothing
            case_number, code = rng.choice(self.pools.codes)
        with self.database.write() as s:
            result = lookup(s, case_number, code, now_utc(), client=f"10.20.{staff.index}.1")
        if result.view is None:
            tally.lookups_failed += 1

    def _settle(self, matter_id: int, pool: str) -> None:
        """After a refusal: forget the matter in this pool if someone else moved it on."""
        matter = self._read(matter_id)
        wanted = {
            "triage": {MatterState.REGISTERED},
            "triage_review": {MatterState.REGISTERED},
            "assign": {MatterState.ACCEPTED},
            "reply": {MatterState.ASSIGNED, MatterState.IN_HANDLING},
            "deliver": {MatterState.REPLIED},
            "rate": {MatterState.DELIVERED},
        }[pool]
        if MatterState(matter.state) not in wanted:
            self.pools.drop(pool, matter_id)

    # --- the desks ---------------------------------------------------------------------

    def desk(self, index: int, until: float, tally: Tally) -> None:
        try:
            self._work(index, until, tally)
        except BaseException as exc:  # a desk that died: the run must not look clean
            tally.crashed = f"desk {index}: {type(exc).__name__}: {exc}"[:300]
            raise

    def _work(self, index: int, until: float, tally: Tally) -> None:
        """One member of staff acting until `until`, the run's pause apart on average: half
        of it before an action, half reading the matter in hand (`_look`), each drawn from
        half to one and a half times that. A pause of 0 is a stress test: every desk acts
        again the moment an action returns."""
        rng = random.Random(self.seed * 1000 + index)
        staff = Staff(index)
        actions, weights = list(MIX), list(MIX.values())
        while time.monotonic() < until:
            if self.pause:  # the other half of the pause: between one action and the next
                wait = rng.uniform(0.25, 0.75) * self.pause
                time.sleep(min(wait, max(0.0, until - time.monotonic())))
            action = rng.choices(actions, weights)[0]
            self._desk.looked = 0.0
            started = time.perf_counter()
            try:
                getattr(self, action)(staff, rng, tally)
            except Nothing:
                tally.idle += 1
                continue
            except ValidationErrors as errs:
                tally.refusals[(action, ",".join(e.key for e in errs.errors))] += 1
            except UserError as err:
                tally.refusals[(action, err.key)] += 1
            except Exception as exc:  # noqa: BLE001 - reported: neither done nor refused
                tally.errors.append(f"{action}: {type(exc).__name__}: {exc}"[:300])
            else:
                tally.acknowledged += 1
            elapsed = time.perf_counter() - started - self._desk.looked
            tally.latencies[action].append(elapsed * 1000)


def last_notice_id(database: Database) -> int:
    with database.read() as s:
        return s.scalar(select(func.max(SupervisionNotice.id))) or 0


def check(
    database: Database, tally: Tally, started_at: dt.datetime, notices_before: int
) -> tuple[int, int, list[str]]:
    """(lost, doubled, notes): acknowledged actions against the event log and the rows."""
    from core.cases.replay import check_history

    notes: list[str] = []
    with database.read() as s:
        rows = s.execute(
            select(MatterEvent.matter_id, MatterEvent.kind, func.count())
            .where(MatterEvent.actor.like(f"{PREFIX}%"), MatterEvent.recorded_at >= started_at)
            .group_by(MatterEvent.matter_id, MatterEvent.kind)
        ).all()
        logged = collections.Counter({(m, k): n for m, k, n in rows})
        lost = sum(max(0, n - logged[key]) for key, n in tally.expected.items())
        extra = {k: n - tally.expected[k] for k, n in logged.items() if n > tally.expected[k]}
        doubled = sum(extra.values())
        if extra:
            kinds = collections.Counter(kind for (_m, kind) in extra)
            notes.append(f"events no acknowledged action wrote, by kind: {dict(kinds)}")
        for matter_id, case_number in tally.registered:
            stored = s.scalar(select(Matter.case_number).where(Matter.id == matter_id))
            if stored != case_number:
                lost += 1
                notes.append(f"matter {matter_id}: case number {stored!r}, told {case_number}")
        duplicated = s.execute(
            select(Matter.case_number, func.count())
            .group_by(Matter.case_number)
            .having(func.count() > 1)
        ).all()
        doubled += sum(n - 1 for _c, n in duplicated)
        notices = s.scalar(
            select(func.count())
            .select_from(SupervisionNotice)
            .where(
                SupervisionNotice.issued_by.like(f"{PREFIX}%"),
                SupervisionNotice.id > notices_before,
            )
        )
        found = s.scalar(
            select(func.count())
            .select_from(SupervisionNotice)
            .where(SupervisionNotice.id.in_(tally.notices or [-1]))
        )
        lost += len(tally.notices) - found
        doubled += max(0, notices - len(tally.notices))
        replay = check_history(s)
        if not replay.ok:
            notes.append(f"replay: {len(replay.differences)} rows differ from their events")
            doubled += len(replay.differences)
    if duplicated:
        notes.append(f"duplicated case numbers: {duplicated[:5]}")
    lost += len(tally.errors)  # neither done nor refused: the caller was told nothing useful
    return lost, doubled, notes


def prepare(url: str, items: int) -> Database:
    config = AppConfig(database_url=url, demo_mode=True, demo_items=items)
    database = Database.connect(url)
    migrate_and_prepare(database, config)
    if needs_demo_seed(database, config):
        print(f"seeding a demo district ({items} matters) …", file=sys.stderr)
        seed_demo_district(database, config, items=items)
    return database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=int(os.environ.get("LOAD_THREADS", 20)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--items", type=int, default=int(os.environ.get("LOAD_ITEMS", 3000)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("LOAD_SEED", 15)))
    parser.add_argument(
        "--pause",
        type=float,
        default=float(os.environ.get("LOAD_PAUSE", PAUSE)),
        help="mean seconds a desk waits between actions (0: a stress test, no pause)",
    )
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args(argv)
    if not args.url:
        print("load: set DATABASE_URL (a PostgreSQL database the load may fill)", file=sys.stderr)
        return 2
    if not args.url.startswith("postgresql"):
        print("load: meant for PostgreSQL; running anyway", file=sys.stderr)
    database = prepare(args.url, args.items)
    run = LoadRun(database, args.seed, args.pause)
    started_at, notices_before = now_utc(), last_notice_id(database)
    tallies = [Tally() for _ in range(args.threads)]
    until = time.monotonic() + args.seconds
    began = time.monotonic()
    threads = [
        threading.Thread(target=run.desk, args=(i, until, tallies[i]), name=f"desk-{i}")
        for i in range(args.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    total = Tally()
    for part in tallies:
        for action, values in part.latencies.items():
            total.latencies[action].extend(values)
        total.expected.update(part.expected)
        total.notices.extend(part.notices)
        total.registered.extend(part.registered)
        total.refusals.update(part.refusals)
        total.errors.extend(part.errors)
        total.acknowledged += part.acknowledged
        if part.crashed:
            total.errors.append(part.crashed)
        total.lookups_failed += part.lookups_failed
    lost, doubled, notes = check(database, total, started_at, notices_before)
    database.dispose()

    every = [v for values in total.latencies.values() for v in values]
    print(
        f"  {args.threads} desks for {args.seconds:.0f} s, "
        + (f"{args.pause:g} s between actions on average" if args.pause else "no pause (stress)"),
        file=sys.stderr,
    )
    for action in MIX:
        values = total.latencies.get(action) or [0.0]
        print(
            f"  {action:<9} {len(total.latencies.get(action, [])):>6} calls"
            f"  p50 {_pct(values, 50):7.1f} ms  p95 {_pct(values, 95):7.1f} ms",
            file=sys.stderr,
        )
    for (action, key), n in sorted(total.refusals.items()):
        print(f"  refused  {action:<9} {key:<40} {n}", file=sys.stderr)
    for line in total.errors[:10]:
        print(f"  error    {line}", file=sys.stderr)
    if total.lookups_failed:
        notes.append(f"{total.lookups_failed} lookups of issued codes found nothing")
    for note in notes:
        print(f"  check    {note}", file=sys.stderr)
    conflicts = sum(n for (_a, key), n in total.refusals.items() if key in CONFLICTS)
    print(
        f"load: {len(every)} actions, {len(every) / elapsed:.0f}/s, "
        f"p50 {_pct(every, 50):.0f} ms, p95 {_pct(every, 95):.0f} ms, "
        f"lost {lost}, doubled {doubled}, conflicts refused {conflicts}"
    )
    clean = lost == 0 and doubled == 0 and not total.lookups_failed and every
    return 0 if clean else 1


def _pct(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


if __name__ == "__main__":
    sys.exit(main())
