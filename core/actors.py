"""Who did it, as people read it: users' display names for the usernames in history.

History keeps the username (it never changes); timelines show the person's name. Actors
that are not sign-in accounts — the command line, the seeding, the demo district's
simulated office (`db.demo.advance`) — have fixed names of their own here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User

#: The demo district's simulated office: system users, never sign-in accounts.
OFFICE_CLERK, OFFICE_SUPERVISOR, OFFICE_LIAISON = (
    "office.clerk",
    "office.supervisor",
    "office.liaison",
)

SYSTEM_NAMES = {
    "system": "系统（网上受理）",
    "cli": "命令行",
    "seed-demo": "演示区县生成",
    OFFICE_CLERK: "区信访办（模拟）",
    OFFICE_SUPERVISOR: "区信访办督查（模拟）",
    OFFICE_LIAISON: "承办单位（模拟）",
}


def display_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """username → the name to show: the user's display name, a system actor's fixed name,
    else the username itself."""
    wanted = {u for u in usernames if isinstance(u, str)}
    names = {u: SYSTEM_NAMES.get(u, u) for u in wanted}
    if wanted:
        rows = session.execute(
            select(User.username, User.display_name).where(User.username.in_(wanted))
        )
        names.update({username: display or username for username, display in rows})
    return names


def with_display_names(session: Session, frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """`frame` with its who-columns (those of `columns` it has) as people's names."""
    present = [c for c in columns if c in frame.columns]
    if frame.empty or not present:
        return frame
    names = display_names(session, {u for c in present for u in frame[c].dropna()})
    return frame.assign(**{c: frame[c].map(lambda u: names.get(u, u)) for c in present})
