"""Users, roles, passwords and the sign-in lockout, kept in the database.

Lockout lives here rather than in streamlit-authenticator, whose counters are per process:
five wrong passwords in a row lock the account for `auth.lockout_minutes` on every server.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

import bcrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import settings
from core.errors import UserError
from core.timeutil import now_utc
from core.vocab import Role
from db.models import Unit, User

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{2,31}$")
MIN_PASSWORD_LENGTH = 8

#: A bcrypt hash no password matches, handed to the sign-in form for locked accounts.
_UNMATCHABLE_HASH = bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt(4)).decode()


@dataclass(frozen=True)
class UserView:
    username: str
    display_name: str
    role: Role
    unit_id: int | None
    locked_until: dt.datetime | None
    #: Signed in with a temporary password: the console asks for a new one first.
    must_change_password: bool = False


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def create_user(
    session: Session,
    username: str,
    password: str,
    role: Role | str,
    display_name: str | None = None,
    unit_code: str | None = None,
    *,
    password_hash: str | None = None,
) -> User:
    """Create a user; raises `UserError` on a bad name, weak password, role or unit."""
    if not USERNAME_PATTERN.match(username):
        raise UserError("error.username_format", field="username")
    try:
        role = Role(role)
    except ValueError:
        raise UserError("error.unknown_role", field="role", role=role) from None
    if password_hash is None and len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("error.password_short", field="password", n=MIN_PASSWORD_LENGTH)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserError("error.username_taken", field="username", username=username)
    unit_id = None
    if role is Role.UNIT_LIAISON:
        if not unit_code:
            raise UserError("error.liaison_needs_unit", field="unit")
        unit = session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            raise UserError("error.unknown_unit", field="unit", unit=unit_code)
        if not unit.is_active:
            raise UserError("error.unit_inactive", field="unit", unit=unit.name)
        unit_id = unit.id
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        unit_id=unit_id,
        password_hash=password_hash or hash_password(password),
        created_at=now_utc(),
    )
    session.add(user)
    session.flush()
    return user


def has_users(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def get_user(session: Session, username: str) -> UserView | None:
    user = session.scalar(select(User).where(User.username == username, User.is_active))
    if user is None:
        return None
    return view_of(user)


def view_of(user: User) -> UserView:
    return UserView(
        user.username,
        user.display_name,
        user.role,
        user.unit_id,
        user.locked_until,
        bool(user.must_change_password),
    )


def is_locked(user: User, now: dt.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def credentials(session: Session) -> dict:
    """The credentials dict streamlit-authenticator expects, built fresh from the database.

    Locked accounts get a hash no password matches, so the form refuses them.
    """
    now = now_utc()
    users = session.scalars(select(User).where(User.is_active)).all()
    return {
        "usernames": {
            u.username: {
                "name": u.display_name,
                "email": u.email or f"{u.username}@localhost",
                "password": _UNMATCHABLE_HASH if is_locked(u, now) else u.password_hash,
                "roles": [u.role.value],
            }
            for u in users
        }
    }


def record_failed_sign_in(session: Session, username: str) -> dt.datetime | None:
    """Count a wrong password; returns the lock expiry when this attempt locks the account."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        return None
    now = now_utc()
    if is_locked(user, now):
        return user.locked_until
    user.failed_attempts += 1
    if user.failed_attempts >= settings.get(session, "auth.max_failed_attempts"):
        user.locked_until = now + dt.timedelta(
            minutes=settings.get(session, "auth.lockout_minutes")
        )
        user.failed_attempts = 0
        return user.locked_until
    return None


def record_successful_sign_in(session: Session, username: str) -> None:
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        user.failed_attempts = 0
        user.locked_until = None
        user.last_sign_in_at = now_utc()


def locked_until(session: Session, username: str) -> dt.datetime | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not is_locked(user, now_utc()):
        return None
    return user.locked_until
