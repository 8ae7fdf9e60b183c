"""Leader case packaging (领导包案, seed 001): the "four fixes" for a major matter.

A supervisor or administrator names a leader (定领导), the measures (定措施), a time limit
(定时限) and a responsible person (定责任人). One package per matter; it can be changed
while the matter is being handled, with a reason. Every packaging and every change is an
event on the matter's timeline ("packaged", "package_changed") with the before and after of
the four fixes (keys ``package_*``: no field of the matter, so replay is not affected).

The time limit is a clock like the others (`ClockKind.PACKAGE`, due on the package's own
date): it runs from the packaging until the matter's written reply (办结), and shows on the
deadline board with its light.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.cases.workflow import log_event
from core.deadlines.calendar import load_calendar
from core.deadlines.clocks import sync_clocks
from core.errors import ConcurrentEditError, UserError
from core.policy import actor_name, matter_scope, require_on_matter
from core.today import checked_today, moment_on
from core.users import UserView
from core.validation import checked_text
from core.vocab import ClockKind, MatterState
from db.models import Clock, Matter, MatterPackage, Unit

#: Column sizes of the four fixes.
NAME_LIMIT = 100
MEASURES_LIMIT = 2_000
REASON_LIMIT = 1_000
#: A time limit further away than this is a typing error, not a plan.
MAX_PACKAGE_DAYS = 365
#: The four fixes as stored, and their keys in an event's before/after.
FIELDS = ("leader", "measures", "due_on", "responsible")


@dataclass(frozen=True)
class PackageView:
    """A matter's package as a page shows it."""

    leader: str
    measures: str
    due_on: dt.date
    responsible: str
    packaged_at: dt.datetime
    packaged_by: str
    updated_at: dt.datetime
    updated_by: str
    version: int


def _view(row: MatterPackage) -> PackageView:
    return PackageView(
        row.leader,
        row.measures,
        row.due_on,
        row.responsible,
        row.packaged_at,
        row.packaged_by,
        row.updated_at,
        row.updated_by,
        row.version,
    )


def package_of(session: Session, matter_id: int) -> PackageView | None:
    """The matter's package, if it has one (callers have checked the reader may see it)."""
    row = session.scalar(select(MatterPackage).where(MatterPackage.matter_id == matter_id))
    return None if row is None else _view(row)


def package_matter(
    session: Session,
    matter_id: int,
    leader: str,
    measures: str,
    due_on: dt.date | None,
    responsible: str,
    actor: UserView,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
    today: dt.date | None = None,
) -> PackageView:
    """Package a major matter (the four fixes), or change its package.

    Supervisors and administrators, on a matter accepted and not yet replied to
    (`core.policy`, action "package"). A change needs a reason and the package's version as
    the user saw it (`expected_version`); a new package needs no version (None). The time
    limit is after today and at most `MAX_PACKAGE_DAYS` away. Nothing is written on an error.
    """
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise UserError("error.matter_unknown", matter_id=matter_id)
    require_on_matter(actor, "package", matter)
    today = checked_today(session, today)
    values: dict[str, Any] = {
        "leader": checked_text(leader, "leader", NAME_LIMIT, required=True),
        "measures": checked_text(
            measures, "measures", MEASURES_LIMIT, multiline=True, required=True
        ),
        "responsible": checked_text(responsible, "responsible", NAME_LIMIT, required=True),
    }
    reason = checked_text(reason, "reason", REASON_LIMIT, multiline=True)
    row = session.scalar(select(MatterPackage).where(MatterPackage.matter_id == matter_id))
    if due_on is None:
        raise UserError("error.required", field="due_on")
    if row is None or due_on != row.due_on:
        if due_on <= today:
            raise UserError("error.package_due_not_after_today", field="due_on")
        latest = today + dt.timedelta(days=MAX_PACKAGE_DAYS)
        if due_on > latest:
            raise UserError("error.date_too_far", field="due_on", day=due_on, latest=latest)
    values["due_on"] = due_on
    when = moment_on(today)
    name = actor_name(actor)
    if row is None:
        if expected_version is not None:
            raise ConcurrentEditError()  # the package the user changed is gone
        row = MatterPackage(
            matter_id=matter_id,
            packaged_at=when,
            packaged_by=name,
            updated_at=when,
            updated_by=name,
            **values,
        )
        session.add(row)
        kind, before, after = "packaged", {}, values
    else:
        if expected_version is None or row.version != expected_version:
            raise ConcurrentEditError()
        if reason is None:
            raise UserError("error.package_change_reason", field="reason")
        current = {f: getattr(row, f) for f in FIELDS}
        before = {f: current[f] for f in FIELDS if current[f] != values[f]}
        after = {f: values[f] for f in before}
        if not after:
            raise UserError("error.package_unchanged")
        for f, value in after.items():
            setattr(row, f, value)
        row.updated_at, row.updated_by = when, name
        kind = "package_changed"
    log_event(
        session,
        matter,
        kind,
        actor,
        when,
        reason=reason,
        before={f"package_{k}": v for k, v in before.items()},
        after={f"package_{k}": v for k, v in after.items()},
    )
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentEditError() from None
    sync_clocks(session, matter, load_calendar(session), today)
    return _view(row)


PACKAGED_COLUMNS = [
    "matter_id",
    "case_number",
    "state",
    "unit_name",
    "summary",
    "leader",
    "responsible",
    "measures",
    "due_on",
    "clock_state",
    "met_at",
    "packaged_at",
    "packaged_by",
]


def packaged_matters(
    session: Session, viewer: UserView, *, open_only: bool = False
) -> pd.DataFrame:
    """Every packaged matter the viewer may see, with its four fixes and its clock, the
    nearest time limit first (`core.policy.matter_scope`)."""
    query = (
        select(
            Matter.id,
            Matter.case_number,
            Matter.state,
            Unit.name,
            Matter.summary,
            MatterPackage.leader,
            MatterPackage.responsible,
            MatterPackage.measures,
            MatterPackage.due_on,
            Clock.state,
            Clock.met_at,
            MatterPackage.packaged_at,
            MatterPackage.packaged_by,
        )
        .join(MatterPackage, MatterPackage.matter_id == Matter.id)
        .outerjoin(Unit, Unit.id == Matter.unit_id)
        .outerjoin(Clock, (Clock.matter_id == Matter.id) & (Clock.kind == ClockKind.PACKAGE))
        .where(matter_scope(viewer))
        .order_by(MatterPackage.due_on, Matter.id)
    )
    if open_only:
        query = query.where(Matter.state.in_(OPEN_FOR_PACKAGE))
    rows = session.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=PACKAGED_COLUMNS)


#: The states a package is worked on in (before the written reply concludes it).
OPEN_FOR_PACKAGE = (MatterState.ACCEPTED, MatterState.ASSIGNED, MatterState.IN_HANDLING)
