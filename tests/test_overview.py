"""The home page's figures agree with the deadlines board and the coverage report."""

from core.coverage.report import coverage_report
from core.deadlines.board import due_counts, open_clock_board
from core.reporting.overview import overview
from core.vocab import MatterState
from db.session import Database
from tests.actors import actor
from tests.conftest import DEMO_TODAY


def test_overview_counts_what_the_other_pages_count(demo_database_url):
    database = Database.connect(demo_database_url)
    today = DEMO_TODAY
    with database.read() as s:
        figures = overview(s, today)
        due = due_counts(open_clock_board(s, today))
        coverage = coverage_report(s)
    database.dispose()
    assert figures.overdue_matters == due["overdue"]
    assert figures.due_this_week == due["this_week"]
    assert figures.clusters_covered == coverage.clusters_covered
    assert sum(figures.matters_by_state.values()) >= 150
    assert figures.matters_by_state[MatterState.CLOSED] > 0
    assert figures.active_agents < figures.agents_total == 1617


def test_a_liaison_sees_only_its_unit(demo_database_url):
    from sqlalchemy import func, select

    from db.models import Matter, User

    database = Database.connect(demo_database_url)
    with database.read() as s:
        unit_id = s.scalar(select(User.unit_id).where(User.username == "liaison"))
        own = s.scalar(select(func.count()).where(Matter.unit_id == unit_id))
        figures = overview(s, DEMO_TODAY, actor("liaison", unit_id=unit_id))
    database.dispose()
    assert sum(figures.matters_by_state.values()) == own
