"""The PostgreSQL connection pool is sized from the environment (issue 15)."""

from __future__ import annotations

import pytest

from core.config import ConfigError, pool_options
from db.session import make_engine

URL = "postgresql+psycopg://petition@db.internal/petition"  # never connected to here


def test_defaults_fit_twenty_staff(monkeypatch):
    for name in ("PETITION_DB_POOL_SIZE", "PETITION_DB_MAX_OVERFLOW", "PETITION_DB_POOL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    engine = make_engine(URL)
    assert engine.pool.size() == 20 and engine.pool._max_overflow == 10
    assert engine.pool._timeout == 30 and engine.pool._pre_ping


def test_sized_from_the_environment(monkeypatch):
    monkeypatch.setenv("PETITION_DB_POOL_SIZE", "40")
    monkeypatch.setenv("PETITION_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("PETITION_DB_POOL_TIMEOUT", "5")
    engine = make_engine(URL)
    assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._timeout) == (40, 0, 5)


@pytest.mark.parametrize(
    ("value", "key"), [("lots", "config.bad_int"), ("0", "config.int_too_small")]
)
def test_bad_values_are_named(value, key):
    with pytest.raises(ConfigError) as err:
        pool_options({"PETITION_DB_POOL_SIZE": value})
    assert err.value.key == key and err.value.params["name"] == "PETITION_DB_POOL_SIZE"


def test_sqlite_has_no_pool_to_size(tmp_path, monkeypatch):
    monkeypatch.setenv("PETITION_DB_POOL_SIZE", "lots")  # not even read for SQLite
    make_engine(f"sqlite:///{tmp_path / 'x.db'}").dispose()


def test_postgresql_connections_do_not_jit_compile_reports(postgres_url):
    """PostgreSQL compiled the quarterly bulletin's query over a large district (2.5 s of
    JIT for a 0.2 s query); the console's connections turn JIT off, and stay usable."""
    from sqlalchemy import text

    from db.session import Database

    database = Database.connect(postgres_url)
    try:
        with database.read() as s:
            assert s.execute(text("SHOW jit")).scalar() == "off"
            assert s.execute(text("SELECT 1")).scalar() == 1
    finally:
        database.dispose()
