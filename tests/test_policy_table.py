"""The policy table, walked through the real use cases (issue #10).

Every matter action of `core.policy.MATTER_ACTIONS` × every role (a unit liaison on its own
unit's matter, on another unit's, and on a matter accusing its unit) × every state is tried
by calling the core use case that does it, on SQLite and PostgreSQL. The expectation is read
from the table itself: allowed exactly when the role is listed, the state is one the action
starts from, and a liaison acts only on its own unit's matter (for a notice: its own unit's
notice) and never on one accusing its unit. A refusal is a `UserError` and writes nothing:
the matter row, its events, the change log, notices, extensions and clocks are as before.

The matters are built once per database (one per state and unit variant); each case runs
in its own transaction, rolled back afterwards, so cases never see each other's writes.
A sample of the non-matter actions of `ACTION_ROLES` is checked the same way by role.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core import settings
from core.agents.bonus import approve_quarter
from core.agents.roster import add_agent
from core.cases.package import package_matter
from core.cases.queue import assign_to_unit
from core.cases.routing import set_route
from core.cases.transfer import return_to_office, transfer
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import (
    apply_transition,
    close,
    record_delivery,
    record_rating,
    record_reply,
    step_changes,
    withdraw,
)
from core.deadlines.calendar import load_calendar
from core.deadlines.clocks import sync_clocks
from core.deadlines.rules import change_rule, seed_default_rules
from core.deadlines.supervision import (
    approve_extension,
    issue_supervision_notice,
    record_supervision_answer,
)
from core.errors import UserError
from core.policy import ACTION_ROLES, MATTER_ACTIONS
from core.today import SIMULATED_TODAY, moment_on
from core.users import UserView
from core.vocab import (
    ContentType,
    MatterState,
    Rating,
    Role,
    Topic,
    TriageOutcome,
    UnitLevel,
)
from db.migrate import upgrade
from db.models import (
    Agent,
    AgentStatusChange,
    ChangeLog,
    Clock,
    DeadlineRule,
    DeadlineRuleChange,
    Extension,
    Matter,
    MatterEvent,
    QuarterApproval,
    RoutingRule,
    Setting,
    SupervisionNotice,
    Unit,
)
from db.session import Database
from tests.actors import actor
from tests.factories import Place, change_matter, make_matter, make_place
from tests.roster_fixtures import agent_input

S = MatterState
#: The office's today for this module: nothing here depends on the machine's date.
TODAY = dt.date(2026, 11, 18)
DAY = dt.timedelta(days=1)

#: Dates of each step (a state's matter has the dates of the steps before it).
_DATES = {
    "received": TODAY - 10 * DAY,
    "accepted": TODAY - 9 * DAY,
    "assigned": TODAY - 8 * DAY,
    "replied": TODAY - 3 * DAY,
    "delivered": TODAY - 2 * DAY,
    "rated": TODAY - DAY,
    "closed": TODAY - DAY,
}
_STEPS_OF_STATE: dict[MatterState, tuple[tuple[str, ...], MatterState | None]] = {
    S.REGISTERED: (("received",), None),
    S.TRIAGED: (("received",), S.TRIAGED),
    S.NOT_ACCEPTED: (("received",), S.NOT_ACCEPTED),
    S.ACCEPTED: (("received", "accepted"), None),
    S.ASSIGNED: (("received", "accepted", "assigned"), None),
    S.IN_HANDLING: (("received", "accepted", "assigned"), S.IN_HANDLING),
    S.REPLIED: (("received", "accepted", "assigned", "replied"), None),
    S.DELIVERED: (("received", "accepted", "assigned", "replied", "delivered"), None),
    S.RATED: (("received", "accepted", "assigned", "replied", "delivered", "rated"), None),
    S.CLOSED: (
        ("received", "accepted", "assigned", "replied", "delivered", "rated", "closed"),
        None,
    ),
    S.WITHDRAWN: (("received", "accepted", "assigned"), S.WITHDRAWN),
}

#: Who acts: the office roles (no unit), and a liaison of unit A on three kinds of matter.
OWN, OTHER, ACCUSED, OFFICE = "own", "other", "accused", "office"
ACTORS: list[tuple[Role, str]] = [
    (Role.CLERK, OFFICE),
    (Role.SUPERVISOR, OFFICE),
    (Role.TRAINER, OFFICE),
    (Role.ADMIN, OFFICE),
    (Role.UNIT_LIAISON, OWN),
    (Role.UNIT_LIAISON, OTHER),
    (Role.UNIT_LIAISON, ACCUSED),
]


@dataclass(frozen=True)
class Target:
    """One prepared matter and the open notice about it."""

    matter_id: int
    notice_id: int
    unit_id: int | None  # the matter's unit
    notice_unit_id: int
    accused_unit_id: int | None


@dataclass(frozen=True)
class World:
    database: Database
    unit_a: int  # the liaison's unit
    unit_b: int  # another unit
    unit_c: int  # a third unit (a transfer's target when a matter accuses unit_a)
    targets: dict[tuple[MatterState, str], Target]


@contextmanager
def _own_postgres_database() -> Iterator[str]:
    """A migrated database of its own on the TEST_DATABASE_URL server, so the module's
    matters never meet the function-scoped tests' `database_url` database."""
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"petition_table_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    migrated = Database.connect(url)
    upgrade(migrated.engine)
    migrated.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory) -> Iterator[World]:
    """The matters of every state × unit variant, built once per database for the module
    (SQLite: a copy of the migrated template; PostgreSQL: a database of its own on the
    server `postgres_url` points at, skipped like it when TEST_DATABASE_URL is unset)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            path = tmp_path_factory.mktemp("policy_table") / "petition.db"
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite:///{path}"
        else:
            request.getfixturevalue("postgres_url")  # skips (or fails under CI) like it
            url = stack.enter_context(_own_postgres_database())
        database = Database.connect(url)
        stack.callback(database.dispose)
        with database.write() as s:
            built = _build(s, database)
        yield built


def _build(s: Session, database: Database) -> World:
    seed_default_rules(s)
    settings.put(s, SIMULATED_TODAY, TODAY.isoformat(), "test")
    place = make_place(s)
    unit_a, unit_b = place.unit, place.town_unit
    unit_c = Unit(code="ZJW", name="区住房城乡建委", level=UnitLevel.DISTRICT_DEPARTMENT)
    s.add(unit_c)
    s.flush()
    calendar = load_calendar(s)
    targets = {}
    for state, (steps, explicit) in _STEPS_OF_STATE.items():
        dates = {name: _DATES[name] for name in steps}
        for variant in (OWN, OTHER, ACCUSED):
            handler = unit_a if variant == OWN else unit_b
            matter = make_matter(
                s,
                place,
                **dates,
                state=explicit,
                unit=handler if "assigned" in steps else None,
                unit_rating=Rating.SATISFIED if "rated" in steps else None,
            )
            if variant == ACCUSED:
                change_matter(
                    s,
                    matter,
                    "registered",
                    content_type=ContentType.ACCUSATION,
                    accused_unit_id=unit_a.id,
                )
            # the notice goes to the liaison's unit unless the matter is another unit's
            notice_unit = unit_b if variant == OTHER else unit_a
            notice = SupervisionNotice(
                matter_id=matter.id,
                unit_id=notice_unit.id,
                text="请加快办理",
                issued_at=moment_on(TODAY - 2 * DAY),
                issued_by="test",
                due_on=TODAY + 5 * DAY,
            )
            s.add(notice)
            s.flush()
            sync_clocks(s, matter, calendar, TODAY)
            targets[state, variant] = Target(
                matter.id,
                notice.id,
                matter.unit_id,
                notice_unit.id,
                matter.accused_unit_id,
            )
    return World(database, unit_a.id, unit_b.id, unit_c.id, targets)


# --- the use case behind each action ---------------------------------------------------

Call = Callable[[Session, World, Target, Matter, UserView], object]


def _transition(to_state: MatterState) -> Call:
    def call(s, w, t, m, who):
        when = moment_on(TODAY)
        return apply_transition(
            s, m.id, m.version, to_state, who, changes=step_changes(to_state, when)
        )

    return call


def _assign_unit(w: World, t: Target, who: UserView) -> int:
    """The unit to hand the matter to: a liaison tries its own (the accused one, for an
    accusation: what a leak would look like); the office a unit the matter does not accuse."""
    if who.role is Role.UNIT_LIAISON:
        return w.unit_a
    return w.unit_b if t.accused_unit_id == w.unit_a else w.unit_a


def _transfer_unit(w: World, t: Target) -> int:
    """A unit the matter may be transferred to: not its own, never the one it accuses."""
    return next(
        u for u in (w.unit_a, w.unit_b, w.unit_c) if u not in (t.unit_id, t.accused_unit_id)
    )


USE_CASES: dict[str, Call] = {
    "triage": lambda s, w, t, m, who: triage(
        s,
        m.id,
        m.version,
        TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=_assign_unit(w, t, who)),
        who,
        TODAY,
    ),
    "accept": _transition(S.ACCEPTED),
    "not_accept": _transition(S.NOT_ACCEPTED),
    "assign": lambda s, w, t, m, who: assign_to_unit(
        s, m.id, m.version, _assign_unit(w, t, who), who
    ),
    "start_handling": _transition(S.IN_HANDLING),
    "record_reply": lambda s, w, t, m, who: record_reply(
        s, m.id, m.version, "经核查，已处理。", who
    ),
    "record_delivery": lambda s, w, t, m, who: record_delivery(s, m.id, m.version, who),
    "record_rating": lambda s, w, t, m, who: record_rating(
        s, m.id, m.version, who, unit_rating=Rating.SATISFIED
    ),
    "close": lambda s, w, t, m, who: close(s, m.id, m.version, who),
    "withdraw": lambda s, w, t, m, who: withdraw(s, m.id, m.version, who, "信访人撤回"),
    "issue_notice": lambda s, w, t, m, who: issue_supervision_notice(
        s, m.id, _assign_unit(w, t, who), None, "请于期限内答复", who, TODAY
    ),
    "answer_notice": lambda s, w, t, m, who: record_supervision_answer(
        s,
        t.notice_id,
        "已督促办理",
        who,
        TODAY,
        expected_version=s.get(SupervisionNotice, t.notice_id).version,
    ),
    "approve_extension": lambda s, w, t, m, who: approve_extension(
        s, m.id, 10, "需要补充调查", who, TODAY
    ),
    "return_to_office": lambda s, w, t, m, who: return_to_office(
        s, m.id, m.version, "不属本单位职责", who
    ),
    "transfer": lambda s, w, t, m, who: transfer(
        s, m.id, m.version, _transfer_unit(w, t), "属其他单位职责", who
    ),
    "package": lambda s, w, t, m, who: package_matter(
        s, m.id, "王副区长", "专班化解", TODAY + 20 * DAY, "李科长", who, today=TODAY
    ),
}


def test_every_matter_action_has_a_use_case():
    assert set(USE_CASES) == set(MATTER_ACTIONS)


def _expected(action: str, role: Role, state: MatterState, w: World, t: Target) -> bool:
    """What the table says, read from its data (not from `policy.refusal`)."""
    rule = MATTER_ACTIONS[action]
    if role not in rule.roles or state not in rule.from_states:
        return False
    if role is Role.UNIT_LIAISON:
        unit = t.notice_unit_id if action == "answer_notice" else t.unit_id
        return unit == w.unit_a and t.accused_unit_id != w.unit_a
    return True


def _snapshot(s: Session, t: Target) -> dict[str, object]:
    """What a refused call must leave as it was (read from the database, after autoflush)."""

    def count(model, *where) -> int:
        return s.scalar(select(func.count()).select_from(model).where(*where))

    matter = s.execute(
        select(Matter.state, Matter.version, Matter.unit_id, Matter.accused_unit_id).where(
            Matter.id == t.matter_id
        )
    ).one()
    notice = s.execute(
        select(
            SupervisionNotice.answered_at, SupervisionNotice.closed_at, SupervisionNotice.version
        ).where(SupervisionNotice.id == t.notice_id)
    ).one()
    return {
        "matter": tuple(matter),
        "notice": tuple(notice),
        "events": count(MatterEvent),
        "change_log": count(ChangeLog),
        "notices": count(SupervisionNotice),
        "extensions": count(Extension),
        "clocks": s.execute(
            select(Clock.kind, Clock.state, Clock.due_on)
            .where(Clock.matter_id == t.matter_id)
            .order_by(Clock.id)
        ).all(),
    }


#: The refusals a liaison gets for a matter that is not its unit's.
NOTHING_LEARNT = {"error.not_allowed", "error.matter_forbidden"}

CASES = [
    pytest.param(action, role, variant, state, id=f"{action}-{role.value}-{variant}-{state.value}")
    for action in MATTER_ACTIONS
    for role, variant in ACTORS
    for state in MatterState
]


@pytest.mark.parametrize(("action", "role", "variant", "state"), CASES)
def test_matter_action(world: World, action: str, role: Role, variant: str, state: MatterState):
    target = world.targets[state, OWN if variant == OFFICE else variant]
    unit_id = world.unit_a if role is Role.UNIT_LIAISON else None
    who = actor(f"{role.value}-{variant}", role, unit_id=unit_id)
    allowed = _expected(action, role, state, world, target)
    with Session(world.database.engine) as s:
        try:
            before = _snapshot(s, target)
            matter = s.get(Matter, target.matter_id)
            if not allowed:
                with pytest.raises(UserError) as refused:
                    USE_CASES[action](s, world, target, matter, who)
                if variant in (OTHER, ACCUSED):
                    # nothing is learnt about another unit's matter, nor that one accuses
                    # the liaison's unit: the refusal says "not allowed" or "not yours"
                    assert refused.value.key in NOTHING_LEARNT, refused.value.key
                assert _snapshot(s, target) == before, "a refused call wrote something"
                return
            try:
                USE_CASES[action](s, world, target, matter, who)
            except UserError as refused:
                pytest.fail(f"the table allows it, core refused: {refused.key} {refused.params}")
            after = _snapshot(s, target)
            assert after["events"] > before["events"], "an allowed step writes its event"
            rule = MATTER_ACTIONS[action]
            kinds = set(
                s.scalars(select(MatterEvent.kind).where(MatterEvent.matter_id == target.matter_id))
            )
            if rule.to_state is not None:
                assert rule.to_state.value in kinds
            elif action == "answer_notice":
                assert after["notice"][0] is not None
            elif action == "issue_notice":
                assert after["notices"] == before["notices"] + 1
            elif action == "approve_extension":
                assert after["extensions"] == before["extensions"] + 1
            elif action == "package":
                assert "packaged" in kinds
                assert ("package", "running") in {(k, st) for k, st, _ in after["clocks"]}
        finally:
            s.rollback()


# --- actions that are not steps of one matter ------------------------------------------


@pytest.fixture
def place(database) -> Place:
    with database.write() as s:
        seed_default_rules(s)
        settings.put(s, SIMULATED_TODAY, TODAY.isoformat(), "test")
        return make_place(s)


SAMPLE_ACTIONS: dict[str, Callable[[Session, Place, UserView], object]] = {
    "settings.edit": lambda s, p, who: settings.change(s, "deadline.red_days_left", 2, who),
    "deadlines.rules": lambda s, p, who: change_rule(
        s, "reply.general", days=20, reason="上级通知", actor=who
    ),
    "bonus.approve": lambda s, p, who: approve_quarter(s, "2026Q3", who),
    "roster.edit": lambda s, p, who: add_agent(s, agent_input(p), who),
    "intake.routing": lambda s, p, who: set_route(s, Topic.LABOUR, p.town.id, p.unit.id, who),
}

#: Tables a refused non-matter action must leave alone.
_WATCHED = (
    ChangeLog,
    Setting,
    DeadlineRule,
    DeadlineRuleChange,
    QuarterApproval,
    Agent,
    AgentStatusChange,
    RoutingRule,
)


def _rows(s: Session) -> dict[str, int]:
    counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in _WATCHED}
    counts["rules"] = s.execute(select(DeadlineRule.key, DeadlineRule.days)).all()
    counts["settings"] = s.execute(select(Setting.key, Setting.value)).all()
    return counts


@pytest.mark.parametrize("role", [*Role], ids=[r.value for r in Role])
@pytest.mark.parametrize("action", list(SAMPLE_ACTIONS))
def test_office_action_by_role(database, place, action: str, role: Role):
    who = actor(
        f"{role.value}-x", role, unit_id=place.unit.id if role is Role.UNIT_LIAISON else None
    )
    allowed = role in ACTION_ROLES[action]
    with Session(database.engine) as s:
        try:
            before = _rows(s)
            if not allowed:
                with pytest.raises(UserError) as refused:
                    SAMPLE_ACTIONS[action](s, place, who)
                assert refused.value.key == "error.not_allowed"
                assert _rows(s) == before, "a refused call wrote something"
                return
            SAMPLE_ACTIONS[action](s, place, who)
            assert _rows(s) != before, "an allowed call writes"
        finally:
            s.rollback()
