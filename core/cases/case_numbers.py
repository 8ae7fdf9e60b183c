"""Case numbers: readable (``500107-2026-000123``), unique, and without gaps.

Each district and year has a row in `case_number_sequences` incremented in the saving
transaction, so a number is used only if the registration commits. Two clerks saving at
once cannot get the same number: on PostgreSQL the UPDATE takes the row lock and the second
waits for the first to commit; on SQLite `Database.write()` begins IMMEDIATE, so writers
queue. A registration therefore takes its number as its last step (`intake._number`),
so the lock is held for a few statements. The row for a new year is created with
INSERT … ON CONFLICT DO NOTHING, which is safe when two transactions both find it missing.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import CaseNumberSequence

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
SEQUENCE_DIGITS = 6
#: What a new matter's case number holds inside its registration, before it is numbered as
#: the last step (never committed: the number replaces it in the same transaction).
PENDING_NUMBER = "pending-"


def format_case_number(district_code: str, year: int, value: int) -> str:
    return f"{district_code}-{year}-{value:0{SEQUENCE_DIGITS}d}"


def next_case_number(session: Session, district_code: str, year: int) -> str:
    """The next case number of the district and year; call inside the saving transaction."""
    insert = _INSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(CaseNumberSequence)
        .values(district_code=district_code, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["district_code", "year"])
    )
    value = session.execute(
        update(CaseNumberSequence)
        .where(
            CaseNumberSequence.district_code == district_code,
            CaseNumberSequence.year == year,
        )
        .values(last_value=CaseNumberSequence.last_value + 1)
        .returning(CaseNumberSequence.last_value)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return format_case_number(district_code, year, value)
