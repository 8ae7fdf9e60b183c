"""Bulk writing of the generated rows, and the reset that wipes every table first.

Rows go in with pre-assigned ids through `db.bulk.insert_many` (COPY on PostgreSQL, Core
executemany elsewhere; ORM objects one by one would take minutes for ~40k rows). On
PostgreSQL the id sequences are then moved past the highest id, so rows the console adds
later get fresh ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from db.bulk import CHUNK, insert_many
from db.models import Base


def wipe_all(session: Session) -> None:
    """Delete every row of every model table, children first (alembic_version is kept)."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


def insert_rows(
    session: Session,
    rows: dict[type, list[dict[str, Any]]],
    *,
    chunk: int = CHUNK,
    progress: Callable[[float], None] | None = None,
) -> dict[str, int]:
    """Insert every table's rows, parents before children, `chunk` rows per statement.

    Rows of a table that points at itself (a matter linked to its original) go in in id
    order and only point at lower ids (`db.demo.materialize` checks this), so every link
    targets a row already inserted, whatever the chunk size.
    """
    counts = {}
    total = sum(len(v) for v in rows.values()) or 1
    done = 0
    for table in Base.metadata.sorted_tables:  # parents before children
        model = _model_of(table)
        batch = rows.get(model, [])

        def advanced(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done / total)

        insert_many(session, table, batch, chunk=chunk, progress=advanced)
        if batch:
            counts[table.name] = len(batch)
    return counts


def _model_of(table):
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


def fix_sequences(session: Session, tables: list[str]) -> None:
    """PostgreSQL: make each serial id sequence continue after the seeded ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        table = Base.metadata.tables[name]
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        top = session.scalar(select(func.max(table.c.id)))
        if top is None:
            continue
        sequence = session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name})
        if sequence:
            session.execute(text("SELECT setval(:s, :v)"), {"s": sequence, "v": top})
