"""The demo district generator: counts, determinism, reset, event log, stories, coverage."""

from __future__ import annotations

import datetime as dt
import shutil

import bcrypt
import numpy as np
import phonenumbers
import pytest
from sqlalchemy import func, select
from stdnum.cn import ric

from core.cases.query_code import query_code_matches
from core.coverage.geo import haversine_m
from core.timeutil import OFFICE_TZ
from core.vocab import (
    PUBLIC_SERVANT_CATEGORIES,
    AgentCategory,
    AgentStatus,
    Channel,
    MatterState,
    Rating,
    Role,
    TriageOutcome,
)
from db.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    LIN_NAME,
    LIN_QUERY_CODE,
    YUAN_NAME,
    YUAN_QUERY_CODE,
    DemoAlreadySeededError,
    demo_is_seeded,
    seed_demo,
)
from db.models import (
    AgencyAgreement,
    Agent,
    AgentStatusChange,
    CaseNumberSequence,
    Cluster,
    Matter,
    MatterEvent,
    Petitioner,
    Submission,
    SubmissionPetitioner,
    TrainingRecord,
    Unit,
    User,
    Village,
)
from db.session import Database

TODAY = dt.date(2026, 11, 22)
ITEMS = 300


def seed(database, **kwargs):
    kwargs.setdefault("items", ITEMS)
    kwargs.setdefault("today", TODAY)
    return seed_demo(database, **kwargs)


def dump(database: Database) -> dict[str, list[tuple]]:
    """Every column of the key tables, ordered by id (users are left out: created_at is now)."""
    out = {}
    with database.read() as s:
        for model in (
            Agent,
            Cluster,
            Matter,
            Submission,
            MatterEvent,
            Petitioner,
            AgencyAgreement,
            AgentStatusChange,
        ):
            cols = [c for c in model.__table__.columns]
            rows = s.execute(select(*cols).order_by(model.__table__.c.id)).all()
            out[model.__tablename__] = [tuple(r) for r in rows]
    return out


# --- counts and vocabulary -------------------------------------------------------------


def test_roster_and_items_cover_every_category_status_and_state(database):
    progress = []
    report = seed(database, progress=lambda f, m: progress.append((f, m)))
    assert progress[0][0] == 0.0 and progress[-1][0] == 1.0
    assert [f for f, _ in progress] == sorted(f for f, _ in progress)
    with database.read() as s:
        assert demo_is_seeded(s)
        agents = s.scalars(select(Agent)).all()
        assert len(agents) == 1617
        assert {a.category for a in agents} == set(AgentCategory)
        assert {a.status for a in agents} == set(AgentStatus)
        active = sum(a.status is AgentStatus.ACTIVE for a in agents) / len(agents)
        assert 0.85 <= active <= 0.9
        assert 0.1 <= sum(not a.online_capable for a in agents) / len(agents) <= 0.2
        assert 10 <= sum(a.category is AgentCategory.LAWYER for a in agents) <= 30
        for a in agents:
            if a.category in PUBLIC_SERVANT_CATEGORIES:
                assert a.is_public_servant
            elif a.category is not AgentCategory.GRADUATE_OFFICIAL:
                assert not a.is_public_servant
        phones = [a.phone for a in agents]
        assert len(set(phones)) == len(phones)
        assert all(phonenumbers.is_valid_number(phonenumbers.parse(p, "CN")) for p in phones)
        assert len({a.code for a in agents}) == 1617 and agents[0].code == "JLP-0001"

        matters = s.scalars(select(Matter)).all()
        assert len(matters) == ITEMS == report.items
        assert {m.state for m in matters} == set(MatterState)
        assert s.scalar(select(func.count()).select_from(Cluster)) >= 3000
        assert 180 <= s.scalar(select(func.count()).select_from(Village)) <= 220
        assert 55 <= s.scalar(select(func.count()).select_from(Unit)) <= 65
        ids = s.scalars(select(Petitioner.id_number).where(Petitioner.id_number.isnot(None))).all()
        assert ids and all(ric.is_valid(n) for n in ids)
        assert len(set(ids)) == len(ids)


def test_agent_histories_match_their_status(database):
    seed(database)
    with database.read() as s:
        agents = {a.id: a for a in s.scalars(select(Agent))}
        changes: dict[int, list] = {}
        for c in s.scalars(
            select(AgentStatusChange).order_by(AgentStatusChange.effective_on, AgentStatusChange.id)
        ):
            changes.setdefault(c.agent_id, []).append(c)
        passed = set(s.scalars(select(TrainingRecord.agent_id).where(TrainingRecord.passed)))
        for agent in agents.values():
            history = changes[agent.id]
            assert history[0].from_status is None and history[0].to_status is AgentStatus.TRAINEE
            assert history[-1].to_status is agent.status
            for before, after in zip(history, history[1:]):
                assert after.from_status is before.to_status
            if agent.status is AgentStatus.TRAINEE:
                assert agent.id not in passed
            else:
                assert agent.id in passed  # nobody works before passing training
                assert AgentStatus.ACTIVE in {c.to_status for c in history}


# --- determinism and reset -------------------------------------------------------------


def test_same_seed_same_rows_in_two_databases(sqlite_template, tmp_path):
    databases = []
    for name in ("a.db", "b.db"):
        shutil.copy(sqlite_template, tmp_path / name)
        databases.append(Database.connect(f"sqlite:///{tmp_path / name}"))
    try:
        for database in databases:
            seed(database, seed=7)
        first, second = (dump(d) for d in databases)
        assert first == second
        assert len(first["agents"]) == 1617 and len(first["matters"]) == ITEMS
    finally:
        for database in databases:
            database.dispose()


def test_reset_reseeds_identically_and_other_seeds_differ(database):
    seed(database, seed=11)
    first = dump(database)
    seed(database, seed=11, reset=True)
    assert dump(database) == first
    seed(database, seed=12, reset=True)
    other = dump(database)
    assert other["agents"] != first["agents"]
    assert other["matters"] != first["matters"]


def test_reset_replaces_data_without_duplicates(database):
    seed(database, seed=3)
    seed(database, seed=4, items=120, reset=True)
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Agent)) == 1617
        assert s.scalar(select(func.count()).select_from(Matter)) == 120
        assert s.scalar(select(func.count()).select_from(User)) == len(DEMO_ACCOUNTS)
        years = s.scalars(select(CaseNumberSequence)).all()
        assert sum(y.last_value for y in years) == 120
    # New rows get fresh ids after seeding with explicit ids (PostgreSQL sequences).
    with database.write() as s:
        s.add(Petitioner(name="测试"))
        s.flush()


def test_seeding_a_seeded_database_without_reset_is_refused(database):
    seed(database)
    before = dump(database)
    with pytest.raises(DemoAlreadySeededError):
        seed(database, seed=99)
    assert dump(database) == before


# --- matters and their event log -------------------------------------------------------


def test_every_matter_has_a_complete_consistent_history(database):
    seed(database)
    cutoff = dt.datetime.combine(TODAY, dt.time(0), OFFICE_TZ)
    window = cutoff - dt.timedelta(days=366)
    with database.read() as s:
        matters = {m.id: m for m in s.scalars(select(Matter))}
        events: dict[int, list[MatterEvent]] = {}
        for e in s.scalars(
            select(MatterEvent).order_by(
                MatterEvent.matter_id, MatterEvent.occurred_at, MatterEvent.id
            )
        ):
            events.setdefault(e.matter_id, []).append(e)
        assert set(events) == set(matters)
        order = (
            "received_at",
            "registered_at",
            "accepted_at",
            "assigned_at",
            "replied_at",
            "delivered_at",
            "rated_at",
            "closed_at",
        )
        for m in matters.values():
            history = events[m.id]
            assert history[0].kind == "registered"
            assert [e.after["state"] for e in history if "state" in e.after][-1] == m.state.value
            assert all(e.occurred_at <= e.recorded_at < cutoff for e in history)
            stamps = [getattr(m, k) for k in order if getattr(m, k) is not None]
            assert stamps == sorted(stamps)
            assert all(t.tzinfo is not None and t.utcoffset() == dt.timedelta(0) for t in stamps)
            assert window <= m.received_at < cutoff
            if m.state not in (MatterState.REGISTERED, MatterState.WITHDRAWN):
                assert m.triage_outcome is not None
            if m.state is MatterState.NOT_ACCEPTED:
                assert m.triage_note and m.accepted_at is None
                assert m.triage_outcome in (
                    TriageOutcome.OTHER_CHANNEL,
                    TriageOutcome.CONCLUDED_OR_UNREASONABLE,
                    TriageOutcome.ALREADY_HANDLING,
                )
            if m.state in (MatterState.RATED, MatterState.CLOSED):
                assert m.unit_rating is not None and m.rated_at is not None
            if m.state is MatterState.CLOSED:
                assert m.closed_at is not None
            if m.state in (MatterState.ASSIGNED, MatterState.IN_HANDLING):
                assert m.unit_id is not None and m.replied_at is None
            if m.review_level:
                original = matters[m.linked_matter_id]
                assert original.replied_at is not None and original.replied_at < m.received_at
                assert original.review_level == m.review_level - 1


def test_submissions_agreements_and_case_numbers(database):
    seed(database)
    with database.read() as s:
        subs = s.scalars(select(Submission)).all()
        agreements = {a.id: a for a in s.scalars(select(AgencyAgreement))}
        agents = {a.id: a for a in s.scalars(select(Agent))}
        repeat_share = sum(x.is_repeat for x in subs) / len(subs)
        assert 0.08 <= repeat_share <= 0.22
        proxied = [x for x in subs if x.channel in (Channel.AGENT_ONLINE, Channel.AGENT_PAPER)]
        assert 0.45 <= len(proxied) / len(subs) <= 0.65
        changes: dict[int, list] = {}
        for c in s.scalars(
            select(AgentStatusChange).order_by(AgentStatusChange.effective_on, AgentStatusChange.id)
        ):
            changes.setdefault(c.agent_id, []).append(c)

        def active_on(agent_id: int, day: dt.date) -> bool:
            status = None
            for c in changes[agent_id]:
                if c.effective_on <= day:
                    status = c.to_status
            return status is AgentStatus.ACTIVE

        for x in proxied:
            assert active_on(x.agent_id, x.submitted_at.astimezone(OFFICE_TZ).date())
            agreement = agreements[x.agreement_id]
            assert agreement.agent_id == x.agent_id
            assert agreement.signed_on <= x.submitted_at.astimezone(OFFICE_TZ).date()
            assert agents[x.agent_id].online_capable == (x.channel is Channel.AGENT_ONLINE)
            assert x.entered_for_paper_agent == (x.channel is Channel.AGENT_PAPER)
        firsts = {x.id: x.matter_id for x in subs if not x.is_repeat}
        collective = set(s.scalars(select(Matter.id).where(Matter.is_collective)))
        reps: dict[int, int] = {m: 0 for m in collective}
        for link in s.scalars(select(SubmissionPetitioner)):
            matter_id = firsts.get(link.submission_id)
            if matter_id in collective and link.is_representative:
                reps[matter_id] += 1
        assert reps and all(1 <= n <= 5 for n in reps.values())
        matters = s.scalars(select(Matter).order_by(Matter.received_at, Matter.id)).all()
        last: dict[int, int] = {}
        for m in matters:
            prefix, year, number = m.case_number.split("-")
            assert prefix == "500107" and len(number) == 6
            assert int(year) == m.received_at.astimezone(OFFICE_TZ).year
            assert int(number) == last.get(int(year), 0) + 1
            last[int(year)] = int(number)
        sequences = {c.year: c.last_value for c in s.scalars(select(CaseNumberSequence))}
        assert sequences == last
        assert any(m.risk_repeat for m in matters) and any(m.is_collective for m in matters)


# --- the stories, users and coverage -------------------------------------------------


def test_the_two_stories_of_seed_002(database):
    report = seed(database)
    with database.read() as s:
        by_case = {
            n: s.scalar(select(Matter).where(Matter.case_number == n))
            for n in report.story_case_numbers.values()
        }
        yuan = by_case[report.story_case_numbers["yuan"]]
        lin = by_case[report.story_case_numbers["lin"]]
        assert query_code_matches(yuan.case_number, YUAN_QUERY_CODE, yuan.query_code_hash)
        assert query_code_matches(lin.case_number, LIN_QUERY_CODE, lin.query_code_hash)

        assert yuan.state is MatterState.IN_HANDLING and yuan.topic.value == "land"
        assert s.get(Cluster, yuan.cluster_id).name == "燕坪村第4村民小组"
        first = yuan.submissions[0]
        assert first.channel is Channel.AGENT_ONLINE and first.agreement_id is not None
        person = s.get(Petitioner, first.petitioners[0].petitioner_id)
        assert person.name == YUAN_NAME
        assert s.get(Unit, yuan.unit_id).code == "D-PNR"

        assert lin.state is MatterState.CLOSED
        assert s.get(Cluster, lin.cluster_id).name == "华宇春江花月"
        assert s.get(Unit, lin.unit_id).name == "谢家湾街道办事处"
        assert lin.triage_outcome is TriageOutcome.HANDLE_LOCALLY
        assert lin.unit_rating is Rating.SATISFIED and lin.ceased
        first = lin.submissions[0]
        assert first.channel is Channel.AGENT_PAPER and first.entered_for_paper_agent
        assert not s.get(Agent, first.agent_id).online_capable
        assert s.get(Petitioner, first.petitioners[0].petitioner_id).name == LIN_NAME


def test_demo_users_one_per_role(database):
    report = seed(database)
    with database.read() as s:
        users = s.scalars(select(User)).all()
        assert set(u.role for u in users) == set(Role)
        assert sum(u.role is not Role.UNIT_LIAISON for u in users) == len(Role) - 1
        liaisons = {u.username: s.get(Unit, u.unit_id) for u in users if u.unit_id}
        assert liaisons["liaison"].code == "D-HURD"
        # a liaison for each unit the two founding stories route to
        assert liaisons["liaison_pnr"].name == "区规划和自然资源局"
        assert liaisons["liaison_xjw"].name == "谢家湾街道办事处"
        numbers = list(report.story_case_numbers.values())
        story_units = set(s.scalars(select(Matter.unit_id).where(Matter.case_number.in_(numbers))))
        assert len(story_units) == 2
        assert story_units <= {u.id for u in liaisons.values()}
        assert len({u.password_hash for u in users}) == 1  # hashed once
        assert bcrypt.checkpw(DEMO_PASSWORD.encode(), users[0].password_hash.encode())


def test_coverage_is_high_but_not_complete(database):
    report = seed(database)
    with database.read() as s:
        clusters = np.array(s.execute(select(Cluster.lat, Cluster.lon)).all())
        posts = np.array(
            s.execute(select(Agent.lat, Agent.lon).where(Agent.status == AgentStatus.ACTIVE)).all()
        )
    covered = np.zeros(len(clusters), dtype=bool)
    for start in range(0, len(clusters), 400):
        c = clusters[start : start + 400]
        d = haversine_m(c[:, None, 0], c[:, None, 1], posts[None, :, 0], posts[None, :, 1])
        covered[start : start + 400] = (d <= 1000).any(axis=1)
    uncovered = int((~covered).sum())
    assert 15 <= uncovered <= 60
    assert covered.mean() > 0.95
    assert report.uncovered_clusters == uncovered


def test_the_full_size_district_is_seeded(database):
    """Its speed is measured by tests/benchmarks/bench_seed.py, not asserted here."""
    report = seed(database, items=3000)
    assert report.counts["agents"] == 1617 and report.counts["matters"] == 3000
