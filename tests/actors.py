"""Acting users for tests: every use case that changes data takes one (core/policy.py).

`actor("name")` gives a user of the role its name suggests (administrator by default), so a
test reads like the office: ``record_reply(..., actor("liaison", unit_id=3))``.
"""

from __future__ import annotations

from core.users import UserView
from core.vocab import Role

_ROLES = {
    "clerk": Role.CLERK,
    "clerk1": Role.CLERK,
    "supervisor": Role.SUPERVISOR,
    "sup1": Role.SUPERVISOR,
    "boss": Role.SUPERVISOR,
    "trainer": Role.TRAINER,
    "liaison": Role.UNIT_LIAISON,
}


def actor(name: str, role: Role | None = None, *, unit_id: int | None = None) -> UserView:
    return UserView(name, name, role or _ROLES.get(name, Role.ADMIN), unit_id, None)


CLERK = actor("clerk")
SUPERVISOR = actor("supervisor")
TRAINER = actor("trainer")
ADMIN = actor("admin")
