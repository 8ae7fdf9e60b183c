"""The public progress page: case number + query code → where the matter stands.

No sign-in, so it shows nothing personal (no names, ID or phone numbers) and answers a wrong
pair exactly like an unknown case. Guessing is slowed down without ever letting one
requester keep a petitioner out:

* per client (a keyed hash of the requester's address, `client_from_request`): after
  `FREE_ATTEMPTS` wrong pairs within `WINDOW` each further attempt must wait, twice as long
  as the previous wait; during a wait nothing that client sends is compared, so waiting
  cannot be skipped by guessing faster. Another client is not affected;
* per case and overall: many failures on one case number (from anyone) or more than
  `GLOBAL_FAILURES_PER_MINUTE` failures across all clients make every answer come a little
  later (`LookupResult.delay_seconds`, at most `MAX_DELAY_SECONDS`), the right pair
  included, so a slow answer does not betray a wrong code. The right pair is never refused
  because of someone else's guesses.

Failures are rows (`LookupFailure`), so the limits hold on every server. An attempt is
recorded before it is counted, under a per-client lock on PostgreSQL (SQLite serialises
writers), so parallel guesses see each other and no more pairs are compared than allowed;
the row is dropped again when the pair was right or was not compared. Rows older than
`RETENTION` are purged on every lookup. Call `lookup` in a write transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from core.cases.query_code import hash_query_code, query_code_matches
from core.config import lookup_key
from core.timeutil import local_date
from core.vocab import MatterState
from db.models import LookupFailure, Matter, Unit

#: Per client: wrong pairs within `WINDOW` before each attempt has to wait.
FREE_ATTEMPTS = 5
WINDOW = dt.timedelta(minutes=15)
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 15 * 60
#: Per case (any client): from this many failures within `WINDOW` every answer is delayed.
CASE_FREE_FAILURES = 5
CASE_DELAY_SECONDS = 1.0
#: Overall: failures per minute across all clients before every answer is delayed.
GLOBAL_FAILURES_PER_MINUTE = 60
MAX_DELAY_SECONDS = 5.0
RETENTION = dt.timedelta(days=1)
#: The bucket of requests whose address is unknown.
UNKNOWN_CLIENT = "unknown"
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
    retry_after_seconds: int  # > 0: this client must wait; nothing was compared
    delay_seconds: float = 0.0  # the page holds the answer back this long


# --- who is asking ---------------------------------------------------------------------


def client_from_request(
    headers: Mapping[str, str], peer: str | None, trusted_proxy: bool
) -> str | None:
    """The requester's address: the peer, or, behind the office's trusted reverse proxy,
    the address the proxy forwarded (the rightmost X-Forwarded-For entry, which the proxy
    itself appended, else X-Real-IP). Without a trusted proxy these headers are ignored:
    anyone can send them."""
    if trusted_proxy:
        lowered = {str(k).lower(): str(v) for k, v in headers.items()}
        forwarded = [a.strip() for a in lowered.get("x-forwarded-for", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if forwarded:
            return forwarded[-1]
        real_ip = lowered.get("x-real-ip", "").strip()
        if real_ip:
            return real_ip
    return peer if isinstance(peer, str) and peer else None


def _client_key(address: str | None) -> str:
    """One bucket per IPv4 address and per IPv6 /64 (one subscriber's usual allocation)."""
    raw = address.strip() if isinstance(address, str) else ""
    if not raw:
        return UNKNOWN_CLIENT
    try:
        ip = ipaddress.ip_address(raw.split("%", 1)[0])
    except ValueError:
        return raw[:200]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def client_tag(address: str | None, key: bytes | None = None) -> str:
    """What is stored in `LookupFailure.client`: a keyed hash, never the address."""
    message = b"lookup-client:" + _client_key(address).encode()
    return hmac.new(lookup_key() if key is None else key, message, hashlib.sha256).hexdigest()


# --- the limits -------------------------------------------------------------------------


def _wait_seconds(failures: int) -> int:
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_SECONDS)


def _aware(moment: dt.datetime | str) -> dt.datetime:
    if isinstance(moment, str):  # a raw aggregate on SQLite skips the column type
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _serialise_client(session: Session, tag: str) -> None:
    """PostgreSQL: one lookup per client at a time (until commit), so a parallel attempt
    counts the committed row of the one before it. SQLite writers are serialised already."""
    if session.get_bind().dialect.name == "postgresql":
        lock_id = int(tag[:15], 16)  # fits a signed bigint
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def _earlier_failures(session: Session, own_id: int, since: dt.datetime, *where) -> tuple:
    count, last = session.execute(
        select(func.count(LookupFailure.id), func.max(LookupFailure.failed_at)).where(
            LookupFailure.id != own_id, LookupFailure.failed_at > since, *where
        )
    ).one()
    return count or 0, (_aware(last) if last is not None else None)


def _delay(session: Session, own_id: int, case_number: str, now: dt.datetime) -> float:
    on_case, _ = _earlier_failures(
        session, own_id, now - WINDOW, LookupFailure.case_number == case_number
    )
    overall, _ = _earlier_failures(session, own_id, now - dt.timedelta(minutes=1))
    delay = 0.0
    if on_case >= CASE_FREE_FAILURES:
        delay += CASE_DELAY_SECONDS * min(on_case // CASE_FREE_FAILURES, 2)
    if overall >= GLOBAL_FAILURES_PER_MINUTE:
        delay += overall / GLOBAL_FAILURES_PER_MINUTE
    return min(delay, MAX_DELAY_SECONDS)


def purge_old_failures(session: Session, now: dt.datetime) -> int:
    """Forget failures older than `RETENTION` (uses the index on failed_at)."""
    result = session.execute(delete(LookupFailure).where(LookupFailure.failed_at < now - RETENTION))
    return result.rowcount or 0


# --- the view ---------------------------------------------------------------------------


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


def lookup(
    session: Session,
    case_number: str,
    query_code: str,
    now: dt.datetime,
    client: str | None = None,
) -> LookupResult:
    """`client` is the requester's address (`client_from_request`); None shares one bucket."""
    key = lookup_key()
    tag = client_tag(client, key)
    case_number = (case_number or "").strip().upper()[:32]
    purge_old_failures(session, now)
    _serialise_client(session, tag)
    attempt = LookupFailure(case_number=case_number, failed_at=now, client=tag)
    session.add(attempt)  # recorded first, so a parallel attempt of this client counts it
    session.flush()
    count, last = _earlier_failures(session, attempt.id, now - WINDOW, LookupFailure.client == tag)
    if count and last is not None:
        remaining = (last + dt.timedelta(seconds=_wait_seconds(count)) - now).total_seconds()
        if remaining > 0:
            session.delete(attempt)  # not compared, so not a failure
            return LookupResult(None, int(remaining + 0.999))
    delay = _delay(session, attempt.id, case_number, now)
    matter = session.scalar(select(Matter).where(Matter.case_number == case_number))
    stored = matter.query_code_hash if matter else _no_such_case(key)
    matches = query_code_matches(case_number, query_code or "", stored, key)
    if matter is not None and matches:
        session.delete(attempt)
        return LookupResult(_view(session, matter), 0, delay)
    return LookupResult(None, _wait_seconds(count + 1), delay)


def _no_such_case(key: bytes) -> str:
    """Compared against when the case does not exist, so both answers take the same work."""
    return hash_query_code("", "", key)
