"""Benchmark: the colour of every open clock for 100,000 matters vs. the SQL that fetches them.

Run: ``.venv/bin/python tests/benchmarks/bench_deadlines.py [--matters N] [--repeat R]``.
Builds a temporary SQLite database (bulk inserts, no ORM objects), then times, best of R:
- fetch: the board's own SQL (`core.deadlines.board.board_query`) executed and fetched;
- colour: day ordinals of the fetched dates plus `core.deadlines.colours.measure_clocks`;
- board: everything `open_clock_board` adds after the fetch (frame, colours, matter
  colour, due buckets, sorting), for reference.
Targets (issue 3): colour under 500 ms and at most 2x the fetch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.deadlines.board import add_measures, board_frame, board_query  # noqa: E402
from core.deadlines.calendar import load_calendar, seed_official_calendar  # noqa: E402
from core.deadlines.colours import Thresholds, measure_clocks, to_ordinals  # noqa: E402
from core.deadlines.rules import load_rules, reply_rule_key, seed_default_rules  # noqa: E402
from core.timeutil import local_noon_utc  # noqa: E402
from core.vocab import (  # noqa: E402
    ClockState,
    ContentType,
    DayBasis,
    MatterState,
    Topic,
    TownKind,
    UnitLevel,
    Urgency,
    VillageKind,
)
from db.migrate import upgrade  # noqa: E402
from db.models import Clock, District, Matter, Town, Unit, Village  # noqa: E402
from db.session import Database  # noqa: E402
from tests.benchmarks.results import record  # noqa: E402

TODAY = dt.date(2026, 6, 15)
TARGET_MS, TARGET_RATIO = 500.0, 2.0


def build(database: Database, matters: int, seed: int = 1) -> int:
    """Insert places, units, matters and their running clocks; returns the clock count."""
    rng = random.Random(seed)
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
        calendar, rules = load_calendar(s), load_rules(s)
        s.execute(insert(District), [{"id": 1, "code": "500107", "name": "九龙坡区"}])
        s.execute(
            insert(Town),
            [
                {
                    "id": t,
                    "district_id": 1,
                    "code": f"T{t}",
                    "name": f"镇{t}",
                    "kind": TownKind.TOWN,
                    "lat": 29.5,
                    "lon": 106.5,
                }
                for t in range(1, 20)
            ],
        )
        s.execute(
            insert(Village),
            [
                {
                    "id": t,
                    "town_id": t,
                    "code": f"V{t}",
                    "name": f"村{t}",
                    "kind": VillageKind.VILLAGE,
                    "lat": 29.5,
                    "lon": 106.5,
                }
                for t in range(1, 20)
            ],
        )
        s.execute(
            insert(Unit),
            [
                {
                    "id": u,
                    "code": f"U{u}",
                    "name": f"单位{u}",
                    "level": UnitLevel.DISTRICT_DEPARTMENT,
                }
                for u in range(1, 41)
            ],
        )
        matter_rows, clock_rows = [], []
        for m in range(1, matters + 1):
            accepted = TODAY - dt.timedelta(days=rng.randint(0, 75))
            urgency = rng.choice(list(Urgency))
            town = rng.randint(1, 19)
            matter_rows.append(
                {
                    "id": m,
                    "case_number": f"B{m:07d}",
                    "query_code_hash": "-",
                    "state": MatterState.ASSIGNED,
                    "content_type": ContentType.REQUEST,
                    "topic": Topic.OTHER,
                    "urgency": urgency,
                    "summary": "bench",
                    "town_id": town,
                    "village_id": town,
                    "unit_id": rng.randint(1, 40),
                    "agent_proxied": rng.random() < 0.6,
                    "risk_repeat": rng.random() < 0.2,
                    "received_at": local_noon_utc(accepted),
                    "registered_at": local_noon_utc(accepted),
                    "accepted_at": local_noon_utc(accepted),
                    "assigned_at": local_noon_utc(accepted),
                }
            )
            for key in (reply_rule_key(urgency), "conclusion", "internal.feedback"):
                rule = rules[key]
                clock_rows.append(
                    {
                        "matter_id": m,
                        "kind": rule.clock_kind,
                        "rule_key": key,
                        "rule_version": 1,
                        "basis": rule.basis,
                        "days": rule.days,
                        "started_on": accepted,
                        "due_on": rule.due(accepted, calendar),
                        "state": ClockState.RUNNING,
                        "provisional": False,
                    }
                )
        for start in range(0, len(matter_rows), 10_000):
            s.execute(insert(Matter), matter_rows[start : start + 10_000])
        for start in range(0, len(clock_rows), 10_000):
            s.execute(insert(Clock), clock_rows[start : start + 10_000])
    return len(clock_rows)


def best_of(repeat: int, action) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        database = Database.connect(f"sqlite:///{folder}/bench.db")
        upgrade(database.engine)
        started = time.perf_counter()
        clocks = build(database, args.matters)
        print(
            f"built {args.matters:,} matters, {clocks:,} running clocks "
            f"in {time.perf_counter() - started:.1f} s"
        )

        with database.read() as s:
            calendar, thresholds = load_calendar(s), Thresholds.from_settings(s)
            query = board_query(TODAY)
            fetch_ms, rows = best_of(args.repeat, lambda: s.execute(query).all())
        frame = board_frame(rows)
        started_on, due_on = frame["started_on"].to_numpy(), frame["due_on"].to_numpy()
        basis = frame["basis"].to_numpy()

        def colour_all():
            return measure_clocks(
                to_ordinals(started_on),
                to_ordinals(due_on),
                basis == DayBasis.WORKING,
                TODAY,
                calendar,
                thresholds,
            )

        colour_ms, measures = best_of(args.repeat, colour_all)
        board_ms, _ = best_of(
            args.repeat,
            lambda: add_measures(board_frame(rows), TODAY, calendar, thresholds),
        )
        database.dispose()

    counts = np.bincount(measures.codes, minlength=4)
    ratio = colour_ms / fetch_ms
    print(f"open clocks fetched      {len(rows):>9,}")
    print(f"colours green/yellow/red/overdue: {', '.join(f'{c:,}' for c in counts)}")
    print(f"SQL fetch                {fetch_ms:9.1f} ms")
    print(f"colour (vectorised)      {colour_ms:9.1f} ms")
    print(f"fetch + colour           {fetch_ms + colour_ms:9.1f} ms")
    print(f"colour / fetch           {ratio:9.2f} x")
    print(f"whole board after fetch  {board_ms:9.1f} ms (frame, colours, buckets, sort)")
    print(f"target colour < {TARGET_MS:.0f} ms: {'met' if colour_ms < TARGET_MS else 'MISSED'}")
    print(
        f"target colour <= {TARGET_RATIO:.0f}x fetch: "
        f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}"
    )
    scale = f"{args.matters:,} matters (SQLite)"
    record(f"deadline colours, {scale}", colour_ms, "ms", TARGET_MS)
    record("deadline colours / SQL fetch", ratio, "×", TARGET_RATIO, "<=")
    record(f"deadline SQL fetch, {scale}", fetch_ms, "ms")
    record("deadline board after fetch (frame, colours, buckets, sort)", board_ms, "ms")


if __name__ == "__main__":
    main()
