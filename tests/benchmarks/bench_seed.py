"""Benchmark: the full-size demo district (1,617 agents, 3,000 matters) on SQLite.

Run: .venv/bin/python tests/benchmarks/bench_seed.py
Prints the seeding time beside its 30 s target and the ratio (a figure, not an assertion in
the test suite: a slow machine must not turn the suite red).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.config import AppConfig  # noqa: E402
from core.startup import migrate_and_prepare, seed_demo_district  # noqa: E402
from db.session import Database  # noqa: E402
from tests.benchmarks.results import record  # noqa: E402

ITEMS = 3_000
TARGET_SECONDS = 30.0
ANCHOR = dt.date(2026, 11, 18)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        config = AppConfig(database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=ITEMS)
        database = Database.connect(url)
        migrate_and_prepare(database, config)
        start = time.perf_counter()
        report = seed_demo_district(database, config, today=ANCHOR)
        seconds = time.perf_counter() - start
        database.dispose()
    print(
        f"seed-demo {report.items} matters, {report.counts['agents']} agents on SQLite: "
        f"{seconds:.1f} s (target {TARGET_SECONDS:.0f} s, {seconds / TARGET_SECONDS:.2f}× of it)"
    )
    record(
        f"seed-demo, {report.items:,} matters and {report.counts['agents']:,} agents (SQLite)",
        seconds,
        "s",
        TARGET_SECONDS,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
