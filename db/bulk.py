"""Inserting many rows at once: the demo district's tables and the rebuild of every clock.

On PostgreSQL the rows are streamed with COPY … FROM STDIN, each value first passed through
its column type's bind processing exactly as an INSERT would (enums, UTC timestamps, JSON):
7× faster than an executemany of single-row INSERTs (143,000 clocks: 4.7 s against 32 s).
Elsewhere, and for rows COPY cannot take as they are (differing keys, a default computed
in Python), an executemany of `chunk` rows per call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

CHUNK = 5000
#: In a COPY column list: the value comes from the row (else it is the column's default).
_FROM_ROW = object()


def insert_many(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert `rows` (dicts of column values) into `table`; `progress(n)` after each n rows."""
    if not rows:
        return
    columns = _copy_columns(session, table, rows)
    if columns is None:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            session.execute(insert(table), part)
            if progress:
                progress(len(part))
        return
    _copy(session, table, rows, columns, chunk, progress)


def _copy_columns(session: Session, table: Table, rows) -> list[tuple[str, Any]] | None:
    """(column, constant default or the row's key) for COPY, or None when COPY won't do."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    keys = rows[0].keys()
    if any(row.keys() != keys for row in rows):
        return None
    columns: list[tuple[str, Any]] = [(name, _FROM_ROW) for name in keys]
    for column in table.c:
        if column.name in keys or column.default is None:
            continue
        if not column.default.is_scalar:  # computed in Python per row: let INSERT do it
            return None
        columns.append((column.name, column.default.arg))
    return columns


def _copy(session, table: Table, rows, columns, chunk: int, progress) -> None:
    session.flush()
    connection = session.connection()
    dialect = connection.dialect
    processors = [table.c[name].type._cached_bind_processor(dialect) for name, _ in columns]
    names = ", ".join(dialect.identifier_preparer.quote(name) for name, _ in columns)
    target = dialect.identifier_preparer.format_table(table)
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
        for n, row in enumerate(rows, 1):
            values = []
            for (name, default), process in zip(columns, processors, strict=True):
                value = row[name] if default is _FROM_ROW else default
                values.append(process(value) if process is not None else value)
            copy.write_row(values)
            if progress and n % chunk == 0:
                progress(chunk)
    if progress and len(rows) % chunk:
        progress(len(rows) % chunk)
