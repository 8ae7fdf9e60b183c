"""The daily digest for a scheduled job: overdue and due-soon matters per unit.

Backs the CLI ``petition-console deadlines --as-of DATE [--unit U] [--xlsx FILE]``. Column
names are English identifiers; the CLI translates them for the spreadsheet.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.deadlines.board import open_clock_board
from core.deadlines.calendar import load_calendar
from core.deadlines.colours import Colour, to_ordinals
from core.deadlines.lists import scope_board
from core.errors import UserError
from core.export import write_xlsx
from db.models import Unit

#: "Due soon": due within this many working days after the as-of day (or on it).
DUE_SOON_WORKING_DAYS = 3

DIGEST_COLUMNS = [
    "unit_code",
    "unit_name",
    "status",
    "case_number",
    "matter_id",
    "kind",
    "started_on",
    "due_on",
    "days_overdue",
    "working_days_left",
    "provisional",
    "agent_proxied",
]


def daily_digest(session: Session, as_of: dt.date, unit_code: str | None = None) -> pd.DataFrame:
    """One row per open office clock that is overdue or due within 3 working days on
    `as_of`, grouped by unit (overdue first, then by due date). Matters not yet assigned
    have no unit code. `days_overdue` counts calendar days past the due date."""
    known = select(Unit.id).where(Unit.code == unit_code)
    if unit_code is not None and session.scalar(known) is None:
        raise UserError("error.unknown_unit", field="unit", unit=unit_code)
    board = open_clock_board(session, as_of, load_calendar(session))
    overdue = board["colour"] == Colour.OVERDUE
    soon = ~overdue & (board["working_days_left"] <= DUE_SOON_WORKING_DAYS)
    digest = board[overdue | soon]
    digest = digest.assign(
        status=overdue[digest.index].map({True: "overdue", False: "due_soon"}),
        days_overdue=np.maximum(as_of.toordinal() - to_ordinals(digest["due_on"]), 0),
    )
    if unit_code is not None:
        digest = scope_board(digest, session.scalar(known))
    digest = digest.sort_values(
        ["unit_code", "status", "due_on"],
        ascending=[True, False, True],
        na_position="last",
        kind="stable",
    )
    return digest[DIGEST_COLUMNS].reset_index(drop=True)


def digest_summary(digest: pd.DataFrame) -> pd.DataFrame:
    """Matters per unit: how many overdue, how many due soon."""
    if digest.empty:
        return pd.DataFrame(columns=["unit_code", "unit_name", "overdue", "due_soon"])
    counts = pd.crosstab(
        [digest["unit_code"].fillna(""), digest["unit_name"].fillna("")],
        digest["status"],
        values=digest["matter_id"],
        aggfunc="nunique",
    )
    counts = counts.reindex(columns=["overdue", "due_soon"]).fillna(0).astype(int)
    return counts.reset_index().rename_axis(columns=None)


__all__ = ["daily_digest", "digest_summary", "write_xlsx"]
