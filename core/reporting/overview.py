"""The figures on the home page, from live data: what a supervisor checks first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.deadlines.board import due_counts, open_clock_board
from core.deadlines.lists import scope_board
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


def overview(session: Session, today: dt.date, unit_id: int | None = None) -> Overview:
    """Live figures; a unit liaison (unit_id) sees only its own unit's matters.

    Overdue and due-this-week count matters exactly as the deadlines board does.
    """
    from core.coverage.report import coverage_report

    scope = [Matter.unit_id == unit_id] if unit_id is not None else []
    by_state = dict(
        session.execute(
            select(Matter.state, func.count()).where(*scope).group_by(Matter.state)
        ).all()
    )
    due = due_counts(scope_board(open_clock_board(session, today), unit_id))
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
