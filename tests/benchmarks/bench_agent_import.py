"""Benchmark: import 5,000 agents from .xlsx into a fresh SQLite database in under 10 s.

Run: .venv/bin/python tests/benchmarks/bench_agent_import.py
Prints the time of the first import (all new) and of a re-import (all unchanged).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from core.agents.files import import_agents  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Agent  # noqa: E402
from db.session import Database  # noqa: E402
from tests.actors import actor  # noqa: E402
from tests.benchmarks.results import record  # noqa: E402
from tests.roster_fixtures import roster_row, roster_xlsx, setup_place  # noqa: E402

ROWS = 5_000
LIMIT_SECONDS = 10.0


def timed_import(database: Database, data: bytes) -> tuple[float, object]:
    start = time.perf_counter()
    with database.write() as s:
        result = import_agents(s, data, "agents.xlsx", actor("bench"))
    return time.perf_counter() - start, result


def main() -> int:
    data = roster_xlsx([roster_row(n) for n in range(1, ROWS + 1)])
    with tempfile.TemporaryDirectory() as folder:
        database = Database.connect(f"sqlite:///{folder}/bench.db")
        upgrade(database.engine)
        with database.write() as s:
            setup_place(s)
        first, result = timed_import(database, data)
        assert not result.errors, result.errors[:5]
        again, repeat = timed_import(database, data)
        with database.read() as s:
            count = s.scalar(select(func.count(Agent.id)))
        database.dispose()
    verdict = "PASS" if first < LIMIT_SECONDS and again < LIMIT_SECONDS else "FAIL"
    print(f"{ROWS} rows, file {len(data) / 1024:.0f} KiB")
    print(f"first import:  {first:.2f} s (created {result.created})")
    print(f"re-import:     {again:.2f} s (unchanged {repeat.unchanged}, created {repeat.created})")
    print(f"agents in db:  {count}")
    print(f"{verdict} (limit {LIMIT_SECONDS:.0f} s)")
    record(f"agent import, {ROWS:,} rows from .xlsx (SQLite)", first, "s", LIMIT_SECONDS)
    record(f"agent re-import, {ROWS:,} unchanged rows", again, "s", LIMIT_SECONDS)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
