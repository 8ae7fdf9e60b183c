"""When each step of a matter happened: the office's model of how long each step takes.

A matter's fate is drawn first (`draw_target`: closed, not accepted or withdrawn), then its
step times forward from receipt with the delays of a working office (`step_time`: most
replies well inside the legal and internal limits, a few late by a few days), and the
matter is cut at today: its state is the last step before today (`truncate`). So recent
matters are open, old ones closed, and overdue matters are the few late ones. Moving the
demo's today on (`db.demo.advance`) draws the next steps from the same `step_time`.
Reviews that must be finished by today still squeeze their steps before it. Office steps
land in office hours.
"""

from __future__ import annotations

import datetime as dt
import random

from core.vocab import MatterState as S
from core.vocab import Urgency
from db.demo.context import add_workdays, local_dt, next_office_moment, to_local

#: The accepted path, in order; `NOT_ACCEPTED` and `WITHDRAWN` branch off it.
PATH = (
    S.REGISTERED,
    S.TRIAGED,
    S.ACCEPTED,
    S.ASSIGNED,
    S.IN_HANDLING,
    S.REPLIED,
    S.DELIVERED,
    S.RATED,
    S.CLOSED,
)

#: State weights by age of the item in days (upper bound of the band).
BY_AGE: list[tuple[int, dict[S, float]]] = [
    (
        2,
        {
            S.REGISTERED: 30,
            S.TRIAGED: 22,
            S.ACCEPTED: 16,
            S.ASSIGNED: 18,
            S.IN_HANDLING: 6,
            S.NOT_ACCEPTED: 6,
            S.WITHDRAWN: 0.5,
        },
    ),
    (
        7,
        {
            S.REGISTERED: 3,
            S.TRIAGED: 7,
            S.ACCEPTED: 8,
            S.ASSIGNED: 18,
            S.IN_HANDLING: 38,
            S.REPLIED: 9,
            S.DELIVERED: 4,
            S.NOT_ACCEPTED: 9,
            S.WITHDRAWN: 1,
        },
    ),
    (
        30,
        {
            S.TRIAGED: 1,
            S.ACCEPTED: 1,
            S.ASSIGNED: 4,
            S.IN_HANDLING: 28,
            S.REPLIED: 12,
            S.DELIVERED: 12,
            S.RATED: 12,
            S.CLOSED: 18,
            S.NOT_ACCEPTED: 9,
            S.WITHDRAWN: 2,
        },
    ),
    (
        90,
        {
            S.ASSIGNED: 1,
            S.IN_HANDLING: 7,
            S.REPLIED: 3,
            S.DELIVERED: 5,
            S.RATED: 10,
            S.CLOSED: 62,
            S.NOT_ACCEPTED: 9,
            S.WITHDRAWN: 3,
        },
    ),
    (
        10_000,
        {
            S.IN_HANDLING: 2,
            S.REPLIED: 1,
            S.DELIVERED: 2,
            S.RATED: 4,
            S.CLOSED: 78,
            S.NOT_ACCEPTED: 9,
            S.WITHDRAWN: 3,
        },
    ),
]

#: Reply limits in days by urgency (seed 002).
REPLY_DAYS = {
    Urgency.URGENT: 1,
    Urgency.CONSULTATION: 5,
    Urgency.GENERAL: 15,
    Urgency.INVESTIGATION: 30,
}


#: Where a matter ends (its state once every step happened); law-related matters are
#: turned away more often by the planner.
TARGETS = {S.CLOSED: 87.0, S.NOT_ACCEPTED: 9.0, S.WITHDRAWN: 3.0}
#: Share of matters whose unit replies after the limit, and how late: mostly a few days.
LATE_SHARE = 0.05
#: A working office also keeps the internal limits (seed 000): the unit's feedback within
#: 10 working days of assignment, so a reply comes within about this many calendar days.
INTERNAL_REPLY_DAYS = 13


def draw_target(rng: random.Random) -> S:
    return rng.choices(list(TARGETS), list(TARGETS.values()))[0]


def late_reply_days(rng: random.Random, limit: int) -> float:
    """Days from acceptance to a late reply: the limit and a few days, now and then more."""
    days = limit + rng.uniform(0.5, 3.0)
    if rng.random() < 0.2:
        days += rng.uniform(3, 12)
    return days


def truncate(times: dict[S, dt.datetime], cutoff: dt.datetime) -> dict[S, dt.datetime]:
    """The steps that happened before `cutoff` (half an hour of margin, as drawn times)."""
    edge = cutoff - dt.timedelta(minutes=30)
    return {s: t for s, t in times.items() if t < edge}


def draw_state(rng: random.Random, age_days: float) -> S:
    for bound, weights in BY_AGE:
        if age_days <= bound:
            return rng.choices(list(weights), list(weights.values()))[0]
    raise AssertionError


def steps_for(state: S, withdraw_after: S | None = None) -> list[S]:
    """The steps a matter in `state` went through, in order."""
    if state is S.NOT_ACCEPTED:
        return [S.REGISTERED, S.TRIAGED, S.NOT_ACCEPTED]
    if state is S.WITHDRAWN:
        last = PATH.index(withdraw_after or S.REGISTERED)
        return list(PATH[: last + 1]) + [S.WITHDRAWN]
    return list(PATH[: PATH.index(state) + 1])


def draw_times(
    rng: random.Random,
    steps: list[S],
    received: dt.datetime,
    cutoff: dt.datetime,
    *,
    priority: bool,
    urgency: Urgency,
    late: bool,
    extended: bool,
    online: bool,
) -> dict[S, dt.datetime]:
    """Times of `steps` after `received`, in order and all before `cutoff`."""
    for squeeze in (1.0, 0.5, 0.25, 0.1, 0.03, 0.01):
        times = _attempt(
            rng, steps, received, cutoff, squeeze, priority, urgency, late, extended, online
        )
        if times is not None:
            return times
    span = (cutoff - received) / (len(steps) + 1)  # last resort: evenly spaced
    return {s: received + span * (i + 1) for i, s in enumerate(steps)}


def _daytime(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    """Field work (delivering a reply, rating it) happens by day: move night hours to morning."""
    local = to_local(moment)
    if 8 <= local.hour < 21:
        return moment
    day = local.date() + dt.timedelta(days=1 if local.hour >= 21 else 0)
    return local_dt(day, dt.time(rng.randint(8, 11), rng.randint(0, 59)))


def _attempt(rng, steps, received, cutoff, f, priority, urgency, late, extended, online):
    times: dict[S, dt.datetime] = {}
    prev = received
    accepted = None
    for step in steps:
        t = step_time(
            rng,
            step,
            prev,
            received=received,
            accepted=accepted,
            squeeze=f,
            priority=priority,
            urgency=urgency,
            late=late,
            extended=extended,
            online=online,
        )
        if t >= cutoff - dt.timedelta(minutes=30):
            return None
        times[step] = t
        if step is S.ACCEPTED:
            accepted = t
        prev = t
    return times


def step_time(
    rng: random.Random,
    step: S,
    prev: dt.datetime,
    *,
    received: dt.datetime,
    accepted: dt.datetime | None,
    squeeze: float = 1.0,
    priority: bool,
    urgency: Urgency,
    late: bool,
    extended: bool = False,
    online: bool = False,
) -> dt.datetime:
    """When `step` happens, the step before it having happened at `prev`."""
    f = squeeze
    if step is S.REGISTERED:
        raw = received + dt.timedelta(minutes=rng.randint(5, 90) * f)
        t = next_office_moment(raw, rng) if online else raw
    elif step in (S.TRIAGED, S.NOT_ACCEPTED, S.ACCEPTED, S.ASSIGNED, S.IN_HANDLING):
        low, most = {
            S.TRIAGED: (0.05, 0.8 if priority else 1.5),
            S.NOT_ACCEPTED: (0.02, 1.0),
            S.ACCEPTED: (0.02, 0.3),
            S.ASSIGNED: (0.02, 0.3 if priority else 0.5),
            S.IN_HANDLING: (0.05, 1.0),
        }[step]
        t = add_workdays(prev, rng.uniform(low, most) * f, rng)
    elif step is S.REPLIED:
        limit = REPLY_DAYS[urgency]
        if extended:
            days = rng.uniform(62, 88)
        elif late:
            days = late_reply_days(rng, limit)
        else:
            days = rng.uniform(0.2, 0.9) * min(limit, INTERNAL_REPLY_DAYS)
        t = max((accepted or prev) + dt.timedelta(days=days * f), prev + dt.timedelta(hours=2 * f))
        t = next_office_moment(t, rng) if f == 1.0 else t
    elif step is S.DELIVERED:
        t = prev + dt.timedelta(hours=rng.uniform(3, 40 if priority else 60) * f)
    elif step is S.RATED:
        t = prev + dt.timedelta(hours=rng.uniform(1, 160) * f)
    elif step is S.CLOSED:
        t = (
            add_workdays(prev, rng.uniform(1, 8) * f, rng)
            if f == 1.0
            else prev + dt.timedelta(hours=rng.uniform(2, 100) * f)
        )
    elif step is S.WITHDRAWN:
        t = prev + dt.timedelta(hours=rng.uniform(4, 300) * f)
    else:  # pragma: no cover
        raise AssertionError(step)
    if step in (S.DELIVERED, S.RATED, S.WITHDRAWN):
        t = _daytime(t, rng)
    if t <= prev:
        t = prev + dt.timedelta(minutes=rng.randint(3, 40))
    return t
