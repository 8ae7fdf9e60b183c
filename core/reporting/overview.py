"""The figures on the home page, from live data: what a supervisor checks first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.deadlines.board import due_counts, open_clock_board
from core.deadlines.lists import scope_board
from core.policy import matter_scope, scope_unit
from core.users import UserView
from core.vocab import AgentStatus, MatterState
from db.models import Agent, Matter


@dataclass(frozen=True)
class Overview:
    matters_by_state: dict[MatterState, int]
    overdue_matters: int
    due_this_week: int
    active_agents: int
    agents_total: int
    clusters_covered: int
    clusters_total: int
    population_covered_share: float

    @property
    def cluster_coverage(self) -> float:
        return self.clusters_covered / self.clusters_total if self.clusters_total else 0.0


def overview(session: Session, today: dt.date, viewer: UserView | None = None) -> Overview:
    """Live figures, as `viewer` may see them (core.policy): a unit liaison counts only its
    own unit's matters, never one accusing it; the agents and coverage are the district's.

    Overdue and due-this-week count matters exactly as the deadlines board does.
    """
    from core.coverage.report import coverage_report

    by_state = dict(
        session.execute(
            select(Matter.state, func.count()).where(matter_scope(viewer)).group_by(Matter.state)
        ).all()
    )
    due = due_counts(scope_board(open_clock_board(session, today), scope_unit(viewer)))
    agents = dict(session.execute(select(Agent.status, func.count()).group_by(Agent.status)).all())
    coverage = coverage_report(session)
    return Overview(
        matters_by_state={state: by_state.get(state, 0) for state in MatterState},
        overdue_matters=due["overdue"],
        due_this_week=due["this_week"],
        active_agents=agents.get(AgentStatus.ACTIVE, 0),
        agents_total=sum(agents.values()),
        clusters_covered=coverage.clusters_covered,
        clusters_total=coverage.clusters_total,
        population_covered_share=coverage.population_share,
    )
