"""Finding a matter by the case number staff type or read out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Matter


def matter_id_by_case(session: Session, case_number: str) -> int | None:
    return session.scalar(select(Matter.id).where(Matter.case_number == case_number.strip()))
