"""User accounts as administrators keep them: create, temporary password, role, disable and
enable (never delete: history names users), unlock; and every user's own password change.

Rules: administrators only (`users.manage`); the last active administrator can be neither
disabled nor demoted; a liaison belongs to an active unit. Every change is in the change log
(entity ``user``, key the username); passwords themselves are never logged.
"""

from __future__ import annotations

import bcrypt
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import UserError
from core.history import change_history, record_change, record_changes
from core.policy import require
from core.users import MIN_PASSWORD_LENGTH, UserView, create_user, hash_password
from core.vocab import Role
from db.models import Unit, User

USER = "user"
#: What the change log holds for a password change (never the password or its hash).
PASSWORD_SET, PASSWORD_TEMPORARY = "changed", "temporary"

USER_COLUMNS = [
    "username",
    "display_name",
    "role",
    "unit_id",
    "unit",
    "is_active",
    "must_change_password",
    "last_sign_in_at",
    "locked_until",
]


def users_table(session: Session, actor: UserView) -> pd.DataFrame:
    """Every account with its role, unit, active or not, last sign-in and lock."""
    require(actor, "users.manage")
    rows = session.execute(
        select(
            User.username,
            User.display_name,
            User.role,
            User.unit_id,
            Unit.name,
            User.is_active,
            User.must_change_password,
            User.last_sign_in_at,
            User.locked_until,
        )
        .outerjoin(Unit, Unit.id == User.unit_id)
        .order_by(User.username)
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=USER_COLUMNS)


def user_history(session: Session, actor: UserView, username: str | None = None) -> pd.DataFrame:
    """The logged changes of accounts (all, or one), newest first."""
    require(actor, "users.manage")
    return change_history(session, USER, username)


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError("error.user_unknown", field="username", username=username)
    return user


def _check_password(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError("error.password_short", field=field, n=MIN_PASSWORD_LENGTH)


def _unit_code(session: Session, unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    code = session.scalar(select(Unit.code).where(Unit.id == unit_id))
    if code is None:
        raise UserError("error.unit_unknown", field="unit")
    return code


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.is_active, User.id != user.id)
    )


def _guard_last_admin(session: Session, user: User) -> None:
    """Refuse to leave the console without an active administrator."""
    if user.role is Role.ADMIN and user.is_active and _other_active_admins(session, user) == 0:
        raise UserError("error.last_admin", field="username", username=user.username)


def create_account(
    session: Session,
    actor: UserView,
    username: str,
    temporary_password: str,
    role: Role | str,
    *,
    display_name: str | None = None,
    unit_id: int | None = None,
) -> User:
    """A new account with a temporary password the user changes at the first sign-in.
    A liaison needs a unit (chosen by the page by name, passed by id)."""
    require(actor, "users.manage")
    unit_code = _unit_code(session, unit_id) if Role(role) is Role.UNIT_LIAISON else None
    user = create_user(
        session,
        (username or "").strip(),
        temporary_password,
        role,
        (display_name or "").strip() or None,
        unit_code,
    )
    user.must_change_password = True
    record_changes(
        session,
        USER,
        user.username,
        {},
        {
            "display_name": user.display_name,
            "role": user.role,
            "unit_id": user.unit_id,
            "is_active": True,
            "password": PASSWORD_TEMPORARY,
        },
        actor,
    )
    session.flush()
    return user


def set_temporary_password(session: Session, actor: UserView, username: str, password: str) -> None:
    """Reset a forgotten password: the user must change it at the next sign-in. Also lifts a
    lock (the user could not sign in otherwise)."""
    require(actor, "users.manage")
    user = _user(session, username)
    _check_password(password)
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_attempts = 0
    record_change(session, USER, username, "password", None, PASSWORD_TEMPORARY, actor)
    if user.locked_until is not None:
        record_change(session, USER, username, "locked_until", user.locked_until, None, actor)
        user.locked_until = None


def set_role(
    session: Session,
    actor: UserView,
    username: str,
    role: Role | str,
    *,
    unit_id: int | None = None,
) -> None:
    """Change a user's role (and a liaison's unit). The last active administrator stays one."""
    require(actor, "users.manage")
    user = _user(session, username)
    try:
        role = Role(role)
    except ValueError:
        raise UserError("error.unknown_role", field="role", role=role) from None
    if role is Role.UNIT_LIAISON:
        if unit_id is None:
            raise UserError("error.liaison_needs_unit", field="unit")
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise UserError("error.unit_unknown", field="unit")
        if not unit.is_active and unit_id != user.unit_id:
            raise UserError("error.unit_inactive", field="unit", unit=unit.name)
    else:
        unit_id = None
    if role is not Role.ADMIN:
        _guard_last_admin(session, user)
    record_changes(
        session,
        USER,
        username,
        {"role": user.role, "unit_id": user.unit_id},
        {"role": role, "unit_id": unit_id},
        actor,
    )
    user.role, user.unit_id = role, unit_id


def set_active(session: Session, actor: UserView, username: str, active: bool) -> None:
    """Disable (the user can no longer sign in; the account and its history stay) or enable.
    Nobody disables the last active administrator, nor their own account."""
    require(actor, "users.manage")
    user = _user(session, username)
    if not active:
        if user.username == actor.username:
            raise UserError("error.cannot_disable_self", field="username")
        _guard_last_admin(session, user)
    record_change(session, USER, username, "is_active", bool(user.is_active), active, actor)
    user.is_active = active


def unlock(session: Session, actor: UserView, username: str) -> None:
    """Lift a sign-in lock now (and forget the wrong attempts)."""
    require(actor, "users.manage")
    user = _user(session, username)
    record_change(session, USER, username, "locked_until", user.locked_until, None, actor)
    user.locked_until = None
    user.failed_attempts = 0


def change_own_password(
    session: Session, actor: UserView, old_password: str, new_password: str
) -> None:
    """Every signed-in user changes their own password, proving the old one. This also ends
    a temporary password."""
    user = session.scalar(select(User).where(User.username == actor.username, User.is_active))
    if user is None:
        raise UserError("error.not_allowed")
    if not bcrypt.checkpw((old_password or "").encode(), user.password_hash.encode()):
        raise UserError("error.old_password_wrong", field="old_password")
    _check_password(new_password, "new_password")
    if new_password == old_password:
        raise UserError("error.password_unchanged", field="new_password")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    record_change(session, USER, user.username, "password", None, PASSWORD_SET, actor)
