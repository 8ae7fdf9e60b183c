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
from core.validation import checked_number, checked_text
from db.models import Setting

if TYPE_CHECKING:  # core.users reads its lockout settings from here
    from core.users import UserView


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    kind: type
    #: The accepted range of a number (inclusive); a date setting: years, as `DATE_YEARS`.
    low: float | None = None
    high: float | None = None


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        # Demo district: the date the whole console treats as today (ISO), empty = real today.
        SettingSpec("demo.simulated_today", "", str),
        # Demo district only (db.demo.advance): the founding stories' case numbers and query
        # codes, the seeding day and how far the district has lived (JSON); never in production.
        SettingSpec("demo.facts", "", str),
        # Deadline warnings (BRIEF §7): share of the clock used, or working days left.
        SettingSpec("deadline.yellow_share", 0.5, float, 0.0, 1.0),
        SettingSpec("deadline.yellow_days_left", 3, int, 0, 365),
        SettingSpec("deadline.red_share", 0.8, float, 0.0, 1.0),
        SettingSpec("deadline.red_days_left", 1, int, 0, 365),
        # Coverage (BRIEF §8): minutes × metres per minute ÷ detour factor.
        SettingSpec("coverage.minutes", 15, int, 1, 240),
        SettingSpec("coverage.walk_m_per_min", 80.0, float, 10.0, 300.0),
        SettingSpec("coverage.detour", 1.2, float, 1.0, 5.0),
        # Sign-in lockout.
        SettingSpec("auth.max_failed_attempts", 5, int, 1, 100),
        SettingSpec("auth.lockout_minutes", 15, int, 1, 7 * 24 * 60),
        # A signed-in session without activity for this long ends (core.sessions).
        SettingSpec("session.idle_minutes", 30, int, 1, 24 * 60),
    )
}


#: A change's reason, as typed; a text setting's value.
REASON_LIMIT = TEXT_VALUE_LIMIT = 1_000
#: Text settings that hold an ISO date (empty = none).
DATE_SETTINGS = frozenset({"demo.simulated_today"})
#: The days a date setting (the demo's simulated today) may name, as the command line's.
EARLIEST_DATE, LATEST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def checked_value(spec: SettingSpec, value: Any) -> Any:
    """`value` as the setting stores it, or a `UserError` on ``value``: a number outside the
    spec's range (or not a number), a date setting that is not an ISO date in range."""
    if spec.kind is str and spec.key not in DATE_SETTINGS:
        return checked_text(value, "value", TEXT_VALUE_LIMIT) or ""
    if spec.kind is str:
        text = "" if value is None else str(value).strip()
        try:
            day = parse_date(text)
        except ValueError:
            day = EARLIEST_DATE - dt.timedelta(days=1)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise UserError(
                "error.date_setting", field="value", value=text, low=EARLIEST_DATE, high=LATEST_DATE
            )
        return text
    number = checked_number(value, "value", spec.low, spec.high, integer=spec.kind is int)
    return spec.kind(number)


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
    """Store a setting; a changed value is logged (old and new, who, when) in the change log.

    Refused (`UserError`, nothing written): a value outside the setting's range, a reason
    with control characters or over `REASON_LIMIT`."""
    spec = SPECS[key]
    new = checked_value(spec, value)
    reason = checked_text(reason, "reason", REASON_LIMIT, multiline=True)
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
