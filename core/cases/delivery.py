"""Who may be recorded as delivering a matter's written reply (送达), for the delivery form.

`core.cases.workflow.record_delivery` records the agent, the method and the day, and checks
the agent exists and is active; this module only lists the choices a page offers.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.vocab import AgentStatus
from db.models import Agent, Matter, Submission, Village


def filing_agent_id(session: Session, matter_id: int) -> int | None:
    """The agent who filed the matter (its first agent submission), if any."""
    return session.scalar(
        select(Submission.agent_id)
        .where(Submission.matter_id == matter_id, Submission.agent_id.is_not(None))
        .order_by(Submission.submitted_at, Submission.id)
        .limit(1)
    )


def delivery_agents(session: Session, matter_id: int) -> tuple[int | None, dict[int, str]]:
    """(the default agent, {agent id: "code name"}) for the delivery form: the active agents
    of the matter's town, the filing agent first and the default when it is active and the
    matter is agent-proxied."""
    matter = session.get(Matter, matter_id)
    if matter is None:
        return None, {}
    filer = filing_agent_id(session, matter_id)
    rows = session.execute(
        select(Agent.id, Agent.code, Agent.name)
        .join(Village, Village.id == Agent.village_id)
        .where(
            Agent.status == AgentStatus.ACTIVE,
            (Village.town_id == matter.town_id) | (Agent.id == filer),
        )
        .order_by(Agent.id != filer, Agent.code)
    ).all()
    choices = {agent_id: f"{code} {name}" for agent_id, code, name in rows}
    default = filer if matter.agent_proxied and filer in choices else None
    return default, choices
