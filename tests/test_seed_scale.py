"""The demo generator at scale: links between matters only point at rows already written,
so a district larger than one insert batch seeds on SQLite and PostgreSQL.

Seed 8 with 1,500 items is a draw where the old planner linked an "already being handled"
matter to one received later (its received time moved after planning), which failed with a
foreign-key IntegrityError once that later matter sat in another batch (SQLite checks each
row). A small batch size makes the district span many batches while keeping the test fast.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from core.cases.replay import check_history
from db.demo import seed_demo
from db.demo.agents import build_agents, build_training_sessions
from db.demo.context import SeedContext
from db.demo.items import ItemPlanner
from db.demo.materialize import write_plans
from db.demo.places import build_places
from db.demo.stories import story_plans
from db.demo.units import build_units
from db.models import Matter

TODAY = dt.date(2026, 11, 22)
SEED, ITEMS, BATCH = 8, 1500, 200


def planned_matters(seed: int, items: int) -> list[dict]:
    ctx = SeedContext(seed=seed, today=TODAY)
    build_places(ctx)
    build_units(ctx)
    build_training_sessions(ctx)
    build_agents(ctx)
    planner = ItemPlanner(ctx)
    stories = story_plans(ctx, planner)
    write_plans(ctx, planner.plan(items, reserved=len(stories)) + stories)
    return ctx.rows[Matter]


def test_links_point_at_earlier_matters():
    rows = planned_matters(SEED, ITEMS)
    linked = [(r["id"], r["linked_matter_id"]) for r in rows if r["linked_matter_id"]]
    assert linked, "the draw holds linked matters (reviews, already being handled)"
    assert all(target < own for own, target in linked)
    received = {r["id"]: r["received_at"] for r in rows}
    assert all(received[target] <= received[own] for own, target in linked)


def test_district_larger_than_one_batch_seeds(database):
    report = seed_demo(database, seed=SEED, items=ITEMS, today=TODAY, batch_size=BATCH)
    assert report.items == ITEMS
    assert report.counts["matters"] > BATCH
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Matter)) == ITEMS
        assert s.scalar(select(func.count()).where(Matter.linked_matter_id.is_not(None))) > 0
        history = check_history(s)
    assert history.ok, history.differences.head()
