"""Who may use which page: the access table, as data (BRIEF §2).

Navigation is built from it and every page checks it again at its top, so a page a role
may not use is neither listed nor rendered when reached by URL.
"""

from __future__ import annotations

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
    "progress": ALL_ROLES,
}

#: Things a role may do that are not whole pages.
ACTION_ROLES: dict[str, frozenset[Role]] = {
    "demo.move_today": frozenset({Role.TRAINER, Role.ADMIN}),
    "demo.reset": frozenset({Role.TRAINER, Role.ADMIN}),
    "roster.edit": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "roster.import": frozenset({Role.ADMIN}),
    "roster.training": frozenset({Role.TRAINER, Role.ADMIN}),
    "bonus.compute": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "bonus.approve": frozenset({Role.SUPERVISOR}),
    "deadlines.supervise": frozenset({Role.SUPERVISOR, Role.ADMIN, Role.TRAINER}),
    "deadlines.rules": frozenset({Role.ADMIN}),
    "deadlines.answer_notice": frozenset({Role.UNIT_LIAISON, Role.SUPERVISOR, Role.ADMIN}),
    "intake.register": frozenset({Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
    "intake.routing": frozenset({Role.ADMIN}),
    "intake.templates": frozenset({Role.ADMIN}),
    "coverage.recruit": frozenset({Role.SUPERVISOR, Role.ADMIN, Role.TRAINER}),
    "queue.assign": frozenset({Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
    "queue.record_reply": frozenset({Role.UNIT_LIAISON, Role.CLERK, Role.TRAINER, Role.ADMIN}),
    "queue.record_delivery": frozenset({Role.CLERK, Role.TRAINER, Role.ADMIN}),
    "queue.record_rating": frozenset({Role.CLERK, Role.TRAINER, Role.ADMIN}),
    "queue.close": frozenset({Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
    "queue.withdraw": frozenset({Role.CLERK, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
}


def may_open(role: Role | str | None, page: str) -> bool:
    return role is not None and Role(role) in PAGE_ROLES.get(page, frozenset())


def may(role: Role | str | None, action: str) -> bool:
    return role is not None and Role(role) in ACTION_ROLES.get(action, frozenset())
