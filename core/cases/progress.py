"""The public progress page: case number + query code → where the matter stands.

No sign-in, so it shows nothing personal (no names, ID or phone numbers), answers a wrong
pair exactly like an unknown case, and slows down guessing: after `FREE_ATTEMPTS` wrong
pairs for a case number within `WINDOW`, each further attempt must wait, twice as long as
the previous wait. During a wait even the right pair is refused, so waiting cannot be
skipped by guessing faster. Failures are rows (`LookupFailure`), so the limit holds on
every server; call `lookup` in a write transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.cases.query_code import hash_query_code, query_code_matches
from core.timeutil import local_date
from core.vocab import MatterState
from db.models import LookupFailure, Matter, Unit

FREE_ATTEMPTS = 3
WINDOW = dt.timedelta(minutes=15)
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 15 * 60
#: Compared against when the case does not exist, so both answers take the same work.
_NO_SUCH_CASE = hash_query_code("", "")
REPLY_STATES = frozenset(
    {MatterState.REPLIED, MatterState.DELIVERED, MatterState.RATED, MatterState.CLOSED}
)


@dataclass(frozen=True)
class ProgressView:
    case_number: str
    stage: MatterState
    received_on: dt.date
    accepted_on: dt.date | None
    assigned_on: dt.date | None
    replied_on: dt.date | None
    delivered_on: dt.date | None
    closed_on: dt.date | None
    handling_unit: str | None
    reply_text: str | None
    redirect_to: str | None  # where to go instead, when not accepted


@dataclass(frozen=True)
class LookupResult:
    view: ProgressView | None  # None: the one generic "not found or wrong code" message
    retry_after_seconds: int  # > 0: the page refuses lookups of this case until then


def _wait_seconds(failures: int) -> int:
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_SECONDS)


def _retry_after(session: Session, case_number: str, now: dt.datetime) -> int:
    count, last = session.execute(
        select(func.count(LookupFailure.id), func.max(LookupFailure.failed_at)).where(
            LookupFailure.case_number == case_number, LookupFailure.failed_at > now - WINDOW
        )
    ).one()
    if not count:
        return 0
    if isinstance(last, str):  # a raw aggregate on SQLite skips the column type
        last = dt.datetime.fromisoformat(last)
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    remaining = last + dt.timedelta(seconds=_wait_seconds(count)) - now
    return max(0, int(remaining.total_seconds() + 0.999))


def _day(moment: dt.datetime | None) -> dt.date | None:
    return local_date(moment) if moment else None


def _view(session: Session, matter: Matter) -> ProgressView:
    unit = session.get(Unit, matter.unit_id) if matter.unit_id else None
    return ProgressView(
        case_number=matter.case_number,
        stage=matter.state,
        received_on=local_date(matter.received_at),
        accepted_on=_day(matter.accepted_at),
        assigned_on=_day(matter.assigned_at),
        replied_on=_day(matter.replied_at),
        delivered_on=_day(matter.delivered_at),
        closed_on=_day(matter.closed_at),
        handling_unit=unit.name if unit else None,
        reply_text=matter.reply_text if matter.state in REPLY_STATES else None,
        redirect_to=matter.redirect_to if matter.state is MatterState.NOT_ACCEPTED else None,
    )


def lookup(session: Session, case_number: str, query_code: str, now: dt.datetime) -> LookupResult:
    case_number = (case_number or "").strip().upper()
    wait = _retry_after(session, case_number, now)
    if wait:
        return LookupResult(None, wait)
    matter = session.scalar(select(Matter).where(Matter.case_number == case_number))
    stored = matter.query_code_hash if matter else _NO_SUCH_CASE
    matches = query_code_matches(case_number, query_code or "", stored)
    if matter is not None and matches:
        return LookupResult(_view(session, matter), 0)
    session.add(LookupFailure(case_number=case_number[:32], failed_at=now))
    session.flush()
    return LookupResult(None, _retry_after(session, case_number, now))
