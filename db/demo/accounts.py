"""The documented demo accounts, one per role, all with the same demo password."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.users import create_user, hash_password
from core.vocab import Role
from db.demo.places import DISTRICT_CODE
from db.demo.units import LIAISON_UNIT
from db.models import User

DEMO_PASSWORD = "demo12345"
#: 谢家湾街道办事处: 谢家湾 is the district's second sub-district (`db.demo.places.TOWNS`).
STORY_TOWN_UNIT = f"T-{DISTRICT_CODE}002"

#: (username, role, password, display name, unit code or None)
DEMO_ACCOUNTS: list[tuple[str, Role, str, str, str | None]] = [
    ("clerk", Role.CLERK, DEMO_PASSWORD, "演示登记员", None),
    ("supervisor", Role.SUPERVISOR, DEMO_PASSWORD, "演示督办员", None),
    ("trainer", Role.TRAINER, DEMO_PASSWORD, "演示培训员", None),
    ("admin", Role.ADMIN, DEMO_PASSWORD, "演示管理员", None),
    # the units the two founding stories route to (seed 002): 袁大爷's land case, 林婆婆's
    # payment point, handled by 谢家湾街道
    ("liaison_pnr", Role.UNIT_LIAISON, DEMO_PASSWORD, "规划自然资源局联络员（演示）", "D-PNR"),
    ("liaison_xjw", Role.UNIT_LIAISON, DEMO_PASSWORD, "谢家湾街道联络员（演示）", STORY_TOWN_UNIT),
    # last of its role: tests that take "the" liaison by role take this one
    ("liaison", Role.UNIT_LIAISON, DEMO_PASSWORD, "住房城乡建委联络员（演示）", LIAISON_UNIT),
]


def create_demo_users(session: Session) -> list[str]:
    """Creates the accounts that do not exist yet (a configured first admin is kept).

    bcrypt is slow on purpose, so the one password is hashed once for all accounts.
    """
    existing = set(session.scalars(select(User.username)))
    password_hash = None
    created = []
    for username, role, password, display, unit_code in DEMO_ACCOUNTS:
        if username in existing:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        create_user(
            session, username, password, role, display, unit_code, password_hash=password_hash
        )
        created.append(username)
    return created
