"""History is the truth: replaying a matter's event log must give the matter row.

Each matter's events are applied in order (occurred_at, id), each event's ``after`` over the
fields so far, from an empty start (only ``ceased`` starts as False, its column default).
The result is compared with the stored row on the fields a step writes: the state, the
handling unit, the step dates, who delivered the reply and how, the ratings and ``ceased``.
A difference means the row was changed without an event (or an event was written without
the change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.cases.workflow import STEP_DATES, plain
from db.models import Matter, MatterEvent

#: The fields compared, in the order the differences are listed.
DATE_FIELDS = STEP_DATES  # the workflow's list of step timestamps, in step order
COMPARED = (
    "state",
    "unit_id",
    *DATE_FIELDS,
    "delivered_by_agent_id",
    "delivery_method",
    "unit_rating",
    "agent_rating",
    "ceased",
)
#: Events about something beside the matter (a notice, an extension, a package, a filing,
#: a review of it): their fields describe that thing, not the matter, and are not replayed
#: (a notice's `unit_id` is the notified unit, not the unit in charge).
SIDE_EVENTS = frozenset(
    {
        "supervision_issued",
        "supervision_answered",
        "extension_approved",
        "review_requested",
        "repeat_filed",
        "packaged",
        "package_changed",
    }
)
#: The empty start: nothing known but the column defaults.
START: dict[str, Any] = {"ceased": False}
DIFFERENCE_COLUMNS = ["case_number", "field", "replayed", "stored"]
#: Matters replayed per query (events of a batch are loaded at once).
BATCH = 500


@dataclass(frozen=True)
class ReplayReport:
    checked: int  # matters replayed
    differences: pd.DataFrame  # case_number, field, replayed, stored (plain values)

    @property
    def ok(self) -> bool:
        return self.differences.empty


def replay(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The fields as a list of event ``after`` dicts (already in order) leaves them."""
    state = dict(START)
    for after in events:
        state.update(after or {})
    return state


def _same(field: str, replayed: Any, stored: Any) -> bool:
    if field in DATE_FIELDS and replayed is not None and stored is not None:
        try:
            return dt.datetime.fromisoformat(str(replayed)) == dt.datetime.fromisoformat(stored)
        except (TypeError, ValueError):
            return False
    return replayed == stored


def compare(replayed: dict[str, Any], matter: Matter) -> list[tuple[str, Any, Any]]:
    """(field, replayed, stored) for each compared field that differs."""
    out = []
    for field in COMPARED:
        stored = plain(getattr(matter, field))
        value = replayed.get(field)
        if not _same(field, value, stored):
            out.append((field, value, stored))
    return out


def check_history(session: Session, matter_ids: list[int] | None = None) -> ReplayReport:
    """Replay every matter's events (or those of `matter_ids`) and list the differences."""
    ids_query = select(Matter.id).order_by(Matter.id)
    if matter_ids is not None:
        ids_query = ids_query.where(Matter.id.in_(list(matter_ids)))
    ids = list(session.scalars(ids_query))
    rows: list[tuple[str, str, Any, Any]] = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        afters: dict[int, list[dict]] = {matter_id: [] for matter_id in batch}
        for matter_id, after in session.execute(
            select(MatterEvent.matter_id, MatterEvent.after)
            .where(MatterEvent.matter_id.in_(batch), MatterEvent.kind.not_in(SIDE_EVENTS))
            .order_by(MatterEvent.matter_id, MatterEvent.occurred_at, MatterEvent.id)
        ):
            afters[matter_id].append(after)
        for matter in session.scalars(select(Matter).where(Matter.id.in_(batch))):
            for field, value, stored in compare(replay(afters[matter.id]), matter):
                rows.append((matter.case_number, field, value, stored))
    differences = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
    return ReplayReport(len(ids), differences.sort_values(["case_number"], kind="stable"))
