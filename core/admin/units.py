"""Handling units as administrators keep them: add, rename, deactivate and reactivate.

A unit is never deleted (matters, notices and history name it). A unit with open matters
cannot be deactivated until they are transferred to another unit: the refusal says how
many. Every change is in the change log (entity ``unit``, key the unit's code).
"""

from __future__ import annotations

import difflib
import re

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from core.errors import UserError, ValidationErrors
from core.history import change_history, record_change, record_changes
from core.policy import require
from core.users import UserView
from core.validation import check_text, is_blank
from core.vocab import OPEN_STATES, Role, UnitLevel
from db.models import Matter, Town, Unit, User, Village

UNIT = "unit"
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9-]{1,23}$")
NAME_LIMIT = 64
#: Levels that belong to a town (a town government, a village or community committee).
TOWN_LEVELS = frozenset({UnitLevel.TOWN_GOVERNMENT, UnitLevel.VILLAGE_COMMITTEE})

UNIT_COLUMNS = [
    "unit_id",
    "code",
    "name",
    "level",
    "town_id",
    "town",
    "is_active",
    "liaisons",
    "open_matters",
]


def open_matters(session: Session, unit_id: int) -> int:
    """How many matters the unit is in charge of and not yet finished."""
    return session.scalar(
        select(func.count())
        .select_from(Matter)
        .where(Matter.unit_id == unit_id, Matter.state.in_(OPEN_STATES))
    )


def units_table(session: Session, actor: UserView) -> pd.DataFrame:
    """Every unit: code, name, level, town, active, how many liaisons and open matters."""
    require(actor, "units.manage")
    town = aliased(Town)
    liaisons = (
        select(User.unit_id, func.count().label("n"))
        .where(User.role == Role.UNIT_LIAISON, User.is_active)
        .group_by(User.unit_id)
        .subquery()
    )
    opened = (
        select(Matter.unit_id, func.count().label("n"))
        .where(Matter.state.in_(OPEN_STATES))
        .group_by(Matter.unit_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.level,
            Unit.town_id,
            town.name,
            Unit.is_active,
            func.coalesce(liaisons.c.n, 0),
            func.coalesce(opened.c.n, 0),
        )
        .outerjoin(town, town.id == Unit.town_id)
        .outerjoin(liaisons, liaisons.c.unit_id == Unit.id)
        .outerjoin(opened, opened.c.unit_id == Unit.id)
        .order_by(Unit.id)
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=UNIT_COLUMNS)


def unit_liaisons(session: Session, actor: UserView, unit_id: int) -> pd.DataFrame:
    """The unit's liaison accounts (active or not)."""
    require(actor, "units.manage")
    rows = session.execute(
        select(User.username, User.display_name, User.is_active, User.last_sign_in_at)
        .where(User.unit_id == unit_id, User.role == Role.UNIT_LIAISON)
        .order_by(User.username)
    ).all()
    return pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["username", "display_name", "is_active", "last_sign_in_at"],
    )


def unit_history(session: Session, actor: UserView, code: str | None = None) -> pd.DataFrame:
    require(actor, "units.manage")
    return change_history(session, UNIT, code)


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError("error.unit_unknown", field="unit_id")
    return unit


def _check_name(session: Session, name: str, unit_id: int | None = None) -> str:
    name = (name or "").strip()
    if is_blank(name):
        raise UserError("error.required", field="name")
    key = check_text(name, NAME_LIMIT)
    if key:
        raise UserError(key, field="name", limit=NAME_LIMIT)
    clash = session.scalar(select(Unit.id).where(Unit.name == name))
    if clash is not None and clash != unit_id:
        raise UserError("error.unit_name_taken", field="name", name=name)
    return name


def add_unit(
    session: Session,
    actor: UserView,
    code: str,
    name: str,
    level: UnitLevel | str,
    *,
    town_id: int | None = None,
    village_id: int | None = None,
) -> Unit:
    """A new handling unit. A town government or a village committee names its town."""
    require(actor, "units.manage")
    errors: list[UserError] = []
    code = (code or "").strip().upper()
    if not CODE_PATTERN.match(code):
        errors.append(UserError("error.unit_code_format", field="code"))
    elif session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        errors.append(UserError("error.unit_code_taken", field="code", code=code))
    try:
        name = _check_name(session, name)
    except UserError as err:
        errors.append(err)
    level = UnitLevel(level)
    if level in TOWN_LEVELS and town_id is None:
        errors.append(UserError("error.unit_needs_town", field="town_id"))
    if town_id is not None and session.get(Town, town_id) is None:
        errors.append(UserError("error.town_unknown", field="town_id"))
    if village_id is not None:
        village = session.get(Village, village_id)
        if village is None or (town_id is not None and village.town_id != town_id):
            errors.append(UserError("error.village_unknown", field="village_id"))
    if errors:
        raise ValidationErrors(errors)
    unit = Unit(
        code=code,
        name=name,
        level=level,
        town_id=town_id,
        village_id=village_id if level is UnitLevel.VILLAGE_COMMITTEE else None,
        is_active=True,
    )
    session.add(unit)
    session.flush()
    record_changes(
        session,
        UNIT,
        code,
        {},
        {"name": name, "level": level, "town_id": town_id, "is_active": True},
        actor,
    )
    return unit


def rename_unit(session: Session, actor: UserView, unit_id: int, name: str) -> None:
    require(actor, "units.manage")
    unit = _unit(session, unit_id)
    name = _check_name(session, name, unit_id)
    record_change(session, UNIT, unit.code, "name", unit.name, name, actor)
    unit.name = name


def set_unit_active(session: Session, actor: UserView, unit_id: int, active: bool) -> None:
    """Deactivate (refused while the unit has open matters: they must be transferred first)
    or reactivate a unit."""
    require(actor, "units.manage")
    unit = _unit(session, unit_id)
    if not active:
        count = open_matters(session, unit_id)
        if count:
            raise UserError("error.unit_has_open_matters", field="unit_id", count=count)
    record_change(session, UNIT, unit.code, "is_active", bool(unit.is_active), active, actor)
    unit.is_active = active


def closest_units(session: Session, text: str, n: int = 5) -> list[tuple[str, str]]:
    """(code, name) of the units whose code or name is closest to `text` (for a typo)."""
    units = session.execute(select(Unit.code, Unit.name).order_by(Unit.id)).all()
    wanted = (text or "").strip()
    scored = []
    for code, name in units:
        score = max(
            difflib.SequenceMatcher(None, wanted.upper(), code.upper()).ratio(),
            difflib.SequenceMatcher(None, wanted, name).ratio(),
            1.0 if wanted and (wanted in name or wanted.upper() in code.upper()) else 0.0,
        )
        scored.append((score, code, name))
    scored.sort(key=lambda s: -s[0])
    return [(code, name) for score, code, name in scored[:n] if score >= 0.3]
