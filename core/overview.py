"""The figures on the home page, from live data: what a supervisor checks first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from core.vocab import AgentStatus, ClockState, MatterState
from db.models import Agent, Clock, Matter


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
    """Live figures; a unit liaison (unit_id) sees only its own unit's matters."""
    from core.coverage_report import coverage_report

    scope = [Matter.unit_id == unit_id] if unit_id is not None else []
    by_state = dict(
        session.execute(
            select(Matter.state, func.count()).where(*scope).group_by(Matter.state)
        ).all()
    )
    running = (
        select(func.count(distinct(Clock.matter_id)))
        .join(Matter, Matter.id == Clock.matter_id)
        .where(Clock.state == ClockState.RUNNING, *scope)
    )
    week_end = today + dt.timedelta(days=6 - today.weekday())
    agents = dict(session.execute(select(Agent.status, func.count()).group_by(Agent.status)).all())
    coverage = coverage_report(session)
    return Overview(
        matters_by_state={state: by_state.get(state, 0) for state in MatterState},
        overdue_matters=session.scalar(running.where(Clock.due_on < today)) or 0,
        due_this_week=session.scalar(
            running.where(Clock.due_on >= today, Clock.due_on <= week_end)
        )
        or 0,
        active_agents=agents.get(AgentStatus.ACTIVE, 0),
        agents_total=sum(agents.values()),
        clusters_covered=coverage.clusters_covered,
        clusters_total=coverage.clusters_total,
        population_covered_share=coverage.population_share,
    )
