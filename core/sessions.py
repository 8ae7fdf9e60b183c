"""When a signed-in session ends (issue 15): after `session.idle_minutes` without activity,
and at once when the account is disabled or its password changes (on any server).

Pure rules and one read; the console (console/auth.py) asks on every rerun and signs the
browser out, with the reason, when this says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import settings
from core.users import UserView, view_of
from db.models import ChangeLog, User

IDLE_SETTING = "session.idle_minutes"
IDLE, DISABLED, PASSWORD = "idle", "disabled", "password"


def fingerprint(password_hash: str) -> str:
    """A short digest of the stored password hash: any new password (a new salt too) changes
    it, and the session keeps only this, never the hash."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Account:
    user: UserView | None  # None: no such user, or disabled
    fingerprint: str | None
    idle_minutes: int


def account(session: Session, username: str) -> Account:
    """The signed-in user's row as it is now, and the office's idle limit."""
    row = session.scalar(select(User).where(User.username == username))
    idle = settings.get(session, IDLE_SETTING)
    if row is None or not row.is_active:
        return Account(None, None, idle)
    return Account(view_of(row), fingerprint(row.password_hash), idle)


def end_reason(
    now: float,
    last_activity: float | None,
    signed_in_fingerprint: str | None,
    current: Account,
) -> str | None:
    """Why the session ends now (IDLE, DISABLED, PASSWORD), or None. Times in seconds."""
    if current.user is None:
        return DISABLED
    if signed_in_fingerprint is not None and signed_in_fingerprint != current.fingerprint:
        return PASSWORD
    if last_activity is not None and now - last_activity > current.idle_minutes * 60:
        return IDLE
    return None


def password_changed_at(session: Session, username: str):
    """When the account's password was last set (the change log keeps a marker, never the
    password), or None."""
    return session.scalar(
        select(func.max(ChangeLog.changed_at)).where(
            ChangeLog.entity == "user",
            ChangeLog.entity_key == username,
            ChangeLog.field == "password",
        )
    )


def stale_cookie(issued_at: float, changed_at) -> bool:
    """A re-authentication cookie issued before the password last changed no longer signs
    anyone in (a browser left signed in elsewhere). Times: seconds since the epoch and an
    aware or naive-UTC datetime."""
    if changed_at is None:
        return False
    if changed_at.tzinfo is None:
        import datetime as dt

        changed_at = changed_at.replace(tzinfo=dt.UTC)
    return issued_at < changed_at.timestamp()
