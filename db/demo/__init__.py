"""The demo district: a deterministic, synthetic 九龙坡区 for training and demos.

`seed_demo(database, seed=2026, items=3000)` fills an empty database (or, with
`reset=True`, wipes every table and refills it) in one transaction: places, ~60 handling
units, exactly 1,617 agents with status histories and training, petitioners, agency
agreements, ~`items` petition matters of the last 12 months with their submissions and full
event log, extensions, supervision notices, and one demo account per role. Same seed and
same `today` give identical rows. Clocks, the calendar and deadline rules are not seeded
here: `core.startup.seed_demo_district` derives clocks afterwards.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import UserError
from core.timeutil import OFFICE_TZ
from core.vocab import AgentStatus
from db.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_users
from db.demo.agents import AGENT_TOTAL, build_agents, build_training_sessions
from db.demo.context import SeedContext
from db.demo.coverage import coverage
from db.demo.items import ItemPlanner
from db.demo.materialize import write_plans
from db.demo.places import DISTRICT_CODE, build_places
from db.demo.stories import LIN_NAME, LIN_QUERY_CODE, YUAN_NAME, YUAN_QUERY_CODE, story_plans
from db.demo.units import build_units
from db.demo.writer import CHUNK, fix_sequences, insert_rows, wipe_all
from db.models import Agent, Cluster, District, Matter, Town
from db.session import Database

__all__ = [
    "AGENT_TOTAL",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "LIN_NAME",
    "LIN_QUERY_CODE",
    "YUAN_NAME",
    "YUAN_QUERY_CODE",
    "DemoAlreadySeededError",
    "SeedReport",
    "demo_is_seeded",
    "seed_demo",
]

MIN_ITEMS = 50
MAX_ITEMS = 200_000

Progress = Callable[[float, str], None]


class DemoAlreadySeededError(UserError):
    """The database already holds data; seeding again needs reset=True."""

    def __init__(self) -> None:
        super().__init__("error.demo_already_seeded")


@dataclass(frozen=True)
class SeedReport:
    seed: int
    today: dt.date
    items: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    #: Case numbers of the two seed-002 stories: {"yuan": ..., "lin": ...}.
    story_case_numbers: dict[str, str] = field(default_factory=dict)
    uncovered_clusters: int = 0
    users_created: tuple[str, ...] = ()


def demo_is_seeded(session: Session) -> bool:
    """True when the demo district (or any district/agent/matter) is already there."""
    for model in (District, Town, Agent, Matter):
        if session.scalar(select(model.id).limit(1)) is not None:
            return True
    return False


def seed_demo(
    database: Database,
    *,
    seed: int = 2026,
    items: int = 3000,
    today: dt.date | None = None,
    reset: bool = False,
    progress: Progress | None = None,
    batch_size: int = CHUNK,
) -> SeedReport:
    """Generate the demo district and write it in one transaction (all or nothing).

    `batch_size` rows go in per insert statement (tests lower it to cross batches)."""
    if not MIN_ITEMS <= items <= MAX_ITEMS:
        raise UserError("error.demo_items_range", low=MIN_ITEMS, high=MAX_ITEMS)
    if not reset:  # fail fast; checked again inside the writing transaction
        with database.read() as session:
            if demo_is_seeded(session):
                raise DemoAlreadySeededError()
    started = time.perf_counter()
    report = progress or (lambda _f, _m: None)
    today = today or dt.datetime.now(OFFICE_TZ).date()
    ctx = SeedContext(seed=seed, today=today)

    report(0.0, "seed.places")
    build_places(ctx)
    report(0.05, "seed.units")
    build_units(ctx)
    report(0.08, "seed.agents")
    build_training_sessions(ctx)
    build_agents(ctx)
    report(0.3, "seed.items")
    planner = ItemPlanner(ctx)
    stories = story_plans(ctx, planner)
    plans = planner.plan(items, reserved=len(stories)) + stories
    report(0.5, "seed.events")
    case_numbers = write_plans(ctx, plans)

    with database.write() as session:
        if reset:
            report(0.6, "seed.reset")
            wipe_all(session)
        elif demo_is_seeded(session):
            raise DemoAlreadySeededError()
        report(0.65, "seed.rows")
        counts = insert_rows(
            session,
            ctx.rows,
            chunk=batch_size,
            progress=lambda f: report(0.65 + 0.3 * f, "seed.rows"),
        )
        fix_sequences(session, list(counts))
        report(0.95, "seed.users")
        created = create_demo_users(session)
    report(1.0, "seed.ready")
    return SeedReport(
        seed=seed,
        today=today,
        items=counts.get("matters", 0),
        seconds=round(time.perf_counter() - started, 2),
        counts=counts,
        story_case_numbers=case_numbers,
        uncovered_clusters=uncovered_count(ctx),
        users_created=tuple(created),
    )


def uncovered_count(ctx: SeedContext) -> int:
    """Clusters with no active agent within 1,000 m (haversine), as the map will show."""
    clusters = np.array([(c["lat"], c["lon"]) for c in ctx.rows[Cluster]])
    posts = np.array(
        [(a["lat"], a["lon"]) for a in ctx.rows[Agent] if a["status"] is AgentStatus.ACTIVE]
    )
    return int((~coverage(clusters, posts)).sum())


# Kept importable for callers that want the district code without the models.
DEMO_DISTRICT_CODE = DISTRICT_CODE
