"""Shared fixtures: a fresh, migrated database per test on SQLite and on PostgreSQL.

PostgreSQL runs when TEST_DATABASE_URL points at a server; each test session creates its
own database there and drops it afterwards, so whatever an earlier run left never matters.
Without TEST_DATABASE_URL the PostgreSQL half is skipped with a reason, except under CI
(CI=true), where a skipped or unreachable PostgreSQL fails the run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.migrate import upgrade  # noqa: E402
from db.models import Base  # noqa: E402
from db.session import Database  # noqa: E402

POSTGRES_ENV = "TEST_DATABASE_URL"


def _require_postgres() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _noon_on_simulated_days(monkeypatch):
    """A step recorded on a simulated day takes the real time of day (core.today.moment_on):
    the suite pins that hour to noon, so no test depends on when it runs."""
    import core.today

    monkeypatch.setattr(core.today, "time_of_day", lambda _now: dt.time(12, 0))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite file, copied for every test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database.connect(f"sqlite:///{path}")
    upgrade(database.engine)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if _require_postgres():
            pytest.fail(f"CI requires the PostgreSQL tests: set {POSTGRES_ENV}")
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL variant skipped")
    server = make_url(url)
    name = f"petition_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server"
        admin.dispose()
        if _require_postgres():
            pytest.fail(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {exc}")
    test_url = server.set(database=name).render_as_string(hide_password=False)
    migrated = Database.connect(test_url)
    upgrade(migrated.engine)
    migrated.dispose()
    yield test_url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A URL to an empty, migrated database; PostgreSQL rows are wiped after each test."""
    if request.param == "sqlite":
        path = tmp_path / "petition.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database(database_url) -> Iterator[Database]:
    db = Database.connect(database_url)
    yield db
    db.dispose()


# --- the console itself (AppTest and browser tests) -------------------------------------

DEMO_ITEMS_FOR_TESTS = 150
#: The demo district used by tests is generated around this day, and its simulated today is
#: pinned to it: what the district holds never depends on the machine's date.
DEMO_TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory) -> str:
    """A small demo district on SQLite, seeded once per test session (read-mostly tests)."""
    from core.config import AppConfig
    from core.startup import migrate_and_prepare, seed_demo_district

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    config = AppConfig(
        database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=DEMO_ITEMS_FOR_TESTS
    )
    db = Database.connect(url)
    migrate_and_prepare(db, config)
    seed_demo_district(db, config, today=DEMO_TODAY)
    db.dispose()
    return url


@pytest.fixture
def console_env(monkeypatch, demo_database_url) -> str:
    """Environment for running console/app.py against the small demo district."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    monkeypatch.setenv("PETITION_MODE", "demo")
    monkeypatch.setenv("PETITION_COOKIE_KEY", "k" * 40)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_database_url
    st.cache_data.clear()
    st.cache_resource.clear()
