"""Backup and restore of the embedded database (issue 15): a round trip on a small demo
district, and the refusals (a file that is no console database, PostgreSQL)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import func, select

from console.cli import main
from core.backup import backup, inspect, restore
from core.errors import UserError
from db.models import Matter, MatterEvent
from db.session import Database


@pytest.fixture
def live(demo_database_url, tmp_path, monkeypatch):
    """A private copy of the small demo district, as the office's live database."""
    path = tmp_path / "live" / "petition.db"
    path.parent.mkdir()
    shutil.copy(demo_database_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PETITION_MODE", "demo")
    monkeypatch.setenv("PETITION_LANG", "en")
    return url


def _counts(url: str) -> tuple[int, int, str]:
    database = Database.connect(url)
    try:
        with database.read() as s:
            first = s.scalar(select(Matter).order_by(Matter.id).limit(1))
            return (
                s.scalar(select(func.count()).select_from(Matter)),
                s.scalar(select(func.count()).select_from(MatterEvent)),
                first.summary,
            )
    finally:
        database.dispose()


def test_round_trip_through_the_command_line(live, tmp_path, capsys):
    before = _counts(live)
    copy = tmp_path / "backup.db"
    database = Database.connect(live)  # the console keeps running while it is backed up
    with database.read() as s:
        s.scalar(select(func.count()).select_from(Matter))
        assert main(["backup", str(copy)]) == 0
    assert "Backed up" in capsys.readouterr().out
    with database.write() as s:  # a change after the backup
        s.execute(Matter.__table__.update().where(Matter.id == 1).values(summary="changed"))
    database.dispose()
    assert _counts(live)[2] == "changed"

    assert main(["restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    assert _counts(live) == before  # the change is gone, everything else is back
    saved = list((tmp_path / "live").glob("petition.before-restore-*.db"))
    assert len(saved) == 1 and inspect(saved[0]).matters == before[0]
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_never_overwrites(live, tmp_path):
    target = tmp_path / "exists.db"
    target.write_bytes(b"keep")
    with pytest.raises(UserError) as err:
        backup(live, target)
    assert err.value.key == "error.backup_exists" and target.read_bytes() == b"keep"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"this is not a database at all" * 100, "error.restore_not_database"),
        ("empty", "error.restore_not_console"),
        ("alien", "error.restore_unknown_revision"),
    ],
)
def test_restore_refuses_what_is_not_a_console_database(live, tmp_path, capsys, content, key):
    bad = tmp_path / "bad.db"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE notes (x)")
            if content == "alien":
                conn.execute("CREATE TABLE matters (id)")
                conn.execute("CREATE TABLE alembic_version (version_num)")
                conn.execute("INSERT INTO alembic_version VALUES ('9999_future')")
        conn.close()
    before = _counts(live)
    with pytest.raises(UserError) as err:
        restore(live, bad)
    assert err.value.key == key
    assert main(["restore", str(bad)]) == 1  # said in PETITION_LANG, no traceback
    message = capsys.readouterr().err
    assert "nothing was restored" in message and "Traceback" not in message
    assert _counts(live) == before


def test_postgresql_is_sent_to_pg_dump(monkeypatch, capsys):
    url = "postgresql+psycopg://petition@db.internal/petition"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PETITION_LANG", "zh")
    assert main(["backup", "x.db"]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert main(["restore", "x.db"]) == 1
    assert "pg_restore" in capsys.readouterr().err
