"""Alembic migrations create the schema from empty on both backends and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from db.migrate import current_revision, downgrade, upgrade
from db.models import Base
from db.session import Database


def test_head_matches_the_models(database):
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_down_to_empty_and_up_again(database):
    downgrade(database.engine, "base")
    assert current_revision(database.engine) is None
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    upgrade(database.engine)
    assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    db = Database.connect(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()
