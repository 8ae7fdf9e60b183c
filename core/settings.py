"""Office settings kept in the database, with typed defaults in one place.

Every office-specific number (simulated today, warning thresholds, walking radius) is read
through here, so one row changes the behaviour of every page and the CLI alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import UserError
from core.history import SETTING, record_change
from core.timeutil import now_utc
from db.models import Setting

if TYPE_CHECKING:  # core.users reads its lockout settings from here
    from core.users import UserView


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    kind: type


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        # Demo district: the date the whole console treats as today (ISO), empty = real today.
        SettingSpec("demo.simulated_today", "", str),
        # Deadline warnings (BRIEF §7): share of the clock used, or working days left.
        SettingSpec("deadline.yellow_share", 0.5, float),
        SettingSpec("deadline.yellow_days_left", 3, int),
        SettingSpec("deadline.red_share", 0.8, float),
        SettingSpec("deadline.red_days_left", 1, int),
        # Coverage (BRIEF §8): minutes × metres per minute ÷ detour factor.
        SettingSpec("coverage.minutes", 15, int),
        SettingSpec("coverage.walk_m_per_min", 80.0, float),
        SettingSpec("coverage.detour", 1.2, float),
        # Sign-in lockout.
        SettingSpec("auth.max_failed_attempts", 5, int),
        SettingSpec("auth.lockout_minutes", 15, int),
    )
}


def get(session: Session, key: str) -> Any:
    spec = SPECS[key]
    row = session.get(Setting, key)
    if row is None:
        return spec.default
    return spec.kind(json.loads(row.value))


def get_all(session: Session) -> dict[str, Any]:
    stored = {r.key: r.value for r in session.scalars(select(Setting))}
    return {
        key: spec.kind(json.loads(stored[key])) if key in stored else spec.default
        for key, spec in SPECS.items()
    }


def put(
    session: Session, key: str, value: Any, actor: UserView | str, *, reason: str | None = None
) -> None:
    """Store a setting; a changed value is logged (old and new, who, when) in the change log."""
    spec = SPECS[key]
    new = spec.kind(value)
    encoded = json.dumps(new, ensure_ascii=False)
    from core.policy import actor_name  # core.policy → core.users → here

    name = actor_name(actor)
    row = session.get(Setting, key)
    record_change(session, SETTING, key, "value", get(session, key), new, actor, reason)
    if row is None:
        session.add(Setting(key=key, value=encoded, updated_at=now_utc(), updated_by=name))
    else:
        row.value, row.updated_at, row.updated_by = encoded, now_utc(), name


def parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


#: Who may change which settings (by key prefix); any other setting: administrators.
SETTING_ACTIONS = {"coverage.": "coverage.recruit", "demo.": "demo.move_today"}


def change(
    session: Session, key: str, value: Any, actor: UserView, *, reason: str | None = None
) -> None:
    """The use case behind every settings form: refused (nothing written) unless the policy
    lets `actor` change this setting; then stored and logged like `put`."""
    from core.policy import require

    if key not in SPECS:
        raise UserError("error.unknown_setting", field="key", key=key)
    action = next((a for p, a in SETTING_ACTIONS.items() if key.startswith(p)), "settings.edit")
    require(actor, action)
    put(session, key, value, actor, reason=reason)
