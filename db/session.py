"""Engines and transactions for SQLite (embedded default) and PostgreSQL.

Use one short transaction per action: ``with database.write() as s:`` for changes,
``with database.read() as s:`` for queries. Never keep a Session across reruns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db import guards

#: SQLite writers take the write lock when they begin, so two clerks saving at once queue
#: up (busy_timeout) instead of one failing on a lock upgrade.
_IMMEDIATE = "petition_begin_immediate"


guards.install()


def make_engine(url: str) -> Engine:
    """SQLite: one file, no pool to size. PostgreSQL: a pool sized from the environment
    (`core.config.pool_options`), connections checked before use (a restarted server)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    from core.config import pool_options

    pool = pool_options()
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool.pool_size,
        max_overflow=pool.max_overflow,
        pool_timeout=pool.pool_timeout,
    )
    _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    """No JIT compilation: the console's reports over a large district (the quarterly
    bulletin, the deadline board) are estimated costly enough for PostgreSQL to compile
    them, which took 2.5 s to save nothing on queries that run in 0.2 s."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET jit = off")
        except Exception:  # noqa: BLE001 - a server without JIT settings: nothing to turn off
            pass
        finally:
            dbapi_connection.autocommit = autocommit


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass(frozen=True)
class Database:
    engine: Engine
    _reader: sessionmaker[Session]
    _writer: sessionmaker[Session]

    @classmethod
    def connect(cls, url: str) -> Database:
        engine = make_engine(url)
        writer_bind = engine.execution_options(**{_IMMEDIATE: True})
        return cls(
            engine,
            sessionmaker(engine, expire_on_commit=False),
            sessionmaker(writer_bind, expire_on_commit=False),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back whole on any error."""
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look; objects stay usable (detached, not expired) after it closes."""
        with self._reader() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
