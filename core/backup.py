"""Backup and restore of the embedded SQLite database (`petition-console backup|restore`).

Both go through SQLite's online backup API (`sqlite3.Connection.backup`): a backup is a
consistent copy even while the console writes (WAL included), and a restore writes into the
live file under SQLite's own locks, so nothing reads a half-copied file. A restore replaces
the whole office's data: stop the console first, restore, start it again (it applies any
newer migrations on start). The database being replaced is first saved beside itself.

PostgreSQL has its own tools (pg_dump / pg_restore, see README): both commands say so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from core.errors import UserError

#: Tables every console database has (checked before a file may replace the office's data).
REQUIRED_TABLES = ("alembic_version", "matters")


@dataclass(frozen=True)
class DatabaseFile:
    path: Path
    revision: str
    matters: int


@dataclass(frozen=True)
class Restored:
    restored: DatabaseFile
    previous: Path | None  # the replaced database, saved beside it (None: there was none)


def sqlite_path(database_url: str, command: str) -> Path:
    """The embedded database's file; PostgreSQL (or an in-memory database) is refused."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise UserError(f"error.{command}_postgresql")
    if not url.database or url.database == ":memory:":
        raise UserError("error.backup_no_file")
    return Path(url.database)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect(path: Path) -> DatabaseFile:
    """What a file holds, or a `UserError` saying why it is not a console database."""
    if not path.is_file():
        raise UserError("error.backup_missing", path=str(path))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise UserError("error.restore_not_console", path=str(path), table=missing[0])
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] not in known_revisions():
                raise UserError(
                    "error.restore_unknown_revision",
                    path=str(path),
                    revision=revision[0] if revision else "-",
                )
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise UserError("error.restore_damaged", path=str(path))
            matters = conn.execute("SELECT count(*) FROM matters").fetchone()[0]
    except sqlite3.DatabaseError:  # not a database at all, or unreadable
        raise UserError("error.restore_not_database", path=str(path)) from None
    return DatabaseFile(path, revision[0], matters)


def _copy(source: Path, target: Path) -> None:
    """Page by page through SQLite's backup API, under SQLite's locks on both sides."""
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
        with contextlib.closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)


def backup(database_url: str, target: Path) -> DatabaseFile:
    """A consistent copy of the live database in `target` (never overwritten), checked."""
    source = sqlite_path(database_url, "backup")
    if not source.is_file():
        raise UserError("error.backup_missing", path=str(source))
    target = Path(target)
    if target.exists():
        raise UserError("error.backup_exists", path=str(target))
    draft = target.with_name(f".{target.name}.partial")
    draft.unlink(missing_ok=True)
    try:
        _copy(source, draft)
        os.replace(draft, target)  # a reader of `target` never sees half a copy
    finally:
        draft.unlink(missing_ok=True)
    return inspect(target)


def restore(database_url: str, source: Path, *, now: dt.datetime | None = None) -> Restored:
    """Replace the live database with a checked backup; the replaced one is saved first as
    ``<name>.before-restore-<time>.db`` beside it. Stop the console before restoring."""
    target = sqlite_path(database_url, "restore")
    checked = inspect(Path(source))
    if target.exists() and target.resolve() == Path(source).resolve():
        raise UserError("error.restore_same_file", path=str(source))
    previous = None
    if target.is_file():
        stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S")
        previous = target.with_name(f"{target.stem}.before-restore-{stamp}.db")
        _copy(target, previous)
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(checked.path, target)
    return Restored(inspect(target), previous)
