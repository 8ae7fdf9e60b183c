"""Who may use which page: the access table, as data (BRIEF §2). What a role may *do* is
`core.policy`; `may` is re-exported here for the pages.

Navigation is built from it and every page checks it again at its top, so a page a role
may not use is neither listed nor rendered when reached by URL.
"""

from __future__ import annotations

from core.policy import ACTION_ROLES, may  # noqa: F401 - the actions' home is core.policy
from core.vocab import Role

ALL_ROLES = frozenset(Role)
OFFICE_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN})

#: page key → roles allowed to open it.
PAGE_ROLES: dict[str, frozenset[Role]] = {
    "overview": ALL_ROLES,
    "deadlines": ALL_ROLES,
    "intake": frozenset({Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
    "roster": OFFICE_ROLES,
    "coverage": OFFICE_ROLES,
    "queue": ALL_ROLES,
    "packaged": OFFICE_ROLES,
    "progress": ALL_ROLES,
    "users": frozenset({Role.ADMIN}),
    "units": frozenset({Role.ADMIN}),
    "places": frozenset({Role.ADMIN}),
}


def may_open(role: Role | str | None, page: str) -> bool:
    return role is not None and Role(role) in PAGE_ROLES.get(page, frozenset())
