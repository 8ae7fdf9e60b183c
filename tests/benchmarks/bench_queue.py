"""Benchmark: the assignment queue's and the deadline board's data at 100,000 matters.

Run: TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python tests/benchmarks/bench_queue.py

Uses the database `bench_queue_100k` on the server of TEST_DATABASE_URL, creating it and
seeding 100,000 matters into it when it is empty (about 5 minutes; kept for later runs).
Prints, for one page load, the time of the queue page's data (filters + one page of 50 +
counts by state + the workload per unit) beside the bare SQL it runs (the same statements
sent straight through the driver) and their ratio; the same for the deadline board's data
(counts by colour, due day, unit and town + the first page of the overdue list + the
drill-down's filter options and first page). Targets:
queue < 300 ms and at most 2× its bare SQL, board < 500 ms. Figures, not assertions.
Without TEST_DATABASE_URL it prints a skip line and exits 0.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core.cases.queue import queue_page  # noqa: E402
from core.config import AppConfig  # noqa: E402
from core.deadlines.board_sql import (  # noqa: E402
    DrillFilters,
    board_figures,
    drill_options,
    drill_page,
    overdue_page,
)
from core.deadlines.calendar import load_calendar  # noqa: E402
from core.deadlines.colours import Thresholds  # noqa: E402
from core.startup import migrate_and_prepare, seed_demo_district  # noqa: E402
from core.today import today as office_today  # noqa: E402
from db.models import Matter  # noqa: E402
from db.session import Database  # noqa: E402
from tests.benchmarks.results import record, skipped  # noqa: E402

ITEMS = 100_000
DATABASE = "bench_queue_100k"
ANCHOR = dt.date(2026, 11, 18)
QUEUE_TARGET_MS, QUEUE_RATIO_TARGET, BOARD_TARGET_MS = 300, 2.0, 500
RUNS = 7


def bench_url(base: str) -> str:
    url = make_url(base)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        exists = c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE})
        if not exists:
            c.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    return url.set(database=DATABASE).render_as_string(hide_password=False)


def ensure_seeded(url: str) -> Database:
    database = Database.connect(url)
    config = AppConfig(database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=ITEMS)
    migrate_and_prepare(database, config)
    with database.read() as s:
        count = s.scalar(select(func.count()).select_from(Matter))
    if not count:
        print(f"seeding {ITEMS:,} matters into {DATABASE} (once)...", flush=True)
        start = time.perf_counter()
        seed_demo_district(database, config, today=ANCHOR)
        print(f"  seeded in {time.perf_counter() - start:.0f} s", flush=True)
    return database


class Recorder:
    """The statements an action sends, to replay them bare through the driver."""

    def __init__(self, engine) -> None:
        self.statements: list[tuple[str, object]] = []
        self.on = False
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if self.on:
            self.statements.append((statement, parameters))


def timed(action, runs: int = RUNS) -> float:
    """Median milliseconds of `action` (after one warm-up run)."""
    action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bare(database: Database, statements) -> float:
    def run() -> None:
        connection = database.engine.raw_connection()
        try:
            cursor = connection.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            connection.rollback()
        finally:
            connection.close()

    return timed(run)


def main() -> int:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        print("bench_queue: skipped (TEST_DATABASE_URL is not set; it needs PostgreSQL)")
        skipped(
            f"queue and deadline page data (PostgreSQL, {ITEMS:,} matters)",
            "TEST_DATABASE_URL not set",
        )
        return 0
    database = ensure_seeded(bench_url(base))
    recorder = Recorder(database.engine)
    with database.read() as s:
        today = office_today(s)
        matters = s.scalar(select(func.count()).select_from(Matter))

    def queue_data() -> None:
        with database.read() as s:
            queue_page(s, today, page=1, page_size=50)  # rows, counts and workload

    def board_data() -> None:
        with database.read() as s:
            calendar, thresholds = load_calendar(s), Thresholds.from_settings(s)
            board_figures(s, today, calendar, thresholds)
            overdue_page(s, today, calendar, thresholds, page=1, page_size=20)
            # the deadlines page's drill-down: its filter options and first page (overdue)
            drill_options(s, today)
            drill_page(s, today, DrillFilters(colour="overdue"), calendar, thresholds)

    print(f"bench_queue: {matters:,} matters on PostgreSQL, today {today}")
    for name, action, target, ratio_target in (
        ("queue page data (filters + page of 50 + counts + workload)", queue_data,
         QUEUE_TARGET_MS, QUEUE_RATIO_TARGET),
        ("deadline page data (counts + overdue page + drill-down page)", board_data,
         BOARD_TARGET_MS, None),
    ):  # fmt: skip
        recorder.statements.clear()
        recorder.on = True
        action()
        recorder.on = False
        statements = list(recorder.statements)
        ms = timed(action)
        sql_ms = bare(database, statements)
        ratio = ms / sql_ms if sql_ms else float("nan")
        line = (
            f"  {name}: {ms:.0f} ms (target {target} ms, {ms / target:.2f}× of it); "
            f"bare SQL {sql_ms:.0f} ms in {len(statements)} statements; ratio {ratio:.2f}×"
        )
        if ratio_target:
            line += f" (target ≤ {ratio_target:.0f}×)"
        print(line, flush=True)
        record(f"{name} (PostgreSQL, {ITEMS:,} matters)", ms, "ms", target)
        record(f"{name}: bare SQL", sql_ms, "ms")
        record(f"{name} / bare SQL", ratio, "×", ratio_target, "<=")
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
