"""When each step of a matter happened, given the state it must have reached by today.

The state is drawn first (old items are mostly closed, recent ones open), then the step
times are drawn forward from receipt with plausible delays and squeezed, if need be, so
that the last step still falls before today. Office steps land in office hours.
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
        if step is S.REGISTERED:
            raw = received + dt.timedelta(minutes=rng.randint(5, 90) * f)
            t = next_office_moment(raw, rng) if online else raw
        elif step in (S.TRIAGED, S.NOT_ACCEPTED, S.ACCEPTED, S.ASSIGNED, S.IN_HANDLING):
            most = {
                S.TRIAGED: 1.0 if priority else 3.0,
                S.NOT_ACCEPTED: 2.0,
                S.ACCEPTED: 1.0 if priority else 2.0,
                S.ASSIGNED: 1.0 if priority else 2.0,
                S.IN_HANDLING: 2.0,
            }[step]
            t = add_workdays(prev, rng.uniform(0.05, most) * f, rng)
        elif step is S.REPLIED:
            limit = REPLY_DAYS[urgency]
            if extended:
                days = rng.uniform(62, 88)
            elif late:
                days = limit * rng.uniform(1.15, 2.5) + 1
            else:
                days = rng.uniform(0.3, 1.0) * limit
            t = max(
                (accepted or prev) + dt.timedelta(days=days * f), prev + dt.timedelta(hours=2 * f)
            )
            t = next_office_moment(t, rng) if f == 1.0 else t
        elif step is S.DELIVERED:
            t = prev + dt.timedelta(hours=rng.uniform(12, 100 if priority else 200) * f)
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
        if t >= cutoff - dt.timedelta(minutes=30):
            return None
        times[step] = t
        if step is S.ACCEPTED:
            accepted = t
        prev = t
    return times
