"""The one place that says what day it is.

Every deadline colour, digest and bulletin is computed against a `today` argument that
callers take from `today(session)`, so the demo district's simulated today moves every
colour in the console at once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from core import settings
from core.errors import UserError
from core.policy import actor_name, require
from core.timeutil import OFFICE_TZ, local_date, now_utc
from core.users import UserView

SIMULATED_TODAY = "demo.simulated_today"


def today(session: Session) -> dt.date:
    """The simulated today if the demo set one, else the office's (Asia/Shanghai) date."""
    return settings.parse_date(settings.get(session, SIMULATED_TODAY)) or local_date(now_utc())


def checked_today(session: Session, claimed: dt.date | None) -> dt.date:
    """The office's today, for a use case whose caller says what day it is (the day its page
    was drawn). Another day is refused, nothing written: a page left open over midnight, a
    demo moved on in another tab, or a direct call with a made-up date. None: today."""
    actual = today(session)
    if claimed is not None and claimed != actual:
        raise UserError("error.not_today", field="today", claimed=claimed, today=actual)
    return actual


def set_simulated_today(
    session: Session,
    day: dt.date | None,
    actor: UserView,
    *,
    demo_mode: bool,
    reason: str | None = None,
) -> None:
    """Move the demo's today (None = follow the real date again). Refused in production and
    to anyone but trainers and administrators."""
    if not demo_mode:
        raise UserError("error.not_demo_mode")
    require(actor, "demo.move_today")
    value = day.isoformat() if day else ""
    settings.put(session, SIMULATED_TODAY, value, actor_name(actor), reason=reason)


def moment_on(day: dt.date) -> dt.datetime:
    """A timestamp for something happening 'today': now if `day` is the real date, else the
    real time of day on the simulated day, so events recorded in the demo land on its today
    at the hour they were recorded (office time)."""
    now = now_utc()
    if local_date(now) == day:
        return now
    return dt.datetime.combine(day, time_of_day(now), OFFICE_TZ).astimezone(dt.UTC)


def time_of_day(now: dt.datetime) -> dt.time:
    """The office-time clock reading of `now` (tests pin it: see tests/conftest.py)."""
    return now.astimezone(OFFICE_TZ).time()
