"""Shared state of one seeding run: the seeded randomness, the dates and the rows to insert.

Every phase draws from its own `random.Random` derived from the seed and the phase name,
so changing how one phase draws never shifts the data of another. Nothing here touches
global random state (Faker included), so two runs with the same seed and the same
`today` produce identical rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from core.timeutil import OFFICE_TZ

OFFICE_OPENS = dt.time(8, 30)
OFFICE_CLOSES = dt.time(17, 30)


@dataclass
class SeedContext:
    seed: int
    today: dt.date
    rows: dict[type, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    #: Facts later phases need (towns by code, agents per village ...), keyed by name.
    facts: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._faker: dict[str, Faker] = {}

    # --- randomness ---------------------------------------------------------------------

    def rng(self, phase: str) -> random.Random:
        """A generator of its own for one phase (string seeds hash stably across runs)."""
        return random.Random(f"{self.seed}:{phase}")

    def faker(self, phase: str) -> Faker:
        if phase not in self._faker:
            fake = Faker("zh_CN")
            fake.seed_instance(f"{self.seed}:{phase}")
            self._faker[phase] = fake
        return self._faker[phase]

    # --- time ---------------------------------------------------------------------------

    @property
    def cutoff(self) -> dt.datetime:
        """Midnight starting `today` in office time (UTC): every seeded event is before it."""
        return local_dt(self.today, dt.time(0, 0))

    @property
    def window_start(self) -> dt.date:
        """The first day of the 12 months of items before `today`."""
        return self.today - dt.timedelta(days=365)

    def add(self, model: type, row: dict[str, Any]) -> dict[str, Any]:
        self.rows[model].append(row)
        return row


def local_dt(day: dt.date, at: dt.time) -> dt.datetime:
    """An office-time moment as an aware UTC datetime."""
    return dt.datetime.combine(day, at, OFFICE_TZ).astimezone(dt.UTC)


def to_local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(OFFICE_TZ)


def is_workday(day: dt.date) -> bool:
    """Monday to Friday. The demo ignores public holidays on purpose: the seeded history
    must not depend on which years the installed official calendar covers."""
    return day.weekday() < 5


def next_office_moment(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    """The moment itself if the office is open then, else a time early on the next workday."""
    local = to_local(moment)
    day, t = local.date(), local.time()
    if is_workday(day) and OFFICE_OPENS <= t < OFFICE_CLOSES:
        return moment
    if is_workday(day) and t < OFFICE_OPENS:
        start = day
    else:
        start = day + dt.timedelta(days=1)
    while not is_workday(start):
        start += dt.timedelta(days=1)
    minutes = rng.randint(0, 150)
    return local_dt(start, OFFICE_OPENS) + dt.timedelta(minutes=minutes)


def add_workdays(moment: dt.datetime, days: float, rng: random.Random) -> dt.datetime:
    """`days` working days later (fractions become office minutes), during office hours."""
    whole = int(days)
    local = to_local(moment)
    day = local.date()
    while whole > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            whole -= 1
    minutes = int((days - int(days)) * 540) + rng.randint(5, 90)
    base = dt.datetime.combine(day, local.time(), OFFICE_TZ).astimezone(dt.UTC)
    return next_office_moment(base + dt.timedelta(minutes=minutes), rng)
