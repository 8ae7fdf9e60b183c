"""Per-agent quarterly figures, the fair ranking, and the follow-up flag."""

import datetime as dt

from core.agents.performance import performance, quarterly_ranking
from core.quarters import next_quarter, quarter_last_day, quarter_of
from core.vocab import AgentStatus, ClockKind, ClockState, DayBasis, Rating, TriageOutcome
from db.models import Clock
from tests.roster_fixtures import file_matter, make_agent, setup_place

D = dt.date


def test_quarters_follow_office_time():
    late_evening_utc = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)  # 1 April in Shanghai
    assert quarter_of(late_evening_utc) == "2026Q2"
    assert next_quarter("2026Q4") == "2027Q1"
    assert quarter_last_day("2026Q1") == D(2026, 3, 31)


def _setup(s):
    place = setup_place(s)
    busy = make_agent(s, place, code="B1", name="忙")
    best = make_agent(s, place, code="B2", name="优")
    few = make_agent(s, place, code="B3", name="少")
    idle = make_agent(s, place, code="B4", name="闲")
    make_agent(s, place, AgentStatus.SUSPENDED, code="B5")  # not expected to file
    # busy: on time (15 days), late, on time by its clock, not accepted; one repeat filing
    file_matter(
        s,
        place,
        busy,
        received=D(2026, 4, 1),
        replied=D(2026, 4, 10),
        delivered=D(2026, 4, 12),
        rated=D(2026, 4, 13),
        agent_rating=Rating.SATISFIED,
        ceased=True,
    )
    file_matter(
        s,
        place,
        busy,
        received=D(2026, 5, 1),
        replied=D(2026, 6, 10),
        rated=D(2026, 6, 12),
        agent_rating=Rating.UNSATISFIED,
    )
    clocked = file_matter(
        s, place, busy, received=D(2026, 5, 5), replied=D(2026, 6, 1), repeat_by=(busy,)
    )
    s.add(
        Clock(
            matter_id=clocked.id,
            kind=ClockKind.REPLY,
            rule_key="reply.investigation",
            rule_version=1,
            basis=DayBasis.CALENDAR,
            days=30,
            started_on=D(2026, 5, 5),
            due_on=D(2026, 6, 4),
            state=ClockState.MET,
        )
    )
    file_matter(s, place, busy, received=D(2026, 5, 6), outcome=TriageOutcome.OTHER_CHANNEL)
    for day in (3, 4, 5):
        file_matter(
            s,
            place,
            best,
            received=D(2026, 4, day),
            replied=D(2026, 4, day + 2),
            rated=D(2026, 4, day + 3),
            agent_rating=Rating.SATISFIED,
        )
    file_matter(
        s,
        place,
        few,
        received=D(2026, 4, 7),
        replied=D(2026, 4, 8),
        rated=D(2026, 4, 9),
        agent_rating=Rating.SATISFIED,
    )
    file_matter(s, place, idle, received=D(2026, 7, 1))  # another quarter
    return {a.code: a.id for a in (busy, best, few, idle)}


def test_counts_and_rates_per_agent_and_quarter(database):
    with database.write() as s:
        ids = _setup(s)
    with database.read() as s:
        frame = performance(s, "2026Q2").set_index("agent_id")
    busy = frame.loc[ids["B1"]]
    assert busy[
        [
            "filed",
            "repeats",
            "originals",
            "accepted",
            "replied",
            "replied_on_time",
            "rated",
            "satisfied",
            "unsatisfied",
            "ceased",
        ]
    ].tolist() == [5, 1, 4, 3, 3, 2, 2, 1, 1, 1]
    assert busy["acceptance_rate"] == 0.75
    assert busy["on_time_rate"] == 2 / 3
    assert busy["satisfaction_rate"] == 0.5
    assert ids["B4"] not in frame.index


def test_ranking_lists_low_count_agents_unranked_and_flags_the_idle(database):
    with database.write() as s:
        ids = _setup(s)
    with database.read() as s:
        ranking = quarterly_ranking(s, "2026Q2", min_count=2)
    by_code = ranking.set_index("code")
    assert ranking["code"].tolist()[:2] == ["B2", "B1"]  # 100% satisfied beats 50%
    assert by_code.loc["B2", "rank"] == 1 and by_code.loc["B1", "rank"] == 2
    assert not by_code.loc["B3", "ranked"] and by_code.loc["B3", "satisfaction_rate"] == 1.0
    assert by_code["rank"].isna()["B3"]
    assert by_code.loc["B4", "follow_up"] and not by_code.loc["B1", "follow_up"]
    assert "B5" not in by_code.index  # suspended and silent: not listed
    assert set(ranking["agent_id"]) == set(ids.values())


def test_a_rate_from_too_few_ratings_is_not_ranked(database):
    with database.write() as s:
        _setup(s)
    with database.read() as s:
        busy = quarterly_ranking(s, "2026Q2", min_count=3).set_index("code").loc["B1"]
    assert busy["originals"] >= 3 and busy["rated"] < 3
    assert not busy["ranked"]
