"""Builders for roster, training, performance and bonus tests (on top of `factories`).

The office's today is pinned to `TODAY` so dates and quarters do not depend on the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import settings
from core.agents.checks import AgentInput
from core.agents.performance import ACCEPTED_OUTCOMES
from core.agents.roster import add_agent
from core.vocab import AgentCategory, AgentStatus, Gender, Rating, TriageOutcome
from db.models import Agent, Matter, Submission, TrainingRecord, TrainingSession
from tests.actors import actor
from tests.factories import Place, change_matter, make_matter, make_place

TODAY = dt.date(2026, 11, 20)
_serial = itertools.count(1)


def setup_place(session: Session) -> Place:
    """The test district (one town, one village at 29.5 N 106.5 E) with today pinned."""
    settings.put(session, "demo.simulated_today", TODAY.isoformat(), "test")
    return make_place(session)


def agent_input(place: Place, **overrides) -> AgentInput:
    n = next(_serial)
    values = dict(
        code=f"A{n:05d}",
        name=f"代理员{n}",
        gender=Gender.FEMALE,
        phone=f"139{n:08d}",
        address="正街1号",
        category=AgentCategory.VOLUNTEER,
        village_id=place.village.id,
        lat=29.501,
        lon=106.502,
        email=f"agent{n}@example.com",
        joined_on=dt.date(2026, 1, 5),
    )
    values.update(overrides)
    return AgentInput(**values)


def make_agent(
    session: Session,
    place: Place,
    status: AgentStatus = AgentStatus.ACTIVE,
    **overrides,
) -> Agent:
    """An agent put straight into `status` (a passed training recorded if not a trainee)."""
    agent = session.get(Agent, add_agent(session, agent_input(place, **overrides), actor("test")))
    if status is not AgentStatus.TRAINEE:
        training = TrainingSession(held_on=dt.date(2026, 1, 10), title="岗前培训", trainer="王老师")
        session.add(training)
        session.flush()
        session.add(TrainingRecord(session_id=training.id, agent_id=agent.id, passed=True))
        agent.status = status
        session.flush()
    return agent


def file_matter(
    session: Session,
    place: Place,
    agent: Agent,
    *,
    received: dt.date,
    outcome: TriageOutcome | None = TriageOutcome.ASSIGN_UNIT,
    replied: dt.date | None = None,
    delivered: dt.date | None = None,
    rated: dt.date | None = None,
    agent_rating: Rating | None = None,
    unit_rating: Rating | None = None,
    ceased: bool = False,
    repeat_by: tuple[Agent, ...] = (),
) -> Matter:
    """A matter the agent's submission opened, with repeat filings by `repeat_by` agents."""
    accepted = received if outcome in ACCEPTED_OUTCOMES else None
    matter = make_matter(
        session,
        place,
        received=received,
        accepted=accepted,
        replied=replied,
        delivered=delivered,
        rated=rated,
        unit_rating=unit_rating,
        ceased=ceased,
        agent_proxied=True,
        repeat_filings=len(repeat_by),
    )
    change_matter(session, matter, "triaged", triage_outcome=outcome, agent_rating=agent_rating)
    filings = session.scalars(
        select(Submission).where(Submission.matter_id == matter.id).order_by(Submission.id)
    ).all()
    for filing, filer in zip(filings, (agent, *repeat_by), strict=True):
        filing.agent_id = filer.id
    session.flush()
    return matter


def roster_row(n: int, **overrides) -> dict[str, object]:
    """One import row (Chinese headers) for the test place, unique by `n`."""
    row = {
        "代理员编号": f"R{n:05d}",
        "姓名": f"导入{n}",
        "性别": "男" if n % 2 else "女",
        "联系电话": 13500000000 + n,  # Excel keeps phone numbers as numbers
        "电子邮箱": f"r{n}@example.com",
        "联系地址": f"正街{n}号",
        "类别": "社区志愿者",
        "镇(街道)": "谢家湾街道",
        "村(社区)": "正街社区",
        "纬度": 29.5 + (n % 100) / 10000,
        "经度": 106.5 + (n % 100) / 10000,
        "坐标系": "WGS-84",
        "能否网上代理": "是",
        "加入日期": dt.date(2025, 1, 1),
    }
    row.update(overrides)
    return row


def roster_xlsx(rows: list[dict[str, object]]) -> bytes:
    """An import workbook: the headers of the first row, then the rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("代理员")
    headers = list(rows[0])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
