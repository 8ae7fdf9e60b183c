"""The one policy: who may do what, on which matter, in which state, and who sees which matter.

Every use case that changes data receives the acting user (`UserView`: username, role, unit)
and calls `require` or `require_on_matter` before it writes; every read path narrows its
query with `matter_scope` / `notice_scope` or checks `may_see`. Pages ask `allowed_actions`
what to offer, so a button is shown exactly when core would accept the click.

Three rules hold for every caller (pages, CLI, scripts, tests):
- a role does only the actions listed for it below;
- a unit liaison acts on and sees only its own unit's matters;
- nobody at a unit ever sees, answers for or is assigned a matter that accuses that unit
  (BRIEF §10; seed 001 forbids disclosing an accusation to the accused).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql.elements import ColumnElement

from core.errors import UserError
from core.users import UserView
from core.vocab import OPEN_STATES, MatterState, Role

S = MatterState
R = Role
OFFICE = frozenset({R.CLERK, R.SUPERVISOR, R.TRAINER, R.ADMIN})
SUPERVISORS = frozenset({R.SUPERVISOR, R.ADMIN, R.TRAINER})

#: Actions that are not steps of one matter: action → roles allowed.
ACTION_ROLES: dict[str, frozenset[Role]] = {
    "demo.move_today": frozenset({R.TRAINER, R.ADMIN}),
    "demo.reset": frozenset({R.TRAINER, R.ADMIN}),
    "roster.edit": frozenset({R.SUPERVISOR, R.ADMIN}),
    "roster.import": frozenset({R.ADMIN}),
    "roster.training": frozenset({R.TRAINER, R.ADMIN}),
    "bonus.compute": frozenset({R.SUPERVISOR, R.ADMIN}),
    "bonus.approve": frozenset({R.SUPERVISOR}),
    "deadlines.supervise": SUPERVISORS,
    "deadlines.rules": frozenset({R.ADMIN}),
    "deadlines.calendar": frozenset({R.ADMIN}),
    "deadlines.answer_notice": frozenset({R.UNIT_LIAISON, R.SUPERVISOR, R.ADMIN}),
    "deadlines.approve_extension": frozenset({R.SUPERVISOR, R.ADMIN}),
    "intake.register": OFFICE,
    "intake.routing": frozenset({R.ADMIN}),
    "intake.templates": frozenset({R.ADMIN}),
    "coverage.recruit": SUPERVISORS,
    "coverage.import_clusters": frozenset({R.ADMIN}),
    "settings.edit": frozenset({R.ADMIN}),
    "users.manage": frozenset({R.ADMIN}),
    "units.manage": frozenset({R.ADMIN}),
    "places.manage": frozenset({R.ADMIN}),
    "queue.assign": OFFICE,
    "queue.reply_templates": frozenset({R.ADMIN}),
    "queue.record_reply": frozenset({R.UNIT_LIAISON, R.CLERK, R.TRAINER, R.ADMIN}),
    "queue.record_delivery": frozenset({R.CLERK, R.TRAINER, R.ADMIN}),
    "queue.record_rating": frozenset({R.CLERK, R.TRAINER, R.ADMIN}),
    "queue.close": OFFICE,
    "queue.withdraw": OFFICE,
}


@dataclass(frozen=True)
class MatterAction:
    """One thing done to one matter: the states it starts from, the state it leads to (None:
    the matter's state does not change), who may do it, and whether a unit liaison must
    belong to the matter's unit to do it."""

    name: str
    from_states: frozenset[MatterState]
    to_state: MatterState | None
    roles: frozenset[Role]
    own_unit: bool = False


def _a(name, from_states, to_state, roles, own_unit=False) -> MatterAction:
    return MatterAction(name, frozenset(from_states), to_state, frozenset(roles), own_unit)


#: The transition table (BRIEF §6): the workflow's allowed state changes are derived from it.
MATTER_ACTIONS: dict[str, MatterAction] = {
    a.name: a
    for a in (
        _a("triage", {S.REGISTERED}, S.TRIAGED, OFFICE),
        _a("accept", {S.REGISTERED, S.TRIAGED}, S.ACCEPTED, OFFICE),
        _a("not_accept", {S.REGISTERED, S.TRIAGED}, S.NOT_ACCEPTED, OFFICE),
        _a("assign", {S.ACCEPTED}, S.ASSIGNED, OFFICE),
        _a("start_handling", {S.ASSIGNED}, S.IN_HANDLING, OFFICE | {R.UNIT_LIAISON}, True),
        _a(
            "record_reply",
            {S.ASSIGNED, S.IN_HANDLING},
            S.REPLIED,
            {R.UNIT_LIAISON, R.CLERK, R.TRAINER, R.ADMIN},
            True,
        ),
        _a("record_delivery", {S.REPLIED}, S.DELIVERED, {R.CLERK, R.TRAINER, R.ADMIN}),
        _a("record_rating", {S.DELIVERED}, S.RATED, {R.CLERK, R.TRAINER, R.ADMIN}),
        _a("close", {S.RATED}, S.CLOSED, OFFICE),
        _a("withdraw", OPEN_STATES, S.WITHDRAWN, OFFICE),
        _a("issue_notice", OPEN_STATES, None, SUPERVISORS),
        _a(
            "answer_notice",
            OPEN_STATES,
            None,
            {R.UNIT_LIAISON, R.SUPERVISOR, R.ADMIN},
            True,
        ),
        _a(
            "approve_extension",
            {S.ACCEPTED, S.ASSIGNED, S.IN_HANDLING},
            None,
            {R.SUPERVISOR, R.ADMIN},
        ),
        # the unit in charge says it is not its matter (退回): accepted again, without a unit
        _a(
            "return_to_office",
            {S.ASSIGNED, S.IN_HANDLING},
            S.ACCEPTED,
            OFFICE | {R.UNIT_LIAISON},
            True,
        ),
        # the office hands an assigned matter to another unit (转办)
        _a("transfer", {S.ASSIGNED, S.IN_HANDLING}, S.ASSIGNED, OFFICE),
        # a leader takes charge of a major matter until it is concluded (领导包案, seed 001)
        _a(
            "package",
            {S.ACCEPTED, S.ASSIGNED, S.IN_HANDLING},
            None,
            {R.SUPERVISOR, R.ADMIN},
        ),
    )
}


def transitions() -> dict[MatterState, frozenset[MatterState]]:
    """state → the states an action may move it to (the workflow's state machine)."""
    edges: dict[MatterState, set[MatterState]] = {state: set() for state in MatterState}
    for action in MATTER_ACTIONS.values():
        if action.to_state is not None:
            for state in action.from_states:
                edges[state].add(action.to_state)
    return {state: frozenset(targets) for state, targets in edges.items()}


# --- the acting user --------------------------------------------------------------------


def system_user(name: str = "system") -> UserView:
    """The acting user of the command line and the demo generator: whoever holds the server's
    shell already holds its database, so it acts as an administrator, under its own name."""
    return UserView(name, name, Role.ADMIN, None, None)


def actor_name(actor: UserView | str) -> str:
    """The name written into history (tolerates a bare name from old callers)."""
    return actor if isinstance(actor, str) else actor.username


def _role(actor: UserView | Role | str | None) -> Role | None:
    if actor is None:
        return None
    if isinstance(actor, UserView):
        return actor.role
    try:
        return Role(actor)
    except ValueError:
        return None


def may(actor: UserView | Role | str | None, action: str) -> bool:
    """May this user (or role) do this non-matter action?"""
    role = _role(actor)
    return role is not None and role in ACTION_ROLES.get(action, frozenset())


def require(actor: UserView, action: str) -> None:
    """Refuse (nothing written) unless the acting user may do `action`."""
    if not isinstance(actor, UserView) or not may(actor, action):
        raise UserError("error.not_allowed")


# --- visibility -------------------------------------------------------------------------


def _field(matter, name: str):
    """A matter's field, from a row object or from a record's dict (pages hold dicts)."""
    return matter[name] if isinstance(matter, Mapping) else getattr(matter, name)


def _accuses(matter, unit_id: int | None) -> bool:
    return unit_id is not None and _field(matter, "accused_unit_id") == unit_id


def may_see(actor: UserView, matter) -> bool:
    """May this user read this matter at all? (A liaison: its unit's, never one accusing it.)"""
    if actor.role is not Role.UNIT_LIAISON:
        return True
    return (
        actor.unit_id is not None
        and _field(matter, "unit_id") == actor.unit_id
        and not _accuses(matter, actor.unit_id)
    )


def matter_scope(actor: UserView | None, matter_table=None) -> ColumnElement[bool]:
    """The SQL condition every read of matters adds for this user (`true()` for the office)."""
    from db.models import Matter

    table = matter_table if matter_table is not None else Matter
    if actor is None or actor.role is not Role.UNIT_LIAISON:
        return true()
    if actor.unit_id is None:
        return false()
    return and_(
        table.unit_id == actor.unit_id,
        or_(table.accused_unit_id.is_(None), table.accused_unit_id != actor.unit_id),
    )


def scope_unit(actor: UserView | None, unit_id: int | None = None) -> int | None:
    """The unit a user's lists are limited to: a liaison's own, whatever was asked."""
    if actor is not None and actor.role is Role.UNIT_LIAISON:
        return actor.unit_id
    return unit_id


# --- actions on one matter --------------------------------------------------------------


def refusal(actor: UserView, action: str, matter) -> UserError | None:
    """Why `actor` may not do `action` on `matter` now (None: allowed)."""
    rule = MATTER_ACTIONS[action]
    if not isinstance(actor, UserView) or actor.role not in rule.roles:
        return UserError("error.not_allowed")
    if actor.role is Role.UNIT_LIAISON and not may_see(actor, matter):
        # one answer for "not yours" and "accuses you": nothing is learnt from the refusal
        return UserError("error.matter_forbidden")
    state = MatterState(_field(matter, "state"))
    if state not in rule.from_states:
        return _not_now(rule, state)
    return None


def _not_now(rule: MatterAction, state: MatterState) -> UserError:
    """The refusal of an action the matter's state does not allow (labels, never raw names)."""
    if rule.to_state is None:
        return UserError("error.action_not_now", field="state", current=state)
    return UserError("error.transition_not_allowed", field="state", current=state, to=rule.to_state)


def require_on_matter(actor: UserView, action: str, matter) -> None:
    """Refuse (nothing written) unless `actor` may do `action` on `matter` in its state."""
    refused = refusal(actor, action, matter)
    if refused is not None:
        raise refused


def allowed_actions(actor: UserView, matter) -> frozenset[str]:
    """The matter actions this user may take on this matter now: what a page offers."""
    return frozenset(name for name in MATTER_ACTIONS if refusal(actor, name, matter) is None)


def may_receive(matter, unit_id: int | None) -> bool:
    """May this unit be handed or notified about this matter? (Never the unit it accuses.)"""
    return not _accuses(matter, unit_id)


def require_not_accused(matter, unit_id: int | None, field: str = "unit_id") -> None:
    """An accusation is never handed to, or notified to, the unit it accuses."""
    if not may_receive(matter, unit_id):
        raise UserError("error.unit_is_accused", field=field)


def require_notice_answer(actor: UserView, notice, matter) -> None:
    """Who answers a supervision notice: the notified unit's liaison (the notice may go to a
    unit helping the one in charge), or the office; never about a matter accusing the unit."""
    refused = notice_refusal(actor, notice, matter)
    if refused is not None:
        raise refused


def notice_refusal(actor: UserView, notice, matter) -> UserError | None:
    """Why `actor` may not answer this notice on this matter now (None: allowed). The notice
    and the matter may be row objects or a list's records."""
    rule = MATTER_ACTIONS["answer_notice"]
    if not isinstance(actor, UserView) or actor.role not in rule.roles:
        return UserError("error.not_allowed")
    if actor.role is Role.UNIT_LIAISON and (
        actor.unit_id is None
        or _field(notice, "unit_id") != actor.unit_id
        or _accuses(matter, actor.unit_id)
    ):
        return UserError("error.matter_forbidden")
    state = MatterState(_field(matter, "state"))
    if state not in rule.from_states:
        return _not_now(rule, state)
    return None


def may_answer_notice(actor: UserView, notice, matter) -> bool:
    """Offer the answer form for this notice? Exactly when `require_notice_answer` passes."""
    return notice_refusal(actor, notice, matter) is None
